// The console reporter, and the reporters that write a report file at the end of a run.
#include "mockgate/runner/reporters.hpp"

#include <fstream>
#include <stdexcept>

#include "mockgate/runner/reports.hpp"
#include "reports/report_text.hpp"

namespace mockgate::runner {
namespace {

using detail::level_of;

std::string transcript_text(const ScenarioResult& r) { return runner::transcript_text(r.transcript); }

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

std::string summary_line(const RunSummary& s) {
  std::string line = std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed, " +
                     std::to_string(s.warned) + " warned";
  if (s.skipped > 0) line += ", " + std::to_string(s.skipped) + " skipped";
  return line;
}

void ConsoleReporter::run_started(std::size_t scenarios, const std::string& client) {
  out_ << "mockgate " << command_ << ": " << scenarios << " scenario" << (scenarios == 1 ? "" : "s") << " against `"
       << client << "`\n";
}

void ConsoleReporter::scenario_finished(const ScenarioResult& r) {
  const bool should = r.scenario->level == Level::Should;
  std::string verdict;
  switch (r.verdict) {
    case Verdict::Pass: verdict = "PASS"; break;
    case Verdict::Fail: verdict = should ? "WARN" : "FAIL"; break;
    case Verdict::Error: verdict = should ? "WARN" : "ERROR"; break;
    case Verdict::Skipped: verdict = "SKIP"; break;
  }
  out_ << verdict << "  " << r.scenario->id << "  (" << r.duration.count() << " ms)\n";
  if (r.verdict != Verdict::Pass && r.verdict != Verdict::Skipped) {
    out_ << "    " << r.reason << "\n";
    std::string covers;
    for (const auto& c : r.scenario->covers) covers += (covers.empty() ? "" : ", ") + c;
    out_ << "    covers: " << covers << " (" << level_of(*r.scenario) << ")\n";
    out_ << transcript_text(r);
  } else if (verbose_) {
    out_ << transcript_text(r);
  } else if (r.transcript.client && !r.transcript.client->note.empty()) {
    // A pass that left processes behind: not a failure, but not to go unsaid either.
    out_ << "    note: " << r.transcript.client->note << "\n";
  }
  out_.flush();
}

void ConsoleReporter::run_finished(const std::vector<ScenarioResult>& results) {
  const auto s = summarize(results);
  if (s.warned > 0) {
    out_ << s.warned << " 'should' scenario" << (s.warned == 1 ? "" : "s")
         << " failed: good practice the documents do not require (warnings, not failures)\n";
  }
  out_ << summary_line(s) << "\n";
  out_.flush();
}

std::string JunitReporter::render(const std::vector<ScenarioResult>& results) { return junit_report(results); }

void JunitReporter::run_finished(const std::vector<ScenarioResult>& results) {
  write_file(path_, render(results));
}

nlohmann::json JsonReporter::render(const std::vector<ScenarioResult>& results) { return json_report(results); }

void JsonReporter::run_finished(const std::vector<ScenarioResult>& results) {
  // Replace, not throw: a client's output may hold bytes that are not UTF-8 (U+FFFD for each).
  write_file(path_, render(results).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace mockgate::runner
