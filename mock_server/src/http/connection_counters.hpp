// The live counters behind ConnectionStats: written by the accept thread and the workers
// without a lock, read by the admin API and MockServer::connection_stats.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "mockgate/server/connection_stats.hpp"

namespace mockgate::server {

struct ConnectionCounters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> open{0};
  std::atomic<std::uint64_t> waiting{0};
  std::atomic<std::uint64_t> answers{0};
  std::atomic<std::uint64_t> closed_unanswered{0};
  std::atomic<std::uint64_t> fewest_answers{0};  ///< 0: no answered connection closed yet
  std::atomic<std::int64_t> longest_wait_us{0};
  std::atomic<std::uint64_t> workers{0};

  void note_wait(std::chrono::steady_clock::duration waited) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(waited).count();
    auto longest = longest_wait_us.load(std::memory_order_relaxed);
    while (us > longest && !longest_wait_us.compare_exchange_weak(longest, us, std::memory_order_relaxed)) {
    }
  }

  /// A connection ended after `answered` answers.
  void note_closed(std::uint64_t answered) {
    if (answered == 0) {
      ++closed_unanswered;
      return;
    }
    auto fewest = fewest_answers.load(std::memory_order_relaxed);
    while ((fewest == 0 || answered < fewest) &&
           !fewest_answers.compare_exchange_weak(fewest, answered, std::memory_order_relaxed)) {
    }
  }

  ConnectionStats snapshot(std::uint64_t max_connections) const {
    ConnectionStats s;
    s.accepted = accepted.load();
    s.open = open.load();
    s.waiting = waiting.load();
    s.answers = answers.load();
    s.closed_unanswered = closed_unanswered.load();
    s.fewest_answers = fewest_answers.load();
    s.longest_wait = std::chrono::microseconds(longest_wait_us.load());
    s.workers = workers.load();
    s.max_connections = max_connections;
    return s;
  }
};

}  // namespace mockgate::server
