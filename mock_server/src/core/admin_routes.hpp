// The admin API's routes: one row per method and path template, each with its handler. The
// table is the one place that says what /__mockgate/ answers (README, "The admin API").
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "mockgate/core/admin_api.hpp"

namespace mockgate::core::admin {

/// One admin call as a handler sees it: the state, the request, the path's parameters.
struct Call {
  ProviderState& state;
  const Request& request;
  std::string_view env;
  const AdminAccess& access;
  std::map<std::string, std::string> params;  ///< from the route's {name} segments
};

using Handler = Response (*)(Call&);

struct Route {
  std::string_view method;
  std::string_view path;  ///< under /__mockgate, with {name} for one segment
  Handler handler;
};

/// Every admin route, more specific paths first.
std::span<const Route> routes();

Response json_response(int status, const nlohmann::json& body);
Response error(int status, const std::string& message);

}  // namespace mockgate::core::admin
