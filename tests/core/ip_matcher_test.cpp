// IP whitelists: single addresses and CIDR ranges, IPv4 and IPv6, IPv4-mapped callers.
#include "mockgate/core/ip_matcher.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace core = mockgate::core;

namespace {

core::IpRange range(const char* text) {
  const auto r = core::IpRange::parse(text);
  REQUIRE_MESSAGE(r.has_value(), text);
  return *r;
}

}  // namespace

TEST_SUITE("ip_matcher") {
  TEST_CASE("addresses and CIDR ranges of both families parse and keep their text") {
    for (const auto* text : {"203.0.113.7", "10.0.0.0/8", "0.0.0.0/0", "192.168.4.0/22", "::1",
                             "2001:db8::/32", "::/0", "2001:db8::7/128"}) {
      CAPTURE(text);
      const auto r = core::IpRange::parse(text);
      REQUIRE(r.has_value());
      CHECK(r->text() == text);
    }
  }

  TEST_CASE("malformed entries do not parse") {
    for (const auto* text : {"", "localhost", "10.0.0", "256.1.1.1", "10.0.0.0/33", "::/129",
                             "10.0.0.1/", "10.0.0.1/x", "10.0.0.1/-1", "10.0.0.1/8/9", "10.0.0.1 ",
                             "2001:db8:::1", "10.0.0.0/ 8"}) {
      CAPTURE(text);
      CHECK_FALSE(core::IpRange::parse(text).has_value());
    }
  }

  TEST_CASE("a single address matches only itself") {
    const auto r = range("203.0.113.7");
    CHECK(r.contains("203.0.113.7"));
    CHECK_FALSE(r.contains("203.0.113.8"));
    CHECK_FALSE(r.contains("203.0.113.70"));
  }

  TEST_CASE("an IPv4 CIDR range matches exactly the addresses under its prefix") {
    SUBCASE("/8") {
      const auto r = range("10.0.0.0/8");
      CHECK(r.contains("10.0.0.0"));
      CHECK(r.contains("10.1.2.3"));
      CHECK(r.contains("10.255.255.255"));
      CHECK_FALSE(r.contains("11.0.0.0"));
      CHECK_FALSE(r.contains("9.255.255.255"));
    }
    SUBCASE("/22, a prefix that cuts a byte") {
      const auto r = range("192.168.4.0/22");
      CHECK(r.contains("192.168.4.0"));
      CHECK(r.contains("192.168.7.255"));
      CHECK_FALSE(r.contains("192.168.8.0"));
      CHECK_FALSE(r.contains("192.168.3.255"));
    }
    SUBCASE("host bits in the range's own address are ignored") {
      const auto r = range("10.1.2.3/8");
      CHECK(r.contains("10.200.0.1"));
    }
    SUBCASE("/0 matches every IPv4 caller and no IPv6 one") {
      const auto r = range("0.0.0.0/0");
      CHECK(r.contains("1.2.3.4"));
      CHECK(r.contains("255.255.255.255"));
      CHECK_FALSE(r.contains("2001:db8::1"));
    }
  }

  TEST_CASE("an IPv6 range matches IPv6 callers under its prefix") {
    const auto r = range("2001:db8::/32");
    CHECK(r.contains("2001:db8::1"));
    CHECK(r.contains("2001:db8:ffff:ffff::5"));
    CHECK(r.contains("2001:0DB8:0000::9"));
    CHECK_FALSE(r.contains("2001:db9::1"));
    CHECK_FALSE(r.contains("10.1.2.3"));
    const auto loopback = range("::1");
    CHECK(loopback.contains("::1"));
    CHECK(loopback.contains("0:0:0:0:0:0:0:1"));
    CHECK_FALSE(loopback.contains("::2"));
  }

  TEST_CASE("an IPv4-mapped IPv6 caller counts as the IPv4 address it stands for") {
    CHECK(range("10.0.0.0/8").contains("::ffff:10.1.2.3"));
    CHECK_FALSE(range("10.0.0.0/8").contains("::ffff:192.168.1.1"));
    CHECK(range("203.0.113.7").contains("::FFFF:203.0.113.7"));
  }

  TEST_CASE("a caller address that is not an address matches nothing") {
    CHECK_FALSE(range("0.0.0.0/0").contains(""));
    CHECK_FALSE(range("0.0.0.0/0").contains("not-an-ip"));
    CHECK_FALSE(range("::/0").contains("example.com"));
  }

  TEST_CASE("an empty whitelist is off and lets everyone in") {
    const core::IpWhitelist off;
    CHECK_FALSE(off.is_enabled());
    CHECK(off.allows("10.1.2.3"));
    CHECK(off.allows("2001:db8::1"));
    CHECK(off.texts().empty());
  }

  TEST_CASE("a whitelist allows a caller in any of its ranges and nobody else") {
    const core::IpWhitelist list(
        {range("203.0.113.7"), range("10.0.0.0/8"), range("2001:db8::/32")});
    CHECK(list.is_enabled());
    CHECK(list.allows("203.0.113.7"));
    CHECK(list.allows("10.99.0.1"));
    CHECK(list.allows("2001:db8::42"));
    CHECK(list.allows("::ffff:10.0.0.1"));
    CHECK_FALSE(list.allows("127.0.0.1"));
    CHECK_FALSE(list.allows("::1"));
    CHECK_FALSE(list.allows("192.168.1.1"));
    CHECK(list.texts() == std::vector<std::string>{"203.0.113.7", "10.0.0.0/8", "2001:db8::/32"});
  }
}
