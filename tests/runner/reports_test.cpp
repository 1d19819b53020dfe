// The report files rendered from results: the Markdown summary, the HTML report and its
// timeline, how a run that did not finish reads, and --shard's partition. (JUnit and JSON
// against golden files: reporters_test.cpp; the files as CI reads them: tests/reports/.)
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include "mockgate/runner/catalogue.hpp"
#include "mockgate/runner/reports.hpp"
#include "mockgate/runner/shard.hpp"
#include "reports/timeline.hpp"

using namespace mockgate::runner;
using namespace std::chrono_literals;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

mockgate::core::ServeEvent exchange(std::chrono::steady_clock::time_point at, std::optional<int> status,
                                    std::chrono::milliseconds held = 0ms, std::string retry_after = "") {
  mockgate::core::ServeEvent e;
  e.method = "POST";
  e.path = "/api/v1/send";
  e.steady = at;
  e.status = status;
  e.held = held;
  if (!retry_after.empty()) e.response_headers = {{"Retry-After", retry_after}};
  return e;
}

/// A client that started at `t0`, got a 429 (Retry-After 2), waited, got a held answer it gave
/// up on after 1 s, then a 200, and ended at 4.5 s.
Transcript retried(std::chrono::steady_clock::time_point t0) {
  Transcript t;
  ClientTranscript c;
  c.command = "client";
  c.duration = 4500ms;
  c.started = t0;
  t.client = c;
  t.exchanges = {exchange(t0 + 100ms, 429, 0ms, "2"), exchange(t0 + 2200ms, 200, 5000ms),
                 exchange(t0 + 3200ms, 200)};
  return t;
}

struct Results {
  Scenario pass, fail, warn;
  std::vector<ScenarioResult> results;
  Results() {
    pass.id = "lisoloo/send-ok";
    pass.provider = "lisoloo";
    pass.covers = {"LIS-OK"};
    fail = pass;
    fail.id = "lisoloo/rate-limited";
    fail.covers = {"LIS-429", "CLI-RETRY-AFTER"};
    warn = pass;
    warn.id = "qlara/backoff";
    warn.provider = "qlara";
    warn.level = Level::Should;
    ScenarioResult failed{&fail, Verdict::Fail, "CLI-RETRY-AFTER: waits | expected >= 2 s\ngot 1 s", {}, 3000ms,
                          retried(std::chrono::steady_clock::now())};
    results = {{&pass, Verdict::Pass, "", {}, 10ms, {}}, failed, {&warn, Verdict::Fail, "no back-off", {}, 5ms, {}}};
  }
};

}  // namespace

