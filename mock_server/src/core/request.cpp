// Request helpers: header lookup by case-insensitive name, target splitting, percent-decoding.
#include "mockgate/core/request.hpp"

namespace mockgate::core {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

QueryParams parse_query(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) {
      params.emplace_back(percent_decode(pair, true), std::string{});
    } else {
      params.emplace_back(percent_decode(pair.substr(0, eq), true),
                          percent_decode(pair.substr(eq + 1), true));
    }
  }
  return params;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

namespace {
constexpr std::pair<NetworkFault, std::string_view> kNetworkFaultNames[] = {
    {NetworkFault::Reset, "reset"},
    {NetworkFault::ResetAfterStatus, "reset_after_status"},
    {NetworkFault::TruncatedBody, "truncated_body"},
    {NetworkFault::DribbledBody, "dribble_body"},
    {NetworkFault::BadChunked, "bad_chunked"},
    {NetworkFault::StalledTls, "stall_tls"},
};
}  // namespace

std::string_view to_string(NetworkFault fault) {
  for (const auto& [f, name] : kNetworkFaultNames) {
    if (f == fault) return name;
  }
  return "none";
}

std::optional<NetworkFault> parse_network_fault(std::string_view name) {
  for (const auto& [f, n] : kNetworkFaultNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

std::vector<std::string> network_fault_names() {
  std::vector<std::string> names;
  for (const auto& [f, name] : kNetworkFaultNames) names.emplace_back(name);
  return names;
}

const Header* find_header(const Headers& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return &h;
  }
  return nullptr;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

Request Request::make(std::string method, std::string target, Headers headers, std::string body,
                      std::string peer_address, Transport transport) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  const auto q = r.target.find('?');
  const std::string_view target_view = r.target;
  r.path = percent_decode(target_view.substr(0, q), false);
  if (q != std::string::npos) r.query = parse_query(target_view.substr(q + 1));
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.peer_address = std::move(peer_address);
  r.transport = transport;
  return r;
}

}  // namespace mockgate::core
