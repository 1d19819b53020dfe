// mockgate lint: load every profile named (files or folders) and report each error found.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "flag_reader.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace mockgate::cli {
namespace {

void collect(const std::filesystem::path& path, std::vector<std::filesystem::path>& out) {
  namespace fs = std::filesystem;
  if (fs::is_directory(path)) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) found.push_back(entry.path());
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
  while (flags.next()) {
    if (flags.is_positional()) {
      if (!std::filesystem::exists(flags.current())) flags.fail("no such file or folder: " + flags.current());
      collect(flags.current(), files);
    } else if (flags.is("--quiet") || flags.is("-q")) {
      quiet = true;
    } else {
      flags.unknown({"--quiet"});
    }
  }
  if (args.empty() || (files.empty() && quiet && args.size() == 1)) {
    for (const auto& dir : server::profile_search_path()) {
      if (std::filesystem::is_directory(dir)) {
        collect(dir, files);
        break;
      }
    }
  }
  int errors = 0;
  for (const auto& file : files) {
    try {
      (void)server::load_profile(file.string());
      if (!quiet) std::cout << "ok     " << file.string() << "\n";
    } catch (const InputError& e) {
      ++errors;
      std::cerr << e.what() << "\n";
    }
  }
  std::cout << files.size() << " file" << (files.size() == 1 ? "" : "s") << " checked, " << errors
            << " with errors\n";
  return errors == 0 ? kExitOk : kExitBadInput;
}

}  // namespace mockgate::cli
