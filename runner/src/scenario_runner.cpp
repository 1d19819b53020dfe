// One scenario, end to end, over any target: arrange, drive the client, read the journal, judge.
#include "mockgate/runner/scenario_runner.hpp"

#include "mockgate/runner/catalogue.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "core/base64.hpp"
#include "mockgate/core/key_store.hpp"
#include "mockgate/runner/remote_target.hpp"
#include "mockgate/runner/schedule.hpp"
#include "scenario_target.hpp"

namespace mockgate::runner {
namespace {

/// "{keys.NAME.value}" and "{keys.NAME.id}" in params become the arranged keys' value and id.
nlohmann::json resolve(const nlohmann::json& j, const std::map<std::string, core::CreatedKey>& keys) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    for (const auto& [name, key] : keys) {
      if (s == "{keys." + name + ".value}") return key.value;
      if (s == "{keys." + name + ".id}") return key.record.id;
    }
    return j;
  }
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : j.items()) out[k] = resolve(v, keys);
    return out;
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : j) out.push_back(resolve(v, keys));
    return out;
  }
  return j;
}

}  // namespace

namespace detail {

ClientRun send_probe(const Probe& probe, Transport& transport, const JudgeContext& ctx, ProbeExchange* exchange) {
  ClientRun run;
  const auto start = std::chrono::steady_clock::now();
  HttpRequest req;
  req.method = probe.method;
  req.target = substitute(probe.target, ctx);
  for (const auto& h : probe.headers) req.headers.push_back({h.name, substitute(h.value, ctx)});
  req.body = substitute(probe.body, ctx);
  if (!req.body.empty() && core::find_header(req.headers, "Content-Type") == nullptr) {
    req.headers.push_back({"Content-Type", "application/json"});
  }
  const Sent sent = transport.send(req);
  if (sent.answer) {
    const auto& res = *sent.answer;
    run.outcome = ClientOutcome::from_json(
        {{"ok", res.status < 400}, {"status", res.status}, {"error", nullptr}, {"data", nullptr}});
    if (exchange != nullptr) {
      // What was sent and what came back, as a journal entry would hold it (unredacted: the
      // caller redacts before anything is shown).
      auto& e = exchange->event;
      e.method = req.method;
      e.path = req.target.substr(0, req.target.find('?'));
      for (const auto& h : req.headers) {
        e.headers.push_back(h);
        e.header_digests.push_back(core::sha256_hex(h.value));
      }
      e.body = req.body;
      e.status = res.status;
      e.response_headers = res.headers;
      e.response_body = res.body;
      exchange->answered = true;
    }
  } else {
    run.problem = "the probe failed: " + sent.error;
  }
  run.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return run;
}

std::unique_ptr<Transport> transport_for(const RunOptions& options, const std::string& base_url,
                                         const std::string& ca_file) {
  const TransportOptions t{.base_url = base_url, .ca_file = ca_file};
  return options.transport ? options.transport(t) : http_transport(t);
}

void prepare(const Scenario& s, const core::Profile& profile,
             const std::map<std::string, core::CreatedKey>& keys, const std::string& base_url,
             const std::string& ca_file, ClientInput& input, JudgeContext& ctx,
             std::vector<std::pair<std::string, std::string>>& secrets) {
  input.provider = s.provider;
  input.operation = s.when.operation;
  input.env_var = profile.env_var;
  input.ca_file = ca_file;
  input.timeout_ms = s.when.client_timeout_ms;
  input.base_url = base_url;
  input.params = resolve(s.when.params, keys);
  ctx.schemes = profile.credentials;
  for (const auto& [name, key] : keys) secrets.emplace_back(key.value, key.record.display);
  switch (s.when.credential) {
    case CredentialChoice::None: break;
    case CredentialChoice::Key: input.api_key = keys.at(s.when.key_name).value; break;
    case CredentialChoice::Raw: input.api_key = s.when.raw; break;
    case CredentialChoice::Basic:
      input.username = s.when.username;
      input.password = s.when.password;
      ctx.basic_header = "Basic " + core::base64_encode(s.when.username + ":" + s.when.password);
      ctx.password = s.when.password;
      secrets.emplace_back(s.when.password, "…");
      break;
  }
  if (input.api_key) {
    ctx.credential_key = *input.api_key;
    ctx.credential_display = core::display_form(
        core::KeyStore(profile.key_format, profile.key_environments()).prefix_of(*input.api_key),
        *input.api_key);
    secrets.emplace_back(*input.api_key, ctx.credential_display);
  }
  for (const auto& [name, key] : keys) ctx.key_values.emplace_back(name, key.value);
}

void conclude(ScenarioResult& result, const Scenario& s, const ClientRun& run,
              const std::vector<core::ServeEvent>& journal, const JudgeContext& ctx,
              const std::string& client, const Redaction& redact) {
  result.checks = judge(s, run, journal, ctx);
  for (auto& c : result.checks) {
    c.expected = redact(std::move(c.expected));
    c.actual = redact(std::move(c.actual));
  }
  result.transcript = make_transcript(run, journal, client, redact);
  result.verdict = Verdict::Pass;
  result.reason.clear();
  for (const auto& c : result.checks) {
    if (!c.passed) {
      result.verdict = Verdict::Fail;
      result.reason = c.reason();
      return;
    }
  }
}

ScenarioResult run_at(Target& target, const Scenario& s, const core::Profile& profile,
                      ClientDriver& driver, const RunOptions& options) {
  ResultBuilder built(s);
  const Placement place = target.place(s);
  if (!place.skipped.empty()) return built.finish(Verdict::Skipped, place.skipped);
  if (!place.error.empty()) return built.finish(Verdict::Error, place.error);

  ClientInput input;
  JudgeContext ctx;
  Secrets secrets;  // cleartext → display
  prepare(s, profile, place.keys, place.base_url, place.ca_file, input, ctx, secrets);
  if (options.catalogue != nullptr) ctx.rules = options.catalogue->rules();
  ProbeExchange exchange;
  const ClientRun run = s.when.probe
                            ? send_probe(*s.when.probe, *transport_for(options, place.base_url, place.ca_file), ctx, &exchange)
                            : driver.run(input, client_budget(s, options.timeout));

  Observation seen = target.observe(s, exchange);
  if (!seen.error.empty()) return built.finish(Verdict::Error, seen.error);
  ctx.exported = std::move(seen.exported);
  for (const auto& [name, key] : place.keys) {
    const auto used = seen.keys_used.find(key.record.id);
    if (used != seen.keys_used.end()) ctx.key_used.emplace_back(name, used->second);
  }
  ScenarioResult& result = built.result;
  const Redaction redact(std::move(secrets), std::move(seen.redaction));
  const std::string client = s.when.probe ? "probe" : driver.describe();
  if (!seen.inner_state_unknown) {
    conclude(result, s, run, seen.journal, ctx, client, redact);
  } else {
    Scenario judged = s;
    judged.then.journal_redacted = false;
    judged.then.flags.clear();
    judged.then.keys.clear();
    conclude(result, judged, run, seen.journal, ctx, client, redact);
    result.scenario = &s;
  }
  return built.finish(result.verdict, result.reason);
}

}  // namespace detail

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Error: return "error";
    case Verdict::Skipped: return "skipped";
  }
  return "error";
}

