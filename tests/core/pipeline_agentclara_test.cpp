// AgentClara (document 002) through the decision pipeline: Bearer keys, limit, test/live data.
#include <doctest/doctest.h>

#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using core::KeyStatus;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kList = "/conversations";
const json kInvalid = json{{"success", false}, {"error", "Invalid API key"}};

core::KeySpec spec(const std::string& env, KeyStatus status = KeyStatus::Allowed) {
  core::KeySpec s;
  s.env = env;
  s.status = status;
  return s;
}

core::Response list(Fixture& f, const std::string& authorization,
                    const std::string& target = kList) {
  return f.send("GET", target, {{"Authorization", authorization}}, {}, "live");
}

core::Response list_key(Fixture& f, const std::string& key, const std::string& target = kList) {
  return list(f, "Bearer " + key, target);
}

std::vector<std::string> ids(const core::Response& r) {
  std::vector<std::string> out;
  const json body = body_of(r);  // a named body: the loop must not run over a dead temporary
  for (const auto& item : body.at("data")) out.push_back(item.at("id").get<std::string>());
  return out;
}

}  // namespace

TEST_SUITE("pipeline_agentclara") {
  TEST_CASE("ACL-OK: a valid key lists conversations") {
    Fixture f("agentclara");
    const auto k = f.key(spec("live"));
    const auto r = list_key(f, k.value);
    CHECK(r.status == 200);
    const auto body = body_of(r);
    CHECK(body.at("success") == true);
    CHECK(ids(r) == std::vector<std::string>{"conv_live_001", "conv_live_002"});
  }

  TEST_CASE("ACL-OK: ?limit=N cuts the data to at most N items") {
    Fixture f("agentclara");
    const auto k = f.key(spec("test"));
    SUBCASE("the document's ?limit=1") {
      const auto r = list_key(f, k.value, kList + "?limit=1");
      CHECK(r.status == 200);
      CHECK(body_of(r).at("success") == true);
      CHECK(ids(r) == std::vector<std::string>{"conv_test_001"});
    }
    SUBCASE("a limit above the count changes nothing") {
      const auto r = list_key(f, k.value, kList + "?limit=50");
      CHECK(r.status == 200);
      CHECK(ids(r).size() == 3);
    }
    SUBCASE("limit=2") { CHECK(ids(list_key(f, k.value, kList + "?limit=2")).size() == 2); }
  }

  TEST_CASE("ACL-OK: the document's 16-character example key works when arranged") {
    Fixture f("agentclara");
    auto s = spec("test");
    s.value = "sk_test_1234567890abcdef";
    f.key(s);
    CHECK(list_key(f, "sk_test_1234567890abcdef").status == 200);
  }

  TEST_CASE("ACL-401-INVALID: an unknown, deleted or revoked key gets 401 Invalid API key") {
    Fixture f("agentclara");
    const auto k = f.key(spec("live"));
    std::string key;
    SUBCASE("unknown") { key = "sk_live_1234567890abcdefghijklmnopqrst"; }
    SUBCASE("deleted") {
      f.state->delete_key(k.record.id);
      key = k.value;
    }
    SUBCASE("revoked") {
      f.state->set_key_status(k.record.id, KeyStatus::Revoked);
      key = k.value;
    }
    SUBCASE("suspended") {
      f.state->set_key_status(k.record.id, KeyStatus::Suspended);
      key = k.value;
    }
    SUBCASE("too short a random part") { key = "sk_live_123456789012345"; }
    SUBCASE("an unknown prefix") { key = "sk_prod_1234567890abcdefghijklmnopqrst"; }
    const auto r = list_key(f, key);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }

  TEST_CASE("ACL-401-MISSING: no Authorization header gets 401 with the same body") {
    Fixture f("agentclara");
    f.key(spec("live"));
    SUBCASE("no header") {
      const auto r = f.send("GET", kList, {}, {}, "live");
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
    SUBCASE("the key in another header") {
      const auto k = f.key(spec("live"));
      const auto r = f.send("GET", kList, {{"X-Api-Key", k.value}}, {}, "live");
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
  }

  TEST_CASE("ACL-401-FORMAT: a Bearer header not in the documented format gets 401") {
    Fixture f("agentclara");
    const auto k = f.key(spec("live"));
    std::string value;
    SUBCASE("no Bearer word") { value = k.value; }
    SUBCASE("no space after Bearer") { value = "Bearer" + k.value; }
    SUBCASE("two spaces") { value = "Bearer  " + k.value; }
    SUBCASE("a tab instead of a space") { value = "Bearer\t" + k.value; }
    SUBCASE("Basic scheme") { value = "Basic " + k.value; }
    SUBCASE("Token scheme") { value = "Token " + k.value; }
    SUBCASE("whitespace inside the key") {
      value = "Bearer " + k.value.substr(0, 12) + " " + k.value.substr(12);
    }
    SUBCASE("a trailing word") { value = "Bearer " + k.value + " extra"; }
    SUBCASE("Bearer alone") { value = "Bearer"; }
    SUBCASE("empty") { value = ""; }
    CAPTURE(value);
    const auto r = list(f, value);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }

  TEST_CASE(
      "ACL-401-FORMAT: the scheme word is case-insensitive, so lowercase bearer is accepted") {
    Fixture f("agentclara");
    const auto k = f.key(spec("live"));
    for (const auto* word : {"Bearer ", "bearer ", "BEARER "}) {
      CAPTURE(word);
      CHECK(list(f, word + k.value).status == 200);
    }
  }

  TEST_CASE("ACL-401-EXPIRED: a key past its expiry gets 401 with the same body") {
    Fixture f("agentclara");
    SUBCASE("expires_at passes while the mock runs") {
      auto s = spec("live");
      s.expires_at = f.state->now() + 10min;
      const auto k = f.key(s);
      CHECK(list_key(f, k.value).status == 200);
      f.time.advance(10min);
      const auto r = list_key(f, k.value);
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
    SUBCASE("expires_at already past at creation") {
      auto s = spec("live");
      s.expires_at = f.state->now() - 1s;
      const auto r = list_key(f, f.key(s).value);
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
    SUBCASE("the clock set past expires_at") {
      auto s = spec("live");
      s.expires_at = *core::parse_time("2026-06-01");
      const auto k = f.key(s);
      CHECK(list_key(f, k.value).status == 200);
      f.state->set_clock(*core::parse_time("2026-06-02"));
      CHECK(list_key(f, k.value).status == 401);
    }
    SUBCASE("status expired") {
      const auto r = list_key(f, f.key(spec("live", KeyStatus::Expired)).value);
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
  }

  TEST_CASE("ACL-ENV: sk_test_ and sk_live_ keys are both accepted and see different data") {
    Fixture f("agentclara");
    const auto test_key = f.key(spec("test"));
    const auto live_key = f.key(spec("live"));
    CHECK(test_key.value.rfind("sk_test_", 0) == 0);
    CHECK(live_key.value.rfind("sk_live_", 0) == 0);
    const auto test_r = list_key(f, test_key.value);
    const auto live_r = list_key(f, live_key.value);
    CHECK(test_r.status == 200);
    CHECK(live_r.status == 200);
    CHECK(ids(test_r) ==
          std::vector<std::string>{"conv_test_001", "conv_test_002", "conv_test_003"});
    CHECK(ids(live_r) == std::vector<std::string>{"conv_live_001", "conv_live_002"});
    const json test_body = body_of(test_r);
    const json live_body = body_of(live_r);
    for (const auto& item : test_body.at("data")) CHECK(item.at("sandbox") == true);
    for (const auto& item : live_body.at("data")) CHECK(item.at("sandbox") == false);
  }

  TEST_CASE("ACL-ENV: a key created without an env at the one listener is a live key") {
    Fixture f("agentclara");
    const auto k = f.key();
    CHECK(k.record.env == "live");
    CHECK(k.value.rfind("sk_live_", 0) == 0);
  }

  TEST_CASE("ACL-MULTI: deleting one of several keys leaves the rest valid") {
    Fixture f("agentclara");
    const auto a = f.key(spec("live"));
    const auto b = f.key(spec("live"));
    const auto c = f.key(spec("test"));
    CHECK(a.record.owner == "clara-team");
    CHECK(c.record.owner == "clara-team");
    for (const auto* k : {&a, &b, &c}) CHECK(list_key(f, k->value).status == 200);
    f.state->delete_key(a.record.id);
    const auto r = list_key(f, a.value);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
    CHECK(list_key(f, b.value).status == 200);
    CHECK(list_key(f, c.value).status == 200);
  }

  TEST_CASE("ACL-MULTI: the documented rotation, create then switch then delete, has no gap") {
    Fixture f("agentclara");
    const auto old_key = f.key(spec("live"));
    const auto new_key = f.key(spec("live"));
    CHECK(list_key(f, old_key.value).status == 200);
    CHECK(list_key(f, new_key.value).status == 200);
    f.state->delete_key(old_key.record.id);
    CHECK(list_key(f, old_key.value).status == 401);
    CHECK(list_key(f, new_key.value).status == 200);
  }
  TEST_CASE("a key in tier unlimited is never rate limited, the profile's tiers still apply to others") {
    Fixture f("agentclara");  // standard: 1,000 a minute
    auto unlimited_spec = spec("live");
    unlimited_spec.tier = "unlimited";
    const auto unlimited = f.key(unlimited_spec);
    const auto standard = f.key(spec("live"));
    int refused_unlimited = 0;
    int refused_standard = 0;
    for (int i = 0; i < 1100; ++i) {
      refused_unlimited += list_key(f, unlimited.value).status == 429 ? 1 : 0;
      refused_standard += list_key(f, standard.value).status == 429 ? 1 : 0;
    }
    CHECK(refused_unlimited == 0);
    CHECK(refused_standard == 100);
  }

  TEST_CASE("a tier neither the profile nor the mock knows is refused, naming the known ones") {
    Fixture f("agentclara");
    auto s = spec("live");
    s.tier = "platinum";
    try {
      f.key(s);
      FAIL("an unknown tier was accepted");
    } catch (const core::InvalidRequest& e) {
      CHECK(std::string(e.what()) == "unknown tier 'platinum' (known: unlimited, enterprise, standard)");
    }
  }
}
