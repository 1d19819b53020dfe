// Credential extraction: strict formats, lenient header-name and scheme-word case.
#include "core/credential_parser.hpp"

#include "core/base64.hpp"

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

/// The value's scheme word as sent: everything before the first space.
std::string_view word_of(std::string_view value) { return value.substr(0, value.find(' ')); }

/// "Word rest" → the rest, when the word is the scheme's (by its case rule) and exactly one
/// space follows; a second space would start the rest, which then fails as whitespace.
std::optional<std::string_view> after_word(const CredentialSpec& spec, std::string_view value) {
  const auto word = word_of(value);
  if (word.size() == value.size() || !spec.is_scheme_word(word)) return std::nullopt;
  return value.substr(word.size() + 1);
}

Credential parse_after_word(const CredentialSpec& spec, std::string_view value) {
  Credential c;
  c.scheme = spec.scheme;
  c.header = spec.header;
  c.kind = CredentialKind::Malformed;
  const auto rest = after_word(spec, value);
  if (!rest) return c;
  if (spec.scheme == CredentialScheme::Key) {
    if (!rest->empty() && !has_space_or_control(*rest)) {
      c.kind = CredentialKind::Key;
      c.key = std::string(*rest);
    }
    return c;
  }
  const auto decoded = base64_decode(*rest);
  if (!decoded) return c;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos || colon == 0) return c;
  c.kind = CredentialKind::Basic;
  c.username = decoded->substr(0, colon);
  c.password = decoded->substr(colon + 1);
  return c;
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
    if (!spec.has_scheme_word()) {
      Credential c{CredentialKind::Key, spec.scheme, spec.header, {}, {}, {}};
      // HTTP strips surrounding whitespace; whitespace or controls inside make it malformed.
      if (has_space_or_control(h->value)) {
        c.kind = CredentialKind::Malformed;
      } else {
        c.key = h->value;
      }
      return c;
    }
    // Several schemes may share a header: the word the request sent picks one. A word no
    // scheme of this header has is judged by the first, so it is malformed.
    const auto word = word_of(h->value);
    const CredentialSpec* chosen = &spec;
    for (std::size_t j = i; j < schemes.size(); ++j) {
      if (schemes[j].has_scheme_word() && iequals(schemes[j].header, spec.header) &&
          schemes[j].is_scheme_word(word)) {
        chosen = &schemes[j];
        break;
      }
    }
    return parse_after_word(*chosen, h->value);
  }
  return Credential{};
}

}  // namespace mockgate::core
