// "Did you mean": the closest candidate when the word is a plausible typo of it.
#include "core/suggest.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "mockgate/core/profile.hpp"

namespace core = mockgate::core;

namespace {

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
}
