// Levenshtein distance, case-insensitive, for typo suggestions.
#include "mockgate/core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace mockgate::core {
namespace {

std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const auto d = distance(word, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A third of the word may be wrong, at least one edit, at most three.
  const auto limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  // Distance 0 is a case-only difference (names are case-sensitive): still worth suggesting,
  // unless the word is the candidate itself.
  if (!best || best_distance > limit || *best == word) return std::nullopt;
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto m = closest_match(word, candidates);
  return m ? " (did you mean '" + *m + "'?)" : std::string{};
}

}  // namespace mockgate::core
