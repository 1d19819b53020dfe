// serve --watch as a process: a changed profile is served without a restart, keys and journal
// kept; a broken edit is reported as file:line:col and the previous profile serves on; an edit
// the running state cannot follow (other environments) is refused, saying to restart.
#include <doctest/doctest.h>
#include <httplib.h>

#include <string>

#include "http/support_serve.hpp"
#include "support/scratch_dir.hpp"
#include "support/test_support.hpp"

namespace {

using mockgate::testing::read_file;
using mockgate::testing::ScratchDir;
using nlohmann::json;

const std::string kBalance = "/api/v1/lisoloo/sms-api/balance";
const std::string kMissing = "Missing app-key header. Please provide a valid app-key.";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// The next JSON line the server prints (null when none comes within 10 s).
json next_event(mockgate::testing::Served& s) {
  const auto line = s.process.next_line(std::chrono::seconds(10));
  return line ? json::parse(*line, nullptr, false) : json(nullptr);
}

std::string body_without_key(const std::string& url) {
  auto c = mockgate::testing::client_for(url);
  const auto r = c.Get(kBalance);
  return r ? r->body : "(no answer)";
}

}  // namespace

TEST_SUITE("http: mockgate serve --watch") {
  TEST_CASE("an edited profile is served at once, keys and journal kept, a broken edit changes nothing") {
    ScratchDir dir;
    const std::string original = read_file(MOCKGATE_TEST_PROFILES "/lisoloo.yaml");
    const auto file = dir.write("lisoloo.yaml", original);
    mockgate::testing::Served s({file}, 2, {"--watch"});
    REQUIRE_MESSAGE(s.all_up.value("event", "") == "ready", s.process.err());
    const auto live = s.url("lisoloo", "live");
    const auto key = mockgate::testing::make_key(live, {{"env", "live"}});
    CHECK(body_without_key(live).find(kMissing) != std::string::npos);

    dir.write("lisoloo.yaml", replaced(original, kMissing, "No app-key, no SMS."));
    CHECK(next_event(s) == json{{"event", "reloaded"}, {"provider", "lisoloo"}, {"file", file}});
    CHECK(body_without_key(live).find("No app-key, no SMS.") != std::string::npos);
    auto c = mockgate::testing::client_for(live);
    const auto with_key = c.Get(kBalance, {{"app-key", key}});
    REQUIRE(with_key);
    CHECK(with_key->status == 200);  // the key made before the reload still works
    const auto journal = c.Get("/__mockgate/journal/count");
    REQUIRE(journal);
    CHECK(json::parse(journal->body).value("count", 0) == 3);  // kept across the reload

    dir.write("lisoloo.yaml", replaced(original, "environments:", "environments: [\n"));
    const auto broken = next_event(s);
    CHECK(broken.value("event", "") == "reload_failed");
    CHECK_MESSAGE(broken.value("error", "") == file + ":13:3: YAML syntax error: illegal block entry", broken.dump());
    CHECK(s.process.err().find("(the previous profile is still served)") != std::string::npos);
    CHECK(body_without_key(live).find("No app-key, no SMS.") != std::string::npos);

    dir.write("lisoloo.yaml", replaced(original, "  - {name: live, accepts: [live]}\n",
                                      "  - {name: live, accepts: [live]}\n  - {name: staging, accepts: [live]}\n"));
    const auto refused = next_event(s);
    CHECK(refused.value("event", "") == "reload_failed");
    CHECK_MESSAGE(refused.value("error", "").find("the environments changed (test+test, live+live → test+test, live+live, staging+live)") !=
                      std::string::npos,
                  refused.dump());
    CHECK(refused.value("error", "").find("restart mockgate serve to apply it") != std::string::npos);
    CHECK(s.stop() == "exit 0 stopped SIGTERM");
  }
}
