// Fault parsing and queueing.
#include "mockgate/core/fault_queue.hpp"

#include "mockgate/core/provider_state.hpp"
#include "core/suggest.hpp"

namespace mockgate::core {
namespace {

constexpr long long kMaxDelayMs = 10 * 60 * 1000;

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

int int_field(const nlohmann::json& j, const char* name, long long min, long long max) {
  const auto& v = j.at(name);
  if (!v.is_number_integer()) throw InvalidRequest(400, std::string(name) + " must be a whole number");
  const auto n = v.get<long long>();
  if (n < min || n > max) {
    throw InvalidRequest(400, std::string(name) + " must be between " + std::to_string(min) +
                                  " and " + std::to_string(max) + ", not " + std::to_string(n));
  }
  return static_cast<int>(n);
}

NetworkFault network_field(const nlohmann::json& j) {
  const auto& v = j.at("network");
  const auto names = network_fault_names();
  if (!v.is_string()) throw InvalidRequest(400, "network must be a string, one of " + listed(names));
  const auto name = v.get<std::string>();
  const auto fault = parse_network_fault(name);
  if (!fault) {
    throw InvalidRequest(400, "unknown network fault '" + name + "'" + did_you_mean(name, names) + " (known: " +
                                  listed(names) + ")");
  }
  return *fault;
}

}  // namespace

std::optional<FaultStage> parse_fault_stage(std::string_view text) {
  if (text == "before_auth") return FaultStage::BeforeAuth;
  if (text == "after_auth") return FaultStage::AfterAuth;
  if (text == "connection") return FaultStage::Connection;
  return std::nullopt;
}

std::string_view to_string(FaultStage stage) {
  switch (stage) {
    case FaultStage::BeforeAuth: return "before_auth";
    case FaultStage::AfterAuth: return "after_auth";
    case FaultStage::Connection: return "connection";
  }
  return "before_auth";
}

std::vector<std::string> fault_stage_names() { return {"before_auth", "after_auth", "connection"}; }

void check_fault_stage(FaultStage stage, const Fault& f) {
  const bool stall = f.network == NetworkFault::StalledTls;
  if (stage == FaultStage::Connection && !stall) {
    throw InvalidRequest(400, "the connection stage takes only {\"network\": \"stall_tls\"}: the rest happen to a request");
  }
  if (stage != FaultStage::Connection && stall) {
    throw InvalidRequest(400, "stall_tls happens before any request is read: queue it at stage connection");
  }
}

Fault parse_fault(const nlohmann::json& j) {
  if (!j.is_object()) throw InvalidRequest(400, "each response must be a JSON object");
  static const std::vector<std::string> kFields = {"status", "delay_ms", "drop", "retry_after",
                                                   "answer", "repeat", "network", "duration_ms"};
  for (const auto& [k, v] : j.items()) {
    bool known = false;
    for (const auto& f : kFields) known = known || f == k;
    if (!known) throw InvalidRequest(400, "unknown field '" + k + "'" + did_you_mean(k, kFields));
  }
  Fault f;
  if (j.contains("status")) f.status = int_field(j, "status", 100, 599);
  if (j.contains("delay_ms")) f.delay = std::chrono::milliseconds(int_field(j, "delay_ms", 0, kMaxDelayMs));
  if (j.contains("drop")) {
    if (!j.at("drop").is_boolean()) throw InvalidRequest(400, "drop must be true or false");
    f.drop = j.at("drop").get<bool>();
  }
  if (j.contains("retry_after")) f.retry_after = int_field(j, "retry_after", 0, 86400);
  if (j.contains("answer")) {
    if (!j.at("answer").is_string()) throw InvalidRequest(400, "answer must be a string");
    f.answer = j.at("answer").get<std::string>();
  }
  if (j.contains("repeat")) f.repeat = int_field(j, "repeat", 1, 100000);
  if (j.contains("network")) f.network = network_field(j);
  if (j.contains("duration_ms")) {
    if (f.network != NetworkFault::DribbledBody && f.network != NetworkFault::StalledTls) {
      throw InvalidRequest(400, "duration_ms is for network dribble_body or stall_tls");
    }
    f.duration = std::chrono::milliseconds(int_field(j, "duration_ms", 0, kMaxDelayMs));
  }
  if (f.drop && (f.status || f.answer || f.network)) {
    throw InvalidRequest(400, "a response cannot both drop the connection and answer");
  }
  if (!f.drop && !f.status && !f.answer && !f.network && f.delay.count() == 0) {
    throw InvalidRequest(400, "each response needs a status, an answer, a delay_ms, drop or network");
  }
  return f;
}

nlohmann::json to_json(const Fault& f) {
  nlohmann::json j = nlohmann::json::object();
  if (f.status) j["status"] = *f.status;
  if (f.answer) j["answer"] = *f.answer;
  if (f.delay.count() > 0) j["delay_ms"] = f.delay.count();
  if (f.drop) j["drop"] = true;
  if (f.retry_after) j["retry_after"] = *f.retry_after;
  if (f.network) j["network"] = std::string(to_string(*f.network));
  if (f.duration.count() > 0) j["duration_ms"] = f.duration.count();
  j["repeat"] = f.repeat;
  return j;
}

void FaultEffects::add(const Fault& fault) {
  constexpr std::chrono::milliseconds kDefaultSpread{2000};
  delay += fault.delay;
  if (fault.network) {
    network = *fault.network;
    spread = fault.duration.count() > 0 ? fault.duration : kDefaultSpread;
  }
}

void FaultEffects::apply(Response& response) const {
  response.delay = delay;
  response.network = network;
  response.spread = spread;
}

void FaultQueue::push(FaultStage stage, Fault fault) { queue(stage).push_back(std::move(fault)); }

std::optional<Fault> FaultQueue::take(FaultStage stage) {
  auto& q = queue(stage);
  if (q.empty()) return std::nullopt;
  Fault f = q.front();
  if (--q.front().repeat <= 0) q.pop_front();
  f.repeat = 1;
  return f;
}

nlohmann::json FaultQueue::pending() const {
  nlohmann::json j{{"before_auth", nlohmann::json::array()}, {"after_auth", nlohmann::json::array()},
                   {"connection", nlohmann::json::array()}};
  for (const auto& f : before_) j["before_auth"].push_back(to_json(f));
  for (const auto& f : after_) j["after_auth"].push_back(to_json(f));
  for (const auto& f : connection_) j["connection"].push_back(to_json(f));
  return j;
}

void FaultQueue::clear() {
  std::deque<Fault>().swap(before_);
  std::deque<Fault>().swap(after_);
  std::deque<Fault>().swap(connection_);
}

}  // namespace mockgate::core
