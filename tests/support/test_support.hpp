// Test helpers: a manual clock, deterministic entropy, and provider states from the real profiles.
#pragma once

#include <memory>
#include <string>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace mockgate::testing {

/// A clock that moves only when told to.
class ManualTime final : public core::TimeSource {
 public:
  core::SystemTime system = *core::parse_time("2026-03-01T12:00:00Z");
  core::SteadyTime steady{};
  core::SystemTime system_now() const override { return system; }
  core::SteadyTime steady_now() const override { return steady; }
  void advance(std::chrono::milliseconds d) {
    system += d;
    steady += d;
  }
};

/// A repeatable byte stream (xorshift), so test keys and ids are reproducible.
class SeededEntropy final : public core::Entropy {
 public:
  explicit SeededEntropy(std::uint64_t seed = 0x9E3779B97F4A7C15ull) : state_(seed) {}
  void fill(std::uint8_t* out, std::size_t size) override;

 private:
  std::uint64_t state_;
};

/// The profile of `provider` from scenarios/providers/.
core::Profile profile(const std::string& provider);
/// The profile `name` from fixtures/profiles/ (invented providers for tests).
core::Profile custom_profile(const std::string& name);

/// A provider state over the real profile, a manual clock and seeded entropy.
struct Fixture {
  explicit Fixture(const std::string& provider, core::ProviderOptions options = {});
  /// Over any profile, e.g. one of fixtures/profiles/.
  explicit Fixture(core::Profile profile, core::ProviderOptions options = {});
  ManualTime time;
  SeededEntropy entropy;
  std::unique_ptr<core::ProviderState> state;

  /// Sends a request to environment `env` (default: the first).
  core::Response send(const std::string& method, const std::string& target,
                      core::Headers headers = {}, std::string body = {}, std::string env = {},
                      std::string peer = "127.0.0.1");
  core::CreatedKey key(core::KeySpec spec = {});
};

/// The whole file, bytes as they are ("" when it cannot be read: the test's checks say more).
std::string read_file(const std::string& path);

/// The body's JSON.
nlohmann::json body_of(const core::Response& r);

}  // namespace mockgate::testing
