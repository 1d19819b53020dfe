// One accepted connection, plain or TLS: buffered reads of request heads and bodies, writes held
// until an answer is complete (one send per answer), waits that end when the server stops.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "chunked_body.hpp"
#include "request_head.hpp"

struct ssl_st;
struct ssl_ctx_st;

namespace mockgate::server {

class ConnectionStream {
 public:
  /// Each blocking read or write waits at most its timeout.
  ConnectionStream(int fd, std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout);
  ~ConnectionStream();
  ConnectionStream(const ConnectionStream&) = delete;
  ConnectionStream& operator=(const ConnectionStream&) = delete;

  /// Runs the TLS handshake with `ctx` on this (worker) thread, within the read timeout.
  /// False when the peer does not complete it (plain HTTP, garbage, silence, a refusal).
  bool accept_tls(ssl_ctx_st* ctx);
  bool is_tls() const { return ssl_ != nullptr; }
  /// Ends the TLS session (close_notify unless dropped). Call before closing the socket.
  void finish();

  /// Waits up to `timeout` for the next request's first byte, returning early (false) when
  /// `keep_going` turns false, so that stopping the server does not wait out keep-alive.
  bool wait_for_request(std::chrono::milliseconds timeout, const std::function<bool()>& keep_going);

  enum class HeadRead { Ok, Closed, TooLarge, Broken };
  /// Reads one request head (through its blank line) into `head`. Closed: the peer ended the
  /// connection before sending a byte; Broken: it stopped (or went silent) part-way.
  HeadRead read_head(std::size_t max_head, std::string& head);
  /// Reads exactly `n` body bytes into `body`; false when the peer stops sooner.
  bool read_body(std::size_t n, std::string& body);
  /// Feeds `chunked` until it is done, malformed or too large, or the peer stops (NeedMore).
  ChunkedBody::State read_chunked(ChunkedBody& chunked);

  /// What was received and not consumed (a refused head, for its target).
  std::string_view unread() const { return buffered(); }

  /// Queues bytes for the peer; they leave at flush() (or once kFlushAt bytes are queued).
  void write(std::string_view bytes);
  /// Sends what was written and not yet sent; false when the peer did not take all of it.
  bool flush();
  /// Makes every later write a no-op: the connection closes without an answer.
  void drop() { dropped_ = true; }
  bool is_dropped() const { return dropped_; }

  /// The peer's textual address ("127.0.0.1", "::1"), read from the kernel once.
  const std::string& peer_address();

 private:
  /// Reads what the peer has sent next into the buffer; false on end, error or timeout.
  bool fill();
  std::string_view buffered() const { return std::string_view(buffer_).substr(buffer_off_); }
  void consume(std::size_t n);

  int fd_;
  std::chrono::milliseconds read_timeout_;
  ssl_st* ssl_ = nullptr;
  bool dropped_ = false;
  std::string buffer_;  ///< received, from buffer_off_ on not yet consumed
  std::size_t buffer_off_ = 0;
  static constexpr std::size_t kReadChunk = 16 * 1024;
  static constexpr std::size_t kFlushAt = 64 * 1024;
  std::string pending_;  ///< written, not yet sent
  std::string peer_;
  bool peer_known_ = false;
};

}  // namespace mockgate::server
