// The success answer of an endpoint, for a request every stage let through: its template, the
// variables it shows, its headers and, for a static endpoint, the whole answer (stage 12).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "auth_stages.hpp"
#include "core/compiled_template.hpp"
#include "mockgate/core/entropy.hpp"
#include "core/renderer.hpp"

namespace mockgate::core {

/// The body template for a caller whose key is of `key_env` (sandbox and live data may differ).
const Json& success_template(const EndpointSpec& endpoint, std::string_view key_env);

/// The variables of the success answer, body and headers alike: env, path parameters, the
/// rate-limit window, and a uuid and the time only for templates that show them (a fresh uuid
/// costs the system's randomness). `tmpl` is the compiled success_template.
TemplateVars success_vars(const EndpointSpec& endpoint, const CompiledTemplate& tmpl, std::string_view key_env,
                          const stages::RateWindow& window,
                          const std::map<std::string, std::string>& params, Entropy& entropy,
                          SystemTime now);

/// The endpoint's headers filled; one about the rate limit is left out when no limit applies.
Headers success_headers(const EndpointSpec& endpoint, const TemplateVars& vars,
                        const stages::RateWindow& window);

/// A static endpoint's answer; nullopt when its `limit` query parameter is not a number.
/// `compiled` is `tmpl` compiled: it writes the body unless a limit must cut the tree first.
std::optional<Response> static_answer(const EndpointSpec& endpoint, const Json& tmpl,
                                      const CompiledTemplate& compiled, const TemplateVars& vars, Headers headers,
                                      const Request& request);

}  // namespace mockgate::core
