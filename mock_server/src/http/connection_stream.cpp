// Buffered socket reads with a transcript of the request head, and prompt-stopping waits.
#include "connection_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace mockgate::server {
namespace {

bool poll_fd(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int r = 0;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  return r > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
}

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

CurrentExchange& current_exchange() {
  thread_local CurrentExchange exchange;
  return exchange;
}

ConnectionStream::ConnectionStream(int fd, time_t read_timeout_sec, time_t write_timeout_sec)
    : fd_(fd), read_timeout_sec_(read_timeout_sec), write_timeout_sec_(write_timeout_sec) {
  // Blocking calls inside OpenSSL wait no longer than the timeouts either.
  timeval rcv{read_timeout_sec_, 0};
  timeval snd{write_timeout_sec_, 0};
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
  if (!poll_fd(fd_, POLLIN, static_cast<int>(read_timeout_sec_ * 1000))) return false;
  return SSL_accept(ssl_) == 1;
}

bool ConnectionStream::is_readable() const {
  return buffer_off_ < buffer_len_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0) ||
         poll_fd(fd_, POLLIN, static_cast<int>(read_timeout_sec_ * 1000));
}

bool ConnectionStream::is_writable() const {
  return !dropped_ && poll_fd(fd_, POLLOUT, static_cast<int>(write_timeout_sec_ * 1000));
}

ssize_t ConnectionStream::read(char* ptr, std::size_t size) {
  if (buffer_off_ == buffer_len_) {
    // Whatever was written must reach the peer before waiting on it (a "100 Continue").
    if (!flush()) return -1;
    // No poll first: the socket's SO_RCVTIMEO bounds a blocking read, and the data is usually
    // there already (wait_for_request saw it), so this is one system call, not two.
    ssize_t n = 0;
    if (ssl_ != nullptr) {
      const int r = SSL_read(ssl_, buffer_, static_cast<int>(sizeof buffer_));
      if (r <= 0) return SSL_get_error(ssl_, r) == SSL_ERROR_ZERO_RETURN ? 0 : -1;
      n = r;
    } else {
      do {
        n = ::recv(fd_, buffer_, sizeof buffer_, 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
    }
    buffer_off_ = 0;
    buffer_len_ = static_cast<std::size_t>(n);
  }
  const std::size_t n = std::min(size, buffer_len_ - buffer_off_);
  std::memcpy(ptr, buffer_ + buffer_off_, n);
  if (recording_) transcript_.append(buffer_ + buffer_off_, n);
  buffer_off_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, std::size_t size) {
  if (dropped_) return -1;
  // httplib writes the head and the body separately: kept until the answer is complete, they
  // leave in one send (one TCP segment, one TLS record) instead of two.
  pending_.append(ptr, size);
  if (pending_.size() >= kFlushAt && !flush()) return -1;
  return static_cast<ssize_t>(size);
}

bool ConnectionStream::flush() {
  if (dropped_) pending_.clear();
  std::size_t done = 0;
  while (done < pending_.size()) {
    // The socket's SO_SNDTIMEO bounds a peer that does not read.
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

// httplib asks for both addresses on every request; a connection's never change, so each is
// read from the kernel once (two system calls a request fewer).
void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  cached_address(remote_, ::getpeername, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  cached_address(local_, ::getsockname, ip, port);
}

void ConnectionStream::cached_address(std::optional<Address>& cache, AddressLookup lookup, std::string& ip,
                                      int& port) const {
  if (!cache) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    cache.emplace();
    if (lookup(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, cache->ip, cache->port);
  }
  ip = cache->ip;
  port = cache->port;
}

bool ConnectionStream::wait_for_request(time_t timeout_sec, const std::function<bool()>& keep_going) {
  if (buffer_off_ < buffer_len_) return true;
  constexpr int kSliceMs = 50;
  for (long waited = 0; waited < timeout_sec * 1000L; waited += kSliceMs) {
    if (!keep_going()) return false;
    if (poll_fd(fd_, POLLIN, kSliceMs)) return true;
  }
  return false;
}

std::string ConnectionStream::request_line() const {
  const auto eol = transcript_.find_first_of("\r\n");
  return transcript_.substr(0, eol);
}

core::Headers ConnectionStream::take_raw_headers() {
  recording_ = false;
  core::Headers headers;
  std::string_view head = transcript_;
  const auto end = head.find("\r\n\r\n");
  if (end != std::string_view::npos) head = head.substr(0, end + 2);
  bool first = true;
  while (!head.empty()) {
    const auto eol = head.find('\n');
    const auto line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
    if (first) {  // the request line
      first = false;
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    headers.push_back({std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
  }
  transcript_.clear();
  return headers;
}

}  // namespace mockgate::server
