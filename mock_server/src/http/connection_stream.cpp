// Socket and TLS reads and writes for one connection. SO_RCVTIMEO/SO_SNDTIMEO bound every
// blocking call, OpenSSL's included, so a silent peer costs a worker no longer than a timeout.
#include "connection_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace mockgate::server {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

bool poll_fd(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int r = 0;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  return r > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
}

}  // namespace

ConnectionStream::ConnectionStream(int fd, std::chrono::milliseconds read_timeout,
                                   std::chrono::milliseconds write_timeout)
    : fd_(fd), read_timeout_(read_timeout) {
  const timeval rcv = to_timeval(read_timeout);
  const timeval snd = to_timeval(write_timeout);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &rcv, sizeof rcv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &snd, sizeof snd);
}

ConnectionStream::~ConnectionStream() {
  if (ssl_ != nullptr) SSL_free(ssl_);  // frees memory only: never writes to the fd
}

void ConnectionStream::finish() {
  flush();
  if (ssl_ == nullptr) return;
  if (!dropped_) SSL_shutdown(ssl_);
  SSL_free(ssl_);
  ssl_ = nullptr;
}

bool ConnectionStream::accept_tls(ssl_ctx_st* ctx) {
  ssl_ = SSL_new(ctx);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) return false;
  if (!poll_fd(fd_, POLLIN, static_cast<int>(read_timeout_.count()))) return false;
  return SSL_accept(ssl_) == 1;
}

bool ConnectionStream::wait_for_request(std::chrono::milliseconds timeout, const std::function<bool()>& keep_going) {
  if (!buffered().empty() || (ssl_ != nullptr && SSL_pending(ssl_) > 0)) return true;
  constexpr int kSliceMs = 50;
  for (long waited = 0; waited < timeout.count(); waited += kSliceMs) {
    if (!keep_going()) return false;
    if (poll_fd(fd_, POLLIN, kSliceMs)) return true;
  }
  return false;
}

bool ConnectionStream::fill() {
  // Whatever was written must reach the peer before waiting on it (a "100 Continue").
  if (!flush()) return false;
  if (buffer_off_ > 0) {  // keep only what is not consumed yet (a pipelined request, say)
    buffer_.erase(0, buffer_off_);
    buffer_off_ = 0;
  }
  char chunk[kReadChunk];
  // No poll first: the socket's SO_RCVTIMEO bounds a blocking read, and the data is usually
  // there already (wait_for_request saw it), so this is one system call, not two.
  ssize_t n = 0;
  if (ssl_ != nullptr) {
    const int r = SSL_read(ssl_, chunk, static_cast<int>(sizeof chunk));
    n = r > 0 ? r : -1;
  } else {
    do {
      n = ::recv(fd_, chunk, sizeof chunk, 0);
    } while (n < 0 && errno == EINTR);
  }
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

void ConnectionStream::consume(std::size_t n) { buffer_off_ += n; }

ConnectionStream::HeadRead ConnectionStream::read_head(std::size_t max_head, std::string& head) {
  std::size_t searched = 0;
  for (;;) {
    const auto bytes = buffered();
    const auto end = find_head_end(bytes, searched);
    if (end != std::string_view::npos) {
      if (end > max_head) return HeadRead::TooLarge;
      head.assign(bytes.substr(0, end));
      consume(end);
      return HeadRead::Ok;
    }
    if (bytes.size() > max_head) return HeadRead::TooLarge;
    searched = bytes.size();
    if (!fill()) return bytes.empty() ? HeadRead::Closed : HeadRead::Broken;
  }
}

bool ConnectionStream::read_body(std::size_t n, std::string& body) {
  body.clear();
  body.reserve(n);
  while (body.size() < n) {
    const auto bytes = buffered();
    if (bytes.empty()) {
      if (!fill()) return false;
      continue;
    }
    const std::size_t take = std::min(n - body.size(), bytes.size());
    body.append(bytes.substr(0, take));
    consume(take);
  }
  return true;
}

ChunkedBody::State ConnectionStream::read_chunked(ChunkedBody& chunked) {
  for (;;) {
    std::string_view bytes = buffered();
    const std::size_t before = bytes.size();
    const auto state = chunked.feed(bytes);
    consume(before - bytes.size());
    if (state != ChunkedBody::State::NeedMore) return state;
    if (!fill()) return ChunkedBody::State::NeedMore;
  }
}

void ConnectionStream::write(std::string_view bytes) {
  if (dropped_) return;
  pending_.append(bytes);
  if (pending_.size() >= kFlushAt) flush();
}

bool ConnectionStream::flush() {
  if (dropped_) pending_.clear();
  std::size_t done = 0;
  while (done < pending_.size()) {
    if (ssl_ != nullptr) {
      const int chunk = static_cast<int>(std::min<std::size_t>(pending_.size() - done, 1 << 20));
      const int n = SSL_write(ssl_, pending_.data() + done, chunk);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    } else {
      const ssize_t n = ::send(fd_, pending_.data() + done, pending_.size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  }
  const bool all = done == pending_.size();
  pending_.clear();
  return all;
}

const std::string& ConnectionStream::peer_address() {
  if (!peer_known_) {
    peer_known_ = true;
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return peer_;
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
    } else if (addr.ss_family == AF_INET6) {
      const auto* a6 = reinterpret_cast<const sockaddr_in6*>(&addr);
      inet_ntop(AF_INET6, &a6->sin6_addr, text, sizeof text);
      // An IPv4 client of a dual-stack socket is the IPv4 address it is, for whitelists.
      const std::string_view mapped = "::ffff:";
      if (std::string_view(text).substr(0, mapped.size()) == mapped && std::string_view(text).find('.') != std::string_view::npos) {
        peer_ = std::string(text + mapped.size());
        return peer_;
      }
    }
    peer_ = text;
  }
  return peer_;
}

}  // namespace mockgate::server
