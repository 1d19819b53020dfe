// The profile loader: the shipped profiles load, and every bad profile fails with its exact,
// pinned message (fixtures/yaml/profiles/<case>.yaml → <case>.expected).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "mockgate/server/profile_loader.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using mockgate::InputError;
using mockgate::server::load_profile;

namespace {

/// Error text with the fixture folder removed, so goldens do not depend on the checkout path.
std::string error_of(const fs::path& file) {
  try {
    (void)load_profile(file.string());
  } catch (const InputError& e) {
    std::string text = e.what();
    const std::string dir = file.parent_path().string() + "/";
    for (auto pos = text.find(dir); pos != std::string::npos; pos = text.find(dir)) {
      text.erase(pos, dir.size());
    }
    return text + "\n";
  }
  return "loaded without error\n";
}

}  // namespace

TEST_SUITE("profile_loader") {
  TEST_CASE("every shipped provider profile loads") {
    for (const auto* id : {"lisoloo", "qlara", "agile-wholesale", "agentclara"}) {
      CAPTURE(id);
      const auto p = mockgate::testing::profile(id);
      CHECK(p.id == id);
      CHECK_FALSE(p.endpoints.empty());
      CHECK(p.messages.count("en") == 1);
    }
  }

  TEST_CASE("Lisoloo has its documented environments, header, key format and an Italian locale") {
    const auto p = mockgate::testing::profile("lisoloo");
    REQUIRE(p.environments.size() == 2);
    CHECK(p.environments[0].name == "test");
    CHECK(p.environments[1].name == "live");
    CHECK(p.credentials.at(0).header == "app-key");
    CHECK(p.key_format.prefix_for("live") == "sk_live_");
    CHECK(p.key_format.length == 32);
    CHECK(p.messages.count("it") == 1);
    CHECK(p.env_var == "LISOLOO_API_KEY");
  }

  TEST_CASE("the shipped profiles' credential shorthands load as header, word and case data") {
    using mockgate::core::CredentialScheme;
    using mockgate::core::WordCase;
    const auto agentclara = mockgate::testing::profile("agentclara");
    REQUIRE(agentclara.credentials.size() == 1);
    const auto& bearer = agentclara.credentials[0];
    CHECK(bearer.scheme == CredentialScheme::Key);
    CHECK(bearer.header == "Authorization");
    CHECK(bearer.scheme_word == "Bearer");
    CHECK(bearer.word_case == WordCase::Insensitive);
    CHECK(bearer.name == "bearer");

    const auto qlara = mockgate::testing::profile("qlara");
    REQUIRE(qlara.credentials.size() == 2);
    CHECK(qlara.credentials[0].header == "X-Api-Key");
    CHECK_FALSE(qlara.credentials[0].has_scheme_word());
    CHECK(qlara.credentials[0].name == "header");
    CHECK(qlara.credentials[1].scheme == CredentialScheme::Basic);
    CHECK(qlara.credentials[1].scheme_word == "Basic");
    CHECK(qlara.credentials[1].name == "basic");
    for (const auto& e : qlara.endpoints) {
      CAPTURE(e.path);
      CHECK(e.credentials == (e.path.rfind("/authentication", 0) == 0 ? std::vector<std::string>{"header"}
                                                                         : std::vector<std::string>{}));
    }
    CHECK(qlara.url_credential_names.empty());
  }

  TEST_CASE("a profile declares scheme words, their case rule, names and URL credential names") {
    using mockgate::core::CredentialScheme;
    using mockgate::core::WordCase;
    const auto p = load_profile(MOCKGATE_TEST_FIXTURES "/profiles/accesskey-sms.yaml");
    REQUIRE(p.credentials.size() == 4);
    CHECK(p.credentials[0].header == "X-Custom-Key");
    CHECK(p.credentials[0].name == "header");
    CHECK(p.credentials[1].header == "Authorization");
    CHECK(p.credentials[1].scheme_word == "AccessKey");
    CHECK(p.credentials[1].word_case == WordCase::Exact);
    CHECK(p.credentials[1].name == "access");
    CHECK(p.credentials[2].scheme_word == "Token");
    CHECK(p.credentials[2].word_case == WordCase::Insensitive);
    CHECK(p.credentials[2].name == "token");  // by default, the word in lower case
    CHECK(p.credentials[3].scheme == CredentialScheme::Basic);
    CHECK(p.url_credential_names == std::vector<std::string>{"access_key"});
    CHECK(p.endpoints.at(1).credentials == std::vector<std::string>{"access"});
  }

  TEST_CASE("agile-wholesale serves plain HTTP only before 2026-01-15") {
    const auto p = mockgate::testing::profile("agile-wholesale");
    CHECK(p.allows_plain_http(*mockgate::core::parse_time("2026-01-14T23:59:59Z")));
    CHECK_FALSE(p.allows_plain_http(*mockgate::core::parse_time("2026-01-15T00:00:00Z")));
  }

  TEST_CASE("every bad profile fixture fails with its pinned message") {
    const fs::path dir = fs::path(MOCKGATE_TEST_FIXTURES) / "yaml" / "profiles";
    const bool update = std::getenv("MOCKGATE_UPDATE_GOLDEN") != nullptr;
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".yaml") continue;
      ++cases;
      const auto expected_path = fs::path(entry.path()).replace_extension(".expected");
      const auto actual = error_of(entry.path());
      if (update) {
        std::ofstream(expected_path, std::ios::binary) << actual;
        continue;
      }
      CAPTURE(entry.path().filename().string());
      REQUIRE(fs::exists(expected_path));
      CHECK(actual == mockgate::testing::read_file(expected_path.string()));
    }
    CHECK(cases >= 10);
  }

  TEST_CASE("an unreadable file is an input error naming the file") {
    CHECK_THROWS_WITH_AS(load_profile("/nonexistent/x.yaml"), "/nonexistent/x.yaml: cannot read the file: no such file",
                         InputError);
  }

  TEST_CASE("an unknown provider id lists the available ones") {
    CHECK_THROWS_WITH_AS(mockgate::server::find_profile("lisolo"),
                         doctest::Contains("unknown provider 'lisolo' (did you mean 'lisoloo'?)"),
                         InputError);
  }
}
