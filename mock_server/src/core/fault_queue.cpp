// Fault parsing and queueing.
#include "mockgate/core/fault_queue.hpp"

#include "mockgate/core/provider_state.hpp"
#include "core/suggest.hpp"

namespace mockgate::core {
namespace {

constexpr long long kMaxDelayMs = 10 * 60 * 1000;

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

}  // namespace

std::optional<FaultStage> parse_fault_stage(std::string_view text) {
  if (text == "before_auth") return FaultStage::BeforeAuth;
  if (text == "after_auth") return FaultStage::AfterAuth;
  return std::nullopt;
}

std::string_view to_string(FaultStage stage) {
  return stage == FaultStage::BeforeAuth ? "before_auth" : "after_auth";
}

Fault parse_fault(const nlohmann::json& j) {
  if (!j.is_object()) throw InvalidRequest(400, "each response must be a JSON object");
  static const std::vector<std::string> kFields = {"status", "delay_ms", "drop", "retry_after",
                                                   "answer", "repeat"};
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
  if (f.drop && (f.status || f.answer)) {
    throw InvalidRequest(400, "a response cannot both drop the connection and answer");
  }
  if (!f.drop && !f.status && !f.answer && f.delay.count() == 0) {
    throw InvalidRequest(400, "each response needs a status, an answer, a delay_ms or drop");
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
  j["repeat"] = f.repeat;
  return j;
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
  nlohmann::json j{{"before_auth", nlohmann::json::array()}, {"after_auth", nlohmann::json::array()}};
  for (const auto& f : before_) j["before_auth"].push_back(to_json(f));
  for (const auto& f : after_) j["after_auth"].push_back(to_json(f));
  return j;
}

void FaultQueue::clear() {
  std::deque<Fault>().swap(before_);
  std::deque<Fault>().swap(after_);
}

}  // namespace mockgate::core
