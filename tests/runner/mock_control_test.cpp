// One way to arrange a mock: the same `given` through MockControl in process and over the admin
// API of a running mock leaves the two mocks in the same state, and each reads back alike.
#include <doctest/doctest.h>

#include <httplib.h>

#include "mockgate/core/admin_api.hpp"
#include "mockgate/runner/arrangement.hpp"
#include "mockgate/server/mock_server.hpp"
#include "support/test_support.hpp"

using namespace mockgate;

namespace {

/// Everything `arrange` may set, in one given.
runner::Given full_given() {
  runner::Given g;
  g.accounts.push_back({"acme", {std::string("s3cret"), std::vector<std::string>{"10.0.0.0/8"}, std::string("enterprise"), std::string("Acme")}});
  g.keys.push_back({"live", core::KeySpec{.env = "live", .owner = "acme", .tier = "standard"}, false, ""});
  g.keys.push_back({"gone", core::KeySpec{.status = core::KeyStatus::Suspended}, true, ""});
  g.keys.push_back({"old", core::KeySpec{.operations = std::vector<std::string>{"SMS"}}, false, "new"});
  core::Fault slow;
  slow.delay = std::chrono::milliseconds(5);
  core::Fault refused;
  refused.status = 500;
  refused.repeat = 2;
  g.faults.push_back({core::FaultStage::AfterAuth, {slow, refused}});
  g.clock = core::parse_time("2026-05-01T00:00:00Z");
  g.locale = "it";
  g.certificate = "expired";
  return g;
}

/// The state as comparable JSON: keys without ids, times or display forms (each mock draws its
/// own), accounts, faults, clock (to the minute: it runs on), locale, certificate.
nlohmann::json shape_of(const core::ProviderState& state) {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& k : state.keys()) {
    keys.push_back({{"env", k.env}, {"status", core::to_string(k.status)}, {"owner", k.owner},
                    {"tier", k.tier}, {"operations", k.operations}, {"deleted", k.deleted_at.has_value()},
                    {"rotated", !k.rotated_from.empty()}});
  }
  nlohmann::json accounts = nlohmann::json::array();
  for (const auto& a : state.accounts()) {
    accounts.push_back({{"username", a.username}, {"tier", a.tier}, {"company", a.company},
                        {"password", a.password.has_value()}, {"whitelisted", a.whitelist.allows("10.1.1.1")},
                        {"open", a.whitelist.allows("127.0.0.1")}});
  }
  return {{"keys", keys}, {"accounts", accounts}, {"faults", state.pending_faults()},
          {"now", core::format_time(state.now()).substr(0, 16)}, {"locale", state.locale()}, {"certificate", state.certificate()}};
}

ServerOptions options() {
  ServerOptions o;
  o.tls = true;
  return o;
}

}  // namespace

TEST_SUITE("runner: mock control") {
  TEST_CASE("one given arranged in process and over HTTP leaves the same state") {
    MockServer local(testing::profile("lisoloo"), options());
    MockServer remote(testing::profile("lisoloo"), options());
    remote.start();
    const auto given = full_given();

    const auto in_process = runner::local_mock(local.provider());
    const auto over_http = runner::http_mock(remote.url("test"));
    const auto local_keys = runner::arrange(*in_process, given, "test", true);
    const auto remote_keys = runner::arrange(*over_http, given, "test", true);

    CHECK(shape_of(local.provider()) == shape_of(remote.provider()));
    CHECK(shape_of(local.provider()).at("keys").size() == 4);  // live, gone, old and its rotation
    REQUIRE(local_keys.size() == 4);
    REQUIRE(remote_keys.size() == 4);
    for (const auto& [name, key] : remote_keys) {
      CAPTURE(name);
      const auto record = remote.provider().key(key.record.id);
      REQUIRE(record);
      CHECK(key.record.env == record->env);
      CHECK(key.record.display == record->display);
      CHECK(key.record.status == record->status);
      CHECK(key.value.size() == local_keys.at(name).value.size());
      CHECK(key.value.substr(0, 8) == local_keys.at(name).value.substr(0, 8));  // sk_test_ / sk_live_
    }
    // Reset goes back to the baseline both ways.
    in_process->reset();
    over_http->reset();
    CHECK(shape_of(local.provider()) == shape_of(remote.provider()));
  }

  TEST_CASE("both read back the journal, the keys used and what the mock shows, alike") {
    MockServer local(testing::profile("lisoloo"), options());
    MockServer remote(testing::profile("lisoloo"), options());
    local.start();
    remote.start();
    runner::Given given;
    given.keys.push_back({"used", core::KeySpec{}, false, ""});
    given.keys.push_back({"idle", core::KeySpec{}, false, ""});
    for (auto* server : {&local, &remote}) {
      const auto control = server == &local ? runner::local_mock(server->provider()) : runner::http_mock(server->url("test"));
      const auto keys = runner::arrange(*control, given, "test", false);
      httplib::Client client(server->url("test"));
      client.enable_server_certificate_verification(true);
      client.set_ca_cert_path(server->ca_file().c_str());
      const auto res = client.Get("/api/v1/lisoloo/sms-api/balance", httplib::Headers{{"app-key", keys.at("used").value}});
      REQUIRE(res);
      CHECK(res->status == 200);

      const auto journal = control->journal();
      REQUIRE(journal.size() == 1);
      CHECK(journal[0].method == "GET");
      CHECK(journal[0].path == "/api/v1/lisoloo/sms-api/balance");
      CHECK(journal[0].status == 200);
      CHECK(core::find_header(journal[0].headers, "app-key") != nullptr);
      const auto used = control->keys_used();
      CHECK(used.at(keys.at("used").record.id));
      CHECK_FALSE(used.at(keys.at("idle").record.id));
      const auto shown = control->exported();
      CHECK(shown.find(keys.at("used").record.display) != std::string::npos);
      CHECK(shown.find(keys.at("used").value) == std::string::npos);
      CHECK(static_cast<bool>(control->redaction()) == (server == &local));
    }
  }

  TEST_CASE("a refused arrangement throws with the mock's reason, both ways") {
    MockServer local(testing::profile("lisoloo"), options());
    MockServer remote(testing::profile("lisoloo"), options());
    remote.start();
    runner::Given given;
    given.keys.push_back({"k", core::KeySpec{.env = "staging"}, false, ""});
    CHECK_THROWS_WITH(runner::arrange(*runner::local_mock(local.provider()), given, "test", false),
                      doctest::Contains("unknown env 'staging'"));
    CHECK_THROWS_WITH(runner::arrange(*runner::http_mock(remote.url("test")), given, "test", false),
                      doctest::Contains("unknown env 'staging'"));
  }
}
