// Key management through the provider's own API: list, create, delete and look up keys, each
// confined to the caller's account. The request fields it reads and the shape of every answer
// are the profile's (`key_management`). Runs inside the pipeline, lock held.
#include "mockgate/core/provider_state.hpp"
#include "core/renderer.hpp"

namespace mockgate::core {
namespace {

/// Every "{key.*}" placeholder of `k`; the value only when it is being handed out (a create).
TemplateVars key_vars(const KeyRecord& k, const AccountStore& accounts,
                      const std::string* value) {
  const Account* owner = accounts.find(k.owner);
  TemplateVars vars{
      {"key.id", k.id},
      {"key.env", k.env},
      {"key.status", std::string(to_string(k.status))},
      {"key.username", k.username},
      {"key.owner", k.owner},
      {"key.company", owner != nullptr ? owner->company : std::string{}},
      {"key.operations", k.operations},
      {"key.tier", k.tier},
      {"key.created_at", format_time(k.created_at)},
      {"key.expires_at", k.expires_at ? Json(format_time(*k.expires_at)) : Json(nullptr)},
  };
  if (value != nullptr) vars.emplace("key.value", *value);
  for (const auto& [name, v] : k.attributes) vars.emplace("key." + name, v);
  return vars;
}

/// The key field a filter or a create field names: the username or one of its attributes.
const std::string* key_field(const KeyRecord& k, const std::string& field) {
  if (field == "username") return &k.username;
  const auto it = k.attributes.find(field);
  return it == k.attributes.end() ? nullptr : &it->second;
}

Response json_answer(int status, const Json& body, const Headers& headers) {
  Response r;
  r.status = status;
  r.headers = headers;
  r.body = body_text(body);
  return r;
}

/// What one key-management request works on: the caller's account's keys.
struct KeyCall {
  const Profile& profile;
  KeyStore& keys;
  const AccountStore& accounts;
  const Request& request;
  const std::map<std::string, std::string>& params;
  std::string_view owner;
  SystemTime now;

  bool mine(const KeyRecord* k) const { return k != nullptr && k->owner == owner && !k->is_deleted(now); }
};

/// Each filter the request gives keeps the keys whose field equals it (the last one sent, when
/// a name repeats).
Json list_keys(const KeyCall& call) {
  const KeyManagementSpec& shapes = call.profile.key_management;
  std::map<std::string, std::string> wanted;
  for (const auto& [name, value] : call.request.query) {
    for (const auto& [query, field] : shapes.list_filters) {
      if (name == query) wanted[field] = value;
    }
  }
  Json list = Json::array();
  for (const auto& k : call.keys.all()) {
    if (!call.mine(&k)) continue;
    bool kept = true;
    for (const auto& [field, value] : wanted) {
      const std::string* have = key_field(k, field);
      kept = kept && have != nullptr && *have == value;
    }
    if (kept) list.push_back(fill_template(shapes.listed, key_vars(k, call.accounts, nullptr)));
  }
  return list;
}

/// The key a create request asks for, in the caller's account; nullopt when a field is bad.
/// The body was validated against the endpoint's schema; operations must also be the
/// profile's, and nothing changes unless the whole request is good.
std::optional<KeySpec> requested_key(const KeyCall& call, std::string_view username) {
  const auto body = Json::parse(call.request.body, nullptr, false);
  if (!body.is_object()) return std::nullopt;
  KeySpec spec;
  spec.owner = std::string(call.owner);
  spec.username = std::string(username);
  for (const auto& [name, field] : call.profile.key_management.create_fields) {
    if (!body.contains(name)) continue;
    const Json& given = body.at(name);
    if (field == "operations") {
      if (!given.is_array()) return std::nullopt;
      std::vector<std::string> ops;
      for (const auto& op : given) {
        if (!op.is_string()) return std::nullopt;
        const auto& op_name = op.get_ref<const std::string&>();
        bool known = false;
        for (const auto& p : call.profile.operations) known = known || p == op_name;
        if (!known) return std::nullopt;
        ops.push_back(op_name);
      }
      spec.operations = std::move(ops);
    } else if (given.is_string() && !given.get_ref<const std::string&>().empty()) {
      (field == "username" ? spec.username : spec.attributes[field]) = given.get<std::string>();
    }
  }
  return spec;
}

/// The caller's key by id, soft-deleted now; false when it has none so named.
bool soft_delete(const KeyCall& call) {
  const auto it = call.params.find("id");
  KeyRecord* k = it == call.params.end() ? nullptr : call.keys.find_by_id(it->second);
  if (!call.mine(k)) return false;
  k->deleted_at = call.now;
  return true;
}

/// The caller's key whose value the path gives.
const KeyRecord* looked_up_key(const KeyCall& call) {
  const auto it = call.params.find("value");
  if (it == call.params.end() || it->second.size() > 1024) return nullptr;
  const KeyRecord* k = call.keys.find_by_value(it->second);
  return call.mine(k) ? k : nullptr;
}

}  // namespace

Response ProviderState::manage_keys(const EndpointSpec& endpoint,
                                    const std::map<std::string, std::string>& params,
                                    const Request& request, std::string_view owner,
                                    std::string_view username, std::string_view env,
                                    const Headers& success_headers) {
  const KeyCall call{profile_, keys_, accounts_, request, params, owner, clock_.now()};
  const KeyManagementSpec& shapes = profile_.key_management;
  const auto refused = [&](std::string_view name) { return render_answer(profile_, name, locale_); };
  switch (endpoint.kind) {
    case EndpointKind::KeysList:
      return json_answer(endpoint.status, list_keys(call), success_headers);
    case EndpointKind::KeysCreate: {
      const auto spec = requested_key(call, username);
      // The mock's own bound, not the provider's: refused as a request the mock cannot serve.
      if (!spec || keys_.all().size() >= limits_.keys) return refused(answer::kBadRequest);
      const CreatedKey created = add_key(*spec, env);
      return json_answer(endpoint.status == 200 ? 201 : endpoint.status,
                         fill_template(shapes.created, key_vars(created.record, accounts_, &created.value)),
                         success_headers);
    }
    case EndpointKind::KeysDelete: {
      if (!soft_delete(call)) return refused(answer::kNotFound);
      Response r;
      r.status = 204;
      r.headers = success_headers;
      return r;
    }
    case EndpointKind::KeysLookup: {
      const KeyRecord* k = looked_up_key(call);
      if (k == nullptr) return refused(answer::kNotFound);
      return json_answer(200, fill_template(shapes.found, key_vars(*k, accounts_, nullptr)), success_headers);
    }
    case EndpointKind::Static: break;
  }
  return refused(answer::kNotFound);
}

}  // namespace mockgate::core
