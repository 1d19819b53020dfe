// Broken answers, byte for byte: each fault writes part of an answer, or all of it slowly, or
// reframes it wrongly; the caller closes the connection as the returned AfterFault says.
#include "network_faults.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "mockgate/core/request.hpp"

namespace mockgate::server {
namespace {

constexpr std::size_t kDribblePieces = 16;

bool is_header(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' && core::iequals(line.substr(0, name.size()), name);
}

/// The head of `head` (through its blank line) reframed as chunked: Content-Length and
/// Connection go, Transfer-Encoding: chunked and Connection: close come.
std::string chunked_head(std::string_view head) {
  std::string out;
  std::size_t at = 0;
  for (;;) {
    const auto end = head.find("\r\n", at);
    const auto line = head.substr(at, end - at);
    if (line.empty()) break;
    if (!is_header(line, "Content-Length") && !is_header(line, "Connection")) {
      out += line;
      out += "\r\n";
    }
    at = end + 2;
  }
  return out + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
}

AfterFault dribble(ConnectionStream& stream, std::string_view head, std::string_view body,
                   std::chrono::milliseconds spread, const std::function<void(std::chrono::milliseconds)>& sleep) {
  stream.write(head);
  if (!stream.flush()) return AfterFault::Close;
  const std::size_t pieces = std::min(body.size(), kDribblePieces);
  for (std::size_t i = 0; i < pieces; ++i) {
    if (sleep) sleep(spread / static_cast<long>(pieces));
    const std::size_t from = body.size() * i / pieces;
    const std::size_t to = body.size() * (i + 1) / pieces;
    stream.write(body.substr(from, to - from));
    if (!stream.flush()) return AfterFault::Close;
  }
  return AfterFault::KeepOpen;
}

}  // namespace

AfterFault send_broken(ConnectionStream& stream, core::NetworkFault fault, std::string_view wire,
                       std::size_t body_size, std::chrono::milliseconds spread,
                       const std::function<void(std::chrono::milliseconds)>& sleep) {
  const std::string_view head = wire.substr(0, wire.size() - body_size);
  const std::string_view body = wire.substr(wire.size() - body_size);
  switch (fault) {
    case core::NetworkFault::None:
      stream.write(wire);
      return stream.flush() ? AfterFault::KeepOpen : AfterFault::Close;
    case core::NetworkFault::Reset:
    case core::NetworkFault::StalledTls:  // happens before any request: nothing left to send
      return AfterFault::Reset;
    case core::NetworkFault::ResetAfterStatus:
      stream.write(wire.substr(0, wire.find("\r\n") + 2));
      stream.flush();
      return AfterFault::Reset;
    case core::NetworkFault::TruncatedBody:
      stream.write(head);
      stream.write(body.substr(0, body.size() / 2));
      stream.flush();
      return AfterFault::Close;
    case core::NetworkFault::DribbledBody:
      return dribble(stream, head, body, spread, sleep);
    case core::NetworkFault::BadChunked:
      // "zz" is no chunk size: a client must refuse the body, not read on.
      stream.write(chunked_head(head));
      stream.write("zz\r\n");
      stream.write(body);
      stream.write("\r\n0\r\n\r\n");
      stream.flush();
      return AfterFault::Close;
  }
  return AfterFault::Close;
}

void reset_connection(int fd) {
  const linger abort_on_close{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  ::close(fd);
}

}  // namespace mockgate::server
