// Feeds header lists to core::extract_credential under each bundled profile's schemes and under
// one list holding every scheme. Beyond "no crash" it asserts what credential_parser.hpp promises:
// - Missing exactly when no scheme's header is present (any case);
// - Empty only for a header that is blank; Key only with a non-empty key free of whitespace and
//   control characters; Basic only with a non-empty username free of ':', and then
//   base64("user:password") is exactly what followed "Basic " (strict, canonical base64);
// - the credential names the header of the first scheme whose header is present.
// Input: byte 0 picks the scheme list; the rest is header lines "name: value", split at LF.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "core/base64.hpp"
#include "core/credential_parser.hpp"

namespace {

namespace core = mockgate::core;
using mockgate::fuzz::require;

core::Headers parse_headers(std::string_view text) {
  core::Headers headers;
  while (!text.empty()) {
    const auto lf = text.find('\n');
    const auto line = text.substr(0, lf);
    text = lf == std::string_view::npos ? std::string_view{} : text.substr(lf + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  return headers;
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

bool clean_key(std::string_view s) {
  for (const char c : s) {
    if (c == ' ' || c == '\t' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return !s.empty();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const auto lists = [] {
    std::vector<std::vector<core::CredentialSpec>> out;
    for (const auto& p : mockgate::fuzz::bundled_profiles()) out.push_back(p.credentials);
    using Spec = core::CredentialSpec;
    out.push_back({Spec::key_in_header("X-Api-Key"), Spec::key_after_word("Authorization", "Bearer"),
                   Spec::basic("Authorization"), Spec::key_in_header("app-key")});
    // Words as data: an exact-case word beside an any-case one on the same header.
    out.push_back({Spec::key_after_word("Authorization", "AccessKey", core::WordCase::Exact),
                   Spec::key_after_word("Authorization", "Token"), Spec::basic("Authorization")});
    return out;
  }();
  const auto& schemes = lists[data[0] % lists.size()];
  const auto headers = parse_headers({reinterpret_cast<const char*>(data) + 1, size - 1});

  const auto c = core::extract_credential(schemes, headers);
  const core::Header* first = nullptr;
  for (const auto& s : schemes) {
    first = core::find_header(headers, s.header);
    if (first != nullptr) {
      require(c.header == s.header, "the first present scheme's header decides");
      break;
    }
  }
  require((c.kind == core::CredentialKind::Missing) == (first == nullptr),
          "Missing exactly when no scheme's header is there");
  switch (c.kind) {
    case core::CredentialKind::Missing:
    case core::CredentialKind::Malformed:
      break;
    case core::CredentialKind::Empty:
      require(is_blank(first->value), "Empty only for a blank header");
      break;
    case core::CredentialKind::Key:
      require(clean_key(c.key), "a key is non-empty, without whitespace or controls");
      require(
          first->value.size() >= c.key.size() &&
              first->value.compare(first->value.size() - c.key.size(), c.key.size(), c.key) == 0,
          "a key is the end of its header's value");
      break;
    case core::CredentialKind::Basic:
      require(!c.username.empty() && c.username.find(':') == std::string::npos,
              "a Basic username is non-empty and has no colon");
      require(first->value.size() > 6 &&
                  first->value.substr(6) == core::base64_encode(c.username + ":" + c.password),
              "Basic credentials are the canonical base64 of user:password");
      break;
  }
  return 0;
}
