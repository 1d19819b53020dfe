// One listening socket for one provider environment: the HTTP server with the provider's
// pipeline (or the admin API) behind it, and its answers for what the server refuses.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "connection_counters.hpp"
#include "mockgate/core/admin_api.hpp"
#include "mockgate/core/provider_state.hpp"
#include "tls/certificate_authority.hpp"
#include "mockgate/server/connection_limits.hpp"

namespace mockgate::server {

class HttpServer;

struct ListenerConfig {
  std::string bind = "127.0.0.1";
  int port = 0;  ///< 0: ephemeral
  std::size_t max_connections = 1024;  ///< served at once, a worker each; more wait their turn
  ConnectionLimits limits;
  core::Transport transport = core::Transport::PlainUnchecked;
  core::AdminAccess admin;
  std::shared_ptr<const CertificateAuthority> tls;  ///< set: an HTTPS listener
};

class Listener {
 public:
  Listener(core::ProviderState& state, std::string env, ListenerConfig config);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  /// Binds (refusing a taken port) and starts accepting. Throws std::runtime_error.
  void start();
  void stop();
  int port() const { return port_; }
  ConnectionStats connection_stats() const;

 private:
  core::Response answer(const core::Request& request);
  core::Response refusal(int status, std::string_view target);
  /// Sleeps for an injected delay, but no longer than until stop() is called.
  void delay(std::chrono::milliseconds how_long);

  core::ProviderState& state_;
  std::string env_;
  ListenerConfig config_;
  ConnectionCounters counters_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
};

}  // namespace mockgate::server
