// What the client reported: its outcome line, field by field (CLI-STATUS-NOT-TEXT and the
// provider behaviour the scenario is about decide what the fields must be).
#include "check_families.hpp"

namespace mockgate::runner::checks {
namespace {

std::string show(const std::optional<int>& v) { return v ? std::to_string(*v) : "null"; }
std::string show(const std::optional<std::string>& v) { return v ? "\"" + *v + "\"" : "null"; }

}  // namespace

Results outcome_line_check(const Evidence& e) {
  if (e.probe || e.run.outcome) return {};
  return {result({"CLI-PROTOCOL"}, "client outcome", false, "one JSON outcome line on stdout", e.run.problem)};
}

Results outcome_checks(const std::optional<OutcomeExpectation>& want, const Evidence& e) {
  if (!want || !e.run.outcome) return {};
  const ClientOutcome& got = *e.run.outcome;
  // The scenario's own behaviour (a status of a provider, a classification rule) is what an
  // outcome shows: no candidates, so judge() takes the scenario's first.
  Results out;
  if (want->ok) {
    out.push_back(result({}, "outcome.ok", got.ok == *want->ok, *want->ok ? "true" : "false", got.ok ? "true" : "false"));
  }
  if (want->status) {
    const std::optional<int> expected =
        want->status->is_number_integer() ? std::optional<int>(want->status->get<int>()) : std::nullopt;
    out.push_back(result({}, "outcome.status", got.status == expected, show(expected), show(got.status)));
  }
  if (want->error) {
    const std::optional<std::string> expected =
        want->error->is_string() ? std::optional<std::string>(want->error->get<std::string>()) : std::nullopt;
    out.push_back(result({}, "outcome.error", got.error == expected, show(expected), show(got.error)));
  }
  return out;
}

}  // namespace mockgate::runner::checks
