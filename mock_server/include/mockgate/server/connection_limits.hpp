// What one connection may cost the server: sizes answered at once with their documented status,
// deadlines for each phase of a request, and how long an unused worker thread is kept. The
// defaults let every documented client through and bound what a hostile or broken one can take.
#pragma once

#include <chrono>
#include <cstddef>

namespace mockgate::server {

struct ConnectionLimits {
  std::size_t max_request_line = 8 * 1024;  ///< beyond: 414 URI Too Long
  std::size_t max_header_line = 8 * 1024;   ///< beyond: 431
  std::size_t max_header_count = 100;       ///< beyond: 431
  std::size_t max_head = 64 * 1024;         ///< the whole head; beyond: 431
  std::size_t max_body = 8 * 1024 * 1024;   ///< beyond: 413, answered before the body is read

  /// From a request's first byte to its blank line; beyond: 408 and the connection closed, so a
  /// client dripping its head a byte at a time (slowloris) holds a worker no longer than this.
  std::chrono::milliseconds head_timeout{10'000};
  /// For a whole body, however slowly it arrives; beyond: 408.
  std::chrono::milliseconds body_timeout{30'000};
  /// For a whole TLS handshake; beyond: the connection is closed.
  std::chrono::milliseconds tls_handshake_timeout{10'000};
  /// The longest a kept-alive connection waits for its next request.
  std::chrono::milliseconds keep_alive_timeout{5'000};
  /// The longest one read or one write may block (a silent peer mid-request).
  std::chrono::milliseconds io_timeout{10'000};
  /// A worker thread unused this long ends (a burst's threads do not stay for the process's life).
  std::chrono::milliseconds worker_idle_timeout{30'000};
};

}  // namespace mockgate::server
