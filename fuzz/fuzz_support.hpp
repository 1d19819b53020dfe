// What the fuzz targets share: the bundled profiles, a clock and entropy that repeat, and a
// provider state arranged with keys whose values the seed corpora know.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mockgate/core/provider_state.hpp"

namespace mockgate::fuzz {

/// The profiles in scenarios/providers/, loaded once (sorted by id: agentclara, agile-wholesale,
/// lisoloo, qlara), so an input byte can pick one.
const std::vector<core::Profile>& bundled_profiles();

/// A clock that never moves: the same input always meets the same date.
class FixedTime final : public core::TimeSource {
 public:
  core::SystemTime system_now() const override;
  core::SteadyTime steady_now() const override { return {}; }
};

/// xorshift bytes from a fixed seed, so generated ids repeat from run to run.
class SeededEntropy final : public core::Entropy {
 public:
  void fill(std::uint8_t* out, std::size_t size) override;
  void reseed() { state_ = kSeed; }

 private:
  static constexpr std::uint64_t kSeed = 0x9E3779B97F4A7C15ull;
  std::uint64_t state_ = kSeed;
};

/// The value of the allowed key arranged for `env`: the profile's prefix, then "Fuzz" repeated
/// to the generated length (fuzz/README.md lists them for seeds).
std::string fuzz_key_value(const core::Profile& profile, std::string_view env);

/// A provider state with one allowed key per key environment, one suspended key, and a
/// Basic-auth account "fuzzer":"fuzzpass".
struct ArrangedProvider {
  explicit ArrangedProvider(const core::Profile& profile);
  FixedTime time;
  SeededEntropy entropy;
  std::unique_ptr<core::ProviderState> state;
  std::vector<core::CreatedKey> keys;  ///< every key arranged, cleartext values included
};

/// The arranged state of bundled profile `index`, back at its baseline (POST /__mockgate/reset
/// and the entropy reseeded), so no input sees another's state. Made once per profile: building
/// one hashes keys (Argon2id for lisoloo) and would cost most of each input's time. The keys
/// returned are the arranged ones; a target may add those its input creates, for this input.
ArrangedProvider& arranged_provider(std::size_t index);

/// Traps when `ok` is false, naming the property: libFuzzer then saves the input.
void require(bool ok, const char* property);

/// Whether `body` is a JSON text that nlohmann parses and can dump again (valid UTF-8).
bool is_dumpable_json(std::string_view body);

}  // namespace mockgate::fuzz
