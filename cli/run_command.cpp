// mockgate run and mockgate verify: the scenario catalogue against a client, or against the
// mock itself; exit 0 only when every must scenario passed.
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <thread>
#include <tuple>

#include "client_choice.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "flag_values.hpp"
#include "flags.hpp"
#include "mockgate/runner/remote_target.hpp"
#include "mockgate/runner/reporters.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/runner/shard.hpp"
#include "profile_cache.hpp"
#include "report_files.hpp"
#include "run_interrupt.hpp"
#include "scenario_set.hpp"

namespace mockgate::cli {

std::string default_scenario_dir() {
  // The source tree's scenarios (a build from a clone, not the package), then the installed
  // ones, then ./scenarios: an installed mockgate finds its contract wherever it is run from.
#ifdef MOCKGATE_SOURCE_SCENARIOS
  if (std::filesystem::is_directory(MOCKGATE_SOURCE_SCENARIOS)) return MOCKGATE_SOURCE_SCENARIOS;
#endif
#ifdef MOCKGATE_INSTALLED_SCENARIOS
  if (std::filesystem::is_directory(MOCKGATE_INSTALLED_SCENARIOS)) return MOCKGATE_INSTALLED_SCENARIOS;
#endif
  return "scenarios";
}

namespace {

struct RunFlags {
  std::string command;  ///< "run" or "verify"
  std::string client;
  std::vector<std::string> paths, providers, filters, catalogue_paths, profile_dirs;
  runner::RunOptions options;
  std::string junit, json, markdown, html;
  bool force = false;               ///< replace report files of an earlier run
  std::size_t shard = 0, shards = 0;  ///< --shard K/N: K from 1; 0 when not sharded
  bool verbose = false;
  std::vector<std::string> targets, plain_targets;  ///< verify only: ENV=URL
  runner::RemoteTarget target;                      ///< verify only
};

void declare_common(CLI::App& cmd, RunFlags& f) {
  const std::string& c = f.command;
  auto& o = f.options;
  paths_argument(cmd, "scenario files or folders (default: the bundled scenarios)", f.paths);
  value_flag(cmd, "--client", "COMMAND",
             "the client: a command run once per scenario step (protocol v1), or builtin:profile, a client "
             "read off the profile",
             [&f](const std::string& v) { f.client = v; });
  repeatable_flag(cmd, "--provider", "ID", "only this provider's scenarios", f.providers);
  repeatable_flag(cmd, "--filter", "GLOB", "only scenarios whose id matches", f.filters);
  value_flag(cmd, "-j,--jobs", "N", "scenarios run at once (default: the number of cores)",
             [c, &o](const std::string& v) { o.jobs = static_cast<std::size_t>(whole_number(c, "--jobs", v, 1, 256)); });
  value_flag(cmd, "--timeout", "S", "seconds a client step may run (default 30)", [c, &o](const std::string& v) {
    o.timeout = std::chrono::seconds(whole_number(c, "--timeout", v, 1, 3600));
  });
  value_flag(cmd, "--junit", "FILE", "write a JUnit report", [&f](const std::string& v) { f.junit = v; });
  value_flag(cmd, "--json", "FILE", "write a JSON report", [&f](const std::string& v) { f.json = v; });
  value_flag(cmd, "--markdown", "FILE", "write a Markdown summary (for a CI step summary or a pull-request comment)",
             [&f](const std::string& v) { f.markdown = v; });
  value_flag(cmd, "--html", "FILE", "write a self-contained HTML report, with a timeline of each scenario's requests",
             [&f](const std::string& v) { f.html = v; });
  cmd.add_flag("--force", f.force, "replace report files that exist (refused otherwise: an earlier run's report)");
  value_flag(cmd, "--shard", "K/N", "run only the K-th of N even parts of the selected scenarios (for a CI matrix)",
             [c, &f](const std::string& v) { std::tie(f.shard, f.shards) = part_of_whole(c, "--shard", v); });
  catalogue_and_profile_flags(cmd, f.catalogue_paths, f.profile_dirs);
  value_flag(cmd, "--as-of", "DATE", "the mock's date, unless a scenario sets one",
             [c, &o](const std::string& v) { o.as_of = point_in_time(c, "--as-of", v); });
  cmd.add_flag("-v,--verbose", f.verbose, "print each scenario's transcript");
}

void declare_target(CLI::App& verify, RunFlags& f) {
  auto& t = f.target;
  const std::string group = "A running server or a real provider";
  repeatable_flag(verify, "--target", "ENV=URL", "check this environment at URL instead of a fresh mock", f.targets)
      ->group(group);
  repeatable_flag(verify, "--plain-target", "ENV=URL", "the environment's plain-HTTP URL", f.plain_targets)
      ->group(group);
  value_flag(verify, "--keys", "FILE", "the target's keys, by status (YAML)",
             [&t](const std::string& v) { t.keys = runner::load_target_keys(v); })
      ->group(group);
  value_flag(verify, "--ca-file", "FILE", "the CA to trust for the target", [&t](const std::string& v) { t.ca_file = v; })
      ->group(group);
  verify.add_flag("--provider-only", t.provider_only, "only what a real provider can be asked (no admin API)")
      ->group(group);
}

/// Keeps what each finished scenario showed, for the reports of a run that fails part-way.
class FinishedResults final : public runner::Reporter {
 public:
  void scenario_finished(const runner::ScenarioResult& result) override { results_.push_back(result); }
  void run_finished(const std::vector<runner::ScenarioResult>&) override {}
  const std::vector<runner::ScenarioResult>& results() const { return results_; }

