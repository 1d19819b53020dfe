// What a profile alone decides, shown with an invented provider (fixtures/profiles/
// keyring.yaml): the default tier, an endpoint's response headers, answer headers on every
// path, and a key API whose field names and shapes are not document 003's.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "mockgate/core/admin_api.hpp"
#include "mockgate/core/fault_queue.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::body_of;
using mockgate::testing::custom_profile;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

constexpr const char* kToken = "X-Keyring-Token";

std::string header_of(const core::Response& r, std::string_view name) {
  const auto* h = r.header(name);
  return h == nullptr ? std::string("<none>") : h->value;
}

/// keyring with one caller key of the default account, in `tier` (default: the profile's).
struct Keyring {
  explicit Keyring(std::string tier = {}) : f(custom_profile("keyring")) {
    value = f.key({.tier = std::move(tier)}).value;
  }
  core::Response as_caller(const std::string& method, const std::string& target,
                           std::string body = {}) {
    return f.send(method, target, {{kToken, value}}, std::move(body));
  }
  Fixture f;
  std::string value;
};

/// The keyring profile's text from `from` up to (not including) `until` replaced by `to`,
/// loaded; an empty `until` replaces `from` alone.
core::Profile keyring_with(const std::string& from, const std::string& to,
                           const std::string& until = {}) {
  std::ifstream in(std::string(MOCKGATE_TEST_FIXTURES) + "/profiles/keyring.yaml");
  std::ostringstream read;
  read << in.rdbuf();
  std::string text = read.str();
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  const auto end = until.empty() ? at + from.size() : text.find(until, at);
  REQUIRE(end != std::string::npos);
  text.replace(at, end - at, to);
  return mockgate::server::load_profile_text("keyring-variant.yaml", text);
}

}  // namespace

