// Flag values with the same error style as YAML: the command, the flag, what is wrong.
#include "flag_values.hpp"

#include <charconv>
#include <string_view>

#include "mockgate/input_error.hpp"

namespace mockgate::cli {

void bad_flag(const std::string& command, const std::string& message) {
  throw InputError(SourceMark{"mockgate " + command, 0, 0, {}}, message);
}

long long whole_number(const std::string& command, const std::string& flag, const std::string& text,
                       long long min, long long max) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < min || v > max) {
    bad_flag(command, flag + ": '" + text + "' is not a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max));
  }
  return v;
}

namespace {

/// Splits "64KiB" into 64 and "KiB"; false when it does not start with a whole number.
bool number_and_unit(const std::string& text, unsigned long long& number, std::string_view& unit) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end == text.data()) return false;
  unit = std::string_view(end, static_cast<std::size_t>(text.data() + text.size() - end));
  return true;
}

}  // namespace

std::size_t size_in_bytes(const std::string& command, const std::string& flag, const std::string& text,
                          std::size_t max) {
  unsigned long long n = 0;
  std::string_view unit;
  unsigned long long scale = 0;
  if (number_and_unit(text, n, unit)) {
    if (unit.empty() || unit == "B") scale = 1;
    if (unit == "KiB" || unit == "K") scale = 1024;
    if (unit == "MiB" || unit == "M") scale = 1024 * 1024;
    if (unit == "GiB" || unit == "G") scale = 1024 * 1024 * 1024;
  }
  if (scale == 0 || n == 0 || n > max / scale) {
    bad_flag(command, flag + ": '" + text + "' is not a size from 1 byte to " + std::to_string(max) +
                          " (a number of bytes, or with KiB, MiB, GiB)");
  }
  return static_cast<std::size_t>(n * scale);
}

std::chrono::milliseconds duration(const std::string& command, const std::string& flag, const std::string& text,
                                   std::chrono::milliseconds max) {
  unsigned long long n = 0;
  std::string_view unit;
  unsigned long long scale = 0;
  if (number_and_unit(text, n, unit)) {
    if (unit == "ms") scale = 1;
    if (unit.empty() || unit == "s") scale = 1000;
    if (unit == "m") scale = 60'000;
  }
  const auto limit = static_cast<unsigned long long>(max.count());
  if (scale == 0 || n == 0 || n > limit / scale) {
    bad_flag(command, flag + ": '" + text + "' is not a duration from 1ms to " + std::to_string(max.count() / 1000) +
                          "s (500ms, 10s, 2m; a bare number is seconds)");
  }
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(n * scale));
}

core::SystemTime point_in_time(const std::string& command, const std::string& flag,
                                                    const std::string& text) {
  const auto t = core::parse_time(text);
  if (!t) bad_flag(command, flag + ": '" + text + "' is not a date or RFC 3339 time (2026-01-10T00:00:00Z)");
  return *t;
}

std::pair<std::string, std::string> env_and_url(const std::string& command, const std::string& flag,
                                                const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    bad_flag(command, flag + " takes ENV=URL, e.g. live=https://api.example.com");
  }
  std::string url = text.substr(eq + 1);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return {text.substr(0, eq), url};
}

std::pair<std::size_t, std::size_t> part_of_whole(const std::string& command, const std::string& flag,
                                                  const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) bad_flag(command, flag + ": '" + text + "' is not K/N (e.g. 2/3: the second of three)");
  const auto n = whole_number(command, flag, text.substr(slash + 1), 1, 1000);
  const auto k = whole_number(command, flag, text.substr(0, slash), 1, n);
  return {static_cast<std::size_t>(k), static_cast<std::size_t>(n)};
}

}  // namespace mockgate::cli
