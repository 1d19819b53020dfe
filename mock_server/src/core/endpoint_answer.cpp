// Filling an endpoint's success answer.
#include "endpoint_answer.hpp"

#include "mockgate/core/clock.hpp"

namespace mockgate::core {
namespace {

/// Cuts the array at `pointer` to the `limit` query parameter; false when the limit is bad.
bool apply_limit(const LimitSpec& spec, const Request& request, Json& body) {
  for (const auto& [name, value] : request.query) {
    if (name != spec.query) continue;
    if (value.empty() || value.size() > 9 ||
        value.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    const auto limit = std::stoul(value);
    const Json::json_pointer ptr(spec.array_pointer);
    if (body.contains(ptr) && body.at(ptr).is_array() && body.at(ptr).size() > limit) {
      auto& arr = body.at(ptr);
      arr.erase(arr.begin() + static_cast<std::ptrdiff_t>(limit), arr.end());
    }
  }
  return true;
}

bool mentions_rate_limit(const Json& value) {
  return template_mentions(value, "rate_limit_limit") || template_mentions(value, "rate_limit_remaining");
}

}  // namespace

const Json& success_template(const EndpointSpec& endpoint, std::string_view key_env) {
  const auto by_env = endpoint.response_by_key_env.find(key_env);
  return by_env != endpoint.response_by_key_env.end() ? by_env->second : endpoint.response;
}

TemplateVars success_vars(const EndpointSpec& endpoint, const CompiledTemplate& tmpl, std::string_view key_env,
                          const stages::RateWindow& window,
                          const std::map<std::string, std::string>& params, Entropy& entropy,
                          SystemTime now) {
  const auto mentioned = [&](std::string_view name) {
    if (tmpl.mentions(name)) return true;
    for (const auto& h : endpoint.headers) {
      if (template_mentions(Json(h.value), name)) return true;
    }
    return false;
  };
  TemplateVars vars{{"env", std::string(key_env)}};
  if (mentioned("uuid")) vars.emplace("uuid", random_uuid(entropy));
  if (mentioned("now")) vars.emplace("now", format_time(now));
  if (window.limit > 0) {
    vars.emplace("rate_limit_limit", window.limit);
    vars.emplace("rate_limit_remaining", window.remaining);
  }
  for (const auto& [k, v] : params) vars.emplace(k, v);
  return vars;
}

Headers success_headers(const EndpointSpec& endpoint, const TemplateVars& vars,
                        const stages::RateWindow& window) {
  Headers headers;
  for (const auto& h : endpoint.headers) {
    // No limit applies (no tiers, tier unlimited): a header about it would have nothing to say.
    if (window.limit == 0 && mentions_rate_limit(Json(h.value))) continue;
    headers.push_back({h.name, fill_text(h.value, vars)});
  }
  return headers;
}

std::optional<Response> static_answer(const EndpointSpec& endpoint, const Json& tmpl,
                                      const CompiledTemplate& compiled, const TemplateVars& vars, Headers headers,
                                      const Request& request) {
  Response ok;
  ok.status = endpoint.status;
  ok.headers = std::move(headers);
  if (endpoint.limit) {
    Json body = fill_template(tmpl, vars);
    if (!apply_limit(*endpoint.limit, request, body)) return std::nullopt;
    ok.body = body_text(body);
  } else {
    ok.body = compiled.render(vars);
  }
  return ok;
}

}  // namespace mockgate::core
