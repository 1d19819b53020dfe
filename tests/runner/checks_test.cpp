// Every family of checks over in-memory evidence: no sockets, no processes. Journals are built
// by hand with the arrival times a client's policy would produce.
#include <doctest/doctest.h>

#include <chrono>

#include "mockgate/runner/checks.hpp"

namespace runner = mockgate::runner;
namespace core = mockgate::core;
using namespace std::chrono_literals;

namespace {

/// A journal event that arrived `at` after the first, answered `status` (with Retry-After when
/// `retry_after` is set), carrying `headers`.
core::ServeEvent event(std::chrono::milliseconds at, int status, core::Headers headers = {},
                       std::optional<int> retry_after = std::nullopt) {
  core::ServeEvent e;
  e.method = "GET";
  e.path = "/api/v1/lisoloo/sms-api/balance";
  e.steady = core::SteadyTime{} + at;
  e.status = status;
  e.headers = std::move(headers);
  if (retry_after) e.response_headers.push_back({"Retry-After", std::to_string(*retry_after)});
  return e;
}

/// A run whose client reported `line`.
runner::ClientRun reported(const nlohmann::json& line) {
  runner::ClientRun run;
  run.outcome = runner::ClientOutcome::from_json(line);
  run.stdout_text = line.dump() + "\n";
  return run;
}

nlohmann::json outcome(bool ok, nlohmann::json status, nlohmann::json error) {
  return {{"ok", ok}, {"status", status}, {"error", error}, {"data", nullptr}};
}

/// A scenario that checks only `then`, covering `covers`.
runner::Scenario scenario(runner::Then then, std::vector<std::string> covers = {"LIS-500"}) {
  runner::Scenario s;
  s.id = "test/case";
  s.provider = "lisoloo";
  s.covers = std::move(covers);
  s.when.operation = "get_balance";
  then.no_key_in_url = false;
  then.no_leak = false;
  then.journal_redacted = false;
  s.then = std::move(then);
  return s;
}

struct Judged {
  std::vector<runner::CheckResult> checks;
  runner::CheckResult only() const {  // by value: callers bind it straight from a temporary
    REQUIRE(checks.size() == 1);
    return checks.front();
  }
};

Judged judged(const runner::Scenario& s, const runner::ClientRun& run, const std::vector<core::ServeEvent>& journal,
             runner::JudgeContext ctx = {}) {
  return {runner::judge(s, run, journal, ctx)};
}

const auto kGaveUp = outcome(false, 429, "rate_limited");

/// A context whose profile takes `Authorization: <word> KEY` (agentclara's shape by default).
runner::JudgeContext word_context(std::string word = "Bearer",
                                  core::WordCase word_case = core::WordCase::Insensitive) {
  runner::JudgeContext ctx;
  ctx.schemes = {core::CredentialSpec::key_after_word("Authorization", std::move(word), word_case)};
  return ctx;
}

}  // namespace

