// How many requests the client sent: once for a refusal (CLI-NO-RETRY-4XX), at least twice when
// a document says to retry (CLI-RETRY-429, CLI-RETRY-500), never beyond the bound
// (CLI-RETRY-BOUNDED).
#include "check_families.hpp"

namespace mockgate::runner::checks {

Results attempt_checks(const std::optional<CountExpectation>& want, const Evidence& e) {
  if (!want) return {};
  const auto n = static_cast<int>(e.journal.size());
  std::string expected;
  bool too_few = false;
  bool too_many = false;
  if (want->exactly) {
    expected = std::to_string(*want->exactly);
    too_few = n < *want->exactly;
    too_many = n > *want->exactly;
  } else if (want->min && want->max) {
    expected = std::to_string(*want->min) + " to " + std::to_string(*want->max);
  } else if (want->min) {
    expected = "at least " + std::to_string(*want->min);
  } else if (want->max) {
    expected = "at most " + std::to_string(*want->max);
  }
  if (want->min) too_few = n < *want->min;
  if (want->max) too_many = too_many || n > *want->max;
  // Too few after a 429 or a 500 is a missing retry; too many is a retry of a refusal or past the
  // bound. Where nothing failed, the count stands for the bound it kept.
  std::vector<std::string> candidates;
  if (too_few) {
    candidates = {"CLI-RETRY-429", "CLI-RETRY-500"};
  } else {
    candidates = {"CLI-RETRY-BOUNDED", "CLI-NO-RETRY-4XX", "CLI-ENV-MISMATCH", "CLI-TIMEOUT"};
  }
  return {result(candidates, "request count", !too_few && !too_many, expected, std::to_string(n))};
}

}  // namespace mockgate::runner::checks
