// verify --target: the catalogue against a target that is already running, arranged through its
// admin API, or taken as a real provider with a keys file; drift is reported scenario by scenario.
#include <doctest/doctest.h>

#include <fstream>
#include <set>

#include "mockgate/runner/remote_target.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "reference_client.hpp"

using namespace mockgate;

namespace {

struct TargetRun {
  std::vector<runner::ScenarioResult> results;
  std::vector<runner::Scenario> scenarios;  // kept alive: results point into it

  std::set<std::string> with(runner::Verdict v) const {
    std::set<std::string> ids;
    for (const auto& r : results) {
      if (r.verdict == v) ids.insert(r.scenario->id);
    }
    return ids;
  }
};

/// A running lisoloo mock (TLS) from `profile_file`, and the target description of it.
struct RunningMock {
  explicit RunningMock(const std::string& profile_file) : server(server::load_profile(profile_file), options()) {
    server.start();
    for (const auto& l : server.listeners()) {
      target.urls[l.env] = l.url;
      target.plain_urls[l.env] = l.plain_url;
    }
    target.ca_file = server.ca_file();
  }
  static ServerOptions options() {
    ServerOptions o;
    o.tls = true;
    return o;
  }
  MockServer server;
  runner::RemoteTarget target;
};

std::unique_ptr<TargetRun> verify(const runner::RemoteTarget& target) {
  auto run = std::make_unique<TargetRun>();
  const auto profile = server::load_profile(MOCKGATE_TEST_PROFILES "/lisoloo.yaml");
  const auto lookup = [&](const std::string&) -> const core::Profile& { return profile; };
  for (const auto& f : runner::find_scenario_files({MOCKGATE_TEST_FIXTURES "/../scenarios/lisoloo"})) {
    run->scenarios.push_back(runner::load_scenario(f, lookup));
  }
  runner::RunOptions options;
  options.target = &target;
  run->results = runner::run_all(
      run->scenarios, lookup,
      [] { return std::make_unique<runner::CallableClientDriver>("builtin:cpp", fixtures::reference_cpp_client); },
      options, {});
  return run;
}

}  // namespace

TEST_SUITE("remote_target") {
  TEST_CASE("a running mock of the shipped profile passes every lisoloo scenario through its admin API" *
            doctest::timeout(120)) {
    RunningMock mock(MOCKGATE_TEST_PROFILES "/lisoloo.yaml");
    const auto run = verify(mock.target);
    for (const auto& r : run->results) {
      CHECK_MESSAGE(r.verdict == runner::Verdict::Pass, r.scenario->id << ": " << r.reason);
    }
  }

  TEST_CASE("a running mock of an altered profile fails exactly the altered answers" * doctest::timeout(120)) {
    RunningMock mock(MOCKGATE_TEST_FIXTURES "/profiles-altered/lisoloo.yaml");
    const auto run = verify(mock.target);
    CHECK(run->with(runner::Verdict::Fail) == std::set<std::string>{"lisoloo/probe-wrong-method", "lisoloo/suspended-key"});
    CHECK(run->with(runner::Verdict::Error).empty());
  }

  TEST_CASE("taken as a real provider, a target runs the probes its keys allow and skips the rest, saying why") {
    RunningMock mock(MOCKGATE_TEST_PROFILES "/lisoloo.yaml");
    auto& state = mock.server.provider();
    runner::TargetKeys keys;
    keys.by_status_env[{"allowed", "live"}] = state.create_key({.env = "live"}, "live").value;
    mock.target.keys = keys;
    mock.target.provider_only = true;
    const auto run = verify(mock.target);
    CHECK(run->with(runner::Verdict::Fail).empty());
    CHECK(run->with(runner::Verdict::Error).empty());
    const auto passed = run->with(runner::Verdict::Pass);
    CHECK(passed.count("lisoloo/probe-missing-header") == 1);
    CHECK(passed.count("lisoloo/probe-header-case") == 1);  // uses the allowed key from the file
    for (const auto& r : run->results) {
      if (r.scenario->id == "lisoloo/suspended-key") {
        CHECK(r.verdict == runner::Verdict::Skipped);
        CHECK(r.reason == "a real provider keeps no journal to judge a client by: only probes run");
      }
      if (r.scenario->id == "lisoloo/probe-rotated-old-key") {
        CHECK(r.reason == "key 'old' needs arranging beyond a status (delete, rotate, scope, owner, expiry)");
      }
    }
  }

  TEST_CASE("an environment without a --target is skipped, not failed") {
    RunningMock mock(MOCKGATE_TEST_PROFILES "/lisoloo.yaml");
    mock.target.urls.erase("test");
    const auto run = verify(mock.target);
    CHECK(run->with(runner::Verdict::Fail).empty());
    CHECK(run->with(runner::Verdict::Skipped).count("lisoloo/balance-sandbox") == 1);
  }

  TEST_CASE("a keys file with an unknown status is refused with its place") {
    const std::string path = "/tmp/mockgate-keys-test.yaml";
    std::ofstream(path) << "keys:\n  - {status: suspendd, env: live, value: x}\n";
    CHECK_THROWS_WITH_AS(runner::load_target_keys(path),
                         doctest::Contains("mockgate-keys-test.yaml:2:14: unknown status 'suspendd' (did you mean 'suspended'?)"),
                         InputError);
    std::remove(path.c_str());
  }
}
