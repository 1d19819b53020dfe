// Chunked decoding as a small state machine: size line, data, its CRLF, then trailers.
#include "chunked_body.hpp"

#include <algorithm>

namespace mockgate::server {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ChunkedBody::State ChunkedBody::feed(std::string_view& in) {
  while (state_ == State::NeedMore && !in.empty()) {
    switch (part_) {
      case Part::SizeLine:
      case Part::Trailer: {
        const auto lf = in.find('\n');
        const auto piece = in.substr(0, lf);
        if (line_.size() + piece.size() > kMaxLine) {
          state_ = State::Malformed;
          return state_;
        }
        line_.append(piece);
        in.remove_prefix(lf == std::string_view::npos ? in.size() : lf + 1);
        if (lf != std::string_view::npos) end_of_line();
        break;
      }
      case Part::Data: {
        const std::size_t n = std::min(remaining_, in.size());
        body_.append(in.substr(0, n));
        in.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) part_ = Part::DataEnd;
        break;
      }
      case Part::DataEnd: {
        // The CRLF after a chunk's data (a bare LF is tolerated, as for lines).
        const char c = in.front();
        in.remove_prefix(1);
        if (c == '\n') {
          part_ = Part::SizeLine;
        } else if (c != '\r') {
          state_ = State::Malformed;
        }
        break;
      }
    }
  }
  return state_;
}

void ChunkedBody::end_of_line() {
  std::string_view line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (part_ == Part::Trailer) {
    if (line.empty()) state_ = State::Done;  // trailer fields themselves are not kept
    line_.clear();
    return;
  }
  // "1a;name=value": the size in hex, extensions ignored.
  line = line.substr(0, line.find(';'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  std::size_t size = 0;
  if (line.empty() || line.size() > 15) {  // 15 hex digits: far beyond any limit, never overflows
    state_ = State::Malformed;
    return;
  }
  for (const char c : line) {
    const int d = hex_digit(c);
    if (d < 0) {
      state_ = State::Malformed;
      return;
    }
    size = size * 16 + static_cast<std::size_t>(d);
  }
  line_.clear();
  if (size > limit_ - std::min(limit_, body_.size())) {
    state_ = State::TooLarge;
    return;
  }
  remaining_ = size;
  part_ = size == 0 ? Part::Trailer : Part::Data;
}

}  // namespace mockgate::server
