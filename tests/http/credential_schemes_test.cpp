// Credential schemes as data, over real loopback sockets: a test provider whose profile takes
// `Authorization: AccessKey KEY` (exact case), `Token KEY`, its own key header and Basic, and
// whose own URL credential names are flagged and redacted in the journal.
#include <doctest/doctest.h>
#include <httplib.h>

#include "http/support_http.hpp"
#include "core/base64.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace {

using mockgate::testing::answer;
using mockgate::testing::expect;

constexpr const char* kProfile = MOCKGATE_TEST_FIXTURES "/profiles/accesskey-sms.yaml";
constexpr const char* kSendBody = R"({"to":"+393351234567","text":"Hello"})";
const std::string kInvalid = expect(401, R"({"error":{"code":401,"message":"Invalid credential"}})");
const std::string kCredits = expect(200, R"({"credits":42})");

/// A started mock of the test provider, with one allowed key.
struct AccessKeyMock {
  mockgate::MockServer server{mockgate::server::load_profile(kProfile)};
  mockgate::core::CreatedKey key;
  AccessKeyMock() {
    server.start();
    key = server.create_key({});
  }
  httplib::Client client() const { return mockgate::testing::client_for(server.url()); }
  mockgate::core::ServeEvent last() { return server.provider().journal().back(); }
};

}  // namespace

TEST_SUITE("http: credential schemes as data") {
  TEST_CASE("Authorization: AccessKey KEY authenticates, in the profile's exact spelling only") {
    AccessKeyMock m;
    auto c = m.client();
    CHECK(answer(c.Get("/v1/balance", {{"Authorization", "AccessKey " + m.key.value}})) == kCredits);
    CHECK(answer(c.Get("/v1/balance", {{"Authorization", "accesskey " + m.key.value}})) == kInvalid);
    CHECK(answer(c.Get("/v1/balance", {{"Authorization", "AccessKey  " + m.key.value}})) == kInvalid);
    CHECK(answer(c.Get("/v1/balance", {{"Authorization", "AccessKey" + m.key.value}})) == kInvalid);
    CHECK(answer(c.Get("/v1/balance", {{"Authorization", "Bearer " + m.key.value}})) == kInvalid);
  }

  TEST_CASE("two words share Authorization: Token in any case, AccessKey, and Basic each work") {
    AccessKeyMock m;
    auto c = m.client();
    for (const auto* word : {"Token ", "token ", "TOKEN ", "AccessKey "}) {
      CAPTURE(word);
      const auto res = c.Post("/v1/messages", {{"Authorization", word + m.key.value}}, kSendBody,
                              "application/json");
      REQUIRE(res);
      CHECK(res->status == 200);
    }
    const auto basic = "Basic " + mockgate::core::base64_encode("tester:nope");
    CHECK(answer(c.Post("/v1/messages", {{"Authorization", basic}}, kSendBody, "application/json")) ==
          kInvalid);
  }

  TEST_CASE("an endpoint naming one scheme accepts only that one") {
    AccessKeyMock m;
    auto c = m.client();
    // /v1/balance lists [access]: the Token word and the key header are not its schemes.
    CHECK(answer(c.Get("/v1/balance", {{"Authorization", "Token " + m.key.value}})) == kInvalid);
    CHECK(answer(c.Get("/v1/balance", {{"X-Custom-Key", m.key.value}})) ==
          expect(401, R"({"error":{"code":401,"message":"No credential"}})"));
  }

  TEST_CASE("the profile's own key header comes first, whatever Authorization says") {
    AccessKeyMock m;
    auto c = m.client();
    const auto res = c.Post("/v1/messages", {{"Authorization", "Nonsense x"}, {"x-custom-key", m.key.value}},
                            kSendBody, "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
  }

  TEST_CASE("the journal shows the scheme word and redacts the key after it") {
    AccessKeyMock m;
    auto c = m.client();
    REQUIRE(c.Get("/v1/balance", {{"Authorization", "AccessKey " + m.key.value}}));
    const auto last = m.last();  // held: find_header points into it
    const auto* sent = mockgate::core::find_header(last.headers, "Authorization");
    REQUIRE(sent != nullptr);
    CHECK(sent->value == "AccessKey " + m.key.record.display);
    CHECK(m.key.record.display.rfind("ak_…", 0) == 0);
  }

  TEST_CASE("ALL-KEY-IN-URL: the profile's url_credential_names and header names are flagged and redacted") {
    AccessKeyMock m;
    auto c = m.client();
    const std::string secret = "not-a-key-but-secret-123";  // not key-shaped: only the name tells
    for (const std::string name : {"access_key", "ACCESS_KEY", "X-Custom-Key"}) {
      CAPTURE(name);
      REQUIRE(c.Get("/v1/balance?" + name + "=" + secret,
                    {{"Authorization", "AccessKey " + m.key.value}}));
      const auto event = m.last();
      CHECK(event.has_flag(mockgate::core::JournalFlag::KeyInUrl));
      CHECK(event.target.find(secret) == std::string::npos);
      REQUIRE(event.query.size() == 1);
      CHECK(event.query[0].second == "…-123");
    }
    REQUIRE(c.Get("/v1/balance?access=" + secret, {{"Authorization", "AccessKey " + m.key.value}}));
    CHECK_FALSE(m.last().has_flag(mockgate::core::JournalFlag::KeyInUrl));
  }
}
