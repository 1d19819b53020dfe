// `mockgate run` as a process, end to end through the runner's process handling: a client's
// leftovers neither hold the run past --timeout nor outlive it, and the output says what
// happened to them.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>

#include "http/support_serve.hpp"
#include "support/marked_tree.hpp"

namespace {

using mockgate::testing::MarkedTree;
using mockgate::testing::run;
using namespace std::chrono_literals;

const std::string kCurlClient = MOCKGATE_TEST_FIXTURES "/clients/curl/client.sh";

bool have(const char* tool) {
  return ::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_SUITE("http: mockgate run process") {
  TEST_CASE("run --timeout 1 ends a hanging client and its setsid child, and fails saying so") {
    MarkedTree tree;
    const auto start = std::chrono::steady_clock::now();
    const auto r = run({"run", "--client", tree.command("setsid sleep 8 & sleep 8"), "--filter",
                        "lisoloo/balance-live", "--timeout", "1"});
    CHECK(std::chrono::steady_clock::now() - start < 1s + 4s);
    CHECK(r.exit == "exit 1");
    CHECK_MESSAGE(r.out.find("FAIL  lisoloo/balance-live") != std::string::npos, r.out);
    CHECK_MESSAGE(
        r.out.find(
            "the client did not finish within 1 s; it and 2 processes it started were ended") !=
            std::string::npos,
        r.out);
    CHECK(tree.alive().empty());
  }

  TEST_CASE("run passes a correct client that leaves a daemon, ends the daemon and notes it") {
    if (!have("bash") || !have("curl") || !have("python3")) {
      MESSAGE("skipped: the curl client needs bash, curl and python3");
      return;
    }
    MarkedTree tree;
    const auto r = run({"run", "--client",
                        tree.command("(setsid sleep 60 </dev/null >/dev/null 2>&1 & until [ "
                                     "\"$(cat /proc/$!/comm)\" = sleep ]; do :; done); "
                                     "exec bash '" +
                                     kCurlClient + "'"),
                        "--filter", "lisoloo/balance-live", "--timeout", "5"});
    CHECK_MESSAGE(r.exit == "exit 0", r.out << r.err);
    CHECK_MESSAGE(r.out.find("PASS  lisoloo/balance-live") != std::string::npos, r.out);
    CHECK_MESSAGE(
        r.out.find("    note: the client exited 0 but left 1 process running: `sleep` (pid ") !=
            std::string::npos,
        r.out);
    CHECK(tree.alive().empty());
  }
}

TEST_SUITE("http: mockgate run process, network faults") {
  // Found by the network-fault scenarios: an in-process client writing to a connection the mock
  // had reset raised SIGPIPE, which ended the whole run (exit 141) with no report.
  TEST_CASE("a reset under the in-process client fails its scenario at most, never the run") {
    const auto r = run({"run", "--client", "builtin:profile", "--filter", "lisoloo/network-reset-*"}, 60s);
    CHECK_MESSAGE(r.exit == "exit 0", r.out);
    CHECK_MESSAGE(r.out.find("3 passed") != std::string::npos, r.out);
  }
}
