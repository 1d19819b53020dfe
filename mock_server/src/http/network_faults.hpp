// Injected network faults carried out on a connection: resets, cut and dribbled bodies, broken
// chunking — what real networks do to answers, so that a client's handling of them is tested.
#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include "connection_stream.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::server {

/// What becomes of the connection once a broken answer has gone.
enum class AfterFault {
  KeepOpen,  ///< the answer went whole, only slowly: the connection serves on
  Close,     ///< close it (FIN), without a TLS close_notify: a network failed it
  Reset,     ///< close it with a TCP reset (RST)
};

/// Sends `wire` — one whole serialised answer whose last `body_size` bytes are its body — broken
/// as `fault` says, sleeping with `sleep` between the pieces of a dribble spread over `spread`.
AfterFault send_broken(ConnectionStream& stream, core::NetworkFault fault, std::string_view wire,
                       std::size_t body_size, std::chrono::milliseconds spread,
                       const std::function<void(std::chrono::milliseconds)>& sleep);

/// Closes `fd` with a TCP reset: SO_LINGER of zero, then close, so no FIN is sent.
void reset_connection(int fd);

}  // namespace mockgate::server
