// An ephemeral certificate authority made in memory at start, and the server certificates it
// signs: one trusted, and three that a correct client must refuse (untrusted CA, wrong host,
// expired). The CA is written as PEM for clients to trust.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct ssl_ctx_st;

namespace mockgate::server {

enum class CertificateMode { Trusted, Untrusted, WrongHost, Expired };

std::optional<CertificateMode> parse_certificate_mode(std::string_view text);
std::string_view to_string(CertificateMode mode);
const std::vector<std::string>& certificate_mode_names();

class CertificateAuthority {
 public:
  /// The process-wide authority, made on first use (key generation is the slow part, so every
  /// server in the process shares it). Thread-safe.
  static std::shared_ptr<const CertificateAuthority> shared();

  CertificateAuthority();
  ~CertificateAuthority();
  CertificateAuthority(const CertificateAuthority&) = delete;
  CertificateAuthority& operator=(const CertificateAuthority&) = delete;

  /// The CA certificate clients should trust, as PEM.
  const std::string& ca_pem() const;
  /// A server context presenting the certificate of `mode` (owned by the authority).
  ssl_ctx_st* context(CertificateMode mode) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mockgate::server
