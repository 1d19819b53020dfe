// Feeds bytes to runner::load_scenario_text as a scenario's YAML, with the bundled profiles to
// check names against. Beyond "no crash" it asserts that the only error is InputError, with a
// message and a first line naming the file. (A provider that is not bundled is an InputError
// from the lookup, as the CLI's lookup gives one; the fuzzer never reads other files.)
// Inputs over the loaders' size limit are skipped (yaml_input.hpp); alias bombs are InputErrors.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "mockgate/input_error.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "yaml_input.hpp"

namespace {

namespace core = mockgate::core;
using mockgate::fuzz::require;

const core::Profile& bundled(const std::string& id) {
  for (const auto& p : mockgate::fuzz::bundled_profiles()) {
    if (p.id == id) return p;
  }
  throw mockgate::InputError(mockgate::SourceMark{"fuzz.yaml", 1, 1, {}}, "unknown provider");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!mockgate::fuzz::is_bounded_yaml(text)) return 0;
  try {
    (void)mockgate::runner::load_scenario_text("fuzz.yaml", text, bundled);
  } catch (const mockgate::InputError& e) {
    require(!e.message().empty(), "an InputError has a message");
    require(e.location_line().rfind("fuzz.yaml:", 0) == 0, "an InputError names the file");
  }
  return 0;
}
