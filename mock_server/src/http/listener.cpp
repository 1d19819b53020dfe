// The cpp-httplib adapter. Its defaults are wrong for us (../shared/cpp-httplib-notes.md):
// Nagle on, 5 requests per connection, 8 threads, backlog 5, SO_REUSEPORT. Each is fixed here:
// the threads by WorkerPool, a worker per open connection up to max_connections.
#include "listener.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "connection_stream.hpp"
#include "http_server.hpp"
#include "worker_pool.hpp"
#include "mockgate/core/renderer.hpp"

namespace mockgate::server {
namespace {

constexpr int kBacklog = 1024;
constexpr std::size_t kKeepAliveMaxCount = 1000000;
constexpr time_t kKeepAliveTimeoutSeconds = 5;
constexpr std::size_t kPayloadMaxLength = 8 * 1024 * 1024;

core::Request to_core(const httplib::Request& req, core::Transport transport) {
  core::Headers headers = current_exchange().raw_headers;
  if (headers.empty()) {
    // No raw head was recorded (httplib refused the request early): use what it parsed.
    for (const auto& [name, value] : req.headers) {
      // httplib adds these itself for its own bookkeeping; they were not on the wire.
      if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
          name == "LOCAL_PORT") {
        continue;
      }
      headers.push_back({name, value});
    }
  }
  return core::Request::make(req.method, req.target.empty() ? req.path : req.target,
                             std::move(headers), req.body, req.remote_addr, transport);
}

void write_back(const core::Response& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& h : from.headers) to.set_header(h.name, h.value);
  if (from.status == 204 || from.status == 304) {
    to.body.clear();
    return;
  }
  to.set_content(from.body, from.content_type);
}

nlohmann::json to_json(const ConnectionStats& s) {
  return {{"accepted", s.accepted},
          {"open", s.open},
          {"waiting", s.waiting},
          {"answers", s.answers},
          {"closed_unanswered", s.closed_unanswered},
          {"fewest_answers", s.fewest_answers},
          {"longest_wait_ms", static_cast<double>(s.longest_wait.count()) / 1000.0},
          {"workers", s.workers},
          {"max_connections", s.max_connections}};
}

bool is_routed_method(const std::string& m) {
  return m == "GET" || m == "HEAD" || m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE" ||
         m == "OPTIONS";
}

/// The provider answer that stands for an error httplib produced before any handler ran.
std::string_view answer_for_status(int status) {
  switch (status) {
    case 404: return core::answer::kNotFound;
    case 405: return core::answer::kMethodNotAllowed;
    case 500: return core::answer::kInternalError;
    default: return core::answer::kBadRequest;
  }
}

}  // namespace

Listener::Listener(core::ProviderState& state, std::string env, ListenerConfig config)
    : state_(state), env_(std::move(env)), config_(std::move(config)) {
  // The admin API (pure core) reports what only this layer can count.
  config_.admin.connections = [this] { return to_json(connection_stats()); };
}

ConnectionStats Listener::connection_stats() const { return counters_.snapshot(config_.max_connections); }

Listener::~Listener() { stop(); }

