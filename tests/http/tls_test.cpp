// HTTPS listeners and their plain-HTTP twins over loopback: verification against the exported
// CA, the certificate modes a client must refuse, the providers' plain-HTTP policies (with the
// mock clock), misbehaving connections on the TLS port, and `mockgate serve` with TLS on.
#include <doctest/doctest.h>
#include <httplib.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "http/support_http.hpp"
#include "http/support_serve.hpp"
#include "http/support_socket.hpp"
#include "mockgate/server/mock_server.hpp"

namespace {

using namespace std::chrono_literals;
using mockgate::testing::answer;
using mockgate::testing::expect;
using nlohmann::json;

constexpr const char* kBalance = "/api/v1/lisoloo/sms-api/balance";
constexpr const char* kWholesaleSend = "/services/sms/send";
constexpr const char* kWholesaleBody =
    R"({"messages":[{"destinations":["+393351234567"],"sender":"Agile","body":"Hello"}]})";
const std::string kLisolooOk = R"({"data":{"available_sms":250}})";
/// Whether a verifying client refused the server's certificate. cpp-httplib 0.18 (Debian 13)
/// tells a name mismatch apart ("SSL server hostname verification failed"); 0.11 (Debian 12)
/// reports every refusal as SSLServerVerification.
bool certificate_refused(const httplib::Result& res) {
  if (res) return false;
  return res.error() == httplib::Error::SSLServerVerification ||
         httplib::to_string(res.error()) == "SSL server hostname verification failed";
}

/// The first line of a file ("" when it cannot be read).
std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

/// A client for `url` that verifies the server against `ca_file` (or, when it is empty, against
/// the system's default trust store only).
httplib::Client verifying(const std::string& url, const std::string& ca_file) {
  auto c = mockgate::testing::client_for(url);
  c.enable_server_certificate_verification(true);
  if (!ca_file.empty()) c.set_ca_cert_path(ca_file);
  return c;
}

/// Unsets an environment variable for the scope, so OpenSSL's default paths are the system's.
class UnsetEnv {
 public:
  explicit UnsetEnv(const char* name) : name_(name) {
    if (const char* v = ::getenv(name)) saved_ = v;
    ::unsetenv(name);
  }
  ~UnsetEnv() {
    if (saved_) ::setenv(name_, saved_->c_str(), 1);
  }
  UnsetEnv(const UnsetEnv&) = delete;
  UnsetEnv& operator=(const UnsetEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

/// lisoloo and agile-wholesale in process with TLS on, a live key for each.
struct TlsMock {
  explicit TlsMock(mockgate::ServerOptions options = {}) {
    options.tls = true;
    server = mockgate::MockServer::for_providers({"lisoloo", "agile-wholesale"}, options);
    server->start();
    mockgate::core::KeySpec live;
    live.env = "live";
    lisoloo_key = server->create_key(live, "lisoloo").value;
    agile_key = server->create_key(live, "agile-wholesale").value;
  }

  const mockgate::ListenerInfo& at(const std::string& provider, const std::string& env = "live") {
    for (const auto& l : server->listeners()) {
      if (l.provider == provider && l.env == env) return l;
    }
    throw std::invalid_argument("no listener " + provider + "/" + env);
  }
  std::size_t journaled(const std::string& provider = "lisoloo") {
    return server->provider(provider).journal().size();
  }
  /// The balance call over TLS with the exported CA.
  std::string tls_balance() {
    auto c = verifying(at("lisoloo").url, server->ca_file());
    return answer(c.Get(kBalance, {{"app-key", lisoloo_key}}));
  }

  std::unique_ptr<mockgate::MockServer> server;
  std::string lisoloo_key;
  std::string agile_key;
};

}  // namespace

TEST_SUITE("http: TLS listeners and plain-HTTP policies") {
  TEST_CASE("ALL-TLS: every provider listens over HTTPS and a client trusting the CA gets 200") {
    TlsMock m;
    REQUIRE(m.server->listeners().size() == 3);  // lisoloo test + live, agile-wholesale live
    for (const auto& l : m.server->listeners()) {
      CAPTURE(l.provider);
      CAPTURE(l.env);
      CHECK(l.tls);
      CHECK(l.url == "https://127.0.0.1:" + std::to_string(l.port));
      CHECK(l.plain_url == "http://127.0.0.1:" + std::to_string(l.plain_port));
      CHECK(l.ca_file == m.server->ca_file());
    }
    CHECK(m.tls_balance() == expect(200, kLisolooOk));
    auto agile = verifying(m.at("agile-wholesale").url, m.server->ca_file());
    const auto sent = agile.Post(kWholesaleSend, {{"X-Api-Key", m.agile_key}}, kWholesaleBody,
                                 "application/json");
    CHECK(mockgate::testing::status_of(sent) == 200);
    const auto journal = m.server->provider("lisoloo").journal();
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].tls);
  }

