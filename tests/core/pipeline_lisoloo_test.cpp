// Lisoloo (document 004) through the decision pipeline: every LIS-* behaviour but the 500.
#include <doctest/doctest.h>

#include <string>

#include "mockgate/core/admin_api.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using core::KeyStatus;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kSend = "/api/v1/lisoloo/sms-api/send";
const std::string kBalance = "/api/v1/lisoloo/sms-api/balance";
const std::string kBody = R"({"to":"+393351234567","message":"Hello"})";

json detail(const std::string& text) { return json{{"detail", text}}; }
const json kGeneric = detail("Unauthorized");

core::KeySpec spec(const std::string& env, KeyStatus status = KeyStatus::Allowed) {
  core::KeySpec s;
  s.env = env;
  s.status = status;
  return s;
}

/// A send with `key` in the app-key header, at environment `env`.
core::Response send(Fixture& f, const std::string& key, const std::string& env = "live",
                    const std::string& body = kBody) {
  return f.send("POST", kSend, {{"app-key", key}, {"Content-Type", "application/json"}}, body, env);
}

/// A key of `status` at production gets 403 with the document's text.
void check_status_403(KeyStatus status, const std::string& text) {
  Fixture f("lisoloo");
  const auto k = f.key(spec("live", status));
  const auto r = send(f, k.value);
  CHECK(r.status == 403);
  CHECK(body_of(r) == detail(text));
  const auto balance = f.send("GET", kBalance, {{"app-key", k.value}}, {}, "live");
  CHECK(balance.status == 403);
  CHECK(body_of(balance) == detail(text));
}

}  // namespace

