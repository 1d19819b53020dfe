// The mock clock: RFC 3339 in and out, a settable date that keeps ticking, untouched elapsed time.
#include "mockgate/core/clock.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using namespace std::chrono_literals;

namespace {

std::string formatted(const char* text) {
  const auto t = core::parse_time(text);
  REQUIRE_MESSAGE(t.has_value(), text);
  return core::format_time(*t);
}

}  // namespace

TEST_SUITE("clock") {
  TEST_CASE("RFC 3339 UTC times parse and format with milliseconds") {
    CHECK(formatted("2026-01-10T00:00:00Z") == "2026-01-10T00:00:00.000Z");
    CHECK(formatted("2026-01-15T23:59:59Z") == "2026-01-15T23:59:59.000Z");
    CHECK(formatted("2026-01-10t08:30:00z") == "2026-01-10T08:30:00.000Z");
  }

  TEST_CASE("fractions of a second are kept to the millisecond") {
    CHECK(formatted("2026-01-10T00:00:00.5Z") == "2026-01-10T00:00:00.500Z");
    CHECK(formatted("2026-01-10T00:00:00.123Z") == "2026-01-10T00:00:00.123Z");
    CHECK(formatted("2026-01-10T00:00:00.123456Z") == "2026-01-10T00:00:00.123Z");
  }

  TEST_CASE("an offset is converted to UTC") {
    CHECK(formatted("2026-01-10T01:00:00+01:00") == "2026-01-10T00:00:00.000Z");
    CHECK(formatted("2026-01-09T19:00:00-05:00") == "2026-01-10T00:00:00.000Z");
    CHECK(formatted("2026-01-10T00:30:00+00:30") == "2026-01-10T00:00:00.000Z");
  }

  TEST_CASE("a bare date is midnight UTC") {
    CHECK(formatted("2026-01-15") == "2026-01-15T00:00:00.000Z");
    CHECK(*core::parse_time("2026-01-15") == *core::parse_time("2026-01-15T00:00:00Z"));
  }

  TEST_CASE("malformed times do not parse") {
    for (const auto* text :
         {"", "yesterday", "2026-1-10", "2026-13-01", "2026-02-30", "2026-01-10T",
          "2026-01-10T24:00:00Z", "2026-01-10T00:60:00Z", "2026-01-10T00:00:00",
          "2026-01-10T00:00:00+0100", "2026-01-10T00:00:00.Z", "2026-01-10 00:00:00Z",
          "2026-01-10T00:00:00Zjunk", "2026-01-10junk"}) {
      CAPTURE(text);
      CHECK_FALSE(core::parse_time(text).has_value());
    }
  }

  TEST_CASE("a leap day exists only in leap years") {
    CHECK(core::parse_time("2028-02-29").has_value());
    CHECK_FALSE(core::parse_time("2026-02-29").has_value());
  }

  TEST_CASE("an unset clock follows its time source") {
    mockgate::testing::ManualTime source;
    const core::MockClock clock(source);
    CHECK_FALSE(clock.is_fixed());
    CHECK(clock.now() == source.system);
    source.advance(90s);
    CHECK(core::format_time(clock.now()) == "2026-03-01T12:01:30.000Z");
  }

  TEST_CASE("a set clock starts at the value given and keeps ticking from it") {
    mockgate::testing::ManualTime source;
    core::MockClock clock(source);
    const auto jan10 = *core::parse_time("2026-01-10T00:00:00Z");
    clock.set(jan10);
    CHECK(clock.is_fixed());
    CHECK(clock.now() == jan10);
    source.advance(2500ms);
    CHECK(core::format_time(clock.now()) == "2026-01-10T00:00:02.500Z");
  }

  TEST_CASE("setting the clock to nothing returns it to real time") {
    mockgate::testing::ManualTime source;
    core::MockClock clock(source);
    clock.set(*core::parse_time("2020-01-01"));
    clock.set(std::nullopt);
    CHECK_FALSE(clock.is_fixed());
    CHECK(clock.now() == source.system);
  }

  TEST_CASE("setting the date never moves elapsed time") {
    mockgate::testing::ManualTime source;
    core::MockClock clock(source);
    const auto before = clock.steady_now();
    clock.set(*core::parse_time("2030-01-01"));
    CHECK(clock.steady_now() == before);
    source.advance(5s);
    CHECK(clock.steady_now() - before == std::chrono::steady_clock::duration(5s));
  }
}