  TEST_CASE("ALL-TLS: a client that does not trust the mock's CA fails the handshake, unjournaled") {
    TlsMock m;
    const UnsetEnv file("SSL_CERT_FILE");
    const UnsetEnv dir("SSL_CERT_DIR");
    auto c = verifying(m.at("lisoloo").url, "");
    const auto res = c.Get(kBalance, {{"app-key", m.lisoloo_key}});
    INFO(answer(res));
    CHECK(certificate_refused(res));
    CHECK(m.journaled() == 0);
    CHECK(m.tls_balance() == expect(200, kLisolooOk));  // the same server still serves the CA's
  }

  TEST_CASE("a temporary CA file is PEM while serving and removed by stop()") {
    TlsMock m;
    const std::string ca = m.server->ca_file();
    REQUIRE_FALSE(ca.empty());
    CHECK(std::filesystem::exists(ca));
    CHECK(first_line(ca) == "-----BEGIN CERTIFICATE-----");
    m.server->stop();
    CHECK_FALSE(std::filesystem::exists(ca));
  }

  TEST_CASE("ca_out writes the CA where asked and keeps it after stop()") {
    const auto path = std::filesystem::temp_directory_path() /
                      ("mockgate-tls-test-" + std::to_string(::getpid()) + "-ca.pem");
    std::filesystem::remove(path);
    {
      mockgate::ServerOptions options;
      options.ca_out = path.string();
      TlsMock m(options);
      CHECK(m.server->ca_file() == path.string());
      CHECK(m.at("lisoloo").ca_file == path.string());
      CHECK(first_line(path.string()) == "-----BEGIN CERTIFICATE-----");
      CHECK(m.tls_balance() == expect(200, kLisolooOk));
      m.server->stop();
      CHECK(std::filesystem::exists(path));
    }
    CHECK(std::filesystem::exists(path));
    std::filesystem::remove(path);
  }

  TEST_CASE("PUT /__mockgate/tls: untrusted, wrong_host and expired are refused, trusted works again") {
    TlsMock m;
    auto admin = mockgate::testing::client_for(m.at("lisoloo").plain_url);
    for (const std::string mode : {"untrusted", "wrong_host", "expired"}) {
      CAPTURE(mode);
      CHECK(answer(admin.Put("/__mockgate/tls", json{{"certificate", mode}}.dump(),
                             "application/json")) ==
            expect(200, json{{"certificate", mode}}.dump()));
      const auto before = m.journaled();
      auto c = verifying(m.at("lisoloo").url, m.server->ca_file());
      const auto res = c.Get(kBalance, {{"app-key", m.lisoloo_key}});
      INFO(answer(res));
      CHECK(certificate_refused(res));
      CHECK(m.journaled() == before);
      // The certificate is presented all the same: a client that verifies nothing gets through.
      auto careless = mockgate::testing::client_for(m.at("lisoloo").url);
      careless.enable_server_certificate_verification(false);
      CHECK(answer(careless.Get(kBalance, {{"app-key", m.lisoloo_key}})) ==
            expect(200, kLisolooOk));
    }
    CHECK(answer(admin.Put("/__mockgate/tls", R"({"certificate":"trusted"})", "application/json")) ==
          expect(200, R"({"certificate":"trusted"})"));
    CHECK(m.tls_balance() == expect(200, kLisolooOk));
    CHECK(mockgate::testing::status_of(admin.Put("/__mockgate/tls", R"({"certificate":"bogus"})",
                                                 "application/json")) == 400);
  }

