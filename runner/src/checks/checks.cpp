// judge(): the families of checks in reading order, each result named after the behaviour it
// judges and that behaviour's rule, so a failure reads "what rule, what was expected, what came".
#include "check_families.hpp"

#include <algorithm>

namespace mockgate::runner {
namespace checks {

CheckResult result(std::vector<std::string> candidates, std::string name, bool passed, std::string expected,
                   std::string actual) {
  CheckResult r;
  r.candidates = std::move(candidates);
  r.name = std::move(name);
  r.passed = passed;
  r.expected = std::move(expected);
  r.actual = std::move(actual);
  return r;
}

std::vector<long long> waits_ms(const std::vector<core::ServeEvent>& journal) {
  std::vector<long long> out;
  for (std::size_t i = 1; i < journal.size(); ++i) {
    out.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(journal[i].steady - journal[i - 1].steady).count());
  }
  return out;
}

std::string show_waits(const std::vector<long long>& waits) {
  std::string shown;
  for (const auto w : waits) shown += (shown.empty() ? "" : ", ") + std::to_string(w) + " ms";
  return shown.empty() ? "no retry" : shown;
}

}  // namespace checks

std::string CheckResult::reason() const {
  std::string out = behaviour.empty() ? std::string() : behaviour;
  if (!rule.empty()) out += " (" + rule + ")";
  if (!out.empty()) out += ": ";
  return out + name + ": expected " + expected + ", got " + actual;
}

std::string substitute(std::string text, const JudgeContext& ctx) {
  const auto replace = [&](const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
      text.replace(pos, from.size(), to);
    }
  };
  replace("{key}", ctx.credential_key);
  replace("{basic}", ctx.basic_header);
  for (const auto& [name, value] : ctx.key_values) replace("{keys." + name + ".value}", value);
  return text;
}

bool json_contains(const nlohmann::json& value, const nlohmann::json& subset) {
  // Arrays hold the same number of elements, each containing its counterpart: a serializer may
  // add fields (nulls, defaults) inside an array's objects as well as outside.
  if (subset.is_array()) {
    if (!value.is_array() || value.size() != subset.size()) return false;
    for (std::size_t i = 0; i < subset.size(); ++i) {
      if (!json_contains(value[i], subset[i])) return false;
    }
    return true;
  }
  if (!subset.is_object()) return value == subset;
  if (!value.is_object()) return false;
  for (const auto& [k, v] : subset.items()) {
    if (!value.contains(k) || !json_contains(value.at(k), v)) return false;
  }
  return true;
}

std::vector<CheckResult> judge(const Scenario& s, const ClientRun& run, const std::vector<core::ServeEvent>& journal,
                               const JudgeContext& context) {
  const Evidence e{run, journal, context, s.when.probe.has_value(), s.when.operation};
  const Then& t = s.then;
  // The reason a scenario fails is its first failed check, so the specific checks of what
  // the client sent come before its reported outcome: a client that skips certificate checks
  // fails "TLS refused", not merely "outcome.ok". A missing outcome line comes first of all.
  std::vector<CheckResult> out;
  const auto add = [&out](checks::Results r) { out.insert(out.end(), r.begin(), r.end()); };
  add(checks::outcome_line_check(e));
  const bool refused_locally =
      e.journal.empty() && run.outcome && !run.outcome->ok && run.outcome->error == "config";
  if (t.may_refuse_locally && refused_locally) {
    // Nothing reached the mock: what is left to judge is what the client printed.
    add(checks::leak_check(t.no_leak, e));
    out.push_back(checks::result({}, "refused locally", true, "the step done, or refused locally (config, nothing sent)",
                                 "nothing sent, reported " + run.outcome->summary()));
  } else {
    add(checks::tls_check(t.tls_refused, e));
    add(checks::empty_key_check(t.empty_key, e));
    add(checks::attempt_checks(t.requests, e));
    add(checks::key_in_url_check(t.no_key_in_url, e));
    add(checks::leak_check(t.no_leak, e));
    add(checks::redaction_check(t.journal_redacted, e));
    add(checks::flag_checks(t.flags, e));
    add(checks::key_use_checks(t.keys, e));
    add(checks::header_checks(t.headers, e));
    add(checks::body_checks(t.body, t.content_type, e));
    add(checks::retry_checks(t.retries, e));
    add(checks::response_checks(t.responses, e));
    add(checks::outcome_checks(t.outcome, e));
  }

  // Each result stands for the most specific behaviour the scenario covers, else its first
  // candidate, else the scenario's own first behaviour (an outcome, an answer of the mock).
  for (auto& r : out) {
    const auto covered = std::find_if(r.candidates.begin(), r.candidates.end(), [&](const std::string& id) {
      return std::find(s.covers.begin(), s.covers.end(), id) != s.covers.end();
    });
    if (covered != r.candidates.end()) {
      r.behaviour = *covered;
    } else if (!r.candidates.empty()) {
      r.behaviour = r.candidates.front();
    } else if (!s.covers.empty()) {
      r.behaviour = s.covers.front();
    }
    if (const auto rule = context.rules.find(r.behaviour); rule != context.rules.end()) r.rule = rule->second;
  }
  return out;
}

}  // namespace mockgate::runner
