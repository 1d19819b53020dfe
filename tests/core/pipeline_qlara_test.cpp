// Qlara (document 000) through the decision pipeline: API key, Basic, precedence, IP, scope.
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

const std::string kSend = "/api/message-server/sms/send";
const std::string kBody = R"({"phoneNumber":"+393901234567","message":"Hello from Qlara!"})";
const std::string kOutside = "198.51.100.9";

json error(int status, const std::string& message) {
  return json{{"code", status}, {"message", message}};
}
const json kInvalid = error(401, "Invalid credentials");
const json kUnauthorizedIp = error(403, "Unauthorized IP");

std::string basic(const std::string& user, const std::string& password) {
  return "Basic " + core::base64_encode(user + ":" + password);
}

core::Response send(Fixture& f, core::Headers headers, const std::string& peer = "127.0.0.1",
                    const std::string& body = kBody) {
  headers.push_back({"Content-Type", "application/json"});
  return f.send("POST", kSend, std::move(headers), body, "live", peer);
}

core::Response send_key(Fixture& f, const std::string& key, const std::string& peer = "127.0.0.1") {
  return send(f, {{"X-Api-Key", key}}, peer);
}

core::AccountSpec password(const std::string& pw) {
  core::AccountSpec s;
  s.password = pw;
  return s;
}

core::AccountSpec whitelist(std::vector<std::string> entries) {
  core::AccountSpec s;
  s.ip_whitelist = std::move(entries);
  return s;
}

}  // namespace