  TEST_CASE("ALL-TLS: lisoloo's plain-HTTP twin answers 403 TLS required, key or not") {
    TlsMock m;
    auto plain = mockgate::testing::client_for(m.at("lisoloo").plain_url);
    const auto tls_required = expect(403, R"({"detail":"TLS required"})");
    CHECK(answer(plain.Get(kBalance, {{"app-key", m.lisoloo_key}})) == tls_required);
    CHECK(answer(plain.Get(kBalance)) == tls_required);
    auto sandbox = mockgate::testing::client_for(m.at("lisoloo", "test").plain_url);
    CHECK(answer(sandbox.Get(kBalance)) == tls_required);
    const auto journal = m.server->provider("lisoloo").journal();
    REQUIRE(journal.size() == 3);
    CHECK_FALSE(journal[0].tls);
    CHECK(journal[0].status == 403);
  }

  TEST_CASE("ALL-TLS: qlara and agentclara serve over TLS and refuse plain HTTP in their shapes") {
    mockgate::ServerOptions options;
    options.tls = true;
    auto server = mockgate::MockServer::for_providers({"qlara", "agentclara"}, options);
    server->start();
    REQUIRE(server->listeners().size() == 2);
    const auto& qlara = server->listeners()[0];
    const auto& clara = server->listeners()[1];
    const std::string qkey = server->create_key({}, "qlara").value;
    const std::string ckey = server->create_key({}, "agentclara").value;
    const httplib::Headers qauth{{"X-Api-Key", qkey}};
    const httplib::Headers cauth{{"Authorization", "Bearer " + ckey}};
    const std::string qbody = R"({"phoneNumber":"+393901234567","message":"Hello"})";

    auto qs = verifying(qlara.url, server->ca_file());
    CHECK(mockgate::testing::status_of(
              qs.Post("/api/message-server/sms/send", qauth, qbody, "application/json")) == 200);
    CHECK(mockgate::testing::status_of(qs.Get("/authentication", qauth)) == 200);
    auto cs = verifying(clara.url, server->ca_file());
    CHECK(mockgate::testing::status_of(cs.Get("/conversations", cauth)) == 200);

    auto qp = mockgate::testing::client_for(qlara.plain_url);
    CHECK(answer(qp.Post("/api/message-server/sms/send", qauth, qbody, "application/json")) ==
          expect(403, R"({"code":403,"message":"TLS required"})"));
    CHECK(answer(qp.Get("/authentication", qauth)) ==
          expect(403, R"({"code":403,"message":"TLS required"})"));
    auto cp = mockgate::testing::client_for(clara.plain_url);
    CHECK(answer(cp.Get("/conversations", cauth)) ==
          expect(403, R"({"success":false,"error":"TLS required"})"));
  }

