// Credential extraction: header-name and scheme-word case, strict formats, scheme precedence.
#include "core/credential_parser.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/base64.hpp"

namespace core = mockgate::core;
using core::CredentialKind;
using core::CredentialScheme;
using Spec = core::CredentialSpec;

namespace {

const std::vector<Spec> kAppKey = {Spec::key_in_header("app-key")};
const std::vector<Spec> kKeyThenBasic = {Spec::key_in_header("X-Api-Key"),
                                         Spec::basic("Authorization")};
const std::vector<Spec> kBearer = {Spec::key_after_word("Authorization", "Bearer")};

const std::string kKey = "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i";

core::Credential parse(const std::vector<core::CredentialSpec>& schemes, core::Headers headers) {
  return core::extract_credential(schemes, headers);
}

std::string basic(const std::string& user_colon_password) {
  return "Basic " + core::base64_encode(user_colon_password);
}

}  // namespace

TEST_SUITE("credential_parser") {
  TEST_CASE("a request without any scheme's header has no credential") {
    const auto c = parse(kKeyThenBasic, {{"Content-Type", "application/json"}});
    CHECK(c.kind == CredentialKind::Missing);
    CHECK_FALSE(c.has_credential());
  }

  TEST_CASE("a header key is found whatever the case of the header name") {
    for (const auto* name : {"app-key", "APP-KEY", "App-Key", "aPp-KeY"}) {
      CAPTURE(name);
      const auto c = parse(kAppKey, {{name, kKey}});
      CHECK(c.kind == CredentialKind::Key);
      CHECK(c.has_credential());
      CHECK(c.key == kKey);
      CHECK(c.header == "app-key");
      CHECK(c.scheme == CredentialScheme::Key);
    }
  }

  TEST_CASE("a header that is empty or only spaces is an empty credential") {
    for (const auto* value : {"", " ", "   ", "\t"}) {
      CAPTURE(std::string(value));
      CHECK(parse(kAppKey, {{"app-key", value}}).kind == CredentialKind::Empty);
      CHECK(parse(kBearer, {{"Authorization", value}}).kind == CredentialKind::Empty);
    }
  }

  TEST_CASE("a header key with whitespace or a control character inside is malformed") {
    const std::vector<std::string> values = {"sk_live_abc def", "sk_live_abc\tdef", "sk_\x01live"};
    for (const auto& value : values) {
      CHECK(parse(kAppKey, {{"app-key", value}}).kind == CredentialKind::Malformed);
    }
  }

  TEST_CASE("Bearer takes exactly one space and a key without whitespace") {
    SUBCASE("the documented form is a key") {
      const auto c = parse(kBearer, {{"Authorization", "Bearer " + kKey}});
      CHECK(c.kind == CredentialKind::Key);
      CHECK(c.key == kKey);
      CHECK(c.scheme == CredentialScheme::Key);
    }
    SUBCASE("the scheme word is case-insensitive (RFC 9110)") {
      for (const auto* word : {"bearer ", "BEARER ", "bEaReR "}) {
        CAPTURE(word);
        const auto c = parse(kBearer, {{"authorization", word + kKey}});
        CHECK(c.kind == CredentialKind::Key);
        CHECK(c.key == kKey);
      }
    }
    SUBCASE("every other shape is malformed") {
      const std::vector<std::string> values = {
          "Bearer" + kKey, "Bearer  " + kKey,        "Basic " + kKey,  "Token " + kKey, kKey,
          "Bearer",        "Bearer sk_live_abc def", "Bearer\t" + kKey};
      for (const auto& value : values) {
        CAPTURE(value);
        CHECK(parse(kBearer, {{"Authorization", value}}).kind == CredentialKind::Malformed);
      }
    }
  }

  TEST_CASE("Basic credentials decode to a username and a password") {
    SUBCASE("the documents' example") {
      const auto c = parse(kKeyThenBasic, {{"Authorization", "Basic dXNlcm5hbWU6cGFzc3dvcmQ="}});
      CHECK(c.kind == CredentialKind::Basic);
      CHECK(c.username == "username");
      CHECK(c.password == "password");
      CHECK(c.scheme == CredentialScheme::Basic);
    }
    SUBCASE("the password may hold colons: the first colon splits") {
      const auto c = parse(kKeyThenBasic, {{"Authorization", basic("alice:pa:ss")}});
      CHECK(c.kind == CredentialKind::Basic);
      CHECK(c.username == "alice");
      CHECK(c.password == "pa:ss");
    }
    SUBCASE("the scheme word and header name are case-insensitive") {
      const auto c =
          parse(kKeyThenBasic, {{"AUTHORIZATION", "basic " + core::base64_encode("alice:secret")}});
      CHECK(c.kind == CredentialKind::Basic);
      CHECK(c.username == "alice");
    }
  }

  TEST_CASE("malformed Basic credentials are refused, never guessed at") {
    std::string value;
    SUBCASE("bad base64") { value = "Basic !!not-base64!!"; }
    SUBCASE("base64 without padding") { value = "Basic YWxpY2U6c2VjcmV0MQ"; }
    SUBCASE("no colon") { value = basic("alicesecret"); }
    SUBCASE("no username before the colon") { value = basic(":secret"); }
    SUBCASE("another scheme") { value = "Bearer x"; }
    SUBCASE("no space after the scheme word") { value = "Basic" + core::base64_encode("a:b"); }
    SUBCASE("two spaces after the scheme word") { value = "Basic  " + core::base64_encode("a:b"); }
    CAPTURE(value);
    CHECK(parse(kKeyThenBasic, {{"Authorization", value}}).kind == CredentialKind::Malformed);
  }

  TEST_CASE("Basic credentials must be canonical base64, as the parser's contract says") {
    // "a:bc" is "YTpiYw=="; "YTpiYx==" decodes to the same bytes with non-zero padding bits.
    REQUIRE(core::base64_encode("a:bc") == "YTpiYw==");
    CHECK(parse(kKeyThenBasic, {{"Authorization", "Basic YTpiYw=="}}).kind ==
          CredentialKind::Basic);
    CHECK(parse(kKeyThenBasic, {{"Authorization", "Basic YTpiYx=="}}).kind ==
          CredentialKind::Malformed);
  }

  TEST_CASE("when a key header and Authorization are both sent, the key header decides") {
    SUBCASE("a key wins over valid Basic credentials") {
      const auto c =
          parse(kKeyThenBasic, {{"Authorization", basic("alice:secret")}, {"X-Api-Key", "KEY123"}});
      CHECK(c.kind == CredentialKind::Key);
      CHECK(c.key == "KEY123");
    }
    SUBCASE("an empty key header still decides") {
      const auto c =
          parse(kKeyThenBasic, {{"X-Api-Key", ""}, {"Authorization", basic("alice:secret")}});
      CHECK(c.kind == CredentialKind::Empty);
    }
    SUBCASE("without the key header, Basic is used") {
      const auto c = parse(kKeyThenBasic, {{"Authorization", basic("alice:secret")}});
      CHECK(c.kind == CredentialKind::Basic);
    }
  }

  TEST_CASE("when Bearer and Basic share Authorization, the scheme word picks the scheme") {
    const std::vector<Spec> both = {Spec::key_after_word("Authorization", "Bearer"),
                                    Spec::basic("Authorization")};
    const auto bearer = parse(both, {{"Authorization", "Bearer " + kKey}});
    CHECK(bearer.kind == CredentialKind::Key);
    CHECK(bearer.key == kKey);
    const auto basic_auth = parse(both, {{"Authorization", basic("alice:secret")}});
    CHECK(basic_auth.kind == CredentialKind::Basic);
    CHECK(basic_auth.username == "alice");
    CHECK(parse(both, {{"Authorization", "Token " + kKey}}).kind == CredentialKind::Malformed);
  }

  TEST_CASE("a scheme word is data: AccessKey takes the key after it, as Bearer does") {
    const std::vector<Spec> access = {Spec::key_after_word("Authorization", "AccessKey")};
    SUBCASE("the declared form is a key") {
      const auto c = parse(access, {{"Authorization", "AccessKey " + kKey}});
      CHECK(c.kind == CredentialKind::Key);
      CHECK(c.key == kKey);
      CHECK(c.header == "Authorization");
    }
    SUBCASE("by default the word is case-insensitive (RFC 9110)") {
      for (const auto* word : {"accesskey ", "ACCESSKEY ", "aCcEsSkEy "}) {
        CAPTURE(word);
        CHECK(parse(access, {{"authorization", word + kKey}}).kind == CredentialKind::Key);
      }
    }
    SUBCASE("every other shape is malformed") {
      const std::vector<std::string> values = {
          "AccessKey" + kKey,          // no space
          "AccessKey  " + kKey,        // two spaces
          "AccessKey ",                // empty token
          "AccessKey",                 // the word alone
          "Bearer " + kKey,            // a word this profile does not declare
          "Access " + kKey,            // a prefix of the word
          "AccessKeys " + kKey,        // the word with more after it
          "AccessKey sk_live_abc def", // whitespace inside the key
          kKey};
      for (const auto& value : values) {
        CAPTURE(value);
        CHECK(parse(access, {{"Authorization", value}}).kind == CredentialKind::Malformed);
      }
    }
  }

  TEST_CASE("a word declared exact matches only as spelled") {
    const std::vector<Spec> exact = {
        Spec::key_after_word("Authorization", "SSWS", core::WordCase::Exact)};
    CHECK(parse(exact, {{"Authorization", "SSWS " + kKey}}).kind == CredentialKind::Key);
    for (const auto* word : {"ssws ", "Ssws ", "SSWs "}) {
      CAPTURE(word);
      CHECK(parse(exact, {{"Authorization", word + kKey}}).kind == CredentialKind::Malformed);
    }
  }

  TEST_CASE("a scheme word may live on a header other than Authorization") {
    const std::vector<Spec> custom = {Spec::key_after_word("X-Auth", "Token")};
    const auto c = parse(custom, {{"x-auth", "Token " + kKey}});
    CHECK(c.kind == CredentialKind::Key);
    CHECK(c.key == kKey);
    CHECK(parse(custom, {{"Authorization", "Token " + kKey}}).kind == CredentialKind::Missing);
  }

  TEST_CASE("two words sharing Authorization: the word sent picks the scheme, each by its rule") {
    const std::vector<Spec> two = {
        Spec::key_after_word("Authorization", "AccessKey", core::WordCase::Exact),
        Spec::key_after_word("Authorization", "Token"), Spec::basic("Authorization")};
    SUBCASE("each declared word gives its credential") {
      CHECK(parse(two, {{"Authorization", "AccessKey " + kKey}}).key == kKey);
      CHECK(parse(two, {{"Authorization", "token " + kKey}}).key == kKey);
      const auto b = parse(two, {{"Authorization", basic("alice:secret")}});
      CHECK(b.kind == CredentialKind::Basic);
      CHECK(b.username == "alice");
    }
    SUBCASE("the exact word in another case, or an unknown word, is malformed") {
      for (const auto& value : {"accesskey " + kKey, "Bearer " + kKey, "TokenX " + kKey}) {
        CAPTURE(value);
        CHECK(parse(two, {{"Authorization", value}}).kind == CredentialKind::Malformed);
      }
    }
    SUBCASE("a declared word in a malformed shape stays malformed, not another scheme's") {
      CHECK(parse(two, {{"Authorization", "Token  " + kKey}}).kind == CredentialKind::Malformed);
      CHECK(parse(two, {{"Authorization", "Token "}}).kind == CredentialKind::Malformed);
      CHECK(parse(two, {{"Authorization", "Basic " + kKey}}).kind == CredentialKind::Malformed);
    }
    SUBCASE("a blank header is empty, whichever scheme would have read it") {
      CHECK(parse(two, {{"Authorization", "  "}}).kind == CredentialKind::Empty);
    }
  }
}
