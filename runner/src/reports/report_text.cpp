#include "reports/report_text.hpp"

#include "mockgate/runner/reports.hpp"

#include <map>

namespace mockgate::runner::detail {

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

std::string_view shown_verdict(const ScenarioResult& r) {
  if (r.scenario->level == Level::Should && is_failure(r.verdict)) return "warn";
  switch (r.verdict) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Error: return "error";
    case Verdict::Skipped: return "skip";
  }
  return "error";
}

int verdict_rank(std::string_view shown) {
  static constexpr std::string_view order[] = {"fail", "error", "warn", "skip", "pass"};
  for (int i = 0; i < 5; ++i) {
    if (order[i] == shown) return i;
  }
  return 5;
}

std::string covers_text(const Scenario& s, std::string_view separator) {
  std::string out;
  for (const auto& c : s.covers) {
    if (!out.empty()) out += separator;
    out += c;
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<const ScenarioResult*>>> by_provider(
    const std::vector<ScenarioResult>& results) {
  std::map<std::string, std::vector<const ScenarioResult*>> groups;
  for (const auto& r : results) groups[r.scenario->provider].push_back(&r);
  return {groups.begin(), groups.end()};
}

}  // namespace mockgate::runner::detail

namespace mockgate::runner {

std::string_view to_string(RunState state) {
  switch (state) {
    case RunState::Finished: return "finished";
    case RunState::Running: return "running";
    case RunState::Interrupted: return "interrupted";
    case RunState::Failed: return "failed";
  }
  return "failed";
}

std::string unfinished_note(const RunInfo& info) {
  switch (info.state) {
    case RunState::Finished: return "";
    case RunState::Running:
      return "the run did not finish: this report was written when it started, and mockgate was killed or is "
             "still running";
    case RunState::Interrupted:
      return "the run did not finish: interrupted by " + info.problem + "; the scenarios not started were not run";
    case RunState::Failed: return "the run did not finish: mockgate failed: " + info.problem;
  }
  return "";
}

}  // namespace mockgate::runner
