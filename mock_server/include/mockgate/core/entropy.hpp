// Where randomness comes from. The core never opens /dev/urandom itself: it is handed a source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mockgate::core {

class Entropy {
 public:
  virtual ~Entropy() = default;
  /// Fills `out` with `size` random bytes.
  virtual void fill(std::uint8_t* out, std::size_t size) = 0;
};

/// `length` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias).
std::string random_token(Entropy& entropy, std::string_view alphabet, std::size_t length);

/// A random RFC 4122 version 4 UUID in its canonical text form.
std::string random_uuid(Entropy& entropy);

/// `size` raw random bytes.
std::string random_bytes(Entropy& entropy, std::size_t size);

}  // namespace mockgate::core
