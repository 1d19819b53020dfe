// qlara's key-management API (document 003, mounted under /authentication) over loopback:
// list, create, delete and look up keys with X-Api-Key, each confined to the caller's account,
// and the same calls raced against authentications with a fixed key.
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/support_http.hpp"
#include "mockgate/server/mock_server.hpp"

namespace {

using namespace std::chrono_literals;
using mockgate::testing::answer;
using mockgate::testing::expect;
using mockgate::testing::json_of;
using mockgate::testing::status_of;
using nlohmann::json;

constexpr const char* kKeys = "/authentication";
constexpr const char* kSend = "/api/message-server/sms/send";
constexpr const char* kSendBody = R"({"phoneNumber":"+393901234567","message":"Hello from Qlara!"})";
const std::string kUnauthorized = expect(401, R"({"code":401,"message":"Invalid credentials"})");
const std::string kNotFound = expect(404, R"({"code":404,"message":"Not Found"})");
const std::string kBadBody = expect(400, R"({"code":400,"message":"Invalid request body"})");

/// The names of a JSON object's fields, sorted.
std::set<std::string> fields(const json& j) {
  std::set<std::string> out;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) out.insert(k);
  }
  return out;
}

/// The ids in a list answer, with how often each appears.
std::map<std::string, int> ids(const json& list) {
  std::map<std::string, int> out;
  if (list.is_array()) {
    for (const auto& k : list) ++out[k.value("id", "<no id>")];
  }
  return out;
}

/// qlara in process (plain HTTP): a caller key of the default account, another account's key.
struct Qlara {
  Qlara() : server(mockgate::MockServer::for_providers({"qlara"})) {
    server->start();
    url = server->url();
    mine = make({{"tier", "enterprise"}});
    theirs = make({{"owner", "other-company"}});
  }
  json make(const json& spec) {
    auto c = mockgate::testing::client_for(url);
    return mockgate::testing::admin_create_key(c, spec);
  }
  httplib::Headers as(const json& key) const { return {{"X-Api-Key", key.value("value", "")}}; }
  httplib::Client client() const {
    auto c = mockgate::testing::client_for(url);
    c.set_tcp_nodelay(true);  // else a POST's body waits on the delayed ACK of its head
    return c;
  }
  json list(const std::string& query = "") {
    auto c = client();
    return json_of(c.Get(std::string(kKeys) + query, as(mine)));
  }
  std::string create(const std::string& body) {
    auto c = client();
    return answer(c.Post(kKeys, as(mine), body, "application/json"));
  }
  std::string send_with(const std::string& value) {
    auto c = client();
    return answer(c.Post(kSend, {{"X-Api-Key", value}}, kSendBody, "application/json"));
  }
  /// Keys of every account, soft-deleted ones included (admin API).
  std::size_t stored_keys() {
    auto c = client();
    return json_of(c.Get("/__mockgate/keys")).size();
  }

  std::unique_ptr<mockgate::MockServer> server;
  std::string url;
  json mine;
  json theirs;
};

}  // namespace

