// The journal: sequence numbers, a bounded ring that counts its drops, and the JSON form.
#include "mockgate/core/journal.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <string>

namespace core = mockgate::core;
using nlohmann::json;

namespace {

core::ServeEvent event(const std::string& path) {
  core::ServeEvent e;
  e.path = path;
  e.method = "GET";
  e.env = "live";
  e.time = *core::parse_time("2026-03-01T12:00:00Z");
  e.status = 200;
  return e;
}

}  // namespace

TEST_SUITE("journal") {
  TEST_CASE("events get increasing sequence numbers and are kept oldest first") {
    core::Journal j;
    CHECK(j.record(event("/a")) == 1);
    CHECK(j.record(event("/b")) == 2);
    CHECK(j.record(event("/c")) == 3);
    REQUIRE(j.events().size() == 3);
    CHECK(j.events()[0].path == "/a");
    CHECK(j.events()[0].seq == 1);
    CHECK(j.events()[2].path == "/c");
    CHECK(j.events()[2].seq == 3);
    CHECK(j.dropped() == 0);
  }

  TEST_CASE("a full journal drops its oldest event and counts the drop") {
    core::Journal j(2);
    j.record(event("/a"));
    j.record(event("/b"));
    j.record(event("/c"));
    REQUIRE(j.events().size() == 2);
    CHECK(j.events().front().path == "/b");
    CHECK(j.events().front().seq == 2);
    CHECK(j.events().back().path == "/c");
    CHECK(j.dropped() == 1);
  }

  TEST_CASE("a journal of capacity zero keeps nothing and counts every event as dropped") {
    core::Journal j(0);
    CHECK(j.record(event("/a")) == 1);
    CHECK(j.record(event("/b")) == 2);
    CHECK(j.events().empty());
    CHECK(j.dropped() == 2);
  }

  TEST_CASE("clearing empties the journal and its drop count") {
    core::Journal j(1);
    j.record(event("/a"));
    j.record(event("/b"));
    j.clear();
    CHECK(j.events().empty());
    CHECK(j.dropped() == 0);
  }

  TEST_CASE("every flag's name reads back as the same flag, names no flag has do not") {
    for (const auto& name : core::journal_flag_names()) {
      const auto flag = core::parse_journal_flag(name);
      REQUIRE(flag.has_value());
      CHECK(core::to_string(*flag) == name);
    }
    CHECK(core::journal_flag_names() == std::vector<std::string>{"key_in_url", "dropped", "fault",
                                                                 "delayed", "truncated", "not_utf8"});
    CHECK_FALSE(core::parse_journal_flag("Delayed").has_value());
  }

  TEST_CASE("flags are looked up by name") {
    auto e = event("/a");
    e.flags = {mockgate::core::JournalFlag::KeyInUrl};
    CHECK(e.has_flag(mockgate::core::JournalFlag::KeyInUrl));
    CHECK_FALSE(e.has_flag(mockgate::core::JournalFlag::Dropped));
  }

  TEST_CASE("an event's JSON has the documented fields") {
    auto e = event("/api/v1/lisoloo/sms-api/send");
    e.seq = 7;
    e.method = "POST";
    e.tls = true;
    e.headers = {{"app-key", "sk_live_…oU0i"}, {"Content-Type", "application/json"}};
    e.body = R"({"to":"+393351234567"})";
    e.status = 403;
    e.flags = {mockgate::core::JournalFlag::KeyInUrl};
    const json j = e;
    CHECK(j.at("seq") == 7);
    CHECK(j.at("time") == "2026-03-01T12:00:00.000Z");
    CHECK(j.at("env") == "live");
    CHECK(j.at("tls") == true);
    CHECK(j.at("method") == "POST");
    CHECK(j.at("path") == "/api/v1/lisoloo/sms-api/send");
    CHECK(j.at("headers") ==
          json{{"app-key", "sk_live_…oU0i"}, {"Content-Type", "application/json"}});
    CHECK(j.at("body") == R"({"to":"+393351234567"})");
    CHECK(j.at("status") == 403);
    CHECK(j.at("flags") == json::array({"key_in_url"}));
  }

  TEST_CASE("a dropped connection has a null status") {
    auto e = event("/a");
    e.status.reset();
    e.flags = {mockgate::core::JournalFlag::Dropped};
    const json j = e;
    CHECK(j.at("status").is_null());
    CHECK(j.at("flags") == json::array({"dropped"}));
  }

  TEST_CASE("repeated headers are joined as HTTP folds them") {
    auto e = event("/a");
    e.headers = {{"Accept", "a/b"}, {"Accept", "c/d"}};
    const json j = e;
    CHECK(j.at("headers") == json{{"Accept", "a/b, c/d"}});
  }
}

TEST_SUITE("journal target") {
  TEST_CASE("the journal keeps the target as sent, percent-encoding included, next to the decoded path") {
    mockgate::testing::Fixture f("qlara");
    const auto key = f.key();
    (void)f.send("GET", "/authentication/a%2Fb%3Fc", {{"X-Api-Key", key.value}});
    const auto events = f.state->journal();
    REQUIRE(events.size() == 1);
    CHECK(events[0].path == "/authentication/a/b?c");
    CHECK(events[0].target == "/authentication/a%2Fb%3Fc");
    CHECK(nlohmann::json(events[0]).at("target") == "/authentication/a%2Fb%3Fc");
  }

  TEST_CASE("a key in the target is redacted like everywhere else") {
    mockgate::testing::Fixture f("lisoloo");
    const auto key = f.key({.env = "live"});
    (void)f.send("GET", "/api/v1/lisoloo/sms-api/balance?app-key=" + key.value, {}, {}, "live");
    const auto events = f.state->journal();
    REQUIRE(events.size() == 1);
    CHECK(events[0].target.find(key.value) == std::string::npos);
    CHECK(events[0].target.find(key.record.display) != std::string::npos);
  }
}
