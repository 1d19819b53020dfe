// IP ranges parsed with inet_pton's rules (a pure libc conversion, no sockets opened).
#include "mockgate/core/ip_matcher.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace mockgate::core {
namespace {

struct Address {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
};

std::optional<Address> parse_address(std::string_view text) {
  const std::string s(text);
  Address a;
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    a.v4 = true;
    std::memcpy(a.bytes.data(), &v4, 4);
    return a;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(a.bytes.data(), &v6, 16);
    // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 caller it stands for.
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a.bytes.data(), kMapped, 12) == 0) {
      std::array<std::uint8_t, 16> b{};
      std::memcpy(b.data(), a.bytes.data() + 12, 4);
      a.bytes = b;
      a.v4 = true;
    }
    return a;
  }
  return std::nullopt;
}

}  // namespace

std::optional<IpRange> IpRange::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto addr = parse_address(text.substr(0, slash));
  if (!addr) return std::nullopt;
  IpRange r;
  r.bytes_ = addr->bytes;
  r.v4_ = addr->v4;
  const int max = r.v4_ ? 32 : 128;
  r.prefix_ = max;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    int prefix = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 ||
        prefix > max) {
      return std::nullopt;
    }
    r.prefix_ = prefix;
  }
  r.text_ = std::string(text);
  return r;
}

bool IpRange::contains(std::string_view address) const {
  const auto addr = parse_address(address);
  if (!addr || addr->v4 != v4_) return false;
  int bits = prefix_;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF);
    if ((addr->bytes[i] & mask) != (bytes_[i] & mask)) return false;
  }
  return true;
}

bool IpWhitelist::allows(std::string_view address) const {
  if (ranges_.empty()) return true;
  for (const auto& r : ranges_) {
    if (r.contains(address)) return true;
  }
  return false;
}

std::vector<std::string> IpWhitelist::texts() const {
  std::vector<std::string> out;
  out.reserve(ranges_.size());
  for (const auto& r : ranges_) out.push_back(r.text());
  return out;
}

}  // namespace mockgate::core