TEST_SUITE("reports") {
  TEST_CASE("the Markdown summary has the totals line, a table per provider, failures first, cells kept whole") {
    const Results r;
    RunInfo info;
    info.client = "python3 client.py";
    info.shard = "2/3";
    const std::string md = markdown_report(r.results, info);
    CHECK(md.rfind("## ❌ mockgate run: 1 passed, 1 failed, 1 warned\n", 0) == 0);
    CHECK(md.find("shard 2/3") != std::string::npos);
    CHECK(md.find("### lisoloo: 1 passed, 1 failed, 0 warned") != std::string::npos);
    CHECK(md.find("### qlara: 0 passed, 0 failed, 1 warned") != std::string::npos);
    CHECK(md.find("lisoloo/rate-limited") < md.find("lisoloo/send-ok"));  // the failure first
    // A '|' or a line break in a reason would break the table: escaped, and on one line.
    CHECK(md.find("waits \\| expected >= 2 s got 1 s") != std::string::npos);
    CHECK(count(md, "| Verdict | Scenario | Behaviour | Reason |") == 2);
    CHECK(md.find("did not finish") == std::string::npos);
  }

  TEST_CASE("a green run's summary is green, and a long reason is cut at a character") {
    Results r;
    r.results.resize(1);
    r.results[0].reason = std::string(300, 'a') + "é";
    r.results[0].verdict = Verdict::Skipped;
    const std::string md = markdown_report(r.results);
    CHECK(md.rfind("## ✅ mockgate run: 0 passed, 0 failed, 0 warned, 1 skipped", 0) == 0);
    CHECK(md.find(std::string(240, 'a') + "…") != std::string::npos);
  }

  TEST_CASE("a run that did not finish reads so in every report, never green") {
    const Results r;
    std::vector<ScenarioResult> passed{r.results[0]};
    RunInfo running;
    running.state = RunState::Running;
    const std::string junit = junit_report({}, running);
    CHECK(junit.find("<testcase classname=\"mockgate\" name=\"the run finished\"") != std::string::npos);
    CHECK(junit.find("failures=\"1\"") != std::string::npos);
    RunInfo interrupted;
    interrupted.state = RunState::Interrupted;
    interrupted.problem = "SIGTERM";
    CHECK(json_report(passed, interrupted)["run"]["state"] == "interrupted");
    const std::string md = markdown_report(passed, interrupted);
    CHECK(md.rfind("## ❌", 0) == 0);
    CHECK(md.find("interrupted by SIGTERM") != std::string::npos);
    CHECK(html_report(passed, interrupted).find("id=\"unfinished\"") != std::string::npos);
    CHECK(junit_report(passed).find("the run finished") == std::string::npos);
  }

  TEST_CASE("the HTML report is one file: a block per scenario, filters, rules from the catalogue, nothing fetched") {
    const Results r;
    Catalogue catalogue;
    catalogue.behaviours.push_back({"CLI-RETRY-AFTER", "client", "honours Retry-After", "001, section 4", "documented",
                                    "\"wait at least Retry-After seconds\"", "", "must"});
    RunInfo info;
    info.client = "node <client>.mjs";
    info.catalogue = &catalogue;
    const std::string html = html_report(r.results, info);
    CHECK(count(html, "<details class=\"scenario\"") == 3);
    CHECK(html.find("data-verdict=\"warn\"") != std::string::npos);
    CHECK(html.find("data-behaviours=\"LIS-429 CLI-RETRY-AFTER\"") != std::string::npos);
    CHECK(html.find("&quot;wait at least Retry-After seconds&quot;") != std::string::npos);
    CHECK(html.find("<cite>001, section 4</cite>") != std::string::npos);
    CHECK(html.find("node &lt;client&gt;.mjs") != std::string::npos);
    CHECK(count(html, "<svg class=\"timeline\"") == 1);  // only the scenario with requests
    for (const char* external : {"<link", "src=", "@import", "url(", "https://", "http://www.w3.org/1999"}) {
      CHECK_MESSAGE(html.find(external) == std::string::npos, external);
    }
    CHECK(html.find("id=\"filter-provider\"") != std::string::npos);
    CHECK(html.find("<option value=\"qlara\">") != std::string::npos);
  }

  TEST_CASE("a timeline: each request from the client's start, the waits, Retry-After, a held answer given up") {
    const auto tl = detail::timeline_of(retried(std::chrono::steady_clock::now()));
    REQUIRE(tl.requests.size() == 3);
    CHECK(tl.requests[0].at_ms == 100);
    CHECK(tl.requests[0].retry_after == "2");
    CHECK(tl.requests[1].held_ms == 5000);
    REQUIRE(tl.requests[1].gave_up_after_ms);
    CHECK(*tl.requests[1].gave_up_after_ms == 1000);  // its next request came 1 s later
    REQUIRE(tl.waits.size() == 2);
    CHECK(tl.waits[0].to_ms - tl.waits[0].from_ms == 2100);
    CHECK(tl.waits[1].to_ms - tl.waits[1].from_ms == 0);  // it did not wait for the held answer
    CHECK(tl.client_end_ms == 4500);
    CHECK(tl.span_ms == 7200);  // the held answer's end
    const std::string svg = detail::timeline_svg(tl);
    CHECK(svg.find("data-requests=\"3\" data-waits=\"2\"") != std::string::npos);
    CHECK(count(svg, "<g class=\"request") == 3);
    CHECK(svg.find("429 · Retry-After: 2") != std::string::npos);
    CHECK(svg.find("class=\"gave-up\" data-ms=\"1000\"") != std::string::npos);
    CHECK(svg.find("<g class=\"wait\" data-ms=\"2100\">") != std::string::npos);
    CHECK(svg.find("class=\"client-end\" data-ms=\"4500\"") != std::string::npos);
  }

  TEST_CASE("a timeline without a client starts at its first request, and a flood is drawn in part") {
    Transcript t;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i) t.exchanges.push_back(exchange(t0 + std::chrono::milliseconds(i * 10), 401));
    const auto tl = detail::timeline_of(t);
    CHECK(tl.requests.front().at_ms == 0);
    CHECK_FALSE(tl.client_end_ms);
    const std::string svg = detail::timeline_svg(tl);
    CHECK(count(svg, "<g class=\"request") == detail::kTimelineRows);
    CHECK(svg.find("60 more requests not drawn") != std::string::npos);
  }
}

TEST_SUITE("shard") {
  std::vector<Scenario> catalogue_like() {
    std::vector<Scenario> all;
    for (int i = 0; i < 40; ++i) {
      Scenario s;
      s.id = "p/s" + std::to_string(i);
      if (i % 7 == 0) {  // some wait on 429s
        FaultArrangement f;
        mockgate::core::Fault rate_limited;
        rate_limited.status = 429;
        rate_limited.retry_after = 2;
        rate_limited.repeat = 1 + i % 3;
        f.responses.push_back(rate_limited);
        s.given.faults.push_back(f);
      }
      all.push_back(s);
    }
    return all;
  }

  TEST_CASE("the shards are the selection: each scenario in one, whatever the order it was read in") {
    auto all = catalogue_like();
    const auto shard = shard_assignment(all, 3);
    std::mt19937 shuffle(7);
    auto reordered = all;
    std::shuffle(reordered.begin(), reordered.end(), shuffle);
    const auto again = shard_assignment(reordered, 3);
    for (std::size_t i = 0; i < reordered.size(); ++i) {
      const auto original = std::find_if(all.begin(), all.end(), [&](const Scenario& s) { return s.id == reordered[i].id; });
      CHECK(shard[static_cast<std::size_t>(original - all.begin())] == again[i]);
    }
    std::set<std::string> seen;
    std::size_t total = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      const auto part = shard_of(all, k, 3);
      total += part.size();
      for (const auto& s : part) seen.insert(s.id);
      CHECK(part.size() >= 10);  // even: 40 scenarios, some long, none dominating
    }
    CHECK(total == all.size());
    CHECK(seen.size() == all.size());
  }

  TEST_CASE("a shard may be empty when there are more shards than scenarios") {
    auto two = catalogue_like();
    two.resize(2);
    CHECK(shard_of(two, 2, 3).empty());
  }
}
