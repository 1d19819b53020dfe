// Journal queries (GET /__mockgate/journal?…, /journal/count) and the nearest endpoint that a
// 404 or 405 event carries.
#include "mockgate/core/journal_query.hpp"

#include <doctest/doctest.h>

#include <string>

#include "mockgate/core/admin_api.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

const std::string kSend = "/api/v1/lisoloo/sms-api/send";
const std::string kBalance = "/api/v1/lisoloo/sms-api/balance";
const std::string kBody = R"({"to":"+393351234567","message":"Hello"})";

core::Response admin(Fixture& f, const std::string& method, const std::string& target, const std::string& body = {}) {
  return core::handle_admin(*f.state, core::Request::make(method, target, {}, body, "127.0.0.1"), "live", {});
}

/// The events a GET /__mockgate/journal?`query` answers, as "METHOD path status" lines.
std::vector<std::string> listed(Fixture& f, const std::string& query) {
  const auto r = admin(f, "GET", "/__mockgate/journal?" + query);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  std::vector<std::string> lines;
  for (const auto& e : body_of(r)) {
    lines.push_back(e.at("method").get<std::string>() + " " + e.at("path").get<std::string>() + " " +
                    (e.at("status").is_null() ? "none" : std::to_string(e.at("status").get<int>())));
  }
  return lines;
}

std::string refusal(Fixture& f, const std::string& query) {
  const auto r = admin(f, "GET", "/__mockgate/journal?" + query);
  CHECK(r.status == 400);
  return body_of(r).value("error", "");
}

std::string header(const core::Response& r, const std::string& name) {
  for (const auto& h : r.headers) {
    if (h.name == name) return h.value;
  }
  return "(none)";
}

/// Lisoloo with four requests journalled: a 200 send, a 401 balance, a 404 and a dropped one.
struct Journalled : Fixture {
  Journalled() : Fixture("lisoloo") {
    send("POST", kSend, {{"app-key", key_value}}, kBody, "live");
    send("GET", kBalance, {}, {}, "test");
    send("GET", "/api/v1/lisoloo/sms-api/nosuch", {}, {}, "live");
    admin(*this, "POST", "/__mockgate/faults", R"({"responses":[{"drop":true}]})");
    send("GET", kBalance, {{"app-key", key_value}}, {}, "live");
  }
  std::string key_value = key(live_key()).value;

  static core::KeySpec live_key() {
    core::KeySpec spec;
    spec.env = "live";
    return spec;
  }
};

}  // namespace

