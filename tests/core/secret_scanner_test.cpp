// The secret scanner: stored keys found inside any text, whole or buried in longer tokens,
// from fingerprints and salted hashes only; and the redaction by value built on it.
#include "mockgate/core/secret_scanner.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "mockgate/core/admin_api.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

void remember(core::SecretScanner& scanner, const std::string& secret) {
  scanner.add(scanner.print(secret), core::hash_secret(secret, "salt-" + secret));
}

core::Response admin(Fixture& f, const std::string& method, const std::string& target,
                     const std::string& body = {}) {
  return core::handle_admin(*f.state, core::Request::make(method, target, {}, body), "live", {});
}

const std::string kBalance = "/api/v1/lisoloo/sms-api/balance";

}  // namespace

TEST_SUITE("secret scanner") {
  TEST_CASE("a secret is found alone, at either end and inside longer tokens") {
    core::SecretScanner scanner(42);
    remember(scanner, "Abcdefghij0123456789");
    const auto at = [&](const std::string& text) {
      std::vector<std::size_t> out;
      for (const auto& s : scanner.find(text)) out.push_back(s.pos);
      return out;
    };
    CHECK(at("Abcdefghij0123456789") == std::vector<std::size_t>{0});
    CHECK(at("xAbcdefghij0123456789y") == std::vector<std::size_t>{1});
    CHECK(at("q=zzAbcdefghij0123456789zzAbcdefghij0123456789") == std::vector<std::size_t>{4, 26});
    CHECK(at("Abcdefghij012345678").empty());   // one short
    CHECK(at("Abcdefghij0123456780").empty());  // one wrong
    CHECK(at("").empty());
  }

  TEST_CASE("only runs of bytes the secrets hold are scanned, and every secret in them is found") {
    core::SecretScanner scanner(7);
    remember(scanner, "key-with.dots~42");                    // bytes a JSON body is full of
    remember(scanner, "\xE2\x82\xAC-euro-\xE2\x82\xAC-1234");  // and bytes it seldom holds
    const auto at = [&](const std::string& text) {
      std::vector<std::size_t> out;
      for (const auto& s : scanner.find(text)) out.push_back(s.pos);
      return out;
    };
    CHECK(at("key-with.dots~42").size() == 1);
    CHECK(at("{\"k\":\"key-with.dots~42\"}") == std::vector<std::size_t>{6});
    CHECK(at("xxkey-with.dots~42key-with.dots~42") == std::vector<std::size_t>{2, 18});
    CHECK(at("\xE2\x82\xAC-euro-\xE2\x82\xAC-1234 and key-with.dots~42") == std::vector<std::size_t>{0, 22});
    CHECK(at("key-with.dots~4").empty());      // one byte short
    CHECK(at("key-with dots~42").empty());     // a byte no secret holds breaks the run
    CHECK(at("").empty());
    scanner.clear();
    CHECK(at("key-with.dots~42").empty());
    remember(scanner, "short-one");
    CHECK(at("a short-one b") == std::vector<std::size_t>{2});  // what clear() forgot is rebuilt
  }

  TEST_CASE("secrets of several lengths are found in one pass each") {
    core::SecretScanner scanner(7);
    remember(scanner, "short-secret-1");
    remember(scanner, "a-much-longer-secret-of-another-length");
    const auto found = scanner.find("..a-much-longer-secret-of-another-length..short-secret-1");
    REQUIRE(found.size() == 2);
    CHECK(found[0].pos == 2);
    CHECK(found[1].length == 14);
  }

  TEST_CASE("the fingerprint depends on the seed, so it says nothing outside this process") {
    CHECK(core::SecretScanner(1).print("secret-value").value !=
          core::SecretScanner(2).print("secret-value").value);
  }
}

TEST_SUITE("redaction by value") {
  TEST_CASE("a stored key inside a longer query token, body or header name is redacted") {
    // Before: `?q=x<KEY>y` and a body `zz<KEY>zz` were journaled in cleartext.
    for (const std::string provider : {"lisoloo", "qlara"}) {
      CAPTURE(provider);
      Fixture f(provider);
      const auto key = f.key();
      const std::string path = f.state->profile().endpoints.front().path;
      (void)f.send("POST", path + "?q=x" + key.value + "y", {{"X-" + key.value, "zz" + key.value}},
                   "zz" + key.value + "zz");
      const auto r = admin(f, "GET", "/__mockgate/journal");
      REQUIRE(r.status == 200);
      CHECK(r.body.find(key.value) == std::string::npos);
      CHECK(r.body.find(key.record.display) != std::string::npos);
      CHECK(f.state->journal().at(0).has_flag(core::JournalFlag::KeyInUrl));
    }
  }

  TEST_CASE("rotated-away, deleted and reset-away keys stay redacted") {
    Fixture f("lisoloo");
    const auto rotated = f.key({.env = "live"});
    (void)f.state->rotate_key(rotated.record.id);
    const auto deleted = f.key({.env = "live"});
    f.state->delete_key(deleted.record.id);
    const auto reset_away = f.key({.env = "live"});
    f.state->reset();
    REQUIRE(f.state->keys().empty());
    for (const auto* k : {&rotated, &deleted, &reset_away}) {
      // Lisoloo's shape rule would catch a whole key: bury it where only its value finds it.
      (void)f.send("GET", kBalance + "?q=9" + k->value + "9", {}, "9" + k->value + "9", "live");
    }
    const auto r = admin(f, "GET", "/__mockgate/journal");
    for (const auto* k : {&rotated, &deleted, &reset_away}) CHECK(r.body.find(k->value) == std::string::npos);
  }

  TEST_CASE("admin errors never echo a key passed as an id, a name or a value") {
    // Before: "no key with id 'sk_live_…'" showed the whole key.
    Fixture f("qlara");
    const auto key = f.key();
    for (const auto& r : {admin(f, "GET", "/__mockgate/keys/" + key.value),
                          admin(f, "DELETE", "/__mockgate/keys/x" + key.value),
                          admin(f, "POST", "/__mockgate/keys/" + key.value + "/rotate"),
                          admin(f, "PATCH", "/__mockgate/accounts/" + key.value, "{}"),
                          admin(f, "PUT", "/__mockgate/locale", R"({"locale":")" + key.value + R"("})"),
                          admin(f, "POST", "/__mockgate/keys", R"({"env":"a)" + key.value + R"("})"),
                          admin(f, "GET", "/__mockgate/" + key.value)}) {
      CHECK(r.status >= 400);
      CHECK(r.body.find(key.value) == std::string::npos);
    }
  }

  TEST_CASE("scanning a 64 KiB body against 1,000 stored keys stays well under a millisecond per KiB") {
    Fixture f("agentclara");
    for (int i = 0; i < 1000; ++i) (void)f.key();
    std::string body(64 * 1024, 'a');
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i) (void)f.state->redacted(body);
    const auto per_body = (std::chrono::steady_clock::now() - started) / 10;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(per_body).count();
    MESSAGE("redacting a 64 KiB body against 1,000 keys: " << us << " us");
    CHECK(us < 64 * 1000);
  }
}
