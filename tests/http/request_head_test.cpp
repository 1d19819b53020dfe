// The HTTP layer's own parsing and writing, without sockets: request heads as sent, chunked
// bodies fed in pieces, answers framed.
#include <doctest/doctest.h>

#include <string>

#include "http/chunked_body.hpp"
#include "http/request_head.hpp"
#include "http/response_writer.hpp"

namespace {

using mockgate::server::ChunkedBody;
using mockgate::server::HeadError;
using mockgate::server::HeadLimits;
using mockgate::server::RequestHead;

RequestHead parsed(std::string_view text) {
  auto result = mockgate::server::parse_request_head(text);
  if (const auto* error = std::get_if<HeadError>(&result)) FAIL("refused: " << error->reason);
  return std::get<RequestHead>(result);
}

int refusal(std::string_view text, const HeadLimits& limits = {}) {
  const auto result = mockgate::server::parse_request_head(text, limits);
  const auto* error = std::get_if<HeadError>(&result);
  return error == nullptr ? 0 : error->status;
}

}  // namespace

TEST_SUITE("http: request heads, chunked bodies and answers, without sockets") {
  TEST_CASE("a head keeps every header as sent, empty values included, in order") {
    const auto head = parsed(
        "GET /balance?x=%41 HTTP/1.1\r\nHost: a\r\napp-key:\r\nX-Two:  spaced value \t\r\n\r\n");
    CHECK(head.method == "GET");
    CHECK(head.target == "/balance?x=%41");
    REQUIRE(head.headers.size() == 3);
    CHECK(head.headers[1].name == "app-key");
    CHECK(head.headers[1].value.empty());
    CHECK(head.headers[2].value == "spaced value");
    CHECK(head.keep_alive);
    CHECK_FALSE(head.content_length.has_value());
  }

  TEST_CASE("keep-alive follows the version and the Connection header") {
    CHECK_FALSE(parsed("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
    CHECK_FALSE(parsed("GET / HTTP/1.0\r\n\r\n").keep_alive);
    CHECK(parsed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive);
    CHECK_FALSE(parsed("GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n").keep_alive);
  }

  TEST_CASE("bare LF line ends and leading empty lines are accepted") {
    const auto head = parsed("\r\n\nPOST /send HTTP/1.1\nContent-Length: 2\n\n");
    CHECK(head.method == "POST");
    CHECK(head.content_length == 2u);
    CHECK(mockgate::server::find_head_end("\r\nGET / HTTP/1.1\r\n\r\nrest") == 20u);
    CHECK(mockgate::server::find_head_end("GET / HTTP/1.1\r\nHost: a\r\n") == std::string::npos);
    // Resuming a search finds an end that straddles the pieces.
    CHECK(mockgate::server::find_head_end("GET / HTTP/1.1\r\n\r\n", 16) == 18u);
  }

  TEST_CASE("an absolute-form target is reduced to its path") {
    CHECK(parsed("GET http://127.0.0.1:8080/balance?a=1 HTTP/1.1\r\n\r\n").target == "/balance?a=1");
    CHECK(parsed("GET https://host HTTP/1.1\r\n\r\n").target == "/");
  }

  TEST_CASE("Expect: 100-continue is seen on HTTP/1.1 only") {
    CHECK(parsed("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").expects_continue);
    CHECK_FALSE(parsed("POST / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").expects_continue);
  }

  TEST_CASE("framing: one length, said once or repeated, chunked wins and ends the connection") {
    CHECK(parsed("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n").content_length == 5u);
    CHECK(parsed("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n").content_length == 5u);
    const auto both = parsed("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
    CHECK(both.chunked);
    CHECK_FALSE(both.content_length.has_value());
    CHECK_FALSE(both.keep_alive);
  }

  TEST_CASE("malformed heads are refused with the status that says why") {
    CHECK(refusal("GARBAGE\r\n\r\n") == 400);
    CHECK(refusal("GET / HTTP/7.3\r\n\r\n") == 400);
    CHECK(refusal("GET  / HTTP/1.1\r\n\r\n") == 400);
    CHECK(refusal("G(T / HTTP/1.1\r\n\r\n") == 400);
    CHECK(refusal("GET nopath HTTP/1.1\r\n\r\n") == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nno colon\r\n\r\n") == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nBad Name: v\r\n\r\n") == 400);
    CHECK(refusal("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: +2\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 2 2\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 2, 3\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 7\r\n\r\n") == 400);
    CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n") == 413);
    CHECK(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") == 501);
  }

  TEST_CASE("limits: request line 414, header line, count and head size 431") {
    HeadLimits small;
    small.request_line = 32;
    small.header_line = 16;
    small.header_count = 2;
    small.head = 128;
    CHECK(refusal("GET /" + std::string(40, 'a') + " HTTP/1.1\r\n\r\n", small) == 414);
    CHECK(refusal("GET / HTTP/1.1\r\nX: " + std::string(20, 'a') + "\r\n\r\n", small) == 431);
    CHECK(refusal("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", small) == 431);
    CHECK(refusal("GET / HTTP/1.1\r\n" + std::string(200, '\n'), small) == 431);
    CHECK(refusal("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", small) == 0);
  }

  TEST_CASE("a chunked body decodes fed byte by byte, and leaves the next request alone") {
    const std::string wire = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\nGET /next";
    ChunkedBody body(1024);
    std::string_view rest;
    for (std::size_t i = 0; i < wire.size() && body.state() == ChunkedBody::State::NeedMore; ++i) {
      std::string_view one = std::string_view(wire).substr(i, 1);
      body.feed(one);
      if (body.state() == ChunkedBody::State::Done) rest = std::string_view(wire).substr(i + 1);
    }
    REQUIRE(body.state() == ChunkedBody::State::Done);
    CHECK(body.body() == "Wikipedia in\r\n\r\nchunks.");
    CHECK(rest == "GET /next");
  }

  TEST_CASE("a chunked body that is malformed or too large is refused") {
    for (const std::string wire : {"zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcX\r\n0\r\n\r\n", "\r\n"}) {
      CAPTURE(wire);
      ChunkedBody body(1024);
      std::string_view in = wire;
      CHECK(body.feed(in) == ChunkedBody::State::Malformed);
    }
    ChunkedBody body(8);
    std::string_view in = "5\r\nabcde\r\n5\r\nfghij\r\n0\r\n\r\n";
    CHECK(body.feed(in) == ChunkedBody::State::TooLarge);
    ChunkedBody huge(1024);
    std::string_view big = "ffffffffffffffffff\r\n";
    CHECK(huge.feed(big) == ChunkedBody::State::Malformed);
  }

  TEST_CASE("an answer is framed: length, type, close, none for 204, HEAD keeps the length only") {
    mockgate::core::Response r;
    r.status = 401;
    r.body = R"({"detail":"Unauthorized"})";
    r.headers.push_back({"Retry-After", "1"});
    r.headers.push_back({"Content-Length", "999"});  // ours to write, never repeated
    std::string out;
    CHECK(mockgate::server::write_response(r, {.close = true}, out) == 25);  // the body's bytes
    CHECK(out ==
          "HTTP/1.1 401 Unauthorized\r\nRetry-After: 1\r\nContent-Type: application/json\r\n"
          "Content-Length: 25\r\nConnection: close\r\n\r\n{\"detail\":\"Unauthorized\"}");
    out.clear();
    CHECK(mockgate::server::write_response(r, {.head_only = true}, out) == 0);
    CHECK(out.find("Content-Length: 25\r\n") != std::string::npos);
    CHECK(out.substr(out.size() - 4) == "\r\n\r\n");

    mockgate::core::Response empty;
    empty.status = 204;
    empty.body = "{}";  // a 204 sends no body, whatever the response holds: a fault cuts none
    out.clear();
    CHECK(mockgate::server::write_response(empty, {.http10_keep_alive = true}, out) == 0);
    CHECK(out == "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n");
  }

  TEST_CASE("the target of a request line cut short, for choosing a refusal's shape") {
    using mockgate::server::request_target_so_far;
    CHECK(request_target_so_far("GET /__mockgate/journal HTTP/1.1\r\nX-Big: aaa") == "/__mockgate/journal");
    CHECK(request_target_so_far("\r\nPOST /a?b=c HTTP/1.1") == "/a?b=c");
    CHECK(request_target_so_far("GET /__mockgate/keys/cut-sh") == "/__mockgate/keys/cut-sh");
    CHECK(request_target_so_far("GET") == "");
    CHECK(request_target_so_far("") == "");
    CHECK(request_target_so_far("GET\r\n/x y") == "");  // the target is on the request line only
  }
}
