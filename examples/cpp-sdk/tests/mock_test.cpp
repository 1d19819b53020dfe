// The SDK against an in-process mock: a key of each status, the provider's exact answers.
#include <doctest/doctest.h>

#include "lisoloo_client.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace {

/// A TLS mock of Lisoloo from the installed profile.
mockgate::MockServer lisoloo_mock() {
  mockgate::ServerOptions options;
  options.tls = true;
  return mockgate::MockServer(mockgate::server::load_profile(MOCKGATE_PROFILES_DIR "/lisoloo.yaml"), options);
}

lisoloo::Client client_for(const mockgate::MockServer& mock, const std::string& key) {
  return lisoloo::Client({.base_url = mock.url("live"), .api_key = key, .ca_file = mock.ca_file()});
}

}  // namespace

TEST_CASE("a live key gets the balance, an unknown one the document's 401") {
  auto mock = lisoloo_mock();
  mock.start();
  const auto key = mock.create_key({.env = "live"});
  const auto ok = client_for(mock, key.value).balance();
  CHECK(ok.ok);
  CHECK(ok.status == 200);

  const auto unknown = client_for(mock, "sk_live_" + std::string(32, 'Z')).balance();
  CHECK(unknown.status == 401);
  CHECK(unknown.error == lisoloo::Error::Unauthorized);
  CHECK(unknown.message == "Unauthorized");  // the profile's choice where document 004 is silent
}

TEST_CASE("a suspended key is refused with its own message, and the journal never shows it") {
  auto mock = lisoloo_mock();
  mock.start();
  const auto key = mock.create_key({.env = "live", .status = mockgate::core::KeyStatus::Suspended});
  const auto refused = client_for(mock, key.value).send_sms("+393351234567", "Hello");
  CHECK(refused.status == 403);
  CHECK(refused.error == lisoloo::Error::Forbidden);
  CHECK(refused.message == "Gateway app is suspended. Please contact support.");

  const auto journal = mock.provider().journal();
  REQUIRE(journal.size() == 1);
  const auto* sent = mockgate::core::find_header(journal[0].headers, "app-key");
  REQUIRE(sent != nullptr);
  CHECK(sent->value == key.record.display);
}

TEST_CASE("a sandbox key at production is the generic 401") {
  auto mock = lisoloo_mock();
  mock.start();
  const auto key = mock.create_key({.env = "test"});
  const auto refused = client_for(mock, key.value).balance();
  CHECK(refused.status == 401);
  CHECK(refused.error == lisoloo::Error::Unauthorized);
}
