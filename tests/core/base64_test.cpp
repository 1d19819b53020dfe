// Strict base64 (RFC 4648): the test vectors, and every malformed input Basic auth must refuse.
#include "core/base64.hpp"

#include <doctest/doctest.h>

#include <string>

namespace core = mockgate::core;

TEST_SUITE("base64") {
  TEST_CASE("the RFC 4648 test vectors encode and decode both ways") {
    const std::pair<const char*, const char*> vectors[] = {
        {"f", "Zg=="},        {"fo", "Zm8="},        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
      CAPTURE(plain);
      CHECK(core::base64_encode(plain) == encoded);
      CHECK(core::base64_decode(encoded) == std::optional<std::string>(plain));
    }
    CHECK(core::base64_encode("") == "");
  }

  TEST_CASE("the documents' Basic example is username:password") {
    CHECK(core::base64_encode("username:password") == "dXNlcm5hbWU6cGFzc3dvcmQ=");
    CHECK(core::base64_decode("dXNlcm5hbWU6cGFzc3dvcmQ=") ==
          std::optional<std::string>("username:password"));
  }

  TEST_CASE("every byte value survives a round trip") {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
    for (std::size_t len = 0; len <= 4; ++len) {
      CAPTURE(len);
      const std::string data = bytes.substr(0, bytes.size() - len);
      CHECK(core::base64_decode(core::base64_encode(data)) == std::optional<std::string>(data));
    }
  }

  TEST_CASE("malformed base64 decodes to nothing") {
    SUBCASE("a length that is not a multiple of four") {
      CHECK_FALSE(core::base64_decode("Zm9").has_value());
      CHECK_FALSE(core::base64_decode("Zm9vY").has_value());
    }
    SUBCASE("a character outside the standard alphabet") {
      CHECK_FALSE(core::base64_decode("Zm9!").has_value());
      CHECK_FALSE(core::base64_decode("Zm-_").has_value());  // the URL-safe alphabet is not Basic's
      CHECK_FALSE(core::base64_decode("Zm 9").has_value());
    }
    SUBCASE("padding in the wrong place") {
      CHECK_FALSE(core::base64_decode("Z===").has_value());
      CHECK_FALSE(core::base64_decode("====").has_value());
      CHECK_FALSE(core::base64_decode("Zg=a").has_value());
      CHECK_FALSE(core::base64_decode("Zg==Zm9v").has_value());
    }
    SUBCASE("whitespace or a line break inside") {
      CHECK_FALSE(core::base64_decode("Zm9v\nYmFy").has_value());
    }
  }
}
