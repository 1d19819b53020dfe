// The connections being served, each with the phase it is in and since when, so that one
// watchdog can end what overstays a deadline, and, while connections wait for a worker, free
// workers from the connections doing least: idle keep-alives first, then the slowest senders.
// Without it, a thousand clients dripping a byte every few seconds keep every worker, and a
// legitimate client (or the admin API) waits as long as they drip.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>

#include "mockgate/server/connection_limits.hpp"

namespace mockgate::server {

enum class ConnectionPhase : std::uint8_t {
  Handshake,  ///< TLS handshake (a deadline: tls_handshake_timeout)
  Idle,       ///< waiting for a request (bounded by keep_alive_timeout where it waits)
  Head,       ///< from a request's first byte to its blank line (head_timeout)
  Body,       ///< reading the body (body_timeout)
  Busy,       ///< handling and answering: never cut
};

class ConnectionRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  class Entry;
  /// Only the registry makes entries (the list builds them in place: they hold atomics).
  class Key {
    friend class ConnectionRegistry;
    Key() = default;
  };

  /// One served connection. Its worker sets the phase; the watchdog reads it.
  class Entry {
   public:
    Entry(Key, int fd) : fd_(fd) {}
    void enter(ConnectionPhase phase, Clock::time_point now = Clock::now()) {
      since_.store(now.time_since_epoch().count(), std::memory_order_relaxed);
      phase_.store(phase, std::memory_order_release);
    }
    /// The watchdog ended the current phase: its deadline passed, or its worker was needed.
    bool cut() const { return cut_.load(std::memory_order_acquire); }

   private:
    friend class ConnectionRegistry;
    Clock::time_point since() const { return Clock::time_point(Clock::duration(since_.load(std::memory_order_relaxed))); }

    int fd_;
    std::atomic<ConnectionPhase> phase_{ConnectionPhase::Idle};
    std::atomic<Clock::rep> since_{0};
    std::atomic<bool> cut_{false};
  };

  /// Registers `fd` (before its first wait); the entry lives until remove().
  Entry& add(int fd);
  /// Unregisters; call before the descriptor is closed, so the watchdog never touches a reused one.
  void remove(Entry& entry);

  struct Swept {
    std::size_t overdue = 0;  ///< cut for a passed deadline
    std::size_t evicted = 0;  ///< cut to free a worker for a waiting connection
  };
  /// Cuts every connection past its phase's deadline, then up to `starved` more (one per
  /// connection waiting for a worker): idle ones first, then those in a handshake, head or
  /// body for longer than `grace`, longest first. A cut shuts the socket down, which ends the
  /// worker's blocking read at once; a cut head or body can still be answered (408).
  Swept sweep(Clock::time_point now, const ConnectionLimits& limits, std::size_t starved,
              Clock::duration grace = std::chrono::seconds(1));

  std::size_t size() const;

 private:
  void cut(Entry& entry);

  mutable std::mutex mutex_;
  std::list<Entry> entries_;  ///< a list: entries hold atomics and are referred to by address
};

}  // namespace mockgate::server