std::chrono::milliseconds client_budget(const Scenario& s, std::chrono::milliseconds timeout) {
  // Document 002's sample waits 2^i s between attempts: over the 6 attempts CLI-RETRY-BOUNDED
  // allows, 1 + 2 + 4 + 8 + 16 s. A scenario that refuses again and again allows that much, or
  // its own Retry-After's, whichever is longer.
  constexpr int kMaxWaits = 5;
  std::chrono::milliseconds held{0};
  std::chrono::milliseconds asked{0};
  int refusals = 0;
  for (const auto& arrangement : s.given.faults) {
    for (const auto& f : arrangement.responses) {
      held += f.delay * f.repeat;
      if (f.status) {
        refusals += f.repeat;
        asked += std::chrono::seconds(f.retry_after.value_or(1)) * std::min(f.repeat, kMaxWaits);
      }
    }
  }
  std::chrono::milliseconds backoff{0};
  for (int i = 0; i < std::min(refusals, kMaxWaits); ++i) backoff += std::chrono::seconds(1 << i);
  return timeout + held + std::max(backoff, asked);
}

RunSummary summarize(const std::vector<ScenarioResult>& results) {
  RunSummary s;
  for (const auto& r : results) {
    if (r.verdict == Verdict::Pass) {
      ++s.passed;
    } else if (r.verdict == Verdict::Skipped) {
      ++s.skipped;
    } else if (r.scenario->level == Level::Should) {
      ++s.warned;
    } else {
      ++s.failed;
    }
  }
  return s;
}

