// A profile's key-management API as data: the request fields it reads and the JSON shape of
// each answer, so another provider's key API can name and nest its fields as it likes.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mockgate::core {

/// Which key a template describes: placeholders are "{key.<field>}", where <field> is one of
/// `key_fields()` or one of the profile's own key attributes. A string that is exactly one
/// placeholder takes the field's JSON value ("{key.operations}" stays an array).
struct KeyManagementSpec {
  /// Extra fields every key carries, with their default; set on create (or by a scenario),
  /// shown through "{key.<name>}". E.g. a traffic type a provider's key API reports.
  std::map<std::string, std::string> attributes;
  /// Query parameter → key field (`username` or an attribute) that a list keeps equal to it.
  std::vector<std::pair<std::string, std::string>> list_filters;
  /// Body field of a create → key field it sets (`operations`, `username` or an attribute).
  /// A field left out of the body (or an empty string) leaves the field's default.
  std::vector<std::pair<std::string, std::string>> create_fields;
  nlohmann::ordered_json listed;   ///< one entry of a list answer
  nlohmann::ordered_json found;    ///< a lookup's answer
  nlohmann::ordered_json created;  ///< a create's answer: the one place "{key.value}" shows

  /// The shapes used when a profile gives none: mockgate's own field names.
  static KeyManagementSpec defaults();
};

/// The key fields every key has, as placeholders know them: id, value (create only), env,
/// status, username, owner, company (of the owning account), operations, tier, created_at,
/// expires_at (null when none).
const std::vector<std::string>& key_fields();

}  // namespace mockgate::core
