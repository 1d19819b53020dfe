// The outcome line: its shape, and finding it at the end of a client's stdout.
#include <chrono>

#include "sigpipe_guard.hpp"
#include "mockgate/runner/client_driver.hpp"

namespace mockgate::runner {
namespace {

std::string excerpt(std::string_view s) {
  constexpr std::size_t kMax = 120;
  std::string out(s.substr(0, kMax));
  if (s.size() > kMax) out += "…";
  for (auto& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  return out;
}

}  // namespace

std::string outcome_problem(const nlohmann::json& o) {
  if (!o.is_object()) return "the outcome is not a JSON object";
  if (!o.contains("ok") || !o.at("ok").is_boolean()) return "the outcome has no boolean 'ok'";
  if (!o.contains("status") || !(o.at("status").is_null() || o.at("status").is_number_integer())) {
    return "the outcome's 'status' must be an HTTP status number or null";
  }
  if (!o.contains("error") || !(o.at("error").is_null() || o.at("error").is_string())) {
    return "the outcome's 'error' must be null or a kind such as \"unauthorized\"";
  }
  return {};
}

void parse_outcome(ClientRun& run) {
  std::string_view text = run.stdout_text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  if (text.empty()) {
    run.problem = "the client printed no outcome line (stdout was empty)";
    return;
  }
  const auto nl = text.rfind('\n');
  const auto last = nl == std::string_view::npos ? text : text.substr(nl + 1);
  const auto parsed = nlohmann::json::parse(last, nullptr, false);
  if (parsed.is_discarded()) {
    run.problem = "the last line of the client's stdout is not JSON: '" + excerpt(last) + "'";
    return;
  }
  if (auto problem = outcome_problem(parsed); !problem.empty()) {
    run.problem = problem + ": " + excerpt(last);
    return;
  }
  run.outcome = ClientOutcome::from_json(parsed);
}

ClientOutcome ClientOutcome::from_json(const nlohmann::json& j) {
  ClientOutcome o;
  o.ok = j.at("ok").get<bool>();
  if (j.at("status").is_number_integer()) o.status = j.at("status").get<int>();
  if (j.at("error").is_string()) o.error = j.at("error").get<std::string>();
  o.data = j.value("data", nlohmann::json());
  o.raw = j;
  return o;
}

std::string ClientOutcome::summary() const {
  const std::string kind = error ? *error : ok ? "ok" : "no error kind";
  return status ? std::to_string(*status) + " " + kind : "no answer: " + kind;
}

ClientRun CallableClientDriver::run(const ClientInput& input, std::chrono::milliseconds) {
  ClientRun result;
  const auto start = std::chrono::steady_clock::now();
  result.started = start;
  try {
    const detail::SigpipeGuard guard;  // the user's SDK meets reset connections too
    const nlohmann::json outcome = fn_(input);
    if (auto problem = outcome_problem(outcome); !problem.empty()) {
      result.problem = problem;
    } else {
      result.outcome = ClientOutcome::from_json(outcome);
    }
    result.stdout_text = outcome.dump() + "\n";
  } catch (const std::exception& e) {
    result.problem = std::string("the client threw: ") + e.what();
  }
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return result;
}

}  // namespace mockgate::runner
