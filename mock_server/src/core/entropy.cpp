// Random tokens and identifiers built on an injected entropy source.
#include "mockgate/core/entropy.hpp"

#include <vector>

namespace mockgate::core {

std::string random_token(Entropy& entropy, std::string_view alphabet, std::size_t length) {
  std::string out;
  out.reserve(length);
  if (alphabet.empty() || alphabet.size() > 256) return out;
  // Accept only bytes below the largest multiple of the alphabet size: uniform choice.
  const auto limit = static_cast<unsigned>(256 - (256 % alphabet.size()));
  std::vector<std::uint8_t> buf(length * 2 + 8);
  while (out.size() < length) {
    entropy.fill(buf.data(), buf.size());
    for (const auto b : buf) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == length) break;
    }
  }
  return out;
}

std::string random_uuid(Entropy& entropy) {
  std::uint8_t b[16];
  entropy.fill(b, sizeof b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

std::string random_bytes(Entropy& entropy, std::size_t size) {
  std::string out(size, '\0');
  entropy.fill(reinterpret_cast<std::uint8_t*>(out.data()), size);
  return out;
}

}  // namespace mockgate::core
