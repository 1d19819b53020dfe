// The JUnit XML report: what CI systems show as test results.
#include "mockgate/runner/reports.hpp"
#include "reports/report_text.hpp"

namespace mockgate::runner {
namespace {

using detail::is_failure;
using detail::xml_escape;

std::string seconds(std::chrono::milliseconds ms) { return std::to_string(static_cast<double>(ms.count()) / 1000.0); }

std::string testcase(const ScenarioResult& r) {
  const auto& s = *r.scenario;
  const std::string transcript = transcript_text(r.transcript);
  std::string x = "    <testcase classname=\"" + xml_escape(s.provider) + "\" name=\"" + xml_escape(s.id) +
                  "\" file=\"" + xml_escape(s.file) + "\" time=\"" + seconds(r.duration) + "\">\n";
  x += "      <properties><property name=\"covers\" value=\"" + xml_escape(detail::covers_text(s, ",")) +
       "\"/><property name=\"level\" value=\"" + detail::level_of(s) + "\"/></properties>\n";
  if (s.level == Level::Should && is_failure(r.verdict)) {
    // A should is good practice, not the contract: CI shows it as skipped with the reason,
    // never as a red failure while `run` exits 0.
    x += "      <skipped message=\"" + xml_escape("warning (should): " + r.reason) + "\"/>\n";
  } else if (is_failure(r.verdict)) {
    const char* tag = r.verdict == Verdict::Fail ? "failure" : "error";
    x += std::string("      <") + tag + " message=\"" + xml_escape(r.reason) + "\" type=\"" + detail::level_of(s) +
         "\">" + xml_escape(r.reason + "\n" + transcript) + "</" + tag + ">\n";
  } else if (r.verdict == Verdict::Skipped) {
    x += "      <skipped message=\"" + xml_escape(r.reason) + "\"/>\n";
  }
  x += "      <system-out>" + xml_escape(transcript) + "</system-out>\n";
  x += "    </testcase>\n";
  return x;
}

/// The testsuite a run that did not finish adds: one error, so no CI reads the report as green.
std::string unfinished_suite(const std::string& note) {
  return "  <testsuite name=\"mockgate\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
         "    <testcase classname=\"mockgate\" name=\"the run finished\" time=\"0\">\n"
         "      <error message=\"" + xml_escape(note) + "\" type=\"run\">" + xml_escape(note) + "</error>\n"
         "    </testcase>\n"
         "  </testsuite>\n";
}

}  // namespace

std::string junit_report(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  const auto s = summarize(results);
  const std::string note = unfinished_note(info);
  std::chrono::milliseconds total{0};
  for (const auto& r : results) total += r.duration;
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const bool unfinished = !note.empty();
  x += "<testsuites name=\"mockgate\" tests=\"" + std::to_string(results.size() + unfinished) + "\" failures=\"" +
       std::to_string(s.failed + unfinished) + "\" skipped=\"" + std::to_string(s.skipped + s.warned) +
       "\" time=\"" + seconds(total) + "\">\n";
  if (unfinished) x += unfinished_suite(note);
  for (const auto& [provider, list] : detail::by_provider(results)) {
    int failures = 0, errors = 0, skipped = 0;
    std::chrono::milliseconds time{0};
    for (const auto* r : list) {
      const auto shown = detail::shown_verdict(*r);
      failures += shown == "fail";
      errors += shown == "error";
      skipped += shown == "warn" || shown == "skip";
      time += r->duration;
    }
    x += "  <testsuite name=\"" + xml_escape(provider) + "\" tests=\"" + std::to_string(list.size()) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
         "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + seconds(time) + "\">\n";
    for (const auto* r : list) x += testcase(*r);
    x += "  </testsuite>\n";
  }
  x += "</testsuites>\n";
  return x;
}

}  // namespace mockgate::runner
