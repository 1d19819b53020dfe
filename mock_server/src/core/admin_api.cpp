// Admin API: JSON in, JSON out, strict about fields; state changes only on valid requests.
#include "mockgate/core/admin_api.hpp"

#include <openssl/crypto.h>

#include "mockgate/core/ip_matcher.hpp"
#include "mockgate/core/pipeline.hpp"
#include "mockgate/core/suggest.hpp"
#include "mockgate/core/utf8.hpp"

namespace mockgate::core {
namespace {

using nlohmann::json;

Response json_response(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body_text(body);
  return r;
}

Response error(int status, const std::string& message) {
  return json_response(status, json{{"error", message}});
}

/// The body as a JSON object with only `allowed` fields; throws InvalidRequest otherwise.
json object_body(const Request& request, const std::vector<std::string>& allowed) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) throw InvalidRequest(400, "body is not valid JSON");
  if (!body.is_object()) throw InvalidRequest(400, "body must be a JSON object");
  for (const auto& [k, v] : body.items()) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == k;
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

json created_json(const ProviderState& state, const CreatedKey& created, SystemTime now) {
  json j = key_json(state, created.record, now);
  j["value"] = created.value;
  return j;
}

AccountSpec account_spec(const json& body) {
  AccountSpec spec;
  if (body.contains("password")) spec.password = string_field(body, "password");
  spec.ip_whitelist = string_list(body, "ip_whitelist");
  if (body.contains("tier")) spec.tier = string_field(body, "tier");
  if (body.contains("company")) spec.company = string_field(body, "company");
  return spec;
}

/// The message of an error body, redacted, then cut to a length a person reads: the cut comes
/// after redaction, so it can only shorten a key's display form, never leave part of a key.
std::string shown_message(const ProviderState& state, const std::string& body) {
  constexpr std::size_t kMaxMessage = 300;
  const json j = json::parse(body, nullptr, false);
  const std::string message = j.is_object() && j.contains("error") && j.at("error").is_string()
                                  ? j.at("error").get<std::string>()
                                  : body;
  std::string shown = to_valid_utf8(state.redacted(message));
  if (shown.size() > kMaxMessage) {
    shown.resize(utf8_cut(shown, kMaxMessage));
    shown += "…";
  }
  return shown;
}

bool is_loopback(std::string_view address) {
  static const auto v4 = IpRange::parse("127.0.0.0/8");
  static const auto v6 = IpRange::parse("::1");
  return v4->contains(address) || v6->contains(address);
}

Response dispatch(ProviderState& state, const Request& req, std::string_view env,
                  const AdminAccess& access) {
  const std::string_view m = req.method;
  const std::string path = req.path.substr(kAdminPrefix.size());
  std::map<std::string, std::string> p;
  const auto now = state.now();

  if (path == "/health" && (m == "GET" || m == "HEAD")) return json_response(200, {{"ok", true}});
  if (path == "/stats") {
    if (m != "GET") return error(405, "use GET on /__mockgate/stats");
    return json_response(200, {{"env", env},
                               {"connections", access.connections ? access.connections() : json(nullptr)},
                               {"journal", {{"size", state.journal_size()}, {"dropped", state.journal_dropped()}}}});
  }

  if (path == "/keys") {
    if (m == "GET") {
      json list = json::array();
      for (const auto& k : state.keys()) list.push_back(key_json(state, k, now));
      return json_response(200, list);
    }
    if (m == "POST") {
      const json body = object_body(req, {"env", "status", "operations", "owner", "username",
                                          "tier", "expires_at", "value", "attributes"});
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
      return json_response(201, created_json(state, state.create_key(spec, env), now));
    }
    return error(405, "use GET or POST on /__mockgate/keys");
  }
  if (match_path("/keys/{id}/rotate", path, &p)) {
    if (m != "POST") return error(405, "use POST to rotate a key");
    const auto created = state.rotate_key(p["id"]);
    return json_response(201, created_json(state, created, now));
  }
  if (match_path("/keys/{id}", path, &p)) {
    if (m == "GET") {
      const auto k = state.key(p["id"]);
      if (!k) return error(404, "no key with id '" + p["id"] + "'");
      return json_response(200, key_json(state, *k, now));
    }
    if (m == "PATCH") {
      const json body = object_body(req, {"status", "tier"});
      if (!body.contains("status") && !body.contains("tier")) {
        return error(400, "give a status or a tier to change");
      }
      // Parsed before anything changes; then one step, so a concurrent reset cannot remove
      // the key between a check and the change.
      const auto status = body.contains("status") ? std::optional(status_field(body)) : std::nullopt;
      const auto tier = body.contains("tier") ? std::optional(string_field(body, "tier")) : std::nullopt;
      return json_response(200, key_json(state, state.update_key(p["id"], status, tier), now));
    }
    if (m == "DELETE") {
      state.delete_key(p["id"]);
      Response r;
      r.status = 204;
      return r;
    }
    return error(405, "use GET, PATCH or DELETE on a key");
  }
  if (path == "/accounts") {
    if (m == "GET") {
      json list = json::array();
      for (const auto& a : state.accounts()) list.push_back(account_json(state, a));
      return json_response(200, list);
    }
    if (m == "POST") {
      const json body = object_body(req, {"username", "password", "ip_whitelist", "tier", "company"});
      const auto username = string_field(body, "username");
      return json_response(201, account_json(state, state.create_account(username, account_spec(body))));
    }
    return error(405, "use GET or POST on /__mockgate/accounts");
  }
  if (match_path("/accounts/{username}", path, &p)) {
    if (m != "PATCH") return error(405, "use PATCH on an account");
    const json body = object_body(req, {"username", "password", "ip_whitelist", "tier", "company"});
    return json_response(200, account_json(state, state.update_account(p["username"], account_spec(body))));
  }
  if (path == "/locale") {
    if (m == "GET") return json_response(200, {{"locale", state.locale()}});
    if (m != "PUT") return error(405, "use GET or PUT on /__mockgate/locale");
    const json body = object_body(req, {"locale"});
    const auto locale = string_field(body, "locale");
    if (locale.empty()) return error(400, "locale is required");
    state.set_locale(locale);
    return json_response(200, {{"locale", state.locale()}});
  }
  if (path == "/clock") {
    if (m == "PUT") {
      const json body = object_body(req, {"now"});
      if (!body.contains("now")) return error(400, "now is required (a time, or null for real time)");
      state.set_clock(time_field(body, "now"));
    } else if (m != "GET") {
      return error(405, "use GET or PUT on /__mockgate/clock");
    }
    return json_response(200, {{"now", format_time(state.now())}});
  }
  if (path == "/journal") {
    if (m != "GET") return error(405, "use GET on /__mockgate/journal");
    json list = json::array();
    for (const auto& e : state.journal()) list.push_back(e);
    Response r = json_response(200, list);
    r.headers.push_back({"X-Mockgate-Journal-Dropped", std::to_string(state.journal_dropped())});
    return r;
  }
  if (path == "/faults") {
    if (m == "GET") return json_response(200, state.pending_faults());
    if (m == "DELETE") {
      state.clear_faults();
      return json_response(200, state.pending_faults());
    }
    if (m != "POST") return error(405, "use GET, POST or DELETE on /__mockgate/faults");
    const json body = object_body(req, {"stage", "responses"});
    const auto stage_text = body.contains("stage") ? string_field(body, "stage") : "before_auth";
    const auto stage = parse_fault_stage(stage_text);
    if (!stage) {
      return error(400, "unknown stage '" + stage_text + "'" +
                            did_you_mean(stage_text, {"before_auth", "after_auth"}) +
                            " (use before_auth or after_auth)");
    }
    if (!body.contains("responses") || !body.at("responses").is_array() || body.at("responses").empty()) {
      return error(400, "responses must be a non-empty list");
    }
    std::vector<Fault> faults;
    for (const auto& r : body.at("responses")) faults.push_back(parse_fault(r));
    const auto [before, after] = state.push_faults(*stage, faults);
    // What this call added, not the whole queue (answering the queue made N calls cost N²),
    // in the queue's shape, and how many wait at each stage now.
    json added{{"before_auth", json::array()}, {"after_auth", json::array()}};
    for (const auto& f : faults) added[std::string(to_string(*stage))].push_back(to_json(f));
    added["queued"] = {{"before_auth", before}, {"after_auth", after}};
    return json_response(201, added);
  }
  if (path == "/tls") {
    if (m == "PUT") {
      const json body = object_body(req, {"certificate"});
      const auto mode = string_field(body, "certificate");
      if (mode.empty()) return error(400, "certificate is required");
      state.set_certificate(mode);
    } else if (m != "GET") {
      return error(405, "use GET or PUT on /__mockgate/tls");
    }
    return json_response(200, {{"certificate", state.certificate()}});
  }
  if (path == "/reset") {
    if (m != "POST") return error(405, "use POST on /__mockgate/reset");
    state.reset();
    return json_response(200, {{"ok", true}});
  }
  return error(404, "no admin call " + req.method + " " + req.path);
}

}  // namespace

