// The checks of `then`: the client's outcome, and the wire as the mock's journal saw it.
#include "mockgate/runner/checks.hpp"

#include "mockgate/core/key_hasher.hpp"

namespace mockgate::runner {
namespace {

std::string show(const nlohmann::json& j) { return j.dump(); }

CheckResult check(std::string name, bool passed, std::string expected, std::string actual) {
  return CheckResult{std::move(name), passed, std::move(expected), std::move(actual)};
}

std::string display_of(const std::string& text, const JudgeContext& ctx) {
  std::string out = text;
  if (!ctx.credential_key.empty()) {
    for (auto pos = out.find(ctx.credential_key); pos != std::string::npos;
         pos = out.find(ctx.credential_key, pos)) {
      out.replace(pos, ctx.credential_key.size(), ctx.credential_display);
    }
  }
  if (!ctx.basic_header.empty() && out == ctx.basic_header) return "Basic …";
  return out;
}

void outcome_checks(const Then& then, const ClientRun& run, std::vector<CheckResult>& out) {
  if (!run.outcome) {
    out.push_back(check("client outcome", false, "one JSON outcome line on stdout", run.problem));
    return;
  }
  const auto& o = *run.outcome;
  if (!then.outcome) return;
  const auto& e = *then.outcome;
  if (e.ok) out.push_back(check("outcome.ok", o.at("ok") == *e.ok, show(*e.ok), show(o.at("ok"))));
  if (e.status) out.push_back(check("outcome.status", o.at("status") == *e.status, show(*e.status), show(o.at("status"))));
  if (e.error) out.push_back(check("outcome.error", o.at("error") == *e.error, show(*e.error), show(o.at("error"))));
}

void header_checks(const Then& then, const std::vector<core::ServeEvent>& journal,
                   const JudgeContext& ctx, std::vector<CheckResult>& out) {
  for (const auto& want : then.headers) {
    const std::string name = "header " + want.name;
    bool passed = true;
    std::string actual = "as expected on every request";
    for (std::size_t i = 0; i < journal.size() && passed; ++i) {
      const auto& e = journal[i];
      std::optional<std::size_t> found;
      for (std::size_t h = 0; h < e.headers.size(); ++h) {
        if (core::iequals(e.headers[h].name, want.name)) {
          found = h;
          break;
        }
      }
      const std::string where = "request " + std::to_string(i + 1) + ": ";
      if (want.absent && found) {
        passed = false;
        actual = where + "present (" + e.headers[*found].value + ")";
      } else if (want.value && !found) {
        passed = false;
        actual = where + "absent";
      } else if (want.value && found) {
        const auto expected = substitute(*want.value, ctx);
        // Digests are there for a journal read in-process (empty: the value is kept as sent);
        // one read over HTTP has only the redacted values, so those are compared with the
        // expected value's redacted form.
        const bool in_process = e.header_digests.size() == e.headers.size();
        const bool matches = !in_process ? e.headers[*found].value == display_of(expected, ctx)
                             : e.header_digests[*found].empty()
                                 ? e.headers[*found].value == expected
                                 : e.header_digests[*found] == core::sha256_hex(expected);
        if (!matches) {
          passed = false;
          actual = where + "'" + e.headers[*found].value + "'";
        }
      }
    }
    const std::string expected =
        want.absent ? "absent" : "'" + display_of(substitute(*want.value, ctx), ctx) + "'";
    out.push_back(check(name, passed, expected, journal.empty() ? "no request was sent" : actual));
  }
}

void body_checks(const Then& then, const std::vector<core::ServeEvent>& journal,
                 std::vector<CheckResult>& out) {
  if (then.body) {
    bool passed = !journal.empty();
    std::string actual = journal.empty() ? "no request was sent" : "as expected";
    for (std::size_t i = 0; i < journal.size() && passed; ++i) {
      const auto body = nlohmann::json::parse(journal[i].body, nullptr, false);
      if (body.is_discarded() || !json_contains(body, *then.body)) {
        passed = false;
        actual = "request " + std::to_string(i + 1) + ": " +
                 (journal[i].body.empty() ? std::string("no body") : journal[i].body);
      }
    }
    out.push_back(check("request body", passed, "fields " + then.body->dump(), actual));
  }
  if (then.content_type) {
    bool passed = !journal.empty();
    std::string actual = journal.empty() ? "no request was sent" : "as expected";
    for (std::size_t i = 0; i < journal.size() && passed; ++i) {
      if (journal[i].body.empty()) continue;
      const core::Header* h = core::find_header(journal[i].headers, "Content-Type");
      const std::string value = h == nullptr ? std::string{} : h->value.substr(0, h->value.find(';'));
      if (!core::iequals(value, *then.content_type)) {
        passed = false;
        actual = "request " + std::to_string(i + 1) + ": " + (h == nullptr ? std::string("none") : "'" + h->value + "'");
      }
    }
    out.push_back(check("Content-Type", passed, *then.content_type, actual));
  }
}

void retry_checks(const Then& then, const std::vector<core::ServeEvent>& journal,
                  std::vector<CheckResult>& out) {
  if (!then.retries) return;
  std::vector<long long> gaps;
  for (std::size_t i = 1; i < journal.size(); ++i) {
    gaps.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(journal[i].steady - journal[i - 1].steady).count());
  }
  std::string shown;
  for (const auto g : gaps) shown += (shown.empty() ? "" : ", ") + std::to_string(g) + " ms";
  if (shown.empty()) shown = "no retry";
  if (then.retries->first_gap_at_least_ms) {
    const auto min = *then.retries->first_gap_at_least_ms;
    out.push_back(check("first retry wait", !gaps.empty() && gaps.front() >= min,
                        ">= " + std::to_string(min) + " ms", shown));
  }
  if (then.retries->growing) {
    // Growing means backing off: each wait at least a quarter longer than the one before.
    bool growing = gaps.size() >= 2;
    for (std::size_t i = 1; i < gaps.size(); ++i) growing = growing && gaps[i] * 4 >= gaps[i - 1] * 5;
    out.push_back(check("retry waits grow", growing, "each wait >= 1.25 x the previous (2+ retries)", shown));
  }
}

void wire_checks(const Scenario& s, const ClientRun& run, const std::vector<core::ServeEvent>& journal,
                 const JudgeContext& ctx, std::vector<CheckResult>& out) {
  const Then& then = s.then;
  if (then.tls_refused) {
    const bool refused = journal.empty() && run.outcome && run.outcome->at("error") == "transport";
    out.push_back(check("TLS refused", refused, "no request reached the mock, outcome error \"transport\"",
                        std::to_string(journal.size()) + " request(s), outcome " +
                            (run.outcome ? run.outcome->dump() : std::string("none"))));
  }
  if (then.requests) {
    const auto n = static_cast<int>(journal.size());
    const auto& c = *then.requests;
    bool passed = true;
    std::string expected;
    if (c.exactly) { passed = passed && n == *c.exactly; expected = std::to_string(*c.exactly); }
    if (c.min) { passed = passed && n >= *c.min; expected += (expected.empty() ? "" : ", ") + (">= " + std::to_string(*c.min)); }
    if (c.max) { passed = passed && n <= *c.max; expected += (expected.empty() ? "" : ", ") + ("<= " + std::to_string(*c.max)); }
    out.push_back(check("request count", passed, expected, std::to_string(n)));
  }
  if (then.no_key_in_url && !ctx.credential_key.empty()) {
    std::string actual = "no key in any URL";
    bool passed = true;
    const bool path_may_hold_keys = s.when.operation == "lookup_key";
    for (std::size_t i = 0; i < journal.size(); ++i) {
      const auto& e = journal[i];
      const bool in_path = !path_may_hold_keys && ctx.credential_key.size() >= 8 &&
                           e.path.find(ctx.credential_display) != std::string::npos;
      if (e.has_flag("key_in_url") || in_path) {
        passed = false;
        actual = "request " + std::to_string(i + 1) + " carried a credential in its URL";
        break;
      }
    }
    out.push_back(check("no key in the URL", passed, "no key in any URL", actual));
  }
  if (then.no_leak && !s.when.probe) {
    std::vector<std::string> secrets;
    if (ctx.credential_key.size() >= 8) secrets.push_back(ctx.credential_key);
    if (ctx.password.size() >= 4) secrets.push_back(ctx.password);
    std::string actual = "not printed";
    for (const auto& secret : secrets) {
      if (run.printed_secret_on_stdout || run.stdout_text.find(secret) != std::string::npos) actual = "printed on stdout";
      if (run.printed_secret_on_stderr || run.stderr_text.find(secret) != std::string::npos) actual = "printed on stderr";
    }
    out.push_back(check("no cleartext credential in the client's output", actual == "not printed",
                        "not printed", actual));
  }
  if (then.journal_redacted) {
    std::string actual = "every key redacted";
    for (const auto& [name, value] : ctx.key_values) {
      if (value.size() >= 8 && ctx.exported.find(value) != std::string::npos) {
        actual = "key '" + name + "' in cleartext";
      }
    }
    out.push_back(check("journal and listings redact keys", actual == "every key redacted",
                        "every key redacted", actual));
  }
  for (const auto& flag : then.flags) {
    bool seen = false;
    for (const auto& e : journal) seen = seen || e.has_flag(flag);
    out.push_back(check("journal flag " + flag, seen, "on a request", seen ? "on a request" : "on no request"));
  }
  for (const auto& want : then.keys) {
    bool used = false;
    for (const auto& [name, u] : ctx.key_used) {
      if (name == want.name) used = u;
    }
    if (want.used) {
      out.push_back(check("key " + want.name + " last_used_at", used == *want.used,
                          *want.used ? "set" : "not set", used ? "set" : "not set"));
    }
  }

}


/// The mock's answers, in order: after what the client sent, since a wrong request explains
/// a wrong answer better than the answer does.
void response_checks(const Then& then, const std::vector<core::ServeEvent>& journal,
                     std::vector<CheckResult>& out) {
  for (std::size_t i = 0; i < then.responses.size(); ++i) {
    const auto& want = then.responses[i];
    const std::string name = "response " + std::to_string(i + 1);
    if (i >= journal.size()) {
      out.push_back(check(name, false, "an answer", "no such request"));
      continue;
    }
    const auto& e = journal[i];
    if (want.status) {
      out.push_back(check(name + " status", e.status == want.status, std::to_string(*want.status),
                          e.status ? std::to_string(*e.status) : "dropped"));
    }
    if (want.body) {
      const auto got = nlohmann::json::parse(e.response_body, nullptr, false);
      out.push_back(check(name + " body", !got.is_discarded() && got == *want.body, want.body->dump(),
                          e.response_body));
    }
    for (const auto& h : want.headers) {
      const core::Header* got = core::find_header(e.response_headers, h.name);
      out.push_back(check(name + " header " + h.name, got != nullptr && got->value == h.value, h.value,
                          got == nullptr ? "absent" : got->value));
    }
  }
}

}  // namespace

