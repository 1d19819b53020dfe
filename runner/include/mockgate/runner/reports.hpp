// The report files of a run, each rendered from its results: JUnit XML, JSON, a Markdown
// summary and a self-contained HTML report. A report says how the run ended, not only what
// finished: one written before the end, or left behind by a killed run, reads as not finished
// (a red JUnit, "state": "running"), never as a green run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/runner/scenario_runner.hpp"

namespace mockgate::runner {

struct Catalogue;

enum class RunState {
  Finished,     ///< every selected scenario ran
  Running,      ///< the report was written before the end: what a killed run leaves behind
  Interrupted,  ///< stopped by a signal; the scenarios not started are "not run" (skipped)
  Failed,       ///< mockgate itself failed part-way
};
std::string_view to_string(RunState state);

/// What a report says about the run as a whole, beside its scenarios.
struct RunInfo {
  std::string command = "run";
  std::string client;
  std::string shard;  ///< "K/N" when the run is one of N parts of the selection, else ""
  RunState state = RunState::Finished;
  std::string problem;                   ///< Interrupted: the signal; Failed: what failed
  const Catalogue* catalogue = nullptr;  ///< set: the HTML report quotes each behaviour's rule
};

/// "the run did not finish: …" when it did not, else "".
std::string unfinished_note(const RunInfo& info);

/// JUnit XML as GitLab, Jenkins and GitHub's test-report actions read it: one testsuite per
/// provider, one testcase per scenario (classname, name, file, time), <failure> with the reason
/// and the transcript; a failed should scenario is a <skipped> with "warning (should): reason",
/// never a failure. A run that did not finish adds a testsuite "mockgate" with an <error>.
std::string junit_report(const std::vector<ScenarioResult>& results, const RunInfo& info = {});

/// design.md's JSON report: {"run": {command, client, state, shard, problem}, "summary":
/// {passed, failed, warned, skipped}, "scenarios": [{id, provider, title, file, covers, level,
/// verdict, reason, duration_ms, checks, transcript}]}.
nlohmann::json json_report(const std::vector<ScenarioResult>& results, const RunInfo& info = {});

/// A summary for a CI step summary or a pull-request comment: the totals line as the console
/// prints it, then one table per provider (verdict, scenario, behaviours, reason), failures first.
std::string markdown_report(const std::vector<ScenarioResult>& results, const RunInfo& info = {});

/// One self-contained HTML file (no network, no external script or font): filters by provider,
/// verdict and behaviour (also from the URL's fragment, "#verdict=fail&provider=ID", or one scenario
/// shown open: "#scenario=PROVIDER/NAME"); per
/// scenario its reason, checks, the rule each behaviour states and its document, an SVG timeline
/// of its requests and the transcript.
std::string html_report(const std::vector<ScenarioResult>& results, const RunInfo& info = {});

}  // namespace mockgate::runner
