// What the mock did: its answers in order (the provider behaviours), the flags its journal
// set, which keys it saw used. These judge the mock (mockgate verify) as much as the client.
#include "check_families.hpp"

namespace mockgate::runner::checks {

Results response_checks(const std::vector<ResponseExpectation>& want, const Evidence& e) {
  Results out;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& w = want[i];
    const std::string name = "response " + std::to_string(i + 1);
    if (i >= e.journal.size()) {
      out.push_back(result({}, name, false, "an answer", "no such request"));
      continue;
    }
    const auto& event = e.journal[i];
    if (w.status) {
      out.push_back(result({}, name + " status", event.status == w.status, std::to_string(*w.status),
                           event.status ? std::to_string(*event.status) : "dropped"));
    }
    if (w.body) {
      const auto got = nlohmann::json::parse(event.response_body, nullptr, false);
      out.push_back(result({}, name + " body", !got.is_discarded() && got == *w.body, w.body->dump(), event.response_body));
    }
    for (const auto& h : w.headers) {
      const core::Header* got = core::find_header(event.response_headers, h.name);
      out.push_back(result({}, name + " header " + h.name, got != nullptr && got->value == h.value, h.value,
                           got == nullptr ? "absent" : got->value));
    }
  }
  return out;
}

Results flag_checks(const std::vector<core::JournalFlag>& want, const Evidence& e) {
  Results out;
  for (const auto flag : want) {
    bool seen = false;
    for (const auto& event : e.journal) seen = seen || event.has_flag(flag);
    out.push_back(result({}, "journal flag " + std::string(core::to_string(flag)), seen, "on a request",
                         seen ? "on a request" : "on no request"));
  }
  return out;
}

Results key_use_checks(const std::vector<KeyExpectation>& want, const Evidence& e) {
  Results out;
  for (const auto& w : want) {
    if (!w.used) continue;
    bool used = false;
    for (const auto& [name, u] : e.context.key_used) {
      if (name == w.name) used = u;
    }
    out.push_back(result({}, "key " + w.name + " last_used_at", used == *w.used, *w.used ? "set" : "not set",
                         used ? "set" : "not set"));
  }
  return out;
}

}  // namespace mockgate::runner::checks
