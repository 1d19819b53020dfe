// The profile-driven client (builtin:profile): the request it builds comes from the profile
// alone. Socket-free cases on build_request and fill_template, then every bundled client
// scenario run in-process with it (over loopback, as `verify` does).
#include <doctest/doctest.h>

#include "mockgate/runner/profile_client.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/runner/scenario_runner.hpp"
#include "support/test_support.hpp"

using namespace mockgate;
using nlohmann::json;

namespace {

runner::ClientInput input(const std::string& provider, const std::string& operation, json params) {
  runner::ClientInput in;
  in.provider = provider;
  in.operation = operation;
  in.base_url = "https://127.0.0.1:1";
  in.api_key = "sk_test_0123456789abcdefghijklmnopqrstuv";
  in.params = std::move(params);
  return in;
}

std::string header(const runner::ClientRequest& r, const std::string& name) {
  const auto* h = core::find_header(r.headers, name);
  return h ? h->value : "<none>";
}

}  // namespace

TEST_SUITE("profile client") {
  TEST_CASE("lisoloo send: its own header, the body renamed from the parameters, sender left out when not given") {
    const auto r = runner::build_request(testing::profile("lisoloo"), input("lisoloo", "send_sms", {{"to", "+39"}, {"text", "Hi"}}));
    CHECK(r.method == "POST");
    CHECK(r.target == "/api/v1/lisoloo/sms-api/send");
    CHECK(header(r, "app-key") == "sk_test_0123456789abcdefghijklmnopqrstuv");
    CHECK(header(r, "Content-Type") == "application/json");
    REQUIRE(r.body);
    CHECK(json::parse(*r.body) == json{{"to", "+39"}, {"message", "Hi"}});
  }

  TEST_CASE("agile-wholesale send: a nested template, the given sender is kept") {
    const auto r = runner::build_request(testing::profile("agile-wholesale"),
                                         input("agile-wholesale", "send_sms", {{"to", "+39"}, {"text", "Hi"}, {"sender", "Agile"}}));
    REQUIRE(r.body);
    CHECK(json::parse(*r.body) ==
          json::parse(R"({"messages": [{"destinations": ["+39"], "body": "Hi", "sender": "Agile"}]})"));
    CHECK(header(r, "X-Api-Key") == "sk_test_0123456789abcdefghijklmnopqrstuv");
  }

  TEST_CASE("agentclara: Bearer with its word, a number parameter in the query, no body on a GET") {
    const auto r = runner::build_request(testing::profile("agentclara"), input("agentclara", "list_conversations", {{"limit", 2}}));
    CHECK(r.method == "GET");
    CHECK(r.target == "/conversations?limit=2");
    CHECK(header(r, "Authorization") == "Bearer sk_test_0123456789abcdefghijklmnopqrstuv");
    CHECK_FALSE(r.body);
    CHECK(runner::build_request(testing::profile("agentclara"), input("agentclara", "list_conversations", json::object())).target ==
          "/conversations");
  }

  TEST_CASE("qlara's key API: a path parameter percent-encoded, a list kept as a list, a query filter") {
    const auto profile = testing::profile("qlara");
    CHECK(runner::build_request(profile, input("qlara", "delete_key", {{"id", "a b/c"}})).target == "/authentication/a%20b%2Fc");
    const auto create = runner::build_request(profile, input("qlara", "create_key", {{"operations", {"SMS", "RCS"}}}));
    REQUIRE(create.body);
    CHECK(json::parse(*create.body) == json{{"operations", {"SMS", "RCS"}}});
    CHECK(runner::build_request(profile, input("qlara", "list_keys", {{"user_id", "u 1"}})).target == "/authentication?userId=u%201");
    CHECK_THROWS_AS(runner::build_request(profile, input("qlara", "delete_key", json::object())), runner::UnsupportedCall);
  }

  TEST_CASE("a username and password go in the profile's Basic scheme, the key API takes keys only") {
    const auto profile = testing::profile("qlara");
    auto in = input("qlara", "send_sms", {{"to", "+39"}, {"text", "Hi"}});
    in.api_key.reset();
    in.username = "user";
    in.password = "pass";
    CHECK(header(runner::build_request(profile, in), "Authorization") == "Basic dXNlcjpwYXNz");
    in.operation = "list_keys";  // credentials: [header] on document 003's endpoints
    CHECK_THROWS_WITH_AS(runner::build_request(profile, in), doctest::Contains("no credential scheme"),
                         runner::UnsupportedCall);
  }

  TEST_CASE("an empty key is sent empty, after the scheme word") {
    auto in = input("agentclara", "list_conversations", json::object());
    in.api_key = "";
    CHECK(header(runner::build_request(testing::profile("agentclara"), in), "Authorization") == "Bearer ");
  }

  TEST_CASE("an operation the profile has no endpoint for, or no credential at all, is a config outcome") {
    const auto out = runner::profile_client_call(testing::profile("lisoloo"), input("lisoloo", "list_conversations", json::object()));
    CHECK(out.at("ok") == false);
    CHECK(out.at("status").is_null());
    CHECK(out.at("error") == "config");
    auto none = input("lisoloo", "send_sms", json::object());
    none.api_key.reset();
    CHECK(runner::profile_client_call(testing::profile("lisoloo"), none).at("error") == "config");
  }

  TEST_CASE("fill_template: whole placeholders keep JSON types, embedded ones become text, missing ones are left out") {
    const json params{{"n", 3}, {"s", "x"}, {"list", {1, 2}}};
    CHECK(runner::fill_template(core::Json::parse(R"({"a": "{n}", "b": "n={n}, s={s}", "c": "{list}"})"), params)->dump() ==
          R"({"a":3,"b":"n=3, s=x","c":[1,2]})");
    CHECK(runner::fill_template(core::Json::parse(R"({"a": "{missing}", "b": ["{s}", "{missing}"], "c": 7})"), params)->dump() ==
          R"({"b":["x"],"c":7})");
    CHECK_FALSE(runner::fill_template(core::Json("{missing}"), params));
    CHECK(*runner::fill_template(core::Json("{} and {"), params) == "{} and {");
  }

  TEST_CASE("the profile's key order is the body's order") {
    const auto r = runner::build_request(testing::profile("qlara"), input("qlara", "send_sms", {{"text", "Hi"}, {"to", "+39"}}));
    CHECK(*r.body == R"({"phoneNumber":"+39","message":"Hi"})");
  }

  TEST_CASE("every bundled provider's client scenarios pass with it, over loopback") {
    std::map<std::string, core::Profile> profiles;
    for (const auto* id : {"lisoloo", "qlara", "agile-wholesale", "agentclara"}) profiles.emplace(id, testing::profile(id));
    const auto lookup = [&](const std::string& id) -> const core::Profile& { return profiles.at(id); };
    std::vector<runner::Scenario> clients;
    for (const auto& file : runner::find_scenario_files({MOCKGATE_TEST_PROFILES "/.."})) {
      auto s = runner::load_scenario(file, lookup);
      if (!s.when.probe) clients.push_back(std::move(s));
    }
    REQUIRE(clients.size() > 40);
    runner::RunOptions options;
    options.jobs = 2;
    const auto results = runner::run_all(
        clients, lookup,
        [&] { return std::make_unique<runner::CallableClientDriver>("builtin:profile", runner::profile_client(lookup)); },
        options, {});
    for (const auto& r : results) {
      INFO(r.scenario->id, ": ", r.reason);
      CHECK(r.verdict == runner::Verdict::Pass);  // should scenarios too: it follows good practice
    }
  }
}
