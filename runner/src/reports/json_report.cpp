// The JSON report: every result in full, for tools.
#include "mockgate/runner/reports.hpp"
#include "reports/report_text.hpp"

namespace mockgate::runner {

nlohmann::json json_report(const std::vector<ScenarioResult>& results, const RunInfo& info) {
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
                    {"level", detail::level_of(*r.scenario)},
                    {"verdict", std::string(to_string(r.verdict))},
                    {"reason", r.reason},
                    {"duration_ms", r.duration.count()},
                    {"checks", checks},
                    {"transcript", r.transcript}});
  }
  nlohmann::json run{{"command", info.command}, {"client", info.client}, {"state", std::string(to_string(info.state))}};
  if (!info.shard.empty()) run["shard"] = info.shard;
  if (!info.problem.empty()) run["problem"] = info.problem;
  return {{"run", run},
          {"summary", {{"passed", s.passed}, {"failed", s.failed}, {"warned", s.warned}, {"skipped", s.skipped}}},
          {"scenarios", list}};
}

}  // namespace mockgate::runner
