// mockgate: entry point; dispatches to subcommands and turns bad input into exit code 2.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "mockgate/input_error.hpp"

namespace {

constexpr const char* kUsage = R"(usage: mockgate <command> [options]

commands:
  serve   run the mock provider server
            --provider ID|FILE (repeatable)  --profiles DIR (repeatable)  --port-base N  --bind ADDR  --tls|--no-tls
            --ca-out FILE  --locale LOCALE  --now TIME  --admin-token TOKEN  --max-connections N
            --journal-size N
            limits: --max-request-line SIZE  --max-header-line SIZE  --max-headers N  --max-head SIZE
            --max-body SIZE  --head-timeout T  --body-timeout T  --tls-handshake-timeout T
            --keep-alive-timeout T  --io-timeout T   (SIZE: 8KiB, 8MiB; T: 500ms, 10s)
            --journal-body-size SIZE  --journal-bytes SIZE  --max-faults N  --max-keys N
  run     check a client against the scenarios: mockgate run --client "COMMAND" [PATH ...]
            --provider P  --filter GLOB  -j N  --timeout S  --junit FILE  --json FILE
            --as-of DATE  --verbose      (--client builtin:profile: a client read off the
            profile; builtin:cpp: the C++ reference client, for the four bundled providers)
            --catalogue FILE (repeatable)  --profiles DIR (repeatable)
  verify  check the mock itself against the scenarios' server-side expectations: probes are
          sent raw, client scenarios run with --client (default builtin:profile); same flags
          as run, and --target ENV=URL  --plain-target ENV=URL  --keys FILE  --ca-file FILE
          --provider-only to check a running server or a real provider
  coverage  which scenarios cover each behaviour of scenarios/catalogue.yaml [--json FILE]
            --catalogue FILE (repeatable)  --profiles DIR (repeatable)
  lint    check provider profiles and scenarios for errors: mockgate lint [PATH ...]
            --catalogue FILE (repeatable)  --profiles DIR (repeatable)  --quiet
  help    show this text

A provider id is looked up in each --profiles DIR in the order given, then in each folder of
$MOCKGATE_PROFILE_DIR (':'-separated; the same as more --profiles), then in the bundled
profiles; the first DIR/ID.yaml found wins. --catalogue replaces the bundled catalogue; several
are one catalogue (an ID defined twice is refused). --provider FILE.yaml loads a file directly.

Exit codes: 0 ok, 1 a contract failed, 2 bad input.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? mockgate::cli::kExitBadInput : mockgate::cli::kExitOk;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "serve") return mockgate::cli::serve_command(args);
    if (command == "lint") return mockgate::cli::lint_command(args);
    if (command == "run") return mockgate::cli::run_command(args);
    if (command == "verify") return mockgate::cli::verify_command(args);
    if (command == "coverage") return mockgate::cli::coverage_command(args);
    std::cerr << "mockgate: unknown command '" << command << "'\n" << kUsage;
    return mockgate::cli::kExitBadInput;
  } catch (const mockgate::InputError& e) {
    std::cerr << e.what() << "\n";
    return mockgate::cli::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "mockgate " << command << ": " << e.what() << "\n";
    return mockgate::cli::kExitBadInput;
  }
}
