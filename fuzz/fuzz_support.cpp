// The fuzz targets' shared fixtures.
#include "fuzz_support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "mockgate/server/profile_loader.hpp"

namespace mockgate::fuzz {

const std::vector<core::Profile>& bundled_profiles() {
  static const auto profiles = [] {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(MOCKGATE_FUZZ_PROFILES)) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<core::Profile> out;
    for (const auto& f : files) out.push_back(server::load_profile(f));
    return out;
  }();
  return profiles;
}

core::SystemTime FixedTime::system_now() const {
  static const auto t = *core::parse_time("2026-03-01T12:00:00Z");
  return t;
}

void SeededEntropy::fill(std::uint8_t* out, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    out[i] = static_cast<std::uint8_t>(state_ >> 24);
  }
}

std::string fuzz_key_value(const core::Profile& profile, std::string_view env) {
  std::string random;
  while (random.size() < profile.key_format.length) random += "Fuzz";
  random.resize(profile.key_format.length);
  return profile.key_format.prefix_for(env) + random;
}

ArrangedProvider::ArrangedProvider(const core::Profile& profile) {
  state = std::make_unique<core::ProviderState>(profile, time, entropy);
  const std::string listener_env = profile.environments.front().name;
  for (const auto& env : profile.key_environments()) {
    core::KeySpec spec;
    spec.env = env;
    spec.value = fuzz_key_value(profile, env);
    keys.push_back(state->create_key(spec, listener_env));
  }
  core::KeySpec suspended;
  suspended.status = core::KeyStatus::Suspended;
  keys.push_back(state->create_key(suspended, listener_env));
  core::AccountSpec account;
  account.password = "fuzzpass";
  state->create_account("fuzzer", account);
  state->mark_baseline();
}

ArrangedProvider& arranged_provider(std::size_t index) {
  static std::vector<std::unique_ptr<ArrangedProvider>> providers;
  static std::vector<std::size_t> arranged_keys;
  const auto& profiles = bundled_profiles();
  if (providers.empty()) {
    for (const auto& p : profiles) {
      providers.push_back(std::make_unique<ArrangedProvider>(p));
      arranged_keys.push_back(providers.back()->keys.size());
    }
  }
  auto& provider = *providers.at(index);
  provider.state->reset();
  provider.entropy.reseed();
  provider.keys.resize(arranged_keys.at(index));
  return provider;
}

void require(bool ok, const char* property) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", property);
  std::abort();
}

bool is_dumpable_json(std::string_view body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return false;
  try {
    (void)j.dump();  // strict: throws on invalid UTF-8 in a string
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

}  // namespace mockgate::fuzz
