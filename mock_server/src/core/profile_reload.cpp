// A changed profile served without a restart, when the state made under the old one still
// fits the new one; otherwise refused with what would not fit.
#include <algorithm>

#include "core/renderer.hpp"
#include "mockgate/core/provider_state.hpp"
#include "mockgate/core/rate_limiter.hpp"

namespace mockgate::core {
namespace {

[[noreturn]] void refuse(const std::string& why) { throw InvalidRequest(409, why + ": restart mockgate serve to apply it"); }

std::string env_names(const Profile& p) {
  std::string names;
  for (const auto& e : p.environments) {
    names += (names.empty() ? "" : ", ") + e.name;
    for (const auto& a : e.accepts) names += "+" + a;
  }
  return names;
}

bool same_key_shape(const Profile& a, const Profile& b) {
  const auto& x = a.key_format;
  const auto& y = b.key_format;
  return x.prefix == y.prefix && x.alphabet == y.alphabet && x.length == y.length && x.min_length == y.min_length &&
         x.max_length == y.max_length && x.pattern_text == y.pattern_text && a.hash.algorithm == b.hash.algorithm &&
         a.hash.memory_kib == b.hash.memory_kib && a.hash.iterations == b.hash.iterations &&
         a.hash.parallelism == b.hash.parallelism;
}

bool knows_tier(const Profile& p, const std::string& tier) {
  return tier.empty() || tier == kUnlimitedTier || p.rate_limits.tiers.count(tier) == 1;
}

}  // namespace

Response ProviderState::refusal(std::string_view name, int status) const {
  std::lock_guard lock(mutex_);
  // The status this answer really has goes into its body too (an error body's "code": 413).
  Response r = render_answer(profile_, name, locale_, {{"status", status}});
  r.status = status;
  return r;
}

void ProviderState::reload_profile(Profile next) {
  std::lock_guard lock(mutex_);
  if (next.id != profile_.id) refuse("the profile's id changed from '" + profile_.id + "' to '" + next.id + "'");
  if (env_names(next) != env_names(profile_)) {
    refuse("the environments changed (" + env_names(profile_) + " → " + env_names(next) + "): each has its listener");
  }
  if (!same_key_shape(profile_, next)) refuse("the key format or hash changed: the keys already made would not fit it");
  if (next.messages.find(locale_) == next.messages.end()) refuse("the profile no longer has locale '" + locale_ + "'");
  for (const auto& k : keys_.all()) {
    if (!knows_tier(next, k.tier)) refuse("key " + k.id + " is in tier '" + k.tier + "', which the profile no longer has");
  }
  for (const auto& [name, a] : accounts_.all()) {
    if (!knows_tier(next, a.tier)) refuse("an account is in tier '" + a.tier + "', which the profile no longer has");
  }
  profile_ = std::move(next);
  plain_answers_.clear();  // rendered from the old profile's answers
  compiled_templates_.clear();  // keyed by the old profile's templates' addresses
  accounts_.ensure(profile_.default_account, profile_.default_company);
}

}  // namespace mockgate::core
