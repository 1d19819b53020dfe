// The profile-driven client (`builtin:profile`, the default of `mockgate verify`): a correct
// client for any provider, built from its profile alone (scheme, endpoint, request template),
// so a provider written as YAML is verified with no C++. The reference clients in
// fixtures/clients/ stay as what an SDK looks like; this one is what the profile implies.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "mockgate/core/profile.hpp"
#include "mockgate/runner/client_driver.hpp"
#include "mockgate/runner/scenario_loader.hpp"  // ProfileLookup

namespace mockgate::runner {

/// One request as the client sends it: the provider's method, path with query, credential
/// header and body. The key is in `headers` only.
struct ClientRequest {
  std::string method;
  std::string target;              ///< path and query, percent-encoded
  core::Headers headers;           ///< the credential header, and Content-Type with a body
  std::optional<std::string> body;
};

/// Why the profile cannot say how to ask (reported as the outcome's `config` error, as an SDK
/// refuses a call it has no method for).
struct UnsupportedCall : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The request for `input.operation`: the profile's first endpoint for that operation, its
/// `request` templates filled from input.params, and the credential in the first of the
/// endpoint's schemes that fits what the client was given (a key, or username and password).
/// Throws UnsupportedCall.
ClientRequest build_request(const core::Profile& profile, const ClientInput& input);

/// `template_` with every "{name}" filled from `params` (see core::RequestTemplate); nullopt
/// when a parameter it needs was not given, so the caller leaves it out.
std::optional<core::Json> fill_template(const core::Json& template_, const nlohmann::json& params);

/// Sends the request over input.base_url (TLS verified against input.ca_file) as the reference
/// clients do: up to 3 attempts, again only after 429 (waiting Retry-After when it is longer) or
/// 5xx, with growing waits; returns the outcome object of protocol v1.
nlohmann::json profile_client_call(const core::Profile& profile, const ClientInput& input);

/// The client as a CallableClientDriver function: each input's provider looked up by id.
std::function<nlohmann::json(const ClientInput&)> profile_client(ProfileLookup lookup);

}  // namespace mockgate::runner
