#include "profile_cache.hpp"

#include <filesystem>

#include "flag_reader.hpp"

namespace mockgate::cli {

void ProfileCache::add_dir_flag(FlagReader& flags) {
  const auto dir = flags.value();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) flags.fail("--profiles: no such folder: " + dir);
  dirs_.push_back(dir);
}

}  // namespace mockgate::cli
