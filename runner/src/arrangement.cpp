// Arranging a provider's state from a scenario's `given`.
#include "mockgate/runner/arrangement.hpp"

namespace mockgate::runner {

std::map<std::string, core::CreatedKey> arrange(core::ProviderState& state, const Given& given,
                                                std::string_view env, bool with_clock_and_locale) {
  if (with_clock_and_locale) {
    if (given.clock) state.set_clock(given.clock);
    if (!given.locale.empty()) state.set_locale(given.locale);
  }
  std::map<std::string, core::CreatedKey> keys;
  for (const auto& a : given.accounts) state.create_account(a.username, a.spec);
  for (const auto& k : given.keys) {
    auto created = state.create_key(k.spec, env);
    if (k.deleted) state.delete_key(created.record.id);
    if (!k.rotate_to.empty()) keys.emplace(k.rotate_to, state.rotate_key(created.record.id));
    keys.emplace(k.name, std::move(created));
  }
  for (const auto& f : given.faults) state.push_faults(f.stage, f.responses);
  if (!given.certificate.empty()) state.set_certificate(given.certificate);
  return keys;
}

}  // namespace mockgate::runner
