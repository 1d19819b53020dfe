// A provider's whole auth contract as data. Built by the YAML loader; read by the pipeline.
#pragma once

#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/body_schema.hpp"
#include "mockgate/core/clock.hpp"
#include "mockgate/core/credential_scheme.hpp"
#include "mockgate/core/key_hasher.hpp"
#include "mockgate/core/key_management_spec.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// Provider bodies keep the key order the profile (and the provider's document) gives them.
using Json = nlohmann::ordered_json;

/// `j` as the text of an answer. Bytes that are not UTF-8 (a request's, echoed back or kept in
/// the journal) become U+FFFD instead of throwing, so no client can make an answer fail.
template <class BasicJson>
std::string body_text(const BasicJson& j) {
  return j.dump(-1, ' ', false, BasicJson::error_handler_t::replace);
}

/// One vocabulary of key statuses for every provider (design.md, "Statuses").
enum class KeyStatus { Allowed, PendingValidation, Suspended, Revoked, Locked, Expired, Rejected };

/// "allowed", "pending_validation", …; "revoqued" and "revoked" both name Revoked.
std::optional<KeyStatus> parse_key_status(std::string_view text);
/// The canonical name ("revoqued" for Revoked, as document 004 spells it).
std::string_view to_string(KeyStatus status);
/// Every status name the parser accepts, for "did you mean" suggestions.
const std::vector<std::string>& key_status_names();

struct EnvironmentSpec {
  std::string name;                      ///< "live", "test"
  std::vector<std::string> accepts;      ///< key environments this listener accepts
};

/// Shape of a key: prefix (with "{env}" for the key's environment), then a random part.
struct KeyFormat {
  std::string prefix;          ///< e.g. "sk_{env}_"; empty for unprefixed keys
  std::string alphabet;        ///< characters of the random part
  std::size_t length = 32;     ///< length of generated random parts
  std::size_t min_length = 32; ///< shortest random part that is well-formed
  std::size_t max_length = 32; ///< longest random part that is well-formed
  std::optional<std::regex> pattern;  ///< extra whole-key check, when the profile gives one
  std::string pattern_text;

  /// The prefix for keys of environment `env`.
  std::string prefix_for(std::string_view env) const;
};

/// A response the provider gives: status, message (by id, per locale), body, headers.
struct AnswerSpec {
  int status = 0;
  std::string message;                    ///< message id in the profile's `messages`
  std::optional<Json> body;     ///< overrides the profile's error body template
  Headers headers;
};

/// Validates the `limit`-style query parameter of list endpoints and cuts the answer to it.
struct LimitSpec {
  std::string query;               ///< query parameter name, e.g. "limit"
  std::string array_pointer;       ///< JSON pointer of the array to cut, e.g. "/data"
};

/// What an endpoint does once authentication has passed: answer its canned body, or manage
/// the caller's account's keys (document 003's API, usable by any profile).
enum class EndpointKind { Static, KeysList, KeysCreate, KeysDelete, KeysLookup };

std::optional<EndpointKind> parse_endpoint_kind(std::string_view text);
const std::vector<std::string>& endpoint_kind_names();

/// How a client asks for an endpoint's operation: what the profile-driven client of `verify`
/// sends (the mock never reads it). In each template "{name}" is the operation's parameter
/// `name`: a string that is only "{name}" takes the parameter's JSON value as it is (a number, a
/// list); within a longer string it is the parameter's text. A member, list item or query
/// parameter whose parameter was not given is left out. Path parameters ("{id}") fill the same way.
struct RequestTemplate {
  std::optional<Json> body;                                ///< JSON body; nullopt: none sent
  std::vector<std::pair<std::string, std::string>> query;  ///< name → template, in order
};

