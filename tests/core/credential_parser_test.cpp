// Credential extraction: header-name and scheme-word case, strict formats, scheme precedence.
#include "mockgate/core/credential_parser.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "mockgate/core/base64.hpp"

namespace core = mockgate::core;
using core::CredentialKind;
using core::CredentialScheme;

namespace {

const std::vector<core::CredentialSpec> kAppKey = {{CredentialScheme::HeaderKey, "app-key"}};
const std::vector<core::CredentialSpec> kKeyThenBasic = {
    {CredentialScheme::HeaderKey, "X-Api-Key"}, {CredentialScheme::Basic, "Authorization"}};
const std::vector<core::CredentialSpec> kBearer = {{CredentialScheme::Bearer, "Authorization"}};

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
      CHECK(c.scheme == CredentialScheme::HeaderKey);
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
      CHECK(c.scheme == CredentialScheme::Bearer);
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
    const std::vector<core::CredentialSpec> both = {{CredentialScheme::Bearer, "Authorization"},
                                                    {CredentialScheme::Basic, "Authorization"}};
    const auto bearer = parse(both, {{"Authorization", "Bearer " + kKey}});
    CHECK(bearer.kind == CredentialKind::Key);
    CHECK(bearer.key == kKey);
    const auto basic_auth = parse(both, {{"Authorization", basic("alice:secret")}});
    CHECK(basic_auth.kind == CredentialKind::Basic);
    CHECK(basic_auth.username == "alice");
    CHECK(parse(both, {{"Authorization", "Token " + kKey}}).kind == CredentialKind::Malformed);
  }
}
