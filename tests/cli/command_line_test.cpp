// `mockgate` run as a process: --version, --help for every command, `help`, an unknown command,
// and the exit codes 2 (bad input) and 3 (the client cannot be started at all).
#include <doctest/doctest.h>

#include "http/support_serve.hpp"

using mockgate::testing::run;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("cli: the command line") {
  TEST_CASE("--version prints the CMake project version") {
    const auto r = run({"--version"});
    CHECK(r.exit == "exit 0");
    CHECK(r.out == "mockgate " MOCKGATE_VERSION "\n");
  }

  TEST_CASE("every command has --help, and help lists what the command accepts") {
    const std::pair<std::string, std::vector<std::string>> commands[] = {
        {"serve", {"--provider", "--port-base", "--no-tls", "--max-body", "--journal-bytes", "Limits"}},
        {"run", {"--client", "--junit", "--json", "-j,--jobs", "--as-of", "--catalogue", "PATH"}},
        {"verify", {"--client", "--target", "--plain-target", "--keys", "--ca-file", "--provider-only"}},
        {"coverage", {"--json", "--catalogue", "--profiles"}},
        {"lint", {"-q,--quiet", "--catalogue", "--profiles"}}};
    for (const auto& [command, flags] : commands) {
      CAPTURE(command);
      const auto r = run({command, "--help"});
      CHECK(r.exit == "exit 0");
      for (const auto& flag : flags) CHECK_MESSAGE(has(r.out, flag), flag);
      CHECK(run({"help", command}).out == r.out);
    }
    const auto top = run({"--help"});
    CHECK(top.exit == "exit 0");
    for (const auto* word : {"serve", "run", "verify", "coverage", "lint", "Exit codes: 0 ok"}) CHECK(has(top.out, word));
  }

  TEST_CASE("no command, or one that does not exist, is bad input with a suggestion") {
    const auto none = run({});
    CHECK(none.exit == "exit 2");
    CHECK(has(none.err, "serve"));
    const auto typo = run({"srve", "--provider", "lisoloo"});
    CHECK(typo.exit == "exit 2");
    CHECK(has(typo.err, "mockgate: unknown command 'srve' (did you mean 'serve'?)"));
  }

  TEST_CASE("run refuses bad input with exit 2 before any scenario runs") {
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{"run"}, "--client \"COMMAND\" is required"},
        {{"run", "--client", "builtin:cpp"}, "builtin:cpp is no longer built in"},
        {{"run", "--client", "builtin:nosuch"}, "unknown built-in client 'builtin:nosuch'"},
        {{"run", "--client", "builtin:profile", "--junit", "/nonexistent-mockgate-dir/r.xml"},
         "--junit: no such folder: /nonexistent-mockgate-dir"},
        {{"run", "--client", "builtin:profile", "-j"}, "mockgate run: --jobs needs a value"},
        {{"run", "--client", "builtin:profile", "--filter", "nosuch/*"}, "no scenario matches"},
        {{"verify", "--target", "live=http://127.0.0.1:9"}, "--target needs exactly one --provider"}};
    for (const auto& [args, message] : cases) {
      CAPTURE(message);
      const auto r = run(args);
      CHECK(r.exit == "exit 2");
      CHECK(has(r.err, message));
      CHECK_FALSE(has(r.out, "passed"));
    }
  }

  TEST_CASE("a client that cannot be started at all is exit 3, not a run of failed scenarios") {
    const auto r = run({"run", "--client", "mockgate-no-such-client-xyz --verbose", "--provider", "lisoloo"});
    CHECK(r.exit == "exit 3");
    CHECK(has(r.err, "mockgate run: the client cannot be started: 'mockgate-no-such-client-xyz' is not found on PATH"));
    CHECK_FALSE(has(r.out, "passed"));
  }
}
