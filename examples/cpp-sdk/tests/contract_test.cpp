// The whole Lisoloo contract, in process: every client scenario of the installed catalogue for
// the operations this SDK has, run by mockgate's runner with the SDK as the client.
#include <doctest/doctest.h>

#include <filesystem>

#include "lisoloo_client.hpp"
#include "mockgate/runner/catalogue.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/runner/scenario_runner.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace runner = mockgate::runner;

namespace {

/// The SDK behind the runner's client protocol: the same inputs in, the same outcome out.
nlohmann::json sdk_step(const runner::ClientInput& in) {
  lisoloo::Options options{.base_url = in.base_url, .api_key = in.api_key.value_or(""), .ca_file = in.ca_file};
  if (in.timeout_ms) options.timeout = std::chrono::milliseconds(*in.timeout_ms);
  const lisoloo::Client client(options);
  const auto result = in.operation == "send_sms"
                          ? client.send_sms(in.params.value("to", ""), in.params.value("text", ""),
                                            in.params.contains("sender") ? std::optional(in.params.value("sender", "")) : std::nullopt)
                          : client.balance();
  return {{"ok", result.ok},
          {"status", result.status ? nlohmann::json(*result.status) : nlohmann::json(nullptr)},
          {"error", result.ok ? nlohmann::json(nullptr) : nlohmann::json(lisoloo::to_string(result.error))},
          {"data", result.data}};
}

}  // namespace

TEST_CASE("the SDK passes every Lisoloo client scenario of the installed contract") {
  const std::string scenarios = MOCKGATE_SCENARIOS_DIR;
  const auto profile = mockgate::server::load_profile(MOCKGATE_PROFILES_DIR "/lisoloo.yaml");
  const auto profiles = [&](const std::string&) -> const mockgate::core::Profile& { return profile; };
  const auto catalogue = runner::load_catalogue(scenarios + "/catalogue.yaml");

  std::vector<runner::Scenario> chosen;
  for (const auto& file : runner::find_scenario_files({scenarios + "/lisoloo"})) {
    auto s = runner::load_scenario(file, profiles);
    const bool mine = s.when.operation == "get_balance" || s.when.operation == "send_sms";
    if (!s.when.probe && mine) chosen.push_back(std::move(s));
  }
  REQUIRE(chosen.size() >= 20);

  runner::RunOptions options;
  options.jobs = 2;
  options.catalogue = &catalogue;
  const auto results = runner::run_all(
      chosen, profiles,
      [] { return std::make_unique<runner::CallableClientDriver>("lisoloo SDK", sdk_step); }, options, {});
  for (const auto& r : results) {
    INFO(r.scenario->id << ": " << r.reason);
    CHECK(r.verdict == runner::Verdict::Pass);
  }
}