bool is_admin_path(std::string_view path) {
  return path == kAdminPrefix ||
         (path.size() > kAdminPrefix.size() && path.substr(0, kAdminPrefix.size()) == kAdminPrefix &&
          path[kAdminPrefix.size()] == '/');
}

nlohmann::json key_json(const ProviderState& state, const KeyRecord& k, SystemTime now) {
  const auto opt_time = [](const std::optional<SystemTime>& t) {
    return t ? json(format_time(*t)) : json(nullptr);
  };
  json j{{"id", k.id},
         {"env", k.env},
         {"status", std::string(to_string(k.status))},
         {"effective_status", std::string(to_string(k.effective_status(now)))},
         {"operations", k.operations},
         {"owner", state.redacted(k.owner)},
         {"username", state.redacted(k.username)},
         {"tier", k.tier.empty() ? json(nullptr) : json(k.tier)},
         {"value", k.display},
         {"display", k.display},
         {"created_at", format_time(k.created_at)},
         {"expires_at", opt_time(k.expires_at)},
         {"last_used_at", opt_time(k.last_used_at)},
         {"deleted", k.is_deleted(now)},
         {"deleted_at", opt_time(k.deleted_at)}};
  if (!k.rotated_from.empty()) j["rotated_from"] = k.rotated_from;
  return j;
}

