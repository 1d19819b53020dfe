// The contract against real client processes: each deliberately broken client in
// fixtures/clients/broken/ fails at least one scenario that covers the behaviour it breaks, with a
// reason that names the check (or, for a misbehaving process, says what happened), and its
// correct twin passes those same scenarios; each reference client (python, node, curl) passes
// every scenario.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/runner/catalogue.hpp"
#include "mockgate/runner/client_driver.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/runner/scenario_runner.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace runner = mockgate::runner;
namespace core = mockgate::core;
using namespace std::chrono_literals;

namespace {

const std::string kScenarioDir = MOCKGATE_TEST_FIXTURES "/../scenarios";
const std::string kClients = MOCKGATE_TEST_FIXTURES "/clients/";
const std::string kBroken = MOCKGATE_TEST_FIXTURES "/clients/broken/";

// ---------------------------------------------------------------------------------------------
// The contract: the catalogue, the profiles and every scenario, loaded once.

class Contract {
 public:
  runner::Catalogue catalogue;
  std::vector<runner::Scenario> scenarios;
  std::vector<std::string> load_errors;  ///< files that did not load: file:line:col: message

  /// The profile of `id`, from MOCKGATE_TEST_PROFILES; loaded on first use, then shared.
  const core::Profile& profile(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = profiles_.find(id);
    if (it == profiles_.end()) {
      it = profiles_.emplace(id, mockgate::server::load_profile(MOCKGATE_TEST_PROFILES "/" + id + ".yaml")).first;
    }
    return it->second;
  }

  static const Contract& get() {
    static const Contract contract;
    return contract;
  }

 private:
  Contract() {
    catalogue = runner::load_catalogue(kScenarioDir + "/catalogue.yaml");
    runner::LoadOptions options;
    options.known_behaviours = catalogue.ids();
    const runner::ProfileLookup lookup = [this](const std::string& id) -> const core::Profile& {
      return profile(id);
    };
    for (const auto& file : runner::find_scenario_files({kScenarioDir})) {
      try {
        scenarios.push_back(runner::load_scenario(file, lookup, options));
      } catch (const std::exception& e) {
        load_errors.push_back(e.what());
      }
    }
  }

  mutable std::mutex mutex_;
  mutable std::map<std::string, core::Profile> profiles_;  // node-based: references stay valid
};

bool covers(const runner::Scenario& s, const std::string& behaviour) {
  return std::find(s.covers.begin(), s.covers.end(), behaviour) != s.covers.end();
}

/// Scenarios covering `behaviour`, of `providers` (all when empty), the first `limit` of them
/// (all when 0), in file order: enough to catch a defect, few enough to stay fast.
std::vector<runner::Scenario> covering(const std::string& behaviour,
                                       const std::vector<std::string>& providers = {},
                                       std::size_t limit = 0) {
  const auto& contract = Contract::get();
  CHECK_MESSAGE(contract.catalogue.ids().count(behaviour) == 1,
                behaviour << " is not in " << contract.catalogue.file);
  std::vector<runner::Scenario> out;
  for (const auto& s : contract.scenarios) {
    if (s.when.probe || !covers(s, behaviour)) continue;
    if (!providers.empty() &&
        std::find(providers.begin(), providers.end(), s.provider) == providers.end()) {
      continue;
    }
    if (limit != 0 && out.size() == limit) break;
    out.push_back(s);
  }
  REQUIRE_MESSAGE(!out.empty(), "no scenario covers " << behaviour);
  return out;
}

/// The scenarios with these ids.
std::vector<runner::Scenario> by_id(const std::vector<std::string>& ids) {
  std::vector<runner::Scenario> out;
  for (const auto& id : ids) {
    const auto& all = Contract::get().scenarios;
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& s) { return s.id == id; });
    REQUIRE_MESSAGE(it != all.end(), "no scenario " << id);
    out.push_back(*it);
  }
  return out;
}

