// How the runner drives a client: as a process (protocol v1, any language) or as a C++
// callable in-process. Either way: the same inputs in, one JSON outcome out.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace mockgate::runner {

/// The inputs of one client step (design.md, "The client protocol").
struct ClientInput {
  std::string provider;
  std::string operation;
  std::string base_url;
  std::string env_var;                  ///< the provider's documented name, e.g. ACME_API_KEY
  std::optional<std::string> api_key;   ///< nullopt: the client has no key; "": send it empty
  std::optional<std::string> username;
  std::optional<std::string> password;
  nlohmann::json params = nlohmann::json::object();
  std::string ca_file;
  std::optional<int> timeout_ms;        ///< MOCKGATE_TIMEOUT_MS: the client's own timeout
};

/// The outcome a client reported (its last stdout line), typed: judged by field, never by key.
struct ClientOutcome {
  bool ok = false;
  std::optional<int> status;         ///< nullopt: no HTTP answer (timeout, transport, config)
  std::optional<std::string> error;  ///< nullopt on success, else a kind such as "unauthorized"
  nlohmann::json data;               ///< whatever the client put there
  nlohmann::json raw;                ///< the line as parsed, for reports

  /// Reads a well-formed outcome object (outcome_problem(j) empty).
  static ClientOutcome from_json(const nlohmann::json& j);
  /// "401 unauthorized", "200 ok", "no answer: timeout": for reasons.
  std::string summary() const;
};

/// What happened when the client ran. `outcome` is set only when its last stdout line was a
/// well-formed outcome object; otherwise `problem` says why not.
struct ClientRun {
  std::optional<ClientOutcome> outcome;
  std::string problem;
  int exit_code = 0;
  int signal = 0;          ///< the signal that killed it, if any (SIGKILL when timed out)
  bool timed_out = false;  ///< still running at its deadline: ended with all it started
  /// Processes the client started (children, grandchildren, setsid or not) still running when
  /// it exited or at its deadline; the driver ended each of them before returning.
  int left_running = 0;
  /// What was ended besides the client, by name and pid: "the client exited 0 but left 1 process
  /// running: `sleep` (pid 4242); ended". Told, not judged: no document asks a client to
  /// leave nothing behind. "" when nothing was left.
  std::string note;
  std::string stdout_text;  ///< all of it, or its head and tail when it was very long
  std::string stderr_text;
  /// Whether the cleartext key or password appeared anywhere in the output, including parts
  /// too long to keep: the driver watches the whole stream.
  bool printed_secret_on_stdout = false;
  bool printed_secret_on_stderr = false;
  std::chrono::milliseconds duration{0};
  /// When it started (steady clock): the origin of a report's timeline.
  std::chrono::steady_clock::time_point started{};
};

class ClientDriver {
 public:
  virtual ~ClientDriver() = default;
  /// Runs one step. Never throws for client misbehaviour: that is reported in the ClientRun.
  virtual ClientRun run(const ClientInput& input, std::chrono::milliseconds timeout) = 0;
  virtual std::string describe() const = 0;
};

/// Protocol v1: `/bin/sh -c COMMAND` in a new process group, inputs in the environment, the
/// outcome as the last line of stdout. Everything the client starts, in its group or not, is
/// ended when it exits or at `timeout`, before run() returns; the output is read until then
/// and no longer, whoever still holds the pipes. Each stream keeps its head and tail only.
class ProcessClientDriver final : public ClientDriver {
 public:
  explicit ProcessClientDriver(std::string command) : command_(std::move(command)) {}
  ClientRun run(const ClientInput& input, std::chrono::milliseconds timeout) override;
  std::string describe() const override { return command_; }

 private:
  std::string command_;
};

/// A C++ callable as the client: receives the inputs, returns the outcome object.
class CallableClientDriver final : public ClientDriver {
 public:
  using Function = std::function<nlohmann::json(const ClientInput&)>;
  CallableClientDriver(std::string name, Function fn) : name_(std::move(name)), fn_(std::move(fn)) {}
  ClientRun run(const ClientInput& input, std::chrono::milliseconds timeout) override;
  std::string describe() const override { return name_; }

 private:
  std::string name_;
  Function fn_;
};

/// Checks an outcome object's shape; returns the problem, or "" when it is well-formed.
std::string outcome_problem(const nlohmann::json& outcome);

/// The outcome from a client's stdout: its last non-empty line. Sets run.outcome or run.problem.
void parse_outcome(ClientRun& run);

}  // namespace mockgate::runner
