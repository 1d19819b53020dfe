// The HTML report: one self-contained file a person opens from a CI artifact, offline. The
// page is complete without its script (every scenario shown); the script only filters.
#include <map>
#include <set>

#include "mockgate/runner/catalogue.hpp"
#include "mockgate/runner/reporters.hpp"
#include "mockgate/runner/reports.hpp"
#include "reports/report_text.hpp"
#include "reports/timeline.hpp"

namespace mockgate::runner {
namespace {

using detail::xml_escape;

constexpr const char* kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header,nav,main{padding:12px 24px}header{background:#1d2330;color:#fff}header h1{margin:0 0 4px;font-size:20px}
.banner{background:#b00020;color:#fff;padding:8px 24px;font-weight:600}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #d8dbe2;z-index:1}
nav label{margin-right:16px}#shown{color:#5a6272}
h2{font-size:17px;margin:20px 0 8px}h3{font-size:14px;margin:14px 0 4px}
details.scenario{background:#fff;border:1px solid #d8dbe2;border-radius:6px;margin:6px 0;padding:6px 12px}
details.scenario>summary{cursor:pointer}details.scenario code{font-size:13px}.ms{color:#5a6272}
.verdict{display:inline-block;min-width:44px;text-align:center;border-radius:4px;padding:0 6px;font-weight:600;
 font-size:12px;color:#fff;margin-right:6px}
.v-pass{background:#1b7f3b}.v-fail,.v-error{background:#b00020}.v-warn{background:#b36b00}.v-skip{background:#6b7280}
.reason{font-weight:600}dl.rules dt{font-weight:600}dl.rules dd{margin:0 0 6px 16px}cite{color:#5a6272}
table.checks{border-collapse:collapse}table.checks td,table.checks th{border:1px solid #d8dbe2;padding:2px 6px;
 text-align:left;vertical-align:top}tr.failed td{background:#fde8eb}
pre{background:#f0f2f5;padding:8px;overflow:auto;max-height:420px;font-size:12px}
svg.timeline{max-width:100%;height:auto;background:#fbfcfd;border:1px solid #e3e6eb}
svg.timeline text{font:11px system-ui,sans-serif;fill:#1d2330}svg.timeline .label{fill:#3a4150}
.request rect{fill:#1b7f3b}.request.s4xx rect{fill:#d97706}.request.s429 rect{fill:#7c3aed}
.request.s5xx rect{fill:#b00020}.request.dropped rect{fill:#6b7280}.request.s3xx rect{fill:#2563eb}
.wait path{fill:none;stroke:#94a3b8;stroke-dasharray:3 3}.wait text{fill:#475569}
.gave-up line{stroke:#b00020;stroke-width:2}.client-end line{stroke:#0f172a;stroke-dasharray:6 3}
.client-end.timed-out line{stroke:#b00020}.axis line{stroke:#64748b}
)css";

// Filters from the controls and from the URL fragment ("#verdict=fail&provider=ID"), so a
// filtered view is a link someone can send; the page states what it shows in #shown.
constexpr const char* kScript = R"js(
(function () {
  var names = ["provider", "verdict", "behaviour"];
  var only = "";  // "#scenario=ID": a link to one scenario, shown open
  function control(n) { return document.getElementById("filter-" + n); }
  function fromHash() {
    var wanted = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var kv = pair.split("=");
      if (kv.length === 2) wanted[kv[0]] = decodeURIComponent(kv[1]);
    });
    only = wanted.scenario || "";
    names.forEach(function (n) { control(n).value = wanted[n] || ""; });
  }
  function apply() {
    var f = {};
    names.forEach(function (n) { f[n] = control(n).value; });
    var shown = 0, all = document.querySelectorAll("details.scenario");
    all.forEach(function (d) {
      var ok = (!only || d.id === "s-" + only) && (!f.provider || d.dataset.provider === f.provider) &&
               (!f.verdict || d.dataset.verdict === f.verdict) &&
               (!f.behaviour || (" " + d.dataset.behaviours + " ").indexOf(" " + f.behaviour + " ") >= 0);
      d.hidden = !ok;
      if (ok && only) d.open = true;
      if (ok) shown++;
    });
    document.querySelectorAll("section.provider").forEach(function (s) {
      s.hidden = s.querySelector("details.scenario:not([hidden])") === null;
    });
    var out = document.getElementById("shown");
    out.textContent = shown + " of " + all.length + " scenarios shown";
    out.dataset.shown = shown;
  }
  function toHash() {
    var parts = [];
    only = "";
    names.forEach(function (n) { if (control(n).value) parts.push(n + "=" + encodeURIComponent(control(n).value)); });
    history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
    apply();
  }
  names.forEach(function (n) { control(n).addEventListener("change", toHash); });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.body.dataset.ready = "true";
})();
)js";

std::string select_control(const std::string& name, const std::string& label, const std::set<std::string>& values) {
  std::string s = "<label>" + label + " <select id=\"filter-" + name + "\"><option value=\"\">all</option>";
  for (const auto& v : values) s += "<option value=\"" + xml_escape(v) + "\">" + xml_escape(v) + "</option>";
  return s + "</select></label>";
}

std::string filters(const std::vector<ScenarioResult>& results) {
  std::set<std::string> providers, verdicts, behaviours;
  for (const auto& r : results) {
    providers.insert(r.scenario->provider);
    verdicts.insert(std::string(detail::shown_verdict(r)));
    behaviours.insert(r.scenario->covers.begin(), r.scenario->covers.end());
  }
  return "<nav id=\"filters\">" + select_control("provider", "Provider", providers) +
         select_control("verdict", "Verdict", verdicts) + select_control("behaviour", "Behaviour", behaviours) +
         "<span id=\"shown\" data-shown=\"" + std::to_string(results.size()) + "\">" + std::to_string(results.size()) +
         " scenarios</span></nav>\n";
}

std::string rules(const Scenario& s, const std::map<std::string, const Behaviour*>& catalogue) {
  std::string html = "<h3>What it checks</h3><dl class=\"rules\">";
  for (const auto& id : s.covers) {
    html += "<dt>" + xml_escape(id) + "</dt><dd>";
    const auto it = catalogue.find(id);
    if (it == catalogue.end()) {
      html += "(not in the catalogue of this run)";
    } else {
      const Behaviour& b = *it->second;
      html += xml_escape(b.rule.empty() ? b.statement : b.rule);
      if (!b.silent.empty()) html += "<br>Where the documents are silent: " + xml_escape(b.silent);
      html += "<br><cite>" + xml_escape(b.source) + "</cite>";
    }
    html += "</dd>";
  }
  return html + "</dl>\n";
}

std::string checks_table(const ScenarioResult& r) {
  if (r.checks.empty()) return "";
  std::string html = "<h3>Checks</h3><table class=\"checks\"><tr><th></th><th>Behaviour</th><th>Check</th>"
                     "<th>Expected</th><th>Got</th></tr>";
  for (const auto& c : r.checks) {
    // Appended piece by piece: one long chain of + trips GCC 12's -Warray-bounds (a false alarm).
    html += c.passed ? "<tr class=\"passed\"><td>✓</td><td>" : "<tr class=\"failed\"><td>✗</td><td>";
    html += xml_escape(c.behaviour);
    html += "</td><td>";
    html += xml_escape(c.name);
    html += "</td><td>";
    html += xml_escape(c.expected);
    html += "</td><td>";
    html += xml_escape(c.actual);
    html += "</td></tr>";
  }
  return html + "</table>\n";
}

std::string scenario_block(const ScenarioResult& r, const std::map<std::string, const Behaviour*>& catalogue) {
  const auto& s = *r.scenario;
  const std::string shown(detail::shown_verdict(r));
  const bool open = shown == "fail" || shown == "error";
  std::string html = "<details class=\"scenario\" id=\"" + xml_escape("s-" + s.id) + "\" data-provider=\"" +
                     xml_escape(s.provider) + "\" data-verdict=\"" + shown + "\" data-behaviours=\"" +
                     xml_escape(detail::covers_text(s, " ")) + "\" data-level=\"" + detail::level_of(s) + "\"" +
                     (open ? " open" : "") + ">\n";
  html += "<summary><span class=\"verdict v-" + shown + "\">" + shown + "</span><code>" + xml_escape(s.id) +
          "</code> " + xml_escape(s.title) + " <span class=\"ms\">(" + std::to_string(r.duration.count()) +
          " ms, " + detail::level_of(s) + ")</span></summary>\n";
  if (!r.reason.empty()) html += "<p class=\"reason\">" + xml_escape(r.reason) + "</p>\n";
  html += rules(s, catalogue);
  html += checks_table(r);
  if (!r.transcript.exchanges.empty()) {
    html += "<h3>Timeline</h3>\n" + detail::timeline_svg(detail::timeline_of(r.transcript)) + "\n";
  }
  const std::string transcript = transcript_text(r.transcript);
  if (!transcript.empty()) html += "<h3>Transcript</h3><pre>" + xml_escape(transcript) + "</pre>\n";
  return html + "<p class=\"file\"><cite>" + xml_escape(s.file) + "</cite></p></details>\n";
}

}  // namespace

std::string html_report(const std::vector<ScenarioResult>& results, const RunInfo& info) {
  std::map<std::string, const Behaviour*> catalogue;
  if (info.catalogue != nullptr) {
    for (const auto& b : info.catalogue->behaviours) catalogue[b.id] = &b;
  }
  const auto s = summarize(results);
  const std::string totals = summary_line(s);
  const std::string note = unfinished_note(info);
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>" + xml_escape("mockgate " + info.command + ": " + totals) + "</title><style>" + kStyle +
                     "</style></head>\n<body data-state=\"" + std::string(to_string(info.state)) + "\">\n";
  html += "<header><h1>mockgate " + xml_escape(info.command) + "</h1><p id=\"totals\" data-passed=\"" +
          std::to_string(s.passed) + "\" data-failed=\"" + std::to_string(s.failed) + "\" data-warned=\"" +
          std::to_string(s.warned) + "\" data-skipped=\"" + std::to_string(s.skipped) + "\">" + xml_escape(totals) +
          "</p>";
  if (!info.client.empty()) html += "<p>Client: <code>" + xml_escape(info.client) + "</code></p>";
  if (!info.shard.empty()) html += "<p>Shard " + xml_escape(info.shard) + " of the selected scenarios</p>";
  html += "</header>\n";
  if (!note.empty()) html += "<div class=\"banner\" id=\"unfinished\">" + xml_escape(note) + "</div>\n";
  html += filters(results) + "<main>\n";
  for (auto [provider, list] : detail::by_provider(results)) {
    std::stable_sort(list.begin(), list.end(), [](const ScenarioResult* a, const ScenarioResult* b) {
      return detail::verdict_rank(detail::shown_verdict(*a)) < detail::verdict_rank(detail::shown_verdict(*b));
    });
    html += "<section class=\"provider\" data-provider=\"" + xml_escape(provider) + "\"><h2>" + xml_escape(provider) +
            "</h2>\n";
    for (const auto* r : list) html += scenario_block(*r, catalogue);
    html += "</section>\n";
  }
  return html + "</main>\n<script>" + kScript + "</script>\n</body></html>\n";
}

}  // namespace mockgate::runner
