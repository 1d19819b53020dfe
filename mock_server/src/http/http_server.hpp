// cpp-httplib's Server with our own connection loop: raw request heads for the handlers,
// connection drops on demand, and keep-alive waits that end promptly when the server stops.
#pragma once

#include <httplib.h>

#include <functional>

#include "connection_counters.hpp"

struct ssl_ctx_st;

namespace mockgate::server {

class HttpServer : public httplib::Server {
 public:
  /// Each connection's answers and end are counted in `counters`, which outlives the server.
  explicit HttpServer(ConnectionCounters& counters) : counters_(counters) {}

  /// When set, every connection is TLS: the handshake runs on the worker thread (one silent
  /// client never blocks the accept loop) with the context this returns at that moment.
  std::function<ssl_ctx_st*()> tls_context;

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionCounters& counters_;
};

}  // namespace mockgate::server
