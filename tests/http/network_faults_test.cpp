// Network faults over loopback, byte for byte (NET-* in the catalogue): a reset before any
// answer, a reset after the status line, a truncated body, a dribbled body, a malformed chunked
// body, a stalled handshake — each as a raw socket sees it, and the journal's account of it.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>

#include "http/support_http.hpp"
#include "http/support_socket.hpp"
#include "mockgate/server/mock_server.hpp"

namespace {

using namespace std::chrono_literals;
using mockgate::testing::json_of;
using mockgate::testing::RawConnection;
using nlohmann::json;

constexpr const char* kBalance = "/api/v1/lisoloo/sms-api/balance";
const std::string kBalanceBody = R"({"data":{"available_sms":250}})";

/// An in-process Lisoloo mock (plain HTTP unless `tls`) and an allowed production key.
struct Mock {
  explicit Mock(bool tls = false) {
    mockgate::ServerOptions options;
    options.tls = tls;
    server = mockgate::MockServer::for_providers({"lisoloo"}, options);
    server->start();
    for (const auto& l : server->listeners()) {
      if (l.env == "live") {
        url = l.url;
        admin_url = tls ? l.plain_url : l.url;
      }
    }
    mockgate::core::KeySpec spec;
    spec.env = "live";
    key = server->create_key(spec).value;
  }

  /// Queues `responses` at `stage`; the admin API's status.
  int queue(const json& responses, const std::string& stage = "before_auth") {
    auto c = mockgate::testing::client_for(admin_url);
    const auto r = c.Post("/__mockgate/faults", json{{"stage", stage}, {"responses", responses}}.dump(),
                          "application/json");
    last_refusal = r && r->status >= 400 ? json_of(r).value("error", "") : "";
    return r ? r->status : 0;
  }

  int port() const { return std::stoi(url.substr(url.rfind(':') + 1)); }
  std::string request() const {
    return std::string("GET ") + kBalance + " HTTP/1.1\r\nHost: x\r\napp-key: " + key + "\r\n\r\n";
  }
  json last_event() const { return json(*server->provider().last_event()); }

  std::unique_ptr<mockgate::MockServer> server;
  std::string url;
  std::string admin_url;
  std::string key;
  std::string last_refusal;
};

/// One request on a new raw connection; what arrived until the server closed (nullopt: open).
std::optional<std::string> exchange(Mock& m, RawConnection& c, std::chrono::milliseconds timeout = 5s) {
  REQUIRE(c.send(m.request()));
  return c.read_until_close(timeout);
}

}  // namespace

