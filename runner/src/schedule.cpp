#include "mockgate/runner/schedule.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace mockgate::runner {

using std::chrono::milliseconds;

milliseconds expected_wait(const Scenario& scenario) {
  milliseconds total{0};
  const auto held_at_most = scenario.when.client_timeout_ms ? milliseconds(*scenario.when.client_timeout_ms)
                                                            : milliseconds::max();
  // A client makes at most the requests the scenario allows: faults queued beyond them (a 429
  // repeated "for as long as the client asks") are never met.
  const auto& requests = scenario.then.requests;
  long long answers_left = requests && requests->exactly ? *requests->exactly
                           : requests && requests->max   ? *requests->max
                                                         : std::numeric_limits<long long>::max();
  for (const auto& arrangement : scenario.given.faults) {
    for (const auto& fault : arrangement.responses) {
      milliseconds each = std::min(fault.delay, held_at_most);
      if (fault.status == 429) {
        each += std::chrono::seconds(fault.retry_after.value_or(1));
      } else if (fault.drop || fault.network || (fault.status && *fault.status >= 500) || fault.answer) {
        each += std::chrono::seconds(1);
      }
      each += std::min(fault.duration, held_at_most);  // a dribble's or a stalled handshake's
      const long long met = std::min<long long>(fault.repeat, answers_left);
      total += each * met;
      answers_left -= met;
    }
  }
  return total;
}

std::vector<std::size_t> longest_waits_first(const std::vector<Scenario>& scenarios) {
  std::vector<milliseconds> waits;
  waits.reserve(scenarios.size());
  for (const auto& s : scenarios) waits.push_back(expected_wait(s));
  std::vector<std::size_t> order(scenarios.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return waits[a] > waits[b]; });
  return order;
}

WorkGate::WorkGate(std::size_t working, std::size_t in_flight)
    : working_limit_(std::max<std::size_t>(working, 1)), in_flight_limit_(std::max(in_flight, working_limit_)) {}

bool WorkGate::admits() const {
  if (admitted_.size() >= in_flight_limit_) return false;
  const auto working = std::count_if(admitted_.begin(), admitted_.end(),
                                     [](const ScenarioActivity* a) { return !a->client_waiting(); });
  return static_cast<std::size_t>(working) < working_limit_;
}

bool WorkGate::try_enter(const ScenarioActivity& activity) {
  std::lock_guard lock(mutex_);
  if (!admits()) return false;
  admitted_.push_back(&activity);
  return true;
}

void WorkGate::enter(const ScenarioActivity& activity) {
  std::unique_lock lock(mutex_);
  // A client starting to wait is seen by polling (the mock does not call back): every 5 ms
  // is well under any back-off a scenario asks for.
  while (!admits()) changed_.wait_for(lock, std::chrono::milliseconds(5));
  admitted_.push_back(&activity);
}

void WorkGate::leave(const ScenarioActivity& activity) {
  {
    std::lock_guard lock(mutex_);
    admitted_.erase(std::remove(admitted_.begin(), admitted_.end(), &activity), admitted_.end());
  }
  changed_.notify_all();
}

}  // namespace mockgate::runner
