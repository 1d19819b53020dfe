// API keys, stored hashed and found by narrowing on their display form (prefix + last 4).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mockgate/core/clock.hpp"
#include "mockgate/core/key_hasher.hpp"
#include "mockgate/core/limits.hpp"
#include "mockgate/core/profile.hpp"
#include "mockgate/core/secret_scanner.hpp"

namespace mockgate::core {

struct KeyRecord {
  std::string id;
  std::string env;  ///< key environment: picks the prefix ("test", "live")
  KeyStatus status = KeyStatus::Allowed;
  std::vector<std::string> operations;
  std::string owner;     ///< account username
  std::string username;  ///< the account's user the key is assigned to
  std::string tier;      ///< rate-limit tier; empty = the account's
  std::map<std::string, std::string> attributes;  ///< the profile's key attributes, all set
  std::optional<SystemTime> expires_at;
  std::optional<SystemTime> last_used_at;
  std::optional<SystemTime> deleted_at;  ///< soft delete; may lie ahead (rotation overlap)
  SystemTime created_at{};
  std::string display;   ///< prefix, "…", last 4: the only form shown after creation
  std::string rotated_from;
  StoredSecret secret;
  SecretPrint print;  ///< for finding the key inside longer texts (redaction)

  bool is_deleted(SystemTime now) const { return deleted_at && *deleted_at <= now; }
  bool is_expired(SystemTime now) const { return expires_at && *expires_at <= now; }
  /// The status a request meets: expiry turns any status into Expired.
  KeyStatus effective_status(SystemTime now) const {
    return is_expired(now) ? KeyStatus::Expired : status;
  }
  bool allows_operation(std::string_view op) const;
};

/// "sk_live_…oU0i" for a prefixed key, "…oU0i" otherwise (document 004, "re-displays").
std::string display_form(std::string_view prefix, std::string_view value);

/// Keys of one provider. Not thread-safe: the provider state serialises access.
class KeyStore {
 public:
  /// `fingerprint_seed` keys the fingerprints that find keys inside texts (draw it at random);
  /// `forgotten_limit` bounds how many keys a `restore` removed stay findable.
  KeyStore(const KeyFormat& format, std::vector<std::string> key_envs, HashSpec hash = {},
           std::uint64_t fingerprint_seed = 0,
           std::size_t forgotten_limit = Limits{}.forgotten_keys_redacted);

  /// Stores `record` with the hash of `value`; fills display and secret. Returns the record.
  KeyRecord& add(KeyRecord record, std::string_view value, std::string salt);

  /// The record whose secret is `value`, deleted ones included; nullptr when none. Narrows on
  /// display form, then verifies every candidate in constant time.
  KeyRecord* find_by_value(std::string_view value);
  KeyRecord* find_by_id(std::string_view id);
  const std::vector<KeyRecord>& all() const { return keys_; }
  std::vector<KeyRecord>& all() { return keys_; }
  /// Forgets every key, and every key it remembered for redaction.
  void clear();
  /// Replaces every record with `records` (hashes included) and rebuilds the index. Keys it
  /// removes stay findable by `find_secrets` (up to the forgotten limit, newest kept): a key
  /// that was handed out must stay redacted after a reset.
  void restore(std::vector<KeyRecord> records);

  /// Where any key this store holds or held (current, rotated, deleted, reset away) occurs in
  /// `text`, as a whole token or inside a longer one.
  std::vector<SecretSpan> find_secrets(std::string_view text) const { return scanner_.find(text); }

  /// The key environment whose prefix `value` starts with (longest match), if any.
  std::optional<std::string> env_of(std::string_view value) const;
  /// Whether `value` has the profile's key shape for some environment.
  bool is_well_formed(std::string_view value) const;
  /// Prefix for display: the matching environment's prefix, or "" when none matches.
  std::string prefix_of(std::string_view value) const;
  /// The matching environment's prefix (longest match), if any; no allocation.
  std::optional<std::string_view> matching_prefix(std::string_view value) const;
  /// No token shorter than this can have a key's shape (a prefix and 8 characters, or a
  /// well-formed random part): redaction skips shorter tokens without asking.
  std::size_t shortest_key_shape() const { return shortest_key_shape_; }

 private:
  struct EnvPrefix {
    std::string env;
    std::string prefix;
  };
  /// The environment whose prefix `value` starts with (longest match), or nullptr.
  const EnvPrefix* match(std::string_view value) const;

  const KeyFormat* format_;  // a pointer, so that stores can be copied (reset baselines)
  /// Each key environment's prefix, longest first: every request's redaction asks for them.
  std::vector<EnvPrefix> prefixes_;
  std::size_t shortest_key_shape_ = 0;
  HashSpec hash_;
  std::vector<KeyRecord> keys_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_display_;
  std::unordered_map<std::string, std::size_t> by_id_;
  SecretScanner scanner_;
  std::size_t forgotten_limit_;
  /// Keys a restore removed, oldest first: what the scanner knows besides `keys_`.
  std::vector<std::pair<SecretPrint, StoredSecret>> forgotten_;
};

}  // namespace mockgate::core
