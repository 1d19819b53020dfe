// The real clocks and randomness the core is handed in a running server.
#pragma once

#include "mockgate/core/clock.hpp"
#include "mockgate/core/entropy.hpp"

namespace mockgate::server {

class SystemTimeSource final : public core::TimeSource {
 public:
  core::SystemTime system_now() const override;
  core::SteadyTime steady_now() const override;
};

/// OpenSSL's CSPRNG: keys made by the mock are as unguessable as real ones.
class SystemEntropy final : public core::Entropy {
 public:
  void fill(std::uint8_t* out, std::size_t size) override;
};

}  // namespace mockgate::server