TEST_SUITE("http: network faults") {
  TEST_CASE("reset: a TCP reset instead of any answer, journalled as no answer") {
    Mock m;
    REQUIRE(m.queue({{{"network", "reset"}}}) == 201);
    RawConnection c(m.port());
    const auto got = exchange(m, c);
    REQUIRE(got.has_value());
    CHECK(*got == "");
    CHECK(c.was_reset());
    const auto e = m.last_event();
    CHECK(e.at("status").is_null());
    CHECK(e.at("network") == "reset");
    CHECK(e.at("flags") == json{"fault", "dropped"});
    // one fault, one request: the next connection is served
    RawConnection next(m.port());
    REQUIRE(next.send(m.request()));
    const auto answer = next.read_response(5s);
    REQUIRE(answer.has_value());
    CHECK(answer->body == kBalanceBody);
  }

  TEST_CASE("reset_after_status: the status line alone, then a reset") {
    Mock m;
    REQUIRE(m.queue({{{"network", "reset_after_status"}}}) == 201);
    RawConnection c(m.port());
    const auto got = exchange(m, c);
    REQUIRE(got.has_value());
    CHECK(*got == "HTTP/1.1 200 OK\r\n");
    CHECK(c.was_reset());
    CHECK(m.last_event().at("status") == 200);
    CHECK(m.last_event().at("network") == "reset_after_status");
  }

  TEST_CASE("truncated_body: the whole head and its Content-Length, half the body, then an orderly close") {
    Mock m;
    REQUIRE(m.queue({{{"network", "truncated_body"}}}) == 201);
    RawConnection c(m.port());
    const auto got = exchange(m, c);
    REQUIRE(got.has_value());
    const auto head_end = got->find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    CHECK(got->find("Content-Length: " + std::to_string(kBalanceBody.size()) + "\r\n") != std::string::npos);
    CHECK(got->substr(head_end + 4) == kBalanceBody.substr(0, kBalanceBody.size() / 2));
    CHECK_FALSE(c.was_reset());
  }

  TEST_CASE("dribble_body: the whole answer, its body in pieces over the duration, and the connection serves on") {
    Mock m;
    REQUIRE(m.queue({{{"network", "dribble_body"}, {"duration_ms", 600}}}) == 201);
    RawConnection c(m.port());
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(c.send(m.request()));
    const auto dribbled = c.read_response(10s);
    REQUIRE(dribbled.has_value());
    CHECK(dribbled->body == kBalanceBody);
    CHECK(std::chrono::steady_clock::now() - started >= 300ms);  // a generous lower bound
    REQUIRE(c.send(m.request()));
    const auto next = c.read_response(5s);
    REQUIRE(next.has_value());
    CHECK(next->body == kBalanceBody);
    CHECK(m.last_event().count("network") == 0);
  }

  TEST_CASE("bad_chunked: chunked framing with a chunk size that is not hexadecimal, then close") {
    Mock m;
    REQUIRE(m.queue({{{"network", "bad_chunked"}, {"status", 500}}}) == 201);
    RawConnection c(m.port());
    const auto got = exchange(m, c);
    REQUIRE(got.has_value());
    CHECK(got->rfind("HTTP/1.1 500 Internal Server Error\r\n", 0) == 0);
    CHECK(got->find("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n") != std::string::npos);
    CHECK(got->find("Content-Length") == std::string::npos);
    CHECK(m.last_event().at("status") == 500);
  }

  TEST_CASE("stall_tls: a connection accepted and never answered for the duration, then closed") {
    Mock m;
    REQUIRE(m.queue({{{"network", "stall_tls"}, {"duration_ms", 800}}}, "connection") == 201);
    RawConnection stalled(m.port());
    REQUIRE(stalled.send(m.request()));
    CHECK_FALSE(stalled.read_until_close(300ms).has_value());  // still open, nothing said
    const auto rest = stalled.read_until_close(5s);
    REQUIRE(rest.has_value());
    CHECK(*rest == "");
    CHECK(m.server->provider().journal_size() == 0);  // no request was read
    RawConnection next(m.port());
    REQUIRE(next.send(m.request()));
    CHECK(next.read_response(5s).has_value());
  }

  TEST_CASE("over TLS: a stalled handshake times a client out, a reset and a cut body are errors") {
    Mock m(true);
    auto client = [&] {
      httplib::Client c(m.url);
      c.set_ca_cert_path(m.server->ca_file());
      c.enable_server_certificate_verification(true);
      c.set_connection_timeout(1s);
      c.set_read_timeout(1s);
      return c;
    };
    REQUIRE(m.queue({{{"network", "stall_tls"}, {"duration_ms", 3000}}}, "connection") == 201);
    CHECK_FALSE(client().Get(kBalance, {{"app-key", m.key}}));
    for (const auto* fault : {"reset", "reset_after_status", "truncated_body", "bad_chunked"}) {
      CAPTURE(fault);
      REQUIRE(m.queue({{{"network", fault}}}) == 201);
      CHECK_FALSE(client().Get(kBalance, {{"app-key", m.key}}));
    }
    const auto ok = client().Get(kBalance, {{"app-key", m.key}});
    REQUIRE(ok);
    CHECK(ok->body == kBalanceBody);
  }

  TEST_CASE("nonsense network faults are refused with 400 saying why") {
    Mock m;
    CHECK(m.queue({{{"network", "rst"}}}) == 400);
    CHECK(m.last_refusal.find("unknown network fault 'rst'") == 0);
    CHECK(m.last_refusal.find("(known: reset, reset_after_status, truncated_body, dribble_body, bad_chunked, stall_tls)") !=
          std::string::npos);
    CHECK(m.queue({{{"network", "reset"}, {"drop", true}}}) == 400);
    CHECK(m.queue({{{"network", "reset"}, {"duration_ms", 100}}}) == 400);
    CHECK(m.last_refusal == "duration_ms is for network dribble_body or stall_tls");
    CHECK(m.queue({{{"network", "stall_tls"}}}) == 400);
    CHECK(m.last_refusal == "stall_tls happens before any request is read: queue it at stage connection");
    CHECK(m.queue({{{"status", 500}}}, "connection") == 400);
    CHECK(m.queue({{{"network", "stall_tls"}}}, "connecton") == 400);
    CHECK(m.last_refusal.find("(did you mean 'connection'?)") != std::string::npos);
    auto c = mockgate::testing::client_for(m.admin_url);
    CHECK(json_of(c.Get("/__mockgate/faults")) == json{{"before_auth", json::array()},
                                                       {"after_auth", json::array()},
                                                       {"connection", json::array()}});
  }
}
