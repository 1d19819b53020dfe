// A certificate the client must not trust: nothing reaches the mock, and the client reports a
// transport failure (CLI-TLS-VERIFY).
#include "check_families.hpp"

namespace mockgate::runner::checks {

Results tls_check(bool wanted, const Evidence& e) {
  if (!wanted) return {};
  const auto& o = e.run.outcome;
  const bool refused = e.journal.empty() && o && o->error == "transport";
  return {result({"CLI-TLS-VERIFY"}, "TLS refused", refused, "no request reached the mock, outcome error \"transport\"",
                 std::to_string(e.journal.size()) + " request(s), outcome " + (o ? o->raw.dump() : std::string("none")))};
}

}  // namespace mockgate::runner::checks
