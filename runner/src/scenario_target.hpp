// Where one scenario runs — a fresh mock in this process, a running mockgate, a real provider —
// behind one interface, so the scenario's flow (run_at) is written once: set up and arrange,
// drive the client or send the probe, observe what the target saw, judge.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mockgate/runner/scenario_runner.hpp"
#include "mockgate/runner/transcript.hpp"
#include "scenario_steps.hpp"

namespace mockgate::runner::detail {

/// A target ready for a scenario, or why it is not.
struct Placement {
  std::string skipped;  ///< set: the target cannot run this scenario, and why
  std::string error;    ///< set: it should have, and failed (arranging refused, unreachable)
  std::map<std::string, core::CreatedKey> keys;  ///< the scenario's keys by name
  std::string base_url;                          ///< the scenario's environment's URL
  std::string ca_file;                           ///< what the client trusts ("" the system's)
};

/// What the target saw of the run, for judging.
struct Observation {
  std::string error;  ///< set: it could not be read
  std::vector<core::ServeEvent> journal;
  std::string exported;  ///< everything the target shows of itself (no key may leak there)
  std::map<std::string, bool> keys_used;  ///< by key id
  Redaction::MockRedaction redaction;     ///< the target's own, when it lends it
  /// Expectations about the mock's inner state that this target cannot show (a real provider).
  bool inner_state_unknown = false;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual Placement place(const Scenario& s) = 0;
  /// After the client step or probe; `exchange` is the probe's own, when one was sent.
  virtual Observation observe(const Scenario& s, const ProbeExchange& exchange) = 0;
};

/// The one flow of a scenario over any target.
ScenarioResult run_at(Target& target, const Scenario& s, const core::Profile& profile,
                      ClientDriver& driver, const RunOptions& options);

}  // namespace mockgate::runner::detail
