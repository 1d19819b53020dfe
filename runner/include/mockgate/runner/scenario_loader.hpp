// Reads scenarios from YAML strictly: file:line:col errors for every mistake, checked against
// the provider's profile (environments, operations) before anything runs.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "mockgate/core/profile.hpp"
#include "mockgate/runner/scenario.hpp"

namespace mockgate::runner {

/// Looks up a provider's profile by id (normally server::find_profile).
using ProfileLookup = std::function<const core::Profile&(const std::string& id)>;

struct LoadOptions {
  /// Behaviour IDs a scenario may cover; empty: any ID of the right shape.
  std::set<std::string> known_behaviours;
  /// Behaviours of level should: a must scenario may not cover one (its failure would fail
  /// the run for a practice no document requires).
  std::set<std::string> should_behaviours;
};

/// Parses one scenario file. Throws InputError.
Scenario load_scenario(const std::string& path, const ProfileLookup& profiles,
                       const LoadOptions& options = {});
Scenario load_scenario_text(const std::string& name, const std::string& text,
                            const ProfileLookup& profiles, const LoadOptions& options = {});

/// Whether a YAML file is a scenario (a top-level `provider:` or `when:`) rather than a profile.
bool is_scenario_file(const std::string& path);

/// Every scenario file under `paths` (files or folders, recursively, sorted), provider
/// profiles and catalogue files left out.
std::vector<std::string> find_scenario_files(const std::vector<std::string>& paths);

}  // namespace mockgate::runner
