// Transcripts: built once per run from the journal (redacted field by field), shown as JSON or
// as text.
#include "mockgate/runner/transcript.hpp"

namespace mockgate::runner {
namespace {

std::string tail_of(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  // Built from iterators, not `s.substr(…)` or `append(s, pos, n)`: GCC 12 and 14 misread
  // those as out-of-bounds copies (-Warray-bounds, -Wstringop-overflow) at -O2.
  std::string out(s.end() - static_cast<std::ptrdiff_t>(n), s.end());
  return "…" + out;
}

void redact_headers(core::Headers& headers, const Redaction& redact) {
  for (auto& h : headers) h.value = redact(std::move(h.value));
}

}  // namespace

std::string redact_secrets(std::string text, const Secrets& secrets) {
  for (const auto& [secret, shown] : secrets) {
    if (secret.size() < 4) continue;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + shown.size())) {
      text.replace(pos, secret.size(), shown);
    }
  }
  return text;
}

Redaction::Redaction(Secrets secrets, MockRedaction mock)
    : secrets_(std::move(secrets)), mock_(std::move(mock)) {}

std::string Redaction::operator()(std::string text) const {
  text = redact_secrets(std::move(text), secrets_);
  return mock_ ? mock_(text) : text;
}

Transcript make_transcript(const ClientRun& run, const std::vector<core::ServeEvent>& journal,
                           const std::string& command, const Redaction& redact) {
  Transcript t;
  ClientTranscript c;
  c.command = command;
  c.exit_code = run.exit_code;
  c.signal = run.signal;
  c.timed_out = run.timed_out;
  c.left_running = run.left_running;
  c.note = run.note;
  c.duration = run.duration;
  c.started = run.started;
  // Redacted whole, then cut: a cut through a key would leave part of it in cleartext.
  c.stdout_tail = tail_of(redact(run.stdout_text), 4000);
  c.stderr_tail = tail_of(redact(run.stderr_text), 4000);
  t.client = std::move(c);
  t.exchanges = journal;
  for (auto& e : t.exchanges) {
    // The journal is redacted already for the keys it stores; a password, a raw credential or
    // a key of another listener may still stand in it.
    e.path = redact(std::move(e.path));
    e.target = redact(std::move(e.target));
    for (auto& [name, value] : e.query) value = redact(std::move(value));
    redact_headers(e.headers, redact);
    e.body = redact(std::move(e.body));
    redact_headers(e.response_headers, redact);
    e.response_body = redact(std::move(e.response_body));
    e.header_digests.clear();
  }
  return t;
}

std::chrono::steady_clock::time_point timeline_origin(const Transcript& t) {
  if (t.client && t.client->started != std::chrono::steady_clock::time_point{}) return t.client->started;
  return t.exchanges.empty() ? std::chrono::steady_clock::time_point{} : t.exchanges.front().steady;
}

void to_json(nlohmann::json& j, const Transcript& t) {
  j = nlohmann::json::object();
  if (t.client) {
    const auto& c = *t.client;
    j["client"] = {{"command", c.command},
                   {"exit_code", c.exit_code},
                   {"signal", c.signal},
                   {"timed_out", c.timed_out},
                   {"left_running", c.left_running},
                   {"note", c.note},
                   {"duration_ms", c.duration.count()},
                   {"stdout", c.stdout_tail},
                   {"stderr", c.stderr_tail}};
  }
  j["requests"] = nlohmann::json::array();
  const auto origin = timeline_origin(t);
  for (const auto& e : t.exchanges) {
    nlohmann::json request = e;
    // When it came, counted from the client's start: the timeline a reader can replay.
    request["at_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(e.steady - origin).count();
    j["requests"].push_back(std::move(request));
  }
}

std::string transcript_text(const Transcript& t) {
  std::string out;
  for (const auto& e : t.exchanges) {
    out += "    > " + e.method + " " + e.path;
    char separator = '?';
    for (const auto& [k, v] : e.query) {
      out += separator + k + "=" + v;
      separator = '&';
    }
    out += "\n";
    for (const auto& h : e.headers) out += "    >   " + h.name + ": " + h.value + "\n";
    if (!e.body.empty()) out += "    >   " + e.body + "\n";
    out += "    < " + (e.status ? std::to_string(*e.status) : std::string("(dropped)")) + " " + e.response_body + "\n";
  }
  if (t.client) {
    const auto& c = *t.client;
    // A client ended by a signal has no exit code: "exit 0" would read as a success.
    const auto how = c.timed_out     ? std::string("ended at its deadline")
                     : c.signal != 0 ? "killed by signal " + std::to_string(c.signal)
                                     : "exit " + std::to_string(c.exit_code);
    out += "    client: " + how + ", " + std::to_string(c.duration.count()) + " ms\n";
    if (!c.note.empty()) out += "    note: " + c.note + "\n";
    for (const auto& [name, text0] : {std::pair<const char*, std::string>{"stdout", c.stdout_tail},
                                      std::pair<const char*, std::string>{"stderr", c.stderr_tail}}) {
      std::string text = text0;
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      if (!text.empty()) out += std::string("    ") + name + ": " + text + "\n";
    }
  }
  return out;
}

}  // namespace mockgate::runner
