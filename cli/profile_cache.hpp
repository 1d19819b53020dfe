// Provider profiles loaded once per command and shared, read-only, by every scenario; looked
// up on the command's search path (its --profiles folders, then $MOCKGATE_PROFILE_DIR, then
// the bundled profiles).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mockgate/server/profile_loader.hpp"

namespace mockgate::cli {

class ProfileCache {
 public:
  /// Loads on first use. Not thread-safe: load what a run needs before it starts.
  const core::Profile& get(const std::string& id) {
    auto it = profiles_.find(id);
    if (it == profiles_.end()) {
      const auto profile = server::find_profile(id, server::profile_search_path(dirs_));
      it = profiles_.emplace(id, std::make_unique<core::Profile>(profile)).first;
    }
    return *it->second;
  }

  /// The file `get(id)` loads (or would load).
  std::string file_of(const std::string& id) const {
    return server::find_profile_file(id, server::profile_search_path(dirs_));
  }

  /// The provider ids this command can find.
  std::vector<std::string> available() const {
    return server::available_providers(server::profile_search_path(dirs_));
  }

  /// The folders of `command`'s --profiles flags, searched in this order before the
  /// environment's and the bundled ones. Refuses (exit 2) a path that is not a folder.
  void add_dirs(const std::string& command, const std::vector<std::string>& dirs);

 private:
  std::vector<std::string> dirs_;
  std::map<std::string, std::unique_ptr<core::Profile>> profiles_;
};

}  // namespace mockgate::cli
