// Judging a scenario: each `then` expectation becomes check results (behaviour, rule, expected,
// actual), computed from the evidence of one run. The families of checks live in
// runner/src/checks/, one file each; every one is a pure function of expectation and evidence.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mockgate/core/credential_scheme.hpp"
#include "mockgate/core/journal.hpp"
#include "mockgate/runner/client_driver.hpp"
#include "mockgate/runner/scenario.hpp"

namespace mockgate::runner {

/// One expectation's result. Values are already redacted.
struct CheckResult {
  std::string behaviour;  ///< the catalogue behaviour it judges (CLI-RETRY-BOUNDED, LIS-500, …)
  std::string rule;       ///< that behaviour's rule in the documents' words (or its statement)
  std::string name;       ///< "request count", "retry waits grow", …
  bool passed = true;
  std::string expected;
  std::string actual;
  /// Behaviours this check may stand for, most specific first: judge() keeps the first one the
  /// scenario covers (else the first) as `behaviour`.
  std::vector<std::string> candidates;

  /// "BEHAVIOUR (rule): name: expected E, got A" — the order a reader needs.
  std::string reason() const;
};

/// What the checks need to know beyond the scenario, the client run and the journal.
struct JudgeContext {
  std::string credential_key;    ///< the key the client was given ("" when none)
  std::string credential_display;///< its display form
  std::string basic_header;      ///< "Basic …" when Basic credentials were given
  std::string password;
  /// The profile's credential schemes: their scheme words (and case rules) are what the header
  /// checks compare and what an empty credential may still carry.
  std::vector<core::CredentialSpec> schemes;
  std::vector<std::pair<std::string, std::string>> key_values;  ///< name → cleartext, for "{keys.N.value}"
  std::vector<std::pair<std::string, bool>> key_used;  ///< name → last_used_at set, after the run
  std::string exported;  ///< everything the mock showed of itself: journal and key listing JSON
  std::map<std::string, std::string> rules;  ///< behaviour ID → rule (from the catalogue)
};

/// Everything one run left behind: what the client reported and printed, and the wire as the
/// mock's journal saw it (with arrival times, for the waits between attempts).
struct Evidence {
  const ClientRun& run;
  const std::vector<core::ServeEvent>& journal;
  const JudgeContext& context;
  bool probe = false;      ///< the runner sent the request itself: no client to judge
  std::string operation;   ///< the client's operation (lookup_key carries a key in its path)
};

/// `text` with "{key}", "{basic}" and "{keys.NAME.value}" replaced from `context`.
std::string substitute(std::string text, const JudgeContext& context);

/// Every check of `scenario`, in the order a reader wants the first failure: what the client
/// sent before what it reported.
std::vector<CheckResult> judge(const Scenario& scenario, const ClientRun& run,
                               const std::vector<core::ServeEvent>& journal,
                               const JudgeContext& context);

/// True when every field of `subset` is in `value` with an equal value (recursively for
/// objects; arrays and scalars compare whole).
bool json_contains(const nlohmann::json& value, const nlohmann::json& subset);

}  // namespace mockgate::runner
