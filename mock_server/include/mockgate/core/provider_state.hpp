// One provider's mock: its profile, keys, accounts, clock, locale and journal, and the
// decision pipeline that answers its requests. Every listener of the provider shares one.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mockgate/core/account_store.hpp"
#include "mockgate/core/clock.hpp"
#include "mockgate/core/entropy.hpp"
#include "mockgate/core/fault_queue.hpp"
#include "mockgate/core/journal.hpp"
#include "mockgate/core/journal_query.hpp"
#include "mockgate/core/key_store.hpp"
#include "mockgate/core/limits.hpp"
#include "mockgate/core/profile.hpp"
#include "mockgate/core/rate_limiter.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

struct AuthDecision;
class CompiledTemplate;
struct Credential;

/// Bad arranging input (unknown status, unknown env, no such key …): a 4xx for the admin API,
/// an exception for C++ callers. `status` is the HTTP status the admin API answers with.
class InvalidRequest : public std::runtime_error {
 public:
  InvalidRequest(int status, const std::string& message)
      : std::runtime_error(message), status_(status), message_(message) {}
  int status() const { return status_; }
  /// The whole message: what() stops at a NUL, and a message may echo one a caller sent.
  const std::string& message() const { return message_; }

 private:
  int status_;
  std::string message_;
};

/// What a new key should look like; every field optional (design.md, POST /__mockgate/keys).
/// Every member has a default, so designated initializers ({.env = "live"}) name only what
/// matters.
struct KeySpec {
  std::optional<std::string> env{};  ///< default: the receiving listener's environment
  KeyStatus status = KeyStatus::Allowed;
  std::optional<std::vector<std::string>> operations{};  ///< default: all of the profile's
  std::string owner{};     ///< default: the profile's default account
  std::string username{};  ///< default: the owner
  std::string tier{};
  /// The profile's key attributes (`key_management.attributes`) to set; the others keep their
  /// default. A name the profile does not declare is refused.
  std::map<std::string, std::string> attributes{};
  std::optional<SystemTime> expires_at{};
  std::optional<std::string> value{};  ///< a fixed value (must be well-formed); default: random
};

/// The one place a cleartext key value is handed out.
struct CreatedKey {
  KeyRecord record;
  std::string value;
};

struct AccountSpec {
  std::optional<std::string> password;
  std::optional<std::vector<std::string>> ip_whitelist;
  std::optional<std::string> tier;
  std::optional<std::string> company;
};

struct ProviderOptions {
  std::string locale;  ///< empty: the profile's default
  std::size_t journal_capacity = Journal::kDefaultCapacity;
  std::optional<SystemTime> now;  ///< the mock's date at start; default: real time
  Limits limits{};                ///< how much the mock keeps (journal bodies and bytes, faults, keys)
};

class ProviderState {
 public:
  ProviderState(Profile profile, const TimeSource& time, Entropy& entropy,
                ProviderOptions options = {});
  ProviderState(const ProviderState&) = delete;
  ProviderState& operator=(const ProviderState&) = delete;

  const Profile& profile() const { return profile_; }

  /// Answers a provider request arriving at environment `env`, and journals it.
  Response handle(const Request& request, std::string_view env);
  /// The profile's answer `name` in the current locale with status `status`, for a request the
  /// HTTP layer refused before the pipeline (malformed, too large, too slow).
  Response refusal(std::string_view name, int status) const;

  /// Serves `next` from now on (serve --watch), keeping keys, accounts, faults, clock, locale
  /// and journal. Refused (InvalidRequest 409, nothing changed) when `next` changes what the
  /// running state or the listeners were made for: the id, the environments, the key format
  /// or hash (stored keys would no longer fit), a tier a key or account uses, the locale.
  void reload_profile(Profile next);

  // --- arranging state (admin API and the C++ API) ---
  CreatedKey create_key(const KeySpec& spec, std::string_view listener_env);
  std::vector<KeyRecord> keys() const;
  std::optional<KeyRecord> key(std::string_view id) const;
  void set_key_status(std::string_view id, KeyStatus status);
  /// Sets the key's rate-limit tier ("" = its account's).
  void set_key_tier(std::string_view id, const std::string& tier);
  /// Changes whichever of status and tier is given, both or neither, in one step (validated
  /// first, so a refused change changes nothing); returns the key as it now is.
  KeyRecord update_key(std::string_view id, std::optional<KeyStatus> status,
                       std::optional<std::string> tier);
  void delete_key(std::string_view id);
  CreatedKey rotate_key(std::string_view id);

