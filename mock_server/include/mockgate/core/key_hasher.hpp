// Stored form of a secret: salted SHA-256, compared in constant time. Cleartext is never kept.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mockgate::core {

using Digest = std::array<std::uint8_t, 32>;

struct StoredSecret {
  std::string salt;  ///< random bytes, per secret
  Digest digest{};   ///< SHA-256(salt || secret)
};

/// Hashes `secret` with `salt`.
StoredSecret hash_secret(std::string_view secret, std::string salt);

/// Constant-time check of `candidate` against a stored secret.
bool verify_secret(const StoredSecret& stored, std::string_view candidate);

/// Hex SHA-256 of `data` (used to give fingerprints, never for verification).
std::string sha256_hex(std::string_view data);

}  // namespace mockgate::core
