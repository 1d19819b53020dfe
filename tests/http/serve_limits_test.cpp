// `mockgate serve` with its connection limits as flags: each applies, bad values are refused
// with exit 2 and a message, and a stop signal is obeyed even while profiles are still loading.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "http/support_serve.hpp"
#include "http/support_socket.hpp"
#include "support/scratch_dir.hpp"
#include "support/test_support.hpp"

namespace {

using namespace std::chrono_literals;
using mockgate::testing::RawConnection;

}  // namespace

TEST_SUITE("serve.limits") {
  TEST_CASE("serve --head-timeout and --max-body apply to every listener") {
    mockgate::testing::Served s({"lisoloo"}, 2, {"--head-timeout", "300ms", "--max-body", "1KiB"});
    REQUIRE(s.ready.size() == 2);
    const int port = mockgate::testing::port_of(s.url("lisoloo", "test"));
    {
      RawConnection c(port);
      c.send("GET /api/v1/lisoloo/sms-api/balance HTTP/1.1\r\nX-Slow: ");
      const auto r = c.read_response(3s);
      REQUIRE(r);
      CHECK(r->status == 408);
    }
    {
      RawConnection c(port);
      c.send("POST /api/v1/lisoloo/sms-api/send HTTP/1.1\r\nContent-Length: 1025\r\n\r\n");
      const auto r = c.read_response(3s);
      REQUIRE(r);
      CHECK(r->status == 413);
    }
    CHECK(s.stop() == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve --max-faults and --journal-body-size bound the provider's state") {
    mockgate::testing::Served s({"lisoloo"}, 2, {"--max-faults", "2", "--journal-body-size", "16"});
    REQUIRE(s.ready.size() == 2);
    auto c = mockgate::testing::client_for(s.url("lisoloo", "test"));
    const std::string fault = R"({"stage": "before_auth", "responses": [{"status": 500}]})";
    CHECK(mockgate::testing::status_of(c.Post("/__mockgate/faults", fault, "application/json")) == 201);
    CHECK(mockgate::testing::status_of(c.Post("/__mockgate/faults", fault, "application/json")) == 201);
    CHECK(mockgate::testing::status_of(c.Post("/__mockgate/faults", fault, "application/json")) == 409);
    c.Post("/api/v1/lisoloo/sms-api/send", std::string(100, 'b'), "application/json");
    const auto journal = mockgate::testing::json_of(c.Get("/__mockgate/journal"));
    REQUIRE(journal.is_array());
    REQUIRE_FALSE(journal.empty());
    const auto& last = journal.back();
    CHECK(last.value("body", std::string()).size() == 16);
    CHECK(last.value("body_size", 0) == 100);
    CHECK(s.stop() == "exit 0 stopped SIGTERM");
  }

  TEST_CASE("serve refuses a limit that is not a size or a duration") {
    const std::pair<std::vector<std::string>, std::string> cases[] = {
        {{"serve", "--no-tls", "--provider", "lisoloo", "--max-body", "0"}, "--max-body: '0' is not a size"},
        {{"serve", "--no-tls", "--provider", "lisoloo", "--max-body", "8MB"}, "with KiB, MiB, GiB"},
        {{"serve", "--no-tls", "--provider", "lisoloo", "--head-timeout", "10x"}, "--head-timeout: '10x' is not a duration"},
        {{"serve", "--no-tls", "--provider", "lisoloo", "--max-headers", "-1"}, "--max-headers: '-1' is not a whole number"},
        {{"serve", "--no-tls", "--provider", "lisoloo", "--head-timout", "1s"}, "did you mean '--head-timeout'?"}};
    for (const auto& [args, message] : cases) {
      CAPTURE(message);
      const auto r = mockgate::testing::run(args);
      CHECK(r.exit == "exit 2");
      CHECK(r.err.find(message) != std::string::npos);
    }
  }

  TEST_CASE("serve stops at once on SIGINT while large profiles are still loading") {
    // Seconds of YAML to read: 40 valid profiles, each padded with comments to just under the
    // loaders' 1 MiB limit (about 0.1 s each in a release build). The signal comes long before.
    mockgate::testing::ScratchDir dir("mockgate-large-profiles");
    const std::string profile = mockgate::testing::read_file(MOCKGATE_TEST_PROFILES "/lisoloo.yaml");
    const auto id_line = profile.find("\nid: lisoloo\n");
    REQUIRE(id_line != std::string::npos);
    std::string padding;
    while (padding.size() + profile.size() < 1000 * 1000) padding += "# " + std::string(76, 'x') + "\n";
    std::vector<std::string> args{"serve", "--no-tls"};
    for (int i = 0; i < 40; ++i) {
      const auto id = "large" + std::to_string(i);
      args.insert(args.end(), {"--provider", dir.write(id + ".yaml", std::string(profile).replace(id_line, 13, "\nid: " + id + "\n") + padding)});
    }
    mockgate::testing::ChildProcess serve(mockgate::testing::command(args));
    std::this_thread::sleep_for(300ms);
    const auto start = std::chrono::steady_clock::now();
    serve.send_signal(SIGINT);
    const auto code = serve.wait_exit(3s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    CHECK(serve.out().find(R"({"event":"stopped","signal":"SIGINT","while":"loading"})") != std::string::npos);
  }
}
