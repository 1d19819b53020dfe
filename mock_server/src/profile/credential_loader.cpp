// Reads the credential parts of a profile: a scheme is data (header, word, case rule), so a
// provider's `Authorization: AccessKey KEY` needs a line of YAML and no C++.
#include "credential_loader.hpp"

#include "mockgate/core/request.hpp"

namespace mockgate::server::detail {
namespace {

using core::CredentialSpec;
using core::WordCase;

// The YAML shorthands' defaults: RFC 6750 and RFC 7617 name the header and the words.
constexpr std::string_view kAuthorization = "Authorization";
constexpr std::string_view kBearer = "Bearer";

std::string token_at(const YamlNode& n, std::string_view what) {
  const auto text = n.as_string();
  if (!core::is_http_token(text)) {
    throw InputError::invalid_value(n.mark(), n.path(),
                                    "'" + text + "' is not " + std::string(what) +
                                        " (an RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~, "
                                        "no spaces)");
  }
  return text;
}

WordCase word_case_of(const YamlNode& n) {
  const auto text = n.as_string();
  if (text == "insensitive") return WordCase::Insensitive;
  if (text == "exact") return WordCase::Exact;
  throw InputError::unknown_name(n.mark(), "scheme word case", text, {"insensitive", "exact"});
}

CredentialSpec credential(const YamlNode& n) {
  n.expect_keys({"scheme", "header", "scheme_word", "scheme_word_case", "name"});
  const auto scheme_node = n.required("scheme");
  const auto scheme = scheme_node.as_string();
  if (scheme != "header" && scheme != "bearer" && scheme != "basic") {
    throw InputError::unknown_name(scheme_node.mark(), "credential scheme", scheme,
                                   {"header", "bearer", "basic"});
  }
  const auto header_node = n.optional("header");
  const auto word_node = n.optional("scheme_word");
  const auto case_node = n.optional("scheme_word_case");
  const WordCase word_case = case_node ? word_case_of(*case_node) : WordCase::Insensitive;
  const std::string header = header_node ? token_at(*header_node, "a header name")
                                         : std::string(kAuthorization);
  CredentialSpec c;
  if (scheme == "header") {
    if (!header_node) throw InputError::missing_field(n.mark(), n.path() + ".header");
    if (word_node) {
      c = CredentialSpec::key_after_word(header, token_at(*word_node, "a scheme word"), word_case);
    } else {
      if (case_node) throw case_node->error("'scheme_word_case' needs a 'scheme_word'");
      c = CredentialSpec::key_in_header(header);
    }
  } else {
    if (word_node) {
      throw word_node->error("'" + scheme + "' has its own scheme word; for another word use "
                             "'scheme: header' with 'scheme_word'");
    }
    c = scheme == "bearer" ? CredentialSpec::key_after_word(header, std::string(kBearer), word_case)
                           : CredentialSpec::basic(header, word_case);
  }
  if (auto name = n.optional("name")) c.name = token_at(*name, "a scheme name");
  return c;
}

/// Two schemes on one header must differ by their words, or the second could never be chosen.
void check_distinguishable(const std::vector<CredentialSpec>& schemes, const YamlNode& item) {
  const auto& last = schemes.back();
  for (std::size_t i = 0; i + 1 < schemes.size(); ++i) {
    const auto& other = schemes[i];
    if (!core::iequals(other.header, last.header)) continue;
    if (!other.has_scheme_word() || !last.has_scheme_word()) {
      throw item.error("header '" + last.header + "' already carries scheme " +
                       std::to_string(i + 1) +
                       "; schemes may share a header only when each has a scheme_word");
    }
    if (core::iequals(other.scheme_word, last.scheme_word)) {
      throw item.error("scheme word '" + last.scheme_word + "' is already scheme " +
                       std::to_string(i + 1) + "'s on header '" + last.header + "'");
    }
  }
}

}  // namespace

std::vector<CredentialSpec> load_credentials(const YamlNode& list) {
  std::vector<CredentialSpec> schemes;
  for (const auto& item : list.items()) {
    schemes.push_back(credential(item));
    check_distinguishable(schemes, item);
  }
  if (schemes.empty()) throw list.error("at least one credential scheme is needed");
  return schemes;
}

std::vector<std::string> load_endpoint_credentials(const YamlNode& list,
                                                   const std::vector<CredentialSpec>& schemes) {
  std::vector<std::string> known;
  for (const auto& s : schemes) {
    bool seen = false;
    for (const auto& k : known) seen = seen || k == s.name;
    if (!seen) known.push_back(s.name);
  }
  std::vector<std::string> names;
  for (const auto& item : list.items()) {
    const auto name = item.as_string();
    bool found = false;
    for (const auto& k : known) found = found || k == name;
    if (!found) throw InputError::unknown_name(item.mark(), "credential scheme of this profile", name, known);
    names.push_back(name);
  }
  return names;
}

std::vector<std::string> load_url_credential_names(const YamlNode& list) {
  std::vector<std::string> names;
  for (const auto& item : list.items()) {
    const auto name = item.as_string();
    if (name.empty()) throw InputError::invalid_value(item.mark(), item.path(), "must not be empty");
    names.push_back(name);
  }
  return names;
}

}  // namespace mockgate::server::detail
