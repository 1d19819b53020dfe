// Feeds raw bytes to the HTTP layer's own framing: find_head_end, parse_request_head and
// ChunkedBody. Beyond "no crash" it asserts that
// - finding the head end in pieces (resume) gives the same end as in one search;
// - a parsed head, written out again as HTTP/1.1 text, parses to the same head;
// - a refusal is one of the statuses the parser documents (400, 413, 414, 431, 501);
// - a chunked body decoded byte by byte ends like one decoded in a single feed, with the same
//   body and the same bytes left for the next request, never more than its limit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "http/chunked_body.hpp"
#include "http/request_head.hpp"

namespace {

using mockgate::fuzz::require;
namespace server = mockgate::server;

std::string serialise(const server::RequestHead& head) {
  std::string out =
      head.method + " " + head.target + " HTTP/1." + std::to_string(head.minor_version) + "\r\n";
  for (const auto& h : head.headers) out += h.name + ": " + h.value + "\r\n";
  return out + "\r\n";
}

bool same_head(const server::RequestHead& a, const server::RequestHead& b) {
  if (a.method != b.method || a.target != b.target || a.minor_version != b.minor_version ||
      a.content_length != b.content_length || a.chunked != b.chunked ||
      a.expects_continue != b.expects_continue || a.keep_alive != b.keep_alive ||
      a.headers.size() != b.headers.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.headers.size(); ++i) {
    if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value)
      return false;
  }
  return true;
}

void check_head_end(std::string_view bytes, std::size_t piece) {
  const auto whole = server::find_head_end(bytes);
  // As ConnectionStream::read_head does: search what has arrived, resume after it next time.
  std::size_t searched = 0;
  std::size_t found = std::string_view::npos;
  for (std::size_t have = piece; found == std::string_view::npos; have += piece) {
    const auto arrived = bytes.substr(0, have);
    found = server::find_head_end(arrived, searched);
    searched = arrived.size();
    if (have >= bytes.size()) break;
  }
  require(found == whole, "find_head_end in pieces agrees with one search");
  if (whole != std::string_view::npos) {
    require(whole <= bytes.size(), "the head end lies within the bytes");
    require(server::find_head_end(bytes.substr(0, whole)) == whole,
            "the head alone ends where it did");
  }
}

void check_head(std::string_view head_text) {
  const server::HeadLimits limits;
  const auto parsed = server::parse_request_head(head_text, limits);
  if (const auto* error = std::get_if<server::HeadError>(&parsed)) {
    const int s = error->status;
    require(s == 400 || s == 413 || s == 414 || s == 431 || s == 501,
            "a documented refusal status");
    require(!error->reason.empty(), "a refusal says why");
    return;
  }
  const auto& head = std::get<server::RequestHead>(parsed);
  // Written out again, a header line may gain the one space after its colon.
  server::HeadLimits relaxed = limits;
  relaxed.header_line += 1;
  relaxed.head += head.headers.size() + 2;
  const auto again = server::parse_request_head(serialise(head), relaxed);
  const auto* reparsed = std::get_if<server::RequestHead>(&again);
  require(reparsed != nullptr, "a parsed head, written out, parses again");
  require(same_head(head, *reparsed), "a parsed head, written out, parses the same");
}

void check_chunked(std::string_view body, std::size_t limit) {
  server::ChunkedBody whole(limit);
  std::string_view rest_whole = body;
  const auto state_whole = whole.feed(rest_whole);

  server::ChunkedBody bytewise(limit);
  std::string_view rest = body;
  auto state = server::ChunkedBody::State::NeedMore;
  while (!rest.empty() && state == server::ChunkedBody::State::NeedMore) {
    std::string_view one = rest.substr(0, 1);
    state = bytewise.feed(one);
    rest.remove_prefix(1 - one.size());
  }
  require(state == state_whole, "byte-by-byte chunked decoding ends in the same state");
  require(bytewise.body().size() <= limit && whole.body().size() <= limit,
          "a chunked body within its limit");
  if (state_whole == server::ChunkedBody::State::Done) {
    require(bytewise.body() == whole.body(), "byte-by-byte chunked decoding gives the same body");
    require(rest.size() == rest_whole.size(),
            "chunked decoding leaves the same bytes for the next request");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // First byte: how the bytes arrive (piece size) and the chunked body's limit.
  const std::size_t piece = 1 + (data[0] & 0x0f);
  const std::size_t limit = (data[0] & 0x10) != 0 ? 16 : 1 << 20;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  check_head_end(bytes, piece);
  const auto end = server::find_head_end(bytes);
  check_head(bytes.substr(0, end));  // no end: the parser still must refuse cleanly
  if (end != std::string_view::npos) check_chunked(bytes.substr(end), limit);
  return 0;
}
