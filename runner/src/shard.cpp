#include "mockgate/runner/shard.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "mockgate/runner/schedule.hpp"

namespace mockgate::runner {
namespace {

/// What a scenario costs beside its waits: a fresh mock, a client start. Keeps shards of
/// scenarios without waits even in count.
constexpr std::chrono::milliseconds kScenarioCost{200};

}  // namespace

std::vector<std::size_t> shard_assignment(const std::vector<Scenario>& scenarios, std::size_t shards) {
  std::vector<std::size_t> order(scenarios.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<std::chrono::milliseconds> cost(scenarios.size());
  for (std::size_t i = 0; i < scenarios.size(); ++i) cost[i] = kScenarioCost + expected_wait(scenarios[i]);
  // Ties broken by id, then file: the order the scenarios were read in must not matter.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (cost[a] != cost[b]) return cost[a] > cost[b];
    if (scenarios[a].id != scenarios[b].id) return scenarios[a].id < scenarios[b].id;
    return scenarios[a].file < scenarios[b].file;
  });
  std::vector<std::chrono::milliseconds> load(std::max<std::size_t>(shards, 1));
  std::vector<std::size_t> shard(scenarios.size());
  for (const std::size_t i : order) {
    const auto least = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    shard[i] = least;
    load[least] += cost[i];
  }
  return shard;
}

std::vector<Scenario> shard_of(std::vector<Scenario> scenarios, std::size_t index, std::size_t shards) {
  const auto shard = shard_assignment(scenarios, shards);
  std::vector<Scenario> part;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (shard[i] == index) part.push_back(std::move(scenarios[i]));
  }
  return part;
}

}  // namespace mockgate::runner
