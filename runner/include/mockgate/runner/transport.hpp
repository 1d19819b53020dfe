// How the runner's own requests reach a mock or a provider (probes, admin calls, the
// profile-driven client): one small interface, over the network with cpp-httplib, or straight
// into a provider state in this process (tests, and a C++ SDK's suite that wants no sockets).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::runner {

/// A request exactly as it is to be sent: the target is not re-encoded, headers go as given
/// (empty values too).
struct HttpRequest {
  std::string method = "GET";
  std::string target;  ///< path and query
  core::Headers headers;
  std::string body;
};

struct HttpAnswer {
  int status = 0;
  core::Headers headers;
  std::string body;
};

/// An answer, or why there is none.
struct Sent {
  std::optional<HttpAnswer> answer;
  std::string error;       ///< set when there is no answer: "Connection", "SSL server verification", …
  bool timed_out = false;  ///< no answer because a timeout ran out
};

/// Every member has a default, so designated initializers name only what matters.
struct TransportOptions {
  std::string base_url{};  ///< scheme, host and port: https://127.0.0.1:8443
  std::string ca_file{};   ///< PEM to trust; "" the system's
  bool verify_tls = true;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{30000};
};

class Transport {
 public:
  virtual ~Transport() = default;
  /// Never throws for what the network does: that is in Sent.
  virtual Sent send(const HttpRequest& request) = 0;
};

/// Makes the transport for a base URL; RunOptions carries one, so tests can swap it.
using TransportFactory = std::function<std::unique_ptr<Transport>(const TransportOptions&)>;

/// Over the network (cpp-httplib), one connection kept alive between sends.
std::unique_ptr<Transport> http_transport(const TransportOptions& options);

/// Into `state` in this process, as its listener of environment `env` over `transport` would
/// see it: admin paths (/__mockgate/…) go to the admin API, the rest to the provider's pipeline.
/// No socket, no TLS (so options' TLS settings do not apply); a held answer (a delay fault) is
/// slept through, with no timeout.
std::unique_ptr<Transport> in_process_transport(core::ProviderState& state, std::string env,
                                                core::Transport transport = core::Transport::Tls);

}  // namespace mockgate::runner
