// Answer rendering: templates filled, messages localised, each provider's exact error bodies.
#include "core/renderer.hpp"

#include <doctest/doctest.h>

#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::profile;
using nlohmann::json;

namespace {

json body_of(const core::Response& r) { return json::parse(r.body); }

}  // namespace

TEST_SUITE("renderer") {
  TEST_CASE("a string that is exactly one placeholder takes the variable's JSON value") {
    const core::TemplateVars vars{{"status", 401}, {"message", "Invalid credentials"}};
    CHECK(core::fill_template(json{{"code", "{status}"}, {"message", "{message}"}}, vars) ==
          json{{"code", 401}, {"message", "Invalid credentials"}});
    CHECK(core::fill_template(json("{status}"), vars) == json(401));
  }

  TEST_CASE("a placeholder inside a longer string is replaced by the variable's text") {
    const core::TemplateVars vars{{"status", 429}, {"name", "mock"}};
    CHECK(core::fill_template(json("code {status} from {name}"), vars) ==
          json("code 429 from mock"));
    CHECK(core::fill_template(json("{name}{name}"), vars) == json("mockmock"));
  }

  TEST_CASE("unknown placeholders and non-string values stay as they are") {
    const core::TemplateVars vars{{"status", 404}};
    CHECK(core::fill_template(json("{nope}"), vars) == json("{nope}"));
    CHECK(core::fill_template(json("a {nope} b"), vars) == json("a {nope} b"));
    CHECK(core::fill_template(json("{unclosed"), vars) == json("{unclosed"));
    CHECK(core::fill_template(json{{"n", 3}, {"b", true}, {"z", nullptr}}, vars) ==
          json{{"n", 3}, {"b", true}, {"z", nullptr}});
  }

  TEST_CASE("templates are filled through nested objects and arrays") {
    const core::TemplateVars vars{{"uuid", "u-1"}};
    const json tmpl = {{"data", {{"ids", json::array({"{uuid}", "x-{uuid}"})}}}};
    CHECK(core::fill_template(tmpl, vars) ==
          json{{"data", {{"ids", json::array({"u-1", "x-u-1"})}}}});
  }

  TEST_CASE("a template mentions a variable only where a string holds {name}, at any depth") {
    const json tmpl = {{"data", {{"ids", json::array({"x-{uuid}"})}, {"at", "{now}"}, {"n", 3}}}};
    CHECK(core::template_mentions(tmpl, "uuid"));
    CHECK(core::template_mentions(tmpl, "now"));
    CHECK_FALSE(core::template_mentions(tmpl, "env"));
    CHECK_FALSE(core::template_mentions(json{{"a", "{uuidx} {uui} uuid {uuid"}}, "uuid"));
    CHECK_FALSE(core::template_mentions(json{{"uuid", 1}}, "uuid"));  // a key, not a placeholder
  }

  TEST_CASE("LIS-L10N: a message is taken from the locale, else the default locale, else its id") {
    const auto p = profile("lisoloo");
    CHECK(core::message_text(p, "suspended", "en") ==
          "Gateway app is suspended. Please contact support.");
    CHECK(core::message_text(p, "suspended", "it") ==
          "L'app gateway è sospesa. Contatta il supporto.");
    CHECK(core::message_text(p, "suspended", "fr") ==
          "Gateway app is suspended. Please contact support.");
    CHECK(core::message_text(p, "no_such_message", "en") == "no_such_message");
  }

  TEST_CASE("Lisoloo's answers render in FastAPI's detail shape with the documented texts") {
    const auto p = profile("lisoloo");
    const auto missing = core::render_answer(p, "missing_credential", "en");
    CHECK(missing.status == 401);
    CHECK(body_of(missing) ==
          json{{"detail", "Missing app-key header. Please provide a valid app-key."}});
    const auto generic = core::render_answer(p, "invalid_credential", "en");
    CHECK(generic.status == 401);
    CHECK(body_of(generic) == json{{"detail", "Unauthorized"}});
    const auto revoked = core::render_answer(p, "key_revoked", "en");
    CHECK(revoked.status == 403);
    CHECK(body_of(revoked) ==
          json{{"detail", "Gateway app has been revoked. Please contact support."}});
    const auto unavailable = core::render_answer(p, "internal_error", "en");
    CHECK(unavailable.status == 500);
    CHECK(body_of(unavailable) ==
          json{{"detail", "Authentication service temporarily unavailable. Please try again."}});
  }

  TEST_CASE("Qlara's answers carry the status as a number in the code field") {
    const auto p = profile("qlara");
    const auto ip = core::render_answer(p, "ip_not_allowed", "en");
    CHECK(ip.status == 403);
    CHECK(body_of(ip) == json{{"code", 403}, {"message", "Unauthorized IP"}});
    const auto it = core::render_answer(p, "invalid_credential", "it");
    CHECK(body_of(it) == json{{"code", 401}, {"message", "Credenziali non valide"}});
  }

  TEST_CASE("a 429 carries Retry-After: the profile's fixed value, or the one the limiter gives") {
    SUBCASE("AgentClara always says 1 second and repeats the status in its body") {
      const auto r = core::render_answer(profile("agentclara"), "rate_limited", "en");
      CHECK(r.status == 429);
      CHECK(body_of(r) == json{{"success", false}, {"error", "Rate limited"}, {"status", 429}});
      REQUIRE(r.header("Retry-After") != nullptr);
      CHECK(r.header("Retry-After")->value == "1");
    }
    SUBCASE("Agile wholesale fills in the seconds until a slot frees") {
      const auto r = core::render_answer(profile("agile-wholesale"), "rate_limited", "en",
                                         {{"retry_after", 7}});
      CHECK(body_of(r) == json{{"code", 429}, {"message", "Rate limit exceeded"}});
      REQUIRE(r.header("retry-after") != nullptr);
      CHECK(r.header("retry-after")->value == "7");
    }
  }
}
