// The admin API under /__mockgate/: access rules, strict JSON bodies, state changes, reset.
#include "mockgate/core/admin_api.hpp"

#include <doctest/doctest.h>

#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

const std::string kSend = "/api/v1/lisoloo/sms-api/send";
const std::string kBody = R"({"to":"+393351234567","message":"Hello"})";

/// An admin call received by Lisoloo's production listener.
core::Response admin(Fixture& f, const std::string& method, const std::string& target,
                     const std::string& body = {}, const std::string& peer = "127.0.0.1",
                     core::Headers headers = {}, const core::AdminAccess& access = {}) {
  return core::handle_admin(*f.state,
                            core::Request::make(method, target, std::move(headers), body, peer),
                            "live", access);
}

json error(const std::string& message) { return json{{"error", message}}; }

core::Response send_with(Fixture& f, const std::string& key) {
  return f.send("POST", kSend, {{"app-key", key}}, kBody, "live");
}

}  // namespace

TEST_SUITE("admin_api") {
  TEST_CASE("only paths under /__mockgate/ are admin paths") {
    CHECK(core::is_admin_path("/__mockgate"));
    CHECK(core::is_admin_path("/__mockgate/keys"));
    CHECK_FALSE(core::is_admin_path("/__mockgatex/keys"));
    CHECK_FALSE(core::is_admin_path("/api/v1/lisoloo/sms-api/send"));
  }

  TEST_CASE("health answers ok to a loopback caller") {
    Fixture f("lisoloo");
    for (const auto* peer : {"127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"}) {
      CAPTURE(peer);
      const auto r = admin(f, "GET", "/__mockgate/health", "", peer);
      CHECK(r.status == 200);
      CHECK(body_of(r) == json{{"ok", true}});
    }
  }

  TEST_CASE("stats report the journal, and the transport's connections when it counts them") {
    Fixture f("lisoloo");
    send_with(f, "not-a-key");
    auto r = admin(f, "GET", "/__mockgate/stats");
    CHECK(r.status == 200);
    CHECK(body_of(r) == json{{"env", "live"}, {"connections", nullptr}, {"journal", {{"size", 1}, {"dropped", 0}}}});

    core::AdminAccess access;
    access.connections = [] { return json{{"accepted", 3}}; };
    r = admin(f, "GET", "/__mockgate/stats", "", "127.0.0.1", {}, access);
    CHECK(body_of(r)["connections"] == json{{"accepted", 3}});
    CHECK(admin(f, "DELETE", "/__mockgate/stats").status == 405);
  }

  TEST_CASE("the route table: a known path with another method is 405 with Allow, an unknown path 404") {
    Fixture f("lisoloo");
    const auto allow = [](const core::Response& r) {
      for (const auto& h : r.headers) {
        if (h.name == "Allow") return h.value;
      }
      return std::string("(none)");
    };
    auto r = admin(f, "PUT", "/__mockgate/keys");
    CHECK(r.status == 405);
    CHECK(allow(r) == "GET, POST");
    CHECK(body_of(r) == error("use GET or POST on /__mockgate/keys"));
    r = admin(f, "POST", "/__mockgate/keys/k_1");
    CHECK(r.status == 405);
    CHECK(allow(r) == "GET, PATCH, DELETE");
    r = admin(f, "GET", "/__mockgate/keys/k_1/rotate");
    CHECK(allow(r) == "POST");
    CHECK(allow(admin(f, "DELETE", "/__mockgate/health")) == "GET, HEAD");
    r = admin(f, "GET", "/__mockgate/nosuch");
    CHECK(r.status == 404);
    CHECK(body_of(r) == error("no admin call GET /__mockgate/nosuch"));
    CHECK(admin(f, "GET", "/__mockgate/keys/k_1/rotate/x").status == 404);
  }

  TEST_CASE("without a token, a caller off loopback gets 403 and changes nothing") {
    Fixture f("lisoloo");
    const auto r = admin(f, "POST", "/__mockgate/keys", R"({"env":"live"})", "10.1.2.3");
    CHECK(r.status == 403);
    CHECK(body_of(r) ==
          error("admin calls are answered to loopback callers only (or set --admin-token)"));
    CHECK(f.state->keys().empty());
  }

  TEST_CASE("with a token, every caller must send it, loopback or not") {
    Fixture f("lisoloo");
    const core::AdminAccess access{"t0ken", {}};
    const json refused = error("admin calls need the X-Mockgate-Admin-Token header");
    SUBCASE("missing") {
      const auto r = admin(f, "GET", "/__mockgate/health", "", "127.0.0.1", {}, access);
      CHECK(r.status == 401);
      CHECK(body_of(r) == refused);
    }
    SUBCASE("wrong") {
      const auto r = admin(f, "GET", "/__mockgate/health", "", "127.0.0.1",
                           {{"X-Mockgate-Admin-Token", "t0kem"}}, access);
      CHECK(r.status == 401);
      CHECK(body_of(r) == refused);
    }
    SUBCASE("right, from far away, header name in any case") {
      const auto r = admin(f, "GET", "/__mockgate/health", "", "10.1.2.3",
                           {{"x-mockgate-admin-token", "t0ken"}}, access);
      CHECK(r.status == 200);
      CHECK(body_of(r) == json{{"ok", true}});
    }
  }

  TEST_CASE("LIS-REDACT: a created key is shown once in full, then only redacted") {
    Fixture f("lisoloo");
    const auto created = admin(f, "POST", "/__mockgate/keys", R"({"status":"allowed"})");
    REQUIRE(created.status == 201);
    const auto value = body_of(created).at("value").get<std::string>();
    CHECK(value.rfind("sk_live_", 0) == 0);  // the receiving listener's environment
    CHECK(value.size() == 8 + 32);
    CHECK(send_with(f, value).status == 200);

    const auto list = admin(f, "GET", "/__mockgate/keys");
    CHECK(list.status == 200);
    CHECK(list.body.find(value) == std::string::npos);
    const auto shown = body_of(list).at(0);
    CHECK(shown.at("id") == body_of(created).at("id"));
    CHECK(shown.at("display") == "sk_live_…" + value.substr(value.size() - 4));
    CHECK(shown.at("status") == "allowed");
    CHECK(shown.at("deleted") == false);
    CHECK(shown.at("last_used_at") == "2026-03-01T12:00:00.000Z");
  }

  TEST_CASE("bad key bodies get 400 with a JSON error") {
    Fixture f("lisoloo");
    std::string body;
    std::string message;
    SUBCASE("not JSON") {
      body = "{env: live";
      message = "body is not valid JSON";
    }
    SUBCASE("not an object") {
      body = "[]";
      message = "body must be a JSON object";
    }
    SUBCASE("an unknown field, with a suggestion") {
      body = R"({"stauts":"suspended"})";
      message = "unknown field 'stauts' (did you mean 'status'?)";
    }
    SUBCASE("an unknown status, with a suggestion") {
      body = R"({"status":"suspendd"})";
      message = "unknown status 'suspendd' (did you mean 'suspended'?)";
    }
    SUBCASE("an unknown env") {
      body = R"({"env":"staging"})";
      message = "unknown env 'staging' (known: test, live)";
    }
    SUBCASE("an unknown operation") {
      body = R"({"operations":["MMS"]})";
      message = "unknown operation 'MMS'";
    }
    SUBCASE("operations that are not a list") {
      body = R"({"operations":"SMS"})";
      message = "operations must be a list of strings";
    }
    SUBCASE("a malformed expiry") {
      body = R"({"expires_at":"tomorrow"})";
      message = "expires_at: 'tomorrow' is not an RFC 3339 time such as 2026-01-10T00:00:00Z";
    }
    SUBCASE("a malformed fixed value") {
      body = R"({"env":"live","value":"sk_live_short"})";
      message = "value is not a well-formed live key for lisoloo";
    }
    SUBCASE("a fixed value of another environment") {
      body = R"({"env":"live","value":"sk_test_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"})";
      message = "value is not a well-formed live key for lisoloo";
    }
    CAPTURE(body);
    const auto r = admin(f, "POST", "/__mockgate/keys", body);
    CHECK(r.status == 400);
    CHECK(body_of(r) == error(message));
    CHECK(f.state->keys().empty());
  }

  TEST_CASE("a key created with a fixed, well-formed value authenticates with it") {
    Fixture f("lisoloo");
    const std::string value = "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i";
    const auto r =
        admin(f, "POST", "/__mockgate/keys", R"({"env":"live","value":")" + value + "\"}");
    REQUIRE(r.status == 201);
    CHECK(body_of(r).at("value") == value);
    CHECK(send_with(f, value).status == 200);
    SUBCASE("the same value twice is a conflict") {
      const auto again = admin(f, "POST", "/__mockgate/keys", R"({"value":")" + value + "\"}");
      CHECK(again.status == 409);
      CHECK(body_of(again) == error("that key value exists"));
      CHECK(f.state->keys().size() == 1);
    }
  }

  TEST_CASE("an unknown key id gets 404 from every key call") {
    Fixture f("lisoloo");
    const json missing = error("no key with id 'nope'");
    const auto get = admin(f, "GET", "/__mockgate/keys/nope");
    CHECK(get.status == 404);
    CHECK(body_of(get) == missing);
    const auto patch = admin(f, "PATCH", "/__mockgate/keys/nope", R"({"status":"suspended"})");
    CHECK(patch.status == 404);
    CHECK(body_of(patch) == missing);
    const auto del = admin(f, "DELETE", "/__mockgate/keys/nope");
    CHECK(del.status == 404);
    CHECK(body_of(del) == missing);
    const auto rotate = admin(f, "POST", "/__mockgate/keys/nope/rotate");
    CHECK(rotate.status == 404);
    CHECK(body_of(rotate) == missing);
  }

  TEST_CASE("PATCH, DELETE and rotate change what a key gets") {
    Fixture f("lisoloo");
    const auto created = body_of(admin(f, "POST", "/__mockgate/keys", "{}"));
    const auto id = created.at("id").get<std::string>();
    const auto value = created.at("value").get<std::string>();

    const auto patched = admin(f, "PATCH", "/__mockgate/keys/" + id, R"({"status":"locked"})");
    CHECK(patched.status == 200);
    CHECK(body_of(patched).at("status") == "locked");
    CHECK(send_with(f, value).status == 403);

    SUBCASE("a PATCH with a bad field changes nothing") {
      const auto bad =
          admin(f, "PATCH", "/__mockgate/keys/" + id, R"({"status":"allowed","tier":"platinum"})");
      CHECK(bad.status == 400);
      CHECK(f.state->key(id)->status == core::KeyStatus::Locked);
    }
    SUBCASE("rotate answers the new value and where it came from") {
      const auto rotated = admin(f, "POST", "/__mockgate/keys/" + id + "/rotate");
      CHECK(rotated.status == 201);
      CHECK(body_of(rotated).at("rotated_from") == id);
      CHECK(body_of(rotated).at("value") != value);
      CHECK(send_with(f, value).status == 401);
    }
    SUBCASE("DELETE is a soft delete: 204 without a body, then listed as deleted") {
      const auto del = admin(f, "DELETE", "/__mockgate/keys/" + id);
      CHECK(del.status == 204);
      CHECK(del.body.empty());
      CHECK(body_of(admin(f, "GET", "/__mockgate/keys")).at(0).at("deleted") == true);
      CHECK(send_with(f, value).status == 401);
      CHECK(admin(f, "DELETE", "/__mockgate/keys/" + id).status == 404);
    }
  }

  TEST_CASE("an account is created once, a second POST of the same username is a conflict") {
    Fixture f("qlara");
    const auto r =
        admin(f, "POST", "/__mockgate/accounts",
              R"({"username":"alice","password":"s3cret","ip_whitelist":["10.0.0.0/8"]})");
    CHECK(r.status == 201);
    CHECK(body_of(r) == json{{"username", "alice"},
                             {"company", "Qlara Demo"},
                             {"tier", nullptr},
                             {"ip_whitelist", {"10.0.0.0/8"}},
                             {"basic_auth", true}});
    const auto again = admin(f, "POST", "/__mockgate/accounts", R"({"username":"alice"})");
    CHECK(again.status == 409);
    CHECK(body_of(again) == error("account 'alice' exists"));
    CHECK(f.state->accounts().size() == 2);  // the profile's default account and alice
  }

  TEST_CASE("POST /accounts may complete the account a key created") {
    Fixture f("qlara");
    REQUIRE(admin(f, "POST", "/__mockgate/keys", R"({"owner":"bob"})").status == 201);
    const auto r =
        admin(f, "POST", "/__mockgate/accounts", R"({"username":"bob","password":"pw"})");
    CHECK(r.status == 201);
    CHECK(body_of(r).at("basic_auth") == true);
  }

  TEST_CASE("PATCH /accounts changes an account, an unknown one is 404") {
    Fixture f("qlara");
    admin(f, "POST", "/__mockgate/accounts", R"({"username":"alice","password":"s3cret"})");
    const auto r = admin(f, "PATCH", "/__mockgate/accounts/alice",
                         R"({"ip_whitelist":["203.0.113.7","2001:db8::/32"],"company":"ACME"})");
    CHECK(r.status == 200);
    CHECK(body_of(r) == json{{"username", "alice"},
                             {"company", "ACME"},
                             {"tier", nullptr},
                             {"ip_whitelist", {"203.0.113.7", "2001:db8::/32"}},
                             {"basic_auth", true}});
    const auto unknown = admin(f, "PATCH", "/__mockgate/accounts/nobody", R"({"company":"X"})");
    CHECK(unknown.status == 404);
    CHECK(body_of(unknown) == error("no account 'nobody'"));
  }

  TEST_CASE("a refused account call changes nothing") {
    Fixture f("qlara");
    admin(f, "POST", "/__mockgate/accounts",
          R"({"username":"alice","ip_whitelist":["10.0.0.0/8"]})");
    const auto before = body_of(admin(f, "GET", "/__mockgate/accounts"));
    SUBCASE("creating with a bad whitelist entry") {
      const auto r = admin(
          f, "POST", "/__mockgate/accounts",
          R"({"username":"carol","password":"pw","ip_whitelist":["10.0.0.0/8","not-an-ip"]})");
      CHECK(r.status == 400);
      CHECK(body_of(r) == error("ip_whitelist: 'not-an-ip' is not an address or CIDR range"));
    }
    SUBCASE("patching with a bad whitelist entry") {
      const auto r = admin(f, "PATCH", "/__mockgate/accounts/alice",
                           R"({"company":"ACME","ip_whitelist":["10.0.0.0/33"]})");
      CHECK(r.status == 400);
      CHECK(body_of(r) == error("ip_whitelist: '10.0.0.0/33' is not an address or CIDR range"));
    }
    SUBCASE("creating without a username") {
      const auto r = admin(f, "POST", "/__mockgate/accounts", R"({"password":"pw"})");
      CHECK(r.status == 400);
      CHECK(body_of(r) == error("username is required"));
    }
    CHECK(body_of(admin(f, "GET", "/__mockgate/accounts")) == before);
  }

  TEST_CASE("clock and locale are set through the admin API and checked") {
    Fixture f("lisoloo");
    const auto clock = admin(f, "PUT", "/__mockgate/clock", R"({"now":"2026-01-10T00:00:00Z"})");
    CHECK(clock.status == 200);
    CHECK(body_of(clock) == json{{"now", "2026-01-10T00:00:00.000Z"}});
    const auto bad_clock = admin(f, "PUT", "/__mockgate/clock", R"({"now":"yesterday"})");
    CHECK(bad_clock.status == 400);
    CHECK(body_of(bad_clock) ==
          error("now: 'yesterday' is not an RFC 3339 time such as 2026-01-10T00:00:00Z"));
    const auto locale = admin(f, "PUT", "/__mockgate/locale", R"({"locale":"it"})");
    CHECK(locale.status == 200);
    CHECK(body_of(locale) == json{{"locale", "it"}});
    const auto bad_locale = admin(f, "PUT", "/__mockgate/locale", R"({"locale":"fr"})");
    CHECK(bad_locale.status == 400);
    CHECK(body_of(bad_locale) == error("unknown locale 'fr' (known: en, it)"));
    CHECK(f.state->locale() == "it");
  }

  TEST_CASE("the journal lists provider requests, not admin calls, with the documented fields") {
    Fixture f("lisoloo");
    const auto key =
        body_of(admin(f, "POST", "/__mockgate/keys", "{}")).at("value").get<std::string>();
    send_with(f, key);
    const auto r = admin(f, "GET", "/__mockgate/journal");
    CHECK(r.status == 200);
    const auto journal = body_of(r);
    REQUIRE(journal.size() == 1);
    const auto& e = journal.at(0);
    for (const auto* field :
         {"seq", "time", "env", "tls", "method", "path", "headers", "body", "status", "flags"}) {
      CAPTURE(field);
      CHECK(e.contains(field));
    }
    CHECK(e.at("seq") == 1);
    CHECK(e.at("time") == "2026-03-01T12:00:00.000Z");
    CHECK(e.at("env") == "live");
    CHECK(e.at("tls") == false);
    CHECK(e.at("method") == "POST");
    CHECK(e.at("path") == kSend);
    CHECK(e.at("headers") == json{{"app-key", "sk_live_…" + key.substr(key.size() - 4)}});
    CHECK(e.at("body") == kBody);
    CHECK(e.at("status") == 200);
    CHECK(e.at("flags") == json::array());
    CHECK(r.body.find(key) == std::string::npos);
  }

  // Found by fuzz_pipeline: a key glued to the method (`GETsk_live_… /path`) was journalled as sent.
  TEST_CASE("a stored key glued to the request method is redacted in the journal") {
    Fixture f("lisoloo");
    const auto key = f.key().value;
    f.send("GET" + key, "/api/v1/lisoloo/sms-api/balance", {}, {}, "live");
    const auto r = admin(f, "GET", "/__mockgate/journal");
    REQUIRE(body_of(r).size() == 1);
    CHECK(r.body.find(key) == std::string::npos);
    CHECK(body_of(r).at(0).at("method") == "GET" + key.substr(0, 8) + "…" + key.substr(key.size() - 4));
  }

  // Found by fuzz_admin_body: an owner that holds another key's value showed it in every listing.
  TEST_CASE("free text of keys and accounts shows a stored key only redacted") {
    Fixture f("lisoloo");
    const auto key = f.key().value;
    const auto shown = key.substr(0, 8) + "…" + key.substr(key.size() - 4);
    const auto created =
        admin(f, "POST", "/__mockgate/keys", json{{"owner", "team-" + key}, {"username", key}}.dump());
    REQUIRE(created.status == 201);
    CHECK(body_of(created).at("owner") == "team-" + shown);
    const auto id = body_of(created).at("id").get<std::string>();
    const auto account =
        admin(f, "POST", "/__mockgate/accounts", json{{"username", "ops-" + key}, {"company", key}}.dump());
    CHECK(account.status == 201);
    CHECK(account.body.find(key) == std::string::npos);
    const auto changed =
        admin(f, "PATCH", "/__mockgate/accounts/ops-" + key, json{{"company", "x" + key}}.dump());
    CHECK(changed.status == 200);
    CHECK(changed.body.find(key) == std::string::npos);

    for (const auto* target : {"/__mockgate/keys", "/__mockgate/accounts"}) {
      CAPTURE(target);
      const auto list = admin(f, "GET", target);
      CHECK(list.status == 200);
      CHECK(list.body.find(key) == std::string::npos);
    }
    const auto one = admin(f, "GET", "/__mockgate/keys/" + id);
    CHECK(one.body.find(key) == std::string::npos);
    CHECK(body_of(one).at("username") == shown);
    const auto patched = admin(f, "PATCH", "/__mockgate/keys/" + id, R"({"status":"suspended"})");
    CHECK(patched.body.find(key) == std::string::npos);
  }

  TEST_CASE("reset returns keys, accounts, locale, clock and journal to the start") {
    Fixture f("lisoloo");
    const auto key =
        body_of(admin(f, "POST", "/__mockgate/keys", "{}")).at("value").get<std::string>();
    admin(f, "POST", "/__mockgate/accounts", R"({"username":"alice","password":"pw"})");
    admin(f, "PUT", "/__mockgate/locale", R"({"locale":"it"})");
    admin(f, "PUT", "/__mockgate/clock", R"({"now":"2020-01-01T00:00:00Z"})");
    REQUIRE(send_with(f, key).status == 200);

    const auto r = admin(f, "POST", "/__mockgate/reset");
    CHECK(r.status == 200);
    CHECK(f.state->keys().empty());
    CHECK(body_of(admin(f, "GET", "/__mockgate/accounts")) ==
          json::array({{{"username", "merchant"},
                        {"company", "Demo Merchant"},
                        {"tier", nullptr},
                        {"ip_whitelist", json::array()},
                        {"basic_auth", false}}}));
    CHECK(f.state->locale() == "en");
    CHECK(core::format_time(f.state->now()) == "2026-03-01T12:00:00.000Z");
    CHECK(body_of(admin(f, "GET", "/__mockgate/journal")) == json::array());
    CHECK(send_with(f, key).status == 401);
  }

  TEST_CASE("reset returns the clock to the date the mock started at") {
    core::ProviderOptions options;
    options.now = core::parse_time("2026-01-10T00:00:00Z");
    Fixture f("agile-wholesale", options);
    f.time.advance(std::chrono::hours(1));
    CHECK(core::format_time(f.state->now()) == "2026-01-10T01:00:00.000Z");
    admin(f, "PUT", "/__mockgate/clock", R"({"now":"2030-01-01T00:00:00Z"})");
    CHECK(core::format_time(f.state->now()) == "2030-01-01T00:00:00.000Z");
    REQUIRE(admin(f, "POST", "/__mockgate/reset").status == 200);
    CHECK(core::format_time(f.state->now()) == "2026-01-10T00:00:00.000Z");
  }

  TEST_CASE("reset keeps what was arranged before the baseline was marked") {
    Fixture f("lisoloo");
    const auto kept = f.key([] {
      core::KeySpec s;
      s.env = "live";
      return s;
    }());
    f.state->mark_baseline();
    admin(f, "POST", "/__mockgate/keys", "{}");
    admin(f, "POST", "/__mockgate/reset");
    REQUIRE(f.state->keys().size() == 1);
    CHECK(f.state->keys().front().id == kept.record.id);
    CHECK(send_with(f, kept.value).status == 200);
  }

  TEST_CASE("an unknown admin call is 404") {
    Fixture f("lisoloo");
    const auto r = admin(f, "GET", "/__mockgate/nope");
    CHECK(r.status == 404);
    CHECK(body_of(r) == error("no admin call GET /__mockgate/nope"));
  }
}
