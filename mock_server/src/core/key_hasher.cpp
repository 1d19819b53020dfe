// SHA-256 through libcrypto's EVP interface: a pure digest, no I/O, so the core may use it.
#include "mockgate/core/key_hasher.hpp"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace mockgate::core {
namespace {

/// OpenSSL 3 looks EVP_sha256() up in its provider tables (under a lock) on every
/// DigestInit, which cost more than the digest of a key-sized input: fetched once per process.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return md;
}

Digest sha256(std::string_view a, std::string_view b) {
  // One context per thread, reset by each init: no allocation per digest.
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                                  &EVP_MD_CTX_free);
  Digest out{};
  unsigned int len = 0;
  const bool ok = ctx != nullptr && sha256_md() != nullptr &&
                  EVP_DigestInit_ex(ctx.get(), sha256_md(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx.get(), a.data(), a.size()) == 1 &&
                  EVP_DigestUpdate(ctx.get(), b.data(), b.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx.get(), out.data(), &len) == 1;
  if (!ok || len != out.size()) throw std::runtime_error("SHA-256 digest failed");
  return out;
}

Digest argon2id(std::string_view secret, std::string_view salt, const HashSpec& spec) {
  Digest out{};
  const int rc = argon2id_hash_raw(spec.iterations, spec.memory_kib, spec.parallelism,
                                   secret.data(), secret.size(), salt.data(), salt.size(),
                                   out.data(), out.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("Argon2id: ") + argon2_error_message(rc));
  return out;
}

Digest digest_of(std::string_view secret, std::string_view salt, const HashSpec& spec) {
  return spec.algorithm == HashAlgorithm::Argon2id ? argon2id(secret, salt, spec)
                                                   : sha256(salt, secret);
}

}  // namespace

StoredSecret hash_secret(std::string_view secret, std::string salt, const HashSpec& spec) {
  StoredSecret s;
  s.digest = digest_of(secret, salt, spec);
  s.salt = std::move(salt);
  s.spec = spec;
  return s;
}

bool verify_secret(const StoredSecret& stored, std::string_view candidate) {
  const Digest d = digest_of(candidate, stored.salt, stored.spec);
  return CRYPTO_memcmp(d.data(), stored.digest.data(), d.size()) == 0;
}

std::string sha256_hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  const Digest d = sha256({}, data);
  std::string out;
  out.reserve(64);
  for (const auto b : d) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace mockgate::core
