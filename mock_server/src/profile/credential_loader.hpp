// The credential parts of a profile: its schemes, endpoints' references to them, URL names.
#pragma once

#include <string>
#include <vector>

#include "mockgate/core/credential_scheme.hpp"
#include "profile/yaml_reader.hpp"

namespace mockgate::server::detail {

/// A profile's `credentials:` list, in precedence order. Each item is
/// `{scheme: header, header: NAME[, scheme_word: WORD][, scheme_word_case: insensitive|exact]}`,
/// `{scheme: bearer}` (shorthand for header Authorization, word Bearer) or `{scheme: basic}`,
/// each with an optional `name`. Throws InputError at the offending node for a bad header name
/// or word (not an RFC 9110 token), and for schemes that could not be told apart on one header.
std::vector<core::CredentialSpec> load_credentials(const YamlNode& list);

/// An endpoint's `credentials:` list: names of `schemes` (several schemes may share one).
std::vector<std::string> load_endpoint_credentials(const YamlNode& list,
                                                   const std::vector<core::CredentialSpec>& schemes);

/// The profile's `url_credential_names:`: query names that carry a key, beyond the generic ones.
std::vector<std::string> load_url_credential_names(const YamlNode& list);

}  // namespace mockgate::server::detail
