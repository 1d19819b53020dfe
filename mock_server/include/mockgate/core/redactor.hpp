// Redaction: whatever leaves the mock (journal, listings, logs) shows keys as prefix + last 4.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mockgate/core/key_store.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// Query parameter and header names that carry credentials (design.md, "key_in_url").
bool is_credential_name(std::string_view name);

class Redactor {
 public:
  Redactor(const KeyStore& store, const std::vector<CredentialSpec>& schemes)
      : store_(store), schemes_(schemes) {}

  /// A key shown as its display form.
  /// An empty or blank value stays as it is (it hides nothing, and shows it was sent empty).
  std::string value(std::string_view secret) const;

  /// `text` with every occurrence of a key the store holds or held (as a substring too), of
  /// each of `secrets`, and of every key-shaped token replaced by its display form.
  std::string text(std::string_view text, const std::vector<std::string>& secrets) const;

  /// A raw request target, redacted as `text` and also where a key stands percent-encoded.
  std::string target(std::string_view raw, const std::vector<std::string>& secrets) const;

  /// Headers with credential values redacted (by name, by scheme, by value and by shape), and
  /// names redacted as texts.
  Headers headers(const Headers& headers, const std::vector<std::string>& secrets) const;

  /// Whether `token` has the shape of one of this provider's keys.
  bool looks_like_key(std::string_view token) const;

 private:
  /// Where `text` holds a stored key or one of `secrets`, in order of position.
  std::vector<SecretSpan> secret_spans(std::string_view text, const std::vector<std::string>& secrets) const;
  std::string authorization(std::string_view value, const std::vector<std::string>& secrets) const;

  const KeyStore& store_;
  const std::vector<CredentialSpec>& schemes_;
};

}  // namespace mockgate::core