TEST_SUITE("profile-driven answers") {
  TEST_CASE("a key with no tier gets the profile's default tier, neither standard nor the first") {
    Keyring k;
    CHECK(k.f.state->profile().rate_limits.default_tier == "silver");
    for (int i = 0; i < 3; ++i) CHECK(k.as_caller("GET", "/v2/ping").status == 200);
    const auto limited = k.as_caller("GET", "/v2/ping");
    CHECK(limited.status == 429);
    CHECK(header_of(limited, "X-Keyring-Error") == "rate");
    CHECK(header_of(limited, "Retry-After") == "60");
  }

  TEST_CASE("a key's or account's own tier still wins over the default") {
    Keyring k;
    const auto bronze = k.f.key({.tier = "bronze"}).value;
    for (int i = 0; i < 2; ++i) CHECK(k.f.send("GET", "/v2/ping", {{kToken, bronze}}).status == 200);
    CHECK(k.f.send("GET", "/v2/ping", {{kToken, bronze}}).status == 429);
  }

  TEST_CASE("without default_tier the old rule holds: standard if declared, else the first by name") {
    CHECK(keyring_with("  default_tier: silver\n", "").rate_limits.default_tier == "bronze");
    CHECK(keyring_with("{bronze: 2, silver: 3, gold: 100}\n  default_tier: silver",
                       "{bronze: 2, standard: 3}")
              .rate_limits.default_tier == "standard");
    for (const auto* id : {"lisoloo", "qlara", "agile-wholesale", "agentclara"}) {
      CAPTURE(id);
      CHECK(mockgate::testing::profile(id).rate_limits.default_tier == "standard");
    }
  }

  TEST_CASE("an endpoint's headers are filled like its body, with the caller's rate window") {
    Keyring k;
    const auto first = k.as_caller("GET", "/v2/ping");
    REQUIRE(first.status == 200);
    CHECK(header_of(first, "X-RateLimit-Limit") == "3");
    CHECK(header_of(first, "X-RateLimit-Remaining") == "2");
    CHECK(header_of(first, "X-Env") == "live");
    // One uuid per answer, the same in its headers and its body.
    const auto request_id = header_of(first, "X-Request-Id");
    CHECK(request_id.rfind("req-", 0) == 0);
    CHECK(request_id.size() == 40u);
    CHECK(body_of(first) == json{{"pong", true}, {"request", request_id}});
    CHECK(header_of(k.as_caller("GET", "/v2/ping"), "X-RateLimit-Remaining") == "1");
    CHECK(header_of(k.as_caller("GET", "/v2/ping"), "X-RateLimit-Remaining") == "0");
  }

  TEST_CASE("an unlimited caller gets no rate-limit headers, and the endpoint's others still") {
    Keyring k;
    const auto unlimited = k.f.key({.tier = std::string(core::kUnlimitedTier)}).value;
    const auto r = k.f.send("GET", "/v2/ping", {{kToken, unlimited}});
    REQUIRE(r.status == 200);
    CHECK(r.header("X-RateLimit-Limit") == nullptr);
    CHECK(r.header("X-RateLimit-Remaining") == nullptr);
    CHECK(header_of(r, "X-Env") == "live");
  }

  TEST_CASE("every answer path carries its answer's headers") {
    Keyring k;
    SUBCASE("missing, empty and invalid credentials") {
      CHECK(header_of(k.f.send("GET", "/v2/ping"), "X-Keyring-Error") == "missing");
      CHECK(header_of(k.f.send("GET", "/v2/ping", {{kToken, ""}}), "X-Keyring-Error") == "empty");
      CHECK(header_of(k.f.send("GET", "/v2/ping", {{kToken, "kr_nope"}}), "X-Keyring-Error") ==
            "invalid 401");
    }
    SUBCASE("a key status, a scope and a bad body") {
      const auto suspended = k.f.key({.status = core::KeyStatus::Suspended}).value;
      const auto r = k.f.send("GET", "/v2/ping", {{kToken, suspended}});
      CHECK(r.status == 423);
      CHECK(header_of(r, "X-Keyring-Error") == "suspended");
      const auto admin_only = k.f.key({.operations = std::vector<std::string>{"ADMIN"}}).value;
      CHECK(header_of(k.f.send("GET", "/v2/ping", {{kToken, admin_only}}), "X-Keyring-Error") == "scope");
      CHECK(header_of(k.as_caller("POST", "/v2/tokens", "[1"), "X-Keyring-Error") == "body");
      CHECK(header_of(k.as_caller("POST", "/v2/tokens", R"({"scopes":["NOPE"]})"), "X-Keyring-Error") ==
            "body");
    }
    SUBCASE("no route, a wrong method (with Allow) and a key API's not-found") {
      CHECK(header_of(k.as_caller("GET", "/v3"), "X-Keyring-Error") == "none here");
      const auto wrong = k.as_caller("PUT", "/v2/ping");
      CHECK(header_of(wrong, "X-Keyring-Error") == "method");
      CHECK(header_of(wrong, "Allow") == "GET");
      CHECK(header_of(k.as_caller("DELETE", "/v2/tokens/nope"), "X-Keyring-Error") == "none here");
      CHECK(header_of(k.as_caller("GET", "/v2/tokens/by-value/kr_nope"), "X-Keyring-Error") == "none here");
    }
    SUBCASE("plain HTTP refused, and a fault rendered as the provider's own answer") {
      const auto plain = k.f.state->handle(
          core::Request::make("GET", "/v2/ping", {{kToken, k.value}}, {}, "127.0.0.1",
                              core::Transport::Plain),
          "live");
      CHECK(plain.status == 403);
      CHECK(header_of(plain, "X-Keyring-Error") == "tls");
      core::Fault fault500;
      fault500.status = 500;
      k.f.state->push_faults(core::FaultStage::BeforeAuth, {fault500});
      const auto fault = k.as_caller("GET", "/v2/ping");
      CHECK(fault.status == 500);
      CHECK(header_of(fault, "X-Keyring-Error") == "internal");
      CHECK(body_of(fault) == json::parse(R"({"error":{"code":500,"text":"Broken"}})"));
    }
  }

  TEST_CASE("the key API answers in the profile's own field names and nesting") {
    Keyring k("gold");
    const auto made = k.as_caller("POST", "/v2/tokens", R"({"scopes":["PING"],"holder":"ann","channel":"app"})");
    REQUIRE(made.status == 201);
    CHECK(header_of(made, "Location") == "/v2/tokens");
    const json created = body_of(made);
    const std::string id = created.at("token").at("token_id");
    const std::string secret = created.at("token").at("secret");
    REQUIRE(secret.rfind("tok=kr_", 0) == 0);
    CHECK(created == json{{"token", {{"token_id", id}, {"secret", secret}, {"scopes", json::array({"PING"})}}},
                          {"meta", {{"made_at", "2026-03-01T12:00:00.000Z"}, {"via", "app"}}}});
    // The created key works, and carries what the create set.
    const auto value = secret.substr(4);
    CHECK(k.f.send("GET", "/v2/ping", {{kToken, value}}).status == 200);

    const auto found = k.as_caller("GET", "/v2/tokens/by-value/" + value);
    REQUIRE(found.status == 200);
    CHECK(found.headers.empty());
    CHECK(body_of(found) ==
          json{{"token", {{"token_id", id}, {"scopes", json::array({"PING"})}, {"state", "allowed"}}},
               {"meta", {{"made_at", "2026-03-01T12:00:00.000Z"}, {"org", "Keyring Org"}, {"ends", nullptr}}}});
    CHECK(found.body.find(value) == std::string::npos);

    const auto listed = k.as_caller("GET", "/v2/tokens");
    REQUIRE(listed.status == 200);
    CHECK(header_of(listed, "X-Token-Count-Unknown") == "yes");
    const json list = body_of(listed);
    REQUIRE(list.size() == 2u);
    CHECK(list.at(1) == json{{"token_id", id}, {"holder", "ann"}, {"scopes", json::array({"PING"})}, {"via", "app"}});
    // The caller's own key has the defaults: the account as holder, the attribute's default.
    CHECK(list.at(0).at("holder") == "keyring-org");
    CHECK(list.at(0).at("via") == "web");

    const auto deleted = k.as_caller("DELETE", "/v2/tokens/" + id);
    CHECK(deleted.status == 204);
    CHECK(header_of(deleted, "X-Deleted") == id);
    CHECK(k.f.send("GET", "/v2/ping", {{kToken, value}}).status == 401);
  }

  TEST_CASE("the key API's list filters are the profile's query names, on any key field") {
    Keyring k("gold");
    for (const auto* body : {R"({"holder":"ann","channel":"app"})", R"({"holder":"ann"})",
                             R"({"holder":"bo","channel":"app"})"}) {
      REQUIRE(k.as_caller("POST", "/v2/tokens", body).status == 201);
    }
    const auto count = [&](const std::string& query) {
      return body_of(k.as_caller("GET", "/v2/tokens" + query)).size();
    };
    CHECK(count("") == 4u);
    CHECK(count("?holder=ann") == 2u);
    CHECK(count("?via=app") == 2u);
    CHECK(count("?holder=ann&via=app") == 1u);
    CHECK(count("?via=web") == 2u);  // the caller's key and ann's second, both by default
    CHECK(count("?userId=ann") == 4u);  // not this profile's filter: ignored
    // A create that leaves a field out keeps its default; scopes default to all operations.
    const json second = body_of(k.as_caller("GET", "/v2/tokens?holder=ann&via=web")).at(0);
    CHECK(second.at("scopes") == json{"PING", "ADMIN"});
  }

  TEST_CASE("a key attribute is set by name, and a name the profile lacks is refused") {
    Keyring k;
    const auto made = k.f.key({.attributes = {{"channel", "batch"}}});
    CHECK(made.record.attributes == std::map<std::string, std::string>{{"channel", "batch"}});
    CHECK_THROWS_AS(k.f.key({.attributes = {{"traffic_type", "X"}}}), core::InvalidRequest);
  }

  TEST_CASE("a profile without a key_management section answers in mockgate's own names") {
    Fixture f(keyring_with("key_management:\n", "", "plain_http:"));
    const auto caller = f.key();
    const auto made = f.send("POST", "/v2/tokens", {{kToken, caller.value}}, R"({"holder":"x"})");
    REQUIRE(made.status == 201);
    const json created = body_of(made);
    CHECK(created == json{{"id", created.at("id")},
                          {"username", "keyring-org"},
                          {"operations", {"PING", "ADMIN"}},
                          {"created_at", "2026-03-01T12:00:00.000Z"},
                          {"value", created.at("value")}});
    const auto listed = f.send("GET", "/v2/tokens?username=keyring-org", {{kToken, caller.value}});
    CHECK(body_of(listed).size() == 2u);
    CHECK_FALSE(body_of(listed).at(0).contains("value"));
  }
}

TEST_SUITE("profile-driven answers: admin API") {
  TEST_CASE("POST /__mockgate/keys sets the profile's key attributes and refuses others") {
    Keyring k("gold");
    const auto admin = [&](const std::string& body) {
      return core::handle_admin(*k.f.state, core::Request::make("POST", "/__mockgate/keys", {}, body),
                                "live", {});
    };
    const auto made = admin(R"({"attributes":{"channel":"batch"}})");
    REQUIRE(made.status == 201);
    const auto listed = body_of(k.as_caller("GET", "/v2/tokens?via=batch"));
    REQUIRE(listed.size() == 1u);
    CHECK(listed.at(0).at("token_id") == body_of(made).at("id"));
    CHECK(admin(R"({"attributes":{"traffic_type":"X"}})").status == 400);
    CHECK(admin(R"({"attributes":["channel"]})").status == 400);
    CHECK(admin(R"({"attributes":{"channel":1}})").status == 400);
  }
}
