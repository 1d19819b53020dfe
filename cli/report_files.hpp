// The report files of `run` and `verify`, written so they never lie in CI: refused up front when
// they cannot be written or would silently replace an earlier run's (unless --force), claimed at
// the start with a report that says the run has not finished (what a killed run leaves behind:
// red, never an old green), and replaced atomically at the end by the real one.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mockgate/runner/reports.hpp"

namespace mockgate::cli {

using RenderReport = std::function<std::string(const std::vector<runner::ScenarioResult>&, const runner::RunInfo&)>;

class ReportFiles {
 public:
  ReportFiles(std::string command, bool force) : command_(std::move(command)), force_(force) {}

  /// A report `flag` asks for at `path` ("" when not asked: ignored).
  void add(const std::string& flag, const std::string& path, RenderReport render);

  /// Refuses (exit 2) a path given for two reports, a folder, a missing folder, a file that
  /// cannot be written, or one that exists already without --force.
  void check() const;

  /// Writes each file as `info` (state Running) renders it. Without --force a file that appeared
  /// since check() — another run claiming the same path — is refused.
  void claim(const runner::RunInfo& info) const;

  /// Writes each file through a temporary file in the same folder, renamed over it: a reader
  /// sees the claim or the whole report, never half of one.
  void write(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info) const;

 private:
  struct File {
    std::string flag, path;
    RenderReport render;
  };
  std::string command_;
  bool force_;
  std::vector<File> files_;
};

/// The four report kinds, rendered as their files hold them.
std::string junit_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info);
std::string json_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info);
std::string markdown_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info);
std::string html_file(const std::vector<runner::ScenarioResult>& results, const runner::RunInfo& info);

}  // namespace mockgate::cli
