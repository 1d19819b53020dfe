// The key store: key shapes per profile, display forms, hashed storage, lookup by narrowing.
#include "mockgate/core/key_store.hpp"

#include <doctest/doctest.h>

#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::profile;

namespace {

const std::string kDocKey = "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i";  // document 004's example

core::KeyRecord record(const std::string& id, const std::string& env = "live") {
  core::KeyRecord r;
  r.id = id;
  r.env = env;
  return r;
}

core::SystemTime at(const char* text) { return *core::parse_time(text); }

}  // namespace

TEST_SUITE("key_store") {
  TEST_CASE("LIS-REDACT: a key is displayed as its prefix, an ellipsis and its last 4") {
    CHECK(core::display_form("sk_live_", kDocKey) == "sk_live_…oU0i");
    CHECK(core::display_form("", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789WXYZ") == "…WXYZ");
  }

  TEST_CASE("a value too short to hide shows none of itself") {
    CHECK(core::display_form("", "abc") == "…");
    CHECK(core::display_form("sk_live_", "sk_live_abc") == "sk_live_…");
    CHECK(core::display_form("", "") == "…");
  }

  TEST_CASE("Lisoloo keys are sk_<env>_ and exactly 32 base62 characters") {
    const auto p = profile("lisoloo");
    const core::KeyStore store(p.key_format, p.key_environments());
    CHECK(store.is_well_formed(kDocKey));
    CHECK(store.is_well_formed("sk_test_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"));
    CHECK_FALSE(store.is_well_formed("sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0"));    // 31
    CHECK_FALSE(store.is_well_formed("sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0ix"));  // 33
    CHECK_FALSE(store.is_well_formed("sk_prod_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"));
    CHECK_FALSE(store.is_well_formed("pk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"));
    CHECK_FALSE(store.is_well_formed("sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0-"));
    CHECK_FALSE(store.is_well_formed("kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"));
    CHECK(store.env_of(kDocKey) == std::optional<std::string>("live"));
    CHECK(store.env_of("sk_test_x") == std::optional<std::string>("test"));
    CHECK_FALSE(store.env_of("sk_prod_x").has_value());
    CHECK(store.prefix_of(kDocKey) == "sk_live_");
    CHECK(store.prefix_of("pk_live_x") == "");
  }

  TEST_CASE("Qlara keys are 40 base62 characters without a prefix") {
    const auto p = profile("qlara");
    const core::KeyStore store(p.key_format, p.key_environments());
    const std::string forty(40, 'a');
    CHECK(store.is_well_formed(forty));
    CHECK(store.is_well_formed("0123456789abcdefghijABCDEFGHIJklmnopqrst"));
    CHECK_FALSE(store.is_well_formed(std::string(39, 'a')));
    CHECK_FALSE(store.is_well_formed(std::string(41, 'a')));
    CHECK_FALSE(store.is_well_formed(std::string(39, 'a') + "_"));
    CHECK(store.prefix_of(forty) == "");
  }

  TEST_CASE("AgentClara keys take a random part of 16 characters or more") {
    const auto p = profile("agentclara");
    const core::KeyStore store(p.key_format, p.key_environments());
    CHECK(store.is_well_formed("sk_test_1234567890abcdef"));                // the doc's example
    CHECK(store.is_well_formed("sk_test_1234567890abcdefghijklmnopqrst"));  // the doc's other one
    CHECK_FALSE(store.is_well_formed("sk_test_1234567890abcde"));           // 15
    CHECK(store.is_well_formed("sk_live_" + std::string(200, 'Z')));
  }

  TEST_CASE("an added key is found by its value and never stored in cleartext") {
    const auto p = profile("lisoloo");
    core::KeyStore store(p.key_format, p.key_environments());
    const auto& stored = store.add(record("k1"), kDocKey, "salt-1");
    CHECK(stored.display == "sk_live_…oU0i");
    CHECK(stored.secret.salt == "salt-1");
    CHECK(stored.secret.digest != core::hash_secret(kDocKey, "other-salt").digest);
    CHECK(core::verify_secret(stored.secret, kDocKey));
    CHECK(store.find_by_value(kDocKey) == store.find_by_id("k1"));
    REQUIRE(store.find_by_value(kDocKey) != nullptr);
    CHECK(store.find_by_value(kDocKey)->id == "k1");
    CHECK(store.find_by_id("nope") == nullptr);
  }

  TEST_CASE("a value with a key's prefix and last 4 but another middle is not that key") {
    const auto p = profile("lisoloo");
    core::KeyStore store(p.key_format, p.key_environments());
    store.add(record("k1"), kDocKey, "salt-1");
    const std::string twin = "sk_live_XXXXXXXXXXXXXXXXXXXXXXXXXXXXoU0i";
    REQUIRE(core::display_form("sk_live_", twin) == "sk_live_…oU0i");
    CHECK(store.find_by_value(twin) == nullptr);
    CHECK(store.find_by_value("sk_test_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i") == nullptr);
  }

  TEST_CASE("keys sharing a display form are each found by their own value") {
    const auto p = profile("lisoloo");
    core::KeyStore store(p.key_format, p.key_environments());
    const std::string a = "sk_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaaWXYZ";
    const std::string b = "sk_live_bbbbbbbbbbbbbbbbbbbbbbbbbbbbWXYZ";
    store.add(record("a"), a, "s1");
    store.add(record("b"), b, "s2");
    REQUIRE(store.find_by_value(a) != nullptr);
    REQUIRE(store.find_by_value(b) != nullptr);
    CHECK(store.find_by_value(a)->id == "a");
    CHECK(store.find_by_value(b)->id == "b");
  }

  TEST_CASE("restore replaces every record and rebuilds both indexes, clear empties") {
    const auto p = profile("lisoloo");
    core::KeyStore store(p.key_format, p.key_environments());
    store.add(record("k1"), kDocKey, "salt-1");
    const auto snapshot = store.all();
    const std::string other = "sk_live_bbbbbbbbbbbbbbbbbbbbbbbbbbbbWXYZ";
    store.add(record("k2"), other, "salt-2");
    store.restore(snapshot);
    CHECK(store.all().size() == 1);
    CHECK(store.find_by_value(kDocKey) != nullptr);
    CHECK(store.find_by_value(other) == nullptr);
    CHECK(store.find_by_id("k2") == nullptr);
    store.clear();
    CHECK(store.all().empty());
    CHECK(store.find_by_value(kDocKey) == nullptr);
    CHECK(store.find_by_id("k1") == nullptr);
  }

  TEST_CASE("a record is deleted, expired and scoped as its fields say") {
    auto r = record("k1");
    const auto t0 = at("2026-03-01T12:00:00Z");
    const auto later = at("2026-03-01T12:00:01Z");
    CHECK_FALSE(r.is_deleted(t0));
    CHECK_FALSE(r.is_expired(t0));
    CHECK(r.effective_status(t0) == core::KeyStatus::Allowed);

    r.deleted_at = later;  // a deletion that lies ahead (rotation overlap) has not happened yet
    CHECK_FALSE(r.is_deleted(t0));
    CHECK(r.is_deleted(later));

    r.status = core::KeyStatus::Suspended;
    r.expires_at = later;
    CHECK(r.effective_status(t0) == core::KeyStatus::Suspended);
    CHECK(r.is_expired(later));
    CHECK(r.effective_status(later) == core::KeyStatus::Expired);

    r.operations = {"SMS", "RCS"};
    CHECK(r.allows_operation("SMS"));
    CHECK(r.allows_operation("rcs"));
    CHECK_FALSE(r.allows_operation("WHATSAPP"));
  }

  TEST_CASE("statuses parse by their one vocabulary, revoqued and revoked alike") {
    CHECK(core::parse_key_status("allowed") == core::KeyStatus::Allowed);
    CHECK(core::parse_key_status("pending_validation") == core::KeyStatus::PendingValidation);
    CHECK(core::parse_key_status("revoqued") == core::KeyStatus::Revoked);
    CHECK(core::parse_key_status("revoked") == core::KeyStatus::Revoked);
    CHECK(core::to_string(core::KeyStatus::Revoked) == "revoqued");
    CHECK_FALSE(core::parse_key_status("Suspended").has_value());
    CHECK_FALSE(core::parse_key_status("active").has_value());
  }
}
