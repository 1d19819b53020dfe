// Redaction of headers, paths, query strings and bodies before anything is kept or shown.
#include "core/redactor.hpp"

#include <algorithm>
#include <array>

namespace mockgate::core {
namespace {

/// Letters, digits, '_' and '-': what a key-shaped token is made of. A table, since every byte
/// of everything journalled is asked.
constexpr auto kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<std::size_t>(c)] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                         (c >= '0' && c <= '9') || c == '_' || c == '-';
  }
  return table;
}();

bool is_token_char(char c) { return kTokenChars[static_cast<unsigned char>(c)]; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Every occurrence of `secret` in `text`, overlapping ones included.
void find_all(std::string_view text, std::string_view secret, std::vector<SecretSpan>& out) {
  for (auto pos = text.find(secret); pos != std::string_view::npos; pos = text.find(secret, pos + 1)) {
    out.push_back({pos, secret.size()});
  }
}

}  // namespace

bool is_generic_credential_name(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "api_key", "apikey",       "api-key",   "key",           "app-key", "app_key",
      "token",   "access_token", "x-api-key", "authorization", "secret"};
  for (const auto n : kNames) {
    if (iequals(n, name)) return true;
  }
  return false;
}

bool is_credential_name(std::string_view name, const Profile& profile) {
  if (is_generic_credential_name(name)) return true;
  for (const auto& s : profile.credentials) {
    if (iequals(s.header, name)) return true;
  }
  for (const auto& n : profile.url_credential_names) {
    if (iequals(n, name)) return true;
  }
  return false;
}

std::string Redactor::value(std::string_view secret) const {
  if (secret.find_first_not_of(" \t") == std::string_view::npos) return std::string(secret);
  return display_form(store_.matching_prefix(secret).value_or(""), secret);
}

bool Redactor::mentions_key(std::string_view text) const {
  return looks_like_key(text) || !store_.find_secrets(text).empty();
}

bool Redactor::looks_like_key(std::string_view token) const {
  const auto prefix = store_.matching_prefix(token);
  if (!prefix) return false;  // no key environment's prefix: not a key of this profile
  // A prefixed token of plausible length counts even when its random part is off-format:
  // better to over-redact a malformed key than to print it.
  if (!prefix->empty() && token.size() >= prefix->size() + 8) return true;
  return store_.is_well_formed(token);
}

std::vector<SecretSpan> Redactor::secret_spans(std::string_view text, const std::vector<std::string>& secrets) const {
  // Every stored key (current, rotated, deleted, reset away) and every secret this request
  // carried, wherever it stands, inside longer tokens too.
  std::vector<SecretSpan> spans = store_.find_secrets(text);
  for (const auto& s : secrets) {
    if (s.size() >= 4) find_all(text, s, spans);
  }
  std::sort(spans.begin(), spans.end(),
            [](const SecretSpan& a, const SecretSpan& b) { return a.pos < b.pos; });
  return spans;
}

std::string Redactor::target(std::string_view raw, const std::vector<std::string>& secrets) const {
  // A key may be sent percent-encoded, wholly or in part (`?q=sk_live_%41bc…`): it is looked
  // for in the decoded target, and its encoded bytes are what gets hidden in the raw one.
  std::string decoded;
  std::vector<std::size_t> raw_at;  // raw_at[i]: where decoded byte i starts in `raw`
  decoded.reserve(raw.size());
  raw_at.reserve(raw.size() + 1);
  for (std::size_t i = 0; i < raw.size();) {
    raw_at.push_back(i);
    if (raw[i] == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 && hex_value(raw[i + 2]) >= 0) {
      decoded.push_back(static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2])));
      i += 3;
    } else {
      decoded.push_back(raw[i++]);
    }
  }
  raw_at.push_back(raw.size());
  if (decoded.size() == raw.size()) return text(raw, secrets);  // nothing was encoded

  std::string out;
  out.reserve(raw.size());
  std::size_t done = 0;  // in `raw`
  const auto spans = secret_spans(decoded, secrets);
  for (std::size_t i = 0; i < spans.size();) {
    const std::size_t start = spans[i].pos;
    std::size_t end = start + spans[i].length;
    const auto first = std::string_view(decoded).substr(start, spans[i].length);
    for (++i; i < spans.size() && spans[i].pos < end; ++i) end = std::max(end, spans[i].pos + spans[i].length);
    out.append(raw.substr(done, raw_at[start] - done));
    out += value(first);
    done = raw_at[end];
  }
  out.append(raw.substr(std::min(done, raw.size())));
  return text(out, secrets);
}