TEST_SUITE("pipeline_lisoloo") {
  TEST_CASE("LIS-OK: an allowed key of the environment is served") {
    Fixture f("lisoloo");
    SUBCASE("a production key at production") {
      const auto k = f.key(spec("live"));
      const auto r = send(f, k.value, "live");
      CHECK(r.status == 200);
      const auto body = body_of(r);
      CHECK(body.at("data").at("status") == "queued");
      CHECK(body.at("data").at("message_id").get<std::string>().size() == 36);
      const auto balance = f.send("GET", kBalance, {{"app-key", k.value}}, {}, "live");
      CHECK(balance.status == 200);
      CHECK(body_of(balance) == json{{"data", {{"available_sms", 250}}}});
    }
    SUBCASE("a sandbox key at the sandbox") {
      const auto k = f.key(spec("test"));
      CHECK(k.value.rfind("sk_test_", 0) == 0);
      CHECK(send(f, k.value, "test").status == 200);
      const auto balance = f.send("GET", kBalance, {{"app-key", k.value}}, {}, "test");
      CHECK(balance.status == 200);
      CHECK(body_of(balance) == json{{"data", {{"available_sms", 1000}}}});
    }
  }

  TEST_CASE("LIS-401-MISSING: without the app-key header the answer names the header") {
    Fixture f("lisoloo");
    f.key(spec("live"));
    const json missing = detail("Missing app-key header. Please provide a valid app-key.");
    SUBCASE("no headers at all") {
      const auto r = f.send("POST", kSend, {}, kBody, "live");
      CHECK(r.status == 401);
      CHECK(body_of(r) == missing);
    }
    SUBCASE("the key in another provider's header") {
      const auto k = f.key(spec("live"));
      for (const auto* header : {"X-Api-Key", "Authorization", "app_key", "appkey"}) {
        CAPTURE(header);
        const auto r = f.send("POST", kSend, {{header, k.value}}, kBody, "live");
        CHECK(r.status == 401);
        CHECK(body_of(r) == missing);
      }
    }
  }

  TEST_CASE("LIS-401-EMPTY: an empty or all-space app-key gets the empty-header text") {
    Fixture f("lisoloo");
    for (const auto* value : {"", " ", "    "}) {
      CAPTURE(std::string(value));
      const auto r = send(f, value);
      CHECK(r.status == 401);
      CHECK(body_of(r) == detail("Empty app-key header. Please provide a valid app-key."));
    }
  }

  TEST_CASE("LIS-401-ENV: a key at the other environment gets the generic 401") {
    Fixture f("lisoloo");
    SUBCASE("a sk_test_ key at production") {
      const auto r = send(f, f.key(spec("test")).value, "live");
      CHECK(r.status == 401);
      CHECK(body_of(r) == kGeneric);
    }
    SUBCASE("a sk_live_ key at the sandbox") {
      const auto r = send(f, f.key(spec("live")).value, "test");
      CHECK(r.status == 401);
      CHECK(body_of(r) == kGeneric);
    }
  }

  TEST_CASE("LIS-401-ENV: the environment is checked before the status") {
    Fixture f("lisoloo");
    SUBCASE("a suspended sandbox key at production gets the generic 401, not the 403") {
      const auto r = send(f, f.key(spec("test", KeyStatus::Suspended)).value, "live");
      CHECK(r.status == 401);
      CHECK(body_of(r) == kGeneric);
    }
    SUBCASE("a revoked production key at the sandbox gets the generic 401") {
      const auto r = send(f, f.key(spec("live", KeyStatus::Revoked)).value, "test");
      CHECK(r.status == 401);
      CHECK(body_of(r) == kGeneric);
    }
  }

  TEST_CASE("LIS-401-FORMAT: a malformed key gets the generic 401") {
    Fixture f("lisoloo");
    f.key(spec("live"));
    std::string key;
    SUBCASE("too short") { key = "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0"; }
    SUBCASE("far too short") { key = "sk_live_abc"; }
    SUBCASE("too long") { key = "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0iX"; }
    SUBCASE("a wrong prefix") { key = "pk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"; }
    SUBCASE("an unknown environment") { key = "sk_prod_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"; }
    SUBCASE("no prefix") { key = "kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0iABCDEFGH"; }
    SUBCASE("a character outside base62") { key = "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0!"; }
    SUBCASE("whitespace inside") { key = "sk_live_kqz3pX9aB7nT2vR4 wY8eD1fH6jM5oU0i"; }
    CAPTURE(key);
    const auto r = send(f, key);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kGeneric);
  }

  TEST_CASE("LIS-401-UNKNOWN: a well-formed key that matches nothing gets the same generic 401") {
    Fixture f("lisoloo");
    const auto k = f.key(spec("live"));
    SUBCASE("a key never created") {
      const auto r = send(f, "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i");
      CHECK(r.status == 401);
      CHECK(body_of(r) == kGeneric);
    }
    SUBCASE("a key with a real key's prefix and last 4 but another middle") {
      std::string twin = k.value;
      twin[10] = twin[10] == 'A' ? 'B' : 'A';
      const auto r = send(f, twin);
      CHECK(r.status == 401);
      CHECK(body_of(r) == kGeneric);
    }
  }

  TEST_CASE("LIS-401-DELETED: a soft-deleted key gets the generic 401") {
    Fixture f("lisoloo");
    const auto k = f.key(spec("live"));
    REQUIRE(send(f, k.value).status == 200);
    f.state->delete_key(k.record.id);
    const auto r = send(f, k.value);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kGeneric);
    CHECK(f.state->key(k.record.id).has_value());  // soft: still listed
  }

  TEST_CASE("LIS-400-BODY: an allowed key with a bad send body gets 400") {
    Fixture f("lisoloo");
    const auto k = f.key(spec("live"));
    std::string body;
    SUBCASE("not JSON") { body = "to=+393351234567&message=Hello"; }
    SUBCASE("empty") { body = ""; }
    SUBCASE("without to") { body = R"({"message":"Hello"})"; }
    SUBCASE("without message") { body = R"({"to":"+393351234567"})"; }
    SUBCASE("an empty to") { body = R"({"to":"","message":"Hello"})"; }
    SUBCASE("a JSON array") { body = "[]"; }
    CAPTURE(body);
    const auto r = send(f, k.value, "live", body);
    CHECK(r.status == 400);
    CHECK(body_of(r) == detail("Invalid request body"));
  }

  TEST_CASE("LIS-400-BODY: credentials are judged before the body") {
    Fixture f("lisoloo");
    const auto r = f.send("POST", kSend, {}, "not json", "live");
    CHECK(r.status == 401);
    CHECK(body_of(r) == detail("Missing app-key header. Please provide a valid app-key."));
  }

  TEST_CASE("LIS-403-PENDING: a key pending validation gets 403") {
    check_status_403(KeyStatus::PendingValidation,
                     "Gateway app is pending validation. Please contact support.");
  }

  TEST_CASE("LIS-403-SUSPENDED: a suspended key gets 403") {
    check_status_403(KeyStatus::Suspended, "Gateway app is suspended. Please contact support.");
  }

  TEST_CASE("LIS-403-REVOKED: a revoqued key gets 403") {
    check_status_403(KeyStatus::Revoked, "Gateway app has been revoked. Please contact support.");
  }

  TEST_CASE("LIS-403-LOCKED: a locked key gets 403") {
    check_status_403(KeyStatus::Locked, "Gateway app is locked. Please contact support.");
  }

  TEST_CASE("LIS-403-EXPIRED: a key in status expired gets 403") {
    check_status_403(KeyStatus::Expired, "Gateway app has expired. Please contact support.");
  }

  TEST_CASE("LIS-403-REJECTED: a rejected key gets 403") {
    check_status_403(KeyStatus::Rejected, "Gateway app has been rejected. Please contact support.");
  }

  TEST_CASE("LIS-403-EXPIRED: a key past its expires_at gets the expired 403") {
    Fixture f("lisoloo");
    auto s = spec("live");
    s.expires_at = f.state->now() + 1h;
    const auto k = f.key(s);
    CHECK(send(f, k.value).status == 200);
    f.time.advance(59min);
    CHECK(send(f, k.value).status == 200);
    f.time.advance(1min);
    const auto r = send(f, k.value);
    CHECK(r.status == 403);
    CHECK(body_of(r) == detail("Gateway app has expired. Please contact support."));
  }

  TEST_CASE("LIS-ROTATE: the new key works at once and the old one is dead at once") {
    Fixture f("lisoloo");
    const auto old_key = f.key(spec("live"));
    REQUIRE(send(f, old_key.value).status == 200);
    const auto new_key = f.state->rotate_key(old_key.record.id);
    CHECK(new_key.value != old_key.value);
    CHECK(new_key.record.rotated_from == old_key.record.id);
    CHECK(new_key.record.env == "live");
    CHECK(send(f, new_key.value).status == 200);
    const auto r = send(f, old_key.value);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kGeneric);
  }

  TEST_CASE("LIS-MULTI: several allowed keys of one merchant all authenticate") {
    Fixture f("lisoloo");
    const auto a = f.key(spec("live"));
    const auto b = f.key(spec("live"));
    const auto c = f.key(spec("live"));
    CHECK(a.record.owner == "merchant");
    CHECK(b.record.owner == a.record.owner);
    for (const auto* k : {&a, &b, &c}) CHECK(send(f, k->value).status == 200);
    f.state->delete_key(b.record.id);
    CHECK(send(f, a.value).status == 200);
    CHECK(send(f, b.value).status == 401);
    CHECK(send(f, c.value).status == 200);
  }

  TEST_CASE("LIS-LAST-USED: last_used_at advances on success only") {
    Fixture f("lisoloo");
    const auto k = f.key(spec("live"));
    const auto last_used = [&] { return f.state->key(k.record.id)->last_used_at; };
    CHECK_FALSE(last_used().has_value());

    REQUIRE(send(f, k.value).status == 200);
    const auto first = f.state->now();
    CHECK(last_used() == first);

    f.time.advance(5min);
    REQUIRE(send(f, k.value).status == 200);
    const auto second = f.state->now();
    CHECK(second == first + 5min);
    CHECK(last_used() == second);

    f.time.advance(5min);
    SUBCASE("not at the wrong environment") { CHECK(send(f, k.value, "test").status == 401); }
    SUBCASE("not while suspended") {
      f.state->set_key_status(k.record.id, KeyStatus::Suspended);
      CHECK(send(f, k.value).status == 403);
    }
    CHECK(last_used() == second);
  }

  TEST_CASE("LIS-REDACT: listings and the journal show only sk_live_…XXXX") {
    Fixture f("lisoloo");
    const auto k = f.key(spec("live"));
    const std::string shown = "sk_live_…" + k.value.substr(k.value.size() - 4);
    CHECK(k.record.display == shown);
    for (const auto& rec : f.state->keys()) {
      CHECK(rec.display == shown);
      const auto listed = core::key_json(*f.state, rec, f.state->now()).dump();
      CHECK(listed.find(k.value) == std::string::npos);
      CHECK(listed.find(shown) != std::string::npos);
    }
    send(f, k.value);
    const auto journal = f.state->journal();
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].key_id == k.record.id);
    REQUIRE(core::find_header(journal[0].headers, "app-key") != nullptr);
    CHECK(core::find_header(journal[0].headers, "app-key")->value == shown);
    CHECK(json(journal[0]).dump().find(k.value) == std::string::npos);
  }

  TEST_CASE("LIS-L10N: in Italian the statuses stay and the detail is translated") {
    Fixture f("lisoloo");
    f.state->set_locale("it");
    const auto suspended = f.key(spec("live", KeyStatus::Suspended));
    const auto sandbox = f.key(spec("test"));
    const auto ok = f.key(spec("live"));

    const auto missing = f.send("POST", kSend, {}, kBody, "live");
    CHECK(missing.status == 401);
    CHECK(body_of(missing) == detail("Header app-key mancante. Fornisci un app-key valido."));
    const auto empty = send(f, "");
    CHECK(empty.status == 401);
    CHECK(body_of(empty) == detail("Header app-key vuoto. Fornisci un app-key valido."));
    const auto env = send(f, sandbox.value);
    CHECK(env.status == 401);
    CHECK(body_of(env) == detail("Non autorizzato"));
    const auto status = send(f, suspended.value);
    CHECK(status.status == 403);
    CHECK(body_of(status) == detail("L'app gateway è sospesa. Contatta il supporto."));
    const auto bad_body = send(f, ok.value, "live", "{}");
    CHECK(bad_body.status == 400);
    CHECK(body_of(bad_body) == detail("Corpo della richiesta non valido"));
    CHECK(send(f, ok.value).status == 200);

    f.state->set_locale("en");
    CHECK(body_of(send(f, suspended.value)) ==
          detail("Gateway app is suspended. Please contact support."));
    // Answers are rendered once per locale: the Italian one rendered above must not come back.
    CHECK(body_of(f.send("POST", kSend, {}, kBody, "live")) ==
          detail("Missing app-key header. Please provide a valid app-key."));
  }

  TEST_CASE("LIS-L10N: an unknown locale is refused and the locale stays") {
    Fixture f("lisoloo");
    CHECK_THROWS_AS(f.state->set_locale("fr"), core::InvalidRequest);
    CHECK(f.state->locale() == "en");
  }
}
