// Sliding-window log: exact, and small enough at the documented tiers (10,000 per minute).
#include "mockgate/core/rate_limiter.hpp"

namespace mockgate::core {
namespace {

void expire(std::deque<SteadyTime>& log, std::chrono::milliseconds window, SteadyTime now) {
  while (!log.empty() && log.front() + window <= now) log.pop_front();
}

}  // namespace

std::optional<std::chrono::milliseconds> RateLimiter::admit(const std::string& subject, int limit,
                                                            std::chrono::milliseconds window,
                                                            SteadyTime now) {
  auto& log = windows_[subject];
  expire(log, window, now);
  if (limit <= 0 || log.size() >= static_cast<std::size_t>(limit)) {
    if (log.empty()) return window;
    return std::chrono::duration_cast<std::chrono::milliseconds>(log.front() + window - now);
  }
  log.push_back(now);
  return std::nullopt;
}

std::size_t RateLimiter::admitted(const std::string& subject, std::chrono::milliseconds window,
                                  SteadyTime now) {
  const auto it = windows_.find(subject);
  if (it == windows_.end()) return 0;
  expire(it->second, window, now);
  return it->second.size();
}

int retry_after_seconds(std::chrono::milliseconds wait) {
  const auto ms = wait.count();
  const auto seconds = (ms + 999) / 1000;
  return seconds < 1 ? 1 : static_cast<int>(seconds);
}

}  // namespace mockgate::core
