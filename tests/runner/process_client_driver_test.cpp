// Protocol v1 process handling: whatever the client does, the runner gets a reason, never
// hangs, and leaves no process behind.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/prctl.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "mockgate/runner/client_driver.hpp"
#include "support/marked_tree.hpp"

using mockgate::runner::ClientInput;
using mockgate::runner::ProcessClientDriver;
using mockgate::testing::MarkedTree;
using mockgate::testing::process_alive;
using namespace std::chrono_literals;

namespace {

ClientInput input() {
  ClientInput in;
  in.provider = "lisoloo";
  in.operation = "get_balance";
  in.base_url = "https://127.0.0.1:1";
  in.env_var = "LISOLOO_API_KEY";
  in.api_key = "sk_live_0123456789abcdefghijABCDEFGHIJKL";
  in.params = {{"limit", 1}};
  return in;
}

constexpr const char* kOutcome = R"(echo '{"ok":true,"status":200,"error":null,"data":null}')";
/// Shell: prints the pid of the last background job on stderr once it runs `sleep`, so that
/// what the client leaves is known when it exits (not a process still between fork and exec).
constexpr const char* kOnceSleeping =
    R"sh(echo $! >&2; until [ "$(cat /proc/$!/comm 2>/dev/null)" = sleep ]; do :; done; )sh";

std::chrono::steady_clock::duration since(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

}  // namespace

TEST_SUITE("process_client_driver") {
  TEST_CASE("the last stdout line is the outcome, earlier lines and stderr are kept") {
    ProcessClientDriver d(R"(echo log line; echo to stderr >&2; echo '{"ok":true,"status":200,"error":null,"data":1}')");
    const auto run = d.run(input(), 5s);
    REQUIRE(run.outcome);
    CHECK(run.outcome->status == 200);
    CHECK(run.stderr_text == "to stderr\n");
    CHECK(run.problem.empty());
  }

  TEST_CASE("the client sees the protocol's variables and the provider's documented name") {
    ProcessClientDriver d(R"(echo "$MOCKGATE_PROVIDER|$MOCKGATE_OPERATION|$LISOLOO_API_KEY|$MOCKGATE_PARAMS" >&2; echo '{"ok":true,"status":200,"error":null,"data":null}')");
    const auto run = d.run(input(), 5s);
    REQUIRE(run.outcome);
    CHECK(run.stderr_text ==
          "lisoloo|get_balance|sk_live_0123456789abcdefghijABCDEFGHIJKL|{\"limit\":1}\n");
  }

  TEST_CASE("the key, the password and the Basic header's base64 are each a secret seen in the output") {
    auto in = input();
    in.api_key.reset();
    in.username = "acme";
    in.password = "s3cret-pass";
    const std::string outcome = R"(; echo '{"ok":true,"status":200,"error":null,"data":null}')";
    // base64("acme:s3cret-pass"): what a client logging its Authorization header prints.
    CHECK(ProcessClientDriver("echo 'Authorization: Basic YWNtZTpzM2NyZXQtcGFzcw==' >&2" + outcome)
              .run(in, 5s)
              .printed_secret_on_stderr);
    CHECK(ProcessClientDriver("echo 'password s3cret-pass'" + outcome).run(in, 5s).printed_secret_on_stdout);
    const auto quiet = ProcessClientDriver("echo 'Authorization: Basic …' >&2" + outcome).run(in, 5s);
    CHECK_FALSE(quiet.printed_secret_on_stderr);
    CHECK(ProcessClientDriver("echo \"$MOCKGATE_API_KEY\"" + outcome).run(input(), 5s).printed_secret_on_stdout);
  }

  TEST_CASE("an unset key is unset, and an empty key is set but empty") {
    ProcessClientDriver d(R"(if [ -z "${MOCKGATE_API_KEY+x}" ]; then s=unset; else s="set:$MOCKGATE_API_KEY"; fi; echo "{\"ok\":true,\"status\":200,\"error\":null,\"data\":\"$s\"}")");
    auto in = input();
    in.api_key.reset();
    CHECK(d.run(in, 5s).outcome->data == "unset");
    in.api_key = "";
    CHECK(d.run(in, 5s).outcome->data == "set:");
  }

  TEST_CASE("a client that hangs is killed at the timeout with a reason") {
    ProcessClientDriver d("sleep 30");
    const auto start = std::chrono::steady_clock::now();
    const auto run = d.run(input(), 300ms);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    CHECK(run.timed_out);
    CHECK_FALSE(run.outcome);
    // dash runs `sleep` as a child, not in its own place.
    CHECK(run.problem ==
          "the client did not finish within 300 ms; it and 1 process it started were ended");
  }

  TEST_CASE("children a client leaves behind are killed with it") {
    const std::string pidfile = "/tmp/mockgate-driver-test-" + std::to_string(::getpid());
    ProcessClientDriver d("sleep 60 & echo $! > " + pidfile +
                          R"(; echo '{"ok":true,"status":200,"error":null,"data":null}')");
    const auto start = std::chrono::steady_clock::now();
    const auto run = d.run(input(), 10s);
    // The background sleep holds stdout open: the runner must not wait for it.
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    REQUIRE(run.outcome);
    pid_t child = 0;
    std::ifstream(pidfile) >> child;
    std::remove(pidfile.c_str());
    REQUIRE(child > 0);
    for (int i = 0; i < 100 && process_alive(child); ++i) std::this_thread::sleep_for(10ms);
    CHECK_FALSE(process_alive(child));
  }

  TEST_CASE("a client that crashes fails with the signal named") {
    ProcessClientDriver d("kill -SEGV $$");
    const auto run = d.run(input(), 5s);
    CHECK(run.signal == SIGSEGV);
    CHECK(run.problem.rfind("the client was killed by signal 11", 0) == 0);
  }

  TEST_CASE("garbage, nothing, or a malformed outcome are each a reason") {
    SUBCASE("garbage") {
      const auto run = ProcessClientDriver("printf 'not json at all\\n'").run(input(), 5s);
      CHECK(run.problem == "the last line of the client's stdout is not JSON: 'not json at all'");
    }
    SUBCASE("nothing") {
      const auto run = ProcessClientDriver("true").run(input(), 5s);
      CHECK(run.problem == "the client printed no outcome line (stdout was empty)");
    }
    SUBCASE("no ok") {
      const auto run = ProcessClientDriver(R"(echo '{"status":200}')").run(input(), 5s);
      CHECK(run.problem == "the outcome has no boolean 'ok': {\"status\":200}");
    }
    SUBCASE("status as text") {
      const auto run = ProcessClientDriver(R"(echo '{"ok":false,"status":"401","error":"unauthorized"}')").run(input(), 5s);
      CHECK(run.problem.rfind("the outcome's 'status' must be an HTTP status number or null", 0) == 0);
    }
  }

  TEST_CASE("a command that does not exist is a reason, not a crash") {
    const auto run = ProcessClientDriver("/nonexistent/client --flag").run(input(), 5s);
    CHECK_FALSE(run.outcome);
    CHECK(run.problem == "the client command could not be run (exit 127: command not found?)");
  }

  TEST_CASE("a client that floods stdout is cut, not stored whole, and does not hang the runner") {
    const auto run = ProcessClientDriver("head -c 20000000 /dev/zero | tr '\\0' x; echo").run(input(), 20s);
    CHECK(run.stdout_text.size() <= 4u * 1024 * 1024);
    CHECK_FALSE(run.outcome);
  }

  // ---- the process tree: whatever the client starts ends with its step ------------------------

  TEST_CASE(
      "a setsid child holding stdout neither keeps the run past the client's exit nor outlives "
      "it") {
    MarkedTree tree;
    ProcessClientDriver d(
        tree.command(std::string("setsid sleep 8 & ") + kOnceSleeping + kOutcome));
    const auto start = std::chrono::steady_clock::now();
    const auto run = d.run(input(), 5s);
    CHECK(since(start) < 3s);
    REQUIRE(run.outcome);
    CHECK(run.problem.empty());
    CHECK_FALSE(run.timed_out);
    CHECK(run.left_running == 1);
    const auto pid = run.stderr_text.substr(0, run.stderr_text.find('\n'));
    CHECK(run.note ==
          "the client exited 0 but left 1 process running: `sleep` (pid " + pid + "); ended");
    CHECK(tree.alive().empty());
  }

  TEST_CASE("a daemon double-forked by a client that exits 0 is found and ended, and only noted") {
    MarkedTree tree;
    ProcessClientDriver d(
        tree.command(std::string("(setsid sleep 60 </dev/null >/dev/null 2>&1 & ") + kOnceSleeping +
                     "); " + kOutcome));
    const auto run = d.run(input(), 5s);
    REQUIRE(run.outcome);
    CHECK(run.problem.empty());  // a leak worth telling, not a contract failure
    CHECK(run.left_running == 1);
    const auto pid = run.stderr_text.substr(0, run.stderr_text.find('\n'));
    CHECK(run.note ==
          "the client exited 0 but left 1 process running: `sleep` (pid " + pid + "); ended");
    CHECK(tree.alive().empty());
    // The supervisor adopts the orphans, not the runner: tests and embedders keep their own.
    int subreaper = -1;
    ::prctl(PR_GET_CHILD_SUBREAPER, &subreaper);
    CHECK(subreaper == 0);
  }

  TEST_CASE(
      "a client that never exits is ended at the deadline with its setsid child holding stdout") {
    MarkedTree tree;
    ProcessClientDriver d(tree.command("setsid sleep 8 & sleep 8"));
    const auto start = std::chrono::steady_clock::now();
    const auto run = d.run(input(), 1s);
    CHECK(since(start) < 1s + 3s);
    CHECK(run.timed_out);
    CHECK(run.signal == SIGKILL);
    CHECK(run.problem ==
          "the client did not finish within 1 s; it and 2 processes it started were ended");
    CHECK(tree.alive().empty());
  }

  TEST_CASE("a detached grandchild that ignores SIGTERM is ended with the client at the deadline") {
    MarkedTree tree;
    ProcessClientDriver d(tree.command(
        R"(setsid sh -c 'trap "" TERM HUP INT; sleep 60; :' </dev/null >/dev/null 2>&1 & sleep 8)"));
    const auto start = std::chrono::steady_clock::now();
    const auto run = d.run(input(), 1s);
    CHECK(since(start) < 1s + 3s);
    CHECK(run.timed_out);
    CHECK(run.problem ==
          "the client did not finish within 1 s; it and 3 processes it started were ended");
    CHECK(tree.alive().empty());
  }

  TEST_CASE(
      "a setsid child flooding stdout is read only until the deadline, kept bounded, and ended") {
    MarkedTree tree;
    ProcessClientDriver d(tree.command("setsid timeout 8 yes & sleep 8"));
    const auto start = std::chrono::steady_clock::now();
    const auto run = d.run(input(), 1s);
    CHECK(since(start) < 1s + 3s);
    CHECK(run.timed_out);
    CHECK(run.stdout_text.size() <= 2u * 1024 * 1024 + 100);
    CHECK(run.stdout_text.find(" bytes not kept ") != std::string::npos);
    CHECK(run.problem ==
          "the client did not finish within 1 s; it and 3 processes it started were ended");
    CHECK(tree.alive().empty());
  }

  TEST_CASE("the client's own exit status is reported, not its supervisor's") {
    SUBCASE("an exit code") {
      const auto run = ProcessClientDriver("echo nonsense; exit 3").run(input(), 5s);
      CHECK(run.exit_code == 3);
      CHECK(run.signal == 0);
      CHECK(run.problem ==
            "the last line of the client's stdout is not JSON: 'nonsense' (exit code 3)");
    }
    SUBCASE("a signal") {
      const auto run = ProcessClientDriver("kill -TERM $$").run(input(), 5s);
      CHECK(run.signal == SIGTERM);
      CHECK_FALSE(run.timed_out);
    }
  }
}
