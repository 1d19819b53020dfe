// The key fields placeholders know, and the shapes a profile without its own gets.
#include "mockgate/core/key_management_spec.hpp"

namespace mockgate::core {

const std::vector<std::string>& key_fields() {
  static const std::vector<std::string> fields = {
      "id",    "value", "env",        "status",    "username", "owner",
      "company", "operations", "tier", "created_at", "expires_at"};
  return fields;
}

KeyManagementSpec KeyManagementSpec::defaults() {
  // The admin API's own names (design.md): a profile that mounts a key API without saying how
  // it looks gets answers a reader of mockgate already knows.
  KeyManagementSpec spec;
  spec.list_filters = {{"username", "username"}};
  spec.create_fields = {{"operations", "operations"}, {"username", "username"}};
  spec.listed = nlohmann::ordered_json{{"id", "{key.id}"},
                                       {"username", "{key.username}"},
                                       {"operations", "{key.operations}"},
                                       {"created_at", "{key.created_at}"}};
  spec.found = spec.listed;
  spec.created = spec.listed;
  spec.created["value"] = "{key.value}";
  return spec;
}

}  // namespace mockgate::core
