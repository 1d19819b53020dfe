// Runs one scenario: a fresh mock (own ports, own state), the arrangement, the client, the
// checks. And a whole run: scenarios in parallel, events to reporters.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/profile.hpp"
#include "mockgate/runner/checks.hpp"
#include "mockgate/runner/client_driver.hpp"
#include "mockgate/runner/scenario.hpp"
#include "mockgate/runner/scenario_activity.hpp"
#include "mockgate/runner/transcript.hpp"
#include "mockgate/runner/transport.hpp"

namespace mockgate::runner {

struct RemoteTarget;

enum class Verdict { Pass, Fail, Error, Skipped };
std::string_view to_string(Verdict v);

struct ScenarioResult {
  const Scenario* scenario = nullptr;
  Verdict verdict = Verdict::Pass;
  std::string reason;  ///< first failed check, or what went wrong; "" on pass
  std::vector<CheckResult> checks;
  std::chrono::milliseconds duration{0};
  Transcript transcript;  ///< client run and the wire, credentials redacted
};

struct Catalogue;

struct RunOptions {
  std::chrono::milliseconds timeout{30000};  ///< per client step
  std::size_t jobs = 1;
  std::optional<core::SystemTime> as_of;     ///< the mock's date, unless a scenario sets one
  /// Set: run against this running target instead of a fresh mock each (one at a time).
  const RemoteTarget* target = nullptr;
  /// Set: each check's reason quotes its behaviour's rule from here.
  const Catalogue* catalogue = nullptr;
  /// How the runner's own requests (probes, a target's admin calls) travel; empty: the network.
  TransportFactory transport;
  /// Set and non-zero (a signal number): start no more scenarios; those not started are
  /// reported skipped, "not run". The running ones finish (each within its own budget).
  const std::atomic<int>* stop = nullptr;
};

/// How long the client may run in `scenario`: `timeout` (--timeout), or longer where the mock
/// itself holds answers back for longer (the held time of every delay, plus `timeout`). A client
/// whose own timeout is the documents' 10 s and that retries a held request is correct; it must
/// not be killed by a budget smaller than what the scenario makes it wait.
std::chrono::milliseconds client_budget(const Scenario& scenario, std::chrono::milliseconds timeout);

/// Runs `scenario` against a fresh mock of `profile` with `driver` as the client; `activity`,
/// when given, shows the mock while it runs (whether the client waits on it).
ScenarioResult run_scenario(const Scenario& scenario, const core::Profile& profile,
                            ClientDriver& driver, const RunOptions& options,
                            ScenarioActivity* activity = nullptr);

/// Receives a run's events (doctest-style: running is separated from reporting).
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void run_started(std::size_t /*scenarios*/, const std::string& /*client*/) {}
  virtual void scenario_started(const Scenario& /*scenario*/) {}
  virtual void scenario_finished(const ScenarioResult& result) = 0;
  virtual void run_finished(const std::vector<ScenarioResult>& results) = 0;
};

struct RunSummary {
  int passed = 0;
  int failed = 0;        ///< must scenarios that failed or errored
  int warned = 0;        ///< should scenarios that failed: warnings, not failures
  int skipped = 0;
  bool ok() const { return failed == 0; }
};
RunSummary summarize(const std::vector<ScenarioResult>& results);

/// Runs every scenario, `options.jobs` working at a time (schedule.hpp: scenarios waiting on
/// their mocks do not count), each with a driver from `make_driver` (one per worker thread, so
/// drivers need not be thread-safe). Longest expected waits start first; results come back in
/// input order.
std::vector<ScenarioResult> run_all(const std::vector<Scenario>& scenarios,
                                    const std::function<const core::Profile&(const std::string&)>& profiles,
                                    const std::function<std::unique_ptr<ClientDriver>()>& make_driver,
                                    const RunOptions& options, const std::vector<Reporter*>& reporters);

}  // namespace mockgate::runner
