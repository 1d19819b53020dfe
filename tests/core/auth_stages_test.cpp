// The decision pipeline's stages one at a time (mock_server/src/core/auth_stages.hpp): each
// given only what it reads, each answering or letting the request pass on.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/auth_stages.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
namespace stages = mockgate::core::stages;
using core::Stage;
using mockgate::testing::profile;

namespace {

const core::SystemTime kNow = *core::parse_time("2026-03-01T12:00:00Z");
const std::string kTestKey = "sk_test_" + std::string(32, 'a');

/// The endpoint for `method` on `path`. Plain pointers in, not strings: GCC 14 warns
/// (-Wdangling-reference) when a reference comes back from a call given temporary strings.
const core::EndpointSpec& endpoint(const core::Profile& p, const char* method, const char* path) {
  const auto r = core::route(p, method, path);
  REQUIRE(r.endpoint != nullptr);
  return *r.endpoint;
}

/// A refusal's stage and the profile answer it names.
void check_refused(const core::StageResult& d, Stage stage, std::string_view answer) {
  REQUIRE(d.has_value());
  CHECK(d->stage == stage);
  CHECK(d->answer == answer);
  CHECK_FALSE(d->response.has_value());
}

/// A key store over the profile holding one key of `env`, owned by the default account.
struct Stores {
  explicit Stores(const core::Profile& p)
      : keys(p.key_format, p.key_environments(), p.hash, 7) {
    accounts.ensure(p.default_account, p.default_company);
  }
  core::KeyRecord& add(const core::Profile& p, std::string_view value, std::string env) {
    core::KeyRecord record;
    record.id = "key_" + std::to_string(keys.all().size());
    record.env = std::move(env);
    record.owner = p.default_account;
    record.username = p.default_account;
    record.operations = p.operations;
    record.created_at = kNow;
    return keys.add(std::move(record), value, "salt");
  }
  core::KeyStore keys;
  core::AccountStore accounts;
};

}  // namespace