namespace {

/// One scenario of run_all: not run once the run is stopped; a runner failure its verdict.
ScenarioResult run_one(const Scenario& scenario, const std::function<const core::Profile&(const std::string&)>& profiles,
                       ClientDriver& driver, const RunOptions& options, ScenarioActivity& activity) {
  ScenarioResult result;
  result.scenario = &scenario;
  if (options.stop != nullptr && options.stop->load() != 0) {
    result.verdict = Verdict::Skipped;
    result.reason = "not run: the run was interrupted before it started";
    return result;
  }
  try {
    const auto& profile = profiles(scenario.provider);
    return options.target != nullptr ? run_scenario_on_target(scenario, profile, driver, options, *options.target)
                                     : run_scenario(scenario, profile, driver, options, &activity);
  } catch (const std::exception& e) {
    result.verdict = Verdict::Error;
    result.reason = std::string("the runner failed: ") + e.what();
    return result;
  }
}

}  // namespace

std::vector<ScenarioResult> run_all(const std::vector<Scenario>& scenarios,
                                    const std::function<const core::Profile&(const std::string&)>& profiles,
                                    const std::function<std::unique_ptr<ClientDriver>()>& make_driver,
                                    const RunOptions& options, const std::vector<Reporter*>& reporters) {
  std::vector<ScenarioResult> results(scenarios.size());
  std::mutex report_mutex;
  std::atomic<std::size_t> next{0};
  const auto describe = make_driver()->describe();
  for (auto* r : reporters) r->run_started(scenarios.size(), describe);
  if (scenarios.empty()) {  // an empty shard of a CI matrix: nothing to admit
    for (auto* r : reporters) r->run_finished(results);
    return results;
  }
  const auto order = longest_waits_first(scenarios);
  // A shared target holds one scenario's state at a time.
  const auto jobs = options.target != nullptr ? std::size_t{1}
                                              : std::max<std::size_t>(1, std::min(options.jobs, scenarios.size()));
  const auto in_flight =
      options.target != nullptr ? std::size_t{1} : std::min(scenarios.size(), jobs * kInFlightPerJob);
  WorkGate gate(jobs, in_flight);
  const auto worker = [&] {
    auto driver = make_driver();
    ScenarioActivity activity;
    for (;;) {
      gate.enter(activity);
      const std::size_t k = next++;
      if (k >= scenarios.size()) {
        gate.leave(activity);
        return;
      }
      const std::size_t i = order[k];
      {
        std::lock_guard lock(report_mutex);
        for (auto* r : reporters) r->scenario_started(scenarios[i]);
      }
      results[i] = run_one(scenarios[i], profiles, *driver, options, activity);
      gate.leave(activity);
      std::lock_guard lock(report_mutex);
      for (auto* r : reporters) r->scenario_finished(results[i]);
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t j = 1; j < in_flight; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  for (auto* r : reporters) r->run_finished(results);
  return results;
}

}  // namespace mockgate::runner
