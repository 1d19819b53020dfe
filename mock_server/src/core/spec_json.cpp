// Arranging specs to and from the admin API's JSON; reading is admin_fields' strict reading.
#include "mockgate/core/spec_json.hpp"

#include "admin_fields.hpp"

namespace mockgate::core {

using nlohmann::json;

void to_json(json& j, const KeySpec& spec) {
  j = json::object();
  if (spec.env) j["env"] = *spec.env;
  j["status"] = std::string(to_string(spec.status));
  if (spec.operations) j["operations"] = *spec.operations;
  if (!spec.owner.empty()) j["owner"] = spec.owner;
  if (!spec.username.empty()) j["username"] = spec.username;
  if (!spec.tier.empty()) j["tier"] = spec.tier;
  if (!spec.attributes.empty()) j["attributes"] = spec.attributes;
  if (spec.expires_at) j["expires_at"] = format_time(*spec.expires_at);
  if (spec.value) j["value"] = *spec.value;
}

void from_json(const json& j, KeySpec& spec) {
  if (!j.is_object()) throw InvalidRequest(400, "a key must be a JSON object");
  spec = admin::key_spec(j);
}

void to_json(json& j, const AccountSpec& spec) {
  j = json::object();
  if (spec.password) j["password"] = *spec.password;
  if (spec.ip_whitelist) j["ip_whitelist"] = *spec.ip_whitelist;
  if (spec.tier) j["tier"] = *spec.tier;
  if (spec.company) j["company"] = *spec.company;
}

void from_json(const json& j, AccountSpec& spec) {
  if (!j.is_object()) throw InvalidRequest(400, "an account must be a JSON object");
  spec = admin::account_spec(j);
}

void from_json(const json& j, CreatedKey& key) {
  if (!j.is_object()) throw InvalidRequest(400, "a created key must be a JSON object");
  key = CreatedKey{};
  key.value = admin::string_field(j, "value");
  key.record.id = admin::string_field(j, "id");
  key.record.env = admin::string_field(j, "env");
  key.record.display = admin::string_field(j, "display");
  key.record.status = admin::status_field(j);
}

}  // namespace mockgate::core
