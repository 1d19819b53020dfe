// Rate limits over loopback, from several keep-alive connections at once: agentclara's
// 1,000-per-minute standard tier per key (ACL-429) and agile-wholesale's per-account limit for
// Basic auth (WHS-429). Exact counts only: the 1,001st admitted request must never exist.
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "http/support_http.hpp"
#include "mockgate/server/mock_server.hpp"

namespace {

using namespace std::chrono_literals;
using mockgate::testing::answer;
using mockgate::testing::expect;
using mockgate::testing::header_of;
using mockgate::testing::status_of;
using nlohmann::json;

constexpr int kStandardLimit = 1000;
constexpr int kWorkers = 4;
constexpr const char* kConversations = "/conversations?limit=1";
constexpr const char* kWholesaleSend = "/services/sms/send";
constexpr const char* kWholesaleBody =
    R"({"messages":[{"destinations":["+393351234567"],"sender":"Agile","body":"Hello"}]})";
const std::string kAgentClara429 =
    expect(429, R"({"success":false,"error":"Rate limited","status":429})");
const std::string kWholesale429 = expect(429, R"({"code":429,"message":"Rate limit exceeded"})");

/// One answer of a burst: "STATUS {json}" and its Retry-After.
struct Outcome {
  std::string answer;
  std::string retry_after;
  int status = -1;
};

/// Sends `total` requests to `url` from `kWorkers` threads, each over its own keep-alive
/// connection; `send` makes one request on a client. Outcomes in ticket order.
std::vector<Outcome> burst(const std::string& url, int total,
                           const std::function<httplib::Result(httplib::Client&)>& send) {
  std::vector<Outcome> out(static_cast<std::size_t>(total));
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      auto c = mockgate::testing::client_for(url);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      for (int t = next++; t < total; t = next++) {
        const auto res = send(c);
        auto& o = out[static_cast<std::size_t>(t)];
        o.status = status_of(res);
        o.answer = answer(res);
        o.retry_after = header_of(res, "Retry-After");
      }
    });
  }
  for (auto& w : workers) w.join();
  return out;
}

/// How many outcomes had each status, as "200×1000 429×20" (comparable in one CHECK).
std::string tally(const std::vector<Outcome>& outcomes) {
  std::map<int, int> counts;
  for (const auto& o : outcomes) ++counts[o.status];
  std::string s;
  for (const auto& [status, n] : counts) {
    s += (s.empty() ? "" : " ") + std::to_string(status) + "x" + std::to_string(n);
  }
  return s;
}

/// A Retry-After of whole seconds ("42" → 42); -1 for anything else.
int whole_seconds(const std::string& header) {
  if (header.empty() || header.size() > 6 ||
      header.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::stoi(header);
}

/// agentclara in process (plain HTTP) with an admin client.
struct AgentClara {
  AgentClara() : server(mockgate::MockServer::for_providers({"agentclara"})) {
    server->start();
    url = server->url();
  }
  json make_key(const json& spec = json::object()) {
    auto admin = mockgate::testing::client_for(url);
    return mockgate::testing::admin_create_key(admin, spec);
  }
  std::vector<Outcome> conversations(const std::string& key, int total) {
    const httplib::Headers auth{{"Authorization", "Bearer " + key}};
    return burst(url, total, [&](httplib::Client& c) { return c.Get(kConversations, auth); });
  }
  std::string one(const std::string& key) {
    auto c = mockgate::testing::client_for(url);
    return answer(c.Get(kConversations, {{"Authorization", "Bearer " + key}}));
  }

  std::unique_ptr<mockgate::MockServer> server;
  std::string url;
};

}  // namespace

