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

/// Where provider ids are looked up, first match wins: `dirs` in the order given (the
/// commands' `--profiles DIR` flags), then each folder of $MOCKGATE_PROFILE_DIR (':'-separated:
/// the same as giving each as --profiles, after the flags), then the bundled profiles (the
/// build's source tree, then the installed data directory).
std::vector<std::string> profile_search_path(const std::vector<std::string>& dirs = {});

/// The file of provider `id` on `search_path` (or `id` itself when it is a path to a YAML
/// file); throws InputError naming the providers there are when none matches.
std::string find_profile_file(const std::string& id_or_path, const std::vector<std::string>& search_path);
/// Finds and loads the profile of provider `id` (or a path to a YAML file) on `search_path`.
core::Profile find_profile(const std::string& id_or_path, const std::vector<std::string>& search_path);
/// The same on the default search path (no --profiles).
core::Profile find_profile(const std::string& id_or_path);

/// The provider ids available on `search_path`, sorted, each once.
std::vector<std::string> available_providers(const std::vector<std::string>& search_path);
std::vector<std::string> available_providers();

}  // namespace mockgate::server
