// Agile Telecom wholesale (document 001) through the decision pipeline: key, Basic, IP, body.
#include <doctest/doctest.h>

#include <string>

#include "core/base64.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using core::KeyStatus;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

const std::string kSend = "/services/sms/send";
const std::string kBody = R"({"messages":[{"destinations":["+393351234567"],"sender":"Agile",)"
                          R"("body":"Hello from Agile Telecom!"}]})";
const std::string kOutside = "198.51.100.9";

json error(int status, const std::string& message) {
  return json{{"code", status}, {"message", message}};
}
const json kInvalid = error(401, "Invalid credentials");

std::string basic(const std::string& user, const std::string& password) {
  return "Basic " + core::base64_encode(user + ":" + password);
}

core::Response send(Fixture& f, core::Headers headers, const std::string& body = kBody,
                    const std::string& peer = "127.0.0.1") {
  headers.push_back({"Content-Type", "application/json"});
  return f.send("POST", kSend, std::move(headers), body, "live", peer);
}

core::AccountSpec account(const std::string& password, std::vector<std::string> whitelist = {}) {
  core::AccountSpec s;
  s.password = password;
  if (!whitelist.empty()) s.ip_whitelist = std::move(whitelist);
  return s;
}

}  // namespace

TEST_SUITE("pipeline_agile_wholesale") {
  TEST_CASE("WHS-OK-KEY: a valid key with the documented body is accepted") {
    Fixture f("agile-wholesale");
    const auto k = f.key();
    CHECK(k.value.size() == 40);
    const auto r = send(f, {{"X-Api-Key", k.value}});
    CHECK(r.status == 200);
    const auto body = body_of(r);
    CHECK(body.at("status") == "ACCEPTED");
    CHECK(body.at("messageId").get<std::string>().size() == 36);
  }

  TEST_CASE("WHS-OK-BASIC: valid Basic credentials with the documented body are accepted") {
    Fixture f("agile-wholesale");
    f.state->create_account("username", account("password"));
    CHECK(send(f, {{"Authorization", "Basic dXNlcm5hbWU6cGFzc3dvcmQ="}}).status == 200);
    CHECK(send(f, {{"authorization", "basic dXNlcm5hbWU6cGFzc3dvcmQ="}}).status == 200);
  }

  TEST_CASE("WHS-OK-KEY: a message without the optional sender is accepted") {
    Fixture f("agile-wholesale");
    const auto r =
        send(f, {{"X-Api-Key", f.key().value}},
             R"({"messages":[{"destinations":["+393351234567","+393351234568"],"body":"Hi"}]})");
    CHECK(r.status == 200);
  }

  TEST_CASE("WHS-401: missing or invalid credentials, key or Basic, get 401") {
    Fixture f("agile-wholesale");
    const auto k = f.key();
    f.state->create_account("alice", account("s3cret"));
    core::Headers headers;
    SUBCASE("no credentials") {}
    SUBCASE("an empty key") { headers = {{"X-Api-Key", ""}}; }
    SUBCASE("an unknown key") { headers = {{"X-Api-Key", std::string(40, 'W')}}; }
    SUBCASE("a malformed key") { headers = {{"X-Api-Key", k.value.substr(0, 20)}}; }
    SUBCASE("a deleted key") {
      f.state->delete_key(k.record.id);
      headers = {{"X-Api-Key", k.value}};
    }
    SUBCASE("a rotated-away key") {
      f.state->rotate_key(k.record.id);
      headers = {{"X-Api-Key", k.value}};
    }
    SUBCASE("a suspended key") {
      f.state->set_key_status(k.record.id, KeyStatus::Suspended);
      headers = {{"X-Api-Key", k.value}};
    }
    SUBCASE("a wrong password") { headers = {{"Authorization", basic("alice", "S3cret")}}; }
    SUBCASE("an unknown user") { headers = {{"Authorization", basic("bob", "s3cret")}}; }
    SUBCASE("bad base64") { headers = {{"Authorization", "Basic %%%%"}}; }
    SUBCASE("no colon") { headers = {{"Authorization", "Basic " + core::base64_encode("alice")}}; }
    SUBCASE("the key as a Bearer token") { headers = {{"Authorization", "Bearer " + k.value}}; }
    const auto r = send(f, headers);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }

  TEST_CASE("WHS-403-IP: valid credentials from outside the whitelist get 403 Unauthorized IP") {
    Fixture f("agile-wholesale");
    const auto k = f.key();
    f.state->create_account("wholesale-user", account("pw", {"203.0.113.0/24", "2001:db8::/32"}));
    CHECK(send(f, {{"X-Api-Key", k.value}}, kBody, "203.0.113.50").status == 200);
    CHECK(send(f, {{"X-Api-Key", k.value}}, kBody, "2001:db8::1").status == 200);
    CHECK(
        send(f, {{"Authorization", basic("wholesale-user", "pw")}}, kBody, "203.0.113.1").status ==
        200);
    SUBCASE("by key") {
      const auto r = send(f, {{"X-Api-Key", k.value}}, kBody, kOutside);
      CHECK(r.status == 403);
      CHECK(body_of(r) == error(403, "Unauthorized IP"));
    }
    SUBCASE("by Basic") {
      const auto r = send(f, {{"Authorization", basic("wholesale-user", "pw")}}, kBody, "::1");
      CHECK(r.status == 403);
      CHECK(body_of(r) == error(403, "Unauthorized IP"));
    }
    SUBCASE("credentials are judged first: a bad key from outside gets 401") {
      const auto r = send(f, {{"X-Api-Key", std::string(40, 'W')}}, kBody, kOutside);
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
  }

  TEST_CASE("WHS-400-BODY: good credentials with a bad body get 400") {
    Fixture f("agile-wholesale");
    const auto k = f.key();
    std::string body;
    SUBCASE("not JSON") { body = "messages="; }
    SUBCASE("empty") { body = ""; }
    SUBCASE("messages missing") { body = "{}"; }
    SUBCASE("messages empty") { body = R"({"messages":[]})"; }
    SUBCASE("messages not a list") { body = R"({"messages":{"body":"Hi"}})"; }
    SUBCASE("destinations missing") { body = R"({"messages":[{"body":"Hi"}]})"; }
    SUBCASE("destinations empty") { body = R"({"messages":[{"destinations":[],"body":"Hi"}]})"; }
    SUBCASE("no body field") { body = R"({"messages":[{"destinations":["+393351234567"]}]})"; }
    SUBCASE("a later message without a body field") {
      body = R"({"messages":[{"destinations":["+39"],"body":"a"},{"destinations":["+39"]}]})";
    }
    SUBCASE("Qlara's body") { body = R"({"phoneNumber":"+393901234567","message":"Hi"})"; }
    CAPTURE(body);
    const auto r = send(f, {{"X-Api-Key", k.value}}, body);
    CHECK(r.status == 400);
    CHECK(body_of(r) == error(400, "Invalid request body"));
  }

  TEST_CASE("WHS-400-BODY: the body is judged after the credentials") {
    Fixture f("agile-wholesale");
    const auto r = send(f, {}, "not json");
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }
}
