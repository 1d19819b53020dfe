// The runner's transport seam: the same requests over the network and in process get the same
// answers; the network one sends targets as written and tells a timeout; the runner's probes and
// admin calls go through whichever transport RunOptions gives.
#include <doctest/doctest.h>

#include <atomic>

#include "mockgate/runner/arrangement.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/runner/scenario_runner.hpp"
#include "mockgate/runner/transport.hpp"
#include "mockgate/server/mock_server.hpp"
#include "support/test_support.hpp"

using namespace mockgate;

namespace {

ServerOptions tls() {
  ServerOptions o;
  o.tls = true;
  return o;
}

runner::HttpRequest balance(const std::string& key) {
  return {"GET", "/api/v1/lisoloo/sms-api/balance", {{"app-key", key}}, {}};
}

constexpr const char* kProbe = R"(id: lisoloo/transport-probe
provider: lisoloo
title: a probe
covers: [LIS-401-MISSING]
given:
  keys: [{name: main, env: live}]
when:
  env: live
  probe: {method: GET, path: /api/v1/lisoloo/sms-api/balance}
then:
  responses: [{status: 401}]
)";

}  // namespace

TEST_SUITE("runner: transport") {
  TEST_CASE("over the network and in process, the same requests get the same answers") {
    MockServer server(testing::profile("lisoloo"), tls());
    server.start();
    const auto key = server.create_key({.env = "live"});
    const auto net = runner::http_transport({.base_url = server.url("live"), .ca_file = server.ca_file()});
    const auto local = runner::in_process_transport(server.provider(), "live");
    for (const auto& request : {balance(key.value), balance("sk_live_" + std::string(32, 'x')), balance(""),
                                runner::HttpRequest{"GET", "/__mockgate/health", {}, {}}}) {
      CAPTURE(request.target);
      const auto a = net->send(request);
      const auto b = local->send(request);
      REQUIRE(a.answer);
      REQUIRE(b.answer);
      CHECK(a.answer->status == b.answer->status);
      CHECK(a.answer->body == b.answer->body);
      CHECK(core::find_header(a.answer->headers, "Content-Type")->value ==
            core::find_header(b.answer->headers, "Content-Type")->value);
    }
    CHECK(net->send(balance(key.value)).answer->status == 200);
  }

  TEST_CASE("the network transport sends the target as written and tells a timeout from a refusal") {
    MockServer server(testing::profile("lisoloo"), tls());
    server.start();
    runner::TransportOptions options{.base_url = server.url("live"), .ca_file = server.ca_file()};
    options.read_timeout = std::chrono::milliseconds(300);
    const auto net = runner::http_transport(options);
    REQUIRE(net->send({"GET", "/api/v1/lisoloo/sms-api/balance?q=%2F%20", {}, {}}).answer);
    CHECK(server.provider().journal().back().target == "/api/v1/lisoloo/sms-api/balance?q=%2F%20");

    core::Fault held;
    held.delay = std::chrono::milliseconds(2000);
    server.provider().push_faults(core::FaultStage::BeforeAuth, {held});
    const auto timed_out = net->send(balance("x"));
    CHECK_FALSE(timed_out.answer);
    CHECK(timed_out.timed_out);
    CHECK_FALSE(timed_out.error.empty());

    // Not a timeout: a certificate nobody trusts.
    const auto untrusting = runner::http_transport({.base_url = server.url("live")});
    const auto refused = untrusting->send(balance("x"));
    CHECK_FALSE(refused.answer);
    CHECK_FALSE(refused.timed_out);
  }

  TEST_CASE("the admin API over an in-process transport arranges as over the network") {
    MockServer a(testing::profile("lisoloo"));
    MockServer b(testing::profile("lisoloo"));
    b.start();
    runner::Given given;
    given.keys.push_back({"k", core::KeySpec{.env = "live", .status = core::KeyStatus::Locked}, false, ""});
    given.locale = "it";
    runner::arrange(*runner::http_mock(runner::in_process_transport(a.provider(), "test")), given, "test", true);
    runner::arrange(*runner::http_mock(b.url("test")), given, "test", true);
    REQUIRE(a.provider().keys().size() == 1);
    REQUIRE(b.provider().keys().size() == 1);
    CHECK(a.provider().keys()[0].status == core::KeyStatus::Locked);
    CHECK(a.provider().keys()[0].env == b.provider().keys()[0].env);
    CHECK(a.provider().locale() == "it");
    CHECK(b.provider().locale() == "it");
    CHECK(runner::is_mockgate(*runner::in_process_transport(a.provider(), "test")));
  }

  TEST_CASE("a scenario's probe goes through the transport RunOptions gives") {
    const auto profile = testing::profile("lisoloo");
    const auto lookup = [&](const std::string&) -> const core::Profile& { return profile; };
    const std::vector<runner::Scenario> scenarios{runner::load_scenario_text("probe.yaml", kProbe, lookup)};
    std::atomic<int> made{0};
    runner::RunOptions options;
    options.transport = [&](const runner::TransportOptions& t) {
      ++made;
      return runner::http_transport(t);
    };
    const auto results = runner::run_all(
        scenarios, lookup, [] { return std::make_unique<runner::CallableClientDriver>("none", [](const auto&) {
          return nlohmann::json::object();
        }); },
        options, {});
    CHECK(results.at(0).verdict == runner::Verdict::Pass);
    CHECK(made == 1);
  }
}
