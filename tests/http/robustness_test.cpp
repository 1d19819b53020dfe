// What no well-behaved HTTP client sends, over raw loopback TCP to an in-process lisoloo mock:
// every answer is bounded in time, in the provider's shape (or a closed connection), and the
// server keeps serving afterwards. Also keep-alive depth (connections_test.cpp: many at once).
#include <doctest/doctest.h>

#include <chrono>

#include "http/support_http.hpp"
#include "http/support_socket.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace {

using namespace std::chrono_literals;
using mockgate::testing::lower;
using mockgate::testing::RawConnection;
using mockgate::testing::RawResponse;
using nlohmann::json;

constexpr const char* kBalance = "/api/v1/lisoloo/sms-api/balance";
constexpr const char* kSend = "/api/v1/lisoloo/sms-api/send";
// Above the server's own read timeout (10 s): a bounded wait, never an endless one.
constexpr auto kAnswerTimeout = 12s;

/// "GET path" with a Host header, `headers` (each ending in CRLF), and the blank line.
std::string request(const std::string& method, const std::string& path,
                    const std::string& headers = {}, const std::string& body = {}) {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n" + body;
}

/// "STATUS {json}" of a raw response, as support_http's `expect` writes it.
std::string answer(const std::optional<RawResponse>& r) {
  if (!r) return "no answer";
  return mockgate::testing::answer(r->status, r->body);
}

/// An in-process lisoloo mock and an allowed live key.
struct Lisoloo {
  Lisoloo() : server(mockgate::server::find_profile("lisoloo")) {
    server.start();
    mockgate::core::KeySpec spec;
    spec.env = "live";
    key = server.create_key(spec).value;
    port = mockgate::testing::port_of(server.url("live"));
  }

  /// Sends `bytes` on a fresh connection and reads one response.
  std::optional<RawResponse> exchange(const std::string& bytes) {
    RawConnection c(port);
    c.send(bytes);
    return c.read_response(kAnswerTimeout);
  }

  /// Whether a well-formed request on a fresh connection still gets its 200.
  bool still_serves() {
    return answer(exchange(request("GET", kBalance, "app-key: " + key + "\r\n"))) ==
           mockgate::testing::expect(200, R"({"data":{"available_sms":250}})");
  }

  mockgate::MockServer server;
  std::string key;
  int port = 0;
};

/// After sending something malformed: "closed", "4xx in shape" (lisoloo's {"detail": text}),
/// or what came instead.
std::string outcome(RawConnection& c) {
  const auto r = c.read_response(kAnswerTimeout);
  if (!r) return c.is_closed() ? "closed" : "no answer within the timeout";
  const auto body = json::parse(r->body, nullptr, false);
  const bool shaped = body.is_object() && body.size() == 1 && body.contains("detail") &&
                      body.at("detail").is_string();
  if (r->status >= 400 && r->status < 500 && shaped) return "4xx in shape";
  return "unexpected: " + answer(r);
}

bool is_refused(const std::string& o) { return o == "closed" || o == "4xx in shape"; }

}  // namespace

