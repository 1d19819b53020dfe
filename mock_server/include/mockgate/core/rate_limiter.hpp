// Sliding-window rate limits: at most N admitted requests in any window, per key or account.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "mockgate/core/clock.hpp"

namespace mockgate::core {

/// A tier every profile knows besides its own: never rate limited. For load-testing a client
/// at rates no documented tier allows (the mock must not be the bottleneck).
inline constexpr std::string_view kUnlimitedTier = "unlimited";

/// Counts admitted requests per subject over elapsed (steady) time, so setting the mock's
/// date never refills or drains a window. Refused requests are not counted. Not thread-safe:
/// the provider state serialises access, which is what makes the limit exact.
class RateLimiter {
 public:
  /// Admits one request of `subject` at `now` when fewer than `limit` were admitted in the
  /// `window` before it; otherwise returns how long until the oldest of them leaves the window.
  std::optional<std::chrono::milliseconds> admit(const std::string& subject, int limit,
                                                 std::chrono::milliseconds window, SteadyTime now);
  /// Requests of `subject` admitted in the window ending at `now`.
  std::size_t admitted(const std::string& subject, std::chrono::milliseconds window,
                       SteadyTime now);
  /// Forgets every window and gives the memory back (clear() would keep the bucket array).
  void clear() { std::unordered_map<std::string, std::deque<SteadyTime>>().swap(windows_); }

 private:
  std::unordered_map<std::string, std::deque<SteadyTime>> windows_;
};

/// Retry-After in whole seconds for a wait: rounded up, at least 1.
int retry_after_seconds(std::chrono::milliseconds wait);

}  // namespace mockgate::core
