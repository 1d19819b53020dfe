// mockgate coverage: which scenarios cover each behaviour of the catalogue; exit 1 when any
// behaviour is uncovered.
#include <fstream>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flag_values.hpp"
#include "flags.hpp"
#include "scenario_set.hpp"

namespace mockgate::cli {
namespace {

struct CoverageFlags {
  std::vector<std::string> paths, catalogue_paths, profile_dirs;
  std::string json_path;
};

int coverage(const CoverageFlags& f) {
  ProfileCache profiles;
  profiles.add_dirs("coverage", f.profile_dirs);
  const auto set = load_scenarios(f.paths, f.catalogue_paths, profiles, std::cerr);
  if (set.bad_files > 0) return kExitBadInput;
  if (!set.catalogue) bad_flag("coverage", "no catalogue: give --catalogue FILE (scenarios/catalogue.yaml)");

  std::map<std::string, std::vector<std::string>> covering;
  for (const auto& s : set.scenarios) {
    for (const auto& id : s.covers) covering[id].push_back(s.id);
  }
  int covered = 0;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& b : set.catalogue->behaviours) {
    const auto& list = covering[b.id];
    covered += !list.empty();
    std::cout << (list.empty() ? "UNCOVERED  " : "covered    ") << b.id;
    if (!list.empty()) {
      std::cout << "  (" << list.size() << "): ";
      for (std::size_t i = 0; i < list.size(); ++i) std::cout << (i ? ", " : "") << list[i];
    }
    std::cout << "\n";
    rows.push_back({{"id", b.id}, {"provider", b.provider}, {"kind", b.kind}, {"scenarios", list}});
  }
  const auto total = static_cast<int>(set.catalogue->behaviours.size());
  std::cout << covered << " of " << total << " behaviours covered by " << set.scenarios.size()
            << " scenarios\n";
  if (!f.json_path.empty()) {
    std::ofstream out(f.json_path);
    out << nlohmann::json{{"covered", covered}, {"total", total}, {"behaviours", rows}}.dump(2) << "\n";
    if (!out) bad_flag("coverage", "--json: cannot write " + f.json_path);
  }
  return covered == total ? kExitOk : kExitContractFailed;
}

}  // namespace

Command add_coverage_command(CLI::App& mockgate) {
  auto* cmd = mockgate.add_subcommand("coverage", "which scenarios cover each behaviour of the catalogue");
  cmd->allow_extras();  // refused by refuse_undeclared, with a suggestion
  auto flags = std::make_shared<CoverageFlags>();
  paths_argument(*cmd, "scenario files or folders (default: the bundled scenarios)", flags->paths);
  value_flag(*cmd, "--json", "FILE", "write the table as JSON", [&f = *flags](const std::string& v) { f.json_path = v; });
  catalogue_and_profile_flags(*cmd, flags->catalogue_paths, flags->profile_dirs);
  return {cmd, [flags] { return coverage(*flags); }};
}

}  // namespace mockgate::cli
