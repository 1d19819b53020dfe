// Console, JUnit and JSON reports of a run.
#include "mockgate/runner/reporters.hpp"

#include <fstream>
#include <map>
#include <stdexcept>

namespace mockgate::runner {
namespace {

/// `s` with each byte that does not belong to a well-formed UTF-8 sequence replaced by U+FFFD:
/// a client's output, or a reason quoting it, may hold anything, and XML and JSON may not.
std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (ok && len >= 3) {  // no overlong forms, no surrogates, nothing above U+10FFFF
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(b == 0xe0 && b1 < 0xa0) && !(b == 0xed && b1 >= 0xa0) && !(b == 0xf0 && b1 < 0x90) && !(b == 0xf4 && b1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

std::string xml_escape(std::string_view raw) {
  const std::string s = valid_utf8(raw);
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

bool is_failure(Verdict v) { return v == Verdict::Fail || v == Verdict::Error; }

std::string level_of(const Scenario& s) { return s.level == Level::Must ? "must" : "should"; }

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

std::string JunitReporter::render(const std::vector<ScenarioResult>& results) {
  std::map<std::string, std::vector<const ScenarioResult*>> by_provider;
  for (const auto& r : results) by_provider[r.scenario->provider].push_back(&r);
  const auto s = summarize(results);
  double total_time = 0;
  for (const auto& r : results) total_time += static_cast<double>(r.duration.count()) / 1000.0;
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites name=\"mockgate\" tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
       std::to_string(s.failed) + "\" skipped=\"" + std::to_string(s.skipped + s.warned) +
       "\" time=\"" + std::to_string(total_time) + "\">\n";
  for (const auto& [provider, list] : by_provider) {
    int failures = 0, errors = 0, skipped = 0;
    double time = 0;
    for (const auto* r : list) {
      const bool warned = r->scenario->level == Level::Should && is_failure(r->verdict);
      failures += !warned && r->verdict == Verdict::Fail;
      errors += !warned && r->verdict == Verdict::Error;
      skipped += warned || r->verdict == Verdict::Skipped;
      time += static_cast<double>(r->duration.count()) / 1000.0;
    }
    x += "  <testsuite name=\"" + xml_escape(provider) + "\" tests=\"" + std::to_string(list.size()) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
         "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + std::to_string(time) + "\">\n";
    for (const auto* r : list) {
      x += "    <testcase classname=\"" + xml_escape(provider) + "\" name=\"" + xml_escape(r->scenario->id) +
           "\" file=\"" + xml_escape(r->scenario->file) + "\" time=\"" +
           std::to_string(static_cast<double>(r->duration.count()) / 1000.0) + "\">\n";
      std::string covers;
      for (const auto& c : r->scenario->covers) covers += (covers.empty() ? "" : ",") + c;
      x += "      <properties><property name=\"covers\" value=\"" + xml_escape(covers) +
           "\"/><property name=\"level\" value=\"" + level_of(*r->scenario) + "\"/></properties>\n";
      if (r->scenario->level == Level::Should && is_failure(r->verdict)) {
        // A should is good practice, not the contract: CI shows it as skipped with the reason,
        // never as a red failure while `run` exits 0.
        x += "      <skipped message=\"" + xml_escape("warning (should): " + r->reason) + "\"/>\n";
      } else if (is_failure(r->verdict)) {
        const char* tag = r->verdict == Verdict::Fail ? "failure" : "error";
        x += std::string("      <") + tag + " message=\"" + xml_escape(r->reason) + "\" type=\"" +
             (r->scenario->level == Level::Must ? "must" : "should") + "\">" +
             xml_escape(r->reason + "\n" + transcript_text(*r)) + "</" + tag + ">\n";
      } else if (r->verdict == Verdict::Skipped) {
        x += "      <skipped message=\"" + xml_escape(r->reason) + "\"/>\n";
      }
      x += "      <system-out>" + xml_escape(transcript_text(*r)) + "</system-out>\n";
      x += "    </testcase>\n";
    }
    x += "  </testsuite>\n";
  }
  x += "</testsuites>\n";
  return x;
}

void JunitReporter::run_finished(const std::vector<ScenarioResult>& results) {
  write_file(path_, render(results));
}

nlohmann::json JsonReporter::render(const std::vector<ScenarioResult>& results) {
  const auto s = summarize(results);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : r.checks) {
      checks.push_back({{"behaviour", c.behaviour}, {"name", c.name}, {"passed", c.passed},
                        {"expected", c.expected}, {"actual", c.actual}});
    }
    list.push_back({{"id", r.scenario->id},
                    {"provider", r.scenario->provider},
                    {"title", r.scenario->title},
                    {"file", r.scenario->file},
                    {"covers", r.scenario->covers},
                    {"level", level_of(*r.scenario)},
                    {"verdict", std::string(to_string(r.verdict))},
                    {"reason", r.reason},
                    {"duration_ms", r.duration.count()},
                    {"checks", checks},
                    {"transcript", r.transcript}});
  }
  return {{"summary", {{"passed", s.passed}, {"failed", s.failed}, {"warned", s.warned}, {"skipped", s.skipped}}},
          {"scenarios", list}};
}

void JsonReporter::run_finished(const std::vector<ScenarioResult>& results) {
  // Replace, not throw: a client's output may hold bytes that are not UTF-8 (U+FFFD for each).
  write_file(path_, render(results).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace mockgate::runner
