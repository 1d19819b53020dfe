// The watchdog's decisions on real socket pairs: what it cuts, in which order, and that a cut
// ends a blocked read at once. No server: the registry is driven with chosen times.
#include "http/connection_registry.hpp"

#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace {

using namespace std::chrono_literals;
using mockgate::server::ConnectionLimits;
using mockgate::server::ConnectionPhase;
using mockgate::server::ConnectionRegistry;

/// A connected pair: `server` is what the registry watches, `client` the peer.
struct Pair {
  Pair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0); }
  ~Pair() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int server() const { return fds[0]; }
  int client() const { return fds[1]; }
  /// The server side reads end-of-stream now (its receiving side was shut down).
  bool server_reads_eof() const {
    pollfd p{server(), POLLIN, 0};
    char byte = 0;
    return ::poll(&p, 1, 100) == 1 && ::recv(server(), &byte, 1, MSG_DONTWAIT) == 0;
  }
  int fds[2] = {-1, -1};
};

const auto t0 = ConnectionRegistry::Clock::now();

}  // namespace

TEST_SUITE("http.connection_registry") {
  TEST_CASE("a head, a body or a handshake past its deadline is cut, busy and idle ones are not") {
    ConnectionLimits limits;
    limits.head_timeout = 1s;
    limits.body_timeout = 2s;
    limits.tls_handshake_timeout = 1s;
    ConnectionRegistry registry;
    Pair head, body, handshake, busy, idle;
    auto& h = registry.add(head.server());
    auto& b = registry.add(body.server());
    auto& t = registry.add(handshake.server());
    auto& u = registry.add(busy.server());
    auto& i = registry.add(idle.server());
    h.enter(ConnectionPhase::Head, t0);
    b.enter(ConnectionPhase::Body, t0);
    t.enter(ConnectionPhase::Handshake, t0);
    u.enter(ConnectionPhase::Busy, t0);
    i.enter(ConnectionPhase::Idle, t0);

    auto swept = registry.sweep(t0 + 1500ms, limits, 0);
    CHECK(swept.overdue == 2);  // the head and the handshake; the body has 2 s
    CHECK(h.cut());
    CHECK(t.cut());
    CHECK_FALSE(b.cut());
    CHECK(head.server_reads_eof());
    swept = registry.sweep(t0 + 2500ms, limits, 0);
    CHECK(swept.overdue == 1);
    CHECK(b.cut());
    swept = registry.sweep(t0 + 1h, limits, 0);
    CHECK(swept.overdue == 0);  // cut once; busy and idle have no deadline here
    CHECK_FALSE(u.cut());
    CHECK_FALSE(i.cut());
    for (auto* e : {&h, &b, &t, &u, &i}) registry.remove(*e);
    CHECK(registry.size() == 0);
  }

  TEST_CASE("a cut head can still be answered: only its receiving side is shut") {
    ConnectionRegistry registry;
    Pair head;
    auto& h = registry.add(head.server());
    h.enter(ConnectionPhase::Head, t0);
    registry.sweep(t0 + 1h, {}, 0);
    REQUIRE(h.cut());
    CHECK(::send(head.server(), "x", 1, MSG_NOSIGNAL) == 1);
    char byte = 0;
    CHECK(::recv(head.client(), &byte, 1, 0) == 1);
    registry.remove(h);
  }

  TEST_CASE("for waiting connections, idle ones go first, then the slow ones past the grace, oldest first") {
    ConnectionRegistry registry;
    Pair idle, old_head, young_head, fresh_head, busy;
    auto& i = registry.add(idle.server());
    auto& o = registry.add(old_head.server());
    auto& y = registry.add(young_head.server());
    auto& f = registry.add(fresh_head.server());
    auto& u = registry.add(busy.server());
    const auto now = t0 + 10s;
    i.enter(ConnectionPhase::Idle, now - 10ms);
    o.enter(ConnectionPhase::Head, now - 5s);
    y.enter(ConnectionPhase::Head, now - 3s);
    f.enter(ConnectionPhase::Head, now - 100ms);  // within the grace: a sender, not a slow one
    u.enter(ConnectionPhase::Busy, now - 9s);

    auto swept = registry.sweep(now, {}, 2);
    CHECK(swept.evicted == 2);
    CHECK(i.cut());
    CHECK(o.cut());
    CHECK_FALSE(y.cut());
    swept = registry.sweep(now, {}, 5);
    CHECK(swept.evicted == 1);  // only the young head is left to give
    CHECK(y.cut());
    CHECK_FALSE(f.cut());
    CHECK_FALSE(u.cut());
    for (auto* e : {&i, &o, &y, &f, &u}) registry.remove(*e);
  }
}
