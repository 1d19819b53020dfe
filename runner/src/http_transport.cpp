// The runner's requests over the network, with cpp-httplib.
#include <httplib.h>

#include "sigpipe_guard.hpp"
#include "mockgate/runner/transport.hpp"

namespace mockgate::runner {
namespace {

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const TransportOptions& options) : client_(options.base_url), options_(options) {
    client_.set_url_encode(false);  // the target goes as written
    client_.set_tcp_nodelay(true);  // else every request body waits ~40 ms for a delayed ACK
    client_.set_connection_timeout(options.connect_timeout);
    client_.set_read_timeout(options.read_timeout);
    client_.set_write_timeout(options.read_timeout);
    client_.enable_server_certificate_verification(options.verify_tls);
    if (!options.ca_file.empty()) client_.set_ca_cert_path(options.ca_file.c_str());
  }

  Sent send(const HttpRequest& request) override {
    httplib::Request req;
    req.method = request.method;
    req.path = request.target;
    for (const auto& h : request.headers) req.headers.emplace(h.name, h.value);
    req.body = request.body;
    const auto started = std::chrono::steady_clock::now();
    const auto res = [&] {
      const detail::SigpipeGuard guard;  // a reset connection (a network fault) fails this write only
      return client_.send(req);
    }();
    Sent sent;
    if (!res) {
      sent.error = httplib::to_string(res.error());
      // cpp-httplib reports a timeout as a failed read or connect: the clock tells which it was.
      const auto waited = std::chrono::steady_clock::now() - started;
      sent.timed_out = waited >= options_.read_timeout * 9 / 10 ||
                       (res.error() == httplib::Error::Connection && waited >= options_.connect_timeout * 9 / 10);
      return sent;
    }
    HttpAnswer answer{res->status, {}, res->body};
    for (const auto& [name, value] : res->headers) answer.headers.push_back({name, value});
    sent.answer = std::move(answer);
    return sent;
  }

 private:
  httplib::Client client_;
  TransportOptions options_;
};

}  // namespace

std::unique_ptr<Transport> http_transport(const TransportOptions& options) {
  return std::make_unique<HttpTransport>(options);
}

}  // namespace mockgate::runner