TEST_SUITE("auth stages") {
  TEST_CASE("route: 404 for an unknown path, 405 with Allow for another method, else on") {
    const auto p = profile("lisoloo");
    check_refused(stages::route(core::route(p, "GET", "/nope")), Stage::Route, core::answer::kNotFound);
    const auto d = stages::route(core::route(p, "GET", "/api/v1/lisoloo/sms-api/send"));
    check_refused(d, Stage::Route, core::answer::kMethodNotAllowed);
    REQUIRE(d->headers.size() == 1);
    CHECK(d->headers[0].name == "Allow");
    CHECK(d->headers[0].value == "POST");
    CHECK_FALSE(stages::route(core::route(p, "POST", "/api/v1/lisoloo/sms-api/send")));
  }

  TEST_CASE("transport: plain HTTP refused where the profile wants TLS, on its date") {
    auto p = profile("lisoloo");
    p.plain_http_allowed = false;
    p.plain_http_rules.clear();
    check_refused(stages::transport(p, core::Transport::Plain, kNow), Stage::Transport,
                  core::answer::kTlsRequired);
    CHECK_FALSE(stages::transport(p, core::Transport::Tls, kNow));
    CHECK_FALSE(stages::transport(p, core::Transport::PlainUnchecked, kNow));
    // A dated rule: plain allowed until a day after now, refused from then on.
    p.plain_http_rules.push_back({std::nullopt, kNow + std::chrono::hours(24), true});
    CHECK_FALSE(stages::transport(p, core::Transport::Plain, kNow));
    CHECK(stages::transport(p, core::Transport::Plain, kNow + std::chrono::hours(25)));
  }

  TEST_CASE("credential: missing, empty and malformed each get their own answer") {
    core::Credential c;
    check_refused(stages::credential(c), Stage::Credential, core::answer::kMissingCredential);
    c.kind = core::CredentialKind::Empty;
    check_refused(stages::credential(c), Stage::Credential, core::answer::kEmptyCredential);
    c.kind = core::CredentialKind::Malformed;
    check_refused(stages::credential(c), Stage::Credential, core::answer::kInvalidCredential);
    c.kind = core::CredentialKind::Key;
    CHECK_FALSE(stages::credential(c));
    c.kind = core::CredentialKind::Basic;
    CHECK_FALSE(stages::credential(c));
  }

  TEST_CASE("schemes_for: an endpoint naming schemes narrows the profile's, in their order") {
    auto p = profile("qlara");
    core::EndpointSpec e;
    CHECK(stages::schemes_for(p, e).size() == p.credentials.size());
    e.credentials = {p.credentials.back().name};
    const auto narrowed = stages::schemes_for(p, e);
    REQUIRE(narrowed.size() == 1);
    CHECK(narrowed[0].name == p.credentials.back().name);
  }

  TEST_CASE("lookup: an unknown, off-format or deleted key is the generic 401, a stored one is found") {
    const auto p = profile("lisoloo");
    Stores s(p);
    core::KeyRecord& stored = s.add(p, kTestKey, "test");
    core::Credential c{core::CredentialKind::Key, core::CredentialScheme::Key, "app-key", kTestKey, {}, {}};
    stages::Caller caller;
    REQUIRE_FALSE(stages::lookup(s.keys, s.accounts, c, kNow, caller));
    CHECK(caller.key == &stored);
    CHECK(caller.account == s.accounts.find(p.default_account));

    for (const std::string& other : {"sk_test_" + std::string(32, 'b'), std::string("sk_test_short")}) {
      CAPTURE(other);
      c.key = other;
      stages::Caller none;
      check_refused(stages::lookup(s.keys, s.accounts, c, kNow, none), Stage::Lookup,
                    core::answer::kInvalidCredential);
      CHECK(none.key == nullptr);
    }
    c.key = kTestKey;
    stored.deleted_at = kNow;
    stages::Caller gone;
    check_refused(stages::lookup(s.keys, s.accounts, c, kNow, gone), Stage::Lookup,
                  core::answer::kInvalidCredential);
  }

  TEST_CASE("lookup: Basic finds the account by its password, refuses a wrong one or none") {
    const auto p = profile("qlara");
    Stores s(p);
    core::Account& account = s.accounts.ensure("acme", "Acme");
    core::Credential c{core::CredentialKind::Basic, core::CredentialScheme::Basic, "Authorization", {}, "acme", "right"};
    stages::Caller caller;
    check_refused(stages::lookup(s.keys, s.accounts, c, kNow, caller), Stage::Lookup,
                  core::answer::kInvalidCredential);  // no password set: no Basic
    account.password = core::hash_secret("right", "salt");
    REQUIRE_FALSE(stages::lookup(s.keys, s.accounts, c, kNow, caller));
    CHECK(caller.account == &account);
    CHECK(caller.key == nullptr);
    c.password = "wrong";
    stages::Caller refused;
    check_refused(stages::lookup(s.keys, s.accounts, c, kNow, refused), Stage::Lookup,
                  core::answer::kInvalidCredential);
  }

  TEST_CASE("environment: a key only where its environment is accepted, the generic 401 elsewhere") {
    const auto p = profile("lisoloo");
    core::KeyRecord key;
    key.env = "test";
    CHECK_FALSE(stages::environment(p, "test", key));
    check_refused(stages::environment(p, "live", key), Stage::Environment, core::answer::kInvalidCredential);
    check_refused(stages::environment(p, "nowhere", key), Stage::Environment, core::answer::kInvalidCredential);
  }

  TEST_CASE("key_status: each status its profile answer, expiry over any status, none is the 401") {
    auto p = profile("lisoloo");
    core::KeyRecord key;
    CHECK_FALSE(stages::key_status(p, key, kNow));
    key.status = core::KeyStatus::Suspended;
    check_refused(stages::key_status(p, key, kNow), Stage::Status, "key_suspended");
    key.status = core::KeyStatus::Allowed;
    key.expires_at = kNow;
    check_refused(stages::key_status(p, key, kNow), Stage::Status, "key_expired");
    CHECK_FALSE(stages::key_status(p, key, kNow - std::chrono::seconds(1)));
    p.status_answers.erase(core::KeyStatus::Expired);
    check_refused(stages::key_status(p, key, kNow), Stage::Status, core::answer::kInvalidCredential);
  }

  TEST_CASE("scope: an endpoint's operation must be one of the key's, in any case") {
    const auto p = profile("lisoloo");
    const auto& send = endpoint(p, "POST", "/api/v1/lisoloo/sms-api/send");
    REQUIRE(send.scope);
    core::KeyRecord key;
    key.operations = {"RCS"};
    check_refused(stages::scope(send, key), Stage::Scope, core::answer::kOperationNotAllowed);
    key.operations = {"sms"};
    CHECK_FALSE(stages::scope(send, key));
    core::EndpointSpec open;
    key.operations.clear();
    CHECK_FALSE(stages::scope(open, key));
  }

  TEST_CASE("ip_whitelist: an account's whitelist admits its ranges only, no account passes") {
    core::Account account;
    CHECK_FALSE(stages::ip_whitelist(&account, "192.0.2.1"));  // an empty whitelist admits all
    account.whitelist = core::IpWhitelist({*core::IpRange::parse("10.0.0.0/8")});
    CHECK_FALSE(stages::ip_whitelist(&account, "10.1.2.3"));
    check_refused(stages::ip_whitelist(&account, "127.0.0.1"), Stage::IpWhitelist, core::answer::kIpNotAllowed);
    CHECK_FALSE(stages::ip_whitelist(nullptr, "127.0.0.1"));
  }

  TEST_CASE("rate_limit: admits up to the tier, tells the window, then the 429 with its wait") {
    core::RateLimitSpec spec;
    spec.tiers = {{"standard", 2}};
    spec.default_tier = "standard";
    core::RateLimiter limiter;
    core::KeyRecord key;
    key.id = "k1";
    const stages::Caller caller{&key, nullptr};
    const core::SteadyTime t{};
    stages::RateWindow window;
    REQUIRE_FALSE(stages::rate_limit(spec, limiter, caller, "", t, window));
    CHECK(window.limit == 2);
    CHECK(window.remaining == 1);
    REQUIRE_FALSE(stages::rate_limit(spec, limiter, caller, "", t, window));
    CHECK(window.remaining == 0);
    auto d = stages::rate_limit(spec, limiter, caller, "", t + std::chrono::seconds(15), window);
    check_refused(d, Stage::RateLimit, core::answer::kRateLimited);
    CHECK(d->vars.at("retry_after") == 45);  // until the first slot frees
    spec.fixed_retry_after = 1;
    d = stages::rate_limit(spec, limiter, caller, "", t + std::chrono::seconds(15), window);
    CHECK(d->vars.at("retry_after") == 1);

    // Per key: another key has its own window; unlimited and no tiers pass without a window.
    core::KeyRecord other;
    other.id = "k2";
    CHECK_FALSE(stages::rate_limit(spec, limiter, {&other, nullptr}, "", t, window));
    other.tier = "unlimited";
    stages::RateWindow none;
    for (int i = 0; i < 5; ++i) CHECK_FALSE(stages::rate_limit(spec, limiter, {&other, nullptr}, "", t, none));
    CHECK(none.limit == 0);
    CHECK_FALSE(stages::rate_limit(core::RateLimitSpec{}, limiter, caller, "", t, none));
    CHECK(none.limit == 0);
  }

  TEST_CASE("rate_limit: Basic callers are counted per account, by the account's tier") {
    core::RateLimitSpec spec;
    spec.tiers = {{"standard", 1}, {"enterprise", 3}};
    spec.default_tier = "standard";
    core::RateLimiter limiter;
    core::Account account;
    account.tier = "enterprise";
    const stages::Caller caller{nullptr, &account};
    stages::RateWindow window;
    for (int i = 0; i < 3; ++i) REQUIRE_FALSE(stages::rate_limit(spec, limiter, caller, "acme", {}, window));
    CHECK(window.limit == 3);
    CHECK(stages::rate_limit(spec, limiter, caller, "acme", {}, window));
    CHECK_FALSE(stages::rate_limit(spec, limiter, caller, "other", {}, window));
  }

  TEST_CASE("body: an endpoint's schema refuses a body that breaks it or is not JSON") {
    const auto p = profile("lisoloo");
    const auto& send = endpoint(p, "POST", "/api/v1/lisoloo/sms-api/send");
    CHECK_FALSE(stages::body(send, R"({"to":"+15550100","message":"hi"})"));
    check_refused(stages::body(send, R"({"to":"+15550100"})"), Stage::Body, core::answer::kBadRequest);
    check_refused(stages::body(send, "not json"), Stage::Body, core::answer::kBadRequest);
    check_refused(stages::body(send, ""), Stage::Body, core::answer::kBadRequest);
    CHECK_FALSE(stages::body(core::EndpointSpec{}, "anything"));
  }

  TEST_CASE("every stage has its own name") {
    std::set<std::string_view> names;
    for (int s = 0; s <= static_cast<int>(Stage::Endpoint); ++s) names.insert(core::to_string(static_cast<Stage>(s)));
    CHECK(names.size() == static_cast<std::size_t>(Stage::Endpoint) + 1);
    CHECK(core::to_string(Stage::IpWhitelist) == "ip_whitelist");
  }
}
