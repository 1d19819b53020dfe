// Loads provider profiles from YAML, strictly: the server never starts half-configured.
#pragma once

#include <string>
#include <vector>

#include "mockgate/core/profile.hpp"
#include "mockgate/input_error.hpp"

namespace mockgate::server {

/// Parses one profile file. Throws InputError (file:line:col: message) on any problem:
/// unknown key, wrong type, missing field, bad regex, unknown status, answer or locale.
core::Profile load_profile(const std::string& path);
core::Profile load_profile_text(const std::string& name, const std::string& text);

/// Where profiles are looked for: $MOCKGATE_PROFILE_DIR, then the build's source tree, then
/// the installed data directory.
std::vector<std::string> profile_search_path();

/// Finds and loads the profile of provider `id` (or a path to a YAML file).
core::Profile find_profile(const std::string& id_or_path);

/// The provider ids available on the search path.
std::vector<std::string> available_providers();

}  // namespace mockgate::server
