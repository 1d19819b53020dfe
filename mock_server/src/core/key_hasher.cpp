// SHA-256 through libcrypto's EVP interface: a pure digest, no I/O, so the core may use it.
#include "mockgate/core/key_hasher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace mockgate::core {
namespace {

Digest sha256(std::string_view a, std::string_view b) {
  Digest out{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned int len = 0;
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, a.data(), a.size()) == 1 &&
                  EVP_DigestUpdate(ctx, b.data(), b.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, out.data(), &len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok || len != out.size()) throw std::runtime_error("SHA-256 digest failed");
  return out;
}

}  // namespace

StoredSecret hash_secret(std::string_view secret, std::string salt) {
  StoredSecret s;
  s.digest = sha256(salt, secret);
  s.salt = std::move(salt);
  return s;
}

bool verify_secret(const StoredSecret& stored, std::string_view candidate) {
  const Digest d = sha256(stored.salt, candidate);
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
