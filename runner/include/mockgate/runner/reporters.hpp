// Reporters: the console streams a line per scenario as it finishes; JUnit XML and JSON
// buffer the run and write their file at the end.
#pragma once

#include <ostream>
#include <string>

#include "mockgate/runner/scenario_runner.hpp"

namespace mockgate::runner {

class ConsoleReporter final : public Reporter {
 public:
  ConsoleReporter(std::ostream& out, bool verbose = false, std::string command = "run")
      : out_(out), verbose_(verbose), command_(std::move(command)) {}
  void run_started(std::size_t scenarios, const std::string& client) override;
  void scenario_finished(const ScenarioResult& result) override;
  void run_finished(const std::vector<ScenarioResult>& results) override;

 private:
  std::ostream& out_;
  bool verbose_;
  std::string command_;
};

/// JUnit XML as GitLab, Jenkins and GitHub's test-report actions read it: one testsuite per
/// provider, one testcase per scenario, <failure> with the reason and the transcript; a failed
/// should scenario is a <skipped> with "warning (should): reason", never a failure.
class JunitReporter final : public Reporter {
 public:
  explicit JunitReporter(std::string path) : path_(std::move(path)) {}
  void scenario_finished(const ScenarioResult&) override {}
  void run_finished(const std::vector<ScenarioResult>& results) override;
  /// The document, for tests.
  static std::string render(const std::vector<ScenarioResult>& results);

 private:
  std::string path_;
};

/// design.md's JSON report: {"summary": {...}, "scenarios": [{id, provider, covers, level,
/// verdict, reason, duration_ms, transcript}]}.
class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(std::string path) : path_(std::move(path)) {}
  void scenario_finished(const ScenarioResult&) override {}
  void run_finished(const std::vector<ScenarioResult>& results) override;
  static nlohmann::json render(const std::vector<ScenarioResult>& results);

 private:
  std::string path_;
};

/// "N passed, N failed, N warned" (", N skipped" when any): the closing line CI parsers read.
/// Warned: should scenarios that failed, which never fail the run.
std::string summary_line(const RunSummary& summary);

}  // namespace mockgate::runner
