// A scenario: one contract case as data (design.md, "Scenarios"): what the mock holds, what
// the client is asked to do, and what must be true of its outcome and of the wire.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/fault_queue.hpp"
#include "mockgate/core/journal.hpp"
#include "mockgate/core/provider_state.hpp"

namespace mockgate::runner {

enum class Level { Must, Should };

struct KeyArrangement {
  std::string name;  ///< how `when` and placeholders refer to it
  core::KeySpec spec;
  bool deleted = false;
  std::string rotate_to;  ///< set: the key is rotated; the new key gets this name
};

struct AccountArrangement {
  std::string username;
  core::AccountSpec spec;
};

struct FaultArrangement {
  core::FaultStage stage = core::FaultStage::BeforeAuth;
  std::vector<core::Fault> responses;
};

struct Given {
  std::vector<KeyArrangement> keys;
  std::vector<AccountArrangement> accounts;
  std::vector<FaultArrangement> faults;
  std::optional<core::SystemTime> clock;
  std::string locale;
  std::string certificate;  ///< trusted (default), untrusted, wrong_host, expired
};

enum class CredentialChoice { None, Key, Raw, Basic };

/// A request the runner sends itself, exactly as written, to check the mock (not a client):
/// what a well-behaved client never sends — a missing or empty header, a malformed Bearer, a
/// key in the query string. "{key}" and "{keys.NAME.value}" are replaced in target, headers
/// and body.
struct Probe {
  std::string method = "GET";
  std::string target;  ///< path and query, sent without re-encoding
  core::Headers headers;
  std::string body;
};

struct When {
  std::string env;
  std::string operation;
  CredentialChoice credential = CredentialChoice::None;
  std::string key_name;  ///< CredentialChoice::Key
  std::string raw;       ///< CredentialChoice::Raw: sent as the key, as is
  std::string username;  ///< CredentialChoice::Basic
  std::string password;
  nlohmann::json params = nlohmann::json::object();  ///< may hold "{keys.NAME.value|id}"
  bool plain_http = false;   ///< give the client the plain-HTTP URL
  std::optional<int> client_timeout_ms;  ///< MOCKGATE_TIMEOUT_MS for the client
  std::optional<Probe> probe;            ///< set: a probe scenario, no client involved
};

struct OutcomeExpectation {
  std::optional<bool> ok;
  std::optional<nlohmann::json> status;  ///< a number, or null
  std::optional<nlohmann::json> error;   ///< a kind, or null
};

struct CountExpectation {
  std::optional<int> exactly;
  std::optional<int> min;
  std::optional<int> max;
};

/// A header every request must (or must not) carry. "{key}" in `value` is the credential.
struct HeaderExpectation {
  std::string name;
  std::optional<std::string> value;
  bool absent = false;
};

struct RetryExpectation {
  std::optional<int> first_gap_at_least_ms;
  bool growing = false;           ///< the waits grow (back-off), within jitter
  bool honours_retry_after = false;  ///< no wait shorter than the Retry-After answered before it
};

/// An empty (or blank) key given to the client: sent as it is, left out, or refused locally are
/// all correct; what follows from each is checked (CLI-EMPTY-KEY).
struct EmptyKeyExpectation {
  std::string header;  ///< the provider's credential header, e.g. app-key
  /// No key at all (credential: none), not an empty one: the header may also carry what a
  /// sample makes of an unset variable ("Bearer undefined", "Bearer None"); it is no key.
  bool unset = false;
};

/// What must be true of an arranged key after the client ran.
struct KeyExpectation {
  std::string name;
  std::optional<bool> used;  ///< last_used_at set (true) or not (false)
};

struct ResponseExpectation {
  std::optional<int> status;
  std::optional<nlohmann::json> body;  ///< exact JSON equality
  std::vector<core::Header> headers;   ///< exact values
};

struct Then {
  std::optional<OutcomeExpectation> outcome;
  std::optional<CountExpectation> requests;
  std::vector<HeaderExpectation> headers;
  std::optional<nlohmann::json> body;     ///< fields every request body must have (subset)
  std::optional<std::string> content_type;
  std::optional<RetryExpectation> retries;
  bool no_key_in_url = true;
  bool no_leak = true;
  bool tls_refused = false;
  bool journal_redacted = true;  ///< the journal and key listings never show a cleartext key
  std::vector<KeyExpectation> keys;
  std::vector<core::JournalFlag> flags;  ///< journal flags some request must carry
  std::optional<EmptyKeyExpectation> empty_key;
  std::vector<ResponseExpectation> responses;  ///< the mock's answers, in order
  /// A client may refuse the step locally (config, nothing sent) instead of doing it: a plain
  /// http:// base URL, which documents 000 and 001 forbid ("HTTPS only"). Set: that passes.
  bool may_refuse_locally = false;
};

struct Scenario {
  std::string id;
  std::string provider;
  std::string title;
  std::vector<std::string> covers;
  Level level = Level::Must;
  Given given;
  When when;
  Then then;
  std::string file;  ///< where it was read from
};

}  // namespace mockgate::runner
