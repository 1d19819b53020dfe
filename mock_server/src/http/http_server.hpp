// Our HTTP/1.1 server: a listening socket, an accept thread, a worker per connection, and the
// connection loop (keep-alive, request heads as sent, bodies by length or chunks, one send per
// answer, drops on demand). No HTTP library: the contract needs what libraries normalise away,
// and a library's private internals are no interface to build on (it changed under us once).
#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <thread>

#include "connection_counters.hpp"
#include "connection_registry.hpp"
#include "mockgate/core/request.hpp"
#include "mockgate/server/connection_limits.hpp"
#include "request_head.hpp"

struct ssl_ctx_st;

namespace mockgate::server {

class WorkerPool;

struct HttpServerOptions {
  std::string bind = "127.0.0.1";
  int port = 0;  ///< 0: ephemeral
  std::size_t max_connections = 1024;
  ConnectionLimits limits;
  std::size_t keep_alive_max_requests = 1000000;
  core::Transport transport = core::Transport::PlainUnchecked;
};

/// What a request gets: its answer (with a delay or a drop the server carries out).
using RequestHandler = std::function<core::Response(const core::Request&)>;
/// The answer for a request the server refused before any handler (400, 408, 413, 414, 431,
/// 501, or 500 for a handler's exception), given its target as far as it was read ("" if not).
using RefusalRenderer = std::function<core::Response(int status, std::string_view target)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, ConnectionCounters& counters, RequestHandler handler,
             RefusalRenderer refusal);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// When set, every connection is TLS: the handshake runs on the worker thread (one silent
  /// client never blocks the accept loop) with the context this returns at that moment.
  std::function<ssl_ctx_st*()> tls_context;
  /// Carries out an injected delay: sleeps, but no longer than until the server stops.
  std::function<void(std::chrono::milliseconds)> delay;
  /// Asked once per connection accepted: how long to stall it before its handshake (an
  /// injected fault), then close it; nullopt to serve it.
  std::function<std::optional<std::chrono::milliseconds>()> connection_stall;

  /// Binds and listens (refusing a taken port: no SO_REUSEPORT), then starts accepting.
  /// Throws ListenError when the port cannot be had, std::runtime_error otherwise. Returns the bound port.
  int start();
  /// Stops accepting, lets each connection end at its next wait, joins every thread.
  void stop();
  bool is_running() const { return running_.load(); }

 private:
  void accept_loop();
  /// Every 100 ms: ends what overstays a deadline, frees workers for waiting connections.
  void watch_connections();
  void serve(int fd);

  HttpServerOptions options_;
  ConnectionCounters& counters_;
  RequestHandler handler_;
  RefusalRenderer refusal_;
  std::unique_ptr<WorkerPool> workers_;
  ConnectionRegistry registry_;
  std::thread accept_thread_;
  std::thread watchdog_thread_;
  int listen_fd_ = -1;
  int wake_fds_[2] = {-1, -1};  ///< a pipe: a byte written wakes the accept loop to stop
  std::atomic<bool> running_{false};
};

}  // namespace mockgate::server
