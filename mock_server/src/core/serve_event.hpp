// The journal's view of one exchange: what the request carried and what it was answered,
// redacted once with every secret the request could hold.
#pragma once

#include <string>
#include <vector>

#include "core/credential_parser.hpp"
#include "mockgate/core/journal.hpp"
#include "core/redactor.hpp"

namespace mockgate::core {

/// What a request carries that the journal must never keep in clear, read once per request.
struct SentSecrets {
  /// The credential under any of the profile's schemes: the pipeline uses it too, unless the
  /// endpoint narrows the schemes (a header of a scheme it refuses is still a secret).
  Credential credential;
  /// The credential's key or password, and every credential-named query parameter's value.
  std::vector<std::string> values;
};

SentSecrets sent_secrets(const Profile& profile, const Request& request);

/// Fills `event` — which already holds the time, env, peer and what the pipeline noted (key id,
/// fault flags) — with the request and its answer, redacted, and flags a key in the URL.
void describe_exchange(const Redactor& redactor, const Profile& profile, const Request& request,
                       const Response& response, const SentSecrets& sent, ServeEvent& event);

}  // namespace mockgate::core