TEST_SUITE("pipeline_qlara") {
  TEST_CASE("QLA-OK-KEY: a valid key with a valid body is accepted") {
    Fixture f("qlara");
    const auto k = f.key();
    CHECK(k.value.size() == 40);
    const auto r = send_key(f, k.value);
    CHECK(r.status == 200);
    const auto body = body_of(r);
    CHECK(body.at("status") == "ACCEPTED");
    CHECK(body.at("messageId").get<std::string>().size() == 36);
  }

  TEST_CASE("QLA-OK-BASIC: valid Basic credentials are accepted") {
    Fixture f("qlara");
    SUBCASE("an account made through the C++ API") {
      f.state->create_account("alice", password("s3cret"));
      CHECK(send(f, {{"Authorization", basic("alice", "s3cret")}}).status == 200);
    }
    SUBCASE("the document's own example header") {
      f.state->create_account("username", password("password"));
      CHECK(send(f, {{"Authorization", "Basic dXNlcm5hbWU6cGFzc3dvcmQ="}}).status == 200);
    }
    SUBCASE("a password holding a colon") {
      f.state->create_account("bob", password("a:b"));
      CHECK(send(f, {{"Authorization", basic("bob", "a:b")}}).status == 200);
    }
  }

  TEST_CASE("QLA-401-MISSING: neither X-Api-Key nor Authorization gets 401") {
    Fixture f("qlara");
    f.key();
    const auto r = send(f, {});
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }

  TEST_CASE("QLA-401-KEY: an unknown, deleted or malformed key gets 401") {
    Fixture f("qlara");
    const auto k = f.key();
    std::string key;
    SUBCASE("unknown") { key = std::string(40, 'Q'); }
    SUBCASE("deleted") {
      f.state->delete_key(k.record.id);
      key = k.value;
    }
    SUBCASE("too short") { key = k.value.substr(1); }
    SUBCASE("too long") { key = k.value + "x"; }
    SUBCASE("outside base62") { key = k.value.substr(1) + "-"; }
    SUBCASE("empty") { key = ""; }
    SUBCASE("only spaces") { key = "   "; }
    const auto r = send_key(f, key);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }

  TEST_CASE("QLA-401-KEY: a key in any status but allowed gets the 401") {
    for (const auto status :
         {KeyStatus::PendingValidation, KeyStatus::Suspended, KeyStatus::Revoked, KeyStatus::Locked,
          KeyStatus::Expired, KeyStatus::Rejected}) {
      CAPTURE(core::to_string(status));
      Fixture f("qlara");
      core::KeySpec s;
      s.status = status;
      const auto r = send_key(f, f.key(s).value);
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
  }

  TEST_CASE("QLA-401-BASIC: bad Basic credentials get 401") {
    Fixture f("qlara");
    f.state->create_account("alice", password("s3cret"));
    f.key({});  // a key whose account has no password: Basic cannot use it
    std::string value;
    SUBCASE("wrong password") { value = basic("alice", "s3cret!"); }
    SUBCASE("empty password") { value = basic("alice", ""); }
    SUBCASE("unknown user") { value = basic("mallory", "s3cret"); }
    SUBCASE("an account without a password") { value = basic("qlara-user", ""); }
    SUBCASE("bad base64") { value = "Basic not*base64"; }
    SUBCASE("no colon") { value = "Basic " + core::base64_encode("alices3cret"); }
    SUBCASE("scheme not Basic") { value = "Bearer x"; }
    SUBCASE("no scheme") { value = core::base64_encode("alice:s3cret"); }
    SUBCASE("empty") { value = ""; }
    CAPTURE(value);
    const auto r = send(f, {{"Authorization", value}});
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }

  TEST_CASE("QLA-PRECEDENCE: when both are sent, the key decides") {
    Fixture f("qlara");
    const auto k = f.key();
    f.state->create_account("alice", password("s3cret"));
    SUBCASE("a valid key with bad Basic credentials is accepted") {
      CHECK(send(f, {{"Authorization", basic("alice", "wrong")}, {"X-Api-Key", k.value}}).status ==
            200);
    }
    SUBCASE("a bad key with valid Basic credentials is refused") {
      const auto r = send(
          f, {{"X-Api-Key", std::string(40, 'Z')}, {"Authorization", basic("alice", "s3cret")}});
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
    SUBCASE("an empty key with valid Basic credentials is refused") {
      const auto r = send(f, {{"X-Api-Key", ""}, {"Authorization", basic("alice", "s3cret")}});
      CHECK(r.status == 401);
      CHECK(body_of(r) == kInvalid);
    }
  }

  TEST_CASE("QLA-403-IP: valid credentials from outside the whitelist get 403 Unauthorized IP") {
    Fixture f("qlara");
    const auto k = f.key();  // owned by the default account, qlara-user
    SUBCASE("a single address") {
      f.state->create_account("qlara-user", whitelist({"203.0.113.7"}));
      CHECK(send_key(f, k.value, "203.0.113.7").status == 200);
      const auto r = send_key(f, k.value, kOutside);
      CHECK(r.status == 403);
      CHECK(body_of(r) == kUnauthorizedIp);
      CHECK(send_key(f, k.value, "127.0.0.1").status == 403);
    }
    SUBCASE("a CIDR range") {
      f.state->create_account("qlara-user", whitelist({"10.0.0.0/8"}));
      CHECK(send_key(f, k.value, "10.1.2.3").status == 200);
      CHECK(send_key(f, k.value, "::ffff:10.1.2.3").status == 200);
      const auto r = send_key(f, k.value, "192.168.1.1");
      CHECK(r.status == 403);
      CHECK(body_of(r) == kUnauthorizedIp);
    }
    SUBCASE("an IPv6 range") {
      f.state->create_account("qlara-user", whitelist({"2001:db8::/32"}));
      CHECK(send_key(f, k.value, "2001:db8::5").status == 200);
      const auto r = send_key(f, k.value, "2001:db9::1");
      CHECK(r.status == 403);
      CHECK(body_of(r) == kUnauthorizedIp);
    }
    SUBCASE("a Basic account's own whitelist") {
      auto s = whitelist({"203.0.113.0/24"});
      s.password = "s3cret";
      f.state->create_account("alice", s);
      CHECK(send(f, {{"Authorization", basic("alice", "s3cret")}}, "203.0.113.200").status == 200);
      const auto r = send(f, {{"Authorization", basic("alice", "s3cret")}}, kOutside);
      CHECK(r.status == 403);
      CHECK(body_of(r) == kUnauthorizedIp);
      CHECK(send_key(f, k.value, kOutside).status == 200);  // another account: no whitelist
    }
    SUBCASE("a whitelist set later by update_account") {
      CHECK(send_key(f, k.value, kOutside).status == 200);
      f.state->update_account("qlara-user", whitelist({"203.0.113.7"}));
      CHECK(send_key(f, k.value, kOutside).status == 403);
      f.state->update_account("qlara-user", whitelist({}));
      CHECK(send_key(f, k.value, kOutside).status == 200);
    }
  }

  TEST_CASE("QLA-401-BEFORE-IP: bad credentials from outside the whitelist get 401, not 403") {
    Fixture f("qlara");
    const auto k = f.key();
    auto s = whitelist({"203.0.113.7"});
    s.password = "s3cret";
    f.state->create_account("qlara-user", s);
    core::Headers headers;
    SUBCASE("no credentials") {}
    SUBCASE("an unknown key") { headers = {{"X-Api-Key", std::string(40, 'Q')}}; }
    SUBCASE("a malformed key") { headers = {{"X-Api-Key", "short"}}; }
    SUBCASE("a wrong password of the whitelisted account") {
      headers = {{"Authorization", basic("qlara-user", "nope")}};
    }
    SUBCASE("a suspended key of the whitelisted account") {
      f.state->set_key_status(k.record.id, KeyStatus::Suspended);
      headers = {{"X-Api-Key", k.value}};
    }
    const auto r = send(f, headers, kOutside);
    CHECK(r.status == 401);
    CHECK(body_of(r) == kInvalid);
  }

  TEST_CASE("QLA-400-BODY: good credentials with a bad body get 400") {
    Fixture f("qlara");
    const auto k = f.key();
    std::string body;
    SUBCASE("not JSON") { body = "phoneNumber=+393901234567"; }
    SUBCASE("empty") { body = ""; }
    SUBCASE("missing phoneNumber") { body = R"({"message":"Hello from Qlara!"})"; }
    SUBCASE("missing message") { body = R"({"phoneNumber":"+393901234567"})"; }
    SUBCASE("the other providers' field names") { body = R"({"to":"+393901234567","text":"Hi"})"; }
    CAPTURE(body);
    const auto r = send(f, {{"X-Api-Key", k.value}}, "127.0.0.1", body);
    CHECK(r.status == 400);
    CHECK(body_of(r) == error(400, "Invalid request body"));
  }

  TEST_CASE("QLA-403-SCOPE: a key whose operations lack SMS cannot send SMS") {
    Fixture f("qlara");
    core::KeySpec s;
    SUBCASE("RCS only") { s.operations = std::vector<std::string>{"RCS"}; }
    SUBCASE("RCS and WHATSAPP") { s.operations = std::vector<std::string>{"RCS", "WHATSAPP"}; }
    SUBCASE("no operations") { s.operations = std::vector<std::string>{}; }
    const auto r = send_key(f, f.key(s).value);
    CHECK(r.status == 403);
    CHECK(body_of(r) == error(403, "Operation not allowed for this API key"));
  }

  TEST_CASE("QLA-403-SCOPE: a key scoped to SMS, in any case, can send SMS") {
    Fixture f("qlara");
    core::KeySpec s;
    s.operations = std::vector<std::string>{"sms"};
    const auto k = f.key(s);
    CHECK(k.record.operations == std::vector<std::string>{"SMS"});
    CHECK(send_key(f, k.value).status == 200);
    CHECK(f.key().record.operations == std::vector<std::string>{"SMS", "RCS", "WHATSAPP"});
  }
}
