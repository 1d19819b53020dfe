// Stored secrets: salted digests, constant-time verification, hex fingerprints.
#include "mockgate/core/key_hasher.hpp"

#include <doctest/doctest.h>

#include <string>

namespace core = mockgate::core;

TEST_SUITE("key_hasher") {
  TEST_CASE("SHA-256 fingerprints match the FIPS 180-2 test vectors") {
    CHECK(core::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(core::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  TEST_CASE("a stored secret verifies its own value and nothing else") {
    const auto stored = core::hash_secret("sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i", "salt");
    CHECK(stored.salt == "salt");
    CHECK(core::verify_secret(stored, "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i"));
    CHECK_FALSE(core::verify_secret(stored, "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0j"));
    CHECK_FALSE(core::verify_secret(stored, ""));
  }

  TEST_CASE("the same secret with another salt has another digest") {
    const auto a = core::hash_secret("secret", "salt-a");
    const auto b = core::hash_secret("secret", "salt-b");
    CHECK(a.digest != b.digest);
    CHECK(core::verify_secret(a, "secret"));
    CHECK(core::verify_secret(b, "secret"));
  }

  TEST_CASE("the default digest is SHA-256 over the salt then the secret") {
    const auto stored = core::hash_secret("secret", "salt");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (const auto byte : stored.digest) {
      hex.push_back(kHex[byte >> 4]);
      hex.push_back(kHex[byte & 15]);
    }
    CHECK(hex == core::sha256_hex("saltsecret"));
  }
}
