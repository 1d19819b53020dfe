// How run_all orders and admits scenarios. `-j N` bounds the scenarios *working* at once: one
// whose client waits on its mock (ScenarioActivity) lends its slot, up to kInFlightPerJob × N
// scenarios in flight. Most of a catalogue's time is such waiting (back-off, held answers), so
// waits overlap instead of adding up. The scenarios expected to wait longest start first: the
// run then ends soon after its longest wait, not one long wait after everything else.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "mockgate/runner/scenario.hpp"
#include "mockgate/runner/scenario_activity.hpp"

namespace mockgate::runner {

inline constexpr std::size_t kInFlightPerJob = 8;

/// What a scenario's arranged faults make its client wait, at least: held answers (no longer
/// than the client's own timeout), the Retry-After of 429s, and a second for each other failure
/// a client retries after backing off (its back-off is its own choice), counting only the answers
/// the scenario lets a client ask for (its `requests` bound). For ordering and sharding only.
std::chrono::milliseconds expected_wait(const Scenario& scenario);

/// Indices of `scenarios`, longest expected wait first, otherwise in input order.
std::vector<std::size_t> longest_waits_first(const std::vector<Scenario>& scenarios);

class WorkGate {
 public:
  WorkGate(std::size_t working, std::size_t in_flight);

  /// Admits a scenario once fewer than `working` of the admitted ones are working and fewer
  /// than `in_flight` are admitted; until then, waits (re-reading the activities every few ms).
  void enter(const ScenarioActivity& activity);
  /// Admits it if it can be now.
  bool try_enter(const ScenarioActivity& activity);
  void leave(const ScenarioActivity& activity);

 private:
  bool admits() const;  ///< with mutex_ held

  const std::size_t working_limit_;
  const std::size_t in_flight_limit_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<const ScenarioActivity*> admitted_;
};

}  // namespace mockgate::runner
