// The scenarios a command works on: the catalogue, then every scenario file under the paths,
// each checked against its profile and the catalogue. Bad files are reported, not skipped.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mockgate/runner/catalogue.hpp"
#include "mockgate/runner/scenario.hpp"
#include "profile_cache.hpp"

namespace mockgate::cli {

struct ScenarioSet {
  std::optional<runner::Catalogue> catalogue;
  std::vector<runner::Scenario> scenarios;
  int bad_files = 0;  ///< files that failed to load (each already reported)
};

/// The catalogues at `catalogue_paths` (--catalogue, repeatable) as one, else
/// scenarios/catalogue.yaml of the source tree when it exists. Throws InputError when a file is
/// bad or two files define one behaviour ID.
std::optional<runner::Catalogue> find_catalogue(const std::vector<std::string>& catalogue_paths);

/// Loads every scenario file under `paths` (default: the scenarios folder), writing each
/// error to `errors`.
ScenarioSet load_scenarios(std::vector<std::string> paths, const std::vector<std::string>& catalogue_paths,
                           ProfileCache& profiles, std::ostream& errors);

}  // namespace mockgate::cli
