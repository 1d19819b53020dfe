// "Did you mean": the closest candidate when the word is a plausible typo of it.
#include "core/suggest.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "mockgate/core/profile.hpp"

namespace core = mockgate::core;

namespace {

/// The whole table, as the distance was first written: what the three-row version must equal.
std::size_t full_table_distance(std::string_view a, std::string_view b) {
  const auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

const std::vector<std::string> kKeyFields = {"env",      "status", "operations", "owner",
                                             "username", "tier",   "expires_at", "value"};

}  // namespace

TEST_SUITE("suggest") {
  TEST_CASE("a typo of a field name suggests the field") {
    CHECK(core::closest_match("stauts", kKeyFields) == std::optional<std::string>("status"));
    CHECK(core::closest_match("operation", kKeyFields) == std::optional<std::string>("operations"));
    CHECK(core::closest_match("expiresat", kKeyFields) == std::optional<std::string>("expires_at"));
    CHECK(core::closest_match("usrname", kKeyFields) == std::optional<std::string>("username"));
  }

  TEST_CASE("a typo of a status suggests the status") {
    CHECK(core::closest_match("suspendd", core::key_status_names()) ==
          std::optional<std::string>("suspended"));
    CHECK(core::closest_match("revokd", core::key_status_names()) ==
          std::optional<std::string>("revoked"));
    CHECK(core::closest_match("alowed", core::key_status_names()) ==
          std::optional<std::string>("allowed"));
  }

  TEST_CASE("a word far from every candidate gets no suggestion") {
    CHECK_FALSE(core::closest_match("zzzzzzzz", kKeyFields).has_value());
    CHECK_FALSE(core::closest_match("banana", core::key_status_names()).has_value());
    CHECK_FALSE(core::closest_match("status", {}).has_value());
  }

  TEST_CASE("a word that is itself a candidate gets no suggestion") {
    CHECK_FALSE(core::closest_match("status", kKeyFields).has_value());
    CHECK(core::did_you_mean("status", kKeyFields) == "");
  }

  TEST_CASE("a word that differs from a candidate only in case suggests that candidate") {
    // Admin fields are case-sensitive, so "Status" is unknown and the fix is "status".
    CHECK(core::closest_match("Status", kKeyFields) == std::optional<std::string>("status"));
    CHECK(core::did_you_mean("ENV", kKeyFields) == " (did you mean 'env'?)");
  }

  TEST_CASE("the suggestion reads as a clause ready to append to a message") {
    CHECK(core::did_you_mean("stauts", kKeyFields) == " (did you mean 'status'?)");
    CHECK(core::did_you_mean("zzzzzzzz", kKeyFields) == "");
  }

  TEST_CASE("the edit distance equals the full table's on random words") {
    std::mt19937 rng(7);
    const std::string letters = "abAB-_/{}\xC3\xA9z";
    const auto word = [&] {
      std::string w;
      for (auto n = rng() % 9; n > 0; --n) w += letters[rng() % letters.size()];
      return w;
    };
    for (int i = 0; i < 5000; ++i) {
      const auto a = word();
      const auto b = word();
      CHECK_MESSAGE(core::edit_distance(a, b) == full_table_distance(a, b), a << " / " << b);
    }
    CHECK(core::edit_distance("", "") == 0);
    CHECK(core::edit_distance("abc", "") == 3);
    CHECK(core::edit_distance("", "ab") == 2);
    CHECK(core::edit_distance("balance", "balnace") == 1);  // one transposition
    CHECK(core::edit_distance("Send", "sEND") == 0);
  }
}
