// The per-connection loop (what httplib's own process_and_close_socket does, plus the raw
// request head and drops). Runs on a worker thread, one connection at a time.
#include "http_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include "connection_stream.hpp"

namespace mockgate::server {

namespace {

/// Counts one connection as open for its life, and whether it got any answer.
class CountedConnection {
 public:
  explicit CountedConnection(ConnectionCounters& counters) : counters_(counters) { ++counters_.open; }
  ~CountedConnection() {
    counters_.note_closed(answers_);
    --counters_.open;
  }
  CountedConnection(const CountedConnection&) = delete;
  CountedConnection& operator=(const CountedConnection&) = delete;

  void answered() {
    ++answers_;
    ++counters_.answers;
  }

 private:
  ConnectionCounters& counters_;
  std::uint64_t answers_ = 0;
};

}  // namespace

bool HttpServer::process_and_close_socket(socket_t sock) {
  CountedConnection counted(counters_);
  ConnectionStream stream(sock, read_timeout_sec_, write_timeout_sec_);
  if (tls_context && !stream.accept_tls(tls_context())) {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return false;
  }
  CurrentExchange& exchange = current_exchange();
  exchange.stream = &stream;
  bool ok = false;
  const auto running = [this] { return svr_sock_ != INVALID_SOCKET; };
  for (std::size_t left = keep_alive_max_count_; left > 0 && running(); --left) {
    if (!stream.wait_for_request(keep_alive_timeout_sec_, running)) break;
    bool closed = false;
    stream.begin_request();
    exchange.raw_headers.clear();
    exchange.close_after = false;
    ok = process_request(stream, left == 1, closed, [&](httplib::Request&) {
      exchange.raw_headers = stream.take_raw_headers();
    });
    // The answer is complete: send it now, not when the next request is read.
    ok = stream.flush() && ok;
    if (ok) counted.answered();
    if (!ok || closed || stream.is_dropped() || exchange.close_after) break;
  }
  exchange = CurrentExchange{};
  stream.finish();
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace mockgate::server