TEST_SUITE("http: rate limits") {
  TEST_CASE("ACL-429: of 1,020 concurrent requests on one key exactly 1,000 pass, 20 get the 429") {
    AgentClara m;
    const json key = m.make_key();
    REQUIRE(key.is_object());
    const auto outcomes = m.conversations(key.at("value"), kStandardLimit + 20);
    CHECK(tally(outcomes) == "200x1000 429x20");
    for (const auto& o : outcomes) {
      if (o.status != 429) continue;
      CHECK(o.answer == kAgentClara429);
      CHECK(o.retry_after == "1");
    }
    // And on a fresh connection afterwards, with the exact body and header.
    auto c = mockgate::testing::client_for(m.url);
    const auto res = c.Get(kConversations, {{"Authorization", "Bearer " + key.at("value").get<std::string>()}});
    CHECK(answer(res) == kAgentClara429);
    CHECK(header_of(res, "Retry-After") == "1");
  }

  TEST_CASE("ACL-429: the limit is per key, and setting the clock does not refill the window") {
    AgentClara m;
    const std::string spent = m.make_key().at("value");
    const std::string other = m.make_key().at("value");
    CHECK(tally(m.conversations(spent, kStandardLimit)) == "200x1000");
    CHECK(m.one(spent) == kAgentClara429);
    CHECK(m.one(other).rfind("200 ", 0) == 0);  // another key of the same account is unaffected

    auto admin = mockgate::testing::client_for(m.url);
    for (const char* t : {"2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z"}) {
      CAPTURE(t);
      REQUIRE(status_of(admin.Put("/__mockgate/clock", json{{"now", t}}.dump(),
                                  "application/json")) == 200);
      CHECK(m.one(spent) == kAgentClara429);
    }
    REQUIRE(status_of(admin.Put("/__mockgate/clock", R"({"now":null})", "application/json")) == 200);
    CHECK(m.one(spent) == kAgentClara429);
  }

  TEST_CASE("ACL-429: refused requests are not counted against the key's window") {
    AgentClara m;
    const json key = m.make_key();
    const std::string id = key.at("id");
    const std::string value = key.at("value");
    auto admin = mockgate::testing::client_for(m.url);
    REQUIRE(status_of(admin.Patch("/__mockgate/keys/" + id, R"({"status":"suspended"})",
                                  "application/json")) == 200);
    // 50 refusals of this very key (ACL-401-INVALID: any status but allowed gets the 401).
    CHECK(tally(m.conversations(value, 50)) == "401x50");
    REQUIRE(status_of(admin.Patch("/__mockgate/keys/" + id, R"({"status":"allowed"})",
                                  "application/json")) == 200);
    // ...then still a whole standard window of 1,000 admitted requests.
    CHECK(tally(m.conversations(value, kStandardLimit + 5)) == "200x1000 429x5");
  }

  TEST_CASE("ACL-429: an enterprise key passes 1,000 a minute, and PATCH to enterprise lifts a 429") {
    AgentClara m;
    const json enterprise = m.make_key({{"tier", "enterprise"}});
    REQUIRE(enterprise.is_object());
    CHECK(enterprise.value("tier", "") == "enterprise");
    CHECK(tally(m.conversations(enterprise.at("value"), kStandardLimit + 50)) == "200x1050");

    const json standard = m.make_key();
    const std::string value = standard.at("value");
    CHECK(tally(m.conversations(value, kStandardLimit)) == "200x1000");
    CHECK(m.one(value) == kAgentClara429);
    auto admin = mockgate::testing::client_for(m.url);
    const auto patched = admin.Patch("/__mockgate/keys/" + standard.at("id").get<std::string>(),
                                     R"({"tier":"enterprise"})", "application/json");
    CHECK(mockgate::testing::json_of(patched).value("tier", "") == "enterprise");
    CHECK(m.one(value).rfind("200 ", 0) == 0);
    CHECK(status_of(admin.Patch("/__mockgate/keys/" + standard.at("id").get<std::string>(),
                                R"({"tier":"platinum"})", "application/json")) == 400);
  }

  TEST_CASE("WHS-429: a key without a tier takes its account's, and a key's own tier wins") {
    auto server = mockgate::MockServer::for_providers({"agile-wholesale"});
    server->start();
    const std::string url = server->url();
    auto admin = mockgate::testing::client_for(url);
    const auto made = admin.Post("/__mockgate/accounts",
                                 R"({"username":"big-co","password":"s3cret-pass","tier":"enterprise"})",
                                 "application/json");
    REQUIRE_MESSAGE(status_of(made) == 201, answer(made));
    const json inherits = mockgate::testing::admin_create_key(admin, {{"owner", "big-co"}});
    const json own = mockgate::testing::admin_create_key(admin, {{"owner", "big-co"}, {"tier", "standard"}});
    REQUIRE(inherits.is_object());
    REQUIRE(own.is_object());
    const auto send_with = [](const std::string& key) {
      return [key](httplib::Client& c) {
        return c.Post(kWholesaleSend, {{"X-Api-Key", key}}, kWholesaleBody, "application/json");
      };
    };
    CHECK(tally(burst(url, kStandardLimit + 20, send_with(inherits.at("value")))) == "200x1020");
    CHECK(tally(burst(url, kStandardLimit + 5, send_with(own.at("value")))) == "200x1000 429x5");
    // The enterprise account over Basic auth: more than 1,000 as well.
    const auto basic = [](httplib::Client& c) {
      c.set_basic_auth("big-co", "s3cret-pass");
      return c.Post(kWholesaleSend, kWholesaleBody, "application/json");
    };
    CHECK(tally(burst(url, kStandardLimit + 20, basic)) == "200x1020");
  }

  TEST_CASE("WHS-429: a Basic account is limited per account, Retry-After until a slot frees") {
    auto server = mockgate::MockServer::for_providers({"agile-wholesale"});
    server->start();
    const std::string url = server->url();
    auto admin = mockgate::testing::client_for(url);
    for (const char* user : {"bulk-sender", "quiet-sender"}) {
      const auto made = admin.Post("/__mockgate/accounts",
                                   json{{"username", user}, {"password", "s3cret-pass"}}.dump(),
                                   "application/json");
      REQUIRE_MESSAGE(status_of(made) == 201, answer(made));
    }
    const auto send_as = [&](const std::string& user, const std::string& password) {
      return [=](httplib::Client& c) {
        c.set_basic_auth(user, password);
        return c.Post(kWholesaleSend, kWholesaleBody, "application/json");
      };
    };
    // Wrong passwords are refused before the limit and do not count.
    CHECK(tally(burst(url, 20, send_as("bulk-sender", "wrong"))) == "401x20");

    const auto started = std::chrono::steady_clock::now();
    const auto outcomes = burst(url, kStandardLimit + 8, send_as("bulk-sender", "s3cret-pass"));
    auto c = mockgate::testing::client_for(url);
    c.set_basic_auth("bulk-sender", "s3cret-pass");
    const auto res = c.Post(kWholesaleSend, kWholesaleBody, "application/json");
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    CHECK(tally(outcomes) == "200x1000 429x8");
    CHECK(answer(res) == kWholesale429);
    // The oldest admitted request is at most `elapsed` old: its slot frees in ≥ 60 − elapsed s.
    const auto lowest = static_cast<int>(std::floor(60.0 - elapsed));
    for (const auto& o : outcomes) {
      if (o.status != 429) continue;
      CHECK(o.answer == kWholesale429);
      CAPTURE(o.retry_after);
      const int seconds = whole_seconds(o.retry_after);
      CHECK(seconds >= lowest);
      CHECK(seconds <= 60);
    }

    // Another account, and a key of the same account, each have their own window.
    auto quiet = mockgate::testing::client_for(url);
    quiet.set_basic_auth("quiet-sender", "s3cret-pass");
    CHECK(status_of(quiet.Post(kWholesaleSend, kWholesaleBody, "application/json")) == 200);
    const json key = mockgate::testing::admin_create_key(admin, {{"owner", "bulk-sender"}});
    REQUIRE(key.is_object());
    auto by_key = mockgate::testing::client_for(url);
    CHECK(status_of(by_key.Post(kWholesaleSend, {{"X-Api-Key", key.at("value").get<std::string>()}},
                                kWholesaleBody, "application/json")) == 200);

    // A clock set a day ahead refills nothing: windows run on elapsed time.
    REQUIRE(status_of(admin.Put("/__mockgate/clock", R"({"now":"2030-01-02T00:00:00Z"})",
                                "application/json")) == 200);
    const auto after = c.Post(kWholesaleSend, kWholesaleBody, "application/json");
    CHECK(answer(after) == kWholesale429);
    const int retry = whole_seconds(header_of(after, "Retry-After"));
    CHECK(retry >= 1);
    CHECK(retry <= 60);
  }
}
