// `mockgate serve` and `mockgate lint` as processes: ready lines, every provider's documented
// answers over HTTP, clean exit on SIGTERM/SIGINT, and exit 2 with a message on bad input.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "http/support_serve.hpp"
#include "http/support_socket.hpp"

namespace {

using mockgate::testing::answer;
using mockgate::testing::expect;
using mockgate::testing::header_of;
using mockgate::testing::make_key;
using mockgate::testing::run;
using mockgate::testing::Served;
using nlohmann::json;

}  // namespace

TEST_SUITE("http: mockgate serve process") {
  TEST_CASE("serve lisoloo prints a ready line per environment and answers as document 004") {
    Served s({"lisoloo"}, 2);
    REQUIRE_MESSAGE(s.ready.size() == 2, s.process.err());
    const char* envs[] = {"test", "live"};
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK(s.ready[i].value("event", "") == "listening");
      CHECK(s.ready[i].value("provider", "") == "lisoloo");
      CHECK(s.ready[i].value("env", "") == envs[i]);
      CHECK(s.ready[i].value("url", "").rfind("http://127.0.0.1:", 0) == 0);
    }
    CHECK(s.all_up == json{{"event", "ready"}, {"listeners", 2}});
    const std::string balance = "/api/v1/lisoloo/sms-api/balance";
    const std::string send = "/api/v1/lisoloo/sms-api/send";
    const std::string good_body = R"({"to":"+393351234567","message":"Hello"})";
    auto live = mockgate::testing::client_for(s.url("lisoloo", "live"));
    auto sandbox = mockgate::testing::client_for(s.url("lisoloo", "test"));
    const std::string key = make_key(s.url("lisoloo", "live"));
    const std::string test_key = make_key(s.url("lisoloo", "test"));
    const std::string unauthorized = expect(401, R"({"detail":"Unauthorized"})");

    CHECK(answer(live.Get(balance, {{"app-key", key}})) ==
          expect(200, R"({"data":{"available_sms":250}})"));
    CHECK(answer(live.Get(balance, {{"APP-KEY", key}})) ==
          expect(200, R"({"data":{"available_sms":250}})"));
    CHECK(answer(sandbox.Get(balance, {{"app-key", test_key}})) ==
          expect(200, R"({"data":{"available_sms":1000}})"));
    const auto sent = live.Post(send, {{"app-key", key}}, good_body, "application/json");
    CHECK(mockgate::testing::status_of(sent) == 200);
    const json sent_body = mockgate::testing::json_of(sent);
    CHECK(sent_body.value("/data/status"_json_pointer, "") == "queued");
    CHECK_FALSE(sent_body.value("/data/message_id"_json_pointer, "").empty());

    CHECK(answer(live.Get(balance)) ==
          expect(401, R"({"detail":"Missing app-key header. Please provide a valid app-key."})"));
    CHECK(answer(live.Get(balance, {{"app-key", "sk_live_" + std::string(32, 'A')}})) ==
          unauthorized);
    CHECK(answer(live.Get(balance, {{"app-key", "sk_live_short"}})) == unauthorized);
    CHECK(answer(live.Get(balance, {{"app-key", test_key}})) == unauthorized);
    CHECK(answer(sandbox.Get(balance, {{"app-key", key}})) == unauthorized);
    CHECK(answer(live.Post(send, {{"app-key", key}}, R"({"to":"+39"})", "application/json")) ==
          expect(400, R"({"detail":"Invalid request body"})"));

    const std::pair<const char*, const char*> statuses[] = {
        {"pending_validation", "Gateway app is pending validation. Please contact support."},
        {"suspended", "Gateway app is suspended. Please contact support."},
        {"revoqued", "Gateway app has been revoked. Please contact support."},
        {"locked", "Gateway app is locked. Please contact support."},
        {"expired", "Gateway app has expired. Please contact support."},
        {"rejected", "Gateway app has been rejected. Please contact support."}};
    for (const auto& [status, text] : statuses) {
      CAPTURE(status);
      const auto k = make_key(s.url("lisoloo", "live"), json{{"status", status}});
      CHECK(answer(live.Get(balance, {{"app-key", k}})) ==
            expect(403, json{{"detail", text}}.dump()));
    }

    const auto wrong_method = live.Delete(balance, {{"app-key", key}});
    CHECK(answer(wrong_method) == expect(405, R"({"detail":"Method Not Allowed"})"));
    CHECK(header_of(wrong_method, "Allow") == "GET");
    const auto get_send = live.Get(send, {{"app-key", key}});
    CHECK(answer(get_send) == expect(405, R"({"detail":"Method Not Allowed"})"));
    CHECK(header_of(get_send, "Allow") == "POST");
    CHECK(answer(live.Get("/api/v1/lisoloo/sms-api/nope", {{"app-key", key}})) ==
          expect(404, R"({"detail":"Not Found"})"));
    CHECK(answer(live.Get("/")) == expect(404, R"({"detail":"Not Found"})"));

    CHECK(s.stop(SIGTERM) == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve qlara answers keys, Basic auth and errors in its {code, message} shape") {
    Served s({"qlara"}, 1);
    REQUIRE_MESSAGE(s.ready.size() == 1, s.process.err());
    CHECK(s.ready[0].value("provider", "") == "qlara");
    CHECK(s.ready[0].value("env", "") == "live");
    const std::string url = s.url("qlara");
    auto c = mockgate::testing::client_for(url);
    const std::string send = "/api/message-server/sms/send";
    const std::string body = R"({"phoneNumber":"+393901234567","message":"Hello from Qlara!"})";
    const std::string key = make_key(url);
    CHECK(key.size() == 40);
    const std::string invalid = expect(401, R"({"code":401,"message":"Invalid credentials"})");

    const auto ok = c.Post(send, {{"X-Api-Key", key}}, body, "application/json");
    CHECK(mockgate::testing::status_of(ok) == 200);
    CHECK(mockgate::testing::json_of(ok).value("status", "") == "ACCEPTED");
    CHECK(mockgate::testing::status_of(
              c.Post(send, {{"x-api-key", key}}, body, "application/json")) == 200);
    auto admin = mockgate::testing::client_for(url);
    CHECK(mockgate::testing::status_of(admin.Post("/__mockgate/accounts",
                                                  R"({"username":"ops","password":"pw"})",
                                                  "application/json")) == 201);
    const httplib::Headers basic{httplib::make_basic_authentication_header("ops", "pw")};
    const httplib::Headers bad_basic{httplib::make_basic_authentication_header("ops", "nope")};
    CHECK(mockgate::testing::status_of(c.Post(send, basic, body, "application/json")) == 200);
    // Both sent: the key decides (QLA-PRECEDENCE).
    httplib::Headers both = bad_basic;
    both.emplace("X-Api-Key", key);
    CHECK(mockgate::testing::status_of(c.Post(send, both, body, "application/json")) == 200);

    CHECK(answer(c.Post(send, body, "application/json")) == invalid);
    CHECK(answer(c.Post(send, {{"X-Api-Key", std::string(40, 'A')}}, body, "application/json")) ==
          invalid);
    CHECK(answer(c.Post(send, bad_basic, body, "application/json")) == invalid);
    CHECK(answer(c.Post(send, {{"Authorization", "Basic !!!"}}, body, "application/json")) ==
          invalid);
    const std::string suspended = make_key(url, json{{"status", "suspended"}});
    CHECK(answer(c.Post(send, {{"X-Api-Key", suspended}}, body, "application/json")) == invalid);
    const std::string rcs_only = make_key(url, json{{"operations", json::array({"RCS"})}});
    CHECK(answer(c.Post(send, {{"X-Api-Key", rcs_only}}, body, "application/json")) ==
          expect(403, R"({"code":403,"message":"Operation not allowed for this API key"})"));
    CHECK(answer(c.Post(send, {{"X-Api-Key", key}}, R"({"message":"x"})", "application/json")) ==
          expect(400, R"({"code":400,"message":"Invalid request body"})"));

    const auto wrong_method = c.Get(send, {{"X-Api-Key", key}});
    CHECK(answer(wrong_method) == expect(405, R"({"code":405,"message":"Method Not Allowed"})"));
    CHECK(header_of(wrong_method, "Allow") == "POST");
    CHECK(answer(c.Get("/api/message-server/nope", {{"X-Api-Key", key}})) ==
          expect(404, R"({"code":404,"message":"Not Found"})"));

    CHECK(s.stop(SIGTERM) == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve agile-wholesale answers keys, Basic auth and errors as document 001") {
    Served s({"agile-wholesale"}, 1);
    REQUIRE_MESSAGE(s.ready.size() == 1, s.process.err());
    CHECK(s.ready[0].value("provider", "") == "agile-wholesale");
    const std::string url = s.url("agile-wholesale");
    auto c = mockgate::testing::client_for(url);
    const std::string send = "/services/sms/send";
    const std::string body =
        R"({"messages":[{"destinations":["+393351234567"],"sender":"Agile","body":"Hello"}]})";
    const std::string key = make_key(url);
    const std::string invalid = expect(401, R"({"code":401,"message":"Invalid credentials"})");

    const auto ok = c.Post(send, {{"X-Api-Key", key}}, body, "application/json");
    CHECK(mockgate::testing::status_of(ok) == 200);
    CHECK(mockgate::testing::json_of(ok).value("status", "") == "ACCEPTED");
    auto admin = mockgate::testing::client_for(url);
    CHECK(mockgate::testing::status_of(admin.Post("/__mockgate/accounts",
                                                  R"({"username":"whs","password":"pw"})",
                                                  "application/json")) == 201);
    const httplib::Headers basic{httplib::make_basic_authentication_header("whs", "pw")};
    CHECK(mockgate::testing::status_of(c.Post(send, basic, body, "application/json")) == 200);

    CHECK(answer(c.Post(send, body, "application/json")) == invalid);
    CHECK(answer(c.Post(send, {{"X-Api-Key", std::string(40, 'b')}}, body, "application/json")) ==
          invalid);
    const httplib::Headers wrong{httplib::make_basic_authentication_header("whs", "bad")};
    CHECK(answer(c.Post(send, wrong, body, "application/json")) == invalid);
    const std::string locked = make_key(url, json{{"status", "locked"}});
    CHECK(answer(c.Post(send, {{"X-Api-Key", locked}}, body, "application/json")) == invalid);
    CHECK(answer(c.Post(send, {{"X-Api-Key", key}}, R"({"messages":[]})", "application/json")) ==
          expect(400, R"({"code":400,"message":"Invalid request body"})"));

    const auto wrong_method = c.Get(send, {{"X-Api-Key", key}});
    CHECK(answer(wrong_method) == expect(405, R"({"code":405,"message":"Method Not Allowed"})"));
    CHECK(header_of(wrong_method, "Allow") == "POST");
    CHECK(answer(c.Get("/services/nope")) == expect(404, R"({"code":404,"message":"Not Found"})"));

    CHECK(s.stop(SIGTERM) == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve agentclara answers Bearer keys and errors in its {success, error} shape") {
    Served s({"agentclara"}, 1);
    REQUIRE_MESSAGE(s.ready.size() == 1, s.process.err());
    CHECK(s.ready[0].value("provider", "") == "agentclara");
    const std::string url = s.url("agentclara");
    auto c = mockgate::testing::client_for(url);
    const std::string live_key = make_key(url);
    const std::string test_key = make_key(url, json{{"env", "test"}});
    CHECK(live_key.rfind("sk_live_", 0) == 0);
    CHECK(test_key.rfind("sk_test_", 0) == 0);
    const std::string invalid = expect(401, R"({"success":false,"error":"Invalid API key"})");
    const auto bearer = [](const std::string& v) {
      return httplib::Headers{{"Authorization", "Bearer " + v}};
    };

    const auto live = c.Get("/conversations", bearer(live_key));
    CHECK(mockgate::testing::status_of(live) == 200);
    const json live_body = mockgate::testing::json_of(live);
    CHECK(live_body.value("success", false));
    CHECK(live_body.value("data", json::array()).size() == 2);
    const json limited =
        mockgate::testing::json_of(c.Get("/conversations?limit=1", bearer(live_key)));
    CHECK(limited.value("data", json::array()).size() == 1);
    const json sandbox = mockgate::testing::json_of(c.Get("/conversations", bearer(test_key)));
    CHECK(sandbox.value("data", json::array()).size() == 3);
    CHECK(mockgate::testing::status_of(
              c.Get("/conversations", {{"authorization", "bearer " + live_key}})) == 200);

    CHECK(answer(c.Get("/conversations")) == invalid);
    CHECK(answer(c.Get("/conversations", bearer("sk_live_" + std::string(32, 'Z')))) == invalid);
    CHECK(answer(c.Get("/conversations", {{"Authorization", "Bearer" + live_key}})) == invalid);
    CHECK(answer(c.Get("/conversations", {{"Authorization", "Bearer  " + live_key}})) == invalid);
    CHECK(answer(c.Get("/conversations", {{"Authorization", "Token " + live_key}})) == invalid);
    CHECK(answer(c.Get("/conversations", {{"Authorization", live_key}})) == invalid);
    const std::string revoked = make_key(url, json{{"status", "revoked"}});
    CHECK(answer(c.Get("/conversations", bearer(revoked))) == invalid);

    const auto wrong_method = c.Post("/conversations", bearer(live_key), "{}", "application/json");
    CHECK(answer(wrong_method) == expect(405, R"({"success":false,"error":"Method not allowed"})"));
    CHECK(header_of(wrong_method, "Allow") == "GET");
    CHECK(answer(c.Get("/conversation", bearer(live_key))) ==
          expect(404, R"({"success":false,"error":"Not found"})"));

    CHECK(s.stop(SIGTERM) == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve with several providers: one listener each, in order, sharing no state") {
    Served s({"lisoloo", "qlara", "agile-wholesale", "agentclara"}, 5);
    REQUIRE_MESSAGE(s.ready.size() == 5, s.process.err());
    const std::pair<const char*, const char*> order[] = {{"lisoloo", "test"},
                                                         {"lisoloo", "live"},
                                                         {"qlara", "live"},
                                                         {"agile-wholesale", "live"},
                                                         {"agentclara", "live"}};
    std::set<std::string> urls;
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(s.ready[i].value("provider", "") == order[i].first);
      CHECK(s.ready[i].value("env", "") == order[i].second);
      urls.insert(s.ready[i].value("url", ""));
    }
    CHECK(urls.size() == 5);

    const std::pair<std::string, std::string> not_found[] = {
        {"lisoloo", R"({"detail":"Not Found"})"},
        {"qlara", R"({"code":404,"message":"Not Found"})"},
        {"agile-wholesale", R"({"code":404,"message":"Not Found"})"},
        {"agentclara", R"({"success":false,"error":"Not found"})"}};
    for (const auto& [provider, body] : not_found) {
      CAPTURE(provider);
      auto c = mockgate::testing::client_for(s.url(provider));
      CHECK(answer(c.Get("/nowhere")) == expect(404, body));
    }
    // Same key format, separate states: a qlara key means nothing to agile-wholesale.
    const std::string qlara_key = make_key(s.url("qlara"));
    auto agile = mockgate::testing::client_for(s.url("agile-wholesale"));
    CHECK(answer(agile.Post("/services/sms/send", {{"X-Api-Key", qlara_key}},
                            R"({"messages":[{"destinations":["+39"],"body":"x"}]})",
                            "application/json")) ==
          expect(401, R"({"code":401,"message":"Invalid credentials"})"));

    CHECK(s.stop(SIGINT) == "exit 0 stopped SIGINT");
  }

  TEST_CASE("serve --port-base numbers the listeners from N") {
    // Find N with N and N + 1 free (checked, then released just before the server takes them).
    int base = 0;
    for (int attempt = 0; attempt < 20 && base == 0; ++attempt) {
      mockgate::testing::TakenPort probe;
      if (probe.ok() && probe.port() < 65535 &&
          mockgate::testing::TakenPort(probe.port() + 1).ok()) {
        base = probe.port();
      }
    }
    REQUIRE(base != 0);
    Served s({"lisoloo"}, 2, {"--port-base", std::to_string(base)});
    REQUIRE_MESSAGE(s.ready.size() == 2, s.process.err());
    CHECK(s.ready[0].value("url", "") == "http://127.0.0.1:" + std::to_string(base));
    CHECK(s.ready[1].value("url", "") == "http://127.0.0.1:" + std::to_string(base + 1));
    CHECK(s.stop() == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve refuses bad input with exit 2 and a message saying what is wrong") {
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{"serve", "--no-tls", "--provider", "nosuch"}, "unknown provider 'nosuch'"},
        {{"serve", "--no-tls", "--provider", "lisoloo", "--port-base", "abc"},
         "--port-base: 'abc' is not a whole number from 1 to 65535"},
        {{"serve", "--no-tls", "--provider", "lisoloo", "--port-base"},
         "--port-base needs a value"},
        {{"serve", "--no-tls", "--provdier", "lisoloo"},
         "unknown flag '--provdier' (did you mean '--provider'?)"},
        {{"serve", "--no-tls"}, "--provider is required"}};
    for (const auto& [args, message] : cases) {
      CAPTURE(message);
      const auto r = run(args);
      CHECK(r.exit == "exit 2");
      CHECK(r.err.find(message) != std::string::npos);
      CHECK(r.out.find("listening") == std::string::npos);
    }
  }

  TEST_CASE("serve on a taken --port-base exits non-zero with a clear message") {
    mockgate::testing::TakenPort taken;
    REQUIRE(taken.ok());
    const std::string port = std::to_string(taken.port());
    SUBCASE("the first listener's port is taken") {
      const auto r = run({"serve", "--no-tls", "--provider", "qlara", "--port-base", port});
      CHECK(r.exit == "exit 2");
      CHECK(r.err.find("cannot listen on 127.0.0.1:" + port +
                       ": the port is taken or not allowed") != std::string::npos);
      CHECK(r.out.find("listening") == std::string::npos);
    }
    SUBCASE("a later listener's port is taken: the earlier ones are closed again") {
      const std::string before = std::to_string(taken.port() - 1);
      if (!mockgate::testing::TakenPort(taken.port() - 1).ok()) return;  // not ours to test
      const auto r = run({"serve", "--no-tls", "--provider", "lisoloo", "--port-base", before});
      CHECK(r.exit == "exit 2");
      CHECK(r.err.find("cannot listen on 127.0.0.1:" + port) != std::string::npos);
      CHECK_FALSE(mockgate::testing::is_listening(taken.port() - 1));
    }
  }

  TEST_CASE("lint passes the shipped profiles and pins a broken one to file:line:col") {
    const auto ok = run({"lint", MOCKGATE_TEST_PROFILES});
    CHECK(ok.exit == "exit 0");
    CHECK(ok.out.find(" checked, 0 with errors") != std::string::npos);
    CHECK(ok.err.empty());

    // qlara.yaml with one more top-level key, misspelt, on the line after its last.
    std::ifstream in(MOCKGATE_TEST_PROFILES "/qlara.yaml");
    std::string text{std::istreambuf_iterator<char>(in), {}};
    if (!text.empty() && text.back() != '\n') text += '\n';
    const auto line = std::count(text.begin(), text.end(), '\n') + 1;
    std::string path =
        (std::filesystem::temp_directory_path() / "mockgate-lint-XXXXXX.yaml").string();
    const int fd = ::mkstemps(path.data(), 5);
    REQUIRE(fd >= 0);
    ::close(fd);
    struct Remove {
      std::string p;
      ~Remove() { std::filesystem::remove(p); }
    } remove_later{path};
    std::ofstream(path) << text << "statuss: {}\n";

    const auto bad = run({"lint", path});
    CHECK(bad.exit == "exit 2");
    CHECK(bad.err.find(path + ":" + std::to_string(line) + ":1: unknown key 'statuss'") !=
          std::string::npos);
    CHECK(bad.out.find("1 with errors") != std::string::npos);
  }

}  // TEST_SUITE