/// Every scenario a client runs (probes send their own request: no client involved).
std::vector<runner::Scenario> every_client_scenario() {
  std::vector<runner::Scenario> out;
  for (const auto& s : Contract::get().scenarios) {
    if (!s.when.probe) out.push_back(s);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Client command lines.

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool on_path(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path == nullptr ? "" : path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && ::access((dir + "/" + tool).c_str(), X_OK) == 0) return true;
  }
  return false;
}

/// The python3 that PATH resolves to, as its real executable. A version-manager shim (pyenv)
/// costs ~0.2 s per start; the curl client starts python3 several times per step.
const std::string& python3() {
  static const std::string exe = [] {
    std::string out;
    if (FILE* p = ::popen("python3 -c 'import sys; print(sys.executable)' 2>/dev/null", "r")) {
      char buf[4096];
      while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
      ::pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out.empty() || ::access(out.c_str(), X_OK) != 0 ? std::string("python3") : out;
  }();
  return exe;
}

std::string python_client(const std::string& script) { return "exec " + quoted(python3()) + " " + quoted(script); }
std::string node_client(const std::string& script) { return "exec node " + quoted(script); }
/// bash scripts; python3 (which the curl client calls for JSON) is the resolved one.
std::string bash_client(const std::string& script) {
  const auto& py = python3();
  const auto slash = py.rfind('/');
  const std::string path =
      slash == std::string::npos ? "" : "export PATH=" + quoted(py.substr(0, slash)) + ":\"$PATH\"; ";
  return path + "exec bash " + quoted(script);
}

/// The reference clients: the correct twins of the broken ones, each a copy less one defect.
std::string python_twin() { return python_client(kClients + "python/client.py"); }
std::string node_twin() { return node_client(kClients + "node/client.mjs"); }
std::string curl_twin() { return bash_client(kClients + "curl/client.sh"); }

/// False (and a message) when a tool the client needs is missing: the case is skipped.
bool have(std::initializer_list<const char*> tools) {
  for (const auto* tool : tools) {
    if (!on_path(tool)) {
      MESSAGE("skipped: " << tool << " is not installed");
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Running and judging.

struct Run {
  std::vector<runner::Scenario> scenarios;
  std::vector<runner::ScenarioResult> results;  ///< point into `scenarios`
  std::string listing;                          ///< one line per scenario, for messages
};

std::unique_ptr<Run> run(const std::string& command, std::vector<runner::Scenario> scenarios,
                         std::chrono::milliseconds timeout = 10s) {
  auto r = std::make_unique<Run>();
  r->scenarios = std::move(scenarios);
  runner::RunOptions options;
  options.jobs = 2;
  options.timeout = timeout;
  const auto& contract = Contract::get();
  r->results = runner::run_all(
      r->scenarios, [&](const std::string& id) -> const core::Profile& { return contract.profile(id); },
      [&] { return std::make_unique<runner::ProcessClientDriver>(command); }, options, {});
  for (const auto& res : r->results) {
    r->listing += std::string(runner::to_string(res.verdict)) + " " + res.scenario->id + " (" +
                  std::to_string(res.duration.count()) + " ms)" +
                  (res.reason.empty() ? "" : ": " + res.reason) + "\n";
  }
  return r;
}

bool failed_check(const runner::ScenarioResult& r, const std::string& name) {
  return std::any_of(r.checks.begin(), r.checks.end(),
                     [&](const auto& c) { return !c.passed && c.name == name; });
}

/// What catching a broken client means: some scenario covering `behaviour` fails, `check` is
/// among its failed checks, and its reason (the first failed check) contains `reason`.
struct Caught {
  std::string behaviour;
  std::string check;
  std::string reason;
};

/// The scenarios of `r` that caught the defect as `want` describes; checks that some did.
std::vector<runner::Scenario> expect_caught(const Run& r, const Caught& want) {
  INFO("client against " << r.results.size() << " scenario(s):\n" << r.listing);
  REQUIRE(r.results.size() == r.scenarios.size());
  bool some_failed = false;
  std::vector<runner::Scenario> catching;
  for (const auto& res : r.results) {
    // The runner judges; it never fails itself, whatever the client did.
    CHECK_MESSAGE(res.verdict != runner::Verdict::Error, res.scenario->id << ": " << res.reason);
    if (res.verdict != runner::Verdict::Fail) continue;
    if (!want.behaviour.empty() && !covers(*res.scenario, want.behaviour)) continue;
    some_failed = true;
    if (failed_check(res, want.check) && res.reason.find(want.reason) != std::string::npos) {
      catching.push_back(*res.scenario);
    }
  }
  CHECK_MESSAGE(some_failed, "no scenario covering " << want.behaviour << " failed");
  CHECK_MESSAGE(!catching.empty(), "no failing scenario has the failed check '"
                                       << want.check << "' and a reason containing '" << want.reason << "'");
  return catching;
}

/// The other half of a catch: the broken client's correct twin (the reference client it is a
/// copy of, less the defect) passes every scenario that caught it. A scenario that fails both
/// would catch nothing but itself.
void expect_twin_passes(const std::string& twin, std::vector<runner::Scenario> catching) {
  if (catching.empty()) return;
  const auto r = run(twin, std::move(catching), 20s);
  INFO("the correct twin against the catching scenarios:\n" << r->listing);
  for (const auto& res : r->results) {
    CHECK_MESSAGE(res.verdict == runner::Verdict::Pass, res.scenario->id << ": " << res.reason);
  }
}

/// Both halves: caught for the right reason, by scenarios the twin passes.
void expect_caught_not_twin(const Run& r, const Caught& want, const std::string& twin) {
  expect_twin_passes(twin, expect_caught(r, want));
}

/// Every scenario passes: the reference clients are the proof that the contract can be met.
void expect_all_pass(const Run& r) {
  REQUIRE(r.results.size() == r.scenarios.size());
  CHECK(r.results.size() >= 100);
  int passed = 0;
  for (const auto& res : r.results) {
    if (res.verdict == runner::Verdict::Pass) {
      ++passed;
    } else {
      FAIL_CHECK(res.scenario->id << " (" << res.scenario->file << "): "
                                  << runner::to_string(res.verdict) << ": " << res.reason);
    }
  }
  MESSAGE(passed << " of " << r.results.size() << " scenarios passed");
}

void expect_contract_loads() {
  const auto& contract = Contract::get();
  for (const auto& e : contract.load_errors) FAIL_CHECK("scenario does not load: " << e);
  REQUIRE_FALSE(contract.scenarios.empty());
}

}  // namespace

TEST_SUITE("broken_clients") {
  // ---- the reference clients pass everything ----------------------------------------------

  TEST_CASE("the python reference client passes every scenario" * doctest::timeout(120)) {
    if (!have({"python3"})) return;
    expect_contract_loads();
    expect_all_pass(*run(python_twin(), every_client_scenario(), 20s));
  }

  TEST_CASE("the node reference client passes every scenario" * doctest::timeout(120)) {
    if (!have({"node"})) return;
    expect_contract_loads();
    expect_all_pass(*run(node_twin(), every_client_scenario(), 20s));
  }

  TEST_CASE("the curl reference client passes every scenario" * doctest::timeout(120)) {
    if (!have({"bash", "curl", "python3"})) return;
    expect_contract_loads();
    expect_all_pass(*run(curl_twin(), every_client_scenario(), 20s));
  }

  // ---- protocol-level defects: each caught by a check its twin passes ----------------------

  TEST_CASE("retries_4xx.py: retrying 401/403 is caught by the request count") {
    if (!have({"python3"})) return;
    // Each retried 4xx costs 1.5 s of waits: four scenarios are plenty.
    const auto r = run(python_client(kBroken + "retries_4xx.py"), covering("CLI-NO-RETRY-4XX", {"lisoloo"}, 4));
    expect_caught_not_twin(*r, {"CLI-NO-RETRY-4XX", "request count", "request count: expected 1, got 3"}, python_twin());
  }

  TEST_CASE("ignores_retry_after.py: retrying a 429 at once is caught by the waits against Retry-After") {
    if (!have({"python3"})) return;
    const auto r = run(python_client(kBroken + "ignores_retry_after.py"), covering("CLI-RETRY-AFTER", {"agentclara"}));
    expect_caught_not_twin(*r,
                           {"CLI-RETRY-AFTER", "waits honour Retry-After",
                            "waits honour Retry-After: expected each wait at least the Retry-After before it, got wait 1 was"},
                           python_twin());
  }

  TEST_CASE("constant_backoff.py: constant waits fail where 001 asks for back-off, and only warn at AgentClara") {
    if (!have({"python3"})) return;
    const auto r = run(python_client(kBroken + "constant_backoff.py"),
                       by_id({"agile-wholesale/rate-limited-give-up", "agentclara/rate-limited-give-up",
                              "agentclara/rate-limited-backoff"}));
    // Agile's give-up scenario asks for longer waits each time (Retry-After 1, 2, 4, 8): the
    // constant second is short of the second one first, and its waits do not grow either.
    expect_caught_not_twin(*r,
                           {"CLI-BACKOFF-429", "retry waits grow",
                            "waits honour Retry-After: expected each wait at least the Retry-After before it, got wait 2 was"},
                           python_twin());
    for (const auto& res : r->results) {
      CAPTURE(res.scenario->id);
      if (res.scenario->id == "agentclara/rate-limited-give-up") CHECK(res.verdict == runner::Verdict::Pass);
      if (res.scenario->id == "agentclara/rate-limited-backoff") {
        CHECK(res.scenario->level == runner::Level::Should);  // a warning: the run still passes
        CHECK(failed_check(res, "retry waits grow"));
      }
    }
  }

  TEST_CASE("retries_forever_429.py: retrying 429 past the bound is caught by the request count") {
    if (!have({"python3"})) return;
    // The give-up scenario refuses up to 20 times; ten attempts 1 s apart stay under the cap.
    const auto r = run(python_client(kBroken + "retries_forever_429.py"), by_id({"agentclara/rate-limited-give-up"}), 30s);
    expect_caught_not_twin(*r, {"CLI-RETRY-BOUNDED", "request count", "request count: expected 2 to 6, got 10"},
                           python_twin());
  }

  TEST_CASE("no_retry_500.py: giving up on the first 500 is caught by the request count") {
    if (!have({"python3"})) return;
    const auto r = run(python_client(kBroken + "no_retry_500.py"), covering("CLI-RETRY-500", {"lisoloo"}));
    expect_caught_not_twin(*r, {"CLI-RETRY-500", "request count", "request count: expected 2 to 6, got 1"},
                           python_twin());
  }

  TEST_CASE("no_timeout.py: waiting 60 s for an answer held 20 s is caught by the outcome" * doctest::timeout(120)) {
    if (!have({"python3"})) return;
    // The client waits out the hold and reports the late 200 instead of a timeout.
    const auto r = run(python_client(kBroken + "no_timeout.py"), by_id({"lisoloo/timeout"}), 30s);
    expect_caught_not_twin(*r, {"CLI-TIMEOUT", "outcome.ok", "outcome.ok: expected false, got true"}, python_twin());
  }

  TEST_CASE("insecure_tls.py: skipping certificate checks is caught by TLS refused") {
    if (!have({"python3"})) return;
    // Reason: "TLS refused" (checked before the outcome, which is ok instead of transport).
    const auto r = run(python_client(kBroken + "insecure_tls.py"), covering("CLI-TLS-VERIFY", {"lisoloo"}));
    expect_caught_not_twin(*r, {"CLI-TLS-VERIFY", "TLS refused", "TLS refused: expected no request reached the mock"},
                           python_twin());
    for (const auto& res : r->results) {
      CHECK_MESSAGE(failed_check(res, "TLS refused"), res.scenario->id << ": " << res.reason);
    }
  }

  TEST_CASE("logs_key.py: the key on stderr is caught as a leak") {
    if (!have({"python3"})) return;
    const auto r = run(python_client(kBroken + "logs_key.py"), covering("CLI-NO-LEAK", {"lisoloo"}));
    expect_caught_not_twin(*r, {"CLI-NO-LEAK", "no cleartext credential in the client's output",
                                "no cleartext credential in the client's output: expected not printed, got printed on stderr"},
                           python_twin());
  }

  TEST_CASE("key_in_url.py: ?api_key= in the URL is caught") {
    if (!have({"python3"})) return;
    const auto r = run(python_client(kBroken + "key_in_url.py"), covering("CLI-NO-KEY-IN-URL", {"lisoloo"}));
    expect_caught_not_twin(*r, {"CLI-NO-KEY-IN-URL", "no key in the URL", "no key in the URL: expected no key in any URL"},
                           python_twin());
  }

  TEST_CASE("wrong_header.py: the key in the wrong header is caught by the header checks") {
    if (!have({"python3"})) return;
    // The mock sees no documented credential and answers 401; the reason is the header check
    // (or, for scenarios that pin the mock's answer, that answer's body).
    const auto r = run(python_client(kBroken + "wrong_header.py"), covering("CLI-HEADER", {"lisoloo", "agentclara"}));
    expect_caught_not_twin(*r, {"CLI-HEADER", "header app-key", "header app-key: expected"}, python_twin());
    expect_caught_not_twin(*r, {"CLI-HEADER", "header Authorization", "header Authorization: expected"}, python_twin());
  }

  TEST_CASE("no_content_type.py: a JSON body without its Content-Type is caught") {
    if (!have({"python3"})) return;
    const auto r = run(python_client(kBroken + "no_content_type.py"), covering("CLI-BODY", {"lisoloo", "qlara"}));
    expect_caught_not_twin(*r, {"CLI-BODY", "Content-Type", "Content-Type: expected application/json, got request 1: none"},
                           python_twin());
  }

  TEST_CASE("text_classifier.py: classifying by English message text is caught in Italian") {
    if (!have({"python3"})) return;
    const auto r = run(python_client(kBroken + "text_classifier.py"), covering("CLI-STATUS-NOT-TEXT"));
    expect_caught_not_twin(
        *r, {"CLI-STATUS-NOT-TEXT", "outcome.error", "outcome.error: expected \"unauthorized\", got \"bad_request\""},
        python_twin());
    expect_caught_not_twin(
        *r, {"CLI-STATUS-NOT-TEXT", "outcome.error", "outcome.error: expected \"forbidden\", got \"bad_request\""},
        python_twin());
  }

  TEST_CASE("retries_env_mismatch.mjs (node): retrying a test key's 401 at production is caught") {
    if (!have({"node"})) return;
    const auto r = run(node_client(kBroken + "retries_env_mismatch.mjs"), covering("CLI-ENV-MISMATCH"));
    expect_caught_not_twin(*r, {"CLI-ENV-MISMATCH", "request count", "request count: expected 1, got 3"}, node_twin());
    expect_caught_not_twin(*r, {"CLI-NO-RETRY-4XX", "request count", "request count: expected 1, got 3"}, node_twin());
  }

  TEST_CASE("leaks_key.sh (curl): the key echoed on stdout is caught as a leak") {
    if (!have({"bash", "curl", "python3"})) return;
    const auto r = run(bash_client(kBroken + "leaks_key.sh"), covering("CLI-NO-LEAK", {"lisoloo"}, 2));
    expect_caught_not_twin(*r, {"CLI-NO-LEAK", "no cleartext credential in the client's output",
                                "no cleartext credential in the client's output: expected not printed, got printed on stdout"},
                           curl_twin());
  }

  // ---- process-level misbehaviour: the reason says what happened --------------------------

  TEST_CASE("hangs.sh: a client that never finishes is killed at the runner's timeout") {
    if (!have({"bash"})) return;
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(bash_client(kBroken + "hangs.sh"), by_id({"lisoloo/balance-live", "agentclara/list-live-key"}), 1500ms);
    CHECK(std::chrono::steady_clock::now() - start < 10s);
    expect_caught_not_twin(
        *r,
        {"", "client outcome",
         "the client did not finish within 1500 ms; it and 1 process it started were ended"},
        python_twin());
  }

  TEST_CASE("crashes.sh: a client killed by SIGSEGV fails with the signal named") {
    if (!have({"bash"})) return;
    const auto r = run(bash_client(kBroken + "crashes.sh"), by_id({"lisoloo/balance-live"}));
    expect_caught_not_twin(*r, {"", "client outcome", "the client was killed by signal 11"}, python_twin());
  }

  TEST_CASE("garbage.sh: a last line that is not JSON is a failure that says so") {
    if (!have({"bash"})) return;
    const auto r = run(bash_client(kBroken + "garbage.sh"), by_id({"lisoloo/balance-live"}));
    expect_caught_not_twin(*r, {"", "client outcome", "the last line of the client's stdout is not JSON: 'ok: true, status: 200'"}, python_twin());
  }

  TEST_CASE("silent.sh: a client that prints nothing is a failure that says so") {
    if (!have({"bash"})) return;
    const auto r = run(bash_client(kBroken + "silent.sh"), by_id({"lisoloo/balance-live"}));
    expect_caught_not_twin(*r, {"", "client outcome", "the client printed no outcome line (stdout was empty)"}, python_twin());
  }

  TEST_CASE("a key the client created is redacted in its report, though only the mock knew it") {
    // The reference client prints the 201's body, the new key's value in it, as its outcome's
    // data: the scenario never held that value, only the mock's store (by its hash) did.
    const auto r = run(python_twin(), by_id({"qlara/create-key"}));
    REQUIRE(r->results.size() == 1);
    const auto& res = r->results.front();
    INFO(r->listing);
    REQUIRE(res.transcript.client);
    const auto& out = res.transcript.client->stdout_tail;
    const auto last = out.substr(out.rfind('\n', out.size() - 2) + 1);
    const auto outcome = nlohmann::json::parse(last);
    INFO(last);
    REQUIRE(outcome.at("data").contains("value"));
    const std::string shown = outcome.at("data").at("value");
    // qlara's keys are 40 base62 characters; shown, they are cut to their last four.
    CHECK(shown.find("…") != std::string::npos);
    CHECK(shown.size() < 40);
    const std::string report = nlohmann::json(res.transcript).dump();
    CHECK(report.find(shown) != std::string::npos);
  }

  TEST_CASE("floods.sh: 20 MB of junk before a valid outcome line is still judged on that line") {
    if (!have({"bash"})) return;
    // Its outcome, a local refusal ("config", nothing sent), is the right one for the
    // no-credential scenarios: judged on its last line, the client passes them.
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(bash_client(kBroken + "floods.sh"), by_id({"lisoloo/no-credential", "agentclara/no-credential"}));
    INFO(r->listing);
    CHECK(std::chrono::steady_clock::now() - start < 10s);
    for (const auto& res : r->results) {
      CHECK(res.verdict != runner::Verdict::Error);  // judged by its checks, the runner intact
      CHECK(res.transcript.client->stdout_tail.size() <= 4100);
      CHECK_MESSAGE(res.verdict == runner::Verdict::Pass,
                    res.scenario->id << ": the outcome line after the junk was not judged: " << res.reason);
    }
  }
}
