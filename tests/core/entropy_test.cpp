// Randomness from an injected source: tokens from an alphabet, v4 UUIDs, raw bytes.
#include "mockgate/core/entropy.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::SeededEntropy;

namespace {

/// A source that always gives the same byte, to force rejection sampling's hand.
class ConstantEntropy final : public core::Entropy {
 public:
  explicit ConstantEntropy(std::uint8_t byte) : byte_(byte) {}
  void fill(std::uint8_t* out, std::size_t size) override {
    for (std::size_t i = 0; i < size; ++i) out[i] = byte_;
  }

 private:
  std::uint8_t byte_;
};

const std::string kBase62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

}  // namespace

TEST_SUITE("entropy") {
  TEST_CASE("a token has the length asked for and only characters of the alphabet") {
    SeededEntropy e;
    for (const std::size_t length :
         {std::size_t{0}, std::size_t{1}, std::size_t{32}, std::size_t{40}}) {
      const auto token = core::random_token(e, kBase62, length);
      CHECK(token.size() == length);
      CHECK(token.find_first_not_of(kBase62) == std::string::npos);
    }
  }

  TEST_CASE("tokens from a seeded source are repeatable, and differ from one draw to the next") {
    SeededEntropy a(42);
    SeededEntropy b(42);
    const auto first = core::random_token(a, kBase62, 32);
    CHECK(first == core::random_token(b, kBase62, 32));
    CHECK(core::random_token(a, kBase62, 32) != first);
  }

  TEST_CASE("bytes that would bias the choice are rejected, not folded") {
    // 256 % 62 = 8: bytes 248..255 must be skipped, or the first 8 letters come up more often.
    ConstantEntropy low(0);
    CHECK(core::random_token(low, kBase62, 4) == "AAAA");
    ConstantEntropy last_fair(247);
    CHECK(core::random_token(last_fair, kBase62, 2) == std::string(2, kBase62[247 % 62]));
  }

  TEST_CASE("an empty alphabet gives an empty token") {
    SeededEntropy e;
    CHECK(core::random_token(e, "", 10).empty());
  }

  TEST_CASE("a UUID is in canonical version 4 form") {
    SeededEntropy e;
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
      const auto id = core::random_uuid(e);
      REQUIRE(id.size() == 36);
      CHECK(id[8] == '-');
      CHECK(id[13] == '-');
      CHECK(id[18] == '-');
      CHECK(id[23] == '-');
      CHECK(id[14] == '4');
      CHECK(std::string("89ab").find(id[19]) != std::string::npos);
      CHECK(id.find_first_not_of("0123456789abcdef-") == std::string::npos);
      seen.insert(id);
    }
    CHECK(seen.size() == 50);
  }

  TEST_CASE("random bytes have the size asked for") {
    SeededEntropy e;
    CHECK(core::random_bytes(e, 16).size() == 16);
    CHECK(core::random_bytes(e, 0).empty());
    CHECK(core::random_bytes(e, 16) != core::random_bytes(e, 16));
  }
}
