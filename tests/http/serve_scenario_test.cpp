// mockgate serve --scenario: the server starts in the state a scenario's `given` arranges,
// prints that scenario's keys once, and a reset returns to that state.
#include <doctest/doctest.h>

#include "http/support_serve.hpp"

using mockgate::testing::Served;

TEST_SUITE("serve_scenario") {
  TEST_CASE("serve --scenario arranges the scenario's keys and prints each one once") {
    // The scenario rotates key "old" into "new": 2 key lines, then 2 listeners.
    Served served({}, 4, {"--scenario", MOCKGATE_TEST_FIXTURES "/../scenarios/lisoloo/rotated-new-key.yaml"});
    REQUIRE(served.ready.size() == 4);
    std::map<std::string, std::string> keys;
    for (const auto& line : served.ready) {
      if (line.value("event", "") == "key") keys[line.at("name")] = line.at("value");
    }
    REQUIRE(keys.size() == 2);
    CHECK(keys["new"].rfind("sk_live_", 0) == 0);

    auto client = mockgate::testing::client_for(served.url("lisoloo", "live"));
    const auto balance = [&](const std::string& key) {
      const auto res = client.Get("/api/v1/lisoloo/sms-api/balance", {{"app-key", key}});
      return res ? res->status : -1;
    };
    CHECK(balance(keys["new"]) == 200);
    CHECK(balance(keys["old"]) == 401);  // rotated: dead at once

    // A reset returns to the scenario's state, not to an empty mock.
    const auto reset = client.Post("/__mockgate/reset", "", "application/json");
    REQUIRE(reset);
    CHECK(reset->status == 200);
    CHECK(balance(keys["new"]) == 200);
    CHECK(served.stop() == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve --scenario with a bad file exits 2 naming it") {
    mockgate::testing::ChildProcess p(mockgate::testing::command({"serve", "--no-tls", "--scenario", "/nonexistent/s.yaml"}));
    CHECK(p.wait_exit(std::chrono::seconds(5)) == 2);
  }
}