std::string substitute(std::string text, const JudgeContext& ctx) {
  const auto replace = [&](const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
      text.replace(pos, from.size(), to);
    }
  };
  replace("{key}", ctx.credential_key);
  replace("{basic}", ctx.basic_header);
  for (const auto& [name, value] : ctx.key_values) replace("{keys." + name + ".value}", value);
  return text;
}

bool json_contains(const nlohmann::json& value, const nlohmann::json& subset) {
  if (!subset.is_object()) return value == subset;
  if (!value.is_object()) return false;
  for (const auto& [k, v] : subset.items()) {
    if (!value.contains(k) || !json_contains(value.at(k), v)) return false;
  }
  return true;
}

std::vector<CheckResult> judge(const Scenario& scenario, const ClientRun& run,
                               const std::vector<core::ServeEvent>& journal,
                               const JudgeContext& context) {
  // The reason a scenario fails is its first failed check, so the specific checks of what
  // the client sent come before its reported outcome: a client that skips certificate checks
  // fails "TLS refused", not merely "outcome.ok". A missing outcome line comes first of all.
  std::vector<CheckResult> out;
  if (!scenario.when.probe && !run.outcome) outcome_checks(scenario.then, run, out);
  wire_checks(scenario, run, journal, context, out);
  header_checks(scenario.then, journal, context, out);
  body_checks(scenario.then, journal, out);
  retry_checks(scenario.then, journal, out);
  response_checks(scenario.then, journal, out);
  if (!scenario.when.probe && run.outcome) outcome_checks(scenario.then, run, out);
  return out;
}

}  // namespace mockgate::runner
