// Loading a command's scenarios with the catalogue's IDs as the only ones allowed.
#include "scenario_set.hpp"

#include <filesystem>

#include "commands.hpp"
#include "mockgate/input_error.hpp"
#include "mockgate/runner/scenario_loader.hpp"

namespace mockgate::cli {

std::optional<runner::Catalogue> find_catalogue(const std::vector<std::string>& catalogue_paths) {
  if (catalogue_paths.empty()) {
    const auto fallback = std::filesystem::path(default_scenario_dir()) / "catalogue.yaml";
    if (std::filesystem::exists(fallback)) return runner::load_catalogue(fallback.string());
    return std::nullopt;
  }
  // Several files are one catalogue (the bundled one and a team's own provider's, say); an ID
  // that two of them define would make a scenario's meaning depend on the order: refused.
  runner::Catalogue merged = runner::load_catalogue(catalogue_paths.front());
  for (std::size_t i = 1; i < catalogue_paths.size(); ++i) {
    const auto more = runner::load_catalogue(catalogue_paths[i]);
    const auto known = merged.ids();
    for (const auto& b : more.behaviours) {
      if (known.count(b.id) != 0) {
        throw InputError(SourceMark{more.file, 0, 0, {}},
                         "behaviour '" + b.id + "' is also defined in " + catalogue_paths.front() +
                             (i > 1 ? " or another --catalogue before this one" : ""));
      }
      merged.behaviours.push_back(b);
    }
  }
  return merged;
}

ScenarioSet load_scenarios(std::vector<std::string> paths, const std::vector<std::string>& catalogue_paths,
                           ProfileCache& profiles, std::ostream& errors) {
  ScenarioSet set;
  set.catalogue = find_catalogue(catalogue_paths);
  runner::LoadOptions options;
  if (set.catalogue) {
    options.known_behaviours = set.catalogue->ids();
    options.should_behaviours = set.catalogue->should_ids();
  }
  if (paths.empty()) paths.push_back(default_scenario_dir());
  const auto lookup = [&](const std::string& id) -> const core::Profile& { return profiles.get(id); };
  for (const auto& file : runner::find_scenario_files(paths)) {
    try {
      set.scenarios.push_back(runner::load_scenario(file, lookup, options));
    } catch (const InputError& e) {
      ++set.bad_files;
      errors << e.what() << "\n";
    } catch (const std::exception& e) {
      // A loader bug, not the file's fault; still reported as this file's, never skipped.
      ++set.bad_files;
      errors << file << ": cannot be loaded: " << e.what() << "\n";
    }
  }
  for (std::size_t i = 0; i < set.scenarios.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (set.scenarios[i].id == set.scenarios[j].id) {
        ++set.bad_files;
        errors << set.scenarios[i].file << ": scenario id '" << set.scenarios[i].id
               << "' is also used by " << set.scenarios[j].file << "\n";
      }
    }
  }
  return set;
}

}  // namespace mockgate::cli
