// One way to arrange and read a mock, whether it runs in this process (a ProviderState) or
// elsewhere (a `mockgate serve`, through its admin API): a scenario's `given` is arranged once,
// by `arrange`, over either (WireMock's `Admin`, implemented locally and over HTTP, is the model).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/runner/scenario.hpp"
#include "mockgate/runner/transcript.hpp"
#include "mockgate/runner/transport.hpp"

namespace mockgate::runner {

/// The admin operations a scenario needs. Every call throws (core::InvalidRequest in process,
/// std::runtime_error with the target's answer over HTTP) when the mock refuses it.
class MockControl {
 public:
  virtual ~MockControl() = default;

  virtual void reset() = 0;
  virtual void set_clock(core::SystemTime now) = 0;
  virtual void set_locale(const std::string& locale) = 0;
  virtual void set_certificate(const std::string& mode) = 0;
  virtual void create_account(const std::string& username, const core::AccountSpec& spec) = 0;
  /// A key; one whose spec names no env is made for listener environment `env`.
  virtual core::CreatedKey create_key(const core::KeySpec& spec, std::string_view env) = 0;
  virtual void delete_key(const std::string& id) = 0;
  virtual core::CreatedKey rotate_key(const std::string& id) = 0;
  virtual void push_faults(core::FaultStage stage, const std::vector<core::Fault>& faults) = 0;

  /// What the mock received and answered, oldest first.
  virtual std::vector<core::ServeEvent> journal() = 0;
  /// Whether the key with this id has authenticated a request.
  virtual std::map<std::string, bool> keys_used() = 0;
  /// Everything the mock shows a user of itself (its journal and key listing, as the admin API
  /// shows them), for the check that no key leaks.
  virtual std::string exported() = 0;
  /// The mock's own redaction of a text, when it can lend it (it knows every key it held).
  virtual Redaction::MockRedaction redaction() = 0;
};

/// A mock in this process.
std::unique_ptr<MockControl> local_mock(core::ProviderState& state);
/// A running mockgate, through its admin API over `transport`.
std::unique_ptr<MockControl> http_mock(std::unique_ptr<Transport> transport);
/// The same at `base_url` (any of its listeners), over the network. TLS is not verified
/// (admin_transport_options): a scenario may have told the mock to present a bad certificate.
std::unique_ptr<MockControl> http_mock(const std::string& base_url);
TransportOptions admin_transport_options(const std::string& base_url);
/// Whether the target answers the admin API's health check as a mockgate does.
bool is_mockgate(Transport& transport);

}  // namespace mockgate::runner
