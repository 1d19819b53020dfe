// run_all's scheduling, without sockets: which scenarios start first, when a client counts as
// waiting on its mock, how -j admits scenarios while others wait, and how long a client may run.
#include "mockgate/runner/schedule.hpp"

#include <doctest/doctest.h>

#include "mockgate/runner/scenario_runner.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
namespace runner = mockgate::runner;
using namespace std::chrono_literals;
using mockgate::testing::Fixture;

namespace {

const std::string kBalance = "/api/v1/lisoloo/sms-api/balance";

runner::Scenario with_faults(std::vector<core::Fault> faults, std::optional<int> client_timeout_ms = {}) {
  runner::Scenario s;
  s.given.faults.push_back({core::FaultStage::BeforeAuth, std::move(faults)});
  s.when.client_timeout_ms = client_timeout_ms;
  return s;
}

core::Fault status(int code, int repeat = 1) {
  core::Fault f;
  f.status = code;
  f.repeat = repeat;
  return f;
}

core::Fault delay(std::chrono::milliseconds how_long) {
  core::Fault f;
  f.delay = how_long;
  return f;
}

}  // namespace

TEST_SUITE("schedule") {
  TEST_CASE("expected waits: Retry-After of 429s, held answers up to the client's timeout, a second per retried failure") {
    CHECK(runner::expected_wait(runner::Scenario{}) == 0ms);
    auto rate_limited = status(429, 3);
    rate_limited.retry_after = 2;
    CHECK(runner::expected_wait(with_faults({rate_limited})) == 6s);
    CHECK(runner::expected_wait(with_faults({status(429)})) == 1s);  // Retry-After defaults to 1
    CHECK(runner::expected_wait(with_faults({delay(3s)})) == 3s);
    CHECK(runner::expected_wait(with_faults({delay(3s)}, 1000)) == 1s);
    CHECK(runner::expected_wait(with_faults({status(500, 2)})) == 2s);
    CHECK(runner::expected_wait(with_faults({status(401)})) == 0ms);  // answered, not retried
    auto bounded = with_faults({status(429, 20)});
    bounded.then.requests = runner::CountExpectation{{}, {}, 3};
    CHECK(runner::expected_wait(bounded) == 3s);  // the client asks 3 times at most, not 20
  }

  TEST_CASE("the longest expected waits start first, the others keep their order") {
    const std::vector<runner::Scenario> scenarios = {
        runner::Scenario{}, with_faults({status(500)}), runner::Scenario{}, with_faults({delay(3s)}),
        with_faults({status(500)})};
    CHECK(runner::longest_waits_first(scenarios) == std::vector<std::size_t>{3, 1, 4, 0, 2});
  }

  TEST_CASE("a client waits on its mock after a 429, a 5xx, a drop or a held answer") {
    Fixture f("lisoloo");
    runner::ScenarioActivity activity;
    CHECK_FALSE(activity.client_waiting());  // no mock yet
    activity.attach(f.state.get());
    CHECK_FALSE(activity.client_waiting());  // nothing answered yet

    const auto key = f.key().value;
    f.send("GET", kBalance, {{"app-key", key}});
    CHECK_FALSE(activity.client_waiting());  // 200: the client goes on working

    f.state->push_faults(core::FaultStage::BeforeAuth, {status(429)});
    f.send("GET", kBalance, {{"app-key", key}});
    CHECK(activity.client_waiting());

    f.send("GET", kBalance);  // 401: final, nothing to wait for
    CHECK_FALSE(activity.client_waiting());

    core::Fault dropped;
    dropped.drop = true;
    for (const auto& fault : {status(503), dropped, delay(50ms)}) {
      f.state->push_faults(core::FaultStage::BeforeAuth, {fault});
      f.send("GET", kBalance, {{"app-key", key}});
      CHECK(activity.client_waiting());
    }
    activity.attach(nullptr);
    CHECK_FALSE(activity.client_waiting());
  }

  TEST_CASE("-j bounds the scenarios working, waiting ones lend their slot, up to the in-flight bound") {
    Fixture f("lisoloo");
    runner::WorkGate gate(1, 3);
    runner::ScenarioActivity first, second, third, fourth;
    REQUIRE(gate.try_enter(first));
    CHECK_FALSE(gate.try_enter(second));  // one working already

    first.attach(f.state.get());
    f.state->push_faults(core::FaultStage::BeforeAuth, {status(429)});
    f.send("GET", kBalance, {{"app-key", f.key().value}});
    CHECK(gate.try_enter(second));        // the first waits out its Retry-After
    CHECK_FALSE(gate.try_enter(third));   // the second works

    Fixture g("lisoloo");
    second.attach(g.state.get());
    g.state->push_faults(core::FaultStage::BeforeAuth, {delay(10ms)});
    g.send("GET", kBalance);
    CHECK(gate.try_enter(third));         // both others wait
    CHECK_FALSE(gate.try_enter(fourth));  // but three are in flight

    gate.leave(first);
    first.attach(nullptr);
    CHECK_FALSE(gate.try_enter(fourth));  // the third works: no slot
    gate.leave(third);
    CHECK(gate.try_enter(fourth));
    second.attach(nullptr);
  }
}

TEST_SUITE("client_budget") {
  TEST_CASE("a client may run --timeout, or longer where the mock holds answers back or refuses") {
    // Refusals: room for document 002's back-off over five waits, 1 + 2 + 4 + 8 + 16 s.
    CHECK(runner::client_budget(with_faults({status(429, 20)}), 30s) == 61s);
    CHECK(runner::client_budget(with_faults({status(500, 1)}), 30s) == 31s);
    core::Fault held;
    held.delay = 20s;
    held.repeat = 6;
    // Six attempts, each held 20 s: a client whose own timeout is 10 s needs a minute.
    CHECK(runner::client_budget(with_faults({held}), 30s) == 150s);
    CHECK(runner::client_budget(runner::Scenario{}, 5s) == 5s);
  }
}
