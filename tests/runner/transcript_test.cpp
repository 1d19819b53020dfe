// Transcripts, without sockets: one exchange per journal event (a request and its own answer,
// never more answers than requests), every field redacted, long output cut to its tail.
#include "mockgate/runner/transcript.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

namespace core = mockgate::core;
namespace runner = mockgate::runner;

namespace {

const std::string kKey = "sk_live_0123456789abcdefghijklmnopqrstuv";
const std::string kShown = "sk_live_…stuv";

core::ServeEvent answered(int status, const std::string& body) {
  core::ServeEvent e;
  e.method = "GET";
  e.path = "/api/v1/lisoloo/sms-api/balance";
  e.headers = {{"app-key", kKey}};
  e.status = status;
  e.response_body = body;
  return e;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("transcript") {
  TEST_CASE("each request is shown with its own answer: as many answers as requests") {
    runner::ClientRun run;
    const auto t = runner::make_transcript(run, {answered(500, "{}"), answered(500, "{}"), answered(200, "{\"ok\":1}")},
                                           "client", runner::Redaction({{kKey, kShown}}));
    REQUIRE(t.exchanges.size() == 3);
    const auto text = runner::transcript_text(t);
    CHECK(count(text, "    > GET ") == 3);
    CHECK(count(text, "    < ") == 3);
    CHECK(text.find("< 200 {\"ok\":1}") != std::string::npos);
    nlohmann::json j = t;
    CHECK(j.at("requests").size() == 3);
  }

  TEST_CASE("no field keeps a secret: headers, path, query, bodies, output") {
    runner::ClientRun run;
    run.stdout_text = "using " + kKey + "\n";
    run.stderr_text = "password hunter22-secret\n";
    auto e = answered(401, "{\"detail\":\"bad key " + kKey + "\"}");
    e.path = "/keys/" + kKey;
    e.query = {{"api_key", kKey}};
    e.body = "{\"password\":\"hunter22-secret\"}";
    e.response_headers = {{"X-Echo", kKey}};
    const auto t = runner::make_transcript(run, {e}, "client",
                                          runner::Redaction({{kKey, kShown}, {"hunter22-secret", "…"}}));
    const std::string all = nlohmann::json(t).dump() + runner::transcript_text(t);
    CHECK(all.find(kKey) == std::string::npos);
    CHECK(all.find("hunter22-secret") == std::string::npos);
    CHECK(all.find(kShown) != std::string::npos);
  }

  TEST_CASE("long output keeps its last 4,000 bytes, marked as cut") {
    runner::ClientRun run;
    run.stdout_text = std::string(10000, 'x') + "{\"ok\":true}\n";
    const auto t = runner::make_transcript(run, {}, "client", runner::Redaction(runner::Secrets{}));
    REQUIRE(t.client);
    const auto& tail = t.client->stdout_tail;
    CHECK(tail.rfind("…", 0) == 0);
    CHECK(tail.size() == 4000 + std::string("…").size());
    CHECK(tail.find("{\"ok\":true}\n") != std::string::npos);
    CHECK(runner::redact_secrets("abc", {{"abc", "x"}}) == "abc");  // under 4 characters: left alone
  }
}
