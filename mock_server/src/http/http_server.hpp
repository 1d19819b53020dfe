// cpp-httplib's Server with our own connection loop: raw request heads for the handlers,
// connection drops on demand, and keep-alive waits that end promptly when the server stops.
#pragma once

#include <httplib.h>

#include <functional>

struct ssl_ctx_st;

namespace mockgate::server {

class HttpServer : public httplib::Server {
 public:
  /// When set, every connection is TLS: the handshake runs on the worker thread (one silent
  /// client never blocks the accept loop) with the context this returns at that moment.
  std::function<ssl_ctx_st*()> tls_context;

 private:
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace mockgate::server
