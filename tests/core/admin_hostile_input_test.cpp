// The admin API against hostile input: malformed ids and percent-encodings get a 4xx in the
// admin shape, bounded queues refuse with a clear 4xx, and no answer echoes a stored key.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "mockgate/core/admin_api.hpp"
#include "core/utf8.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

core::Response admin(Fixture& f, const std::string& method, const std::string& target,
                     const std::string& body = {}) {
  return core::handle_admin(*f.state, core::Request::make(method, target, {}, body), "live", {});
}

/// A 4xx whose body is valid UTF-8 and a JSON object with a string "error".
void check_admin_refusal(const core::Response& r) {
  CHECK(r.status >= 400);
  CHECK(r.status < 500);
  CHECK(core::is_valid_utf8(r.body));
  const auto j = json::parse(r.body, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j.at("error").is_string());
}

}  // namespace

TEST_SUITE("admin hostile input") {
  TEST_CASE("every key path answers a malformed id with a 4xx in the admin shape") {
    Fixture f("lisoloo");
    const std::string long_id(100000, 'a');
    for (const std::string id : {"%FF", "%", "%zz", "%00", "%C0%AF", "%2e%2e", long_id.c_str()}) {
      CAPTURE(id.substr(0, 20));
      SUBCASE("GET") { check_admin_refusal(admin(f, "GET", "/__mockgate/keys/" + id)); }
      SUBCASE("PATCH") {
        check_admin_refusal(admin(f, "PATCH", "/__mockgate/keys/" + id, R"({"status":"locked"})"));
      }
      SUBCASE("DELETE") { check_admin_refusal(admin(f, "DELETE", "/__mockgate/keys/" + id)); }
      SUBCASE("rotate") { check_admin_refusal(admin(f, "POST", "/__mockgate/keys/" + id + "/rotate")); }
      SUBCASE("account") {
        check_admin_refusal(admin(f, "PATCH", "/__mockgate/accounts/" + id, R"({"tier":"enterprise"})"));
      }
      SUBCASE("unknown call") { check_admin_refusal(admin(f, "GET", "/__mockgate/" + id)); }
    }
  }

  TEST_CASE("an id with a NUL in it is echoed whole, escaped") {
    Fixture f("lisoloo");
    const auto r = admin(f, "DELETE", "/__mockgate/keys/a%00b");
    CHECK(r.status == 404);
    CHECK(body_of(r) == json{{"error", std::string("no key with id 'a\0b'", 20)}});
  }

  TEST_CASE("a very long id is not echoed whole") {
    Fixture f("lisoloo");
    const auto r = admin(f, "DELETE", "/__mockgate/keys/" + std::string(100000, 'a'));
    CHECK(r.status == 404);
    CHECK(r.body.size() < 1024);
  }

  TEST_CASE("bodies with bytes that are not UTF-8 get 400, not a 500") {
    Fixture f("lisoloo");
    check_admin_refusal(admin(f, "POST", "/__mockgate/keys", "{\"owner\":\"\xFF\"}"));
    check_admin_refusal(admin(f, "POST", "/__mockgate/keys", "{\"\xFF\":1}"));
    check_admin_refusal(admin(f, "PUT", "/__mockgate/locale", "{\"locale\":\"\xFE\"}"));
  }

  TEST_CASE("POST /faults answers with what it added and how many are queued, not the queue") {
    // Before: each POST answered the whole queue, so queuing N faults one by one cost N².
    Fixture f("lisoloo");
    REQUIRE(admin(f, "POST", "/__mockgate/faults", R"({"responses":[{"status":500}]})").status == 201);
    const auto r = admin(f, "POST", "/__mockgate/faults",
                         R"({"stage":"before_auth","responses":[{"status":429,"repeat":2}]})");
    CHECK(r.status == 201);
    CHECK(body_of(r) == json::parse(R"({"before_auth":[{"status":429,"repeat":2}],"after_auth":[],
                                        "connection":[],"queued":{"before_auth":2,"after_auth":0,"connection":0}})"));
  }

  TEST_CASE("queuing the limit's 10,000 faults one by one takes linear time") {
    Fixture f("lisoloo");
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < core::Limits{}.faults; ++i) {
      REQUIRE(admin(f, "POST", "/__mockgate/faults", R"({"responses":[{"status":500}]})").status == 201);
    }
    const auto took = std::chrono::steady_clock::now() - started;
    MESSAGE("10,000 POST /faults: " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                    << " ms");
    CHECK(took < std::chrono::seconds(10));
    CHECK(admin(f, "POST", "/__mockgate/faults", R"({"responses":[{"status":500}]})").status == 409);
  }

  TEST_CASE("the fault queue is capped: past the limit, 409 and nothing queued") {
    core::ProviderOptions options;
    options.limits.faults = 3;
    Fixture f("lisoloo", options);
    const std::string two = R"({"responses":[{"status":500},{"status":503}]})";
    REQUIRE(admin(f, "POST", "/__mockgate/faults", two).status == 201);
    const auto refused = admin(f, "POST", "/__mockgate/faults", two);
    CHECK(refused.status == 409);
    CHECK(body_of(refused) ==
          json{{"error", "the fault queue holds 2 and takes at most 3 faults: 2 more would pass "
                         "that (DELETE /__mockgate/faults, or queue fewer)"}});
    CHECK(body_of(admin(f, "GET", "/__mockgate/faults")).at("before_auth").size() == 2);
  }

  TEST_CASE("the key store is capped: past the limit, 409 from create and rotate") {
    core::ProviderOptions options;
    options.limits.keys = 2;
    Fixture f("lisoloo", options);
    REQUIRE(admin(f, "POST", "/__mockgate/keys", "{}").status == 201);
    const auto id = body_of(admin(f, "POST", "/__mockgate/keys", "{}")).at("id").get<std::string>();
    const auto refused = admin(f, "POST", "/__mockgate/keys", "{}");
    CHECK(refused.status == 409);
    CHECK(body_of(refused) == json{{"error", "the mock holds 2 keys, deleted ones included, and takes "
                                             "at most 2 (POST /__mockgate/reset)"}});
    CHECK(admin(f, "POST", "/__mockgate/keys/" + id + "/rotate").status == 409);
    CHECK(f.state->keys().size() == 2);
    REQUIRE(admin(f, "POST", "/__mockgate/reset").status == 200);
    CHECK(admin(f, "POST", "/__mockgate/keys", "{}").status == 201);
  }
}
