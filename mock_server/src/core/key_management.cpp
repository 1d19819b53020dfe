// Key management through the provider's own API: list, create, delete and look up keys, each
// confined to the caller's account. The request fields it reads and the shape of every answer
// are the profile's (`key_management`). Runs inside the pipeline, lock held.
#include "mockgate/core/provider_state.hpp"
#include "mockgate/core/renderer.hpp"

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

}  // namespace

Response ProviderState::manage_keys(const EndpointSpec& endpoint,
                                    const std::map<std::string, std::string>& params,
                                    const Request& request, std::string_view owner,
                                    std::string_view username, std::string_view env,
                                    const Headers& success_headers) {
  const auto now = clock_.now();
  const KeyManagementSpec& shapes = profile_.key_management;
  const auto not_found = [&] { return render_answer(profile_, answer::kNotFound, locale_); };
  const auto bad_request = [&] { return render_answer(profile_, answer::kBadRequest, locale_); };
  const auto mine = [&](const KeyRecord* k) {
    return k != nullptr && k->owner == owner && !k->is_deleted(now);
  };

  switch (endpoint.kind) {
    case EndpointKind::KeysList: {
      // Each filter the request gives keeps the keys whose field equals it (the last one
      // sent, when a name repeats).
      std::map<std::string, std::string> wanted;
      for (const auto& [name, value] : request.query) {
        for (const auto& [query, field] : shapes.list_filters) {
          if (name == query) wanted[field] = value;
        }
      }
      Json list = Json::array();
      for (const auto& k : keys_.all()) {
        if (!mine(&k)) continue;
        bool kept = true;
        for (const auto& [field, value] : wanted) {
          const std::string* have = key_field(k, field);
          kept = kept && have != nullptr && *have == value;
        }
        if (kept) list.push_back(fill_template(shapes.listed, key_vars(k, accounts_, nullptr)));
      }
      return json_answer(endpoint.status, list, success_headers);
    }
    case EndpointKind::KeysCreate: {
      // The body was validated against the endpoint's schema; operations must also be the
      // profile's, and nothing changes unless the whole request is good.
      const auto body = Json::parse(request.body, nullptr, false);
      if (!body.is_object()) return bad_request();
      KeySpec spec;
      spec.owner = std::string(owner);
      spec.username = std::string(username);
      for (const auto& [name, field] : shapes.create_fields) {
        if (!body.contains(name)) continue;
        const Json& given = body.at(name);
        if (field == "operations") {
          if (!given.is_array()) return bad_request();
          std::vector<std::string> ops;
          for (const auto& op : given) {
            if (!op.is_string()) return bad_request();
            ops.push_back(op.get<std::string>());
          }
          for (const auto& op : ops) {
            bool known = false;
            for (const auto& p : profile_.operations) known = known || p == op;
            if (!known) return bad_request();
          }
          spec.operations = ops;
        } else if (given.is_string() && !given.get_ref<const std::string&>().empty()) {
          (field == "username" ? spec.username : spec.attributes[field]) = given.get<std::string>();
        }
      }
      // The mock's own bound, not the provider's: refused as a request the mock cannot serve.
      if (keys_.all().size() >= limits_.keys) return bad_request();
      const CreatedKey created = add_key(spec, env);
      return json_answer(endpoint.status == 200 ? 201 : endpoint.status,
                         fill_template(shapes.created, key_vars(created.record, accounts_, &created.value)),
                         success_headers);
    }
    case EndpointKind::KeysDelete: {
      const auto it = params.find("id");
      KeyRecord* k = it == params.end() ? nullptr : keys_.find_by_id(it->second);
      if (!mine(k)) return not_found();
      k->deleted_at = now;
      Response r;
      r.status = 204;
      r.headers = success_headers;
      return r;
    }
    case EndpointKind::KeysLookup: {
      const auto it = params.find("value");
      if (it == params.end() || it->second.size() > 1024) return not_found();
      KeyRecord* k = keys_.find_by_value(it->second);
      if (!mine(k)) return not_found();
      return json_answer(200, fill_template(shapes.found, key_vars(*k, accounts_, nullptr)),
                         success_headers);
    }
    case EndpointKind::Static: break;
  }
  return not_found();
}

}  // namespace mockgate::core
