// The `key_management:` section: request field names and answer shapes of a key API.
#include "key_management_section.hpp"

#include <algorithm>

namespace mockgate::server {
namespace {

const std::string kKeyPrefix = "key.";

/// Every "{…}" placeholder name in the strings of `j`, in order.
void placeholders(const nlohmann::ordered_json& j, std::vector<std::string>& out) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    for (auto open = s.find('{'); open != std::string::npos; open = s.find('{', open + 1)) {
      const auto close = s.find('}', open);
      if (close == std::string::npos) break;
      out.push_back(s.substr(open + 1, close - open - 1));
    }
  } else if (j.is_object() || j.is_array()) {
    for (const auto& v : j) placeholders(v, out);
  }
}

/// Refuses a shape naming a key field that does not exist, or showing a value it must not.
nlohmann::ordered_json shape(const YamlNode& n, const std::vector<std::string>& fields, bool shows_value) {
  nlohmann::ordered_json j = n.as_json();
  std::vector<std::string> names;
  placeholders(j, names);
  std::vector<std::string> known;
  for (const auto& f : fields) {
    if (f != "value" || shows_value) known.push_back(kKeyPrefix + f);
  }
  for (const auto& name : names) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (name == kKeyPrefix + "value") {
      throw n.error("'" + n.path() + "' must not show {key.value}: a key's value is shown once, "
                    "in the answer that creates it");
    }
    throw InputError::unknown_name(n.mark(), "placeholder", name, known);
  }
  return j;
}

/// `name: field` pairs whose field is one of `allowed`.
std::vector<std::pair<std::string, std::string>> field_map(const YamlNode& n,
                                                           const std::vector<std::string>& allowed) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, field_node] : n.entries()) {
    const auto field = field_node.as_string();
    if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
      throw InputError::unknown_name(field_node.mark(), "key field", field, allowed);
    }
    out.emplace_back(name, field);
  }
  return out;
}

}  // namespace

core::KeyManagementSpec key_management(const YamlNode& n) {
  n.expect_keys({"attributes", "list_filters", "create_fields", "listed", "found", "created"});
  core::KeyManagementSpec spec = core::KeyManagementSpec::defaults();
  const auto& builtin = core::key_fields();
  if (auto a = n.optional("attributes")) {
    for (const auto& [name, value] : a->entries()) {
      if (std::find(builtin.begin(), builtin.end(), name) != builtin.end()) {
        throw InputError::invalid_value(a->key_mark(name), a->path() + "." + name,
                                        "every key has '" + name + "' already");
      }
      spec.attributes.emplace(name, value.as_string());
    }
  }
  std::vector<std::string> fields = builtin;
  std::vector<std::string> settable = {"username"};
  for (const auto& [name, value] : spec.attributes) {
    fields.push_back(name);
    settable.push_back(name);
  }
  if (auto f = n.optional("list_filters")) spec.list_filters = field_map(*f, settable);
  settable.insert(settable.begin(), "operations");
  if (auto f = n.optional("create_fields")) spec.create_fields = field_map(*f, settable);
  if (auto s = n.optional("listed")) spec.listed = shape(*s, fields, false);
  if (auto s = n.optional("found")) spec.found = shape(*s, fields, false);
  if (auto s = n.optional("created")) spec.created = shape(*s, fields, true);
  return spec;
}

}  // namespace mockgate::server