TEST_SUITE("http: qlara key management") {
  TEST_CASE("KEY-LIST: the caller's account's keys only, never a value, deleted ones left out") {
    Qlara q;
    const json second = q.make(json::object());
    const json gone = q.make(json::object());
    auto c = q.client();
    REQUIRE(status_of(c.Delete("/__mockgate/keys/" + gone.value("id", ""))) == 204);

    const auto res = c.Get(kKeys, q.as(q.mine));
    REQUIRE(status_of(res) == 200);
    const json list = json_of(res);
    REQUIRE(list.is_array());
    CHECK(ids(list) == std::map<std::string, int>{{q.mine.at("id"), 1}, {second.at("id"), 1}});
    for (const auto& k : list) {
      CAPTURE(k.dump());
      CHECK_FALSE(k.contains("value"));
      for (const char* f : {"id", "username", "operations", "trafficType", "creationDate"}) {
        CHECK(k.contains(f));
      }
      // Document 003 lists id, username, operations, trafficType and creationDate: no company
      // (only the lookup and the create answer carry it).
      CHECK_FALSE(k.contains("company"));
      CHECK(k.at("username") == "qlara-user");
      CHECK(k.at("trafficType") == "TRANSACTIONAL");
    }
    for (const auto& v : {q.mine.at("value"), second.at("value"), gone.at("value")}) {
      CHECK(res->body.find(v.get<std::string>()) == std::string::npos);
    }
    // The other account sees its own key only.
    CHECK(ids(json_of(c.Get(kKeys, q.as(q.theirs)))) ==
          std::map<std::string, int>{{q.theirs.at("id"), 1}});
  }

  TEST_CASE("KEY-LIST: ?userId= keeps the keys of that user of the account") {
    Qlara q;
    const auto made = q.create(R"({"operations":["SMS"],"username":"alice"})");
    REQUIRE(made.rfind("201 ", 0) == 0);
    const json alice = json::parse(made.substr(4));
    CHECK(alice.at("username") == "alice");
    CHECK(ids(q.list("?userId=alice")) == std::map<std::string, int>{{alice.at("id"), 1}});
    CHECK(ids(q.list("?userId=qlara-user")) == std::map<std::string, int>{{q.mine.at("id"), 1}});
    CHECK(q.list("?userId=nobody") == json::array());
    CHECK(ids(q.list()).size() == 2);
  }

  TEST_CASE("KEY-CREATE: 201 with the value shown once, and the new key works at once") {
    Qlara q;
    const auto made = q.create(R"({"operations":["SMS","RCS"]})");
    REQUIRE(made.rfind("201 ", 0) == 0);
    const json key = json::parse(made.substr(4));
    CHECK(fields(key) == std::set<std::string>{"id", "company", "username", "operations",
                                               "trafficType", "creationDate", "value"});
    CHECK(key.at("company") == "Qlara Demo");
    CHECK(key.at("username") == "qlara-user");
    CHECK(key.at("operations") == json{"SMS", "RCS"});
    CHECK(key.at("trafficType") == "TRANSACTIONAL");
    const std::string value = key.at("value");
    CHECK(value.size() == 40);
    CHECK(value.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") ==
          std::string::npos);
    CHECK(q.send_with(value).rfind("200 ", 0) == 0);
    CHECK(ids(q.list())[key.at("id")] == 1);

    // Scoped to its operations: a WHATSAPP-only key may not send SMS (QLA-403-SCOPE).
    const auto whatsapp = q.create(R"({"operations":["WHATSAPP"]})");
    REQUIRE(whatsapp.rfind("201 ", 0) == 0);
    CHECK(q.send_with(json::parse(whatsapp.substr(4)).at("value")) ==
          expect(403, R"({"code":403,"message":"Operation not allowed for this API key"})"));
  }

  TEST_CASE("KEY-CREATE-400: bad bodies get 400 Invalid request body and create nothing") {
    Qlara q;
    const auto before = q.stored_keys();
    const char* bodies[] = {R"({"operations":["SMS"])", "not json", "", R"({})",
                            R"({"operations":[]})", R"({"operations":["FAX"]})",
                            R"({"operations":["SMS","FAX"]})", R"({"operations":"SMS"})",
                            R"({"operations":[7]})", R"({"operations":null})", R"(["SMS"])"};
    for (const char* body : bodies) {
      CAPTURE(body);
      CHECK(q.create(body) == kBadBody);
    }
    CHECK(q.stored_keys() == before);
    CHECK(ids(q.list()).size() == 1);
  }

  TEST_CASE("KEY-DELETE and KEY-DELETE-404: 204 and no body, then 401 for the key, 404 again") {
    Qlara q;
    const json doomed = json::parse(q.create(R"({"operations":["SMS"]})").substr(4));
    const std::string path = std::string(kKeys) + "/" + doomed.value("id", "");
    auto c = q.client();
    const auto res = c.Delete(path, q.as(q.mine));
    CHECK(status_of(res) == 204);
    if (res) CHECK(res->body.empty());
    CHECK(q.send_with(doomed.at("value")) == kUnauthorized);
    CHECK(answer(c.Delete(path, q.as(q.mine))) == kNotFound);
    CHECK(answer(c.Delete(std::string(kKeys) + "/no-such-id", q.as(q.mine))) == kNotFound);
    CHECK(ids(q.list()).count(doomed.at("id")) == 0);
    // A key may delete itself: its next call is then refused.
    const std::string self = std::string(kKeys) + "/" + q.mine.value("id", "");
    CHECK(status_of(c.Delete(self, q.as(q.mine))) == 204);
    CHECK(answer(c.Get(kKeys, q.as(q.mine))) == kUnauthorized);
  }

  TEST_CASE("ownership: another account's key is 404 to delete and to look up, and stays valid") {
    Qlara q;
    auto c = q.client();
    CHECK(answer(c.Delete(std::string(kKeys) + "/" + q.theirs.value("id", ""), q.as(q.mine))) ==
          kNotFound);
    CHECK(answer(c.Get(std::string(kKeys) + "/" + q.theirs.value("value", ""), q.as(q.mine))) ==
          kNotFound);
    CHECK(ids(q.list()).count(q.theirs.at("id")) == 0);
    CHECK(q.send_with(q.theirs.at("value")).rfind("200 ", 0) == 0);
  }

  TEST_CASE("KEY-LOOKUP and KEY-LOOKUP-404: metadata by value, 404 for anything else") {
    Qlara q;
    auto c = q.client();
    const json other = q.make(json::object());
    const auto found = c.Get(std::string(kKeys) + "/" + other.value("value", ""), q.as(q.mine));
    REQUIRE(status_of(found) == 200);
    const json meta = json_of(found);
    CHECK(fields(meta) == std::set<std::string>{"id", "company", "username", "operations",
                                                "trafficType", "creationDate"});
    CHECK(meta.at("id") == other.at("id"));
    CHECK(found->body.find(other.value("value", "")) == std::string::npos);

    REQUIRE(status_of(c.Delete("/__mockgate/keys/" + other.value("id", ""))) == 204);
    const std::string lookups[] = {other.value("value", ""),         // deleted
                                   std::string(40, 'x'),             // never created
                                   std::string(5000, 'a'),           // far too long
                                   "%2F%00",                         // odd characters
                                   "..%2F..%2F__mockgate%2Fkeys",    // a path in disguise
                                   "%20" + q.mine.value("value", "")};
    for (const auto& v : lookups) {
      CAPTURE(v.substr(0, 60));
      CHECK(answer(c.Get(std::string(kKeys) + "/" + v, q.as(q.mine))) == kNotFound);
    }
  }

  TEST_CASE("KEY-401: /authentication takes no Basic credentials, no key, and no unknown key") {
    Qlara q;
    auto c = q.client();
    const auto account = c.Post("/__mockgate/accounts",
                                R"({"username":"qlara-user","password":"pa55word"})",
                                "application/json");
    REQUIRE_MESSAGE(status_of(account) == 201, answer(account));
    c.set_basic_auth("qlara-user", "pa55word");
    CHECK(answer(c.Post(kSend, kSendBody, "application/json")).rfind("200 ", 0) == 0);  // elsewhere fine
    CHECK(answer(c.Get(kKeys)) == kUnauthorized);
    CHECK(answer(c.Post(kKeys, R"({"operations":["SMS"]})", "application/json")) == kUnauthorized);
    auto bare = q.client();
    CHECK(answer(bare.Get(kKeys)) == kUnauthorized);
    CHECK(answer(bare.Delete(std::string(kKeys) + "/" + q.mine.value("id", ""))) == kUnauthorized);
    CHECK(answer(bare.Get(std::string(kKeys) + "/" + q.mine.value("value", ""))) == kUnauthorized);
    CHECK(answer(bare.Get(kKeys, {{"X-Api-Key", std::string(40, 'Q')}})) == kUnauthorized);
    CHECK(answer(bare.Get(kKeys, {{"X-Api-Key", ""}})) == kUnauthorized);
    CHECK(ids(q.list()).size() == 1);  // the refused create made nothing
  }

  TEST_CASE("racing creates and deletes with authentications loses and duplicates nothing") {
    Qlara q;
    const json fixed = q.make({{"tier", "enterprise"}});
    const std::size_t listed_before = q.list().size();
    constexpr int kManagers = 4;
    constexpr int kAuthenticators = 4;
    constexpr int kPerManager = 250;  // creates each; every second one is deleted again
    constexpr int kMaxSends = 2000;   // per authenticating thread (enterprise tier: 10,000/min)
    std::latch start(kManagers + kAuthenticators);
    const auto deadline = std::chrono::steady_clock::now() + 3s;  // managers stop early then

    std::mutex mutex;
    std::vector<json> kept, deleted;
    std::vector<std::string> manager_errors;
    std::atomic<int> managers_left{kManagers};
    std::atomic<int> sends{0};
    std::atomic<int> failed_sends{0};
    std::string first_failure;
    std::vector<std::thread> threads;
    for (int t = 0; t < kManagers; ++t) {
      threads.emplace_back([&] {
        auto c = q.client();
        start.arrive_and_wait();
        for (int i = 0; i < kPerManager && std::chrono::steady_clock::now() < deadline; ++i) {
          const auto made = c.Post(kKeys, q.as(q.mine), R"({"operations":["SMS"]})", "application/json");
          const json key = json_of(made);
          if (status_of(made) != 201 || !key.contains("id")) {
            const std::lock_guard lock(mutex);
            manager_errors.push_back("create: " + answer(made));
            continue;
          }
          if (i % 2 == 1) {
            const auto gone = c.Delete(std::string(kKeys) + "/" + key.value("id", ""), q.as(q.mine));
            const std::lock_guard lock(mutex);
            if (status_of(gone) == 204) {
              deleted.push_back(key);
            } else {
              manager_errors.push_back("delete: " + answer(gone));
              kept.push_back(key);
            }
          } else {
            const std::lock_guard lock(mutex);
            kept.push_back(key);
          }
        }
        --managers_left;
      });
    }
    for (int t = 0; t < kAuthenticators; ++t) {
      threads.emplace_back([&] {
        auto c = q.client();
        c.set_keep_alive(true);
        start.arrive_and_wait();
        for (int i = 0; i < kMaxSends && managers_left > 0; ++i) {
          const auto res = c.Post(kSend, q.as(fixed), kSendBody, "application/json");
          ++sends;
          if (status_of(res) != 200) {
            ++failed_sends;
            const std::lock_guard lock(mutex);
            if (first_failure.empty()) first_failure = answer(res);
          }
        }
      });
    }
    for (auto& t : threads) t.join();

    CHECK(manager_errors == std::vector<std::string>{});
    CHECK_MESSAGE(failed_sends == 0, first_failure);
    CHECK(sends > 0);
    INFO(kept.size() << " kept, " << deleted.size() << " deleted, " << sends.load() << " sends");

    const json after = q.list();
    const auto listed = ids(after);
    CHECK(after.size() == listed_before + kept.size());
    for (const auto& k : kept) CHECK(listed.count(k.at("id")) == 1);
    for (const auto& k : deleted) CHECK(listed.count(k.at("id")) == 0);
    CHECK(std::all_of(listed.begin(), listed.end(), [](const auto& e) { return e.second == 1; }));
    std::set<std::string> values;
    for (const auto* group : {&kept, &deleted}) {
      for (const auto& k : *group) values.insert(k.value("value", ""));
    }
    CHECK(values.size() == kept.size() + deleted.size());  // no value handed out twice
    // Stored: the two start keys, `fixed`, and every key made (soft-deleted ones included).
    CHECK(q.stored_keys() == 3 + kept.size() + deleted.size());
    if (!kept.empty()) CHECK(q.send_with(kept.back().at("value")).rfind("200 ", 0) == 0);
    if (!deleted.empty()) CHECK(q.send_with(deleted.back().at("value")) == kUnauthorized);
  }
}
