// mockgate coverage: which scenarios cover each behaviour of the catalogue; non-zero when any
// behaviour is uncovered.
#include <fstream>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "flag_reader.hpp"
#include "scenario_set.hpp"

namespace mockgate::cli {

int coverage_command(const std::vector<std::string>& args) {
  FlagReader flags("coverage", args);
  std::vector<std::string> paths;
  std::vector<std::string> catalogue_paths;
  std::string json_path;
  ProfileCache profiles;
  while (flags.next()) {
    if (flags.is_positional()) {
      paths.push_back(flags.current());
    } else if (flags.is("--catalogue")) {
      catalogue_paths.push_back(flags.value());
    } else if (flags.is("--profiles")) {
      profiles.add_dir_flag(flags);
    } else if (flags.is("--json")) {
      json_path = flags.value();
    } else {
      flags.unknown({"--catalogue", "--profiles", "--json"});
    }
  }
  const auto set = load_scenarios(paths, catalogue_paths, profiles, std::cerr);
  if (set.bad_files > 0) return kExitBadInput;
  if (!set.catalogue) flags.fail("no catalogue: give --catalogue FILE (scenarios/catalogue.yaml)");

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
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << nlohmann::json{{"covered", covered}, {"total", total}, {"behaviours", rows}}.dump(2) << "\n";
  }
  return covered == total ? kExitOk : kExitContractFailed;
}

}  // namespace mockgate::cli