nlohmann::json account_json(const ProviderState& state, const Account& a) {
  return json{{"username", state.redacted(a.username)},
              {"company", state.redacted(a.company)},
              {"tier", a.tier.empty() ? json(nullptr) : json(a.tier)},
              {"ip_whitelist", a.whitelist.texts()},
              {"basic_auth", a.password.has_value()}};
}

Response handle_admin(ProviderState& state, const Request& request, std::string_view env,
                      const AdminAccess& access) {
  if (access.token) {
    const Header* h = request.header("X-Mockgate-Admin-Token");
    if (h == nullptr || h->value.size() != access.token->size() ||
        CRYPTO_memcmp(h->value.data(), access.token->data(), h->value.size()) != 0) {
      return error(401, "admin calls need the X-Mockgate-Admin-Token header");
    }
  } else if (!is_loopback(request.peer_address)) {
    return error(403, "admin calls are answered to loopback callers only (or set --admin-token)");
  }
  Response r;
  try {
    r = dispatch(state, request, env, access);
  } catch (const InvalidRequest& e) {
    r = error(e.status(), e.message());
  } catch (const nlohmann::json::exception& e) {
    r = error(400, e.what());
  }
  // Refusals often echo what the caller sent (an id, a name, a path), and a caller may send a
  // key where an id should be: every one is redacted, then kept short.
  if (r.status >= 400) r.body = body_text(json{{"error", shown_message(state, r.body)}});
  return r;
}

}  // namespace mockgate::core
