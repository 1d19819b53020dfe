// What a profile or scenario id may be: ids name files, folders and report rows, so none is a path.
#pragma once

#include <string>
#include <string_view>

#include "profile/yaml_reader.hpp"

namespace mockgate::server {

/// What an id may contain, as error messages say it.
inline constexpr std::string_view kIdRule =
    "letters, digits, '-', '_' and '.', starting with a letter or a digit";

/// One id part: non-empty, of kIdRule's characters; so never "", ".", "..", a hidden name, a
/// path or a name with spaces.
bool is_id_part(std::string_view text);

/// The text of `node` as a profile id; InputError at the node unless it is one id part.
std::string profile_id_of(const YamlNode& node);

/// The text of `node` as a scenario id `<provider>/<name>`, both parts id parts and the first
/// `provider`; InputError at the node otherwise.
std::string scenario_id_of(const YamlNode& node, const std::string& provider);

}  // namespace mockgate::server
