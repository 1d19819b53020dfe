// The HTTP exchange as the core sees it: plain values, no HTTP library types.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mockgate::core {

struct Header {
  std::string name;
  std::string value;
};
using Headers = std::vector<Header>;
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// ASCII case-insensitive equality, as RFC 9110 wants for header names and scheme words.
bool iequals(std::string_view a, std::string_view b);

/// Returns the first header named `name` (any case), or nullptr.
const Header* find_header(const Headers& headers, std::string_view name);

/// Decodes %XX escapes (and '+' as space when `plus_is_space`); malformed escapes stay as they are.
std::string percent_decode(std::string_view text, bool plus_is_space);

/// How the request reached the mock: over TLS, over plain HTTP where the provider's plain-HTTP
/// policy applies, or over plain HTTP with no policy (`serve --no-tls`, in-process tests).
enum class Transport { Tls, Plain, PlainUnchecked };

struct Request {
  std::string method;
  std::string target;  ///< as sent: path and query, still percent-encoded
  std::string path;    ///< decoded path, no query
  QueryParams query;   ///< decoded query parameters, in order
  Headers headers;
  std::string body;
  std::string peer_address;  ///< textual IPv4/IPv6 address of the caller
  Transport transport = Transport::PlainUnchecked;

  /// Builds a request, splitting `target` into path and query.
  static Request make(std::string method, std::string target, Headers headers = {},
                      std::string body = {}, std::string peer_address = "127.0.0.1",
                      Transport transport = Transport::PlainUnchecked);

  const Header* header(std::string_view name) const { return find_header(headers, name); }
  bool is_tls() const { return transport == Transport::Tls; }
};

/// How an answer goes wrong on the wire (an injected fault), as real networks make it go wrong.
enum class NetworkFault {
  None,
  Reset,             ///< "reset": a TCP reset (RST) instead of any answer
  ResetAfterStatus,  ///< "reset_after_status": the status line, then a reset
  TruncatedBody,     ///< "truncated_body": Content-Length promised, half the body sent, then close
  DribbledBody,      ///< "dribble_body": the body sent a few bytes at a time over `spread`
  BadChunked,        ///< "bad_chunked": a chunked body whose chunk size is not hexadecimal
  StalledTls,        ///< "stall_tls": the connection accepted, its handshake never answered
};
std::string_view to_string(NetworkFault fault);
std::optional<NetworkFault> parse_network_fault(std::string_view name);
/// Every name `parse_network_fault` takes, in declaration order (None aside).
std::vector<std::string> network_fault_names();

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::string content_type = "application/json";
  /// Close the connection without answering (an injected fault).
  bool drop = false;
  /// Wait this long before answering (an injected fault).
  std::chrono::milliseconds delay{0};
  /// Send it broken this way (an injected fault); `spread` is how long a dribble takes.
  NetworkFault network = NetworkFault::None;
  std::chrono::milliseconds spread{0};

  const Header* header(std::string_view name) const { return find_header(headers, name); }
};

}  // namespace mockgate::core
