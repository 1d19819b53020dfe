// The in-process C++ API over real loopback sockets: start/stop, ports, and the admin API.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <set>

#include "http/support_http.hpp"
#include "http/support_socket.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace {

using mockgate::testing::answer;
using mockgate::testing::expect;
using nlohmann::json;

constexpr const char* kBalance = "/api/v1/lisoloo/sms-api/balance";

}  // namespace

TEST_SUITE("http: in-process MockServer") {
  // The example to copy: a test of your own client code against the mock, in one process.
  TEST_CASE("a test starts the mock, calls it with a key, and reads the redacted journal") {
    // Load a provider's profile (scenarios/providers/lisoloo.yaml) and start its mock: one
    // listener per environment (lisoloo has `test` and `live`), on ephemeral loopback ports.
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"));
    server.start();

    // Arrange: an allowed key of the live environment. Its cleartext value is shown only here.
    mockgate::core::KeySpec spec;
    spec.env = "live";
    const mockgate::core::CreatedKey key = server.create_key(spec);

    // Act: call the live base URL as the client under test would.
    httplib::Client client(server.url("live"));
    const auto res = client.Get("/api/v1/lisoloo/sms-api/balance", {{"app-key", key.value}});

    // Assert on the answer...
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == R"({"data":{"available_sms":250}})");

    // ...and on what the mock received: keys in the journal show only prefix + last 4.
    const auto journal = server.provider().journal();
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].status == 200);
    const auto* sent = mockgate::core::find_header(journal[0].headers, "app-key");
    REQUIRE(sent != nullptr);
    CHECK(sent->value == key.record.display);  // "sk_live_…" and the last 4 characters
    CHECK(sent->value != key.value);

    server.stop();  // the destructor would too
  }

  TEST_CASE("a server starts and stops several times, answering on fresh ports each time") {
    mockgate::MockServer server(
        mockgate::server::load_profile(MOCKGATE_TEST_PROFILES "/qlara.yaml"));
    for (int round = 0; round < 3; ++round) {
      CAPTURE(round);
      server.start();
      CHECK(server.is_running());
      REQUIRE(server.listeners().size() == 1);
      const int port = server.listeners().front().port;
      auto c = mockgate::testing::client_for(server.url());
      CHECK(answer(c.Get("/__mockgate/health")) == expect(200, R"({"ok":true})"));
      server.stop();
      server.stop();  // idempotent
      CHECK_FALSE(server.is_running());
      CHECK(server.listeners().empty());
      CHECK_THROWS_AS((void)server.url(), std::invalid_argument);
      CHECK_FALSE(mockgate::testing::is_listening(port));
    }
  }

  TEST_CASE("two servers at once listen on different ports and share no keys") {
    mockgate::MockServer a(mockgate::server::find_profile("lisoloo"));
    mockgate::MockServer b(mockgate::server::find_profile("lisoloo"));
    a.start();
    b.start();
    std::set<int> ports;
    for (const auto* s : {&a, &b}) {
      for (const auto& l : s->listeners()) {
        CHECK(l.url == "http://127.0.0.1:" + std::to_string(l.port));
        ports.insert(l.port);
      }
    }
    CHECK(ports.size() == 4);

    mockgate::core::KeySpec spec;
    spec.env = "live";
    const auto key = a.create_key(spec);
    auto ca = mockgate::testing::client_for(a.url("live"));
    auto cb = mockgate::testing::client_for(b.url("live"));
    CHECK(answer(ca.Get(kBalance, {{"app-key", key.value}})) ==
          expect(200, R"({"data":{"available_sms":250}})"));
    CHECK(answer(cb.Get(kBalance, {{"app-key", key.value}})) ==
          expect(401, R"({"detail":"Unauthorized"})"));
  }

  TEST_CASE("stop() right after start() returns promptly") {
    // A test that fails early stops its server at once: that must not wait on the listeners.
    auto server = std::make_shared<mockgate::MockServer>(mockgate::server::find_profile("lisoloo"));
    for (int round = 0; round < 5; ++round) {
      CAPTURE(round);
      const bool returned = mockgate::testing::finishes_within(std::chrono::seconds(10), [server] {
        server->start();
        server->stop();
      });
      REQUIRE_MESSAGE(returned, "start() then stop() did not return within 10 s");
      CHECK_FALSE(server->is_running());
    }
  }

  TEST_CASE("a taken port_base makes start() throw and leaves nothing listening") {
    // lisoloo binds port_base (test), then port_base + 1 (live): take the second, leave the first.
    std::unique_ptr<mockgate::testing::TakenPort> taken;
    for (int attempt = 0; attempt < 20 && !taken; ++attempt) {
      auto t = std::make_unique<mockgate::testing::TakenPort>();
      if (t->ok() && t->port() > 1024 && mockgate::testing::TakenPort(t->port() - 1).ok()) {
        taken = std::move(t);
      }
    }
    REQUIRE(taken);
    const int base = taken->port() - 1;

    mockgate::ServerOptions options;
    options.port_base = base;
    auto server =
        std::make_shared<mockgate::MockServer>(mockgate::server::find_profile("lisoloo"), options);
    auto error = std::make_shared<std::string>();
    const bool returned =
        mockgate::testing::finishes_within(std::chrono::seconds(10), [server, error] {
          try {
            server->start();
          } catch (const std::runtime_error& e) {
            *error = e.what();
          }
        });
    REQUIRE_MESSAGE(returned, "start() on a taken port did not return within 10 s");
    CHECK(*error == "cannot listen on 127.0.0.1:" + std::to_string(taken->port()) +
                        ": the port is taken or not allowed");
    CHECK_FALSE(server->is_running());
    CHECK(server->listeners().empty());
    CHECK_FALSE(mockgate::testing::is_listening(base));  // the first listener was closed again

    // Once the port is free the same server starts, numbering its listeners from port_base.
    taken.reset();
    server->start();
    REQUIRE(server->listeners().size() == 2);
    CHECK(server->listeners()[0].port == base);
    CHECK(server->listeners()[1].port == base + 1);
  }

  TEST_CASE("admin API: keys are created, listed redacted, suspended and soft-deleted") {
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"));
    server.start();
    auto live = mockgate::testing::client_for(server.url("live"));

    // Without "env", the key belongs to the receiving listener's environment.
    const auto created = live.Post("/__mockgate/keys", "{}", "application/json");
    REQUIRE(mockgate::testing::status_of(created) == 201);
    const json key = json::parse(created->body);
    const std::string value = key.at("value");
    const std::string id = key.at("id");
    CHECK(key.at("env") == "live");
    CHECK(key.at("status") == "allowed");
    CHECK(value.size() == std::string("sk_live_").size() + 32);
    CHECK(value.rfind("sk_live_", 0) == 0);
    CHECK(answer(live.Get(kBalance, {{"app-key", value}})) ==
          expect(200, R"({"data":{"available_sms":250}})"));

    const auto listed = live.Get("/__mockgate/keys");
    REQUIRE(mockgate::testing::status_of(listed) == 200);
    CHECK(listed->body.find(value) == std::string::npos);
    const json list = json::parse(listed->body);
    REQUIRE(list.is_array());
    REQUIRE(list.size() == 1);
    CHECK(list[0].at("value") == "sk_live_…" + value.substr(value.size() - 4));
    CHECK(list[0].at("last_used_at").is_string());
    CHECK(list[0].at("deleted") == false);

    const std::string path = "/__mockgate/keys/" + id;
    const auto patched = live.Patch(path, R"({"status":"suspended"})", "application/json");
    CHECK(mockgate::testing::status_of(patched) == 200);
    CHECK(mockgate::testing::json_of(patched).value("status", "") == "suspended");
    CHECK(answer(live.Get(kBalance, {{"app-key", value}})) ==
          expect(403, R"({"detail":"Gateway app is suspended. Please contact support."})"));

    const auto bad = live.Patch(path, R"({"status":"suspendd"})", "application/json");
    CHECK(mockgate::testing::status_of(bad) == 400);
    CHECK(mockgate::testing::json_of(bad).value("error", "").find("unknown status 'suspendd'") ==
          0);

    const auto deleted = live.Delete(path);
    CHECK(mockgate::testing::status_of(deleted) == 204);
    if (deleted) CHECK(deleted->body.empty());
    CHECK(answer(live.Get(kBalance, {{"app-key", value}})) ==
          expect(401, R"({"detail":"Unauthorized"})"));
    const json after = mockgate::testing::json_of(live.Get("/__mockgate/keys"));
    REQUIRE(after.size() == 1);
    CHECK(after[0].at("deleted") == true);

    // A sandbox key made through the live listener works at the sandbox only.
    const json test_key =
        mockgate::testing::admin_create_key(live, json{{"env", "test"}, {"status", "allowed"}});
    REQUIRE(test_key.is_object());
    const std::string test_value = test_key.at("value");
    CHECK(test_value.rfind("sk_test_", 0) == 0);
    auto sandbox = mockgate::testing::client_for(server.url("test"));
    CHECK(answer(sandbox.Get(kBalance, {{"app-key", test_value}})) ==
          expect(200, R"({"data":{"available_sms":1000}})"));
    CHECK(answer(live.Get(kBalance, {{"app-key", test_value}})) ==
          expect(401, R"({"detail":"Unauthorized"})"));
  }

  TEST_CASE("admin API: a rotated key fails at once and its successor works at once") {
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"));
    server.start();
    auto live = mockgate::testing::client_for(server.url("live"));
    const json old_key = mockgate::testing::admin_create_key(live, json::object());
    REQUIRE(old_key.is_object());

    const auto rotated =
        live.Post("/__mockgate/keys/" + old_key.at("id").get<std::string>() + "/rotate", "",
                  "application/json");
    REQUIRE(mockgate::testing::status_of(rotated) == 201);
    const json new_key = json::parse(rotated->body);
    CHECK(new_key.at("rotated_from") == old_key.at("id"));
    CHECK(new_key.at("value") != old_key.at("value"));
    CHECK(answer(live.Get(kBalance, {{"app-key", old_key.at("value").get<std::string>()}})) ==
          expect(401, R"({"detail":"Unauthorized"})"));
    CHECK(answer(live.Get(kBalance, {{"app-key", new_key.at("value").get<std::string>()}})) ==
          expect(200, R"({"data":{"available_sms":250}})"));
    CHECK(mockgate::testing::status_of(
              live.Post("/__mockgate/keys/nope/rotate", "", "text/plain")) == 404);
  }

  TEST_CASE("admin API: a Basic-auth account, then its IP whitelist, decide qlara's answers") {
    mockgate::MockServer server(mockgate::server::find_profile("qlara"));
    server.start();
    auto c = mockgate::testing::client_for(server.url());
    const std::string send = "/api/message-server/sms/send";
    const std::string body = R"({"phoneNumber":"+393901234567","message":"Hello from Qlara!"})";
    const httplib::Headers good{httplib::make_basic_authentication_header("alice", "s3cret")};
    const httplib::Headers wrong{httplib::make_basic_authentication_header("alice", "guess")};

    const auto made = c.Post("/__mockgate/accounts", R"({"username":"alice","password":"s3cret"})",
                             "application/json");
    CHECK(mockgate::testing::status_of(made) == 201);
    CHECK(mockgate::testing::json_of(made).value("basic_auth", false));
    CHECK(mockgate::testing::status_of(c.Post("/__mockgate/accounts",
                                              R"({"username":"alice","password":"x"})",
                                              "application/json")) == 409);

    const auto ok = c.Post(send, good, body, "application/json");
    CHECK(mockgate::testing::status_of(ok) == 200);
    CHECK(mockgate::testing::json_of(ok).value("status", "") == "ACCEPTED");
    CHECK(answer(c.Post(send, wrong, body, "application/json")) ==
          expect(401, R"({"code":401,"message":"Invalid credentials"})"));

    CHECK(mockgate::testing::status_of(c.Patch("/__mockgate/accounts/alice",
                                               R"({"ip_whitelist":["10.0.0.0/8"]})",
                                               "application/json")) == 200);
    CHECK(answer(c.Post(send, good, body, "application/json")) ==
          expect(403, R"({"code":403,"message":"Unauthorized IP"})"));
    // Credentials are judged before the whitelist (QLA-401-BEFORE-IP).
    CHECK(answer(c.Post(send, wrong, body, "application/json")) ==
          expect(401, R"({"code":401,"message":"Invalid credentials"})"));

    CHECK(mockgate::testing::status_of(c.Patch("/__mockgate/accounts/alice",
                                               R"({"ip_whitelist":["10.0.0.1","127.0.0.0/8"]})",
                                               "application/json")) == 200);
    CHECK(mockgate::testing::status_of(c.Post(send, good, body, "application/json")) == 200);
    CHECK(mockgate::testing::status_of(c.Patch("/__mockgate/accounts/alice",
                                               R"({"ip_whitelist":["not-an-ip"]})",
                                               "application/json")) == 400);
  }

  TEST_CASE("admin API: the locale translates the answers, and the statuses stay the same") {
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"));
    server.start();
    auto c = mockgate::testing::client_for(server.url("live"));
    CHECK(answer(c.Put("/__mockgate/locale", R"({"locale":"it"})", "application/json")) ==
          expect(200, R"({"locale":"it"})"));
    CHECK(answer(c.Get(kBalance)) ==
          expect(401, R"({"detail":"Header app-key mancante. Fornisci un app-key valido."})"));
    CHECK(answer(c.Get("/nowhere")) == expect(404, R"({"detail":"Non trovato"})"));
    CHECK(mockgate::testing::status_of(
              c.Put("/__mockgate/locale", R"({"locale":"xx"})", "application/json")) == 400);
    CHECK(answer(c.Get("/__mockgate/locale")) == expect(200, R"({"locale":"it"})"));
  }

  TEST_CASE("admin API: the clock decides expiry, and null returns it to real time") {
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"));
    server.start();
    auto c = mockgate::testing::client_for(server.url("live"));
    const auto set =
        c.Put("/__mockgate/clock", R"({"now":"2026-01-10T00:00:00Z"})", "application/json");
    REQUIRE(mockgate::testing::status_of(set) == 200);
    // The clock keeps ticking from the value set.
    CHECK(mockgate::testing::json_of(set).value("now", "").rfind("2026-01-10T00:00:0", 0) == 0);

    const json key =
        mockgate::testing::admin_create_key(c, json{{"expires_at", "2026-02-01T00:00:00Z"}});
    REQUIRE(key.is_object());
    const httplib::Headers with_key{{"app-key", key.at("value").get<std::string>()}};
    CHECK(mockgate::testing::status_of(c.Get(kBalance, with_key)) == 200);

    c.Put("/__mockgate/clock", R"({"now":"2026-02-02T00:00:00Z"})", "application/json");
    CHECK(answer(c.Get(kBalance, with_key)) ==
          expect(403, R"({"detail":"Gateway app has expired. Please contact support."})"));

    const auto bad = c.Put("/__mockgate/clock", R"({"now":"yesterday"})", "application/json");
    CHECK(mockgate::testing::status_of(bad) == 400);
    CHECK(mockgate::testing::json_of(bad).value("error", "").find("RFC 3339") != std::string::npos);

    const auto real = c.Put("/__mockgate/clock", R"({"now":null})", "application/json");
    REQUIRE(mockgate::testing::status_of(real) == 200);
    const auto now = mockgate::core::parse_time(mockgate::testing::json_of(real).value("now", ""));
    REQUIRE(now);
    const auto drift = std::chrono::system_clock::now() - *now;
    CHECK(std::chrono::abs(drift) < std::chrono::minutes(1));
  }

  TEST_CASE("admin API: the journal lists provider requests only, with every key redacted") {
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"));
    server.start();
    auto c = mockgate::testing::client_for(server.url("live"));
    const json key = mockgate::testing::admin_create_key(c, json::object());
    REQUIRE(key.is_object());
    const std::string value = key.at("value");
    const std::string display = "sk_live_…" + value.substr(value.size() - 4);

    c.Get(kBalance, {{"app-key", value}});
    // A key in the query string is no credential, and is flagged (ALL-KEY-IN-URL).
    CHECK(answer(c.Get(std::string(kBalance) + "?api_key=" + value)) ==
          expect(401, R"({"detail":"Missing app-key header. Please provide a valid app-key."})"));

    const auto res = c.Get("/__mockgate/journal");
    REQUIRE(mockgate::testing::status_of(res) == 200);
    CHECK(res->body.find(value) == std::string::npos);
    const json journal = json::parse(res->body);
    REQUIRE(journal.size() == 2);
    for (const auto* field :
         {"seq", "time", "env", "tls", "method", "path", "headers", "body", "status", "flags"}) {
      CAPTURE(field);
      CHECK(journal[0].contains(field));
    }
    CHECK(journal[0].at("seq") < journal[1].at("seq"));
    CHECK(journal[0].at("env") == "live");
    CHECK(journal[0].at("method") == "GET");
    CHECK(journal[0].at("path") == kBalance);
    CHECK(journal[0].at("status") == 200);
    CHECK(journal[0].at("headers").at("app-key") == display);
    CHECK(journal[1].at("status") == 401);
    CHECK(journal[1].at("flags") == json::array({"key_in_url"}));
  }

  TEST_CASE("admin API: reset returns keys, locale and journal to the start state") {
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"));
    server.start();
    auto c = mockgate::testing::client_for(server.url("live"));
    const json key = mockgate::testing::admin_create_key(c, json::object());
    REQUIRE(key.is_object());
    const httplib::Headers with_key{{"app-key", key.at("value").get<std::string>()}};
    CHECK(mockgate::testing::status_of(c.Get(kBalance, with_key)) == 200);
    c.Put("/__mockgate/locale", R"({"locale":"it"})", "application/json");

    CHECK(answer(c.Post("/__mockgate/reset", "", "application/json")) ==
          expect(200, R"({"ok":true})"));
    CHECK(answer(c.Get("/__mockgate/keys")) == expect(200, "[]"));
    CHECK(answer(c.Get("/__mockgate/journal")) == expect(200, "[]"));
    CHECK(answer(c.Get(kBalance, with_key)) == expect(401, R"({"detail":"Unauthorized"})"));
  }

  TEST_CASE("admin API: bad bodies get 400 JSON, and a token guards every call when set") {
    mockgate::ServerOptions options;
    options.admin_token = "t0ken";
    mockgate::MockServer server(mockgate::server::find_profile("lisoloo"), options);
    server.start();
    auto c = mockgate::testing::client_for(server.url("live"));
    CHECK(mockgate::testing::status_of(c.Get("/__mockgate/health")) == 401);
    CHECK(mockgate::testing::status_of(
              c.Get("/__mockgate/health", {{"X-Mockgate-Admin-Token", "wrong"}})) == 401);

    c.set_default_headers({{"X-Mockgate-Admin-Token", "t0ken"}});
    CHECK(answer(c.Get("/__mockgate/health")) == expect(200, R"({"ok":true})"));
    const auto not_json = c.Post("/__mockgate/keys", "{nope", "application/json");
    CHECK(mockgate::testing::status_of(not_json) == 400);
    CHECK(mockgate::testing::json_of(not_json).contains("error"));
    const auto unknown = c.Post("/__mockgate/keys", R"({"statuss":"allowed"})", "application/json");
    CHECK(mockgate::testing::status_of(unknown) == 400);
    CHECK(mockgate::testing::json_of(unknown).value("error", "") ==
          "unknown field 'statuss' (did you mean 'status'?)");
    CHECK(mockgate::testing::status_of(c.Get("/__mockgate/nothing")) == 404);
  }

}  // TEST_SUITE
