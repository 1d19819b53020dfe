// Arranging a mock from a scenario's `given`, the same over any MockControl.
#include "mockgate/runner/arrangement.hpp"

namespace mockgate::runner {

std::map<std::string, core::CreatedKey> arrange(MockControl& mock, const Given& given,
                                                std::string_view env, bool with_clock_and_locale) {
  if (with_clock_and_locale) {
    if (given.clock) mock.set_clock(*given.clock);
    if (!given.locale.empty()) mock.set_locale(given.locale);
  }
  std::map<std::string, core::CreatedKey> keys;
  for (const auto& a : given.accounts) mock.create_account(a.username, a.spec);
  for (const auto& k : given.keys) {
    auto created = mock.create_key(k.spec, env);
    if (k.deleted) mock.delete_key(created.record.id);
    if (!k.rotate_to.empty()) keys.emplace(k.rotate_to, mock.rotate_key(created.record.id));
    keys.emplace(k.name, std::move(created));
  }
  for (const auto& f : given.faults) mock.push_faults(f.stage, f.responses);
  if (!given.certificate.empty()) mock.set_certificate(given.certificate);
  return keys;
}

}  // namespace mockgate::runner