struct EndpointSpec {
  std::string method;
  std::string path;
  std::string operation;                     ///< runner operation name, e.g. "send_sms"
  std::optional<std::string> scope;          ///< key operation required, e.g. "SMS"
  std::optional<BodySchema> body;            ///< request-body validation
  std::vector<std::string> credentials;  ///< names of the schemes accepted here; empty = all
  EndpointKind kind = EndpointKind::Static;
  int status = 200;
  Json response = Json::object();
  std::map<std::string, Json, std::less<>> response_by_key_env;  ///< e.g. sandbox vs live data
  std::optional<LimitSpec> limit;
  /// Headers of the success answer, filled like its body; "{rate_limit_limit}" and
  /// "{rate_limit_remaining}" give the caller's window (a header naming them is left out
  /// when no limit applies, as for tier `unlimited`).
  Headers headers;
  RequestTemplate request;  ///< for clients: how to ask (the mock validates with `body`)
};

/// A dated rule: from `from` (inclusive) until `until` (exclusive), plain HTTP is so treated.
struct PlainHttpRule {
  std::optional<SystemTime> from;
  std::optional<SystemTime> until;
  bool allowed = false;
};

struct RateLimitSpec {
  std::map<std::string, int> tiers;  ///< requests per window, by tier name
  int window_seconds = 60;
  std::optional<int> fixed_retry_after;  ///< always this many seconds (else: until a slot frees)
  /// The tier of a key whose key and account name none. The loader guarantees it is one of
  /// `tiers` (its fallback, when the profile does not say: `standard`, else the first by name).
  std::string default_tier;
};

struct RotationSpec {
  int overlap_seconds = 0;  ///< how long the old key keeps working after a rotation
};

/// Names of the answers every profile defines (the `answers:` map of a profile).
namespace answer {
inline constexpr std::string_view kMissingCredential = "missing_credential";
inline constexpr std::string_view kEmptyCredential = "empty_credential";
inline constexpr std::string_view kInvalidCredential = "invalid_credential";
inline constexpr std::string_view kIpNotAllowed = "ip_not_allowed";
inline constexpr std::string_view kOperationNotAllowed = "operation_not_allowed";
inline constexpr std::string_view kRateLimited = "rate_limited";
inline constexpr std::string_view kBadRequest = "bad_request";
inline constexpr std::string_view kNotFound = "not_found";
inline constexpr std::string_view kMethodNotAllowed = "method_not_allowed";
inline constexpr std::string_view kTlsRequired = "tls_required";
inline constexpr std::string_view kInternalError = "internal_error";
/// Every answer a profile must define.
const std::vector<std::string>& required();
}  // namespace answer

struct Profile {
  std::string id;
  std::string title;
  std::vector<std::string> documents;
  std::string env_var;  ///< documented environment variable, e.g. ACME_API_KEY
  std::vector<EnvironmentSpec> environments;
  std::vector<CredentialSpec> credentials;  ///< in precedence order
  /// Query names that carry a key in a URL, beyond the generic ones and the schemes' header
  /// names (which count too): for key_in_url flagging and journal redaction.
  std::vector<std::string> url_credential_names;
  KeyFormat key_format;
  std::vector<std::string> operations;      ///< key scopes, e.g. SMS, RCS, WHATSAPP
  Json error_body;                ///< template: "{message}" and "{status}" filled in
  std::map<std::string, AnswerSpec, std::less<>> answers;
  std::map<KeyStatus, std::string> status_answers;  ///< missing → invalid_credential
  std::map<std::string, std::map<std::string, std::string>, std::less<>> messages;  ///< locale→id→text
  std::string default_locale = "en";
  std::vector<EndpointSpec> endpoints;
  bool plain_http_allowed = false;
  std::vector<PlainHttpRule> plain_http_rules;
  RateLimitSpec rate_limits;
  RotationSpec rotation;
  HashSpec hash;  ///< how key values are stored
  KeyManagementSpec key_management = KeyManagementSpec::defaults();
  std::string default_account = "default";
  std::string default_company = "Default";

  const EnvironmentSpec* environment(std::string_view name) const;
  const AnswerSpec& answer(std::string_view name) const;  ///< the loader guarantees presence
  /// Whether plain HTTP is served at `now`, after the dated rules.
  bool allows_plain_http(SystemTime now) const;
  /// Every key environment some listener accepts (the envs a key may be created in).
  std::vector<std::string> key_environments() const;
};

}  // namespace mockgate::core
