// The pipeline's stages, each a small function of what it reads (see auth_stages.hpp).
#include "auth_stages.hpp"

#include <cassert>

#include "core/body_check.hpp"
#include "mockgate/core/key_hasher.hpp"

namespace mockgate::core {

std::string_view to_string(Stage stage) {
  switch (stage) {
    case Stage::Route: return "route";
    case Stage::Transport: return "transport";
    case Stage::FaultBeforeAuth: return "fault_before_auth";
    case Stage::Credential: return "credential";
    case Stage::Lookup: return "lookup";
    case Stage::Environment: return "environment";
    case Stage::Status: return "status";
    case Stage::Scope: return "scope";
    case Stage::IpWhitelist: return "ip_whitelist";
    case Stage::RateLimit: return "rate_limit";
    case Stage::FaultAfterAuth: return "fault_after_auth";
    case Stage::Body: return "body";
    case Stage::Endpoint: return "endpoint";
  }
  return "unknown";
}

namespace stages {
namespace {

AuthDecision answer(Stage stage, std::string_view name) { return AuthDecision{stage, name, {}, {}, {}}; }

}  // namespace

StageResult route(const Route& route) {
  if (route.allowed.empty()) return answer(Stage::Route, answer::kNotFound);
  if (route.endpoint != nullptr) return std::nullopt;
  AuthDecision d = answer(Stage::Route, answer::kMethodNotAllowed);
  std::string allow;
  for (const auto& m : route.allowed) allow += (allow.empty() ? "" : ", ") + m;
  d.headers.push_back({"Allow", allow});
  return d;
}

StageResult transport(const Profile& profile, Transport transport, SystemTime now) {
  // PlainUnchecked is a plain listener the user asked to serve as if it were TLS.
  if (transport == Transport::Plain && !profile.allows_plain_http(now)) {
    return answer(Stage::Transport, answer::kTlsRequired);
  }
  return std::nullopt;
}

std::vector<CredentialSpec> schemes_for(const Profile& profile, const EndpointSpec& endpoint) {
  std::vector<CredentialSpec> schemes;
  for (const auto& s : profile.credentials) {
    bool allowed = endpoint.credentials.empty();
    for (const auto& name : endpoint.credentials) allowed = allowed || name == s.name;
    if (allowed) schemes.push_back(s);
  }
  return schemes;
}

StageResult credential(const Credential& credential) {
  switch (credential.kind) {
    case CredentialKind::Missing: return answer(Stage::Credential, answer::kMissingCredential);
    case CredentialKind::Empty: return answer(Stage::Credential, answer::kEmptyCredential);
    case CredentialKind::Malformed: return answer(Stage::Credential, answer::kInvalidCredential);
    case CredentialKind::Key:
    case CredentialKind::Basic: break;
  }
  return std::nullopt;
}

StageResult lookup(KeyStore& keys, AccountStore& accounts, const Credential& credential,
                   SystemTime now, Caller& caller) {
  // Made only when refusing: this runs on every authenticated request.
  const auto unknown = [] { return answer(Stage::Lookup, answer::kInvalidCredential); };
  if (credential.kind == CredentialKind::Key) {
    if (!keys.is_well_formed(credential.key)) return unknown();
    KeyRecord* key = keys.find_by_value(credential.key);
    if (key == nullptr || key->is_deleted(now)) return unknown();
    caller.key = key;
    caller.account = accounts.find(key->owner);
    return std::nullopt;
  }
  assert(credential.kind == CredentialKind::Basic);
  Account* account = accounts.find(credential.username);
  if (account == nullptr || !account->password || !verify_secret(*account->password, credential.password)) {
    return unknown();
  }
  caller.account = account;
  return std::nullopt;
}

StageResult environment(const Profile& profile, std::string_view env, const KeyRecord& key) {
  if (const EnvironmentSpec* spec = profile.environment(env)) {
    for (const auto& accepted : spec->accepts) {
      if (accepted == key.env) return std::nullopt;
    }
  }
  return answer(Stage::Environment, answer::kInvalidCredential);
}

StageResult key_status(const Profile& profile, const KeyRecord& key, SystemTime now) {
  const KeyStatus status = key.effective_status(now);
  if (status == KeyStatus::Allowed) return std::nullopt;
  const auto it = profile.status_answers.find(status);
  return answer(Stage::Status, it == profile.status_answers.end() ? answer::kInvalidCredential
                                                                  : std::string_view(it->second));
}

StageResult scope(const EndpointSpec& endpoint, const KeyRecord& key) {
  if (endpoint.scope && !key.allows_operation(*endpoint.scope)) {
    return answer(Stage::Scope, answer::kOperationNotAllowed);
  }
  return std::nullopt;
}

StageResult ip_whitelist(const Account* account, std::string_view peer) {
  if (account != nullptr && !account->whitelist.allows(peer)) {
    return answer(Stage::IpWhitelist, answer::kIpNotAllowed);
  }
  return std::nullopt;
}

StageResult rate_limit(const RateLimitSpec& spec, RateLimiter& limiter, const Caller& caller,
                       std::string_view username, SteadyTime now, RateWindow& window) {
  if (spec.tiers.empty()) return std::nullopt;
  std::string tier = caller.key != nullptr ? caller.key->tier : std::string{};
  if (tier.empty() && caller.account != nullptr) tier = caller.account->tier;
  if (tier == kUnlimitedTier) return std::nullopt;
  // Tiers are validated when set, and the loader makes the default one of the profile's.
  auto it = spec.tiers.find(tier.empty() ? spec.default_tier : tier);
  if (it == spec.tiers.end()) it = spec.tiers.find(spec.default_tier);
  assert(it != spec.tiers.end());
  const std::string subject =
      caller.key != nullptr ? "key:" + caller.key->id : "account:" + std::string(username);
  const auto length = std::chrono::seconds(spec.window_seconds);
  if (const auto wait = limiter.admit(subject, it->second, length, now)) {
    AuthDecision d = answer(Stage::RateLimit, answer::kRateLimited);
    d.vars.emplace("retry_after", spec.fixed_retry_after.value_or(retry_after_seconds(*wait)));
    return d;
  }
  window.limit = it->second;
  window.remaining = std::max(0, it->second - static_cast<int>(limiter.admitted(subject, length, now)));
  return std::nullopt;
}

StageResult body(const EndpointSpec& endpoint, std::string_view body) {
  if (!endpoint.body) return std::nullopt;
  // Checked on the text in one pass: a tree of the body would be built only to be thrown away.
  if (!body_conforms(*endpoint.body, body)) return answer(Stage::Body, answer::kBadRequest);
  return std::nullopt;
}

}  // namespace stages
}  // namespace mockgate::core
