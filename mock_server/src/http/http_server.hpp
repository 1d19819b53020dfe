// cpp-httplib's Server with our own connection loop: raw request heads for the handlers,
// connection drops on demand, and keep-alive waits that end promptly when the server stops.
#pragma once

#include <httplib.h>

namespace mockgate::server {

class HttpServer : public httplib::Server {
 private:
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace mockgate::server
