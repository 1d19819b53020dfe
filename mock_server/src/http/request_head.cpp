// Request-head parsing: strict where ambiguity would let two readers disagree (framing, header
// syntax), lenient where RFC 9112 allows it (bare LF line ends, leading empty lines).
#include "request_head.hpp"

#include <algorithm>
#include <charconv>

namespace mockgate::server {
namespace {

/// RFC 9110 tchar: what a method or a header name may hold.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Splits off the next line of `rest` (without its LF or CRLF).
std::string_view next_line(std::string_view& rest) {
  const auto lf = rest.find('\n');
  std::string_view line = rest.substr(0, lf);
  rest = lf == std::string_view::npos ? std::string_view{} : rest.substr(lf + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HeadError refuse(int status, std::string reason) { return HeadError{status, std::move(reason)}; }

/// "Connection: keep-alive, Upgrade" holds `token`?
bool lists_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (core::iequals(trim_ows(list.substr(0, comma)), token)) return true;
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return false;
}

/// The last coding of a Transfer-Encoding list ("gzip, chunked" → "chunked").
std::string_view last_coding(std::string_view list) {
  const auto comma = list.rfind(',');
  return trim_ows(comma == std::string_view::npos ? list : list.substr(comma + 1));
}

/// Parses the request line into `head`; returns the refusal, if any.
std::optional<HeadError> parse_request_line(std::string_view line, RequestHead& head,
                                            const HeadLimits& limits) {
  if (line.size() > limits.request_line) return refuse(414, "request line too long");
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return refuse(400, "the request line is not 'METHOD TARGET HTTP/1.x'");
  }
  const auto method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto version = line.substr(sp2 + 1);
  if (!is_token(method)) return refuse(400, "the method is not a token");
  if (version == "HTTP/1.1") {
    head.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    head.minor_version = 0;
  } else {
    return refuse(400, "unsupported HTTP version");
  }
  for (const char c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return refuse(400, "a control character in the target");
  }
  // Absolute form (what a proxy would be sent): the path and query are what the contract sees.
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (target.size() > scheme.size() && core::iequals(target.substr(0, scheme.size()), scheme)) {
      const auto slash = target.find('/', scheme.size());
      target = slash == std::string_view::npos ? std::string_view{"/"} : target.substr(slash);
      break;
    }
  }
  if (target.empty() || (target.front() != '/' && target != "*")) {
    return refuse(400, "the target is not a path");
  }
  head.method = std::string(method);
  head.target = std::string(target);
  return std::nullopt;
}

/// Reads Content-Length and Transfer-Encoding into the framing fields of `head`.
std::optional<HeadError> parse_framing(RequestHead& head) {
  bool has_transfer_encoding = false;
  for (const auto& h : head.headers) {
    if (core::iequals(h.name, "Content-Length")) {
      // "5, 5" is one length said twice (RFC 9112 §6.3); anything else that disagrees is refused.
      std::string_view list = h.value;
      while (true) {
        const auto comma = list.find(',');
        const auto item = trim_ows(list.substr(0, comma));
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
        if (item.empty() || ec != std::errc{} || end != item.data() + item.size()) {
          return refuse(ec == std::errc::result_out_of_range ? 413 : 400, "a bad Content-Length");
        }
        if (head.content_length && *head.content_length != n) return refuse(400, "Content-Lengths disagree");
        head.content_length = n;
        if (comma == std::string_view::npos) break;
        list = list.substr(comma + 1);
      }
    } else if (core::iequals(h.name, "Transfer-Encoding")) {
      has_transfer_encoding = true;
      // The last coding decides how the body ends; only chunked is one we can find the end of.
      if (!core::iequals(last_coding(h.value), "chunked")) return refuse(501, "unsupported Transfer-Encoding");
      head.chunked = true;
    }
  }
  if (has_transfer_encoding && head.content_length) {
    head.content_length.reset();
    head.keep_alive = false;  // a smuggling attempt or a broken proxy: trust nothing after it
  }
  return std::nullopt;
}

}  // namespace

std::string_view request_target_so_far(std::string_view bytes) {
  while (!bytes.empty() && (bytes.front() == '\r' || bytes.front() == '\n')) bytes.remove_prefix(1);
  bytes = bytes.substr(0, bytes.find_first_of("\r\n"));
  const auto sp1 = bytes.find(' ');
  if (sp1 == std::string_view::npos) return {};
  const auto rest = bytes.substr(sp1 + 1);
  return rest.substr(0, rest.find(' '));
}

std::size_t find_head_end(std::string_view bytes, std::size_t resume) {
  // Empty lines before the request line are not its end.
  std::size_t start = 0;
  while (start < bytes.size() && (bytes[start] == '\r' || bytes[start] == '\n')) ++start;
  // The end is LF [CR] LF: its first LF is at most two bytes before what was searched.
  start = std::max(start, resume > 2 ? resume - 2 : 0);
  for (auto lf = bytes.find('\n', start); lf != std::string_view::npos; lf = bytes.find('\n', lf + 1)) {
    // A line end followed by an empty line (LF or CRLF).
    if (lf + 1 < bytes.size() && bytes[lf + 1] == '\n') return lf + 2;
    if (lf + 2 < bytes.size() && bytes[lf + 1] == '\r' && bytes[lf + 2] == '\n') return lf + 3;
  }
  return std::string_view::npos;
}

HeadParse parse_request_head(std::string_view text, const HeadLimits& limits) {
  if (text.size() > limits.head) return refuse(431, "request head too large");
  RequestHead head;
  head.headers.reserve(16);  // a client's usual few, without growing the vector line by line
  std::string_view rest = text;
  std::string_view line;
  do {
    if (rest.empty()) return refuse(400, "no request line");
    line = next_line(rest);
  } while (line.empty());
  if (auto error = parse_request_line(line, head, limits)) return *error;

  for (line = next_line(rest); !line.empty(); line = next_line(rest)) {
    if (line.size() > limits.header_line) return refuse(431, "a header line too long");
    if (head.headers.size() == limits.header_count) return refuse(431, "too many headers");
    if (line.front() == ' ' || line.front() == '\t') return refuse(400, "a folded header line");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return refuse(400, "a header line is not 'name: value'");
    }
    const auto value = trim_ows(line.substr(colon + 1));
    for (const char c : value) {
      if (c == '\0' || c == '\r') return refuse(400, "a control character in a header value");
    }
    head.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }

  if (auto error = parse_framing(head)) return *error;
  bool close = false;
  bool keep_alive_asked = false;
  for (const auto& h : head.headers) {
    if (core::iequals(h.name, "Connection")) {
      close = close || lists_token(h.value, "close");
      keep_alive_asked = keep_alive_asked || lists_token(h.value, "keep-alive");
    } else if (core::iequals(h.name, "Expect")) {
      head.expects_continue = head.minor_version == 1 && core::iequals(h.value, "100-continue");
    }
  }
  const bool persistent = head.minor_version == 1 ? !close : keep_alive_asked && !close;
  head.keep_alive = head.keep_alive && persistent;
  return head;
}

}  // namespace mockgate::server
