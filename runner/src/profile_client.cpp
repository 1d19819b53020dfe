// The profile-driven client: what a correct SDK would send, read off the provider's profile.
#include "mockgate/runner/profile_client.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/base64.hpp"
#include "mockgate/runner/transport.hpp"

namespace mockgate::runner {
namespace {

using nlohmann::json;

/// RFC 3986 unreserved characters stay; every other byte becomes %XX.
std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// A parameter as text: a string as it is, anything else as JSON (`1`, `true`, `[…]`).
std::string param_text(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

/// A parameter's value in a body: the same JSON, in the profile's ordered type.
core::Json as_body_value(const json& value) { return core::Json::parse(value.dump()); }

/// Fills a string template. A string that is exactly "{name}" keeps the parameter's JSON value.
std::optional<core::Json> fill_string(const std::string& text, const json& params) {
  if (text.size() > 2 && text.front() == '{' && text.back() == '}' &&
      text.find_first_of("{}", 1) == text.size() - 1) {
    const auto name = text.substr(1, text.size() - 2);
    if (!params.contains(name)) return std::nullopt;
    return as_body_value(params.at(name));
  }
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('{', at);
    const auto close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(at);  // no placeholder left: the rest is literal
      break;
    }
    out += text.substr(at, open - at);
    const auto name = text.substr(open + 1, close - open - 1);
    if (name.empty()) {
      out += "{}";  // braces around nothing are text, not a placeholder
    } else if (params.contains(name)) {
      out += param_text(params.at(name));
    } else {
      return std::nullopt;
    }
    at = close + 1;
  }
  return core::Json(out);
}

std::optional<core::Json> fill(const core::Json& node, const json& params) {
  if (node.is_string()) return fill_string(node.get<std::string>(), params);
  if (node.is_object()) {
    core::Json out = core::Json::object();
    for (const auto& [name, value] : node.items()) {
      if (auto filled = fill(value, params)) out[name] = std::move(*filled);
    }
    return out;
  }
  if (node.is_array()) {
    core::Json out = core::Json::array();
    for (const auto& item : node) {
      if (auto filled = fill(item, params)) out.push_back(std::move(*filled));
    }
    return out;
  }
  return node;
}

/// The path with each "{name}" segment filled from params and percent-encoded.
std::string fill_path(const std::string& path, const json& params) {
  std::string out;
  std::size_t at = 0;
  while (at < path.size()) {
    const auto open = path.find('{', at);
    const auto close = open == std::string::npos ? std::string::npos : path.find('}', open);
    if (close == std::string::npos) {
      out += path.substr(at);
      break;
    }
    out += path.substr(at, open - at);
    const auto name = path.substr(open + 1, close - open - 1);
    if (!params.contains(name)) throw UnsupportedCall("parameter '" + name + "' is needed for " + path);
    out += percent_encode(param_text(params.at(name)));
    at = close + 1;
  }
  return out;
}

const core::EndpointSpec& endpoint_for(const core::Profile& profile, const std::string& operation) {
  for (const auto& e : profile.endpoints) {
    if (e.operation == operation) return e;
  }
  throw UnsupportedCall("unsupported operation " + operation);
}

/// The credential header: the first scheme the endpoint accepts that fits what was given.
core::Header credential_header(const core::Profile& profile, const core::EndpointSpec& endpoint,
                               const ClientInput& in) {
  const bool basic = !in.api_key && in.username;
  for (const auto& spec : profile.credentials) {
    const bool accepted = endpoint.credentials.empty() ||
                          std::find(endpoint.credentials.begin(), endpoint.credentials.end(), spec.name) !=
                              endpoint.credentials.end();
    if (!accepted || (spec.scheme == core::CredentialScheme::Basic) != basic) continue;
    const std::string secret =
        basic ? core::base64_encode(*in.username + ":" + in.password.value_or("")) : *in.api_key;
    return {spec.header, spec.has_scheme_word() ? spec.scheme_word + " " + secret : secret};
  }
  throw UnsupportedCall(std::string("no credential scheme of ") + profile.id + " takes " +
                        (basic ? "a username and password" : "a key") + " for " + endpoint.operation);
}

json outcome(bool ok, const json& status, const json& error, const json& data) {
  return json{{"ok", ok}, {"status", status}, {"error", error}, {"data", data}};
}

std::string error_kind(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 429: return "rate_limited";
    default: return status >= 500 ? "unavailable" : "bad_request";
  }
}

}  // namespace