void Listener::configure() {
  auto http = std::make_unique<HttpServer>(counters_);
  if (config_.tls) {
    // The certificate is chosen per connection, so PUT /__mockgate/tls applies at once.
    http->tls_context = [this] {
      const auto mode = parse_certificate_mode(state_.certificate());
      return config_.tls->context(mode.value_or(CertificateMode::Trusted));
    };
  }
  server_ = std::move(http);
  auto& s = *server_;
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(kKeepAliveMaxCount);
  s.set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
  s.set_read_timeout(10, 0);
  s.set_write_timeout(10, 0);
  s.set_payload_max_length(kPayloadMaxLength);
  // One worker holds one keep-alive connection for its life: a worker per connection.
  s.new_task_queue = [this] { return new WorkerPool(config_.max_connections, counters_); };
  // Our own options, without SO_REUSEPORT: a second instance on a taken port must fail.
  s.set_socket_options([this](socket_t fd) {
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    socket_fd_ = fd;
  });

  const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    const core::Request request = to_core(req, config_.transport);
    const core::Response response =
        core::is_admin_path(request.path)
            ? core::handle_admin(state_, request, env_, config_.admin)
            : state_.handle(request, env_);
    if (response.delay.count() > 0) delay(response.delay);
    if (response.drop && current_exchange().stream != nullptr) current_exchange().stream->drop();
    write_back(response, res);
  };
  // httplib refuses a POST, PUT, PATCH or DELETE without Content-Length before any handler
  // runs; such a request has no body, so it is answered here, before httplib reads one.
  s.set_pre_routing_handler([handler](const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    handler(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  const std::string any = ".*";
  s.Get(any, handler);
  s.Post(any, handler);
  s.Put(any, handler);
  s.Patch(any, handler);
  s.Delete(any, handler);
  s.Options(any, handler);

  // httplib answers some requests itself (a bad request line, an oversized header or body, a
  // method it has no table for): give those the provider's error shape too. Our own answers
  // always carry a body, theirs never do, which tells them apart.
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    auto& exchange = current_exchange();
    // httplib answered before any handler: whatever follows on this connection cannot be
    // trusted to start a request, so the connection closes after this answer.
    exchange.close_after = true;
    if (!req.method.empty() && !req.path.empty() && !is_routed_method(req.method)) {
      // Methods we register no handler for (TRACE, CONNECT) still get the pipeline's 404 or
      // 405 with Allow, as any other method would.
      write_back(state_.handle(to_core(req, config_.transport), env_), res);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path.empty() && exchange.stream != nullptr) {
      // A method httplib does not know (BREW, inventions) fails its request line before
      // httplib records the path; read the line as sent and route it like any other.
      const auto line = exchange.stream->request_line();
      const auto sp1 = line.find(' ');
      const auto sp2 = line.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
      if (sp1 != std::string::npos && sp2 != std::string::npos && sp1 > 0 &&
          line.compare(sp1 + 1, 1, "/") == 0) {
        const auto request = core::Request::make(line.substr(0, sp1), line.substr(sp1 + 1, sp2 - sp1 - 1),
                                                 {}, {}, req.remote_addr, config_.transport);
        write_back(state_.handle(request, env_), res);
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    const int status = res.status;
    // The status this answer really has goes into its body too (qlara's "code": 413).
    auto answer = core::render_answer(state_.profile(), answer_for_status(status), state_.locale(),
                                      {{"status", status}});
    answer.status = status;
    write_back(answer, res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    write_back(core::render_answer(state_.profile(), core::answer::kInternalError, state_.locale()), res);
  });
}

void Listener::start() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = false;
  }
  configure();
  if (config_.port == 0) {
    port_ = server_->bind_to_any_port(config_.bind);
    if (port_ < 0) throw std::runtime_error("cannot bind " + config_.bind + ": " + std::strerror(errno));
  } else {
    if (!server_->bind_to_port(config_.bind, config_.port)) {
      throw std::runtime_error("cannot listen on " + config_.bind + ":" + std::to_string(config_.port) +
                               ": the port is taken or not allowed");
    }
    port_ = config_.port;
  }
  // httplib listens with a backlog of 5 and has no setter; listening again raises it.
  if (socket_fd_ >= 0) ::listen(socket_fd_, kBacklog);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing until listen_after_bind has marked the server running: a
  // stop() that came first would leave the accept loop running and join() waiting forever.
  // The socket already accepts connections (the kernel queues them), so this wait is only
  // for the thread to start, well under a millisecond.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  if (!server_->is_running()) {
    stop();
    throw std::runtime_error("the listener on port " + std::to_string(port_) + " did not start");
  }
}

void Listener::delay(std::chrono::milliseconds how_long) {
  std::unique_lock lock(stop_mutex_);
  stop_signal_.wait_for(lock, how_long, [this] { return stopping_; });
}

void Listener::stop() {
  if (!server_) return;
  {
    // A worker sleeping out an injected delay would hold stop() for the whole delay.
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace mockgate::server
