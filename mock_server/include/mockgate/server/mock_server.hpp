// The mock as a C++ object: start it inside a test on ephemeral loopback ports, arrange keys,
// point a client at url(), read the journal, stop it. `mockgate serve` is a thin shell over it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mockgate/core/profile.hpp"
#include "mockgate/core/provider_state.hpp"
#include "mockgate/server/connection_stats.hpp"
#include "mockgate/server/connection_limits.hpp"

namespace mockgate {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  std::optional<int> port_base;  ///< N, N+1, … in listener order; default: ephemeral ports
  std::optional<std::string> admin_token;
  std::string locale;                      ///< default: each profile's own
  std::optional<core::SystemTime> now;     ///< the mock's date at start; default: real time
  /// Connections each listener serves at once, a worker thread each (started on demand);
  /// beyond it a connection waits until one closes.
  std::size_t max_connections = 1024;
  /// Sizes, deadlines and worker lifetime for every connection (README: "Limits").
  server::ConnectionLimits limits;
  /// How much each provider's state keeps: journal bodies and bytes, faults, keys (README: "Limits").
  core::Limits state_limits;
  std::size_t journal_capacity = core::Journal::kDefaultCapacity;
  /// HTTPS listeners (each with a plain-HTTP twin where the provider's policy applies).
  /// `mockgate serve` defaults to true; in-process servers to false.
  bool tls = false;
  std::string ca_out;  ///< where to write the CA as PEM; default: a temporary file
};

/// One listening socket: a provider's environment.
struct ListenerInfo {
  std::string provider;
  std::string env;
  std::string url;  ///< base URL, no trailing slash
  int port = 0;
  bool tls = false;
  std::string plain_url;  ///< with TLS: the plain-HTTP twin
  int plain_port = 0;
  std::string ca_file;    ///< with TLS: the CA to trust, as PEM
};

class MockServer {
 public:
  explicit MockServer(core::Profile profile, ServerOptions options = {});
  MockServer(std::vector<core::Profile> profiles, ServerOptions options = {});
  /// Finds profiles by provider id (or YAML path) on the profile search path.
  static std::unique_ptr<MockServer> for_providers(const std::vector<std::string>& ids,
                                                   ServerOptions options = {});
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  /// Binds every listener and starts serving. Throws std::runtime_error when a port is taken
  /// or cannot be bound; then nothing is left listening.
  void start();
  /// Stops every listener and joins its threads. Idempotent; the destructor calls it.
  void stop();
  bool is_running() const;

  const std::vector<ListenerInfo>& listeners() const;
  /// Base URL of `env` of `provider` (both may be empty when there is only one choice).
  std::string url(std::string_view env = {}, std::string_view provider = {}) const;

  /// The provider's state: arrange keys, accounts, locale, clock; read the journal.
  core::ProviderState& provider(std::string_view id = {});

  /// Shorthand: a key in `env` (default: the provider's first environment), cleartext included.
  core::CreatedKey create_key(core::KeySpec spec = {}, std::string_view provider_id = {});

  /// What the listener on `port` (a url's or a plain twin's) counted of its connections.
  ConnectionStats connection_stats(int port) const;

  /// With TLS: the PEM file of the CA clients must trust ("" without TLS).
  const std::string& ca_file() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mockgate
