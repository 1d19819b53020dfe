// Reporters: the console's lines and closing count, JUnit XML that parsers accept, and the
// JSON report's shape, each compared with a golden file (MOCKGATE_UPDATE_GOLDEN=1 rewrites).
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mockgate/runner/reporters.hpp"

using namespace mockgate::runner;
using namespace std::chrono_literals;

namespace {

std::string golden_path(const std::string& name) {
  return std::string(MOCKGATE_TEST_FIXTURES) + "/golden/" + name;
}

void check_golden(const std::string& name, const std::string& actual) {
  if (std::getenv("MOCKGATE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden_path(name), std::ios::binary) << actual;
    return;
  }
  std::ifstream in(golden_path(name), std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden file " << golden_path(name));
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

/// Three results with fixed durations: a pass, a must failure with a transcript (and characters
/// XML must escape), and a should failure.
struct Fixture {
  Scenario pass, fail, should;
  std::vector<ScenarioResult> results;

  Fixture() {
    pass.id = "lisoloo/send-ok";
    pass.provider = "lisoloo";
    pass.covers = {"LIS-OK", "CLI-HEADER"};
    pass.file = "scenarios/lisoloo/send-ok.yaml";
    fail = pass;
    fail.id = "qlara/suspended-<key>";
    fail.provider = "qlara";
    fail.covers = {"QLA-401-KEY"};
    should = pass;
    should.id = "lisoloo/blank-key";
    should.level = Level::Should;
    ScenarioResult r1{&pass, Verdict::Pass, "", {}, 12ms, {}};
    Transcript transcript;
    transcript.client = ClientTranscript{"python3 c.py",    0, 0, false, 2005ms, "{\"ok\":false}\n",
                                         "attempt 1\x01\n", 0, ""};
    mockgate::core::ServeEvent sent;
    sent.method = "POST";
    sent.path = "/send";
    sent.headers = {{"X-Api-Key", "…ABCD"}};
    sent.body = "{}";
    sent.status = 401;
    sent.response_body = "{\"code\":401}";
    transcript.exchanges = {sent};
    ScenarioResult r2{&fail, Verdict::Fail, "request count: expected 1, got 3 & \"more\"", {}, 2010ms, transcript};
    ScenarioResult r3{&should, Verdict::Fail, "response 1 body: expected x, got y", {}, 5ms, {}};
    results = {r1, r2, r3};
  }
};

}  // namespace

TEST_SUITE("reporters") {
  TEST_CASE("the console streams a line per scenario, reasons and transcripts under failures, then the count") {
    Fixture f;
    std::ostringstream out;
    ConsoleReporter console(out);
    console.run_started(3, "python3 c.py");
    for (const auto& r : f.results) console.scenario_finished(r);
    console.run_finished(f.results);
    check_golden("console.txt", out.str());
    CHECK(out.str().find("\n1 passed, 1 failed, 1 warned\n") != std::string::npos);
  }

  TEST_CASE(
      "a pass whose client left processes running shows the note under it; the transcript has it "
      "too") {
    Fixture f;
    Transcript transcript;
    transcript.client = ClientTranscript{
        "sh c.sh", 0,    0,
        false,     15ms, "",
        "",        1,    "the client exited 0 but left 1 process running: `sleep` (pid 42); ended"};
    const ScenarioResult passed{&f.pass, Verdict::Pass, "", {}, 16ms, transcript};
    std::ostringstream out;
    ConsoleReporter console(out);
    console.scenario_finished(passed);
    CHECK(out.str() ==
          "PASS  lisoloo/send-ok  (16 ms)\n"
          "    note: the client exited 0 but left 1 process running: `sleep` (pid 42); ended\n");
    CHECK(mockgate::runner::transcript_text(transcript) ==
          "    client: exit 0, 15 ms\n"
          "    note: the client exited 0 but left 1 process running: `sleep` (pid 42); ended\n");
    // Ended, it has no exit code to show.
    transcript.client->signal = 9;
    CHECK(mockgate::runner::transcript_text(transcript)
              .rfind("    client: killed by signal 9, 15 ms\n", 0) == 0);
    transcript.client->timed_out = true;
    CHECK(mockgate::runner::transcript_text(transcript)
              .rfind("    client: ended at its deadline, 15 ms\n", 0) == 0);
  }

  TEST_CASE("the summary line reads 'N passed, N failed, N warned' and adds skipped only when there are any") {
    CHECK(summary_line(RunSummary{3, 1, 0, 0}) == "3 passed, 1 failed, 0 warned");
    CHECK(summary_line(RunSummary{3, 1, 1, 2}) == "3 passed, 1 failed, 1 warned, 2 skipped");
  }

  TEST_CASE("JUnit XML matches its golden file and an XML parser accepts it") {
    Fixture f;
    const auto xml = JunitReporter::render(f.results);
    check_golden("junit.xml", xml);
    const auto path = std::filesystem::temp_directory_path() / "mockgate-reporters-test.xml";
    std::ofstream(path) << xml;
    // Python's expat is a strict XML 1.0 parser (it rejects control characters, bad escapes).
    const std::string cmd = "python3 -c \"import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); "
                            "print(len(d.getElementsByTagName('testcase')), len(d.getElementsByTagName('failure')), "
                            "len(d.getElementsByTagName('skipped')))\" " +
                            path.string();
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[64] = {};
    const auto n = std::fread(buf, 1, sizeof buf - 1, p);
    CHECK(::pclose(p) == 0);
    CHECK(std::string(buf, n) == "3 1 1\n");  // the should failure is a warning: <skipped>
    std::filesystem::remove(path);
  }

  TEST_CASE("the JSON report has design.md's shape") {
    Fixture f;
    const auto j = JsonReporter::render(f.results);
    CHECK(j.at("summary") == nlohmann::json{{"passed", 1}, {"failed", 1}, {"warned", 1}, {"skipped", 0}});
    REQUIRE(j.at("scenarios").size() == 3);
    const auto& s = j.at("scenarios").at(1);
    for (const auto* field : {"id", "provider", "covers", "level", "verdict", "reason", "duration_ms", "transcript"}) {
      CAPTURE(field);
      CHECK(s.contains(field));
    }
    CHECK(s.at("verdict") == "fail");
    CHECK(s.at("duration_ms") == 2010);
    check_golden("report.json", j.dump(2) + "\n");
  }

  TEST_CASE("a client that prints bytes that are not UTF-8 still gets its JSON and JUnit reports") {
    Fixture f;
    f.results[1].transcript.client->stdout_tail = "x\xc3\n{\"ok\":false}\n";  // a cut sequence
    f.results[1].transcript.client->stderr_tail = "junk \xff\xfe\n";
    f.results[1].reason = "the last line of the client's stdout is not JSON: '\xe2\x82'";
    const auto path = std::filesystem::temp_directory_path() / "mockgate-reporters-utf8.json";
    JsonReporter(path.string()).run_finished(f.results);
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const auto parsed = nlohmann::json::parse(text.str(), nullptr, false);
    REQUIRE_FALSE(parsed.is_discarded());
    CHECK(parsed.at("scenarios").at(1).at("transcript").at("client").at("stderr") == "junk \xef\xbf\xbd\xef\xbf\xbd\n");
    std::filesystem::remove(path);

    const auto xml = JunitReporter::render(f.results);
    CHECK(xml.find("\xff") == std::string::npos);
    CHECK(xml.find("junk \xef\xbf\xbd\xef\xbf\xbd") != std::string::npos);  // U+FFFD, one per bad byte
  }
}
