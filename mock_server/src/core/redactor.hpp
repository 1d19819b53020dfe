// Redaction: whatever leaves the mock (journal, listings, logs) shows keys as prefix + last 4.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mockgate/core/key_store.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// The names that carry credentials for any provider (design.md, "key_in_url"): `api_key`,
/// `token`, `authorization`, …, in any case.
bool is_generic_credential_name(std::string_view name);

/// Whether a query parameter or header named `name` carries a credential for `profile`: a
/// generic name, a header name of one of its schemes, or one of its `url_credential_names`,
/// in any case. The journal's key_in_url flag and its redaction both ask this.
bool is_credential_name(std::string_view name, const Profile& profile);

class Redactor {
 public:
  /// Keeps references: `store` and `profile` must outlive the redactor.
  Redactor(const KeyStore& store, const Profile& profile) : store_(store), profile_(profile) {}

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

  /// Whether `text` is key-shaped or holds, anywhere in it, a key the store holds or held.
  bool mentions_key(std::string_view text) const;

 private:
  /// `text` with every key-shaped token replaced by its display form.
  std::string by_shape(std::string_view text) const;
  /// Where `text` holds a stored key or one of `secrets`, in order of position.
  std::vector<SecretSpan> secret_spans(std::string_view text, const std::vector<std::string>& secrets) const;
  std::string authorization(std::string_view header, std::string_view value,
                            const std::vector<std::string>& secrets) const;
  /// Whether a header so named carries "word credential" values (Authorization, or a header
  /// one of the profile's schemes gives a scheme word).
  bool has_scheme_words(std::string_view header) const;

  const KeyStore& store_;
  const Profile& profile_;
};

}  // namespace mockgate::core
