// Many keep-alive connections at once, over raw loopback TCP: each gets its answers while all of
// them stay open (httplib holds a worker per keep-alive connection, so a fixed pool smaller than
// the connections open would leave the rest unanswered, and a load tool would not notice), and
// the server counts what it saw: connections accepted, waiting for a worker, left unanswered.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
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

constexpr const char* kBalance = "/api/v1/lisoloo/sms-api/balance";

std::string get(const std::string& path, const std::string& headers = {}) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

/// Counters a worker updates just after an answer is on the wire (or a close is seen) can lag
/// behind what the client saw: wait, bounded, until `settled` holds, and return the last stats.
mockgate::ConnectionStats settled(const mockgate::MockServer& server, int port,
                                  const std::function<bool(const mockgate::ConnectionStats&)>& settled) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  auto stats = server.connection_stats(port);
  while (!settled(stats) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
    stats = server.connection_stats(port);
  }
  return stats;
}

struct Lisoloo {
  explicit Lisoloo(mockgate::ServerOptions options = {})
      : server(mockgate::server::find_profile("lisoloo"), std::move(options)) {
    server.start();
    mockgate::core::KeySpec spec;
    spec.env = "live";
    spec.tier = "enterprise";  // no rate limit in the way of many requests
    key = server.create_key(spec).value;
    port = mockgate::testing::port_of(server.url("live"));
  }

  /// Opens `n` connections, all kept open.
  std::vector<std::unique_ptr<RawConnection>> open(int n) const {
    std::vector<std::unique_ptr<RawConnection>> connections;
    for (int i = 0; i < n; ++i) connections.push_back(std::make_unique<RawConnection>(port));
    return connections;
  }

  /// Sends one request on each connection, then reads the answers; how many were 200, every
  /// wait bounded by one shared deadline.
  int round(std::vector<std::unique_ptr<RawConnection>>& connections) const {
    const std::string request = get(kBalance, "app-key: " + key + "\r\n");
    for (auto& c : connections) c->send(request);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    int answered = 0;
    for (auto& c : connections) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      const auto r = c->read_response(std::max(left, 1ms));
      if (r && r->status == 200) ++answered;
    }
    return answered;
  }

  mockgate::MockServer server;
  std::string key;
  int port = 0;
};

TEST_SUITE("http.connections") {
  TEST_CASE("256 keep-alive connections open at once each get every answer") {
    Lisoloo mock;
    constexpr int kConnections = 256;
    auto connections = mock.open(kConnections);
    for (int round = 0; round < 3; ++round) {
      CAPTURE(round);
      CHECK(mock.round(connections) == kConnections);
    }
    const auto stats = settled(mock.server, mock.port, [](const auto& s) { return s.answers >= 3 * kConnections; });
    CHECK(stats.accepted == kConnections);
    CHECK(stats.open == kConnections);
    CHECK(stats.waiting == 0);
    CHECK(stats.answers == 3 * kConnections);
    CHECK(stats.workers >= kConnections);
    connections.clear();
    // Every one of them got its three answers, the least-served included.
    const auto closed = settled(mock.server, mock.port, [](const auto& s) { return s.open == 0; });
    CHECK(closed.fewest_answers == 3);
    CHECK(closed.closed_unanswered == 0);
  }

  TEST_CASE("beyond max_connections a connection waits for a worker, then is served") {
    mockgate::ServerOptions options;
    options.max_connections = 4;
    Lisoloo mock(options);
    // Every worker holds a connection whose head is on its way (younger than the 1 s grace in
    // which a sender is not taken for a slow one): a fifth connection has to wait.
    auto connections = mock.open(4);
    for (auto& c : connections) c->send("GET " + std::string(kBalance) + " HTTP/1.1\r\n");
    std::this_thread::sleep_for(50ms);

    RawConnection fifth(mock.port);
    fifth.send(get(kBalance, "app-key: " + mock.key + "\r\n"));
    CHECK_FALSE(fifth.read_response(300ms));
    auto stats = mock.server.connection_stats(mock.port);
    CHECK(stats.waiting == 1);
    CHECK(stats.workers == 4);

    connections.pop_back();  // a worker is free again: the fifth connection gets it
    const auto r = fifth.read_response(10s);
    REQUIRE(r);
    CHECK(r->status == 200);
    stats = mock.server.connection_stats(mock.port);
    CHECK(stats.waiting == 0);
    CHECK(stats.longest_wait >= 250ms);  // it waited at least the 300 ms above, less accept latency
  }

  TEST_CASE("a waiting request takes the worker of the slowest sender once it is past its grace") {
    mockgate::ServerOptions options;
    options.max_connections = 4;
    Lisoloo mock(options);
    auto slow = mock.open(4);
    for (auto& c : slow) c->send("GET " + std::string(kBalance) + " HTTP/1.1\r\nX-Drip: ");
    std::this_thread::sleep_for(50ms);
    RawConnection fifth(mock.port);
    const auto start = std::chrono::steady_clock::now();
    fifth.send(get(kBalance, "app-key: " + mock.key + "\r\n"));
    const auto r = fifth.read_response(5s);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(std::chrono::steady_clock::now() - start < 3s);  // the 1 s grace and a sweep, not a read timeout
    int cut = 0;  // the one that gave its worker up was told why
    for (auto& c : slow) {
      if (const auto answer = c->read_response(10ms); answer && answer->status == 408) ++cut;
    }
    CHECK(cut >= 1);
  }

  TEST_CASE("a connection closed before any request counts as unanswered, not as served") {
    Lisoloo mock;
    { RawConnection silent(mock.port); }
    RawConnection c(mock.port);
    c.send(get(kBalance, "app-key: " + mock.key + "\r\n"));
    REQUIRE(c.read_response(10s));
    const auto stats =
        settled(mock.server, mock.port, [](const auto& s) { return s.closed_unanswered == 1 && s.answers == 1; });
    CHECK(stats.accepted == 2);
    CHECK(stats.closed_unanswered == 1);
    CHECK(stats.answers == 1);
  }

  TEST_CASE("GET /__mockgate/stats reports the listener's connections") {
    Lisoloo mock;
    RawConnection c(mock.port);
    c.send(get(kBalance, "app-key: " + mock.key + "\r\n"));
    REQUIRE(c.read_response(10s));
    c.send(get("/__mockgate/stats"));
    const auto r = c.read_response(10s);
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto body = json::parse(r->body, nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body["env"] == "live");
    const auto& connections = body["connections"];
    CHECK(connections["accepted"] == 1);
    CHECK(connections["open"] == 1);
    CHECK(connections["waiting"] == 0);
    CHECK(connections["answers"] == 1);  // this answer is written after the count is taken
    CHECK(connections["closed_unanswered"] == 0);
    CHECK(connections["fewest_answers"] == 0);  // none closed yet
    CHECK(connections["longest_wait_ms"].is_number());
    CHECK(connections["workers"].get<int>() >= 1);
    CHECK(connections["max_connections"] == 1024);
    CHECK(body["journal"]["size"] == 1);  // admin calls are not journalled
    CHECK(body["journal"]["dropped"] == 0);
  }
}

}  // namespace
