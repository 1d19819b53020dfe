// Redaction: credential names, key-shaped tokens and known secrets shown as prefix + last 4.
#include "core/redactor.hpp"

#include <doctest/doctest.h>

#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;

namespace {

const std::string kKey = "sk_live_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i";
const std::string kShown = "sk_live_…oU0i";

/// A redactor over Lisoloo's real profile (the store only lends it the key format).
struct Lisoloo {
  core::Profile profile = mockgate::testing::profile("lisoloo");
  core::KeyStore store{profile.key_format, profile.key_environments()};
  core::Redactor redactor{store, profile};

  /// Stores kKey, as a live key would be: redaction by value then finds it anywhere.
  void store_key() {
    core::KeyRecord record;
    record.id = "k1";
    record.env = "live";
    store.add(record, kKey, "salt-1");
  }
};

}  // namespace

TEST_SUITE("redactor") {
  TEST_CASE("ALL-KEY-IN-URL: generic credential parameter names are recognised in any case") {
    for (const auto* name : {"api_key", "apikey", "api-key", "key", "app-key", "app_key", "token",
                             "access_token", "x-api-key", "authorization", "secret", "API_KEY",
                             "Api-Key", "X-API-KEY", "Token", "SECRET"}) {
      CAPTURE(name);
      CHECK(core::is_generic_credential_name(name));
    }
    for (const auto* name : {"to", "limit", "q", "keys", "userId", "monkey", ""}) {
      CAPTURE(name);
      CHECK_FALSE(core::is_generic_credential_name(name));
    }
  }

  TEST_CASE("a profile adds its header names and its url_credential_names to the generic ones") {
    core::Profile p = mockgate::testing::profile("lisoloo");
    p.credentials = {core::CredentialSpec::key_in_header("X-Custom-Key")};
    p.url_credential_names = {"access_key"};
    for (const auto* name : {"X-Custom-Key", "x-custom-key", "access_key", "ACCESS_KEY", "api_key"}) {
      CAPTURE(name);
      CHECK(core::is_credential_name(name, p));
    }
    for (const auto* name : {"X-Custom", "access", "custom-key", "to"}) {
      CAPTURE(name);
      CHECK_FALSE(core::is_credential_name(name, p));
    }
    CHECK_FALSE(core::is_generic_credential_name("X-Custom-Key"));
  }

  TEST_CASE("a profile's own scheme word is shown and the key after it redacted, on any header") {
    core::Profile p = mockgate::testing::profile("lisoloo");
    p.credentials = {core::CredentialSpec::key_after_word("X-Auth", "AccessKey"),
                     core::CredentialSpec::basic("X-Auth")};
    const core::KeyStore store{p.key_format, p.key_environments()};
    const core::Redactor redactor{store, p};
    const std::string password_pair = "YWxpY2U6aHVudGVyMg==";  // alice:hunter2
    const auto out = redactor.headers({{"X-Auth", "AccessKey hunter2hunter2"},
                                       {"x-auth", "basic " + password_pair},
                                       {"Authorization", "AccessKey " + kKey}},
                                      {});
    REQUIRE(out.size() == 3);
    CHECK(out[0].value == "AccessKey …ter2");
    CHECK(out[1].value == "basic …");
    CHECK(out[2].value == "AccessKey " + kShown);
  }

  TEST_CASE("LIS-REDACT: a key is shown as its prefix, an ellipsis and its last 4") {
    const Lisoloo l;
    CHECK(l.redactor.value(kKey) == kShown);
    CHECK(l.redactor.value("sk_test_kqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i") == "sk_test_…oU0i");
  }

  TEST_CASE("key-shaped tokens anywhere in a text are redacted, the rest kept") {
    const Lisoloo l;
    CHECK(l.redactor.text("my key is " + kKey + ", ok?", {}) == "my key is " + kShown + ", ok?");
    CHECK(l.redactor.text(R"({"to":")" + kKey + R"("})", {}) == R"({"to":")" + kShown + R"("})");
    CHECK(l.redactor.text("/x/" + kKey + "/y", {}) == "/x/" + kShown + "/y");
    CHECK(l.redactor.text("nothing secret here: sk_live_ab", {}) ==
          "nothing secret here: sk_live_ab");
  }

  TEST_CASE("a prefixed token of plausible length is redacted even when malformed") {
    const Lisoloo l;
    const std::string malformed = "sk_live_abcdefgh";  // 8 characters after the prefix
    CHECK(l.redactor.looks_like_key(malformed));
    CHECK(l.redactor.text(malformed, {}) == "sk_live_…efgh");
    CHECK(l.redactor.looks_like_key(kKey));
    CHECK_FALSE(l.redactor.looks_like_key("sk_live_abc"));
    CHECK_FALSE(l.redactor.looks_like_key("hello"));
  }

  TEST_CASE("the secrets a request carried are redacted even when not key-shaped") {
    const Lisoloo l;
    const std::string secret = "hunter2hunter2";
    CHECK(l.redactor.text("password=" + secret + "&x=1", {secret}) == "password=…ter2&x=1");
  }

  TEST_CASE("ALL-NO-CLEARTEXT: credential headers are redacted by name, scheme and shape") {
    const Lisoloo l;
    const core::Headers in = {{"app-key", kKey},
                              {"Authorization", "Bearer " + kKey},
                              {"authorization", "Basic dXNlcm5hbWU6cGFzc3dvcmQ="},
                              {"X-Api-Key", kKey},
                              {"X-Note", "forwarded " + kKey},
                              {"Content-Type", "application/json"}};
    const auto out = l.redactor.headers(in, {kKey});
    REQUIRE(out.size() == in.size());
    CHECK(out[0].name == "app-key");
    CHECK(out[0].value == kShown);
    CHECK(out[1].value == "Bearer " + kShown);
    CHECK(out[2].value == "Basic …");
    CHECK(out[3].value == kShown);
    CHECK(out[4].value == "forwarded " + kShown);
    CHECK(out[5].value == "application/json");
  }

  TEST_CASE("an Authorization value without a scheme word is redacted whole") {
    const Lisoloo l;
    const auto out = l.redactor.headers({{"Authorization", kKey}}, {});
    REQUIRE(out.size() == 1);
    CHECK(out[0].value == kShown);
  }

  TEST_CASE("a scheme word with no credential after it is shown as sent: there is nothing to hide") {
    // An empty key after the word ("Token " + ""): the runner's empty-key check reads the
    // journal, and must see that nothing was sent, not an ellipsis that could hide a key.
    core::Profile p = mockgate::testing::profile("lisoloo");
    p.credentials = {core::CredentialSpec::key_after_word("Authorization", "Token", core::WordCase::Exact)};
    const core::KeyStore store{p.key_format, p.key_environments()};
    const core::Redactor redactor{store, p};
    const auto out = redactor.headers({{"Authorization", "Token "}, {"Authorization", "Token"},
                                       {"Authorization", "Bearer  "}, {"Authorization", "Tokenish"}},
                                      {});
    REQUIRE(out.size() == 4);
    CHECK(out[0].value == "Token ");
    CHECK(out[1].value == "Token");
    CHECK(out[2].value == "Bearer  ");
    CHECK(out[3].value != "Tokenish");  // not a scheme word: it may be a key, so it is hidden
  }

  TEST_CASE("a stored key inside an Authorization header's scheme word is redacted too") {
    // Found by fuzz/pipeline_fuzz.cpp: "Beare\x9f…<KEY>\x9f… sk_t" showed the scheme as sent.
    Lisoloo l;
    l.store_key();
    const auto out = l.redactor.headers({{"Authorization", "Beare\x9f" + kKey + "\x9fr sk_t"}}, {});
    REQUIRE(out.size() == 1);
    CHECK(out[0].value.find(kKey) == std::string::npos);
    CHECK(out[0].value.find(kShown) != std::string::npos);
  }

  TEST_CASE("a stored key sent percent-encoded in the raw target is hidden, encoded bytes and all") {
    Lisoloo l;
    l.store_key();
    // "sk_live_kqz3…" with its '_' and its 'k' encoded, inside a longer query value.
    const std::string encoded = "sk%5Flive_%6Bqz3pX9aB7nT2vR4wY8eD1fH6jM5oU0i";
    const auto out = l.redactor.target("/balance?q=zz" + encoded + "zz&to=%2B1", {});
    CHECK(out == "/balance?q=zz" + kShown + "zz&to=%2B1");
    // A target with nothing encoded, or encoded bytes but no key, is the text redaction's.
    CHECK(l.redactor.target("/balance?q=" + kKey, {}) == "/balance?q=" + kShown);
    CHECK(l.redactor.target("/balance?to=%2B1%zz%4", {}) == "/balance?to=%2B1%zz%4");
    // A secret of the request (not stored) is found encoded too.
    CHECK(l.redactor.target("/x?p=hunter%32%32", {"hunter22"}) == "/x?p=…er22");
  }

  TEST_CASE("no token shorter than the store's shortest key shape looks like a key, in any profile") {
    // by_shape skips shorter tokens unasked: this is what makes that safe.
    for (const std::string id : {"lisoloo", "agentclara", "agile-wholesale", "qlara"}) {
      CAPTURE(id);
      const auto profile = mockgate::testing::profile(id);
      const core::KeyStore store{profile.key_format, profile.key_environments()};
      const core::Redactor redactor{store, profile};
      const auto shortest = store.shortest_key_shape();
      const char filler = profile.key_format.alphabet.empty() ? 'a' : profile.key_format.alphabet.front();
      bool shortest_is_a_key = false;
      for (const auto& env : profile.key_environments()) {
        const auto prefix = profile.key_format.prefix_for(env);
        for (std::size_t length = prefix.size(); length < prefix.size() + 80; ++length) {
          const auto token = prefix + std::string(length - prefix.size(), filler);
          if (redactor.looks_like_key(token)) CHECK_MESSAGE(token.size() >= shortest, token);
          if (token.size() == shortest && redactor.looks_like_key(token)) {
            shortest_is_a_key = true;
            CHECK(redactor.text("x " + token + " y", {}) != "x " + token + " y");  // still redacted
          }
        }
      }
      CHECK_MESSAGE(shortest_is_a_key, "the bound is tight: a key of that length exists");
    }
  }

  TEST_CASE("text between and around key-shaped tokens is kept exactly") {
    Lisoloo l;
    const std::string unknown = "sk_live_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp";
    const std::string shown = l.redactor.value(unknown);
    CHECK(shown == "sk_live_…q0Pp");
    CHECK(l.redactor.text("a, " + unknown + ";b " + unknown, {}) == "a, " + shown + ";b " + shown);
    CHECK(l.redactor.text("no keys here: {\"to\":\"+39\"}", {}) == "no keys here: {\"to\":\"+39\"}");
    CHECK(l.redactor.text("", {}).empty());
  }
}
