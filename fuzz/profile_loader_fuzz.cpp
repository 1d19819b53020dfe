// Feeds bytes to server::load_profile_text as a profile's YAML. Beyond "no crash" it asserts
// that the only error is InputError, with a message and a "name:line:col: message" first line;
// and that a profile that loads can serve: a provider state built from it answers a request
// with a status in 100..599 (a loaded profile is a valid one).
// Inputs over the loaders' size limit are skipped (yaml_input.hpp); alias bombs are InputErrors.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "yaml_input.hpp"

namespace {

namespace core = mockgate::core;
using mockgate::fuzz::require;

void serve_one(const core::Profile& profile) {
  mockgate::fuzz::FixedTime time;
  mockgate::fuzz::SeededEntropy entropy;
  core::ProviderState state(profile, time, entropy);
  const auto& env = profile.environments.front().name;
  const auto r = state.handle(core::Request::make("GET", "/"), env);
  require(r.status >= 100 && r.status <= 599, "a loaded profile answers with a status in 100..599");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!mockgate::fuzz::is_bounded_yaml(text)) return 0;
  core::Profile profile;
  try {
    profile = mockgate::server::load_profile_text("fuzz.yaml", text);
  } catch (const mockgate::InputError& e) {
    require(!e.message().empty(), "an InputError has a message");
    require(e.location_line().rfind("fuzz.yaml:", 0) == 0, "an InputError names the file");
    return 0;
  }
  require(!profile.environments.empty(), "a loaded profile has an environment");
  serve_one(profile);
  return 0;
}
