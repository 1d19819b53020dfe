// Issue 12's fifth provider: nimbly (fixtures/providers/nimbly/), written as YAML only, served
// from a --profiles folder over a real socket. Its lint, run (with its own Python client),
// verify and coverage are ctest entries (tests/CMakeLists.txt, label nimbly).
#include <doctest/doctest.h>

#include "http/support_serve.hpp"

namespace {

const std::string kProfiles = MOCKGATE_TEST_FIXTURES "/providers/nimbly/profiles";
const std::string kBody = R"({"recipients": ["+4915100000000"], "message": {"text": "Hallo"}})";

}  // namespace

TEST_SUITE("nimbly") {
  TEST_CASE("serve --profiles answers nimbly's Token scheme, its numeric error codes and its de locale (--locale de)") {
    mockgate::testing::Served s({"nimbly"}, 2, {"--profiles", kProfiles});
    REQUIRE(s.ready.size() == 2);
    const auto url = s.url("nimbly", "live");
    const auto key = mockgate::testing::make_key(url, {{"env", "live"}});
    REQUIRE(key.rfind("nmb_live_", 0) == 0);
    auto c = mockgate::testing::client_for(url);

    const auto sent = c.Post("/v2/sms", {{"Authorization", "Token " + key}}, kBody, "application/json");
    CHECK(mockgate::testing::status_of(sent) == 202);
    CHECK(mockgate::testing::json_of(sent).value("state", "") == "queued");

    const auto missing = c.Post("/v2/sms", kBody, "application/json");
    CHECK(mockgate::testing::status_of(missing) == 401);
    CHECK(mockgate::testing::json_of(missing)["error"].value("code", 0) == 40101);

    // The word's case is exact for this provider: "token KEY" is no credential of its.
    const auto lower = c.Post("/v2/sms", {{"Authorization", "token " + key}}, kBody, "application/json");
    CHECK(mockgate::testing::status_of(lower) == 401);

    const auto english = mockgate::testing::json_of(missing)["error"].value("message", "");
    mockgate::testing::Served de({"nimbly"}, 2, {"--profiles", kProfiles, "--locale", "de"});
    auto c_de = mockgate::testing::client_for(de.url("nimbly", "live"));
    const auto german = c_de.Post("/v2/sms", kBody, "application/json");
    CHECK(mockgate::testing::status_of(german) == 401);
    const auto text = mockgate::testing::json_of(german)["error"].value("message", "");
    CHECK(!text.empty());
    CHECK(text != english);
  }
}
