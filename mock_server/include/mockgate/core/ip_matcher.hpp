// IP whitelists: single addresses and CIDR ranges, IPv4 and IPv6.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mockgate::core {

/// One whitelist entry: an address with a prefix length (a single address is /32 or /128).
class IpRange {
 public:
  /// Parses "203.0.113.7", "10.0.0.0/8", "::1" or "2001:db8::/32"; nullopt when malformed.
  static std::optional<IpRange> parse(std::string_view text);

  /// True when `address` (textual; IPv4-mapped IPv6 counts as IPv4) lies in this range.
  bool contains(std::string_view address) const;

  const std::string& text() const { return text_; }

 private:
  std::array<std::uint8_t, 16> bytes_{};
  bool v4_ = false;
  int prefix_ = 0;
  std::string text_;
};

/// An account's whitelist. Empty means "whitelist off": everyone is allowed.
class IpWhitelist {
 public:
  IpWhitelist() = default;
  explicit IpWhitelist(std::vector<IpRange> ranges) : ranges_(std::move(ranges)) {}

  bool is_enabled() const { return !ranges_.empty(); }
  bool allows(std::string_view address) const;
  std::vector<std::string> texts() const;

 private:
  std::vector<IpRange> ranges_;
};

}  // namespace mockgate::core