TEST_SUITE("checks") {
  TEST_CASE("attempts: a range passes any count inside it, outside, the reason names the right behaviour") {
    runner::Then t;
    t.requests = runner::CountExpectation{std::nullopt, 2, 6};
    const auto s = scenario(t, {"ACL-429", "CLI-RETRY-429", "CLI-RETRY-BOUNDED"});
    const auto run = reported(kGaveUp);
    std::vector<core::ServeEvent> journal;
    for (int n = 1; n <= 7; ++n) {
      journal.push_back(event(std::chrono::milliseconds(1000 * (n - 1)), 429));
      CAPTURE(n);
      const auto& c = judged(s, run, journal).only();
      CHECK(c.passed == (n >= 2 && n <= 6));
      CHECK(c.expected == "2 to 6");
      CHECK(c.behaviour == (n < 2 ? "CLI-RETRY-429" : "CLI-RETRY-BOUNDED"));
    }
  }

  TEST_CASE("attempts: an exact count of 1 is the no-retry rule of a refusal") {
    runner::Then t;
    t.requests = runner::CountExpectation{1, std::nullopt, std::nullopt};
    const auto s = scenario(t, {"LIS-403-SUSPENDED", "CLI-NO-RETRY-4XX"});
    const auto& c = judged(s, reported(outcome(false, 403, "forbidden")), {event(0ms, 403), event(500ms, 403)}).only();
    CHECK_FALSE(c.passed);
    CHECK(c.behaviour == "CLI-NO-RETRY-4XX");
    CHECK(c.actual == "2");
  }

  TEST_CASE("waits honour Retry-After: a wait shorter than asked fails, 50 ms of slack do not") {
    runner::Then t;
    t.retries = runner::RetryExpectation{};
    t.retries->honours_retry_after = true;
    const auto s = scenario(t, {"CLI-RETRY-AFTER"});
    const auto run = reported(kGaveUp);
    CHECK(judged(s, run, {event(0ms, 429, {}, 1), event(960ms, 429, {}, 1), event(2000ms, 429, {}, 1)}).only().passed);
    const auto& c = judged(s, run, {event(0ms, 429, {}, 1), event(300ms, 429, {}, 1)}).only();
    CHECK_FALSE(c.passed);
    CHECK(c.actual == "wait 1 was 300 ms after Retry-After: 1 (300 ms)");
    // A 500 asks for no particular wait: any wait passes.
    CHECK(judged(s, run, {event(0ms, 500), event(10ms, 200)}).only().passed);
  }

  TEST_CASE("growing waits: exponential and jittered pass, constant fails, a single wait has nothing to compare") {
    runner::Then t;
    t.retries = runner::RetryExpectation{};
    t.retries->growing = true;
    const auto s = scenario(t, {"CLI-BACKOFF-429"});
    const auto run = reported(kGaveUp);
    const auto waits = [&](std::vector<int> gaps) {
      std::vector<core::ServeEvent> journal{event(0ms, 429)};
      int at = 0;
      for (const int g : gaps) journal.push_back(event(std::chrono::milliseconds(at += g), 429));
      return judged(s, run, journal).only();
    };
    CHECK(waits({1000, 2000, 4000}).passed);
    CHECK(waits({1000, 1100, 2600, 5200}).passed);  // held at Retry-After at first, then growing
    CHECK(waits({1000, 900, 2000}).passed);         // jitter: 0.9 x the one before
    CHECK(waits({2000, 1000, 4000}).passed);        // full jitter: a random wait under a growing cap
    CHECK_FALSE(waits({1000, 1000, 1000}).passed);
    CHECK_FALSE(waits({3000, 1200, 1000}).passed);  // shrinking: not backing off
    CHECK_FALSE(waits({1000, 1100}).passed);        // two waits, barely longer
    const auto one = waits({1000});
    CHECK(one.passed);
    CHECK(one.actual == "1000 ms (fewer than two waits: nothing to compare)");
  }

  TEST_CASE("the credential header: present with the key on every request, or absent") {
    runner::Then t;
    t.headers = {{"app-key", "{key}", false}, {"Authorization", std::nullopt, true}};
    const auto s = scenario(t, {"CLI-HEADER"});
    runner::JudgeContext ctx;
    ctx.credential_key = "sk_live_0123456789abcdefghijklmnopqrstuv";
    ctx.credential_display = "sk_live_…stuv";
    const auto run = reported(outcome(true, 200, nullptr));
    // A journal read over HTTP holds redacted values only: the key as the mock displays it.
    auto good = judged(s, run, {event(0ms, 200, {{"App-Key", ctx.credential_display}})}, ctx);
    REQUIRE(good.checks.size() == 2);
    CHECK(good.checks[0].passed);
    CHECK(good.checks[1].passed);
    auto bad = judged(s, run, {event(0ms, 200, {{"X-Api-Key", ctx.credential_key}, {"Authorization", "x"}})}, ctx);
    CHECK_FALSE(bad.checks[0].passed);
    CHECK(bad.checks[0].actual == "request 1: absent");
    CHECK(bad.checks[0].expected == "'sk_live_…stuv'");
    CHECK_FALSE(bad.checks[1].passed);
  }

  TEST_CASE(" the auth scheme is case-insensitive, the credential after it is not") {
    runner::Then t;
    t.headers = {{"Authorization", std::string("Bearer {key}"), false}};
    const auto s = scenario(t, {"CLI-HEADER"});
    runner::JudgeContext ctx = word_context();
    ctx.credential_key = "sk_live_0123456789abcdefghijklmnopqrstuv";
    ctx.credential_display = "sk_live_…stuv";
    const auto run = reported(outcome(true, 200, nullptr));
    CHECK(judged(s, run, {event(0ms, 200, {{"Authorization", "bearer " + ctx.credential_display}})}, ctx).only().passed);
    CHECK(judged(s, run, {event(0ms, 200, {{"Authorization", "BEARER " + ctx.credential_display}})}, ctx).only().passed);
    CHECK_FALSE(judged(s, run, {event(0ms, 200, {{"Authorization", "Bearer sk_live_…STUV"}})}, ctx).only().passed);
  }

  TEST_CASE("an empty key: sent empty, left out or refused locally pass, and say which") {
    runner::Then t;
    t.empty_key = runner::EmptyKeyExpectation{"app-key"};
    const auto s = scenario(t, {"CLI-EMPTY-KEY"});
    const auto unauthorized = reported(outcome(false, 401, "unauthorized"));
    const auto empty = judged(s, unauthorized, {event(0ms, 401, {{"app-key", ""}})}).only();
    CHECK(empty.passed);
    CHECK(empty.actual == "sent empty, reported 401 unauthorized");
    const auto left_out = judged(s, unauthorized, {event(0ms, 401, {{"Host", "x"}})}).only();
    CHECK(left_out.passed);
    CHECK(left_out.actual == "left out, reported 401 unauthorized");
    const auto refused = judged(s, reported(outcome(false, nullptr, "config")), {}).only();
    CHECK(refused.passed);
    CHECK(refused.actual == "nothing sent, reported no answer: config (refused locally)");

    CHECK_FALSE(judged(s, unauthorized, {event(0ms, 401, {{"app-key", "sk_live_x"}})}).only().passed);
    CHECK_FALSE(judged(s, reported(outcome(false, 401, "bad_request")), {event(0ms, 401)}).only().passed);
    CHECK_FALSE(judged(s, reported(outcome(false, nullptr, "timeout")), {}).only().passed);  // nothing sent: no timeout
    const auto retried = judged(s, unauthorized, {event(0ms, 401), event(1s, 401)}).only();
    CHECK_FALSE(retried.passed);
    CHECK(retried.behaviour == "CLI-EMPTY-KEY");  // the scenario covers it, not NO-RETRY-4XX
  }

  TEST_CASE(" an Authorization header of only a scheme carries no key, one with a token does") {
    runner::Then t;
    t.empty_key = runner::EmptyKeyExpectation{"Authorization"};
    const auto s = scenario(t, {"CLI-EMPTY-KEY"});
    const auto unauthorized = reported(outcome(false, 401, "unauthorized"));
    const auto ctx = word_context();
    const auto bare = judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "Bearer "}})}, ctx).only();
    CHECK(bare.passed);
    CHECK(bare.actual == "sent empty, reported 401 unauthorized");
    CHECK(judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "  "}})}, ctx).only().passed);
    CHECK_FALSE(judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "Bearer x"}})}, ctx).only().passed);
    CHECK_FALSE(judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "Bearerx"}})}, ctx).only().passed);
  }

  TEST_CASE(" the scheme words are the profile's: AccessKey alone carries no key, Bearer alone does not count") {
    runner::Then t;
    t.empty_key = runner::EmptyKeyExpectation{"Authorization"};
    const auto s = scenario(t, {"CLI-EMPTY-KEY"});
    const auto unauthorized = reported(outcome(false, 401, "unauthorized"));
    const auto ctx = word_context("AccessKey");
    CHECK(judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "AccessKey "}})}, ctx).only().passed);
    CHECK(judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "accesskey"}})}, ctx).only().passed);
    CHECK_FALSE(judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "Bearer "}})}, ctx).only().passed);
  }

  TEST_CASE(" a profile's exact scheme word must be sent as spelled, an any-case one in any case") {
    runner::Then t;
    t.headers = {{"Authorization", std::string("AccessKey {key}"), false}};
    const auto s = scenario(t, {"CLI-HEADER"});
    const auto run = reported(outcome(true, 200, nullptr));
    const std::string key = "sk_live_0123456789abcdefghijklmnopqrstuv";
    const auto with_key = [&](runner::JudgeContext ctx) {
      ctx.credential_key = key;
      ctx.credential_display = "sk_live_…stuv";
      return ctx;
    };
    const auto any_case = with_key(word_context("AccessKey"));
    const auto exact = with_key(word_context("AccessKey", core::WordCase::Exact));
    const auto sent = [&](const std::string& word) {
      return std::vector<core::ServeEvent>{event(0ms, 200, {{"Authorization", word + " sk_live_…stuv"}})};
    };
    CHECK(judged(s, run, sent("accesskey"), any_case).only().passed);
    CHECK(judged(s, run, sent("AccessKey"), exact).only().passed);
    CHECK_FALSE(judged(s, run, sent("accesskey"), exact).only().passed);
    CHECK_FALSE(judged(s, run, sent("Bearer"), any_case).only().passed);
  }

  TEST_CASE(" no key at all: a sample's placeholder ('Bearer None') is no key, a library's refusal may read transport") {
    runner::Then t;
    t.empty_key = runner::EmptyKeyExpectation{"Authorization", true};
    const auto s = scenario(t, {"CLI-EMPTY-KEY"});
    const auto unauthorized = reported(outcome(false, 401, "unauthorized"));
    const auto placeholder = judged(s, unauthorized, {event(0ms, 401, {{"Authorization", "Bearer None"}})}, word_context()).only();
    CHECK(placeholder.passed);
    CHECK(placeholder.actual == "sent as 'Bearer None' (no key), reported 401 unauthorized");
    const auto library = judged(s, reported(outcome(false, nullptr, "transport")), {}).only();
    CHECK(library.passed);
    CHECK_FALSE(judged(s, reported(outcome(false, nullptr, "timeout")), {}).only().passed);
    runner::Then empty = t;
    empty.empty_key->unset = false;  // an empty key given: a value in the header is a key sent
    CHECK_FALSE(judged(scenario(empty, {"CLI-EMPTY-KEY"}), unauthorized,
                       {event(0ms, 401, {{"Authorization", "Bearer None"}})}).only().passed);
  }

  TEST_CASE("no key in the URL: a key_in_url flag or the key in the path fails, a lookup path does not") {
    runner::Then t;
    auto s = scenario(t, {"CLI-NO-KEY-IN-URL"});
    s.then.no_key_in_url = true;
    runner::JudgeContext ctx;
    ctx.credential_key = "sk_live_0123456789abcdefghijklmnopqrstuv";
    ctx.credential_display = "sk_live_…stuv";
    const auto run = reported(outcome(true, 200, nullptr));
    auto flagged = event(0ms, 200);
    flagged.flags = {core::JournalFlag::KeyInUrl};
    CHECK_FALSE(judged(s, run, {flagged}, ctx).only().passed);
    auto in_path = event(0ms, 200);
    in_path.path = "/authentication/sk_live_…stuv";
    CHECK_FALSE(judged(s, run, {in_path}, ctx).only().passed);
    s.when.operation = "lookup_key";
    CHECK(judged(s, run, {in_path}, ctx).only().passed);
  }

  TEST_CASE("the body: documented fields and Content-Type, parameters allowed") {
    runner::Then t;
    t.body = nlohmann::json{{"to", "+39"}};
    t.content_type = "application/json";
    const auto s = scenario(t, {"CLI-BODY"});
    const auto run = reported(outcome(true, 200, nullptr));
    auto sent = event(0ms, 200, {{"Content-Type", "application/json; charset=utf-8"}});
    sent.body = R"({"to":"+39","message":"Hi"})";
    const auto ok = judged(s, run, {sent});
    CHECK(ok.checks.at(0).passed);
    CHECK(ok.checks.at(1).passed);
    sent.headers.clear();
    const auto bad = judged(s, run, {sent});
    CHECK_FALSE(bad.checks.at(1).passed);
    CHECK(bad.checks.at(1).actual == "request 1: none");
  }

  TEST_CASE(" inside arrays too, fields a serializer adds are allowed, a missing one is not") {
    runner::Then t;
    t.body = nlohmann::json::parse(R"({"messages":[{"destinations":["+39"],"body":"Hi"}]})");
    const auto s = scenario(t, {"CLI-BODY"});
    const auto run = reported(outcome(true, 200, nullptr));
    auto sent = event(0ms, 200);
    sent.body = R"({"messages":[{"destinations":["+39"],"body":"Hi","sender":null,"flash":false}],"extra":1})";
    CHECK(judged(s, run, {sent}).only().passed);
    sent.body = R"({"messages":[{"destinations":["+39"]}]})";
    CHECK_FALSE(judged(s, run, {sent}).only().passed);
    sent.body = R"({"messages":[{"destinations":["+39"],"body":"Hi"},{"destinations":["+39"],"body":"Hi"}]})";
    CHECK_FALSE(judged(s, run, {sent}).only().passed);  // two messages are not the one asked for
  }

  TEST_CASE("a step a client may refuse locally: config with nothing sent passes, anything else is judged") {
    runner::Then t;
    t.may_refuse_locally = true;
    t.outcome = runner::OutcomeExpectation{false, 403, "forbidden"};
    t.requests = runner::CountExpectation{1, std::nullopt, std::nullopt};
    const auto s = scenario(t, {"ALL-TLS"});
    const auto refused = judged(s, reported(outcome(false, nullptr, "config")), {}).only();
    CHECK(refused.passed);
    CHECK(refused.name == "refused locally");
    const auto sent = judged(s, reported(outcome(false, 403, "forbidden")), {event(0ms, 403)});
    CHECK(std::all_of(sent.checks.begin(), sent.checks.end(), [](const auto& c) { return c.passed; }));
    const auto wrong = judged(s, reported(outcome(false, nullptr, "transport")), {});
    CHECK(std::any_of(wrong.checks.begin(), wrong.checks.end(), [](const auto& c) { return !c.passed; }));
  }

  TEST_CASE("leaks: the key anywhere in the client's output fails, the mock's exports are checked too") {
    runner::Then t;
    auto s = scenario(t, {"CLI-NO-LEAK"});
    s.then.no_leak = true;
    s.then.journal_redacted = true;
    runner::JudgeContext ctx;
    ctx.credential_key = "sk_live_0123456789abcdefghijklmnopqrstuv";
    ctx.key_values = {{"main", ctx.credential_key}};
    ctx.exported = R"([{"headers":{"app-key":"sk_live_…stuv"}}])";
    auto run = reported(outcome(true, 200, nullptr));
    auto clean = judged(s, run, {}, ctx);
    CHECK(clean.checks.at(0).passed);
    CHECK(clean.checks.at(1).passed);
    run.stderr_text = "debug: app-key=" + ctx.credential_key;
    const auto leaked = judged(s, run, {}, ctx);
    CHECK_FALSE(leaked.checks.at(0).passed);
    CHECK(leaked.checks.at(0).actual == "printed on stderr");
    ctx.exported = ctx.credential_key;
    CHECK_FALSE(judged(s, reported(outcome(true, 200, nullptr)), {}, ctx).checks.at(1).passed);
  }

  TEST_CASE("TLS refused: nothing reached the mock and the client said transport") {
    runner::Then t;
    t.tls_refused = true;
    const auto s = scenario(t, {"CLI-TLS-VERIFY"});
    CHECK(judged(s, reported(outcome(false, nullptr, "transport")), {}).only().passed);
    CHECK_FALSE(judged(s, reported(outcome(true, 200, nullptr)), {event(0ms, 200)}).only().passed);
  }

  TEST_CASE("the outcome, field by field, a missing outcome line is its own failure") {
    runner::Then t;
    t.outcome = runner::OutcomeExpectation{false, nlohmann::json(nullptr), nlohmann::json("timeout")};
    const auto s = scenario(t, {"CLI-TIMEOUT"});
    const auto ok = judged(s, reported(outcome(false, nullptr, "timeout")), {event(0ms, 200)});
    REQUIRE(ok.checks.size() == 3);
    for (const auto& c : ok.checks) CHECK(c.passed);
    const auto late = judged(s, reported(outcome(true, 200, nullptr)), {event(0ms, 200)});
    CHECK_FALSE(late.checks[0].passed);
    CHECK(late.checks[1].actual == "200");
    CHECK(late.checks[1].expected == "null");
    runner::ClientRun silent;
    silent.problem = "the client printed no outcome line (stdout was empty)";
    const auto none = judged(s, silent, {});
    REQUIRE(none.checks.size() == 1);
    CHECK(none.checks[0].name == "client outcome");
    CHECK(none.checks[0].actual == silent.problem);
  }

  TEST_CASE("the mock's side: answers in order, journal flags, keys used") {
    runner::Then t;
    t.responses = {{429, nlohmann::json{{"detail", "x"}}, {{"Retry-After", "1"}}}, {200, std::nullopt, {}}};
    t.flags = {core::JournalFlag::Fault};
    t.keys = {{"main", true}};
    const auto s = scenario(t, {"ACL-429"});
    auto first = event(0ms, 429, {}, 1);
    first.response_body = R"({"detail":"x"})";
    first.flags = {core::JournalFlag::Fault};
    runner::JudgeContext ctx;
    ctx.key_used = {{"main", true}};
    const auto good = judged(s, reported(outcome(true, 200, nullptr)), {first, event(1s, 200)}, ctx);
    for (const auto& c : good.checks) CHECK_MESSAGE(c.passed, c.name);
    const auto short_journal = judged(s, reported(outcome(true, 200, nullptr)), {first}, ctx);
    const auto missing = std::find_if(short_journal.checks.begin(), short_journal.checks.end(),
                                      [](const auto& c) { return c.name == "response 2"; });
    REQUIRE(missing != short_journal.checks.end());
    CHECK(missing->actual == "no such request");
  }

  TEST_CASE("a failure's reason reads behaviour, rule, expected, actual, the wire comes before the outcome") {
    runner::Then t;
    t.requests = runner::CountExpectation{1, std::nullopt, std::nullopt};
    t.outcome = runner::OutcomeExpectation{false, nlohmann::json(401), nlohmann::json("unauthorized")};
    const auto s = scenario(t, {"LIS-401-UNKNOWN", "CLI-NO-RETRY-4XX"});
    runner::JudgeContext ctx;
    ctx.rules = {{"CLI-NO-RETRY-4XX", "001: 401 \"Re-check API key\""}};
    const auto out = judged(s, reported(outcome(false, 401, "unavailable")), {event(0ms, 401), event(1s, 401)}, ctx);
    const auto first_failed = std::find_if(out.checks.begin(), out.checks.end(), [](const auto& c) { return !c.passed; });
    REQUIRE(first_failed != out.checks.end());
    CHECK(first_failed->reason() ==
          "CLI-NO-RETRY-4XX (001: 401 \"Re-check API key\"): request count: expected 1, got 2");
    const auto error = std::find_if(out.checks.begin(), out.checks.end(), [](const auto& c) { return c.name == "outcome.error"; });
    REQUIRE(error != out.checks.end());
    CHECK(error->behaviour == "LIS-401-UNKNOWN");  // an outcome stands for the scenario's own behaviour
  }
}
