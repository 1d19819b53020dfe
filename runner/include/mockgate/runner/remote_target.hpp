// Running scenarios against a target that is already running: another `mockgate serve`
// (arranged through its admin API) or a real provider (keys from a file; probes only). This is
// `mockgate verify --target`, the drift report a team runs after a provider changes.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "mockgate/runner/scenario_runner.hpp"

namespace mockgate::runner {

/// Real keys for a real provider: one per status and environment the team could obtain.
/// YAML: `keys: [{status: allowed, env: live, value: "sk_live_…"}, …]`.
struct TargetKeys {
  std::map<std::pair<std::string, std::string>, std::string> by_status_env;  ///< (status, env) → value
};

/// Reads a keys file strictly; throws InputError.
TargetKeys load_target_keys(const std::string& path);

struct RemoteTarget {
  std::map<std::string, std::string> urls;        ///< environment → base URL (no trailing slash)
  std::map<std::string, std::string> plain_urls;  ///< environment → plain-HTTP base URL, if any
  std::string ca_file;                            ///< PEM to trust; empty: the system's
  std::optional<TargetKeys> keys;
  /// Never use the admin API, even where the target answers it (treat it as a real provider).
  bool provider_only = false;
};

/// Runs `scenario` against `target`. Against a mockgate target the state is reset and arranged
/// through the admin API and the wire is judged from its journal. Against a real provider only
/// probe scenarios whose keys the keys file holds run (judged on the answer itself); the rest
/// are skipped with the reason.
ScenarioResult run_scenario_on_target(const Scenario& scenario, const core::Profile& profile,
                                      ClientDriver& driver, const RunOptions& options,
                                      const RemoteTarget& target);

}  // namespace mockgate::runner
