// System clock, steady clock and OpenSSL randomness.
#include "system_entropy.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace mockgate::server {

core::SystemTime SystemTimeSource::system_now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

core::SteadyTime SystemTimeSource::steady_now() const { return std::chrono::steady_clock::now(); }

void SystemEntropy::fill(std::uint8_t* out, std::size_t size) {
  while (size > 0) {
    const auto chunk = static_cast<int>(std::min<std::size_t>(size, 1 << 20));
    if (RAND_bytes(out, chunk) != 1) throw std::runtime_error("RAND_bytes failed");
    out += chunk;
    size -= static_cast<std::size_t>(chunk);
  }
}

}  // namespace mockgate::server
