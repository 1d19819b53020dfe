// ProviderState::reload_profile (serve --watch): a new profile served with the state kept, or
// refused — nothing changed — when the state made under the old one would not fit it.
#include <doctest/doctest.h>

#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::Fixture;

namespace {

const std::string kBalance = "/api/v1/lisoloo/sms-api/balance";

std::string refusal(Fixture& f, core::Profile next) {
  try {
    f.state->reload_profile(std::move(next));
  } catch (const core::InvalidRequest& e) {
    CHECK(e.status() == 409);
    return e.message();
  }
  return "(reloaded)";
}

}  // namespace

TEST_SUITE("profile reload") {
  TEST_CASE("a changed message is answered at once, keys and journal kept") {
    Fixture f("lisoloo");
    core::KeySpec spec;
    spec.env = "live";
    const auto key = f.key(spec).value;
    f.send("GET", kBalance, {}, {}, "live");  // renders, and caches, the missing-key answer
    core::Profile next = f.state->profile();
    next.messages.at("en").at("missing_key") = "No app-key, no SMS.";
    f.state->reload_profile(next);
    CHECK(f.send("GET", kBalance, {}, {}, "live").body.find("No app-key, no SMS.") != std::string::npos);
    CHECK(f.send("GET", kBalance, {{"app-key", key}}, {}, "live").status == 200);
    CHECK(f.state->journal_size() == 3);
  }

  TEST_CASE("what the running state cannot follow is refused, and nothing changes") {
    Fixture f("lisoloo");
    const core::Profile served = f.state->profile();
    auto changed = [&](auto edit) {
      core::Profile p = served;
      edit(p);
      return p;
    };
    CHECK(refusal(f, changed([](core::Profile& p) { p.id = "other"; })) ==
          "the profile's id changed from 'lisoloo' to 'other': restart mockgate serve to apply it");
    CHECK(refusal(f, changed([](core::Profile& p) { p.environments.pop_back(); })).find("the environments changed") == 0);
    CHECK(refusal(f, changed([](core::Profile& p) { p.key_format.length = 40; })) ==
          "the key format or hash changed: the keys already made would not fit it: restart mockgate serve to apply it");
    CHECK(refusal(f, changed([](core::Profile& p) { p.messages.erase("en"); })).find("no longer has locale 'en'") !=
          std::string::npos);
    core::KeySpec gold;
    gold.tier = "enterprise";
    const auto id = f.key(gold).record.id;
    CHECK(refusal(f, changed([](core::Profile& p) { p.rate_limits.tiers.erase("enterprise"); })) ==
          "key " + id + " is in tier 'enterprise', which the profile no longer has: restart mockgate serve to apply it");
    CHECK(f.state->profile().id == "lisoloo");
    CHECK(f.state->profile().rate_limits.tiers.count("enterprise") == 1);
  }
}
