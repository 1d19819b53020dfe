// The arranging specs as JSON, in the admin API's shapes (design.md): what a client of the admin
// API sends (to_json) and what the admin API reads (from_json, strict: a wrong type or an
// unknown status is an InvalidRequest 400 naming the field). Found by ADL, so
// `nlohmann::json j = spec;` and `j.get<KeySpec>()` work.
#pragma once

#include <nlohmann/json.hpp>

#include "mockgate/core/provider_state.hpp"

namespace mockgate::core {

/// `POST /__mockgate/keys`: only the fields the spec sets (an unset env: the listener's).
void to_json(nlohmann::json& j, const KeySpec& spec);
void from_json(const nlohmann::json& j, KeySpec& spec);

/// `POST` and `PATCH /__mockgate/accounts` (the username is the caller's to add or put in the path).
void to_json(nlohmann::json& j, const AccountSpec& spec);
void from_json(const nlohmann::json& j, AccountSpec& spec);

/// A created or rotated key as the admin API answers it: the record's id, env, status and
/// display form, and the value (the one answer that shows it).
void from_json(const nlohmann::json& j, CreatedKey& key);

}  // namespace mockgate::core
