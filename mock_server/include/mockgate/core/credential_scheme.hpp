// A credential scheme as data: which header carries a profile's credential, and in what form.
#pragma once

#include <string>
#include <string_view>

namespace mockgate::core {

enum class CredentialScheme {
  Key,    ///< an API key: the whole header value (X-Api-Key: KEY) or after a scheme word
          ///< (Authorization: Bearer KEY, Authorization: AccessKey KEY)
  Basic,  ///< username:password in base64 after the scheme word (Authorization: Basic …)
};

/// How the scheme word a request sends is compared with the profile's.
enum class WordCase {
  Insensitive,  ///< any case, as RFC 9110 §11.1 says of auth schemes (the default)
  Exact,        ///< byte for byte, for a provider that documents its spelling as the only one
};

/// One way a profile accepts a credential. A profile lists several, in precedence order;
/// several may share a header when each has its own scheme word (the word picks one).
struct CredentialSpec {
  CredentialScheme scheme = CredentialScheme::Key;
  std::string header;       ///< header name, matched in any case (RFC 9110)
  std::string scheme_word;  ///< "Bearer", "AccessKey", "Basic"; empty: the value is the key alone
  WordCase word_case = WordCase::Insensitive;
  /// What an endpoint's `credentials:` list calls it; several schemes may share a name, and
  /// an endpoint naming it accepts them all.
  std::string name;

  /// The key alone in `header`.
  static CredentialSpec key_in_header(std::string header, std::string name = "header");
  /// The key after `word` and one space in `header`; named after the word in lower case.
  static CredentialSpec key_after_word(std::string header, std::string word,
                                       WordCase word_case = WordCase::Insensitive);
  /// Basic credentials (RFC 7617: the word "Basic", then base64 of username:password).
  static CredentialSpec basic(std::string header, WordCase word_case = WordCase::Insensitive);

  bool has_scheme_word() const { return !scheme_word.empty(); }
  /// Whether `word`, as a request spells it, is this scheme's word under its case rule.
  bool is_scheme_word(std::string_view word) const;
};

/// Whether `text` is an RFC 9110 token (1*tchar), the grammar of header names and of
/// auth-scheme words: no spaces, no separators, not empty.
bool is_http_token(std::string_view text);

}  // namespace mockgate::core
