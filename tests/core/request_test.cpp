// The core's view of an HTTP exchange: case-insensitive names, target splitting, decoding.
#include "mockgate/core/request.hpp"

#include <doctest/doctest.h>

#include <string>

namespace core = mockgate::core;

TEST_SUITE("request") {
  TEST_CASE("ALL-HDR-CASE: header names compare without regard to ASCII case") {
    CHECK(core::iequals("X-Api-Key", "x-api-key"));
    CHECK(core::iequals("APP-KEY", "app-key"));
    CHECK(core::iequals("", ""));
    CHECK_FALSE(core::iequals("app-key", "app_key"));
    CHECK_FALSE(core::iequals("app-key", "app-keys"));
  }

  TEST_CASE("the first header of a name is found in any case, none gives nullptr") {
    const core::Headers headers = {{"Content-Type", "application/json"},
                                   {"AUTHORIZATION", "Bearer a"},
                                   {"authorization", "Bearer b"}};
    REQUIRE(core::find_header(headers, "Authorization") != nullptr);
    CHECK(core::find_header(headers, "Authorization")->value == "Bearer a");
    CHECK(core::find_header(headers, "content-type")->value == "application/json");
    CHECK(core::find_header(headers, "X-Api-Key") == nullptr);
  }

  TEST_CASE("percent escapes are decoded, malformed ones stay as they are") {
    CHECK(core::percent_decode("a%20b", false) == "a b");
    CHECK(core::percent_decode("%2Fx%2f", false) == "/x/");
    CHECK(core::percent_decode("a+b", false) == "a+b");
    CHECK(core::percent_decode("a+b", true) == "a b");
    CHECK(core::percent_decode("100%", false) == "100%");
    CHECK(core::percent_decode("%zz%4", false) == "%zz%4");
  }

  TEST_CASE("a target splits into a decoded path and decoded query parameters, in order") {
    const auto r = core::Request::make("GET", "/conver%73ations?limit=1&q=a+b&flag&x=%3D&=v");
    CHECK(r.method == "GET");
    CHECK(r.target == "/conver%73ations?limit=1&q=a+b&flag&x=%3D&=v");
    CHECK(r.path == "/conversations");
    CHECK(r.query ==
          core::QueryParams{{"limit", "1"}, {"q", "a b"}, {"flag", ""}, {"x", "="}, {"", "v"}});
    CHECK(r.peer_address == "127.0.0.1");
    CHECK(r.transport == core::Transport::PlainUnchecked);
    CHECK_FALSE(r.is_tls());
  }

  TEST_CASE("a target without a query has no parameters, a plus in a path stays a plus") {
    const auto r =
        core::Request::make("POST", "/a+b", {{"app-key", "k"}}, "{}", "::1", core::Transport::Tls);
    CHECK(r.path == "/a+b");
    CHECK(r.query.empty());
    CHECK(r.is_tls());
    REQUIRE(r.header("APP-KEY") != nullptr);
    CHECK(r.header("APP-KEY")->value == "k");
  }
}
