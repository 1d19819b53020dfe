// "Did you mean …?" for unknown names in profiles, scenarios, flags and admin bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mockgate::core {

/// Edit distance, ignoring letter case, where swapping two neighbours ("mian") is one edit.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace mockgate::core
