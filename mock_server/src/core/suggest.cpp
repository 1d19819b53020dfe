// Levenshtein distance, case-insensitive, for typo suggestions.
#include "core/suggest.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace mockgate::core {
namespace {

/// ASCII letters folded to lower case (what std::tolower does in the "C" locale mockgate runs
/// in), as a table: a 404's nearest-endpoint hint compares every segment pair of every endpoint.
constexpr auto kFolded = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return table;
}();

bool same_letter(char x, char y) {
  return kFolded[static_cast<unsigned char>(x)] == kFolded[static_cast<unsigned char>(y)];
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: the classic table, of which only three rows are ever read (an
  // adjacent transposition looks two rows back), kept in one allocation.
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> rows(3 * width);
  std::size_t* two_back = rows.data();
  std::size_t* previous = two_back + width;
  std::size_t* current = previous + width;
  for (std::size_t j = 0; j < width; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = same_letter(a[i - 1], b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && same_letter(a[i - 1], b[j - 2]) && same_letter(a[i - 2], b[j - 1])) {
        current[j] = std::min(current[j], two_back[j - 2] + 1);
      }
    }
    std::swap(two_back, previous);  // the old two-back row is overwritten next
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const auto d = edit_distance(word, c);
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
