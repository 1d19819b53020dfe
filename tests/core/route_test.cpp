// Routing by path template: the first step of the decision pipeline (404 and 405's Allow).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "core/pipeline.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::profile;

TEST_SUITE("route") {
  TEST_CASE("a path template matches segment by segment and captures its parameters") {
    std::map<std::string, std::string> params;
    CHECK(core::match_path("/authentication/{id}", "/authentication/abc", &params));
    CHECK(params == std::map<std::string, std::string>{{"id", "abc"}});
    CHECK(core::match_path("/a/{x}/b/{y}", "/a/1/b/2", &params));
    CHECK(params.at("x") == "1");
    CHECK(params.at("y") == "2");
    CHECK(core::match_path("/conversations", "/conversations"));
  }

  TEST_CASE("a path with more, fewer or other segments does not match") {
    CHECK_FALSE(core::match_path("/authentication/{id}", "/authentication"));
    CHECK_FALSE(core::match_path("/authentication/{id}", "/authentication/"));
    CHECK_FALSE(core::match_path("/authentication/{id}", "/authentication/a/b"));
    CHECK_FALSE(core::match_path("/conversations", "/conversations/"));
    CHECK_FALSE(core::match_path("/conversations", "/Conversations"));
    CHECK_FALSE(core::match_path("/conversations", "/conversation"));
    CHECK_FALSE(core::match_path("/a/{x}", "/a/1/"));
    CHECK_FALSE(core::match_path("/a/b/", "/a/b"));
    CHECK_FALSE(core::match_path("/a/{x}/b", "/a//b"));
    CHECK_FALSE(core::match_path("", "/"));
    CHECK(core::match_path("/a/b/", "/a/b/"));
    CHECK(core::match_path("/", "/"));
  }

  TEST_CASE("ALL-404: a path no endpoint has routes nowhere and allows nothing") {
    const auto p = profile("lisoloo");
    const auto r = core::route(p, "GET", "/api/v1/lisoloo/sms-api/nope");
    CHECK(r.endpoint == nullptr);
    CHECK(r.allowed.empty());
  }

  TEST_CASE("ALL-405: a known path with another method routes nowhere and lists what it allows") {
    const auto p = profile("lisoloo");
    const auto r = core::route(p, "GET", "/api/v1/lisoloo/sms-api/send");
    CHECK(r.endpoint == nullptr);
    CHECK(r.allowed == std::vector<std::string>{"POST"});
  }

  TEST_CASE("a known path and method route to the endpoint, HEAD is served where GET is") {
    const auto p = profile("agentclara");
    const auto get = core::route(p, "GET", "/conversations");
    REQUIRE(get.endpoint != nullptr);
    CHECK(get.endpoint->operation == "list_conversations");
    const auto head = core::route(p, "HEAD", "/conversations");
    CHECK(head.endpoint == get.endpoint);
    CHECK(core::route(p, "get", "/conversations").endpoint == nullptr);  // methods are exact
  }
}