TEST_SUITE("journal_query") {
  TEST_CASE("a path glob: '*' matches any run of characters, the rest exactly") {
    CHECK(core::glob_match("/a/b", "/a/b"));
    CHECK_FALSE(core::glob_match("/a/b", "/a/bc"));
    CHECK(core::glob_match("*", ""));
    CHECK(core::glob_match("/api/*/send", "/api/v1/lisoloo/sms-api/send"));
    CHECK(core::glob_match("*/send", "/x/send"));
    CHECK_FALSE(core::glob_match("*/send", "/x/sends"));
    CHECK(core::glob_match("/a*b*c", "/aXbYbZc"));
    CHECK_FALSE(core::glob_match("/a*b*c", "/aXbYbZ"));
    CHECK(core::glob_match("**", "/anything"));
    CHECK_FALSE(core::glob_match("/A", "/a"));  // paths are case-sensitive
  }

  TEST_CASE("each filter narrows the journal, and filters together must all hold") {
    Journalled f;
    CHECK(listed(f, "").size() == 4);
    CHECK(listed(f, "method=post") == std::vector<std::string>{"POST " + kSend + " 200"});
    CHECK(listed(f, "path=" + kBalance) ==
          std::vector<std::string>{"GET " + kBalance + " 401", "GET " + kBalance + " none"});
    CHECK(listed(f, "path=/api/*/nosuch") == std::vector<std::string>{"GET /api/v1/lisoloo/sms-api/nosuch 404"});
    CHECK(listed(f, "status=4xx").size() == 2);
    CHECK(listed(f, "status=401,404").size() == 2);
    CHECK(listed(f, "status=none") == std::vector<std::string>{"GET " + kBalance + " none"});
    CHECK(listed(f, "status=200") == std::vector<std::string>{"POST " + kSend + " 200"});
    CHECK(listed(f, "env=test") == std::vector<std::string>{"GET " + kBalance + " 401"});
    CHECK(listed(f, "flag=dropped") == std::vector<std::string>{"GET " + kBalance + " none"});
    CHECK(listed(f, "since=2") == std::vector<std::string>{"GET /api/v1/lisoloo/sms-api/nosuch 404",
                                                           "GET " + kBalance + " none"});
    CHECK(listed(f, "method=GET&status=4xx&env=live") ==
          std::vector<std::string>{"GET /api/v1/lisoloo/sms-api/nosuch 404"});
    CHECK(listed(f, "method=GET&status=200").empty());
  }

  TEST_CASE("since a time: events at or after it, by the mock's clock") {
    Fixture f("lisoloo");
    f.send("GET", kBalance, {}, {}, "live");                 // 12:00:00
    f.time.advance(std::chrono::seconds(10));
    f.send("GET", kBalance + "x", {}, {}, "live");           // 12:00:10
    CHECK(listed(f, "since=2026-03-01T12:00:10Z") == std::vector<std::string>{"GET " + kBalance + "x 404"});
    CHECK(listed(f, "since=2026-03-01T12:00:00Z").size() == 2);
    CHECK(listed(f, "since=2026-03-01T12:00:11Z").empty());
  }

  TEST_CASE("count answers how many match and the newest sequence number, without the events") {
    Journalled f;
    const auto r = admin(f, "GET", "/__mockgate/journal/count?status=4xx");
    CHECK(r.status == 200);
    CHECK(body_of(r) == json{{"count", 2}, {"last_seq", 4}});
    CHECK(header(r, "X-Mockgate-Journal-Last-Seq") == "4");
    CHECK(body_of(admin(f, "GET", "/__mockgate/journal/count")) == json{{"count", 4}, {"last_seq", 4}});
    CHECK(header(admin(f, "GET", "/__mockgate/journal?status=200"), "X-Mockgate-Journal-Last-Seq") == "4");
    // since=last_seq is how a test asks "only what came after this point"
    f.send("GET", kBalance, {}, {}, "live");
    CHECK(body_of(admin(f, "GET", "/__mockgate/journal/count?since=4")) == json{{"count", 1}, {"last_seq", 5}});
    admin(f, "POST", "/__mockgate/reset");
    CHECK(body_of(admin(f, "GET", "/__mockgate/journal/count")) == json{{"count", 0}, {"last_seq", 0}});
    CHECK(admin(f, "POST", "/__mockgate/journal/count").status == 405);
  }

  TEST_CASE("a filter it cannot read is refused with 400 saying what is wrong") {
    Journalled f;
    CHECK(refusal(f, "stauts=401") ==
          "unknown journal filter 'stauts' (did you mean 'status'?) (filters: method, path, status, env, since, flag)");
    CHECK(refusal(f, "status=40") ==
          "status '40' is not a status: give one such as 401, a class such as 4xx, or none");
    CHECK(refusal(f, "status=6xx").find("is not a status") != std::string::npos);
    CHECK(refusal(f, "status=401,") .find("status '' is not a status") != std::string::npos);
    CHECK(refusal(f, "since=yesterday") ==
          "since 'yesterday' is neither a sequence number nor a time (2026-01-10T00:00:00Z)");
    CHECK(refusal(f, "since=-1").find("neither a sequence number") != std::string::npos);
    CHECK(refusal(f, "flag=droped") == "unknown flag 'droped' (did you mean 'dropped'?)");
    CHECK(refusal(f, "method=GET&method=POST") == "give method once (several statuses: status=401,403)");
    CHECK(admin(f, "GET", "/__mockgate/journal/count?bogus=1").status == 400);
  }

  TEST_CASE("a filter holding a key is refused without showing the key") {
    Journalled f;
    const auto r = admin(f, "GET", "/__mockgate/journal?flag=" + f.key_value);
    CHECK(r.status == 400);
    CHECK(r.body.find(f.key_value) == std::string::npos);
  }

  TEST_CASE("a delay fault is journalled with how long the answer was held") {
    Fixture f("lisoloo");
    admin(f, "POST", "/__mockgate/faults", R"({"responses":[{"delay_ms":1500}]})");
    f.send("GET", kBalance, {}, {}, "live");
    f.send("GET", kBalance, {}, {}, "live");
    const auto events = body_of(admin(f, "GET", "/__mockgate/journal"));
    REQUIRE(events.size() == 2);
    CHECK(events[0].value("held_ms", 0) == 1500);
    CHECK(events[0].at("flags") == json{"fault", "delayed"});
    CHECK_FALSE(events[1].contains("held_ms"));
    CHECK(listed(f, "flag=delayed").size() == 1);
  }
}

