// Rabin–Karp over every known key length: polynomial hash modulo the Mersenne prime 2^61 - 1.
#include "mockgate/core/secret_scanner.hpp"

#include <algorithm>

namespace mockgate::core {
namespace {

constexpr std::uint64_t kModulus = (std::uint64_t{1} << 61) - 1;

__extension__ using Wide = unsigned __int128;  // GCC's, for an exact 64×64-bit product

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b) {
  const Wide p = static_cast<Wide>(a) * b;
  // x mod (2^61 - 1) = (x & (2^61 - 1)) + (x >> 61), folded once more at most.
  std::uint64_t r = static_cast<std::uint64_t>(p & kModulus) + static_cast<std::uint64_t>(p >> 61);
  if (r >= kModulus) r -= kModulus;
  return r;
}

std::uint64_t add_mod(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t r = a + b;
  return r >= kModulus ? r - kModulus : r;
}

std::uint64_t byte_at(std::string_view text, std::size_t i) {
  return static_cast<std::uint64_t>(static_cast<unsigned char>(text[i]));
}

std::uint32_t low_bits(std::uint64_t hash) { return static_cast<std::uint32_t>(hash & 0xFFFFFFFFu); }

}  // namespace

SecretScanner::SecretScanner(std::uint64_t seed) {
  // Any base in [256, modulus) works; splitmix64 spreads a poor seed first.
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  base_ = 256 + z % (kModulus - 256);
}

SecretPrint SecretScanner::print(std::string_view secret) const {
  std::uint64_t h = 0;
  SecretPrint p;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    h = add_mod(mul_mod(h, base_), byte_at(secret, i));
    const auto b = byte_at(secret, i);
    p.bytes[b / 64] |= std::uint64_t{1} << (b % 64);
  }
  p.length = static_cast<std::uint32_t>(secret.size());
  p.value = low_bits(h);
  return p;
}

void SecretScanner::index(LengthGroup& group, std::uint32_t print_value, std::size_t secret) {
  group.by_print[print_value].push_back(secret);
  // Keep the filter at most 1/16 full, so most windows stop at one bit test.
  if (group.filter.empty() || group.by_print.size() * 16 > (std::size_t{1} << group.filter_bits)) {
    while (group.by_print.size() * 16 > (std::size_t{1} << group.filter_bits)) ++group.filter_bits;
    group.filter.assign((std::size_t{1} << group.filter_bits) / 64, 0);
    for (const auto& [value, ids] : group.by_print) {
      const auto bit = value & ((1u << group.filter_bits) - 1);
      group.filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    return;
  }
  const auto bit = print_value & ((1u << group.filter_bits) - 1);
  group.filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

void SecretScanner::add(const SecretPrint& p, const StoredSecret& secret) {
  if (p.length == 0) return;
  auto [it, fresh] = groups_.try_emplace(p.length);
  if (fresh) {
    for (std::uint32_t i = 1; i < p.length; ++i) it->second.top_power = mul_mod(it->second.top_power, base_);
  }
  secrets_.push_back(secret);
  index(it->second, p.value, secrets_.size() - 1);
  for (std::size_t i = 0; i < bytes_.size(); ++i) bytes_[i] |= p.bytes[i];
  shortest_ = shortest_ == 0 ? p.length : std::min<std::size_t>(shortest_, p.length);
}

void SecretScanner::clear() {
  std::vector<StoredSecret>().swap(secrets_);
  decltype(groups_)().swap(groups_);
  bytes_ = {};
  shortest_ = 0;
}

void SecretScanner::scan(std::string_view text, std::size_t offset, std::uint32_t length, const LengthGroup& group,
                         std::vector<SecretSpan>& out) const {
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < length; ++i) h = add_mod(mul_mod(h, base_), byte_at(text, i));
  const std::uint32_t mask = (1u << group.filter_bits) - 1;
  for (std::size_t pos = 0;; ++pos) {
    const std::uint32_t fp = low_bits(h);
    const std::uint32_t bit = fp & mask;
    if ((group.filter[bit / 64] >> (bit % 64)) & 1u) {
      const auto it = group.by_print.find(fp);
      if (it != group.by_print.end()) {
        const auto window = text.substr(pos, length);
        for (const auto id : it->second) {
          if (verify_secret(secrets_[id], window)) {
            out.push_back({offset + pos, length});
            break;
          }
        }
      }
    }
    if (pos + length >= text.size()) return;
    // Roll: drop text[pos], shift, take text[pos + length].
    h = add_mod(h, kModulus - mul_mod(byte_at(text, pos), group.top_power));
    h = add_mod(mul_mod(h, base_), byte_at(text, pos + length));
  }
}

std::vector<SecretSpan> SecretScanner::find(std::string_view text) const {
  std::vector<SecretSpan> out;
  if (shortest_ == 0 || text.size() < shortest_) return out;
  // A secret lies wholly inside a run of bytes secrets hold: only runs that long are scanned.
  for (std::size_t i = 0; i < text.size();) {
    if (!holds_byte(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && holds_byte(text[end])) ++end;
    const auto run = text.substr(i, end - i);
    if (run.size() >= shortest_) {
      for (const auto& [length, group] : groups_) {
        if (length <= run.size()) scan(run, i, length, group, out);
      }
    }
    i = end;
  }
  std::sort(out.begin(), out.end(),
            [](const SecretSpan& a, const SecretSpan& b) { return a.pos < b.pos; });
  return out;
}

}  // namespace mockgate::core
