// A small C++ SDK for the Lisoloo SMS API (document 004), as a team would write one: the one
// this example tests against mockgate. It knows nothing of mockgate.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lisoloo {

struct Options {
  std::string base_url;  ///< e.g. https://api.example.com, no trailing slash
  std::string api_key;   ///< sent in the `app-key` header, never logged
  std::string ca_file;   ///< PEM to trust; "" the system's
  std::chrono::milliseconds timeout{10000};  ///< per request, as the document's samples use
  int max_attempts = 4;  ///< for 429 and 5xx answers only
};

enum class Error { None, Unauthorized, Forbidden, RateLimited, Unavailable, BadRequest, NotFound, Timeout, Transport, Config };

std::string_view to_string(Error error);

struct Result {
  bool ok = false;
  std::optional<int> status;  ///< nullopt: no answer
  Error error = Error::None;
  std::string message;        ///< the provider's `detail`, or what went wrong
  nlohmann::json data;        ///< the answer's body on success
};

class Client {
 public:
  explicit Client(Options options) : options_(std::move(options)) {}

  Result balance() const;
  Result send_sms(const std::string& to, const std::string& text,
                  const std::optional<std::string>& sender = std::nullopt) const;

 private:
  Result call(const std::string& method, const std::string& path, const std::optional<nlohmann::json>& body) const;

  Options options_;
};

}  // namespace lisoloo
