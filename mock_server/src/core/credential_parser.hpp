// Finds the credential in a request, the way the profile's schemes say, in precedence order.
#pragma once

#include <string>
#include <vector>

#include "mockgate/core/profile.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

enum class CredentialKind {
  Missing,    ///< no header of any scheme
  Empty,      ///< the header is there, empty or only spaces
  Malformed,  ///< the header is there but not in the scheme's format
  Key,        ///< an API key (alone in its header or after a scheme word)
  Basic,      ///< username and password
};

struct Credential {
  CredentialKind kind = CredentialKind::Missing;
  CredentialScheme scheme = CredentialScheme::Key;
  std::string header;  ///< the header it came from (as the profile names it)
  std::string key;
  std::string username;
  std::string password;

  bool has_credential() const {
    return kind == CredentialKind::Key || kind == CredentialKind::Basic;
  }
};

/// Header names are matched in any case, scheme words by each scheme's case rule (any case
/// unless the profile says exact, as RFC 9110 has it); otherwise the format is strict: one
/// space after the scheme word, no whitespace in a key, Basic credentials in canonical base64
/// with a colon. The first scheme whose header is present decides, so a key header beats an
/// Authorization header when both are sent; among schemes sharing that header, the word the
/// request sent picks one, and a word none of them has is malformed.
Credential extract_credential(const std::vector<CredentialSpec>& schemes, const Headers& headers);

}  // namespace mockgate::core
