// The Markdown summary: what a CI step summary or a pull-request comment shows of a run.
#include <algorithm>

#include "mockgate/runner/reporters.hpp"
#include "mockgate/runner/reports.hpp"
#include "reports/report_text.hpp"

namespace mockgate::runner {
namespace {

constexpr std::size_t kReasonChars = 240;  ///< a table cell, not the transcript

/// Text for a table cell: one line, no '|' to break the table, no markup to reinterpret.
std::string cell(std::string_view raw, std::size_t limit = std::string::npos) {
  std::string s = detail::valid_utf8(raw);
  std::string out;
  for (const char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '<' || c == '[' ||
               c == ']') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  if (out.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80) --cut;  // not inside a character
    if (cut > 0 && out[cut - 1] == '\\') --cut;                                    // nor an escape
    out = out.substr(0, cut) + "…";
  }
  return out;
}

std::string verdict_cell(std::string_view shown) {
  if (shown == "pass") return "✅ pass";
  if (shown == "fail") return "❌ **fail**";
  if (shown == "error") return "❌ **error**";
  if (shown == "warn") return "⚠️ warn (should)";
  return "⏭️ skip";
}

std::string provider_table(const std::string& provider, std::vector<const ScenarioResult*> list) {
  std::stable_sort(list.begin(), list.end(), [](const ScenarioResult* a, const ScenarioResult* b) {
    return detail::verdict_rank(detail::shown_verdict(*a)) < detail::verdict_rank(detail::shown_verdict(*b));
  });
  RunSummary s;
  for (const auto* r : list) {
    const auto shown = detail::shown_verdict(*r);
    s.passed += shown == "pass";
    s.failed += shown == "fail" || shown == "error";
    s.warned += shown == "warn";
    s.skipped += shown == "skip";
  }
  std::string md = "### " + cell(provider) + ": " + summary_line(s) + "\n\n";
  md += "| Verdict | Scenario | Behaviour | Reason |\n|---|---|---|---|\n";
  for (const auto* r : list) {
    md += "| " + verdict_cell(detail::shown_verdict(*r)) + " | " + cell(r->scenario->id) + " | " +
          cell(detail::covers_text(*r->scenario)) + " | " + cell(r->reason, kReasonChars) + " |\n";
  }
  return md + "\n";
}

}  // namespace

std::string markdown_report(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  const auto s = summarize(results);
  const std::string note = unfinished_note(info);
  const bool green = s.ok() && note.empty();
  std::string md = "## " + std::string(green ? "✅" : "❌") + " mockgate " + cell(info.command) + ": " +
                   summary_line(s) + "\n\n";
  if (!note.empty()) md += "> **" + cell(note) + "**\n\n";
  std::string about;
  if (!info.client.empty()) about += "Client: " + cell(info.client);
  if (!info.shard.empty()) about += (about.empty() ? "" : " · ") + std::string("shard ") + cell(info.shard);
  if (!about.empty()) md += about + "\n\n";
  if (s.warned > 0) {
    md += "Warnings are 'should' scenarios: good practice the documents do not require; they never fail the "
          "run.\n\n";
  }
  for (const auto& [provider, list] : detail::by_provider(results)) md += provider_table(provider, list);
  return md;
}

}  // namespace mockgate::runner
