// One cpp-httplib server socket for one provider environment, tuned for a test workload.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mockgate/core/admin_api.hpp"
#include "connection_counters.hpp"
#include "mockgate/core/provider_state.hpp"
#include "mockgate/server/certificate_authority.hpp"

namespace httplib {
class Server;
}

namespace mockgate::server {

struct ListenerConfig {
  std::string bind = "127.0.0.1";
  int port = 0;  ///< 0: ephemeral
  std::size_t max_connections = 1024;  ///< served at once, a worker each; more wait their turn
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

  /// Binds (refusing a taken port) and starts the accept thread. Throws std::runtime_error.
  void start();
  void stop();
  int port() const { return port_; }
  ConnectionStats connection_stats() const;

 private:
  void configure();
  /// Sleeps for an injected delay, but no longer than until stop() is called.
  void delay(std::chrono::milliseconds how_long);

  core::ProviderState& state_;
  std::string env_;
  ListenerConfig config_;
  ConnectionCounters counters_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  int socket_fd_ = -1;
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
};

}  // namespace mockgate::server
