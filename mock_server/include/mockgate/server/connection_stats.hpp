// What one listening socket saw of its connections, counted server-side. A load tool counts
// completed requests only: a connection that waits forever for a worker is invisible to it.
#pragma once

#include <chrono>
#include <cstdint>

namespace mockgate {

struct ConnectionStats {
  std::uint64_t accepted = 0;           ///< connections taken off the listen queue
  std::uint64_t open = 0;               ///< being served by a worker now
  std::uint64_t waiting = 0;            ///< accepted, no worker free yet (max_connections busy)
  std::uint64_t answers = 0;            ///< responses written, on every connection
  std::uint64_t closed_unanswered = 0;  ///< closed without one answer (silent clients included)
  /// Of the connections closed after one answer or more, the fewest answers one got (0: none
  /// closed yet): after a load run, how well the least-served connection did.
  std::uint64_t fewest_answers = 0;
  std::chrono::microseconds longest_wait{0};  ///< the longest a connection waited for a worker
  std::uint64_t workers = 0;            ///< threads started so far, at most max_connections
  std::uint64_t max_connections = 0;    ///< connections served at once; more wait their turn
};

}  // namespace mockgate
