// System clock, steady clock and OpenSSL randomness.
#include "system_entropy.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

namespace mockgate::server {
namespace {

void rand_bytes(std::uint8_t* out, std::size_t size) {
  while (size > 0) {
    const auto chunk = static_cast<int>(std::min<std::size_t>(size, 1 << 20));
    if (RAND_bytes(out, chunk) != 1) throw std::runtime_error("RAND_bytes failed");
    out += chunk;
    size -= static_cast<std::size_t>(chunk);
  }
}

}  // namespace

core::SystemTime SystemTimeSource::system_now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

core::SteadyTime SystemTimeSource::steady_now() const { return std::chrono::steady_clock::now(); }

void SystemEntropy::fill(std::uint8_t* out, std::size_t size) {
  if (size > kBuffered / 4) {  // large draws gain nothing from the buffer
    rand_bytes(out, size);
    return;
  }
  std::lock_guard lock(mutex_);
  if (kBuffered - used_ < size) {
    rand_bytes(buffer_.data(), buffer_.size());
    used_ = 0;
  }
  std::memcpy(out, buffer_.data() + used_, size);
  // What was handed out is not kept: a later reader of this memory learns nothing of it.
  OPENSSL_cleanse(buffer_.data() + used_, size);
  used_ += size;
}

}  // namespace mockgate::server
