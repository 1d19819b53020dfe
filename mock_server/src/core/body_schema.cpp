// Request-body validation against a profile's schema subset.
#include "mockgate/core/body_schema.hpp"

namespace mockgate::core {
namespace {

bool has_type(const nlohmann::json& v, const std::string& type) {
  if (type.empty()) return true;
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_number_integer();
  if (type == "boolean") return v.is_boolean();
  return false;
}

}  // namespace

std::optional<std::string> BodySchema::violation(const nlohmann::json& value,
                                                 const std::string& where) const {
  const std::string at = where.empty() ? "/" : where;
  if (!has_type(value, type)) return at + ": expected " + type;
  if (value.is_object()) {
    for (const auto& name : required) {
      if (!value.contains(name)) return where + "/" + name + ": missing";
    }
    for (const auto& [name, schema] : properties) {
      const auto it = value.find(name);
      if (it == value.end()) continue;
      if (auto v = schema.violation(*it, where + "/" + name)) return v;
    }
  }
  if (value.is_array()) {
    if (min_items && value.size() < *min_items) return at + ": too few items";
    if (items) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (auto v = items->violation(value[i], where + "/" + std::to_string(i))) return v;
      }
    }
  }
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (min_length && s.size() < *min_length) return at + ": too short";
    if (!enum_values.empty()) {
      bool found = false;
      for (const auto& e : enum_values) found = found || e == s;
      if (!found) return at + ": not one of the allowed values";
    }
  }
  return std::nullopt;
}

}  // namespace mockgate::core
