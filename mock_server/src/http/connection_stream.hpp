// A connection as cpp-httplib reads it, plus what cpp-httplib throws away: the raw request
// head. httplib drops headers with empty values and percent-decodes the rest; the contract
// needs both as sent ("app-key:" present but empty is its own 401).
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "mockgate/core/request.hpp"

struct ssl_st;

namespace mockgate::server {

class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(int fd, time_t read_timeout_sec, time_t write_timeout_sec);
  ~ConnectionStream() override;
  ConnectionStream(const ConnectionStream&) = delete;
  ConnectionStream& operator=(const ConnectionStream&) = delete;

  /// Runs the TLS handshake with `ctx` on this (worker) thread, within the read timeout.
  /// False when the peer does not complete it (plain HTTP, garbage, silence, a refusal).
  bool accept_tls(struct ssl_ctx_st* ctx);
  bool is_tls() const { return ssl_ != nullptr; }
  /// Ends the TLS session (close_notify unless dropped). Call before closing the socket.
  void finish();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

  /// Waits up to `timeout_sec` for the next request's first byte, returning early (false) when
  /// `keep_going` turns false, so that stopping the server does not wait out keep-alive.
  bool wait_for_request(time_t timeout_sec, const std::function<bool()>& keep_going);
  /// Starts recording what httplib reads, for the next request.
  void begin_request() { transcript_.clear(); recording_ = true; }
  /// The header lines of the current request as sent (names and values verbatim, values
  /// stripped of surrounding whitespace), from what was recorded; stops recording.
  core::Headers take_raw_headers();
  /// The first line of what was recorded for the current request (no line end).
  std::string request_line() const;
  /// Sends what was written and not yet sent; false when the peer did not take all of it.
  /// Writes are held until then (or until kFlushAt bytes, or a read that must wait).
  bool flush();
  /// Makes every later write fail, so httplib closes the connection without an answer.
  void drop() { dropped_ = true; }
  bool is_dropped() const { return dropped_; }

 private:
  int fd_;
  time_t read_timeout_sec_;
  time_t write_timeout_sec_;
  char buffer_[16 * 1024];
  std::size_t buffer_off_ = 0;
  std::size_t buffer_len_ = 0;
  std::string transcript_;
  bool recording_ = false;
  bool dropped_ = false;
  ssl_st* ssl_ = nullptr;
  static constexpr std::size_t kFlushAt = 64 * 1024;
  std::string pending_;  ///< written, not yet sent
  struct Address {
    std::string ip;
    int port = 0;
  };
  mutable std::optional<Address> remote_;  ///< read once, on first use
  mutable std::optional<Address> local_;
  using AddressLookup = int (*)(int, sockaddr*, socklen_t*);  ///< getpeername or getsockname
  void cached_address(std::optional<Address>& cache, AddressLookup lookup, std::string& ip, int& port) const;
};

/// The exchange the current worker thread is serving, for the request handler.
struct CurrentExchange {
  ConnectionStream* stream = nullptr;
  core::Headers raw_headers;
  bool close_after = false;  ///< end the connection after this answer
};
CurrentExchange& current_exchange();

}  // namespace mockgate::server
