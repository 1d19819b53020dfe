// The SDK over cpp-httplib: TLS verified, bounded retries of 429 (after Retry-After) and 5xx
// (after growing waits), none of other answers.
#include "lisoloo_client.hpp"

#include <algorithm>
#include <thread>

#include <httplib.h>

namespace lisoloo {
namespace {

Error error_of(int status) {
  if (status == 400) return Error::BadRequest;
  if (status == 401) return Error::Unauthorized;
  if (status == 403) return Error::Forbidden;
  if (status == 404) return Error::NotFound;
  if (status == 429) return Error::RateLimited;
  return status >= 500 ? Error::Unavailable : Error::BadRequest;
}

/// How long to wait before attempt `next` (2, 3, …) after `status`.
std::chrono::milliseconds wait_before(int next, int status, const httplib::Response& answer) {
  if (status == 429 && answer.has_header("Retry-After")) {
    const auto text = answer.get_header_value("Retry-After");
    if (!text.empty() && text.size() < 4 && text.find_first_not_of("0123456789") == std::string::npos) {
      return std::chrono::seconds(std::stoi(text));
    }
  }
  return std::chrono::milliseconds(250) * (1 << (next - 2));  // 250 ms, 500 ms, 1 s
}

}  // namespace

std::string_view to_string(Error error) {
  switch (error) {
    case Error::None: return "none";
    case Error::Unauthorized: return "unauthorized";
    case Error::Forbidden: return "forbidden";
    case Error::RateLimited: return "rate_limited";
    case Error::Unavailable: return "unavailable";
    case Error::BadRequest: return "bad_request";
    case Error::NotFound: return "not_found";
    case Error::Timeout: return "timeout";
    case Error::Transport: return "transport";
    case Error::Config: return "config";
  }
  return "unknown";
}

Result Client::balance() const { return call("GET", "/api/v1/lisoloo/sms-api/balance", std::nullopt); }

Result Client::send_sms(const std::string& to, const std::string& text, const std::optional<std::string>& sender) const {
  nlohmann::json body{{"to", to}, {"message", text}};
  if (sender) body["sender"] = *sender;
  return call("POST", "/api/v1/lisoloo/sms-api/send", body);
}

Result Client::call(const std::string& method, const std::string& path, const std::optional<nlohmann::json>& body) const {
  if (options_.api_key.empty()) return Result{false, std::nullopt, Error::Config, "no API key", nullptr};
  httplib::Client http(options_.base_url);
  http.enable_server_certificate_verification(true);
  if (!options_.ca_file.empty()) http.set_ca_cert_path(options_.ca_file.c_str());
  http.set_connection_timeout(options_.timeout);
  http.set_read_timeout(options_.timeout);
  http.set_write_timeout(options_.timeout);
  const httplib::Headers headers{{"app-key", options_.api_key}, {"Accept", "application/json"}};
  for (int attempt = 1;; ++attempt) {
    const auto started = std::chrono::steady_clock::now();
    const auto res = method == "POST" ? http.Post(path, headers, body->dump(), "application/json") : http.Get(path, headers);
    if (!res) {
      // cpp-httplib tells a timeout as a failed read or connect: the clock tells which it was.
      const bool timed_out = std::chrono::steady_clock::now() - started >= options_.timeout * 9 / 10;
      return Result{false, std::nullopt, timed_out ? Error::Timeout : Error::Transport, httplib::to_string(res.error()), nullptr};
    }
    const auto parsed = nlohmann::json::parse(res->body, nullptr, false);
    if (res->status < 400) return Result{true, res->status, Error::None, "", parsed.is_discarded() ? nullptr : parsed};
    const bool retryable = res->status == 429 || res->status >= 500;
    if (!retryable || attempt == options_.max_attempts) {
      const std::string detail = parsed.is_object() && parsed.contains("detail") && parsed.at("detail").is_string()
                                     ? parsed.at("detail").get<std::string>()
                                     : res->body;
      return Result{false, res->status, error_of(res->status), detail, nullptr};
    }
    std::this_thread::sleep_for(std::min(wait_before(attempt + 1, res->status, *res), std::chrono::milliseconds(30000)));
  }
}

}  // namespace lisoloo
