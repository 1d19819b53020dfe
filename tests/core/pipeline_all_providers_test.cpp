// Behaviours every provider shares: header case, no cleartext, keys in URLs, 404, 405, statuses.
#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

#include "mockgate/core/admin_api.hpp"
#include "core/base64.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

/// What a test needs to know of a provider to send it a good request.
struct Provider {
  std::string id;
  std::string method;
  std::string path;
  std::string header;  ///< the credential header as documented
  std::string scheme;  ///< "Bearer " or ""
  std::string body;
  std::string key_env;
  json unauthorized;  ///< the generic 401
  json not_found;
  json not_allowed;
  std::string wrong_method;
};

const std::vector<Provider>& providers() {
  static const std::vector<Provider> all = {
      {"lisoloo", "POST", "/api/v1/lisoloo/sms-api/send", "app-key", "",
       R"({"to":"+393351234567","message":"Hello"})", "live", json{{"detail", "Unauthorized"}},
       json{{"detail", "Not Found"}}, json{{"detail", "Method Not Allowed"}}, "GET"},
      {"qlara", "POST", "/api/message-server/sms/send", "X-Api-Key", "",
       R"({"phoneNumber":"+393901234567","message":"Hello from Qlara!"})", "live",
       json{{"code", 401}, {"message", "Invalid credentials"}},
       json{{"code", 404}, {"message", "Not Found"}},
       json{{"code", 405}, {"message", "Method Not Allowed"}}, "GET"},
      {"agile-wholesale", "POST", "/services/sms/send", "X-Api-Key", "",
       R"({"messages":[{"destinations":["+393351234567"],"sender":"Agile","body":"Hi"}]})", "live",
       json{{"code", 401}, {"message", "Invalid credentials"}},
       json{{"code", 404}, {"message", "Not Found"}},
       json{{"code", 405}, {"message", "Method Not Allowed"}}, "PUT"},
      {"agentclara", "GET", "/conversations", "Authorization", "Bearer ", "", "live",
       json{{"success", false}, {"error", "Invalid API key"}},
       json{{"success", false}, {"error", "Not found"}},
       json{{"success", false}, {"error", "Method not allowed"}}, "POST"},
  };
  return all;
}

core::KeySpec live_spec(const Provider& p) {
  core::KeySpec s;
  s.env = p.key_env;
  return s;
}

core::Response send(Fixture& f, const Provider& p, core::Headers headers,
                    const std::string& target = {}) {
  return f.send(p.method, target.empty() ? p.path : target, std::move(headers), p.body, "live");
}

core::Response send_key(Fixture& f, const Provider& p, const std::string& key,
                        const std::string& target = {}) {
  return send(f, p, {{p.header, p.scheme + key}}, target);
}

std::string journal_text(const Fixture& f) {
  json all = json::array();
  for (const auto& e : f.state->journal()) all.push_back(e);
  return all.dump();
}

}  // namespace

