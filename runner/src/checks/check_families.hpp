// The families of checks, one file each: pure functions from an expectation and the evidence of
// a run to check results. judge() (checks.cpp) calls them in reading order.
#pragma once

#include <string>
#include <vector>

#include "mockgate/runner/checks.hpp"

namespace mockgate::runner::checks {

using Results = std::vector<CheckResult>;

/// A result for `behaviour` (and, after it, the other behaviours it may stand for).
CheckResult result(std::vector<std::string> candidates, std::string name, bool passed, std::string expected,
                   std::string actual);

/// The waits between consecutive requests, in milliseconds (arrival to arrival).
std::vector<long long> waits_ms(const std::vector<core::ServeEvent>& journal);
/// "1000 ms, 2000 ms" or "no retry".
std::string show_waits(const std::vector<long long>& waits);

/// outcome_checks.cpp: what the client reported (ok, status, error kind); a missing or
/// malformed outcome line.
Results outcome_checks(const std::optional<OutcomeExpectation>& want, const Evidence& evidence);
Results outcome_line_check(const Evidence& evidence);

/// attempt_checks.cpp: how many requests the client sent.
Results attempt_checks(const std::optional<CountExpectation>& want, const Evidence& evidence);

/// retry_checks.cpp: the waits between attempts (Retry-After honoured, growing, first wait).
Results retry_checks(const std::optional<RetryExpectation>& want, const Evidence& evidence);

/// credential_checks.cpp: the credential header on every request, no key in any URL, and what
/// the client did with an empty key.
Results header_checks(const std::vector<HeaderExpectation>& want, const Evidence& evidence);
Results key_in_url_check(bool wanted, const Evidence& evidence);
Results empty_key_check(const std::optional<EmptyKeyExpectation>& want, const Evidence& evidence);

/// body_checks.cpp: the JSON body and its Content-Type.
Results body_checks(const std::optional<nlohmann::json>& fields, const std::optional<std::string>& content_type,
                    const Evidence& evidence);

/// leak_checks.cpp: no cleartext credential in the client's output; the mock's own exports
/// redacted.
Results leak_check(bool wanted, const Evidence& evidence);
Results redaction_check(bool wanted, const Evidence& evidence);

/// tls_checks.cpp: a bad certificate refused by the client.
Results tls_check(bool wanted, const Evidence& evidence);

/// server_checks.cpp: what the mock answered (in order), its journal flags, keys used.
Results response_checks(const std::vector<ResponseExpectation>& want, const Evidence& evidence);
Results flag_checks(const std::vector<core::JournalFlag>& want, const Evidence& evidence);
Results key_use_checks(const std::vector<KeyExpectation>& want, const Evidence& evidence);

}  // namespace mockgate::runner::checks
