// Admin API: who may call it, which route answers, and refusals redacted. The routes and their
// handlers are in admin_routes.cpp, the reading of request bodies in admin_fields.cpp.
#include "mockgate/core/admin_api.hpp"

#include <openssl/crypto.h>

#include "admin_routes.hpp"
#include "mockgate/core/ip_matcher.hpp"
#include "core/pipeline.hpp"
#include "core/utf8.hpp"

namespace mockgate::core {
namespace {

using admin::error;
using nlohmann::json;

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

/// The route for the call's method and path: 404 when no route has the path, 405 with Allow
/// when routes have it for other methods.
Response dispatch(ProviderState& state, const Request& req, std::string_view env, const AdminAccess& access) {
  const std::string_view path = std::string_view(req.path).substr(kAdminPrefix.size());
  std::vector<std::string_view> allowed;
  for (const auto& route : admin::routes()) {
    std::map<std::string, std::string> params;
    if (!match_path(route.path, path, &params)) continue;
    if (route.method == req.method) {
      admin::Call call{state, req, env, access, std::move(params)};
      return route.handler(call);
    }
    allowed.push_back(route.method);
  }
  if (allowed.empty()) return error(404, "no admin call " + req.method + " " + req.path);
  std::string header, words;  // "GET, PATCH, DELETE" and "GET, PATCH or DELETE"
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    header += (i > 0 ? ", " : "") + std::string(allowed[i]);
    words += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + std::string(allowed[i]);
  }
  Response r = error(405, "use " + words + " on " + req.path);
  r.headers.push_back({"Allow", header});
  return r;
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
