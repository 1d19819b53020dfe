// Profile lookups and the status vocabulary.
#include "mockgate/core/profile.hpp"

#include <stdexcept>

namespace mockgate::core {

std::optional<KeyStatus> parse_key_status(std::string_view text) {
  if (text == "allowed") return KeyStatus::Allowed;
  if (text == "pending_validation") return KeyStatus::PendingValidation;
  if (text == "suspended") return KeyStatus::Suspended;
  if (text == "revoqued" || text == "revoked") return KeyStatus::Revoked;
  if (text == "locked") return KeyStatus::Locked;
  if (text == "expired") return KeyStatus::Expired;
  if (text == "rejected") return KeyStatus::Rejected;
  return std::nullopt;
}

std::string_view to_string(KeyStatus status) {
  switch (status) {
    case KeyStatus::Allowed: return "allowed";
    case KeyStatus::PendingValidation: return "pending_validation";
    case KeyStatus::Suspended: return "suspended";
    case KeyStatus::Revoked: return "revoqued";
    case KeyStatus::Locked: return "locked";
    case KeyStatus::Expired: return "expired";
    case KeyStatus::Rejected: return "rejected";
  }
  return "allowed";
}

std::optional<EndpointKind> parse_endpoint_kind(std::string_view text) {
  if (text == "static") return EndpointKind::Static;
  if (text == "keys_list") return EndpointKind::KeysList;
  if (text == "keys_create") return EndpointKind::KeysCreate;
  if (text == "keys_delete") return EndpointKind::KeysDelete;
  if (text == "keys_lookup") return EndpointKind::KeysLookup;
  return std::nullopt;
}

const std::vector<std::string>& endpoint_kind_names() {
  static const std::vector<std::string> names = {"static", "keys_list", "keys_create",
                                                 "keys_delete", "keys_lookup"};
  return names;
}

const std::vector<std::string>& key_status_names() {
  static const std::vector<std::string> names = {
      "allowed", "pending_validation", "suspended", "revoqued", "revoked",
      "locked",  "expired",            "rejected"};
  return names;
}

std::string KeyFormat::prefix_for(std::string_view env) const {
  std::string out = prefix;
  const auto pos = out.find("{env}");
  if (pos != std::string::npos) out.replace(pos, 5, env);
  return out;
}

const std::vector<std::string>& answer::required() {
  static const std::vector<std::string> names = {
      std::string(kMissingCredential), std::string(kEmptyCredential),
      std::string(kInvalidCredential), std::string(kIpNotAllowed),
      std::string(kOperationNotAllowed), std::string(kRateLimited),
      std::string(kBadRequest),        std::string(kNotFound),
      std::string(kMethodNotAllowed),  std::string(kTlsRequired),
      std::string(kInternalError)};
  return names;
}

const EnvironmentSpec* Profile::environment(std::string_view name) const {
  for (const auto& e : environments) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const AnswerSpec& Profile::answer(std::string_view name) const {
  const auto it = answers.find(name);
  if (it == answers.end()) throw std::logic_error("profile has no answer " + std::string(name));
  return it->second;
}

bool Profile::allows_plain_http(SystemTime now) const {
  for (const auto& rule : plain_http_rules) {
    if ((!rule.from || now >= *rule.from) && (!rule.until || now < *rule.until)) {
      return rule.allowed;
    }
  }
  return plain_http_allowed;
}

std::vector<std::string> Profile::key_environments() const {
  std::vector<std::string> out;
  for (const auto& e : environments) {
    for (const auto& a : e.accepts) {
      bool seen = false;
      for (const auto& o : out) seen = seen || o == a;
      if (!seen) out.push_back(a);
    }
  }
  return out;
}

}  // namespace mockgate::core