TEST_SUITE("http: robustness over raw sockets") {
  TEST_CASE("an empty or blank app-key header gets the 'Empty app-key' 401, as sent") {
    Lisoloo mock;
    const std::string empty = mockgate::testing::expect(
        401, R"({"detail":"Empty app-key header. Please provide a valid app-key."})");
    CHECK(answer(mock.exchange(request("GET", kBalance, "app-key:\r\n"))) == empty);
    CHECK(answer(mock.exchange(request("GET", kBalance, "app-key:   \r\n"))) == empty);
    CHECK(answer(mock.exchange(request("GET", kBalance, "App-Key: \t \r\n"))) == empty);
    CHECK(mock.still_serves());
  }

  TEST_CASE("bytes that are not UTF-8 in a request leave the journal readable, marked U+FFFD") {
    Lisoloo mock;
    const std::string bad = "\xff\xfe";
    CHECK(answer(mock.exchange("POST /api/v1/lisoloo/sms-api/send HTTP/1.1\r\nHost: 127.0.0.1\r\napp-key: " + bad +
                               "\r\nContent-Length: 2\r\n\r\n" + bad)) ==
          mockgate::testing::expect(401, R"({"detail":"Unauthorized"})"));
    auto admin = mockgate::testing::client_for(mock.server.url("live"));
    const auto journal = admin.Get("/__mockgate/journal");
    REQUIRE(mockgate::testing::status_of(journal) == 200);
    const auto j = mockgate::testing::json_of(journal);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 1);
    CHECK(j[0].at("body") == "\xef\xbf\xbd\xef\xbf\xbd");
    CHECK(mock.still_serves());
  }

  TEST_CASE("a header value is taken as sent: %XX in a key is not decoded") {
    Lisoloo mock;
    // The key with one character written as its %XX escape is another, malformed, key.
    std::string escaped = mock.key;
    const auto c = static_cast<unsigned char>(escaped[12]);
    const char hex[] = "0123456789ABCDEF";
    escaped.replace(12, 1, std::string{'%', hex[c >> 4], hex[c & 0xF]});
    CHECK(answer(mock.exchange(request("GET", kBalance, "app-key: " + escaped + "\r\n"))) ==
          mockgate::testing::expect(401, R"({"detail":"Unauthorized"})"));
    CHECK(answer(mock.exchange(request("GET", kBalance, "app-key: " + mock.key + "\r\n"))) ==
          mockgate::testing::expect(200, R"({"data":{"available_sms":250}})"));
  }

  TEST_CASE("malformed requests get a 4xx in the provider's shape or a close, never a hang") {
    Lisoloo mock;
    // A client that connects and says nothing holds its connection meanwhile.
    RawConnection silent(mock.port);

    std::string garbage;
    std::uint32_t x = 2463534242u;
    for (int i = 0; i < 4096; ++i) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      garbage.push_back(static_cast<char>(x & 0xFF));
    }
    std::string many_headers;
    for (int i = 0; i < 1000; ++i) many_headers += "X-Header-" + std::to_string(i) + ": v\r\n";
    const std::string key_header = "app-key: " + mock.key + "\r\n";

    const std::pair<std::string, std::string> cases[] = {
        {"a request line without target and version", "GARBAGE\r\n\r\n"},
        {"a request line with an unknown version", "GET / HTTP/7.3\r\n\r\n"},
        {"a request line with spaces only", "   \r\n\r\n"},
        {"binary garbage", garbage + "\r\n\r\n"},
        {"a 20 KB header",
         request("GET", kBalance, "X-Big: " + std::string(20 * 1024, 'a') + "\r\n")},
        {"a 20 KB target",
         request("GET", std::string(kBalance) + "?q=" + std::string(20 * 1024, 'q'))},
        {"1000 headers", request("GET", kBalance, many_headers)},
        {"a Content-Length that is not a number",
         request("POST", kSend, key_header + "Content-Length: abc\r\n", "{}")},
        {"a negative Content-Length",
         request("POST", kSend, key_header + "Content-Length: -5\r\n")},
        {"a Content-Length beyond any payload limit",
         request("POST", kSend, key_header + "Content-Length: 99999999999999999999\r\n")},
        {"two different Content-Lengths",
         request("POST", kSend, key_header + "Content-Length: 2\r\nContent-Length: 7\r\n", "{}")},
        {"a bad chunked body", request("POST", kSend, key_header + "Transfer-Encoding: chunked\r\n",
                                       "zz\r\nabc\r\n0\r\n")},
    };
    for (const auto& [what, bytes] : cases) {
      CAPTURE(what);
      RawConnection c(mock.port);
      c.send(bytes);
      c.shutdown_write();
      CHECK(is_refused(outcome(c)));
      CHECK(mock.still_serves());
    }

    {  // a truncated body
      RawConnection c(mock.port);
      c.send(request("POST", kSend, key_header + "Content-Length: 100\r\n", R"({"to":"+39)"));
      c.shutdown_write();
      CHECK(is_refused(outcome(c)));
      CHECK(mock.still_serves());
    }

    // The silent client is let go by the keep-alive timeout (5 s), not kept forever.
    const auto closed = silent.read_until_close(kAnswerTimeout);
    REQUIRE(closed.has_value());
    CHECK(closed->empty());
    CHECK(mock.still_serves());
  }

  TEST_CASE("methods without a handler still get the provider's 405 with Allow") {
    Lisoloo mock;
    const std::string not_allowed =
        mockgate::testing::expect(405, R"({"detail":"Method Not Allowed"})");
    const std::string key_header = "app-key: " + mock.key + "\r\n";

    const auto trace = mock.exchange(request("TRACE", kBalance, key_header));
    CHECK(answer(trace) == not_allowed);
    if (trace) CHECK(trace->header("allow") == "GET");

    // `curl -X PUT URL`: no body and no Content-Length.
    const auto put = mock.exchange(request("PUT", kBalance, key_header));
    CHECK(answer(put) == not_allowed);
    if (put) CHECK(put->header("allow") == "GET");

    // A method nobody registered is still just a method (ALL-405, ALL-404).
    const auto brew = mock.exchange(request("BREW", kBalance, key_header));
    CHECK(answer(brew) == not_allowed);
    if (brew) CHECK(brew->header("allow") == "GET");
    CHECK(answer(mock.exchange(request("BREW", "/coffee", key_header))) ==
          mockgate::testing::expect(404, R"({"detail":"Not Found"})"));
    CHECK(mock.still_serves());
  }

  TEST_CASE("a POST without body and without key gets the missing-key 401: credentials first") {
    Lisoloo mock;
    const std::string missing = mockgate::testing::expect(
        401, R"({"detail":"Missing app-key header. Please provide a valid app-key."})");
    CHECK(answer(mock.exchange(request("POST", kSend))) == missing);
    CHECK(answer(mock.exchange(request("POST", kSend, "Content-Length: 0\r\n"))) == missing);
    CHECK(answer(mock.exchange(request("POST", kSend, "app-key: " + mock.key + "\r\n"))) ==
          mockgate::testing::expect(400, R"({"detail":"Invalid request body"})"));
  }

  TEST_CASE("Expect: 100-continue gets its interim answer before the body is sent") {
    // Answers are held until complete and sent in one piece; an interim one must still leave
    // before the server waits for the body, or the client waits out its own expect timeout.
    Lisoloo mock;
    RawConnection c(mock.port);
    const std::string body = R"({"to":"+393351234567","message":"Hello"})";
    c.send(request("POST", kSend,
                   "app-key: " + mock.key + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                   "Content-Length: " + std::to_string(body.size()) + "\r\n"));
    const auto interim = c.read_response(5s);
    REQUIRE(interim);
    CHECK(interim->status == 100);
    c.send(body);
    const auto r = c.read_response(kAnswerTimeout);
    REQUIRE(r);
    CHECK(r->status == 200);
  }

  TEST_CASE("one keep-alive connection carries 100 requests in a row") {
    Lisoloo mock;
    RawConnection c(mock.port);
    const std::string get = request("GET", kBalance, "app-key: " + mock.key + "\r\n");
    int answered = 0;
    for (int i = 0; i < 100; ++i) {
      if (!c.send(get)) break;
      const auto r = c.read_response(5s);
      if (!r || r->status != 200) break;
      if (lower(r->header("connection")) == "close") break;
      ++answered;
    }
    CHECK(answered == 100);
    CHECK_FALSE(c.is_closed());
    CHECK(mock.server.provider().journal().size() == 100);
  }

  TEST_CASE("answers the HTTP layer makes keep the provider's shape, status included") {
    // qlara's shape is {"code": <status>, "message": …}: the code must be the status sent.
    mockgate::MockServer server(mockgate::server::find_profile("qlara"));
    server.start();
    const int port = mockgate::testing::port_of(server.url());
    const std::string send = "/api/message-server/sms/send";
    const std::string requests[] = {
        request("GET", send + "?q=" + std::string(20 * 1024, 'q')),              // target too long
        request("POST", send, "Content-Length: 99999999999999999999\r\n"),       // body too large
        request("GET", send, "X-Big: " + std::string(20 * 1024, 'a') + "\r\n"),  // header too long
    };
    for (const auto& bytes : requests) {
      RawConnection c(port);
      c.send(bytes);
      c.shutdown_write();  // else an oversized Content-Length is waited for (read timeout)
      const auto r = c.read_response(kAnswerTimeout);
      REQUIRE(r);
      CAPTURE(r->status);
      const auto body = json::parse(r->body, nullptr, false);
      CHECK(r->status >= 400);
      CHECK(r->status < 500);
      CHECK((body.is_object() && body.contains("code") && body.contains("message")));
      CHECK(body.value("code", 0) == r->status);
    }
  }

}  // TEST_SUITE
