// Key management through the provider's own API (document 003): list, create, delete and look
// up keys, each confined to the caller's account. Runs inside the pipeline, lock held.
#include "mockgate/core/provider_state.hpp"
#include "mockgate/core/renderer.hpp"

namespace mockgate::core {
namespace {

/// A key as document 003 describes it, never its value. Its list names id, username,
/// operations, trafficType and creationDate; its lookup (and so its create) adds company.
Json key_metadata(const KeyRecord& k, const AccountStore& accounts, bool with_company) {
  Json j{{"id", k.id}};
  if (with_company) {
    const Account* owner = accounts.find(k.owner);
    j["company"] = owner != nullptr ? owner->company : std::string{};
  }
  j["username"] = k.username;
  j["operations"] = k.operations;
  j["trafficType"] = k.traffic_type;
  j["creationDate"] = format_time(k.created_at);
  return j;
}

Response json_answer(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = body_text(body);
  return r;
}

}  // namespace

Response ProviderState::manage_keys(const EndpointSpec& endpoint,
                                    const std::map<std::string, std::string>& params,
                                    const Request& request, std::string_view owner,
                                    std::string_view username, std::string_view env) {
  const auto now = clock_.now();
  const auto not_found = [&] { return render_answer(profile_, answer::kNotFound, locale_); };
  const auto mine = [&](const KeyRecord* k) {
    return k != nullptr && k->owner == owner && !k->is_deleted(now);
  };

  switch (endpoint.kind) {
    case EndpointKind::KeysList: {
      std::optional<std::string> user;
      for (const auto& [name, value] : request.query) {
        if (name == "userId") user = value;
      }
      Json list = Json::array();
      for (const auto& k : keys_.all()) {
        if (mine(&k) && (!user || k.username == *user)) list.push_back(key_metadata(k, accounts_, false));
      }
      return json_answer(endpoint.status, list);
    }
    case EndpointKind::KeysCreate: {
      // The body was validated against the endpoint's schema; operations must also be the
      // profile's, and nothing changes unless the whole request is good.
      const auto body = Json::parse(request.body);
      KeySpec spec;
      std::vector<std::string> ops;
      for (const auto& op : body.at("operations")) {
        if (!op.is_string()) return render_answer(profile_, answer::kBadRequest, locale_);
        ops.push_back(op.get<std::string>());
      }
      for (const auto& op : ops) {
        bool known = false;
        for (const auto& p : profile_.operations) known = known || p == op;
        if (!known) return render_answer(profile_, answer::kBadRequest, locale_);
      }
      spec.operations = ops;
      spec.owner = std::string(owner);
      spec.username = std::string(username);
      if (body.contains("username") && body.at("username").is_string() &&
          !body.at("username").get<std::string>().empty()) {
        spec.username = body.at("username").get<std::string>();
      }
      if (body.contains("trafficType") && body.at("trafficType").is_string()) {
        spec.traffic_type = body.at("trafficType").get<std::string>();
      }
      // The mock's own bound, not the provider's: refused as a request the mock cannot serve.
      if (keys_.all().size() >= limits_.keys) return render_answer(profile_, answer::kBadRequest, locale_);
      const CreatedKey created = add_key(spec, env);
      Json j = key_metadata(created.record, accounts_, true);
      j["value"] = created.value;
      return json_answer(endpoint.status == 200 ? 201 : endpoint.status, j);
    }
    case EndpointKind::KeysDelete: {
      const auto it = params.find("id");
      KeyRecord* k = it == params.end() ? nullptr : keys_.find_by_id(it->second);
      if (!mine(k)) return not_found();
      k->deleted_at = now;
      Response r;
      r.status = 204;
      return r;
    }
    case EndpointKind::KeysLookup: {
      const auto it = params.find("value");
      if (it == params.end() || it->second.size() > 1024) return not_found();
      KeyRecord* k = keys_.find_by_value(it->second);
      if (!mine(k)) return not_found();
      return json_answer(200, key_metadata(*k, accounts_, true));
    }
    case EndpointKind::Static: break;
  }
  return not_found();
}

}  // namespace mockgate::core
