// The real clocks and randomness the core is handed in a running server.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>

#include "mockgate/core/clock.hpp"
#include "mockgate/core/entropy.hpp"

namespace mockgate::server {

class SystemTimeSource final : public core::TimeSource {
 public:
  core::SystemTime system_now() const override;
  core::SteadyTime steady_now() const override;
};

/// OpenSSL's CSPRNG: keys made by the mock are as unguessable as real ones. Small requests
/// (a uuid's 16 bytes) are served from a buffer drawn 1 KiB at a time: each RAND_bytes call
/// costs about 6,000 instructions whatever its size, more than the rest of a uuid's rendering.
/// Every byte is handed out once. Shared by every provider of a server, hence the lock.
class SystemEntropy final : public core::Entropy {
 public:
  void fill(std::uint8_t* out, std::size_t size) override;

 private:
  static constexpr std::size_t kBuffered = 1024;
  std::mutex mutex_;
  std::array<std::uint8_t, kBuffered> buffer_{};
  std::size_t used_ = kBuffered;  ///< bytes of `buffer_` already handed out
};

}  // namespace mockgate::server
