// The command line read in-process: flag values, undeclared flags with a suggestion, CLI11's
// errors in mockgate's words, and the client program checked before a run.
#include <doctest/doctest.h>

#include "client_choice.hpp"
#include "commands.hpp"
#include "flag_values.hpp"
#include "flags.hpp"
#include "mockgate/input_error.hpp"

using namespace mockgate::cli;

namespace {

/// What a function refused with, or "" when it did not throw InputError.
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const mockgate::InputError& e) {
    return e.what();
  }
  return "";
}

/// Parses `args` (after "mockgate") with every command declared, then refuses what is undeclared.
void parse(std::vector<std::string> args) {
  CLI::App app{"test", "mockgate"};
  const std::vector<Command> commands = {add_serve_command(app), add_run_command(app), add_verify_command(app),
                                         add_coverage_command(app), add_lint_command(app)};
  std::reverse(args.begin(), args.end());  // CLI11 reads a vector from its back
  app.parse(args);
  for (const auto& c : commands) {
    if (c.app->parsed()) refuse_undeclared(*c.app);
  }
}

}  // namespace

TEST_SUITE("cli: flags") {
  TEST_CASE("values are read or refused naming the command, the flag and what is allowed") {
    CHECK(whole_number("serve", "--port-base", "8080", 1, 65535) == 8080);
    CHECK(refusal([] { whole_number("serve", "--port-base", "80x", 1, 65535); }) ==
          "mockgate serve: --port-base: '80x' is not a whole number from 1 to 65535");
    CHECK(size_in_bytes("serve", "--max-body", "8MiB", std::size_t{1} << 30) == 8u * 1024 * 1024);
    CHECK(size_in_bytes("serve", "--max-body", "512", 1024) == 512);
    CHECK(refusal([] { size_in_bytes("serve", "--max-body", "2KiB", 1024); })
              .find("--max-body: '2KiB' is not a size from 1 byte to 1024") != std::string::npos);
    CHECK(duration("serve", "--head-timeout", "500ms", std::chrono::hours(1)) == std::chrono::milliseconds(500));
    CHECK(duration("serve", "--head-timeout", "2m", std::chrono::hours(1)) == std::chrono::minutes(2));
    CHECK(refusal([] { duration("serve", "--head-timeout", "0", std::chrono::hours(1)); })
              .find("is not a duration from 1ms to 3600s") != std::string::npos);
    CHECK(refusal([] { point_in_time("run", "--as-of", "yesterday"); }) ==
          "mockgate run: --as-of: 'yesterday' is not a date or RFC 3339 time (2026-01-10T00:00:00Z)");
    CHECK(env_and_url("verify", "--target", "live=https://api.example.com//") ==
          std::pair<std::string, std::string>{"live", "https://api.example.com"});
    CHECK(refusal([] { env_and_url("verify", "--target", "https://api.example.com"); })
              .find("--target takes ENV=URL") != std::string::npos);
  }

  TEST_CASE("an undeclared flag is refused with the nearest declared one, an extra word as unexpected") {
    CHECK(refusal([] { parse({"serve", "--provdier", "lisoloo"}); }) ==
          "mockgate serve: unknown flag '--provdier' (did you mean '--provider'?)");
    CHECK(refusal([] { parse({"serve", "--head-timout=1s"}); }).find("did you mean '--head-timeout'?") !=
          std::string::npos);
    CHECK(refusal([] { parse({"lint", "--catalouge", "c.yaml"}); }).find("did you mean '--catalogue'?") !=
          std::string::npos);
    CHECK(refusal([] { parse({"serve", "lisoloo"}); }) == "mockgate serve: unexpected argument 'lisoloo'");
    // verify's flags belong to verify alone
    CHECK(refusal([] { parse({"run", "--target", "live=http://127.0.0.1:1"}); })
              .find("mockgate run: unknown flag '--target'") != std::string::npos);
    CHECK(refusal([] { parse({"verify", "--target", "live=http://127.0.0.1:1"}); }).empty());
  }

  TEST_CASE("a flag's value is refused while the command line is read, before anything runs") {
    CHECK(refusal([] { parse({"serve", "--max-headers", "x1"}); }) ==
          "mockgate serve: --max-headers: 'x1' is not a whole number from 1 to 100000");
    // One name in every message about the flag, whichever the user typed: its long one.
    CHECK(refusal([] { parse({"run", "-j", "0"}); }) == "mockgate run: --jobs: '0' is not a whole number from 1 to 256");
    CHECK(refusal([] { parse({"run", "--jobs=300"}); }).find("--jobs: '300'") != std::string::npos);
  }

  TEST_CASE("CLI11's missing value reads like the other flag errors") {
    try {
      parse({"serve", "--port-base"});
      FAIL("a flag without its value was accepted");
    } catch (const CLI::ParseError& e) {
      CHECK(parse_error_message(e) == "--port-base needs a value");
    }
  }

  TEST_CASE("a client program that cannot be started is found before the first scenario") {
    CHECK(program_problem("mockgate-no-such-client-xyz --flag").find("is not found on PATH") != std::string::npos);
    CHECK(program_problem("/nonexistent/client") == "'/nonexistent/client' does not exist");
    const std::string readme = MOCKGATE_TEST_FIXTURES "/clients/README.md";
    CHECK(program_problem(readme) == "'" + readme + "' is not an executable file");
    CHECK(program_problem("sh -c 'exit 0'").empty());
    CHECK(program_problem("/bin/sh fixtures/x.sh").empty());
    // shell syntax: only running it can tell
    CHECK(program_problem("FOO=1 mockgate-no-such-client-xyz").empty());
    CHECK(program_problem("cd fixtures && ./client").empty());
    CHECK(program_problem("\"mockgate-no-such-client-xyz\"").empty());
  }
}
