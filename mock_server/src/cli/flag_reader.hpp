// A small strict flag reader: --flag VALUE or --flag=VALUE, unknown flags refused with a hint.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mockgate/input_error.hpp"

namespace mockgate::cli {

class FlagReader {
 public:
  FlagReader(std::string command, const std::vector<std::string>& args)
      : command_(std::move(command)), args_(args) {}

  /// Advances to the next argument; false at the end.
  bool next();
  bool is(const char* flag) const { return flag_ == flag; }
  bool is_positional() const { return positional_; }
  const std::string& current() const { return flag_; }
  /// The flag's value (from "=VALUE" or the next argument); refuses a missing one.
  std::string value();
  long long int_value(long long min, long long max);
  /// A size in bytes: "65536", "64KiB", "8MiB" (KiB/MiB/GiB, powers of 1024), from 1 to `max`.
  std::size_t size_value(std::size_t max);
  /// A duration: "10s", "500ms", "2m"; a bare number is seconds. From 1 ms to `max`.
  std::chrono::milliseconds duration_value(std::chrono::milliseconds max);
  [[noreturn]] void unknown(const std::vector<std::string>& known) const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  std::string command_;
  const std::vector<std::string>& args_;
  std::size_t index_ = 0;
  std::string flag_;
  std::optional<std::string> inline_value_;
  bool positional_ = false;
};

}  // namespace mockgate::cli