TEST_SUITE("journal_query: nearest endpoint") {
  /// The `nearest` of the journal event for `method` `path` sent to Lisoloo (null when none).
  json nearest(const std::string& provider, const std::string& method, const std::string& path) {
    Fixture f(provider);
    f.send(method, path, {}, {}, "");
    const auto e = f.state->last_event();
    REQUIRE(e.has_value());
    json j = *e;
    return j.value("nearest", json(nullptr));
  }

  TEST_CASE("a typo in one segment: the endpoint, 'path' differs, and the segment in words") {
    CHECK(nearest("lisoloo", "POST", "/api/v1/lisoloo/sms-apii/send") ==
          json{{"method", "POST"},
               {"path", kSend},
               {"differs", {"path"}},
               {"hint", "'sms-apii' where the endpoint has 'sms-api'"}});
  }

  TEST_CASE("letter case, a trailing slash, a missing segment and an extra one are named") {
    CHECK(nearest("lisoloo", "GET", "/api/v1/lisoloo/SMS-API/balance").at("hint") ==
          "'SMS-API' where the endpoint has 'sms-api' (letter case differs)");
    CHECK(nearest("lisoloo", "GET", kBalance + "/").at("hint") == "the path ends in '/', the endpoint's does not");
    CHECK(nearest("lisoloo", "GET", "/api/v1/sms-api/balance").at("hint") ==
          "the path has 4 segments where the endpoint has 5; 'sms-api' where the endpoint has 'lisoloo'");
    const auto extra = nearest("lisoloo", "POST", "/api/v1/lisoloo/sms-api/send/now");
    CHECK(extra.at("path") == kSend);
    CHECK(extra.at("hint") == "the path has 6 segments where the endpoint has 5; the first 5 segments match");
  }

  TEST_CASE("the right path with the wrong method: 405, 'method' differs, the methods it takes") {
    CHECK(nearest("lisoloo", "GET", kSend) == json{{"method", "POST"},
                                                   {"path", kSend},
                                                   {"differs", {"method"}},
                                                   {"hint", "the endpoint takes only POST, not GET"}});
    CHECK(nearest("qlara", "PUT", "/authentication").at("hint") ==
          "the endpoint's path takes GET or POST, not PUT");
    const auto both = nearest("lisoloo", "GET", "/api/v1/lisoloo/sms-api/sendd");
    CHECK(both.at("differs") == json{"path", "method"});
    CHECK(both.at("hint") == "'sendd' where the endpoint has 'send'; and the endpoint takes only POST, not GET");
  }

  TEST_CASE("a segment where the endpoint takes a parameter can be anything but empty") {
    const auto j = nearest("qlara", "DELETE", "/authentication/");
    CHECK(j.at("path") == "/authentication/{id}");
    CHECK(j.at("hint") == "an empty segment where the endpoint has {id}");
  }

  TEST_CASE("answered requests carry no nearest, and a key sent in the path never reaches the hint") {
    Fixture f("lisoloo");
    const auto key = f.key().value;
    f.send("GET", kBalance, {{"app-key", key}}, {}, "live");
    CHECK_FALSE(f.state->last_event()->nearest.has_value());
    f.send("GET", "/api/v1/lisoloo/" + key + "/balance", {}, {}, "live");
    const json j = *f.state->last_event();
    REQUIRE(j.contains("nearest"));
    CHECK(j.dump().find(key) == std::string::npos);
    CHECK(j.at("nearest").at("hint").get<std::string>().find(key.substr(0, 8) + "…") != std::string::npos);
  }

  TEST_CASE("a hostile path costs bounded work and still gets a hint") {
    std::string path;
    for (int i = 0; i < 20000; ++i) path += "/" + std::string(50, 'x');
    const auto j = nearest("lisoloo", "GET", path);
    CHECK(j.at("path") == kBalance);  // as far from both: the method decides
    CHECK(j.at("differs") == json{"path"});
    CHECK(j.at("hint").get<std::string>().size() < 400);
  }
}
