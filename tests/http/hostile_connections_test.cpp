// Clients that are slow, silent or oversized on purpose, over real loopback sockets: each gets its
// documented answer within a bound, and legitimate clients (and the admin API) are answered
// while they hold connections. Short limits keep every case within a few seconds.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "http/support_http.hpp"
#include "http/support_socket.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace {

using namespace std::chrono_literals;
using mockgate::testing::RawConnection;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kBalance = "/api/v1/lisoloo/sms-api/balance";

struct Served {
  explicit Served(mockgate::ServerOptions options, const char* provider = "lisoloo")
      : server(mockgate::server::find_profile(provider), std::move(options)) {
    server.start();
    port = mockgate::testing::port_of(server.url());
  }
  mockgate::MockServer server;
  int port = 0;
};

mockgate::ServerOptions with_limits(const mockgate::server::ConnectionLimits& limits, std::size_t max_connections = 1024) {
  mockgate::ServerOptions o;
  o.limits = limits;
  o.max_connections = max_connections;
  return o;
}

std::string get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; }

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

}  // namespace

TEST_SUITE("http.hostile") {
  TEST_CASE("a head dripped a byte at a time gets 408 at the head deadline, not at the drip's end") {
    mockgate::server::ConnectionLimits limits;
    limits.head_timeout = 600ms;
    Served s(with_limits(limits));
    RawConnection c(s.port);
    const auto start = Clock::now();
    const std::string head = get(kBalance);
    // Each byte comes well within the 10 s read timeout: only a deadline for the whole head ends it.
    std::optional<mockgate::testing::RawResponse> answer;
    for (std::size_t i = 0; i < head.size() - 2 && !answer; ++i) {
      if (!c.send(head.substr(i, 1))) break;
      answer = c.read_response(100ms);
    }
    if (!answer) answer = c.read_response(3s);
    REQUIRE(answer);
    CHECK(answer->status == 408);
    CHECK(answer->header("connection") == "close");
    CHECK(since(start) < 3s);
    const auto body = json::parse(answer->body, nullptr, false);
    CHECK(body.is_object());  // the provider's error shape
  }

  TEST_CASE("a body that arrives too slowly gets 408 at the body deadline") {
    mockgate::server::ConnectionLimits limits;
    limits.body_timeout = 500ms;
    Served s(with_limits(limits));
    RawConnection c(s.port);
    const auto start = Clock::now();
    c.send("POST /api/v1/lisoloo/sms-api/send HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{");
    const auto r = c.read_response(4s);
    REQUIRE(r);
    CHECK(r->status == 408);
    CHECK(since(start) < 3s);
  }

  TEST_CASE("a TLS handshake that never completes is closed at its deadline") {
    mockgate::server::ConnectionLimits limits;
    limits.tls_handshake_timeout = 500ms;
    auto options = with_limits(limits);
    options.tls = true;
    Served s(options);
    RawConnection c(s.port);
    const auto start = Clock::now();
    c.send(std::string("\x16\x03\x01\x02\x00\x01", 6));  // a ClientHello's first bytes, then nothing
    const auto rest = c.read_until_close(5s);
    CHECK(rest.has_value());
    CHECK(since(start) < 3s);
  }

  TEST_CASE("while every worker is held by a slow client, a legitimate request and the admin API are answered") {
    mockgate::server::ConnectionLimits limits;  // default deadlines: eviction, not a deadline, frees them
    Served s(with_limits(limits, 8));
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 40; ++i) {  // five times the workers, each mid-head
      slow.push_back(std::make_unique<RawConnection>(s.port));
      slow.back()->send("GET /api/v1/lisoloo/sms-api/balance HTTP/1.1\r\nX-Slow: ");
    }
    std::this_thread::sleep_for(200ms);
    const auto start = Clock::now();
    RawConnection admin(s.port);
    admin.send(get("/__mockgate/health"));
    const auto r = admin.read_response(8s);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(since(start) < 6s);
    RawConnection client(s.port);
    client.send(get(kBalance));
    const auto refused = client.read_response(8s);
    REQUIRE(refused);
    CHECK(refused->status == 401);  // no key: the provider's answer, not a starved connection
  }

  TEST_CASE("an idle keep-alive connection gives its worker up to a waiting one") {
    Served s(with_limits({}, 2));
    RawConnection a(s.port);
    RawConnection b(s.port);
    for (auto* c : {&a, &b}) {
      c->send(get(kBalance));
      REQUIRE(c->read_response(5s));
    }
    // Both workers now wait on idle keep-alive connections (5 s keep-alive): a third is served
    // at the next sweep, not when keep-alive runs out.
    const auto start = Clock::now();
    RawConnection third(s.port);
    third.send(get(kBalance));
    REQUIRE(third.read_response(4s));
    CHECK(since(start) < 2s);
  }

  TEST_CASE("refusals on admin paths use the admin API's shape, on provider paths the provider's") {
    Served s(with_limits({}), "qlara");
    const auto refuse = [&](const std::string& path) {
      RawConnection c(s.port);
      c.send("GET " + path + " HTTP/1.1\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
      const auto r = c.read_response(5s);
      REQUIRE(r);
      CHECK(r->status == 431);
      return json::parse(r->body, nullptr, false);
    };
    const auto admin = refuse("/__mockgate/journal");
    CHECK(admin.is_object());
    CHECK(admin.contains("error"));
    CHECK(!admin.contains("code"));
    const auto provider = refuse("/api/message-server/sms/send");
    CHECK(provider.value("code", 0) == 431);
  }

  TEST_CASE("a declared body over the limit is refused at once, before it is sent") {
    mockgate::server::ConnectionLimits limits;
    limits.max_body = 1000;
    Served s(with_limits(limits));
    RawConnection c(s.port);
    const auto start = Clock::now();
    c.send("POST /__mockgate/keys HTTP/1.1\r\nContent-Length: 1001\r\n\r\n");
    const auto r = c.read_response(5s);
    REQUIRE(r);
    CHECK(r->status == 413);
    CHECK(json::parse(r->body, nullptr, false).contains("error"));
    CHECK(since(start) < 1s);
  }

  TEST_CASE("worker threads started for a burst end once unused") {
    mockgate::server::ConnectionLimits limits;
    limits.worker_idle_timeout = 200ms;
    Served s(with_limits(limits));
    {
      std::vector<std::unique_ptr<RawConnection>> burst;
      for (int i = 0; i < 12; ++i) burst.push_back(std::make_unique<RawConnection>(s.port));
      for (auto& c : burst) c->send(get(kBalance));
      for (auto& c : burst) REQUIRE(c->read_response(5s));
      CHECK(s.server.connection_stats(s.port).workers >= 12);
    }
    const auto deadline = Clock::now() + 5s;
    while (s.server.connection_stats(s.port).workers > 2 && Clock::now() < deadline) std::this_thread::sleep_for(20ms);
    CHECK(s.server.connection_stats(s.port).workers <= 2);
    // and the pool still serves
    RawConnection after(s.port);
    after.send(get(kBalance));
    CHECK(after.read_response(5s));
  }
}

TEST_SUITE("http.hostile") {
  TEST_CASE("a header line of megabytes is refused after the head limit, not buffered whole") {
    Served s(with_limits({}));
    RawConnection c(s.port);
    c.send("GET /api/v1/lisoloo/sms-api/balance HTTP/1.1\r\nX-Huge: ");
    // The server stops reading at 64 KiB and answers; sending the rest then fails or is dropped.
    const std::string megabyte(1024 * 1024, 'a');
    std::size_t sent = 0;
    std::thread sender([&] {  // sends while the answer is read, as a real client's kernel would
      for (int i = 0; i < 64 && c.send(megabyte); ++i) sent += megabyte.size();
    });
    const auto r = c.read_response(5s);
    sender.join();
    REQUIRE(r);
    CHECK(r->status == 431);
    CHECK(sent < 64 * megabyte.size());  // the server closed long before 64 MB went out
    RawConnection after(s.port);  // and still serves
    after.send(get(kBalance));
    CHECK(after.read_response(5s));
  }
}
