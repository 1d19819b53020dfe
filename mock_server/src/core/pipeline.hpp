// Pieces of the decision pipeline that need no provider state: routing by path template.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mockgate/core/profile.hpp"

namespace mockgate::core {

/// Matches "/authentication/{id}" against a path; fills `params` ("id" → value) on success.
bool match_path(std::string_view pattern, std::string_view path,
                std::map<std::string, std::string>* params = nullptr);

struct Route {
  const EndpointSpec* endpoint = nullptr;  ///< nullptr: no endpoint for this method
  std::vector<std::string> allowed;        ///< methods the path takes (for 405's Allow)
  std::map<std::string, std::string> params;
};

/// The endpoint for `method` on `path`. HEAD is served where GET is.
Route route(const Profile& profile, std::string_view method, std::string_view path);

}  // namespace mockgate::core