std::optional<core::Json> fill_template(const core::Json& template_, const json& params) {
  return fill(template_, params);
}

ClientRequest build_request(const core::Profile& profile, const ClientInput& in) {
  const auto& endpoint = endpoint_for(profile, in.operation);
  if (!in.api_key && !in.username) throw UnsupportedCall("no credentials");
  const json params = in.params.is_object() ? in.params : json::object();

  ClientRequest r;
  r.method = endpoint.method;
  r.target = fill_path(endpoint.path, params);
  char separator = '?';
  for (const auto& [name, value] : endpoint.request.query) {
    const auto filled = fill_string(value, params);
    if (!filled) continue;
    const auto text = filled->is_string() ? filled->get<std::string>() : filled->dump();
    r.target += separator + percent_encode(name) + "=" + percent_encode(text);
    separator = '&';
  }
  r.headers.push_back(credential_header(profile, endpoint, in));
  if (endpoint.request.body) {
    // A body whose every field was left out is still sent, as `{}`: the mock judges it.
    const auto body = fill(*endpoint.request.body, params);
    r.body = body ? core::body_text(*body) : "{}";
    r.headers.push_back({"Content-Type", "application/json"});
  }
  return r;
}

json profile_client_call(const core::Profile& profile, const ClientInput& in) {
  ClientRequest request;
  try {
    request = build_request(profile, in);
  } catch (const UnsupportedCall& e) {
    return outcome(false, nullptr, "config", e.what());
  }

  const auto timeout = std::chrono::milliseconds(in.timeout_ms.value_or(10000));
  const auto transport = http_transport(
      {.base_url = in.base_url, .ca_file = in.ca_file, .connect_timeout = timeout, .read_timeout = timeout});
  HttpRequest req{request.method, request.target, {}, request.body.value_or("")};
  for (const auto& h : request.headers) {
    if (h.name != "Content-Type") req.headers.push_back(h);
  }
  if (request.body) req.headers.push_back({"Content-Type", "application/json"});

  constexpr int kAttempts = 3;
  for (int attempt = 0;; ++attempt) {
    const Sent sent = transport->send(req);
    if (!sent.answer) return outcome(false, nullptr, sent.timed_out ? "timeout" : "transport", sent.error);
    const HttpAnswer* res = &*sent.answer;
    const int status = res->status;
    const json data = json::parse(res->body, nullptr, false);
    const json shown = res->body.empty() || data.is_discarded() ? json(nullptr) : data;
    if (status >= 200 && status < 300) return outcome(true, status, nullptr, shown);
    const bool retryable = status == 429 || status >= 500;
    if (!retryable || attempt + 1 >= kAttempts) return outcome(false, status, error_kind(status), shown);
    double wait_s = status == 429 ? std::pow(2.0, attempt) : 0.5 * std::pow(2.0, attempt);
    if (const auto* retry_after = core::find_header(res->headers, "Retry-After"); status == 429 && retry_after) {
      try {
        wait_s = std::max(wait_s, std::stod(retry_after->value));
      } catch (const std::exception&) {
        // An unreadable Retry-After: keep the exponential wait.
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long long>(wait_s * 1000)));
  }
}

std::function<json(const ClientInput&)> profile_client(ProfileLookup lookup) {
  return [lookup = std::move(lookup)](const ClientInput& in) { return profile_client_call(lookup(in.provider), in); };
}

}  // namespace mockgate::runner
