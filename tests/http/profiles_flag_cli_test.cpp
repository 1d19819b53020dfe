// A provider that is not bundled, found the documented ways: `--profiles DIR` (repeatable,
// before the bundled profiles), $MOCKGATE_PROFILE_DIR (the same), and its behaviour IDs from
// `--catalogue FILE` (repeatable, merged) — on lint, serve, run and coverage alike.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "http/support_serve.hpp"
#include "support/scratch_dir.hpp"
#include "support/test_support.hpp"

namespace {

using mockgate::testing::run;
using mockgate::testing::ScratchDir;

const std::string kBundledCatalogue = MOCKGATE_TEST_PROFILES "/../catalogue.yaml";

using mockgate::testing::read_file;

/// `text` with its `id: FROM` line naming `to` instead.
std::string renamed(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find("\nid: " + from + "\n");
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size() + 6, "\nid: " + to + "\n");
}

/// A team's own provider "acme" (Lisoloo's rules under another id), one scenario citing its
/// own behaviour ID, and the catalogue that defines it; none of it is bundled.
struct TeamProvider {
  ScratchDir dir{"mockgate-team-provider"};
  std::string profiles, scenarios, catalogue;
  TeamProvider() {
    std::filesystem::create_directories(dir.path / "profiles");
    std::filesystem::create_directories(dir.path / "acme");
    profiles = dir.at("profiles");
    scenarios = dir.at("acme");
    dir.write("profiles/acme.yaml", renamed(read_file(MOCKGATE_TEST_PROFILES "/lisoloo.yaml"), "lisoloo", "acme"));
    dir.write("acme/suspended-key.yaml", R"(id: acme/suspended-key
provider: acme
title: A suspended key gets 403
covers: [ACME-403-SUSPENDED]
given:
  keys: [{name: main, env: live, status: suspended}]
when: {env: live, operation: send_sms, credential: main, params: {to: "+393351234567", text: "Hi"}}
then:
  outcome: {ok: false, status: 403}
)");
    catalogue = dir.write("acme-catalogue.yaml", R"(behaviours:
  - id: ACME-403-SUSPENDED
    provider: acme
    statement: "a suspended key gets 403"
    source: "acme's document, section 2"
    kind: documented
)");
  }
};

}  // namespace

TEST_SUITE("cli.profiles") {
  TEST_CASE("a provider outside the bundled ones is unknown until its folder is named") {
    TeamProvider team;
    const auto bare = run({"lint", team.scenarios});
    CHECK(bare.exit == "exit 2");
    CHECK(bare.err.find("unknown provider 'acme'") != std::string::npos);

    const auto found = run({"lint", "--profiles", team.profiles, "--catalogue", team.catalogue, team.scenarios});
    CHECK(found.exit == "exit 0");
    CHECK(found.err == "");
    CHECK(found.out.find("1 file checked, 0 with errors") != std::string::npos);
  }

  TEST_CASE("without --catalogue, a scenario citing the team's own IDs is refused by the bundled catalogue") {
    TeamProvider team;
    const auto r = run({"lint", "--profiles", team.profiles, team.scenarios});
    CHECK(r.exit == "exit 2");
    CHECK(r.err.find("unknown behaviour ID 'ACME-403-SUSPENDED'") != std::string::npos);
  }

  TEST_CASE("MOCKGATE_PROFILE_DIR is the same as --profiles") {
    TeamProvider team;
    mockgate::testing::ChildProcess p({"/usr/bin/env", "MOCKGATE_PROFILE_DIR=/nonexistent:" + team.profiles,
                                       MOCKGATE_BINARY, "lint", "--catalogue", team.catalogue, team.scenarios});
    const auto code = p.wait_exit(std::chrono::seconds(10));
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK(p.err() == "");
  }

  TEST_CASE("several catalogues are one, an ID two of them define is refused, naming both files") {
    TeamProvider team;
    const auto both = run({"lint", "--profiles", team.profiles, "--catalogue", kBundledCatalogue, "--catalogue",
                           team.catalogue, team.scenarios, MOCKGATE_TEST_PROFILES "/../lisoloo"});
    CHECK(both.exit == "exit 0");
    CHECK(both.err == "");

    const auto twice = team.dir.write("twice.yaml", read_file(team.catalogue));
    const auto clash = run({"lint", "--profiles", team.profiles, "--catalogue", team.catalogue, "--catalogue",
                            twice, team.scenarios});
    CHECK(clash.exit == "exit 2");
    CHECK(clash.err.find(twice + ": behaviour 'ACME-403-SUSPENDED' is also defined in " + team.catalogue) !=
          std::string::npos);
  }

  TEST_CASE("a --profiles folder comes before the bundled profiles, and serve lists what it finds") {
    TeamProvider team;
    // A folder whose lisoloo.yaml is another profile: it wins over the bundled lisoloo.
    std::filesystem::create_directories(team.dir.path / "shadow");
    team.dir.write("shadow/lisoloo.yaml",
                   renamed(read_file(MOCKGATE_TEST_FIXTURES "/profiles/accesskey-sms.yaml"), "accesskey-sms", "lisoloo"));
    mockgate::testing::Served s({"lisoloo", "acme"}, 3,
                                {"--profiles", team.dir.at("shadow"), "--profiles", team.profiles});
    REQUIRE(s.ready.size() == 3);  // the shadow's one environment, then acme's two
    CHECK(s.ready[0].at("provider") == "lisoloo");
    CHECK(s.ready[0].at("env") == "live");
    CHECK(s.ready[1].at("provider") == "acme");

    const auto listed = run({"serve", "--no-tls", "--profiles", team.profiles});
    CHECK(listed.exit == "exit 2");
    CHECK(listed.err.find("(available: acme, ") != std::string::npos);
  }

  TEST_CASE("run and coverage read the same flags") {
    TeamProvider team;
    // `true` reports nothing: the scenario loaded and ran, and the client failed it (exit 1, not 2).
    const auto r = run({"run", "--profiles", team.profiles, "--catalogue", team.catalogue, "--client", "true",
                        team.scenarios}, std::chrono::seconds(30));
    CHECK(r.exit == "exit 1");
    CHECK(r.out.find("acme/suspended-key") != std::string::npos);

    const auto c = run({"coverage", "--profiles", team.profiles, "--catalogue", team.catalogue, team.scenarios});
    CHECK(c.exit == "exit 0");
    CHECK(c.out.find("covered    ACME-403-SUSPENDED") != std::string::npos);
  }

  TEST_CASE("--profiles names a folder, or the command stops with exit 2") {
    for (const auto* command : {"lint", "serve", "run", "verify", "coverage"}) {
      CAPTURE(command);
      const auto r = run({command, "--profiles", "/nonexistent/profiles"});
      CHECK(r.exit == "exit 2");
      CHECK(r.err.find("--profiles: no such folder: /nonexistent/profiles") != std::string::npos);
    }
  }
}