std::string Redactor::text(std::string_view text, const std::vector<std::string>& secrets) const {
  // By value first, then by shape.
  const auto spans = secret_spans(text, secrets);
  if (spans.empty()) return by_shape(text);  // the usual case: nothing stored or sent in it
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (std::size_t i = 0; i < spans.size();) {
    // Overlapping finds are redacted as one: shown as the first, the rest hidden with it.
    const std::size_t start = spans[i].pos;
    std::size_t end = start + spans[i].length;
    const auto first = text.substr(start, spans[i].length);
    for (++i; i < spans.size() && spans[i].pos < end; ++i) end = std::max(end, spans[i].pos + spans[i].length);
    out.append(text.substr(done, start - done));
    out += value(first);
    done = end;
  }
  out.append(text.substr(std::min(done, text.size())));
  return by_shape(out);
}

std::string Redactor::by_shape(std::string_view text) const {
  // A key of this profile's format that the mock never stored. Text between such keys is
  // copied in runs; tokens too short to be one are not asked about.
  const std::size_t shortest = store_.shortest_key_shape();
  if (text.size() < shortest) return std::string(text);  // no token in it can be long enough
  std::string result;
  result.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_token_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_token_char(text[j])) ++j;
    const auto token = text.substr(i, j - i);
    if (token.size() >= shortest && looks_like_key(token)) {
      result.append(text.substr(copied, i - copied));
      result += value(token);
      copied = j;
    }
    i = j;
  }
  result.append(text.substr(copied));
  return result;
}

bool Redactor::has_scheme_words(std::string_view header) const {
  if (iequals(header, "Authorization")) return true;
  for (const auto& s : profile_.credentials) {
    if (s.has_scheme_word() && iequals(s.header, header)) return true;
  }
  return false;
}

std::string Redactor::authorization(std::string_view header, std::string_view v,
                                    const std::vector<std::string>& secrets) const {
  const auto space = v.find(' ');
  if (space == std::string_view::npos) {
    // A scheme word alone is an empty credential ("Token " + "", its blank trimmed by the
    // HTTP parser): shown, so that a reader can tell nothing was sent. Anything else may be a key.
    for (const auto& s : profile_.credentials) {
      if (s.has_scheme_word() && iequals(s.header, header) && s.is_scheme_word(v)) return std::string(v);
    }
    return value(v);
  }
  const auto scheme = v.substr(0, space);
  const auto rest = v.substr(space + 1);
  // Basic credentials carry a password: nothing of them is shown. "Basic" counts on any
  // header, the profile's Basic or not: a password sent where none is expected is a password.
  bool basic = iequals(scheme, "Basic");
  for (const auto& s : profile_.credentials) {
    basic = basic || (s.scheme == CredentialScheme::Basic && iequals(s.header, header) &&
                      s.is_scheme_word(scheme));
  }
  if (basic) return std::string(scheme) + " …";
  // The scheme word is shown, but it is whatever the client sent: a key may be inside it.
  return text(scheme, secrets) + " " + value(rest);
}

Headers Redactor::headers(const Headers& headers, const std::vector<std::string>& secrets) const {
  Headers out;
  out.reserve(headers.size());
  for (const auto& h : headers) {
    // A name is redacted like any text: a key may stand where a name should.
    std::string name = text(h.name, secrets);
    if (!is_credential_name(h.name, profile_)) {
      out.push_back({std::move(name), text(h.value, secrets)});
    } else if (has_scheme_words(h.name)) {
      out.push_back({std::move(name), authorization(h.name, h.value, secrets)});
    } else {
      out.push_back({std::move(name), value(h.value)});
    }
  }
  return out;
}

}  // namespace mockgate::core
