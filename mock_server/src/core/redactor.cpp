// Redaction of headers, paths, query strings and bodies before anything is kept or shown.
#include "mockgate/core/redactor.hpp"

namespace mockgate::core {
namespace {

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

}  // namespace

bool is_credential_name(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "api_key", "apikey",       "api-key",   "key",           "app-key", "app_key",
      "token",   "access_token", "x-api-key", "authorization", "secret"};
  for (const auto n : kNames) {
    if (iequals(n, name)) return true;
  }
  return false;
}

std::string Redactor::value(std::string_view secret) const {
  if (secret.find_first_not_of(" \t") == std::string_view::npos) return std::string(secret);
  return display_form(store_.matching_prefix(secret).value_or(""), secret);
}

bool Redactor::looks_like_key(std::string_view token) const {
  const auto prefix = store_.matching_prefix(token);
  if (!prefix) return false;  // no key environment's prefix: not a key of this profile
  // A prefixed token of plausible length counts even when its random part is off-format:
  // better to over-redact a malformed key than to print it.
  if (!prefix->empty() && token.size() >= prefix->size() + 8) return true;
  return store_.is_well_formed(token);
}

std::string Redactor::text(std::string_view text, const std::vector<std::string>& secrets) const {
  std::string out(text);
  for (const auto& s : secrets) {
    if (s.size() >= 4) replace_all(out, s, value(s));
  }
  std::string result;
  result.reserve(out.size());
  std::size_t i = 0;
  while (i < out.size()) {
    if (!is_token_char(out[i])) {
      result.push_back(out[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && is_token_char(out[j])) ++j;
    const std::string_view token(out.data() + i, j - i);
    if (looks_like_key(token)) {
      result += value(token);
    } else {
      result += token;
    }
    i = j;
  }
  return result;
}

std::string Redactor::authorization(std::string_view v) const {
  const auto space = v.find(' ');
  if (space == std::string_view::npos) return value(v);
  const auto scheme = v.substr(0, space);
  const auto rest = v.substr(space + 1);
  // Basic credentials carry a password: nothing of them is shown.
  if (iequals(scheme, "Basic")) return std::string(scheme) + " …";
  return std::string(scheme) + " " + value(rest);
}

Headers Redactor::headers(const Headers& headers, const std::vector<std::string>& secrets) const {
  Headers out;
  out.reserve(headers.size());
  for (const auto& h : headers) {
    bool is_credential = is_credential_name(h.name);
    for (const auto& s : schemes_) is_credential = is_credential || iequals(s.header, h.name);
    if (!is_credential) {
      out.push_back({h.name, text(h.value, secrets)});
    } else if (iequals(h.name, "Authorization")) {
      out.push_back({h.name, authorization(h.value)});
    } else {
      out.push_back({h.name, value(h.value)});
    }
  }
  return out;
}

}  // namespace mockgate::core
