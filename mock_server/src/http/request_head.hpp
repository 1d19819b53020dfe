// An HTTP/1.1 request head (RFC 9112) as sent: request line and header lines, verbatim. Ours,
// not an HTTP library's: the contract needs what a library throws away (a header present with an
// empty value is its own 401), and a malformed head must become the provider's 4xx, not a crash.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "mockgate/core/request.hpp"

namespace mockgate::server {

/// Bounds on what one request may send before it is refused (and the connection closed).
struct HeadLimits {
  std::size_t request_line = 8 * 1024;  ///< beyond: 414
  std::size_t header_line = 8 * 1024;   ///< beyond: 431
  std::size_t header_count = 100;       ///< beyond: 431
  std::size_t head = 64 * 1024;         ///< the whole head, request line included; beyond: 431
};

struct RequestHead {
  std::string method;
  std::string target;  ///< origin-form (path and query) as sent; an absolute-form target's path
  int minor_version = 1;  ///< HTTP/1.<minor_version>
  core::Headers headers;  ///< names and values as sent, values without surrounding whitespace
  std::optional<std::size_t> content_length;
  bool chunked = false;  ///< Transfer-Encoding: chunked (it wins over Content-Length)
  bool expects_continue = false;  ///< Expect: 100-continue
  /// The connection stays open after the answer: HTTP/1.1 unless "Connection: close", HTTP/1.0
  /// only with "Connection: keep-alive". False too when the framing is ambiguous (both
  /// Transfer-Encoding and Content-Length), so nothing after this request is trusted.
  bool keep_alive = true;
};

/// Why a head was refused: the status to answer with (400, 414, 431, 501).
struct HeadError {
  int status = 400;
  std::string reason;  ///< for humans and tests, never sent to the client
};

using HeadParse = std::variant<RequestHead, HeadError>;

/// Parses `head`: everything up to and including the blank line that ends it. Lines may end in
/// CRLF or a bare LF; empty lines before the request line are skipped (RFC 9112 §2.2).
HeadParse parse_request_head(std::string_view head, const HeadLimits& limits = {});

/// The target of a request line that may be cut short or malformed ("GET /__mockgate/x HT…"):
/// what lies between its first two spaces, or "" when it has none yet. For choosing the shape
/// of a refusal (the admin API's or the provider's), never for routing.
std::string_view request_target_so_far(std::string_view bytes);

/// The length of the head at the start of `bytes` (through its blank line), or npos while the
/// blank line has not arrived. `resume`: bytes before it were searched already (a head read
/// in pieces is searched once, not once per piece).
std::size_t find_head_end(std::string_view bytes, std::size_t resume = 0);

}  // namespace mockgate::server
