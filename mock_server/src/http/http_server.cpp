// The accept loop and the per-connection loop. Each connection runs on a worker thread, one
// request at a time; every wait is bounded and ends early when the server stops.
#include "http_server.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "connection_stream.hpp"
#include "mockgate/server/listen_error.hpp"
#include "network_faults.hpp"
#include "response_writer.hpp"
#include "worker_pool.hpp"

namespace mockgate::server {
namespace {

constexpr int kBacklog = 1024;

/// Counts one connection as open for its life, and whether it got any answer.
class CountedConnection {
 public:
  explicit CountedConnection(ConnectionCounters& counters) : counters_(counters) { ++counters_.open; }
  ~CountedConnection() {
    counters_.note_closed(answers_);
    --counters_.open;
  }
  CountedConnection(const CountedConnection&) = delete;
  CountedConnection& operator=(const CountedConnection&) = delete;

  void answered() {
    ++answers_;
    ++counters_.answers;
  }

 private:
  ConnectionCounters& counters_;
  std::uint64_t answers_ = 0;
};

/// A bound, listening socket for `bind`:`port`; throws ListenError.
int listen_on(const std::string& bind, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(bind.c_str(), service.c_str(), &hints, &found); rc != 0) {
    throw ListenError("cannot bind " + bind + ": " + ::gai_strerror(rc));
  }
  const int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  if (fd < 0) {
    ::freeaddrinfo(found);
    throw ListenError("cannot bind " + bind + ": " + std::strerror(errno));
  }
  // SO_REUSEADDR (restart while old connections linger) but never SO_REUSEPORT: a second
  // instance on a taken port must fail, not silently take half the connections.
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  const bool bound = ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 && ::listen(fd, kBacklog) == 0;
  const int error = errno;
  ::freeaddrinfo(found);
  if (!bound) {
    ::close(fd);
    if (port == 0) throw ListenError("cannot bind " + bind + ": " + std::strerror(error));
    throw ListenError("cannot listen on " + bind + ":" + service + ": the port is taken or not allowed");
  }
  return fd;
}

/// Whether a queued connection's first message has arrived whole (peeked, not read): a request
/// head, or with TLS the first handshake record. A client that sends its request at once is
/// ready; one dripping bytes is not, and does not earn another's worker.
bool has_whole_first_message(int fd, bool tls) {
  char peeked[16 * 1024];
  const ssize_t n = ::recv(fd, peeked, sizeof peeked, MSG_PEEK | MSG_DONTWAIT);
  if (n <= 0) return false;
  const std::string_view bytes(peeked, static_cast<std::size_t>(n));
  if (!tls) return find_head_end(bytes) != std::string_view::npos;
  // A TLS record: type, version (2 bytes), length (2 bytes), then the record.
  if (bytes.size() < 5) return false;
  const auto length = (static_cast<std::size_t>(static_cast<unsigned char>(bytes[3])) << 8) |
                      static_cast<unsigned char>(bytes[4]);
  return bytes.size() >= 5 + length;
}

/// After a refusal the peer may still be sending (the body of a 413, the rest of a 431's head).
/// Closing with unread bytes makes the kernel reset the connection, and a reset can destroy
/// the answer before the client reads it: so stop sending, and discard what still arrives, for
/// a bounded time and amount (RFC 9112 §9.6, "lingering close").
void drain_before_close(int fd) {
  ::shutdown(fd, SHUT_WR);
  constexpr std::size_t kMaxDrained = 4 * 1024 * 1024;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  char discard[16 * 1024];
  for (std::size_t drained = 0; drained < kMaxDrained;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return;
    const ssize_t n = ::recv(fd, discard, sizeof discard, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return;
    if (n > 0) drained += static_cast<std::size_t>(n);
  }
}

int bound_port(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, ConnectionCounters& counters, RequestHandler handler,
                       RefusalRenderer refusal)
    : options_(std::move(options)),
      counters_(counters),
      handler_(std::move(handler)),
      refusal_(std::move(refusal)) {}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start() {
  listen_fd_ = listen_on(options_.bind, options_.port);
  if (::pipe2(wake_fds_, O_CLOEXEC) != 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    throw std::runtime_error(std::string("cannot start the accept loop: ") + std::strerror(errno));
  }
  workers_ = std::make_unique<WorkerPool>(options_.max_connections, counters_, options_.limits.worker_idle_timeout);
  running_ = true;
  accept_thread_ = std::thread([this] { accept_loop(); });
  watchdog_thread_ = std::thread([this] { watch_connections(); });
  return bound_port(listen_fd_);
}

void HttpServer::stop() {
  if (listen_fd_ < 0) return;
  running_ = false;
  const char byte = 0;
  if (::write(wake_fds_[1], &byte, 1) < 0) {
    // The pipe is ours and empty: a failed write leaves the poll's 1 s slice to notice.
  }
  if (accept_thread_.joinable()) accept_thread_.join();
  if (watchdog_thread_.joinable()) watchdog_thread_.join();
  workers_->shutdown();  // connections see running_ false at their next wait and end
  workers_.reset();
  ::close(listen_fd_);
  ::close(wake_fds_[0]);
  ::close(wake_fds_[1]);
  listen_fd_ = wake_fds_[0] = wake_fds_[1] = -1;
}

void HttpServer::accept_loop() {
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
  while (running_) {
    fds[0].revents = fds[1].revents = 0;
    if (::poll(fds, 2, 1000) <= 0 || (fds[1].revents & POLLIN) != 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors: let connections close rather than spin on the full queue.
      if (errno == EMFILE || errno == ENFILE) ::poll(nullptr, 0, 10);
      continue;
    }
    int yes = 1;
    // Nagle would hold an answer's last segment for the peer's delayed ACK (~40 ms).
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    workers_->enqueue(fd, [this, fd] { serve(fd); });
  }
}

void HttpServer::watch_connections() {
  const bool tls = static_cast<bool>(tls_context);
  const auto ready = [tls](int fd) { return has_whole_first_message(fd, tls); };
  pollfd wake{wake_fds_[0], POLLIN, 0};
  while (running_) {
    wake.revents = 0;
    if (::poll(&wake, 1, 100) > 0) continue;  // stopping
    registry_.sweep(ConnectionRegistry::Clock::now(), options_.limits, workers_->promote_ready(ready));
  }
}

namespace {

/// Registered with the watchdog for the connection's life; unregistered before its close.
class WatchedConnection {
 public:
  WatchedConnection(ConnectionRegistry& registry, int fd) : registry_(registry), entry_(registry.add(fd)) {}
  ~WatchedConnection() { registry_.remove(entry_); }
  WatchedConnection(const WatchedConnection&) = delete;
  WatchedConnection& operator=(const WatchedConnection&) = delete;

  void enter(ConnectionPhase phase) { entry_.enter(phase); }
  /// The watchdog ended this phase (a deadline, or its worker was needed elsewhere).
  bool cut() const { return entry_.cut(); }

 private:
  ConnectionRegistry& registry_;
  ConnectionRegistry::Entry& entry_;
};

/// What reading one request came to: a request to answer, one to refuse, or a peer gone.
struct ReadRequest {
  enum class Kind { Request, Refuse, Closed } kind = Kind::Closed;
  RequestHead head;
  int status = 0;      ///< Refuse: the status to answer
  std::string target;  ///< Refuse: what the request named, so far as it was read
};

ReadRequest refusal(int status, std::string_view target) {
  return ReadRequest{ReadRequest::Kind::Refuse, {}, status, std::string(target)};
}

/// The body the head announces, chunked or by length, into `body`; the status to refuse the
/// request with when it cannot be read (too large, malformed, or too slow: cut by the watchdog).
std::optional<int> read_body(ConnectionStream& stream, const RequestHead& head, const WatchedConnection& watched,
                             std::size_t max_body, std::string& body) {
  body.clear();
  if (head.chunked) {
    ChunkedBody chunked(max_body);
    const auto state = stream.read_chunked(chunked);
    if (state != ChunkedBody::State::Done) return state == ChunkedBody::State::TooLarge ? 413 : watched.cut() ? 408 : 400;
    body = chunked.take_body();
  } else if (head.content_length.value_or(0) > 0 && !stream.read_body(*head.content_length, body)) {
    return watched.cut() ? 408 : 400;
  }
  return std::nullopt;
}

/// Reads the next request's head (within its limits) and body; `head_bytes` and `body` are
/// buffers kept across the connection's requests.
ReadRequest read_request(ConnectionStream& stream, WatchedConnection& watched, const ConnectionLimits& limits,
                         const HeadLimits& head_limits, std::string& head_bytes, std::string& body) {
  watched.enter(ConnectionPhase::Head);
  const auto got = stream.read_head(limits.max_head, head_bytes);
  if (got == ConnectionStream::HeadRead::Closed) return {};
  if (got != ConnectionStream::HeadRead::Ok) {
    const int status = got == ConnectionStream::HeadRead::TooLarge ? 431 : watched.cut() ? 408 : 400;
    return refusal(status, request_target_so_far(stream.unread()));
  }
  auto parsed = parse_request_head(head_bytes, head_limits);
  if (const auto* error = std::get_if<HeadError>(&parsed)) return refusal(error->status, request_target_so_far(head_bytes));
  auto& head = std::get<RequestHead>(parsed);
  // Refused before the body is waited for: a client must not wait out a length we will not read.
  if (head.content_length.value_or(0) > limits.max_body) return refusal(413, head.target);
  if (head.expects_continue && (head.chunked || head.content_length.value_or(0) > 0)) {
    stream.write("HTTP/1.1 100 Continue\r\n\r\n");  // leaves before the body is waited for
  }
  watched.enter(ConnectionPhase::Body);
  if (const auto status = read_body(stream, head, watched, limits.max_body, body)) return refusal(*status, head.target);
  return ReadRequest{ReadRequest::Kind::Request, std::move(head), 0, {}};
}

}  // namespace

void HttpServer::serve(int fd) {
  CountedConnection counted(counters_);
  WatchedConnection watched(registry_, fd);
  const auto& limits = options_.limits;
  ConnectionStream stream(fd, limits.io_timeout, limits.io_timeout);
  const auto running = [this] { return running_.load(std::memory_order_relaxed); };
  std::string out;
  // An answer the server makes itself (a malformed request): the connection ends after it,
  // since whatever follows cannot be trusted to start a request.
  bool refused = false;
  const auto refuse = [&](int status, std::string_view target) {
    write_response(refusal_(status, target), {.close = true}, out);
    stream.write(out);
    if (stream.flush()) counted.answered();
    refused = true;
  };
  const HeadLimits head_limits{limits.max_request_line, limits.max_header_line, limits.max_header_count, limits.max_head};

  if (connection_stall) {
    if (const auto stall = connection_stall()) {
      // Accepted, then silence: the client's handshake (or request) is never answered.
      watched.enter(ConnectionPhase::Busy);
      if (delay) delay(*stall);
      ::shutdown(fd, SHUT_RDWR);
      ::close(fd);
      return;
    }
  }
  watched.enter(ConnectionPhase::Handshake);
  bool ok = !tls_context ||
            (stream.wait_for_request(limits.tls_handshake_timeout, running) && stream.accept_tls(tls_context()));
  std::string head_bytes;
  std::string body;
  for (std::size_t left = options_.keep_alive_max_requests; ok && left > 0; --left) {
    watched.enter(ConnectionPhase::Idle);
    if (!stream.wait_for_request(limits.keep_alive_timeout, running) || watched.cut()) break;
    auto read = read_request(stream, watched, limits, head_limits, head_bytes, body);
    if (read.kind == ReadRequest::Kind::Refuse) refuse(read.status, read.target);
    if (read.kind != ReadRequest::Kind::Request) break;
    watched.enter(ConnectionPhase::Busy);

    auto& head = read.head;
    const bool head_only = head.method == "HEAD";
    const auto request = core::Request::make(std::move(head.method), std::move(head.target), std::move(head.headers),
                                             std::move(body), stream.peer_address(), options_.transport);
    core::Response response;
    try {
      response = handler_(request);
    } catch (const std::exception&) {
      response = refusal_(500, request.path);  // a bug of ours still gets the provider's 500 shape
    }
    if (response.delay.count() > 0 && delay) delay(response.delay);
    if (response.drop) {
      stream.drop();
      break;
    }
    const bool close = !head.keep_alive || left == 1 || !running();
    const std::size_t body_bytes = write_response(
        response, {.head_only = head_only, .close = close, .http10_keep_alive = head.minor_version == 0 && !close},
        out);
    // The answer is complete: send it now, not when the next request is read — whole, or
    // broken as an injected network fault says.
    const auto after = send_broken(stream, response.network, out, body_bytes, response.spread, delay);
    out.clear();
    if (after == AfterFault::Reset) {
      stream.drop();
      stream.finish();
      reset_connection(fd);
      return;
    }
    if (after == AfterFault::Close) {
      stream.drop();  // no close_notify: the network failed the answer
      break;
    }
    counted.answered();
    if (close) break;
  }
  stream.finish();
  if (refused) drain_before_close(fd);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace mockgate::server
