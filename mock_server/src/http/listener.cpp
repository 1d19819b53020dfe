// A provider environment on a socket: requests go to the admin API or the provider's pipeline;
// what the HTTP layer refuses itself is still answered in the provider's error shape.
#include "listener.hpp"

#include "http_server.hpp"
#include "core/renderer.hpp"

namespace mockgate::server {
namespace {

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

/// The provider answer that stands for a status the HTTP layer produced.
std::string_view answer_for_status(int status) {
  switch (status) {
    case 404: return core::answer::kNotFound;
    case 405: return core::answer::kMethodNotAllowed;
    case 500: return core::answer::kInternalError;
    default: return core::answer::kBadRequest;
  }
}

/// What the admin API says for a status the HTTP layer produced (its own shape, not a provider's).
std::string admin_refusal_message(int status, const ConnectionLimits& limits) {
  switch (status) {
    case 408: return "the request did not arrive in time";
    case 413: return "the body is larger than " + std::to_string(limits.max_body) + " bytes";
    case 414: return "the request line is longer than " + std::to_string(limits.max_request_line) + " bytes";
    case 431: return "the request head is too large (at most " + std::to_string(limits.max_head) + " bytes, " +
                     std::to_string(limits.max_header_count) + " headers of " + std::to_string(limits.max_header_line) +
                     " bytes)";
    case 500: return "internal error";
    case 501: return "unsupported Transfer-Encoding";
    default: return "malformed HTTP request";
  }
}

}  // namespace

Listener::Listener(core::ProviderState& state, std::string env, ListenerConfig config)
    : state_(state), env_(std::move(env)), config_(std::move(config)) {
  // The admin API (pure core) reports what only this layer can count.
  config_.admin.connections = [this] { return to_json(connection_stats()); };
}

Listener::~Listener() { stop(); }

ConnectionStats Listener::connection_stats() const { return counters_.snapshot(config_.max_connections); }

core::Response Listener::answer(const core::Request& request) {
  return core::is_admin_path(request.path) ? core::handle_admin(state_, request, env_, config_.admin)
                                           : state_.handle(request, env_);
}

core::Response Listener::refusal(int status, std::string_view target) {
  if (core::is_admin_path(target.substr(0, target.find('?')))) {
    core::Response response;
    response.status = status;
    response.body = core::body_text(nlohmann::json{{"error", admin_refusal_message(status, config_.limits)}});
    return response;
  }
  return state_.refusal(answer_for_status(status), status);
}

void Listener::start() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = false;
  }
  HttpServerOptions options;
  options.bind = config_.bind;
  options.port = config_.port;
  options.max_connections = config_.max_connections;
  options.limits = config_.limits;
  options.transport = config_.transport;
  server_ = std::make_unique<HttpServer>(
      options, counters_, [this](const core::Request& r) { return answer(r); },
      [this](int status, std::string_view target) { return refusal(status, target); });
  server_->delay = [this](std::chrono::milliseconds how_long) { delay(how_long); };
  server_->connection_stall = [this]() -> std::optional<std::chrono::milliseconds> {
    constexpr std::chrono::milliseconds kDefaultStall{30000};  // past the documents' 10 s timeouts
    const auto fault = state_.take_connection_fault();
    if (!fault) return std::nullopt;
    return fault->duration.count() > 0 ? fault->duration : kDefaultStall;
  };
  if (config_.tls) {
    // The certificate is chosen per connection, so PUT /__mockgate/tls applies at once.
    server_->tls_context = [this] {
      const auto mode = parse_certificate_mode(state_.certificate());
      return config_.tls->context(mode.value_or(CertificateMode::Trusted));
    };
  }
  try {
    port_ = server_->start();
  } catch (...) {
    server_.reset();
    throw;
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
  server_.reset();
}

}  // namespace mockgate::server