TEST_SUITE("pipeline_all_providers") {
  TEST_CASE("ALL-HDR-CASE: the credential header works in any case") {
    for (const auto& p : providers()) {
      CAPTURE(p.id);
      Fixture f(p.id);
      const auto k = f.key(live_spec(p));
      std::string upper = p.header;
      std::string lower = p.header;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (const auto& name : {p.header, upper, lower}) {
        CAPTURE(name);
        CHECK(send(f, p, {{name, p.scheme + k.value}}).status == 200);
      }
    }
  }

  TEST_CASE(
      "ALL-HDR-CASE: the named variants X-API-KEY, x-api-key, APP-KEY and AUTHORIZATION work") {
    SUBCASE("X-API-KEY and x-api-key at Qlara") {
      Fixture f("qlara");
      const auto k = f.key();
      for (const auto* name : {"X-API-KEY", "x-api-key", "X-Api-Key"}) {
        CHECK(send(f, providers()[1], {{name, k.value}}).status == 200);
      }
    }
    SUBCASE("APP-KEY at Lisoloo") {
      Fixture f("lisoloo");
      CHECK(send(f, providers()[0], {{"APP-KEY", f.key(live_spec(providers()[0])).value}}).status ==
            200);
    }
    SUBCASE("AUTHORIZATION with Basic at Agile wholesale") {
      Fixture f("agile-wholesale");
      core::AccountSpec a;
      a.password = "pw";
      f.state->create_account("alice", a);
      CHECK(send(f, providers()[2], {{"AUTHORIZATION", "Basic " + core::base64_encode("alice:pw")}})
                .status == 200);
    }
    SUBCASE("AUTHORIZATION with Bearer at AgentClara") {
      Fixture f("agentclara");
      CHECK(send(f, providers()[3], {{"AUTHORIZATION", "Bearer " + f.key().value}}).status == 200);
    }
  }

  TEST_CASE("ALL-NO-CLEARTEXT: the journal and listings never show a key in cleartext") {
    for (const auto& p : providers()) {
      CAPTURE(p.id);
      Fixture f(p.id);
      const auto k = f.key(live_spec(p));
      const auto other = f.key(live_spec(p));
      send_key(f, p, k.value);                                   // accepted
      send_key(f, p, k.value, "/no/such/" + k.value);            // 404, key in the path
      send_key(f, p, k.value, p.path + "?note=" + other.value);  // a key in the query
      f.send(p.method, p.path, {{p.header, p.scheme + k.value}, {"X-Debug", "key " + other.value}},
             "{\"leak\":\"" + other.value + "\"}", "live");  // headers and body
      f.state->delete_key(other.record.id);
      send_key(f, p, other.value);  // refused key
      const auto text = journal_text(f);
      CHECK(f.state->journal().size() == 5);
      CHECK(text.find(k.value) == std::string::npos);
      CHECK(text.find(other.value) == std::string::npos);
      CHECK(text.find("…" + k.value.substr(k.value.size() - 4)) != std::string::npos);
      for (const auto& rec : f.state->keys()) {
        const auto listed = core::key_json(*f.state, rec, f.state->now()).dump();
        CHECK(listed.find(k.value) == std::string::npos);
        CHECK(listed.find(other.value) == std::string::npos);
      }
    }
  }

  TEST_CASE("ALL-NO-CLEARTEXT: Basic credentials are not kept in the journal") {
    Fixture f("qlara");
    core::AccountSpec a;
    a.password = "correct-horse-battery";
    f.state->create_account("alice", a);
    const std::string encoded = core::base64_encode("alice:correct-horse-battery");
    REQUIRE(send(f, providers()[1], {{"Authorization", "Basic " + encoded}}).status == 200);
    const auto text = journal_text(f);
    CHECK(text.find(encoded) == std::string::npos);
    CHECK(text.find("correct-horse-battery") == std::string::npos);
  }

  TEST_CASE("ALL-KEY-IN-URL: a key in the query string is no credential and is flagged") {
    for (const auto& p : providers()) {
      CAPTURE(p.id);
      Fixture f(p.id);
      const auto k = f.key(live_spec(p));
      for (const auto* name : {"api_key", "apikey", "API-KEY", "key", "app-key", "app_key", "token",
                               "access_token", "x-api-key", "Authorization", "secret"}) {
        CAPTURE(name);
        const auto r = f.send(p.method, p.path + "?" + name + "=" + k.value, {}, p.body, "live");
        CHECK(r.status == 401);
        const auto journal = f.state->journal();
        REQUIRE_FALSE(journal.empty());
        CHECK(journal.back().has_flag(mockgate::core::JournalFlag::KeyInUrl));
        CHECK(json(journal.back()).dump().find(k.value) == std::string::npos);
      }
    }
  }

  TEST_CASE("ALL-KEY-IN-URL: a stored key's value under an innocent parameter name is flagged") {
    for (const auto& p : providers()) {
      CAPTURE(p.id);
      Fixture f(p.id);
      const auto k = f.key(live_spec(p));
      const auto r = f.send(p.method, p.path + "?q=1&ref=" + k.value, {}, p.body, "live");
      CHECK(r.status == 401);
      const auto journal = f.state->journal();
      REQUIRE(journal.size() == 1);
      CHECK(journal[0].has_flag(mockgate::core::JournalFlag::KeyInUrl));
      CHECK(json(journal[0]).dump().find(k.value) == std::string::npos);
    }
  }

  TEST_CASE("ALL-KEY-IN-URL: a key sent as a bare query parameter is flagged and not kept") {
    for (const auto& p : providers()) {
      CAPTURE(p.id);
      Fixture f(p.id);
      const auto k = f.key(live_spec(p));
      for (const auto& query : {k.value, k.value + "=1"}) {
        CAPTURE(query);
        const auto r = f.send(p.method, p.path + "?" + query, {}, p.body, "live");
        CHECK(r.status == 401);
        const auto journal = f.state->journal();
        REQUIRE_FALSE(journal.empty());
        CHECK(journal.back().has_flag(mockgate::core::JournalFlag::KeyInUrl));
        CHECK(json(journal.back()).dump().find(k.value) == std::string::npos);
      }
    }
  }

  TEST_CASE("ALL-KEY-IN-URL: a key in the URL is flagged even when the header also carries it") {
    Fixture f("lisoloo");
    const auto& p = providers()[0];
    const auto k = f.key(live_spec(p));
    REQUIRE(send_key(f, p, k.value, p.path + "?api_key=" + k.value).status == 200);
    CHECK(f.state->journal().at(0).has_flag(mockgate::core::JournalFlag::KeyInUrl));
  }

  TEST_CASE("ALL-KEY-IN-URL: a request with an ordinary query string is not flagged") {
    Fixture f("agentclara");
    const auto k = f.key();
    REQUIRE(send_key(f, providers()[3], k.value, "/conversations?limit=1").status == 200);
    CHECK(f.state->journal().at(0).flags.empty());
  }

  TEST_CASE(
      "ALL-404: an unknown path gets 404 in the provider's shape, with or without credentials") {
    for (const auto& p : providers()) {
      CAPTURE(p.id);
      Fixture f(p.id);
      const auto k = f.key(live_spec(p));
      for (const auto* path :
           {"/", "/nope", "/api", "/api/v1/lisoloo/sms-api", "/conversations/x"}) {
        CAPTURE(path);
        const auto anonymous = f.send("GET", path, {}, {}, "live");
        CHECK(anonymous.status == 404);
        CHECK(body_of(anonymous) == p.not_found);
        const auto with_key =
            f.send("POST", path, {{p.header, p.scheme + k.value}}, p.body, "live");
        CHECK(with_key.status == 404);
        CHECK(body_of(with_key) == p.not_found);
      }
    }
  }

  TEST_CASE("ALL-405: a known path with a wrong method gets 405, Allow and the provider's shape") {
    for (const auto& p : providers()) {
      CAPTURE(p.id);
      Fixture f(p.id);
      const auto k = f.key(live_spec(p));
      for (const auto& method : {p.wrong_method, std::string("DELETE")}) {
        CAPTURE(method);
        for (const bool with_key : {false, true}) {
          core::Headers headers;
          if (with_key) headers.push_back({p.header, p.scheme + k.value});
          const auto r = f.send(method, p.path, headers, p.body, "live");
          CHECK(r.status == 405);
          CHECK(body_of(r) == p.not_allowed);
          REQUIRE(r.header("Allow") != nullptr);
          CHECK(r.header("Allow")->value.find(p.method) != std::string::npos);
        }
      }
    }
  }

  TEST_CASE("any status but allowed gets the provider's 401 at Qlara, Agile and AgentClara") {
    for (const auto& p : providers()) {
      if (p.id == "lisoloo") continue;  // the one provider with a 403 per status
      CAPTURE(p.id);
      for (const auto status : {core::KeyStatus::PendingValidation, core::KeyStatus::Suspended,
                                core::KeyStatus::Revoked, core::KeyStatus::Locked,
                                core::KeyStatus::Expired, core::KeyStatus::Rejected}) {
        CAPTURE(core::to_string(status));
        Fixture f(p.id);
        auto s = live_spec(p);
        s.status = status;
        const auto r = send_key(f, p, f.key(s).value);
        CHECK(r.status == 401);
        CHECK(body_of(r) == p.unauthorized);
      }
    }
  }
}
