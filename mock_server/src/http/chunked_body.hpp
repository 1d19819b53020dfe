// A chunked request body (RFC 9112 §7.1), decoded as its bytes arrive: no rescans, bounded size.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mockgate::server {

class ChunkedBody {
 public:
  enum class State { NeedMore, Done, Malformed, TooLarge };

  /// `limit`: the most decoded bytes accepted; beyond it, TooLarge.
  explicit ChunkedBody(std::size_t limit) : limit_(limit) {}

  /// Takes bytes from the front of `in` (removing what it used: after Done, the rest belongs to
  /// the next request) and appends what they decode to to the body.
  State feed(std::string_view& in);

  State state() const { return state_; }
  const std::string& body() const { return body_; }
  std::string take_body() { return std::move(body_); }

 private:
  enum class Part { SizeLine, Data, DataEnd, Trailer };
  /// One complete size or trailer line has been collected in line_.
  void end_of_line();

  std::size_t limit_;
  State state_ = State::NeedMore;
  Part part_ = Part::SizeLine;
  std::string line_;           ///< the size or trailer line being collected
  std::size_t remaining_ = 0;  ///< data bytes left in the current chunk
  std::string body_;
  static constexpr std::size_t kMaxLine = 4096;  ///< a size line with extensions, a trailer
};

}  // namespace mockgate::server
