// mockgate lint: load every profile and scenario named (files or folders) and report each
// error found, file:line:col.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flag_values.hpp"
#include "flags.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "profile_cache.hpp"
#include "scenario_set.hpp"

namespace mockgate::cli {
namespace {

struct LintFlags {
  std::vector<std::string> paths, catalogue_paths, profile_dirs;
  bool quiet = false;
};

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

/// Loads one file as what its name and content say it is; throws its first error.
void check_file(const std::filesystem::path& file, const runner::ProfileLookup& lookup,
                const runner::LoadOptions& options) {
  if (runner::is_catalogue_file(file.string())) {
    (void)runner::load_catalogue(file.string());
  } else if (runner::is_scenario_file(file.string())) {
    (void)runner::load_scenario(file.string(), lookup, options);
  } else {
    (void)server::load_profile(file.string());
  }
}

int lint(const LintFlags& f) {
  ProfileCache profiles;
  profiles.add_dirs("lint", f.profile_dirs);
  std::vector<std::filesystem::path> files;
  for (const auto& p : f.paths) {
    if (!std::filesystem::exists(p)) bad_flag("lint", "no such file or folder: " + p);
    collect(p, files);
  }
  if (files.empty()) collect(default_scenario_dir(), files);
  const auto lookup = [&](const std::string& id) -> const core::Profile& { return profiles.get(id); };
  int errors = 0;
  runner::LoadOptions options;
  try {
    if (const auto catalogue = find_catalogue(f.catalogue_paths)) {
      options.known_behaviours = catalogue->ids();
      options.should_behaviours = catalogue->should_ids();
    }
  } catch (const InputError& e) {
    ++errors;
    std::cerr << e.what() << "\n";
  }
  for (const auto& file : files) {
    try {
      check_file(file, lookup, options);
      if (!f.quiet) std::cout << "ok     " << file.string() << "\n";
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

}  // namespace

Command add_lint_command(CLI::App& mockgate) {
  auto* cmd = mockgate.add_subcommand("lint", "check provider profiles, scenarios and catalogues for errors");
  cmd->allow_extras();  // refused by refuse_undeclared, with a suggestion
  auto flags = std::make_shared<LintFlags>();
  paths_argument(*cmd, "files or folders (default: the bundled scenarios)", flags->paths);
  cmd->add_flag("-q,--quiet", flags->quiet, "print only the errors and the totals");
  catalogue_and_profile_flags(*cmd, flags->catalogue_paths, flags->profile_dirs);
  return {cmd, [flags] { return lint(*flags); }};
}

}  // namespace mockgate::cli
