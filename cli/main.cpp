// mockgate: the top of the stack. Declares the commands, reads the command line, runs the one
// asked for, and turns what went wrong into an exit code (exit_codes.hpp).
#include <algorithm>
#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flags.hpp"
#include "core/suggest.hpp"
#include "mockgate/input_error.hpp"

#ifndef MOCKGATE_VERSION
#error "MOCKGATE_VERSION comes from the CMake project version"
#endif

namespace {

constexpr const char* kFooter = R"(
`mockgate <command> --help` lists a command's flags.

A provider id is looked up in each --profiles DIR in the order given, then in each folder of
$MOCKGATE_PROFILE_DIR (':'-separated; the same as more --profiles), then in the bundled
profiles; the first DIR/ID.yaml found wins. --catalogue replaces the bundled catalogue; several
are one catalogue (an ID defined twice is refused). --provider FILE.yaml loads a file directly.

Exit codes: 0 ok, 1 a contract failed, 2 bad input, 3 mockgate itself failed (a bug), or the
client could not be started at all.)";

/// The command line as CLI11 should read it: `mockgate help [COMMAND]` is `mockgate [COMMAND]
/// --help`. Nothing, or a first word that is no command, is answered here (the exit code).
std::optional<int> rewrite_help(std::vector<std::string>& args, const CLI::App& app,
                                const std::vector<mockgate::cli::Command>& commands) {
  if (args.empty()) {
    std::cerr << app.help();
    return mockgate::cli::kExitBadInput;
  }
  if (args[0] == "help") {
    args.erase(args.begin());
    args.resize(std::min<std::size_t>(args.size(), 1));
    args.push_back("--help");
  }
  if (args[0].empty() || args[0][0] != '-') {
    std::vector<std::string> names;
    for (const auto& c : commands) names.push_back(c.app->get_name());
    if (std::find(names.begin(), names.end(), args[0]) == names.end()) {
      std::cerr << "mockgate: unknown command '" << args[0] << "'" << mockgate::core::did_you_mean(args[0], names)
                << "; `mockgate --help` lists them\n";
      return mockgate::cli::kExitBadInput;
    }
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mockgate::cli;
  // A peer that resets a connection (a network fault, a client gone) fails one write; it must
  // not end the process. Client processes get the default back (process_tree.cpp).
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"mockgate " MOCKGATE_VERSION ": a mock provider server and contract-test runner for the API-key "
               "authentication of messaging APIs",
               "mockgate"};
  app.set_version_flag("--version", "mockgate " MOCKGATE_VERSION);
  app.footer(kFooter);
  app.require_subcommand(1);
  const std::vector<Command> commands = {add_serve_command(app), add_run_command(app), add_verify_command(app),
                                         add_coverage_command(app), add_lint_command(app)};
  std::vector<std::string> args(argv + 1, argv + argc);
  if (const auto answered = rewrite_help(args, app, commands)) return *answered;

  std::string name = "mockgate";
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 reads a vector from its back
    app.parse(reversed);
    for (const auto& c : commands) {
      if (!c.app->parsed()) continue;
      name += " " + c.app->get_name();
      refuse_undeclared(*c.app);
      return c.run();
    }
    return kExitBadInput;  // require_subcommand(1) makes this unreachable
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    for (const auto& c : commands) {
      if (c.app->parsed()) name = "mockgate " + c.app->get_name();
    }
    std::cerr << name << ": " << parse_error_message(e) << "\n";
    return kExitBadInput;
  } catch (const Failure& e) {
    std::cerr << e.what() << "\n";
    return e.exit_code();
  } catch (const mockgate::InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    // Not the input's fault (that is an InputError): the system, or a bug in mockgate.
    std::cerr << name << ": failed: " << e.what() << "\n";
    return kExitToolFailed;
  }
}
