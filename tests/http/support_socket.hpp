// Raw loopback TCP for tests that must send what no HTTP client would: every wait is bounded
// by poll, so a server that never answers fails the test instead of hanging it.
#pragma once

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace mockgate::testing {

/// One HTTP/1.1 response as read off the wire; header names lower-cased.
struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;

  /// The header named `lower_case_name`, or "".
  std::string header(const std::string& lower_case_name) const {
    const auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

inline std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  return s;
}

/// A TCP connection to 127.0.0.1:`port`.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  /// Sends every byte; false when the peer is gone.
  bool send(std::string_view bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  /// No more bytes from us: the server reads end-of-stream.
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  int fd() const { return fd_; }

  /// Closes with a reset (SO_LINGER 0), as a client that crashes does: the server's next write
  /// to this connection fails with EPIPE.
  void reset() {
    const linger abort{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::close(fd_);
    fd_ = -1;
  }

  /// Everything until the peer closes; nullopt when it is still open after `timeout`.
  std::optional<std::string> read_until_close(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (fill(deadline)) {
    }
    if (!closed_) return std::nullopt;
    return std::exchange(buffer_, {});
  }

  /// The next complete response (Content-Length framed); nullopt on close or timeout.
  std::optional<RawResponse> read_response(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t head_end = 0;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) return std::nullopt;
    }
    RawResponse r;
    std::string_view head(buffer_.data(), head_end);
    const auto eol = head.find("\r\n");
    const auto status_line = head.substr(0, eol);
    if (status_line.substr(0, 9) != "HTTP/1.1 " || status_line.size() < 12) return std::nullopt;
    r.status = std::stoi(std::string(status_line.substr(9, 3)));
    std::string_view rest = eol == std::string_view::npos ? "" : head.substr(eol + 2);
    while (!rest.empty()) {
      const auto e = rest.find("\r\n");
      const auto line = rest.substr(0, e);
      rest = e == std::string_view::npos ? "" : rest.substr(e + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      r.headers[lower(std::string(line.substr(0, colon)))] = std::string(value);
    }
    const auto cl = r.headers.find("content-length");
    const std::size_t length = cl == r.headers.end() ? 0 : std::stoul(cl->second);
    while (buffer_.size() < head_end + 4 + length) {
      if (!fill(deadline)) return std::nullopt;
    }
    r.body = buffer_.substr(head_end + 4, length);
    buffer_.erase(0, head_end + 4 + length);
    return r;
  }

  /// Whether the peer has closed (seen by a read).
  bool is_closed() const { return closed_; }
  /// Whether that close was a reset (RST), not an orderly end.
  bool was_reset() const { return reset_; }
  /// What was received and not yet taken by a read above.
  const std::string& received() const { return buffer_; }

 private:
  /// Reads what arrives before `deadline` into the buffer; false on close or timeout.
  bool fill(std::chrono::steady_clock::time_point deadline) {
    if (closed_) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) return true;
    if (r <= 0) return false;
    char chunk[16 * 1024];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) return true;
    if (n <= 0) {  // orderly close, or a reset (the server may close with unread bytes)
      closed_ = true;
      reset_ = n < 0 && errno == ECONNRESET;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  bool closed_ = false;
  bool reset_ = false;
};

/// A listening socket on 127.0.0.1, port chosen by the kernel (or `port`): a port that is taken.
class TakenPort {
 public:
  explicit TakenPort(int port = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 1) != 0) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = -1;
      return;
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~TakenPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  TakenPort(const TakenPort&) = delete;
  TakenPort& operator=(const TakenPort&) = delete;

  bool ok() const { return fd_ >= 0; }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

/// Whether something accepts connections on 127.0.0.1:`port`.
inline bool is_listening(int port) {
  try {
    RawConnection c(port);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

/// Shuts down every listening socket of this process, so that accept loops blocked on them
/// return. A rescue for a server whose stop() missed its own accept thread: the hang is reported,
/// and the suite goes on instead of hanging with it.
inline void unblock_listening_sockets() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == ::dirfd(dir)) continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening == 1) {
      ::shutdown(fd, SHUT_RDWR);
    }
  }
  ::closedir(dir);
}

/// Runs `fn` on a thread of its own; false when it has not returned within `timeout`. A call
/// that hangs is reported, then freed if it can be, else abandoned with what it holds.
template <class Fn>
bool finishes_within(std::chrono::milliseconds timeout, Fn fn) {
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  std::thread([done, fn = std::move(fn)]() mutable {
    try {
      fn();
      done->set_value();
    } catch (...) {
      done->set_exception(std::current_exception());
    }
  }).detach();
  if (finished.wait_for(timeout) == std::future_status::ready) {
    finished.get();  // rethrows what `fn` threw
    return true;
  }
  // Hung, most likely joining an accept loop that stop() missed: free it, report the hang.
  unblock_listening_sockets();
  finished.wait_for(std::chrono::seconds(5));
  return false;
}

}  // namespace mockgate::testing
