// Stored form of a secret: salted SHA-256 (fast, the default) or Argon2id (as document 004's
// gateway does, when a test wants its real cost), compared in constant time. Cleartext is
// never kept.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mockgate::core {

using Digest = std::array<std::uint8_t, 32>;

enum class HashAlgorithm { Sha256, Argon2id };

/// How secrets are hashed: a profile's `hash:` setting.
struct HashSpec {
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  std::uint32_t memory_kib = 19456;  ///< Argon2id m_cost (OWASP's minimum: 19 MiB)
  std::uint32_t iterations = 2;      ///< Argon2id t_cost
  std::uint32_t parallelism = 1;
};

struct StoredSecret {
  std::string salt;  ///< random bytes, per secret
  Digest digest{};   ///< SHA-256(salt || secret), or Argon2id(secret, salt) with `spec`
  HashSpec spec;
};

/// Hashes `secret` with `salt` (SHA-256 unless `spec` says otherwise).
StoredSecret hash_secret(std::string_view secret, std::string salt, const HashSpec& spec = {});

/// Constant-time check of `candidate` against a stored secret.
bool verify_secret(const StoredSecret& stored, std::string_view candidate);

/// Hex SHA-256 of `data` (used to give fingerprints, never for verification).
std::string sha256_hex(std::string_view data);

}  // namespace mockgate::core
