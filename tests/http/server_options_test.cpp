// ServerOptions that cannot be honoured are refused up front, never silently replaced.
#include <doctest/doctest.h>

#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

TEST_SUITE("server_options") {
  TEST_CASE("a locale no served provider has is refused, naming the ones there are") {
    mockgate::ServerOptions options;
    options.locale = "xx";
    CHECK_THROWS_WITH_AS(mockgate::MockServer(mockgate::server::find_profile("lisoloo"), options),
                         "locale 'xx' is not one of the served providers' (lisoloo:en, lisoloo:it)",
                         std::invalid_argument);
  }

  TEST_CASE("a locale one served provider has is used there, and the others keep their default") {
    mockgate::ServerOptions options;
    options.locale = "it";
    mockgate::MockServer server({mockgate::server::find_profile("lisoloo"), mockgate::server::find_profile("agentclara")},
                                options);
    CHECK(server.provider("lisoloo").locale() == "it");
    CHECK(server.provider("agentclara").locale() == "it");  // agentclara has Italian too
  }

  TEST_CASE("the same provider twice is refused") {
    CHECK_THROWS_AS(mockgate::MockServer({mockgate::server::find_profile("qlara"), mockgate::server::find_profile("qlara")}),
                    std::invalid_argument);
  }
}
