// The mock clock: the provider's idea of "now" (settable), and elapsed time (never settable).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace mockgate::core {

using SystemTime = std::chrono::sys_time<std::chrono::milliseconds>;
using SteadyTime = std::chrono::steady_clock::time_point;

/// Where real time comes from. The core never reads a clock itself: the server passes the
/// system clocks, tests pass a manual source.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual SystemTime system_now() const = 0;
  virtual SteadyTime steady_now() const = 0;
};

/// Parses "2026-01-10T00:00:00Z", "2026-01-10T01:00:00+01:00", fractions of a second, or a
/// bare date "2026-01-10" (midnight UTC). nullopt when malformed.
std::optional<SystemTime> parse_time(std::string_view text);

/// Formats as RFC 3339 UTC with milliseconds: "2026-01-10T00:00:00.000Z".
std::string format_time(SystemTime t);

/// The mock's date. Starts at real time or a fixed value and keeps ticking from whatever it was
/// last set to; `set(nullopt)` returns it to real time. Thread-safe.
class MockClock {
 public:
  explicit MockClock(const TimeSource& source) : source_(source) {}

  SystemTime now() const;
  void set(std::optional<SystemTime> t);
  /// Elapsed time for rate windows and delays: unaffected by `set`.
  SteadyTime steady_now() const { return source_.steady_now(); }
  bool is_fixed() const;

 private:
  const TimeSource& source_;
  mutable std::mutex mutex_;
  std::optional<SystemTime> anchor_;
  SteadyTime anchor_steady_{};
};

}  // namespace mockgate::core
