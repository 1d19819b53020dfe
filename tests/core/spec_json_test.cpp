// The arranging specs as the admin API's JSON: what a client sends reads back as it was.
#include <doctest/doctest.h>

#include "mockgate/core/spec_json.hpp"

namespace core = mockgate::core;
using nlohmann::json;

TEST_SUITE("spec json") {
  TEST_CASE("a key spec goes to JSON and back unchanged, unset fields left out") {
    core::KeySpec spec{.env = "live",
                       .status = core::KeyStatus::Revoked,
                       .operations = std::vector<std::string>{"SMS", "RCS"},
                       .owner = "acme",
                       .username = "ops",
                       .tier = "enterprise",
                       .attributes = {{"name", "ci"}},
                       .expires_at = core::parse_time("2026-06-01T00:00:00Z"),
                       .value = "sk_live_" + std::string(32, 'x')};
    const json j = spec;
    CHECK(j.at("status") == "revoqued");  // document 004's spelling, which the reader accepts
    CHECK(j.at("expires_at") == "2026-06-01T00:00:00.000Z");
    const auto back = j.get<core::KeySpec>();
    CHECK(back.env == spec.env);
    CHECK(back.status == spec.status);
    CHECK(back.operations == spec.operations);
    CHECK(back.owner == spec.owner);
    CHECK(back.username == spec.username);
    CHECK(back.tier == spec.tier);
    CHECK(back.attributes == spec.attributes);
    CHECK(back.expires_at == spec.expires_at);
    CHECK(back.value == spec.value);

    const json minimal = core::KeySpec{};
    CHECK(minimal == json{{"status", "allowed"}});
    const auto defaults = minimal.get<core::KeySpec>();
    CHECK_FALSE(defaults.env);
    CHECK_FALSE(defaults.operations);
    CHECK_FALSE(defaults.value);
  }

  TEST_CASE("an account spec goes to JSON and back, an empty password kept apart from none") {
    core::AccountSpec spec{std::string(""), std::vector<std::string>{"10.0.0.0/8"}, std::string("gold"), std::nullopt};
    const json j = spec;
    CHECK(j == json{{"password", ""}, {"ip_whitelist", {"10.0.0.0/8"}}, {"tier", "gold"}});
    const auto back = j.get<core::AccountSpec>();
    CHECK(back.password == std::optional<std::string>(""));
    CHECK(back.ip_whitelist == spec.ip_whitelist);
    CHECK(back.tier == spec.tier);
    CHECK_FALSE(back.company);
  }

  TEST_CASE("bad JSON for a spec is refused naming the field") {
    CHECK_THROWS_WITH_AS(json({{"status", "paused"}}).get<core::KeySpec>(),
                         "unknown status 'paused'", core::InvalidRequest);
    CHECK_THROWS_WITH_AS(json({{"operations", "SMS"}}).get<core::KeySpec>(),
                         "operations must be a list of strings", core::InvalidRequest);
    CHECK_THROWS_WITH_AS(json({{"expires_at", "soon"}}).get<core::KeySpec>(),
                         "expires_at: 'soon' is not an RFC 3339 time such as 2026-01-10T00:00:00Z",
                         core::InvalidRequest);
    CHECK_THROWS_AS(json::array().get<core::KeySpec>(), core::InvalidRequest);
    CHECK_THROWS_WITH_AS(json({{"tier", 3}}).get<core::AccountSpec>(), "tier must be a string", core::InvalidRequest);
  }

  TEST_CASE("a created key reads from the admin API's answer") {
    const auto key = json{{"id", "key_1"}, {"env", "test"}, {"status", "suspended"},
                          {"display", "sk_test_…abcd"}, {"value", "sk_test_abcd"}, {"owner", "default"}}
                         .get<core::CreatedKey>();
    CHECK(key.record.id == "key_1");
    CHECK(key.record.env == "test");
    CHECK(key.record.status == core::KeyStatus::Suspended);
    CHECK(key.record.display == "sk_test_…abcd");
    CHECK(key.value == "sk_test_abcd");
  }
}
