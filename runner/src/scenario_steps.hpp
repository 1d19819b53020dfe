// The steps of running a scenario that do not depend on where the mock runs: preparing the
// client's inputs, sending a probe, judging and reporting. The one flow over every target
// (scenario_target.hpp, run_at) is made of them.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/runner/scenario_runner.hpp"
#include "mockgate/runner/transport.hpp"

namespace mockgate::runner::detail {

/// A result being built: records the verdict, the reason and the time since it was started.
class ResultBuilder {
 public:
  explicit ResultBuilder(const Scenario& s) : start_(std::chrono::steady_clock::now()) { result.scenario = &s; }
  ScenarioResult finish(Verdict v, std::string reason) {
    result.verdict = v;
    result.reason = std::move(reason);
    result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
    return result;
  }
  ScenarioResult result;

 private:
  std::chrono::steady_clock::time_point start_;
};

/// A probe's request and answer as a journal entry would hold them.
struct ProbeExchange {
  core::ServeEvent event;
  bool answered = false;
};

/// Sends a probe as written: no re-encoding of the target, headers as given (empty ones too).
/// With `exchange`, records what went and came back.
ClientRun send_probe(const Probe& probe, Transport& transport, const JudgeContext& ctx,
                     ProbeExchange* exchange = nullptr);

/// The transport to `base_url` (TLS verified against `ca_file`): options.transport's, else
/// the network's.
std::unique_ptr<Transport> transport_for(const RunOptions& options, const std::string& base_url,
                                         const std::string& ca_file);

/// The client's inputs and the judge's context for `s`, with `keys` as arranged; adds every
/// cleartext the run may show to `secrets` (cleartext → display form).
void prepare(const Scenario& s, const core::Profile& profile,
             const std::map<std::string, core::CreatedKey>& keys, const std::string& base_url,
             const std::string& ca_file, ClientInput& input, JudgeContext& ctx,
             std::vector<std::pair<std::string, std::string>>& secrets);

/// Judges the run and fills the result's checks, transcript (redacted), verdict and reason.
void conclude(ScenarioResult& result, const Scenario& s, const ClientRun& run,
              const std::vector<core::ServeEvent>& journal, const JudgeContext& ctx,
              const std::string& client, const Redaction& redact);

}  // namespace mockgate::runner::detail
