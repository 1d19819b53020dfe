// Judging a scenario: each `then` expectation becomes a check with expected vs. actual.
#pragma once

#include <string>
#include <vector>

#include "mockgate/core/journal.hpp"
#include "mockgate/runner/client_driver.hpp"
#include "mockgate/runner/scenario.hpp"

namespace mockgate::runner {

/// One expectation's result. Values are already redacted.
struct CheckResult {
  std::string name;
  bool passed = true;
  std::string expected;
  std::string actual;
};

/// What the checks need to know beyond the scenario, the client run and the journal.
struct JudgeContext {
  std::string credential_key;    ///< the key the client was given ("" when none)
  std::string credential_display;///< its display form
  std::string basic_header;      ///< "Basic …" when Basic credentials were given
  std::string password;
  std::vector<std::pair<std::string, std::string>> key_values;  ///< name → cleartext, for "{keys.N.value}"
  std::vector<std::pair<std::string, bool>> key_used;  ///< name → last_used_at set, after the run
  std::string exported;  ///< everything the mock showed of itself: journal and key listing JSON
};

/// `text` with "{key}", "{basic}" and "{keys.NAME.value}" replaced from `context`.
std::string substitute(std::string text, const JudgeContext& context);

std::vector<CheckResult> judge(const Scenario& scenario, const ClientRun& run,
                               const std::vector<core::ServeEvent>& journal,
                               const JudgeContext& context);

/// True when every field of `subset` is in `value` with an equal value (recursively for
/// objects; arrays and scalars compare whole).
bool json_contains(const nlohmann::json& value, const nlohmann::json& subset);

}  // namespace mockgate::runner
