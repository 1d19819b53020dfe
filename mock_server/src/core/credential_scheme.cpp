// Credential schemes: their constructors, the scheme-word case rule, and the token grammar.
#include "mockgate/core/credential_scheme.hpp"

#include "mockgate/core/request.hpp"

namespace mockgate::core {
namespace {

std::string lower(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

}  // namespace

CredentialSpec CredentialSpec::key_in_header(std::string header, std::string name) {
  return {CredentialScheme::Key, std::move(header), {}, WordCase::Insensitive, std::move(name)};
}

CredentialSpec CredentialSpec::key_after_word(std::string header, std::string word,
                                              WordCase word_case) {
  std::string name = lower(word);
  return {CredentialScheme::Key, std::move(header), std::move(word), word_case, std::move(name)};
}

CredentialSpec CredentialSpec::basic(std::string header, WordCase word_case) {
  // RFC 7617 fixes the word; a profile only chooses the header and the case rule.
  return {CredentialScheme::Basic, std::move(header), "Basic", word_case, "basic"};
}

bool CredentialSpec::is_scheme_word(std::string_view word) const {
  return word_case == WordCase::Exact ? word == scheme_word : iequals(word, scheme_word);
}

bool is_http_token(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace mockgate::core
