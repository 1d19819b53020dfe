// Verification against a deliberately altered profile reports exactly the altered behaviours:
// the catalogue is sharp enough to see a provider's drift, and blunt nowhere else.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <set>

#include "mockgate/runner/catalogue.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/runner/scenario_runner.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "reference_client.hpp"

namespace {

using namespace mockgate;

/// Runs every lisoloo scenario with the built-in client against `profile_file`; returns the
/// ids of those that did not pass.
std::set<std::string> failing_lisoloo_scenarios(const std::string& profile_file) {
  const auto profile = server::load_profile(profile_file);
  const auto lookup = [&](const std::string&) -> const core::Profile& { return profile; };
  std::vector<runner::Scenario> scenarios;
  for (const auto& file : runner::find_scenario_files({std::string(MOCKGATE_TEST_FIXTURES) + "/../scenarios/lisoloo"})) {
    scenarios.push_back(runner::load_scenario(file, lookup));
  }
  runner::RunOptions options;
  options.jobs = 2;
  const auto results = runner::run_all(
      scenarios, lookup,
      [] { return std::make_unique<runner::CallableClientDriver>("builtin:cpp", fixtures::reference_cpp_client); },
      options, {});
  std::set<std::string> failing;
  for (const auto& r : results) {
    if (r.verdict != runner::Verdict::Pass) failing.insert(r.scenario->id + " — " + r.reason);
  }
  return failing;
}

}  // namespace

TEST_SUITE("drift") {
  TEST_CASE("the shipped lisoloo profile passes every lisoloo scenario" * doctest::timeout(120)) {
    const auto failing = failing_lisoloo_scenarios(std::string(MOCKGATE_TEST_PROFILES) + "/lisoloo.yaml");
    for (const auto& f : failing) MESSAGE(f);
    CHECK(failing.empty());
  }

  TEST_CASE("an altered profile fails exactly the scenarios of the altered answers" * doctest::timeout(120)) {
    const auto failing = failing_lisoloo_scenarios(std::string(MOCKGATE_TEST_FIXTURES) + "/profiles-altered/lisoloo.yaml");
    std::set<std::string> ids;
    for (const auto& f : failing) {
      MESSAGE(f);
      ids.insert(f.substr(0, f.find(" — ")));
      // Each failure is about an answer's body, not anything else.
      CHECK(f.find("body: expected") != std::string::npos);
    }
    CHECK(ids.count("lisoloo/suspended-key") == 1);      // LIS-403-SUSPENDED's text changed
    CHECK(ids.count("lisoloo/probe-wrong-method") == 1);  // ALL-405's text changed
    for (const auto& id : ids) {
      CAPTURE(id);
      CHECK((id.find("suspended") != std::string::npos || id.find("wrong-method") != std::string::npos));
    }
  }
}