 private:
  std::vector<runner::ScenarioResult> results_;
};

ReportFiles report_files(const RunFlags& f) {
  ReportFiles files(f.command, f.force);
  files.add("--junit", f.junit, junit_file);
  files.add("--json", f.json, json_file);
  files.add("--markdown", f.markdown, markdown_file);
  files.add("--html", f.html, html_file);
  return files;
}

/// The selected scenarios: `run` leaves probe scenarios out (it checks a client), `verify`
/// runs everything (it checks the mock).
std::vector<runner::Scenario> select(std::vector<runner::Scenario> all, const RunFlags& f) {
  std::vector<runner::Scenario> selected;
  for (auto& s : all) {
    const bool provider_ok =
        f.providers.empty() || std::find(f.providers.begin(), f.providers.end(), s.provider) != f.providers.end();
    bool filter_ok = f.filters.empty();
    for (const auto& glob : f.filters) filter_ok = filter_ok || fnmatch(glob.c_str(), s.id.c_str(), 0) == 0;
    if (provider_ok && filter_ok && (f.command == "verify" || !s.when.probe)) selected.push_back(std::move(s));
  }
  return selected;
}

/// The flags that need no file read: refused before any report is claimed.
void check_flags(RunFlags& f) {
  const std::string& command = f.command;
  if (f.client.empty()) bad_flag(command, "--client \"COMMAND\" is required (or --client builtin:profile)");
  for (const auto& t : f.targets) f.target.urls.insert(env_and_url(command, "--target", t));
  for (const auto& t : f.plain_targets) f.target.plain_urls.insert(env_and_url(command, "--plain-target", t));
  const bool remote = !f.target.urls.empty() || !f.target.plain_urls.empty();
  if (remote) {
    if (f.providers.size() != 1) bad_flag(command, "--target needs exactly one --provider: the one the target serves");
    f.options.target = &f.target;
  } else if (f.target.keys || !f.target.ca_file.empty() || f.target.provider_only) {
    bad_flag(command, "--keys, --ca-file and --provider-only go with --target");
  }
  for (const auto& p : f.paths) {
    if (!std::filesystem::exists(p)) bad_flag(command, "no such file or folder: " + p);
  }
}

/// Loads, selects and runs the scenarios, the reports claimed; writes them at the end.
int run_claimed(RunFlags& f, ProfileCache& profiles, const ReportFiles& files, runner::RunInfo& info,
                const RunInterrupt& interrupt, FinishedResults& finished) {
  const std::string& command = f.command;
  auto& options = f.options;
  auto set = load_scenarios(f.paths, f.catalogue_paths, profiles, std::cerr);
  if (set.bad_files > 0) {
    const std::string problem = std::to_string(set.bad_files) + " scenario file" + (set.bad_files == 1 ? "" : "s") +
                                " with errors; nothing was run";
    std::cerr << "mockgate " << command << ": " << problem << "\n";
    info.state = runner::RunState::Failed;
    info.problem = problem;
    files.write({}, info);
    return kExitBadInput;
  }
  auto scenarios = select(std::move(set.scenarios), f);
  if (scenarios.empty()) bad_flag(command, "no scenario matches");
  if (f.shards > 0) scenarios = runner::shard_of(std::move(scenarios), f.shard - 1, f.shards);
  const auto lookup = [&](const std::string& id) -> const core::Profile& { return profiles.get(id); };
  for (const auto& s : scenarios) (void)lookup(s.provider);  // all loaded before threads start
  const auto make_driver = choose_client(command, f.client, lookup);
  info.client = make_driver()->describe();
  if (set.catalogue) info.catalogue = options.catalogue = &*set.catalogue;

  options.stop = &interrupt.signal();
  runner::ConsoleReporter console(std::cout, f.verbose, command);
  const std::vector<runner::Reporter*> reporters{&console, &finished};
  const auto results = runner::run_all(scenarios, lookup, make_driver, options, reporters);
  const int sig = interrupt.signal().load();
  info.state = sig != 0 ? runner::RunState::Interrupted : runner::RunState::Finished;
  if (sig != 0) info.problem = signal_text(sig);
  files.write(results, info);
  if (sig != 0) return 128 + sig;
  return runner::summarize(results).ok() ? kExitOk : kExitContractFailed;
}

int run_scenarios(RunFlags& f) {
  // First, before any thread starts: every thread must inherit the signals' block. Never
  // destroyed: it lives as long as its watcher thread.
  static const RunInterrupt& interrupt = *new RunInterrupt;
  ProfileCache profiles;
  profiles.add_dirs(f.command, f.profile_dirs);
  check_flags(f);
  const ReportFiles files = report_files(f);
  files.check();
  // Claimed before anything is read: from here on, whatever ends the run, no report file holds
  // an earlier run's verdict.
  runner::RunInfo info;
  info.command = f.command;
  info.client = f.client;
  if (f.shards > 0) info.shard = std::to_string(f.shard) + "/" + std::to_string(f.shards);
  info.state = runner::RunState::Running;
  files.claim(info);
  FinishedResults finished;
  try {
    return run_claimed(f, profiles, files, info, interrupt, finished);
  } catch (const std::exception& e) {
    info.state = runner::RunState::Failed;
    info.problem = e.what();
    info.catalogue = nullptr;  // it was run_claimed's
    files.write(finished.results(), info);
    throw;
  }
}

Command add_scenario_command(CLI::App& mockgate, const std::string& name, const std::string& description) {
  auto* cmd = mockgate.add_subcommand(name, description);
  cmd->allow_extras();  // refused by refuse_undeclared, with a suggestion
  auto flags = std::make_shared<RunFlags>();
  flags->command = name;
  flags->options.jobs = std::max(1u, std::thread::hardware_concurrency());
  declare_common(*cmd, *flags);
  if (name == "verify") {
    flags->client = "builtin:profile";
    declare_target(*cmd, *flags);
  }
  return {cmd, [flags] { return run_scenarios(*flags); }};
}

}  // namespace

Command add_run_command(CLI::App& mockgate) {
  return add_scenario_command(mockgate, "run", "check a client against the scenarios (probe scenarios left out)");
}

Command add_verify_command(CLI::App& mockgate) {
  return add_scenario_command(
      mockgate, "verify",
      "check the mock itself against the scenarios' server-side expectations: probes are sent raw, client "
      "scenarios run with --client (default builtin:profile); or check a running server or a real provider "
      "with --target");
}

}  // namespace mockgate::cli