  TEST_CASE("WHS-TLS-BEFORE and WHS-TLS: agile-wholesale serves plain HTTP until 2026-01-15") {
    mockgate::ServerOptions options;
    options.now = mockgate::core::parse_time("2026-01-10T00:00:00Z");
    TlsMock m(options);
    auto plain = mockgate::testing::client_for(m.at("agile-wholesale").plain_url);
    const auto send = [&] {
      return plain.Post(kWholesaleSend, {{"X-Api-Key", m.agile_key}}, kWholesaleBody,
                        "application/json");
    };
    const auto served = send();
    CHECK_MESSAGE(mockgate::testing::status_of(served) == 200, answer(served));
    CHECK(mockgate::testing::json_of(served).value("status", "") == "ACCEPTED");

    const auto set_clock = [&](const std::string& t) {
      return answer(plain.Put("/__mockgate/clock", json{{"now", t}}.dump(), "application/json"));
    };
    CHECK(set_clock("2026-01-15T00:00:00Z").rfind("200 ", 0) == 0);
    const auto tls_required = expect(403, R"({"code":403,"message":"TLS required"})");
    CHECK(answer(send()) == tls_required);
    CHECK(answer(plain.Post(kWholesaleSend, kWholesaleBody, "application/json")) == tls_required);
    // Over TLS the date changes nothing.
    auto secure = verifying(m.at("agile-wholesale").url, m.server->ca_file());
    CHECK(mockgate::testing::status_of(secure.Post(kWholesaleSend, {{"X-Api-Key", m.agile_key}},
                                                   kWholesaleBody, "application/json")) == 200);
    // Set back a minute before the date: served again.
    CHECK(set_clock("2026-01-14T23:59:00Z").rfind("200 ", 0) == 0);
    CHECK(mockgate::testing::status_of(send()) == 200);
  }

  TEST_CASE("the clock keeps ticking after it was set through the admin API") {
    TlsMock m;
    auto plain = mockgate::testing::client_for(m.at("agile-wholesale").plain_url);
    const auto set = plain.Put("/__mockgate/clock", R"({"now":"2026-01-10T00:00:00Z"})",
                               "application/json");
    REQUIRE(mockgate::testing::status_of(set) == 200);
    const auto read = [&] {
      return mockgate::testing::json_of(plain.Get("/__mockgate/clock")).value("now", "");
    };
    const std::string first = read();
    CHECK(first.rfind("2026-01-10T00:00:0", 0) == 0);
    std::string later = first;
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (later == first && std::chrono::steady_clock::now() < deadline) later = read();
    CHECK(later > first);
    CHECK(later.rfind("2026-01-10T00:00:0", 0) == 0);
  }

