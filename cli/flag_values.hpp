// What a flag's value may be — a whole number, a size, a duration, a time, ENV=URL — read with
// the same error style as YAML: `mockgate serve: --port-base: 'abc' is not a whole number ...`.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>

#include "mockgate/core/clock.hpp"

namespace mockgate::cli {

/// Refuses bad input for `command`'s `flag` (exit 2).
[[noreturn]] void bad_flag(const std::string& command, const std::string& message);

/// A whole number from `min` to `max`.
long long whole_number(const std::string& command, const std::string& flag, const std::string& text,
                       long long min, long long max);
/// A size in bytes: "65536", "64KiB", "8MiB" (KiB/MiB/GiB, powers of 1024), from 1 to `max`.
std::size_t size_in_bytes(const std::string& command, const std::string& flag, const std::string& text,
                          std::size_t max);
/// A duration: "10s", "500ms", "2m"; a bare number is seconds. From 1 ms to `max`.
std::chrono::milliseconds duration(const std::string& command, const std::string& flag, const std::string& text,
                                   std::chrono::milliseconds max);
/// A date ("2026-01-10", midnight UTC) or an RFC 3339 time.
core::SystemTime point_in_time(const std::string& command, const std::string& flag,
                                                    const std::string& text);
/// "live=https://api.example.com" as the pair (env, URL without trailing slashes).
std::pair<std::string, std::string> env_and_url(const std::string& command, const std::string& flag,
                                                const std::string& text);

/// "K/N" (the K-th of N parts, 1 <= K <= N <= 1000) as the pair (K, N).
std::pair<std::size_t, std::size_t> part_of_whole(const std::string& command, const std::string& flag,
                                                  const std::string& text);

}  // namespace mockgate::cli
