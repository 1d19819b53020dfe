// Flag reading with the same error style as YAML: the flag, what is wrong, a suggestion.
#include "flag_reader.hpp"

#include <charconv>

#include "mockgate/core/suggest.hpp"

namespace mockgate::cli {

bool FlagReader::next() {
  if (index_ >= args_.size()) return false;
  const std::string& arg = args_[index_++];
  inline_value_.reset();
  positional_ = arg.size() < 2 || arg[0] != '-';
  const auto eq = arg.find('=');
  if (!positional_ && arg.rfind("--", 0) == 0 && eq != std::string::npos) {
    flag_ = arg.substr(0, eq);
    inline_value_ = arg.substr(eq + 1);
  } else {
    flag_ = arg;
  }
  return true;
}

std::string FlagReader::value() {
  if (inline_value_) return *inline_value_;
  if (index_ >= args_.size()) fail(flag_ + " needs a value");
  return args_[index_++];
}

long long FlagReader::int_value(long long min, long long max) {
  const auto text = value();
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < min || v > max) {
    fail(flag_ + ": '" + text + "' is not a whole number from " + std::to_string(min) + " to " +
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

std::size_t FlagReader::size_value(std::size_t max) {
  const auto text = value();
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
    fail(flag_ + ": '" + text + "' is not a size from 1 byte to " + std::to_string(max) +
         " (a number of bytes, or with KiB, MiB, GiB)");
  }
  return static_cast<std::size_t>(n * scale);
}

std::chrono::milliseconds FlagReader::duration_value(std::chrono::milliseconds max) {
  const auto text = value();
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
    fail(flag_ + ": '" + text + "' is not a duration from 1ms to " + std::to_string(max.count() / 1000) +
         "s (500ms, 10s, 2m; a bare number is seconds)");
  }
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(n * scale));
}

void FlagReader::unknown(const std::vector<std::string>& known) const {
  if (positional_) fail("unexpected argument '" + flag_ + "'");
  fail("unknown flag '" + flag_ + "'" + core::did_you_mean(flag_, known));
}

void FlagReader::fail(const std::string& message) const {
  throw InputError(SourceMark{"mockgate " + command_, 0, 0, {}}, message);
}

}  // namespace mockgate::cli
