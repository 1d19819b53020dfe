// What a scenario's run showed, typed: the client process and each request the mock received,
// paired with the answer it got (one journal event holds both, so they cannot drift apart).
// Every secret is already replaced by its display form.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/journal.hpp"
#include "mockgate/runner/client_driver.hpp"

namespace mockgate::runner {

/// Cleartext → the form it is shown in ("sk_live_…oU0i").
using Secrets = std::vector<std::pair<std::string, std::string>>;

/// `text` with every secret of at least 4 characters replaced by its display form.
std::string redact_secrets(std::string text, const Secrets& secrets);

/// Everything a report must not show in cleartext: the scenario's own secrets (its keys,
/// passwords, raw credentials) and, when the mock runs in-process, every key the mock holds or
/// held, found by value: the keys a client created or rotated during the run are nowhere else.
class Redaction {
 public:
  /// The mock's own redaction of a text (core::ProviderState::redacted).
  using MockRedaction = std::function<std::string(std::string_view)>;

  explicit Redaction(Secrets secrets, MockRedaction mock = {});

  std::string operator()(std::string text) const;

 private:
  Secrets secrets_;
  MockRedaction mock_;
};

struct ClientTranscript {
  std::string command;
  int exit_code = 0;
  int signal = 0;
  bool timed_out = false;
  std::chrono::milliseconds duration{0};
  std::string stdout_tail;  ///< the last 4,000 bytes
  std::string stderr_tail;
  int left_running = 0;  ///< processes it started, still running at its end: ended by the runner
  std::string note;      ///< ClientRun::note: what they were
  std::chrono::steady_clock::time_point started{};  ///< ClientRun::started; never serialised
};

struct Transcript {
  std::optional<ClientTranscript> client;
  std::vector<core::ServeEvent> exchanges;  ///< oldest first: each request and its own answer
};

/// Builds the transcript of a run, redacting every field that could carry a secret.
Transcript make_transcript(const ClientRun& run, const std::vector<core::ServeEvent>& journal,
                           const std::string& command, const Redaction& redact);

/// Where a transcript's time axis starts: the client's start, or its first request when the
/// client's start is unknown (a probe scenario).
std::chrono::steady_clock::time_point timeline_origin(const Transcript& t);

/// design.md's JSON: {"client": {command, exit_code, signal, timed_out, left_running, note,
/// duration_ms, stdout, stderr}, "requests": [journal events, each with "at_ms": when it came,
/// from timeline_origin]}.
void to_json(nlohmann::json& j, const Transcript& t);

/// The console's and JUnit's text: "> METHOD path", its headers and body, "< status body", per
/// exchange, then the client's exit, time, note and output.
std::string transcript_text(const Transcript& t);

}  // namespace mockgate::runner