  TEST_CASE("plain HTTP sent to the TLS port is dropped, and a concurrent TLS request is served") {
    TlsMock m;
    const int port = m.at("lisoloo").port;
    mockgate::testing::RawConnection wrong(port);
    REQUIRE(wrong.send("GET /api/v1/lisoloo/sms-api/balance HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "app-key: " + m.lisoloo_key + "\r\n\r\n"));
    auto good = std::async(std::launch::async, [&] { return m.tls_balance(); });
    const auto closed = wrong.read_until_close(5s);
    CHECK_MESSAGE(closed.has_value(), "the server kept a plain-HTTP connection on its TLS port open");
    if (closed) CHECK(closed->find("HTTP/1.1 200") == std::string::npos);
    REQUIRE(good.wait_for(15s) == std::future_status::ready);
    CHECK(good.get() == expect(200, kLisolooOk));
    CHECK(m.journaled() == 1);  // only the TLS request
  }

  TEST_CASE("a TLS client that hangs up before its delayed answer does not take the process down") {
    // OpenSSL writes with write(), not send(MSG_NOSIGNAL): unguarded, writing the answer to a
    // peer that reset the connection raises SIGPIPE, which kills the process (this test's too).
    TlsMock m;
    const auto& l = m.at("lisoloo");
    auto admin = verifying(l.url, m.server->ca_file());
    REQUIRE(mockgate::testing::status_of(admin.Post("/__mockgate/faults", R"({"responses":[{"delay_ms":200}]})",
                                 "application/json")) == 201);
    {
      // The test clients ignore SIGPIPE process-wide; the server must not rely on that.
      const auto previous = ::signal(SIGPIPE, SIG_DFL);
      mockgate::testing::RawConnection rude(l.port);
      SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
      SSL* ssl = SSL_new(ctx);
      SSL_set_fd(ssl, rude.fd());
      REQUIRE(SSL_connect(ssl) == 1);  // no verification: only the bytes matter here
      const std::string request = std::string("GET ") + kBalance +
                                  " HTTP/1.1\r\nHost: 127.0.0.1\r\napp-key: " + m.lisoloo_key + "\r\n\r\n";
      REQUIRE(SSL_write(ssl, request.data(), static_cast<int>(request.size())) > 0);
      SSL_free(ssl);
      SSL_CTX_free(ctx);
      rude.reset();  // gone before the 200 ms are up
      std::this_thread::sleep_for(400ms);  // the mock writes its answer into the reset socket
      ::signal(SIGPIPE, previous);
    }
    CHECK(m.tls_balance() == expect(200, kLisolooOk));
  }

  TEST_CASE("silent connections to the TLS port do not hold up other clients' handshakes") {
    TlsMock m;
    std::vector<std::unique_ptr<mockgate::testing::RawConnection>> silent;
    for (int i = 0; i < 5; ++i) {
      silent.push_back(std::make_unique<mockgate::testing::RawConnection>(m.at("lisoloo").port));
    }
    const auto start = std::chrono::steady_clock::now();
    CHECK(m.tls_balance() == expect(200, kLisolooOk));
    const auto took = std::chrono::steady_clock::now() - start;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
    CHECK_MESSAGE(took < 2s, "a TLS request behind 5 silent connections took " << ms << " ms");
    for (const auto& s : silent) CHECK_FALSE(s->is_closed());
  }

  TEST_CASE("ALL-TLS: mockgate serve prints https url, plain_url and ca_file, its CA verifies") {
    mockgate::testing::ChildProcess serve(mockgate::testing::command(
        {"serve", "--provider", "lisoloo", "--provider", "agile-wholesale"}));  // killed on exit
    std::vector<json> ready;
    while (ready.size() < 3) {
      const auto line = serve.next_line(mockgate::testing::kReadyTimeout);
      if (!line) break;
      const auto parsed = json::parse(*line, nullptr, false);
      if (parsed.is_discarded()) break;
      ready.push_back(parsed);
    }
    REQUIRE_MESSAGE(ready.size() == 3, serve.err());
    const char* providers[] = {"lisoloo", "lisoloo", "agile-wholesale"};
    const char* envs[] = {"test", "live", "live"};
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(ready[i].dump());
      CHECK(ready[i].value("event", "") == "listening");
      CHECK(ready[i].value("provider", "") == providers[i]);
      CHECK(ready[i].value("env", "") == envs[i]);
      CHECK(ready[i].value("url", "").rfind("https://127.0.0.1:", 0) == 0);
      CHECK(ready[i].value("plain_url", "").rfind("http://127.0.0.1:", 0) == 0);
      CHECK(ready[i].value("ca_file", "") == ready[0].value("ca_file", "?"));
    }
    const std::string ca = ready[1].value("ca_file", "");
    CHECK(first_line(ca) == "-----BEGIN CERTIFICATE-----");

    const std::string key = mockgate::testing::make_key(ready[1].value("plain_url", ""));
    auto c = verifying(ready[1].value("url", ""), ca);
    CHECK(answer(c.Get(kBalance, {{"app-key", key}})) == expect(200, kLisolooOk));
    auto plain = mockgate::testing::client_for(ready[1].value("plain_url", ""));
    CHECK(answer(plain.Get(kBalance, {{"app-key", key}})) ==
          expect(403, R"({"detail":"TLS required"})"));
    {
      const UnsetEnv file("SSL_CERT_FILE");
      const UnsetEnv dir("SSL_CERT_DIR");
      auto untrusting = verifying(ready[1].value("url", ""), "");
      CHECK_FALSE(untrusting.Get(kBalance, {{"app-key", key}}));
    }
    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit(mockgate::testing::kExitTimeout) == 0);
  }
}
