// Reading admin request bodies: a JSON object with only the fields a call takes, each of the
// type it must be. Every refusal is an InvalidRequest (400) that names the field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core::admin {

/// The body as a JSON object with only `allowed` fields (an empty body is `{}`).
nlohmann::json object_body(const Request& request, const std::vector<std::string>& allowed);
/// A string field; "" when absent or null.
std::string string_field(const nlohmann::json& body, const char* name);
/// A list of strings; nullopt when absent or null.
std::optional<std::vector<std::string>> string_list(const nlohmann::json& body, const char* name);
/// An RFC 3339 time; nullopt when absent, null or "".
std::optional<SystemTime> time_field(const nlohmann::json& body, const char* name);
/// `status`, a key status name; allowed when absent.
KeyStatus status_field(const nlohmann::json& body);

/// The key of a `POST /__mockgate/keys` body.
KeySpec key_spec(const nlohmann::json& body);
/// The account fields of a `POST` or `PATCH` on accounts (username aside).
AccountSpec account_spec(const nlohmann::json& body);

}  // namespace mockgate::core::admin
