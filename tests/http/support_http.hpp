// HTTP test helpers: answers as one comparable string ("401 {json}"), so a failed CHECK shows
// expected and actual status and body side by side.
#pragma once

#include <httplib.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mockgate::testing {

/// cpp-httplib writes without MSG_NOSIGNAL: a peer that closed must not kill the test binary.
inline void ignore_sigpipe() { ::signal(SIGPIPE, SIG_IGN); }

/// `status` and `body` as the server should send them; the body is normalised JSON (sorted keys).
inline std::string expect(int status, std::string_view json_body) {
  return std::to_string(status) + " " + nlohmann::json::parse(json_body).dump();
}

/// The same form as `expect` for a status and a body that arrived.
inline std::string answer(int status, const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return std::to_string(status) + " <not JSON> " + body;
  return std::to_string(status) + " " + parsed.dump();
}

inline std::string answer(const httplib::Result& res) {
  if (!res) return "no answer: " + httplib::to_string(res.error());
  return answer(res->status, res->body);
}

/// The body of a result as JSON (null when there is no answer or no JSON).
inline nlohmann::json json_of(const httplib::Result& res) {
  if (!res) return nullptr;
  auto parsed = nlohmann::json::parse(res->body, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

/// The status of a result, or -1 when no answer came.
inline int status_of(const httplib::Result& res) { return res ? res->status : -1; }

/// A header of a result ("" when absent or no answer).
inline std::string header_of(const httplib::Result& res, const char* name) {
  return res ? res->get_header_value(name) : std::string();
}

/// "http://127.0.0.1:41234" → 41234.
inline int port_of(const std::string& url) { return std::stoi(url.substr(url.rfind(':') + 1)); }

/// A client for `url` that gives up after a few seconds instead of hanging a test.
inline httplib::Client client_for(const std::string& url) {
  ignore_sigpipe();
  httplib::Client c(url);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(10, 0);
  c.set_write_timeout(5, 0);
  return c;
}

/// Creates a key through the admin API of the listener at `url`; returns its JSON (with value).
inline nlohmann::json admin_create_key(httplib::Client& c, const nlohmann::json& spec) {
  const auto res = c.Post("/__mockgate/keys", spec.dump(), "application/json");
  if (!res || res->status != 201) return nullptr;
  return nlohmann::json::parse(res->body);
}

}  // namespace mockgate::testing
