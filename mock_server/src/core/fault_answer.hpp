// What an injected fault answers (POST /__mockgate/faults), rendered as the provider would.
#pragma once

#include <string_view>

#include "mockgate/core/fault_queue.hpp"
#include "mockgate/core/profile.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// The answer of a fault that has one (a status, an answer by name, or a drop); a delay alone
/// has none and is the caller's to add. A status is the provider's own answer for it when the
/// profile has one, else the profile's error body with the status's reason phrase.
Response fault_answer(const Profile& profile, std::string_view locale, const Fault& fault);

}  // namespace mockgate::core
