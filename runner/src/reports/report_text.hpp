// What every report shares: text made safe for XML, HTML and JSON, and the words for verdicts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mockgate/runner/scenario_runner.hpp"

namespace mockgate::runner::detail {

/// `s` with each byte that does not belong to a well-formed UTF-8 sequence replaced by U+FFFD:
/// a client's output, or a reason quoting it, may hold anything, and XML and JSON may not.
std::string valid_utf8(std::string_view s);

/// Text for XML and HTML alike: valid UTF-8, markup escaped, and the control characters XML 1.0
/// forbids even escaped shown as '?'.
std::string xml_escape(std::string_view raw);

bool is_failure(Verdict v);
std::string level_of(const Scenario& s);

/// How a report shows a result: "pass", "fail", "error", "warn" (a should scenario that failed
/// or errored) or "skip".
std::string_view shown_verdict(const ScenarioResult& r);
/// Reports list failures first: fail, error, warn, skip, pass.
int verdict_rank(std::string_view shown);

/// "A, B": the behaviours a scenario covers.
std::string covers_text(const Scenario& s, std::string_view separator = ", ");

/// The results grouped by provider (in provider order), each group in input order.
std::vector<std::pair<std::string, std::vector<const ScenarioResult*>>> by_provider(
    const std::vector<ScenarioResult>& results);

}  // namespace mockgate::runner::detail
