// Finding stored keys inside any text — as whole tokens or buried in longer ones — without
// keeping their cleartext: a keyed rolling hash over every window of each known key length,
// confirmed against the key's salted hash.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mockgate/core/key_hasher.hpp"

namespace mockgate::core {

/// What the scanner keeps of a secret besides its stored hash: its length and 32 bits of a
/// rolling hash under a base known only to this process. 32 bits of a key of 95 bits or more
/// (the shortest any profile makes) leave brute force hopeless, and the fingerprint never
/// leaves memory; it only picks which windows of a text are worth hashing properly.
struct SecretPrint {
  std::uint32_t length = 0;
  std::uint32_t value = 0;
  /// Which byte values the secret holds, as bits: a text is scanned only where it has a run of
  /// such bytes as long as a secret, which most texts (JSON, headers, paths) never have.
  std::array<std::uint64_t, 4> bytes{};
};

/// Where a secret was found: `text.substr(pos, length)` is one.
struct SecretSpan {
  std::size_t pos = 0;
  std::size_t length = 0;
};

/// Known secrets by fingerprint and stored hash. Not thread-safe: its owner serialises access.
class SecretScanner {
 public:
  /// `seed` picks the rolling hash's base; draw it at random once per store.
  explicit SecretScanner(std::uint64_t seed);

  /// The fingerprint of `secret`, taken while its cleartext is at hand (creation).
  SecretPrint print(std::string_view secret) const;
  /// Remembers a secret by its fingerprint and stored hash.
  void add(const SecretPrint& print, const StoredSecret& secret);
  void clear();
  std::size_t size() const { return secrets_.size(); }

  /// Every window of `text` that is a known secret, in order of position (overlaps included).
  /// Costs one rolling-hash step per byte per distinct key length — only over runs of bytes
  /// that secrets hold, as long as a secret — plus a full hash for the rare window whose
  /// fingerprint matches (about one per 2^32 windows per secret, when none is there).
  std::vector<SecretSpan> find(std::string_view text) const;

 private:
  /// The secrets of one length: a bit filter over the fingerprints' low bits, then the
  /// fingerprints themselves, each naming the secrets that have it.
  struct LengthGroup {
    std::uint64_t top_power = 1;  ///< base^(length-1), to roll the first byte out
    unsigned filter_bits = 12;
    std::vector<std::uint64_t> filter;
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> by_print;
  };
  void index(LengthGroup& group, std::uint32_t print_value, std::size_t secret);
  /// Scans `run`, which starts at `offset` in the text searched.
  void scan(std::string_view run, std::size_t offset, std::uint32_t length, const LengthGroup& group,
            std::vector<SecretSpan>& out) const;
  bool holds_byte(char c) const {
    const auto b = static_cast<unsigned char>(c);
    return ((bytes_[b / 64] >> (b % 64)) & 1u) != 0;
  }

  std::uint64_t base_;
  std::array<std::uint64_t, 4> bytes_{};  ///< every byte value any secret holds
  std::size_t shortest_ = 0;             ///< the shortest secret's length (0: none)
  std::vector<StoredSecret> secrets_;
  std::unordered_map<std::uint32_t, LengthGroup> groups_;  ///< by secret length
};

}  // namespace mockgate::core
