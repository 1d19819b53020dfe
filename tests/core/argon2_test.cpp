// Argon2id hashing, as document 004's gateway does it: per profile, real cost, same contract.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "mockgate/core/key_hasher.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "support/test_support.hpp"

using namespace mockgate;

namespace {

core::HashSpec cheap_argon2() {
  core::HashSpec spec;
  spec.algorithm = core::HashAlgorithm::Argon2id;
  spec.memory_kib = 64;  // tests want the algorithm, not the cost
  spec.iterations = 1;
  return spec;
}

/// The shipped lisoloo profile with `first_line` put before it.
std::string lisoloo_with(const std::string& first_line) {
  std::ifstream in(std::string(MOCKGATE_TEST_PROFILES) + "/lisoloo.yaml");
  return first_line + "\n" + std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_SUITE("argon2") {
  TEST_CASE("an Argon2id-stored secret verifies its own value and nothing else") {
    const auto stored = core::hash_secret("sk_live_0123456789abcdefghijABCDEFGHIJKL", "0123456789abcdef", cheap_argon2());
    CHECK(core::verify_secret(stored, "sk_live_0123456789abcdefghijABCDEFGHIJKL"));
    CHECK_FALSE(core::verify_secret(stored, "sk_live_0123456789abcdefghijABCDEFGHIJKM"));
    CHECK_FALSE(core::verify_secret(stored, ""));
  }

  TEST_CASE("Argon2id and SHA-256 digests of one secret differ") {
    const auto a = core::hash_secret("secret-value", "salt-salt-salt-1", cheap_argon2());
    const auto s = core::hash_secret("secret-value", "salt-salt-salt-1");
    CHECK(a.digest != s.digest);
  }

  TEST_CASE("Argon2id's digest is the RFC 9106 function of its inputs (repeatable, salt-bound)") {
    const auto a1 = core::hash_secret("password", "somesaltsomesalt", cheap_argon2());
    const auto a2 = core::hash_secret("password", "somesaltsomesalt", cheap_argon2());
    const auto other = core::hash_secret("password", "othersaltothersa", cheap_argon2());
    CHECK(a1.digest == a2.digest);
    CHECK(a1.digest != other.digest);
  }

  TEST_CASE("a profile asking for argon2id authenticates keys through it, end to end") {
    auto profile = server::load_profile_text(
        "lisoloo-argon2.yaml", lisoloo_with("hash: {algorithm: argon2id, memory_kib: 64, iterations: 1}"));
    REQUIRE(profile.hash.algorithm == core::HashAlgorithm::Argon2id);
    testing::ManualTime time;
    testing::SeededEntropy entropy;
    core::ProviderState state(std::move(profile), time, entropy);
    const auto key = state.create_key({.env = "live"}, "live");
    CHECK(key.record.secret.spec.algorithm == core::HashAlgorithm::Argon2id);
    const auto ok = state.handle(core::Request::make("GET", "/api/v1/lisoloo/sms-api/balance", {{"app-key", key.value}}), "live");
    CHECK(ok.status == 200);
    auto wrong = key.value;
    wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
    const auto bad = state.handle(core::Request::make("GET", "/api/v1/lisoloo/sms-api/balance", {{"app-key", wrong}}), "live");
    CHECK(bad.status == 401);
  }

  TEST_CASE("an unknown hash algorithm is refused with its place in the file") {
    CHECK_THROWS_WITH_AS(server::load_profile_text("p.yaml", lisoloo_with("hash: bcrypt")),
                         doctest::Contains("p.yaml:1:7: unknown hash algorithm 'bcrypt'"), InputError);
  }
}
