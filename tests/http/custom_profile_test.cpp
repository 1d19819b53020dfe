// A profile no C++ knows (fixtures/profiles/keyring.yaml) over loopback: its key API
// answers in its own field names, and its endpoints and answers carry its own headers.
#include <doctest/doctest.h>
#include <httplib.h>

#include <string>

#include "http/support_http.hpp"
#include "mockgate/server/mock_server.hpp"
#include "support/test_support.hpp"

namespace {

using mockgate::testing::header_of;
using mockgate::testing::json_of;
using mockgate::testing::status_of;
using nlohmann::json;

struct KeyringServer {
  KeyringServer() : server(mockgate::testing::custom_profile("keyring")) {
    server.start();
    auto c = mockgate::testing::client_for(server.url());
    token = mockgate::testing::admin_create_key(c, {{"tier", "gold"}}).value("value", "");
  }
  httplib::Client client() const { return mockgate::testing::client_for(server.url()); }
  httplib::Headers as_caller() const { return {{"X-Keyring-Token", token}}; }

  mockgate::MockServer server;
  std::string token;
};

}  // namespace

TEST_SUITE("http: a custom profile") {
  TEST_CASE("its key API creates, looks up and lists keys in the profile's field names") {
    KeyringServer s;
    auto c = s.client();
    const auto made = c.Post("/v2/tokens", s.as_caller(),
                             R"({"scopes":["PING"],"holder":"ann","channel":"app"})", "application/json");
    REQUIRE(status_of(made) == 201);
    CHECK(header_of(made, "Location") == "/v2/tokens");
    const json created = json_of(made);
    CAPTURE(made->body);
    // The profile's order and nesting, byte for byte.
    const std::string id = created.at("token").at("token_id");
    const std::string secret = created.at("token").at("secret");
    CHECK(made->body.rfind(R"({"token":{"token_id":")" + id + R"(","secret":")" + secret +
                               R"(","scopes":["PING"]},"meta":{"made_at":")", 0) == 0);
    CHECK(created.at("meta").at("via") == "app");

    const auto value = secret.substr(4);
    const auto found = c.Get("/v2/tokens/by-value/" + value, s.as_caller());
    REQUIRE(status_of(found) == 200);
    CHECK(json_of(found).at("token") == json{{"token_id", id}, {"scopes", json::array({"PING"})}, {"state", "allowed"}});
    CHECK(json_of(found).at("meta").at("org") == "Keyring Org");

    const json listed = json_of(c.Get("/v2/tokens?holder=ann", s.as_caller()));
    CHECK(listed == json::array({{{"token_id", id}, {"holder", "ann"}, {"scopes", json::array({"PING"})}, {"via", "app"}}}));
  }

  TEST_CASE("an endpoint's response headers and an answer's headers reach the client") {
    KeyringServer s;
    auto c = s.client();
    const auto bronze = mockgate::testing::admin_create_key(c, {{"tier", "bronze"}}).value("value", "");
    const auto first = c.Get("/v2/ping", {{"X-Keyring-Token", bronze}});
    REQUIRE(status_of(first) == 200);
    CHECK(header_of(first, "X-RateLimit-Limit") == "2");
    CHECK(header_of(first, "X-RateLimit-Remaining") == "1");
    CHECK(header_of(first, "X-Request-Id") == json_of(first).at("request").get<std::string>());
    CHECK(status_of(c.Get("/v2/ping", {{"X-Keyring-Token", bronze}})) == 200);
    const auto refused = c.Get("/v2/ping", {{"X-Keyring-Token", bronze}});
    CHECK(status_of(refused) == 429);
    CHECK(header_of(refused, "X-Keyring-Error") == "rate");
    // Seconds until the first of the window's two frees: 60, or less on a slow machine.
    const auto retry = std::stoi(header_of(refused, "Retry-After"));
    CHECK(retry >= 1);
    CHECK(retry <= 60);
    CHECK(header_of(c.Get("/nowhere", s.as_caller()), "X-Keyring-Error") == "none here");
  }
}
