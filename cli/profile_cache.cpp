#include "profile_cache.hpp"

#include <filesystem>

#include "flag_values.hpp"

namespace mockgate::cli {

void ProfileCache::add_dirs(const std::string& command, const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) bad_flag(command, "--profiles: no such folder: " + dir);
    dirs_.push_back(dir);
  }
}

}  // namespace mockgate::cli
