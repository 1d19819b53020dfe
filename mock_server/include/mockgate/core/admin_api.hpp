// The admin API under /__mockgate/ (design.md): arranging a running mock over HTTP.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

inline constexpr std::string_view kAdminPrefix = "/__mockgate";

/// Who may call the admin API: loopback callers only, unless a token is set, in which case
/// every caller must send it in X-Mockgate-Admin-Token. Also what it reports of the transport.
struct AdminAccess {
  std::optional<std::string> token;
  /// The HTTP layer's count of this listener's connections, for GET /__mockgate/stats (the core
  /// has no sockets to count). Unset: the stats report no connections.
  std::function<nlohmann::json()> connections;
};

bool is_admin_path(std::string_view path);

/// Answers an admin call received by listener `env`. Never throws: bad input is a 4xx.
Response handle_admin(ProviderState& state, const Request& request, std::string_view env,
                      const AdminAccess& access);

/// A key as listings show it: redacted, never its value. Its free text (owner, username) is
/// redacted by value too: an admin call may have put another key's value there.
nlohmann::json key_json(const ProviderState& state, const KeyRecord& key, SystemTime now);
/// An account as listings show it, its free text (username, company) redacted by value.
nlohmann::json account_json(const ProviderState& state, const Account& account);

}  // namespace mockgate::core
