// Admin request bodies, strictly: unknown fields and wrong types are refused by name.
#include "admin_fields.hpp"

#include <algorithm>

#include "core/suggest.hpp"

namespace mockgate::core::admin {

using nlohmann::json;

json object_body(const Request& request, const std::vector<std::string>& allowed) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) throw InvalidRequest(400, "body is not valid JSON");
  if (!body.is_object()) throw InvalidRequest(400, "body must be a JSON object");
  for (const auto& [k, v] : body.items()) {
    const bool known = std::find(allowed.begin(), allowed.end(), k) != allowed.end();
    if (!known) throw InvalidRequest(400, "unknown field '" + k + "'" + did_you_mean(k, allowed));
  }
  return body;
}

std::string string_field(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string()) throw InvalidRequest(400, std::string(name) + " must be a string");
  return it->get<std::string>();
}

std::optional<std::vector<std::string>> string_list(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) throw InvalidRequest(400, std::string(name) + " must be a list of strings");
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) throw InvalidRequest(400, std::string(name) + " must be a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<SystemTime> time_field(const json& body, const char* name) {
  const auto text = string_field(body, name);
  if (text.empty()) return std::nullopt;
  const auto t = parse_time(text);
  if (!t) {
    throw InvalidRequest(400, std::string(name) + ": '" + text +
                                  "' is not an RFC 3339 time such as 2026-01-10T00:00:00Z");
  }
  return t;
}

KeyStatus status_field(const json& body) {
  const auto text = string_field(body, "status");
  if (text.empty()) return KeyStatus::Allowed;
  const auto s = parse_key_status(text);
  if (!s) {
    throw InvalidRequest(400, "unknown status '" + text + "'" + did_you_mean(text, key_status_names()));
  }
  return *s;
}

KeySpec key_spec(const json& body) {
  KeySpec spec;
  if (const auto e = string_field(body, "env"); !e.empty()) spec.env = e;
  spec.status = status_field(body);
  spec.operations = string_list(body, "operations");
  spec.owner = string_field(body, "owner");
  spec.username = string_field(body, "username");
  spec.tier = string_field(body, "tier");
  spec.expires_at = time_field(body, "expires_at");
  if (const auto v = string_field(body, "value"); !v.empty()) spec.value = v;
  // The profile's key attributes by name; create_key refuses a name the profile lacks.
  if (const auto a = body.find("attributes"); a != body.end() && !a->is_null()) {
    if (!a->is_object()) throw InvalidRequest(400, "attributes must be an object of strings");
    for (const auto& [name, value] : a->items()) {
      if (!value.is_string()) throw InvalidRequest(400, "attributes must be an object of strings");
      spec.attributes[name] = value.get<std::string>();
    }
  }
  return spec;
}

AccountSpec account_spec(const json& body) {
  AccountSpec spec;
  if (body.contains("password")) spec.password = string_field(body, "password");
  spec.ip_whitelist = string_list(body, "ip_whitelist");
  if (body.contains("tier")) spec.tier = string_field(body, "tier");
  if (body.contains("company")) spec.company = string_field(body, "company");
  return spec;
}

}  // namespace mockgate::core::admin
