// --as-of: checking against the contract as it stood on a date (dated profile rules).
#include <doctest/doctest.h>

#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/runner/scenario_runner.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "reference_client.hpp"

using namespace mockgate;

namespace {

// Plain HTTP with a valid key: served before 2026-01-15, refused from that day (WHS-TLS).
constexpr const char* kScenario = R"(id: agile-wholesale/plain-served
provider: agile-wholesale
title: plain HTTP is served
covers: [WHS-TLS-BEFORE]
given:
  keys: [{name: main}]
when:
  credential: main
  transport: plain
  probe:
    method: POST
    path: /services/sms/send
    headers: {X-Api-Key: "{key}"}
    body: '{"messages": [{"destinations": ["+393351234567"], "body": "Hi"}]}'
then:
  responses: [{status: 200}]
)";

runner::Verdict run_as_of(const char* date) {
  const auto profile = server::load_profile(MOCKGATE_TEST_PROFILES "/agile-wholesale.yaml");
  const auto lookup = [&](const std::string&) -> const core::Profile& { return profile; };
  const std::vector<runner::Scenario> scenarios{runner::load_scenario_text("plain.yaml", kScenario, lookup)};
  runner::RunOptions options;
  options.as_of = core::parse_time(date);
  const auto results = runner::run_all(
      scenarios, lookup,
      [] { return std::make_unique<runner::CallableClientDriver>("builtin:cpp", fixtures::reference_cpp_client); },
      options, {});
  return results.at(0).verdict;
}

}  // namespace

TEST_SUITE("as_of") {
  TEST_CASE("--as-of before agile-wholesale's 2026-01-15 rule serves plain HTTP, after it, refuses it") {
    CHECK(run_as_of("2026-01-10") == runner::Verdict::Pass);
    CHECK(run_as_of("2026-02-01") == runner::Verdict::Fail);
  }
}
