// For a request no endpoint answers: the endpoint it came closest to, and what differed.
#pragma once

#include <optional>
#include <string_view>

#include "mockgate/core/journal.hpp"
#include "mockgate/core/profile.hpp"

namespace mockgate::core {

/// The profile's endpoint nearest to `method` `path`: by path first (an edit distance over
/// segments, a `{name}` segment matching any non-empty one), then by method. nullopt for a
/// profile without endpoints. Bounded work whatever the path's length: only so many segments
/// and bytes of each are compared.
std::optional<NearestEndpoint> nearest_endpoint(const Profile& profile, std::string_view method,
                                                std::string_view path);

}  // namespace mockgate::core