  Account create_account(std::string_view username, const AccountSpec& spec);
  Account update_account(std::string_view username, const AccountSpec& spec);
  std::vector<Account> accounts() const;

  void set_locale(std::string_view locale);
  std::string locale() const;
  void set_clock(std::optional<SystemTime> now) { clock_.set(now); }
  /// The certificate HTTPS listeners present: trusted, untrusted, wrong_host or expired.
  void set_certificate(std::string_view mode);
  std::string certificate() const;
  static const std::vector<std::string>& certificate_modes();
  SystemTime now() const { return clock_.now(); }

  /// Queues faults for the next requests at `stage`; validates every one first, and refuses
  /// (409) a batch that would queue more than the fault limit. Returns how many are queued
  /// now at each stage, before_auth first.
  QueuedFaults push_faults(FaultStage stage, const std::vector<Fault>& faults);
  /// The fault for a connection just accepted (a stalled handshake), if one is queued.
  std::optional<Fault> take_connection_fault();
  nlohmann::json pending_faults() const;
  void clear_faults();

  /// `text` with every key this mock holds or held redacted, as the journal redacts: for
  /// anything that echoes what a caller sent (admin error messages, logs).
  std::string redacted(std::string_view text) const;

  std::vector<ServeEvent> journal() const;
  /// The events `query` matches, oldest first; and how many, without copying them.
  std::vector<ServeEvent> journal(const JournalQuery& query) const;
  std::size_t journal_count(const JournalQuery& query) const;
  /// The newest event's sequence number (0 before any, and after a reset).
  std::uint64_t journal_last_seq() const;
  /// The newest journal event, if any.
  std::optional<ServeEvent> last_event() const;
  std::uint64_t journal_dropped() const;
  std::size_t journal_size() const;

  /// Makes the current state the one `reset` returns to (called once start-up arranging ends).
  void mark_baseline();
  /// Back to the baseline: keys, accounts, locale, clock and journal as they were.
  void reset();

 private:
  struct Baseline {
    std::vector<KeyRecord> keys;
    AccountStore accounts;
    std::string locale;
  };

  /// Runs the pipeline's stages in order (pipeline.cpp); `sent` is the request's credential
  /// under all of the profile's schemes. Notes in `event` what the journal learns on the way.
  Response decide(const Request& request, std::string_view env, const Credential& sent,
                  ServeEvent& event);
  /// A stage's decision as the answer to send, with the faults' effects (lock held).
  Response answer(const AuthDecision& decision, const FaultEffects& effects);
  /// The next fault queued at `stage`, if any: adds its effects (a delay, a network fault),
  /// flags the event, and gives its answer if it has one of its own (lock held).
  std::optional<AuthDecision> injected_fault(FaultStage stage, FaultEffects& effects, ServeEvent& event);
  /// The profile's answer `name` in the current locale, without extra variables: rendered once
  /// per locale, then copied (refusals are most of a load test's answers). Lock held.
  Response plain_answer(std::string_view name);
  /// A success template compiled on first use (lock held); kept until the profile is reloaded.
  const CompiledTemplate& compiled_template(const Json& tmpl);
  CreatedKey add_key(const KeySpec& spec, std::string_view listener_env);  // lock held
  /// Document 003's key management, for the caller's account only (lock held).
  Response manage_keys(const EndpointSpec& endpoint, const std::map<std::string, std::string>& params,
                       const Request& request, std::string_view owner, std::string_view username,
                       std::string_view env, const Headers& success_headers);
  std::vector<std::string> validated_operations(const std::vector<std::string>& ops) const;
  void apply(Account& account, const AccountSpec& spec);
  void validate_tier(const std::string& tier) const;
  std::string validated_env(std::string_view env) const;

  Profile profile_;
  MockClock clock_;
  Entropy& entropy_;
  mutable std::mutex mutex_;
  KeyStore keys_;
  AccountStore accounts_;
  Journal journal_;
  RateLimiter limiter_;
  FaultQueue faults_;
  std::string locale_;
  std::map<std::string, Response, std::less<>> plain_answers_;  ///< by locale + "\n" + name
  std::map<const Json*, std::shared_ptr<const CompiledTemplate>> compiled_templates_;  ///< by template
  std::optional<SystemTime> start_time_;
  std::string certificate_ = "trusted";
  Baseline baseline_;
  Limits limits_;
};

}  // namespace mockgate::core
