// Provider profiles loaded once per command and shared, read-only, by every scenario.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "mockgate/server/profile_loader.hpp"

namespace mockgate::cli {

class ProfileCache {
 public:
  /// Loads on first use. Not thread-safe: load what a run needs before it starts.
  const core::Profile& get(const std::string& id) {
    auto it = profiles_.find(id);
    if (it == profiles_.end()) {
      it = profiles_.emplace(id, std::make_unique<core::Profile>(server::find_profile(id))).first;
    }
    return *it->second;
  }

 private:
  std::map<std::string, std::unique_ptr<core::Profile>> profiles_;
};

}  // namespace mockgate::cli
