// Id checks shared by the profile and scenario loaders, with the messages that say the rule.
#include "profile/id_rules.hpp"

namespace mockgate::server {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

bool is_id_part(std::string_view text) {
  if (text.empty() || !is_alnum(text.front())) return false;
  for (const char c : text) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::string profile_id_of(const YamlNode& node) {
  const auto id = node.as_string();
  if (!is_id_part(id)) {
    throw InputError::invalid_value(node.mark(), node.path(),
                                    "'" + id + "' is not a provider id: an id has " + std::string(kIdRule));
  }
  return id;
}

std::string scenario_id_of(const YamlNode& node, const std::string& provider) {
  const auto id = node.as_string();
  const auto slash = id.find('/');
  if (slash == std::string::npos || !is_id_part(std::string_view(id).substr(0, slash)) ||
      !is_id_part(std::string_view(id).substr(slash + 1))) {
    throw InputError::invalid_value(
        node.mark(), node.path(),
        "'" + id + "' is not a scenario id such as " + provider +
            "/suspended-key: <provider>/<name>, each part " + std::string(kIdRule));
  }
  if (id.compare(0, slash, provider) != 0 || slash != provider.size()) {
    throw InputError::invalid_value(node.mark(), node.path(),
                                    "'" + id + "' is under provider '" + id.substr(0, slash) +
                                        "', but this scenario's provider is '" + provider + "'");
  }
  return id;
}

}  // namespace mockgate::server
