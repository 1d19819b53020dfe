// The stages of the decision pipeline (design.md), one function each, in their order. Each
// takes only what it reads, and answers (an AuthDecision) or lets the request pass on.
// ProviderState::decide runs them under its lock; tests run them one at a time.
#pragma once

#include <string_view>
#include <vector>

#include "auth_decision.hpp"
#include "mockgate/core/account_store.hpp"
#include "core/credential_parser.hpp"
#include "mockgate/core/key_store.hpp"
#include "core/pipeline.hpp"
#include "mockgate/core/profile.hpp"
#include "mockgate/core/rate_limiter.hpp"

namespace mockgate::core::stages {

/// 1. No endpoint has the path: 404; one has it, not for this method: 405 with `Allow`.
StageResult route(const Route& route);

/// 2. Plain HTTP where the profile (on the mock's date) wants TLS.
StageResult transport(const Profile& profile, Transport transport, SystemTime now);

/// The profile's schemes this endpoint accepts (it may narrow them by name), in precedence order.
std::vector<CredentialSpec> schemes_for(const Profile& profile, const EndpointSpec& endpoint);

/// 3. No credential, an empty one, or one not in its scheme's format.
StageResult credential(const Credential& credential);

/// Who a credential names, once found.
struct Caller {
  KeyRecord* key = nullptr;      ///< the key, for a key credential
  Account* account = nullptr;    ///< the key's owner, or the Basic account
};

/// 4. The key (by value, not deleted) or the Basic account (by password). Fills `caller`.
StageResult lookup(KeyStore& keys, AccountStore& accounts, const Credential& credential,
                   SystemTime now, Caller& caller);

/// 5. A key of an environment this listener does not accept: the generic 401, before the
/// status, so a suspended sandbox key at production learns nothing more.
StageResult environment(const Profile& profile, std::string_view env, const KeyRecord& key);

/// 6. A key not in service (pending, suspended, revoked, expired …): the profile's answer for
/// its status, or the generic 401 when the profile has none.
StageResult key_status(const Profile& profile, const KeyRecord& key, SystemTime now);

/// 7. An endpoint needing an operation the key is not allowed.
StageResult scope(const EndpointSpec& endpoint, const KeyRecord& key);

/// 8. The account's IP whitelist (after the credentials: the account must be known first).
StageResult ip_whitelist(const Account* account, std::string_view peer);

/// A caller's rate-limit window once its request was admitted (for response headers).
struct RateWindow {
  int limit = 0;  ///< 0: no limit applies
  int remaining = 0;
};

/// 9. The caller's window (per key, or per account for Basic) is full: the 429 with its
/// Retry-After. Otherwise admits the request and, when a limit applies, fills `window`.
StageResult rate_limit(const RateLimitSpec& spec, RateLimiter& limiter, const Caller& caller,
                       std::string_view username, SteadyTime now, RateWindow& window);

/// 10. A body the endpoint's schema refuses (or that is not JSON, when it has one).
StageResult body(const EndpointSpec& endpoint, std::string_view body);

}  // namespace mockgate::core::stages
