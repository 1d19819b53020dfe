// A core Response as HTTP/1.1 bytes: status line, the response's headers, framing, body.
#pragma once

#include <string>
#include <string_view>

#include "mockgate/core/request.hpp"

namespace mockgate::server {

struct Framing {
  bool head_only = false;   ///< a HEAD request: the headers a GET would get, no body
  bool close = false;       ///< "Connection: close", the connection ends after this answer
  bool http10_keep_alive = false;  ///< an HTTP/1.0 client asked to keep the connection
};

/// Appends the whole answer to `out` (one buffer, so it leaves in one send). Content-Length and
/// Connection are this function's: the response's own are not repeated. Returns how many of the
/// bytes appended are body (none for HEAD, 1xx, 204 and 304).
std::size_t write_response(const core::Response& response, const Framing& framing, std::string& out);

/// The standard reason phrase of `status` ("Unauthorized"), or "Unknown".
std::string_view reason_phrase(int status);

}  // namespace mockgate::server
