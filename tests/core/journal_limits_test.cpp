// The journal against hostile input: bytes that are not UTF-8 kept exactly and shown safely,
// bodies cut to a limit with their real size, a budget in bytes, memory given back on clear.
#include <doctest/doctest.h>

#include <string>

#include "mockgate/core/admin_api.hpp"
#include "core/base64.hpp"
#include "mockgate/core/journal.hpp"
#include "core/utf8.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::body_of;
using mockgate::testing::Fixture;
using nlohmann::json;

namespace {

core::ServeEvent event_with_body(std::string body) {
  core::ServeEvent e;
  e.method = "POST";
  e.path = "/a";
  e.body = std::move(body);
  e.status = 200;
  return e;
}

bool has_flag(const json& e, const std::string& flag) {
  for (const auto& f : e.at("flags")) {
    if (f == flag) return true;
  }
  return false;
}

}  // namespace

TEST_SUITE("utf8") {
  TEST_CASE("well-formed UTF-8 is told from stray bytes, overlongs and surrogates") {
    CHECK(core::is_valid_utf8("plain ascii"));
    CHECK(core::is_valid_utf8("caff\xC3\xA8 \xE2\x82\xAC \xF0\x9F\x98\x80"));
    CHECK_FALSE(core::is_valid_utf8("\xFF"));
    CHECK_FALSE(core::is_valid_utf8("\xC0\xAF"));          // overlong '/'
    CHECK_FALSE(core::is_valid_utf8("\xED\xA0\x80"));      // a surrogate
    CHECK_FALSE(core::is_valid_utf8("\xE2\x82"));          // cut short
    CHECK_FALSE(core::is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  }

  TEST_CASE("a bad byte is found wherever it stands in a long ASCII run") {
    // The ASCII run is skipped a word at a time: every position against the word's edges.
    for (std::size_t at = 0; at < 40; ++at) {
      for (const std::string_view bad : {"\xFF", "\xC0\xAF", "\xE2\x82", "\xED\xA0\x80"}) {
        std::string text(40, 'a');
        text.insert(at, bad);
        CHECK_MESSAGE(!core::is_valid_utf8(text), "at " << at);
      }
      std::string good(40, 'a');
      good.insert(at, "\xE2\x82\xAC");
      CHECK_MESSAGE(core::is_valid_utf8(good), "at " << at);
    }
    CHECK(core::is_valid_utf8(std::string(1000, 'x')));
  }

  TEST_CASE("stray bytes show as U+FFFD, one each, valid text is left alone") {
    CHECK(core::to_valid_utf8("a\xFF" "b\xFE") == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    CHECK(core::to_valid_utf8("caff\xC3\xA8") == "caff\xC3\xA8");
  }

  TEST_CASE("a cut never falls inside a sequence") {
    CHECK(core::utf8_cut("ab\xE2\x82\xAC", 3) == 2);
    CHECK(core::utf8_cut("ab\xE2\x82\xAC", 5) == 5);
    CHECK(core::utf8_cut("abc", 10) == 3);
  }
}

TEST_SUITE("journal limits") {
  TEST_CASE("a header that is not UTF-8 is kept exactly, shown safely, and its event flagged") {
    // Before: the journal answered 400 (type_error.316) while such an event was in it.
    Fixture f("lisoloo");
    (void)f.send("GET", "/api/v1/lisoloo/sms-api/balance", {{"X-Trace", "a\xFF"}}, {}, "live");
    REQUIRE(f.state->journal().size() == 1);
    CHECK(core::find_header(f.state->journal()[0].headers, "X-Trace")->value == "a\xFF");
    const auto r = core::handle_admin(*f.state, core::Request::make("GET", "/__mockgate/journal"),
                                      "live", {});
    REQUIRE(r.status == 200);
    CHECK(core::is_valid_utf8(r.body));
    const auto e = body_of(r).at(0);
    CHECK(e.at("headers").at("X-Trace") == "a\xEF\xBF\xBD");
    CHECK(has_flag(e, "not_utf8"));
    bool found = false;
    for (const auto& pair : e.at("headers_base64")) {
      if (core::base64_decode(pair.at(0).get<std::string>()) == std::string("X-Trace")) {
        CHECK(core::base64_decode(pair.at(1).get<std::string>()) == std::string("a\xFF"));
        found = true;
      }
    }
    CHECK(found);
  }

  TEST_CASE("a body, path and query that are not UTF-8 get their exact bytes in base64") {
    core::Journal j;
    auto e = event_with_body("{\"x\":\"\xFF\"}");
    e.path = "/p\xFE";
    e.query = {{"q", "\xC0"}};
    j.record(e);
    const json shown = j.events().front();
    CHECK(core::base64_decode(shown.at("body_base64").get<std::string>()) == e.body);
    CHECK(core::base64_decode(shown.at("path_base64").get<std::string>()) == e.path);
    CHECK(core::base64_decode(shown.at("query_base64").at(0).at(1).get<std::string>()) ==
          std::string("\xC0"));
    CHECK(shown.at("flags") == json::array({"not_utf8"}));
    CHECK_NOTHROW((void)shown.dump());
  }

  TEST_CASE("UTF-8 events keep their shape: no base64 fields, no flag") {
    core::Journal j;
    j.record(event_with_body("caff\xC3\xA8"));
    const json shown = j.events().front();
    CHECK_FALSE(shown.contains("body_base64"));
    CHECK_FALSE(shown.contains("headers_base64"));
    CHECK(shown.at("flags") == json::array());
    CHECK(shown.at("body_size") == 6);
  }

  TEST_CASE("a body past the limit is cut, flagged truncated, and keeps its real size") {
    core::Journal j(10, 1 << 20, 16);
    j.record(event_with_body(std::string(100, 'x')));
    const auto& kept = j.events().front();
    CHECK(kept.body == std::string(16, 'x'));
    CHECK(kept.has_flag(core::JournalFlag::Truncated));
    const json shown = kept;
    CHECK(shown.at("body_size") == 100);
    CHECK(shown.at("flags") == json::array({"truncated"}));
  }

  TEST_CASE("the journal keeps to its byte budget, oldest first, and counts the drops") {
    const std::size_t one = core::Journal::footprint(event_with_body(std::string(1000, 'x')));
    core::Journal j(100, 3 * one, 4096);
    for (int i = 0; i < 10; ++i) j.record(event_with_body(std::string(1000, 'x')));
    CHECK(j.events().size() == 3);
    CHECK(j.events().front().seq == 8);
    CHECK(j.dropped() == 7);
    CHECK(j.bytes() <= 3 * one);
  }

  TEST_CASE("an event larger than the whole budget is counted as dropped, not kept") {
    core::Journal j(100, 100, 1 << 20);
    CHECK(j.record(event_with_body(std::string(1000, 'x'))) == 1);
    CHECK(j.events().empty());
    CHECK(j.dropped() == 1);
  }

  TEST_CASE("a 4 MB request body costs the journal its limit, not 4 MB") {
    // Before: 100 such requests kept 441 MB, and the journal answer built 419 MB more.
    Fixture f("lisoloo");
    const std::string big(4 * 1024 * 1024, 'a');
    for (int i = 0; i < 5; ++i) (void)f.send("POST", "/api/v1/lisoloo/sms-api/send", {}, big, "live");
    const auto events = f.state->journal();
    REQUIRE(events.size() == 5);
    CHECK(events[0].body.size() == core::Limits{}.journal_body_bytes);
    CHECK(events[0].body_size == big.size());
    CHECK(events[0].has_flag(core::JournalFlag::Truncated));
  }
}
