// RFC 3339 parsing and formatting, and the settable mock clock.
#include "mockgate/core/clock.hpp"

#include <cctype>
#include <cstdio>

namespace mockgate::core {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t digits, int& out) {
  if (pos + digits > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<SystemTime> parse_time(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0;
  if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) ||
      s[7] != '-' || !read_int(s, 8, 2, d)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  SystemTime t = time_point_cast<milliseconds>(sys_days{ymd});
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't') return std::nullopt;
  int h = 0, mi = 0, sec = 0;
  if (!read_int(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !read_int(s, 14, 2, mi) ||
      s[16] != ':' || !read_int(s, 17, 2, sec) || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  t += hours{h} + minutes{mi} + seconds{sec};
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int ms = 0, scale = 100;
    const auto start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
    t += milliseconds{ms};
  }
  if (pos >= s.size()) return std::nullopt;  // RFC 3339 wants an offset
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return t;
  if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!read_int(s, pos + 1, 2, oh) || !read_int(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    const auto offset = hours{oh} + minutes{om};
    return s[pos] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

std::string format_time(SystemTime t) {
  using namespace std::chrono;
  const auto day_start = floor<days>(t);
  const year_month_day ymd{day_start};
  const hh_mm_ss hms{floor<milliseconds>(t) - day_start};
  // Sized for every value the types can hold, not only for the ones a date has: GCC 14 checks
  // (-Wformat-truncation) that no argument can be cut off.
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                static_cast<long>(hms.subseconds().count()));
  return buf;
}

SystemTime MockClock::now() const {
  std::lock_guard lock(mutex_);
  if (!anchor_) return source_.system_now();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      source_.steady_now() - anchor_steady_);
  return *anchor_ + elapsed;
}

void MockClock::set(std::optional<SystemTime> t) {
  std::lock_guard lock(mutex_);
  anchor_ = t;
  anchor_steady_ = source_.steady_now();
}

bool MockClock::is_fixed() const {
  std::lock_guard lock(mutex_);
  return anchor_.has_value();
}

}  // namespace mockgate::core
