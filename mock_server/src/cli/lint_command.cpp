// mockgate lint: load every profile and scenario named (files or folders) and report each
// error found, file:line:col.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "flag_reader.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "profile_cache.hpp"
#include "scenario_set.hpp"

namespace mockgate::cli {
namespace {

void collect(const std::filesystem::path& path, std::vector<std::filesystem::path>& out) {
  namespace fs = std::filesystem;
  if (fs::is_directory(path)) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      // Not only regular files: a FIFO or a dangling link named *.yaml is an error to report.
      const auto ext = entry.path().extension();
      if (!entry.is_directory() && (ext == ".yaml" || ext == ".yml")) found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  } else {
    out.push_back(path);
  }
}

}  // namespace

int lint_command(const std::vector<std::string>& args) {
  FlagReader flags("lint", args);
  std::vector<std::filesystem::path> files;
  bool quiet = false;
  std::vector<std::string> catalogue_paths;
  ProfileCache profiles;
  while (flags.next()) {
    if (flags.is_positional()) {
      if (!std::filesystem::exists(flags.current())) flags.fail("no such file or folder: " + flags.current());
      collect(flags.current(), files);
    } else if (flags.is("--quiet") || flags.is("-q")) {
      quiet = true;
    } else if (flags.is("--catalogue")) {
      catalogue_paths.push_back(flags.value());
    } else if (flags.is("--profiles")) {
      profiles.add_dir_flag(flags);
    } else {
      flags.unknown({"--quiet", "--catalogue", "--profiles"});
    }
  }
  if (files.empty()) collect(default_scenario_dir(), files);
  const auto lookup = [&](const std::string& id) -> const core::Profile& { return profiles.get(id); };
  int errors = 0;
  runner::LoadOptions options;
  try {
    if (const auto catalogue = find_catalogue(catalogue_paths)) {
      options.known_behaviours = catalogue->ids();
      options.should_behaviours = catalogue->should_ids();
    }
  } catch (const InputError& e) {
    ++errors;
    std::cerr << e.what() << "\n";
  }
  for (const auto& file : files) {
    try {
      if (runner::is_catalogue_file(file.string())) {
        (void)runner::load_catalogue(file.string());
      } else if (runner::is_scenario_file(file.string())) {
        (void)runner::load_scenario(file.string(), lookup, options);
      } else {
        (void)server::load_profile(file.string());
      }
      if (!quiet) std::cout << "ok     " << file.string() << "\n";
    } catch (const InputError& e) {
      ++errors;
      std::cerr << e.what() << "\n";
    } catch (const std::exception& e) {
      // A loader bug, not the file's fault; still this file's error, and lint goes on.
      ++errors;
      std::cerr << file.string() << ": cannot be checked: " << e.what() << "\n";
    }
  }
  std::cout << files.size() << " file" << (files.size() == 1 ? "" : "s") << " checked, " << errors
            << " with errors\n";
  return errors == 0 ? kExitOk : kExitBadInput;
}

}  // namespace mockgate::cli
