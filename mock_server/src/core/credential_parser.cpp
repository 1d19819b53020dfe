// Credential extraction: strict formats, lenient header-name and scheme-word case.
#include "mockgate/core/credential_parser.hpp"

#include "mockgate/core/base64.hpp"

namespace mockgate::core {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

bool all_space(std::string_view s) {
  for (const char c : s) {
    if (!is_space(c)) return false;
  }
  return true;
}

bool has_space_or_control(std::string_view s) {
  for (const char c : s) {
    if (is_space(c) || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

/// "Scheme rest" → the rest, when the scheme word matches and exactly one space follows.
std::optional<std::string_view> after_scheme(std::string_view value, std::string_view scheme) {
  if (value.size() <= scheme.size() || !iequals(value.substr(0, scheme.size()), scheme) ||
      value[scheme.size()] != ' ') {
    return std::nullopt;
  }
  return value.substr(scheme.size() + 1);
}

bool is_authorization_scheme(CredentialScheme s) {
  return s == CredentialScheme::Bearer || s == CredentialScheme::Basic;
}

Credential parse_authorization(const CredentialSpec& spec, std::string_view value) {
  Credential c;
  c.scheme = spec.scheme;
  c.header = spec.header;
  c.kind = CredentialKind::Malformed;
  if (spec.scheme == CredentialScheme::Bearer) {
    const auto token = after_scheme(value, "Bearer");
    if (token && !token->empty() && !has_space_or_control(*token)) {
      c.kind = CredentialKind::Key;
      c.key = std::string(*token);
    }
    return c;
  }
  const auto encoded = after_scheme(value, "Basic");
  if (!encoded) return c;
  const auto decoded = base64_decode(*encoded);
  if (!decoded) return c;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0) return c;
  c.kind = CredentialKind::Basic;
  c.username = decoded->substr(0, colon);
  c.password = decoded->substr(colon + 1);
  return c;
}

bool scheme_word_matches(const CredentialSpec& spec, std::string_view value) {
  const std::string_view word = spec.scheme == CredentialScheme::Bearer ? "Bearer" : "Basic";
  return value.size() >= word.size() && iequals(value.substr(0, word.size()), word);
}

}  // namespace

Credential extract_credential(const std::vector<CredentialSpec>& schemes, const Headers& headers) {
  for (std::size_t i = 0; i < schemes.size(); ++i) {
    const auto& spec = schemes[i];
    const Header* h = find_header(headers, spec.header);
    if (h == nullptr) continue;
    if (all_space(h->value)) {
      return Credential{CredentialKind::Empty, spec.scheme, spec.header, {}, {}, {}};
    }
    if (!is_authorization_scheme(spec.scheme)) {
      Credential c{CredentialKind::Key, spec.scheme, spec.header, {}, {}, {}};
      // HTTP strips surrounding whitespace; whitespace or controls inside make it malformed.
      if (has_space_or_control(h->value)) {
        c.kind = CredentialKind::Malformed;
      } else {
        c.key = h->value;
      }
      return c;
    }
    // Several schemes may share the Authorization header: the scheme word picks one.
    const CredentialSpec* chosen = &spec;
    for (std::size_t j = i; j < schemes.size(); ++j) {
      if (is_authorization_scheme(schemes[j].scheme) && iequals(schemes[j].header, spec.header) &&
          scheme_word_matches(schemes[j], h->value)) {
        chosen = &schemes[j];
        break;
      }
    }
    return parse_authorization(*chosen, h->value);
  }
  return Credential{};
}

}  // namespace mockgate::core
