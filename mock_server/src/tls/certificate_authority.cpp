// Certificates made with OpenSSL in memory (no `openssl` command, nothing on disk but the
// exported CA). EC P-256 keys: fast to generate, accepted by every TLS client.
#include "tls/certificate_authority.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <mutex>
#include <stdexcept>

namespace mockgate::server {
namespace {

constexpr long kDay = 24L * 60 * 60;

[[noreturn]] void fail(const std::string& what) {
  char buf[256] = {};
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  throw std::runtime_error("TLS setup: " + what + ": " + buf);
}

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
struct CtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;
using Ctx = std::unique_ptr<SSL_CTX, CtxFree>;

Key make_key() {
  Key key(EVP_EC_gen("P-256"));
  if (!key) fail("EC key generation");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr || X509_add_ext(cert, ext, -1) != 1) fail("certificate extension");
  X509_EXTENSION_free(ext);
}

/// A certificate for `subject_key`, valid from `not_before` to `not_after` seconds from now,
/// signed by `issuer_key` (self-signed when `issuer` is null).
Cert make_cert(const char* common_name, EVP_PKEY* subject_key, X509* issuer, EVP_PKEY* issuer_key,
               long not_before, long not_after, bool is_ca, const char* alt_names) {
  Cert cert(X509_new());
  if (!cert) fail("X509_new");
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after);
  X509_set_pubkey(cert.get(), subject_key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("mockgate"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (is_ca) {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  } else {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), signer, NID_subject_alt_name, alt_names);
    add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid");
  }
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) == 0) fail("signing a certificate");
  return cert;
}

Ctx make_context(X509* cert, EVP_PKEY* key, X509* chain_ca) {
  Ctx ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) fail("SSL_CTX_new");
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_use_certificate(ctx.get(), cert) != 1) fail("using the certificate");
  if (SSL_CTX_use_PrivateKey(ctx.get(), key) != 1) fail("using the key");
  if (chain_ca != nullptr && SSL_CTX_add1_chain_cert(ctx.get(), chain_ca) != 1) fail("chain");
  return ctx;
}

std::string to_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return pem;
}

constexpr const char* kGoodNames = "IP:127.0.0.1,IP:::1,DNS:localhost";

}  // namespace

std::optional<CertificateMode> parse_certificate_mode(std::string_view text) {
  if (text == "trusted") return CertificateMode::Trusted;
  if (text == "untrusted") return CertificateMode::Untrusted;
  if (text == "wrong_host") return CertificateMode::WrongHost;
  if (text == "expired") return CertificateMode::Expired;
  return std::nullopt;
}

std::string_view to_string(CertificateMode mode) {
  switch (mode) {
    case CertificateMode::Trusted: return "trusted";
    case CertificateMode::Untrusted: return "untrusted";
    case CertificateMode::WrongHost: return "wrong_host";
    case CertificateMode::Expired: return "expired";
  }
  return "trusted";
}

const std::vector<std::string>& certificate_mode_names() {
  static const std::vector<std::string> names = {"trusted", "untrusted", "wrong_host", "expired"};
  return names;
}

struct CertificateAuthority::Impl {
  Key ca_key, server_key, rogue_key;
  Cert ca, rogue_ca, trusted, untrusted, wrong_host, expired;
  Ctx contexts[4];
  std::string pem;
};

CertificateAuthority::CertificateAuthority() : impl_(std::make_unique<Impl>()) {
  auto& i = *impl_;
  i.ca_key = make_key();
  i.server_key = make_key();
  i.rogue_key = make_key();
  i.ca = make_cert("mockgate ephemeral CA", i.ca_key.get(), nullptr, i.ca_key.get(), -kDay,
                   30 * kDay, true, nullptr);
  // A CA nobody was told to trust: its certificate must be refused.
  i.rogue_ca = make_cert("mockgate untrusted CA", i.rogue_key.get(), nullptr, i.rogue_key.get(),
                         -kDay, 30 * kDay, true, nullptr);
  i.trusted = make_cert("localhost", i.server_key.get(), i.ca.get(), i.ca_key.get(), -kDay,
                        30 * kDay, false, kGoodNames);
  i.untrusted = make_cert("localhost", i.server_key.get(), i.rogue_ca.get(), i.rogue_key.get(),
                          -kDay, 30 * kDay, false, kGoodNames);
  // Signed by the exported CA: only the host names are wrong.
  i.wrong_host = make_cert("wrong.host.invalid", i.server_key.get(), i.ca.get(), i.ca_key.get(),
                           -kDay, 30 * kDay, false, "DNS:wrong.host.invalid");
  // Signed by the exported CA: only the dates are wrong.
  i.expired = make_cert("localhost", i.server_key.get(), i.ca.get(), i.ca_key.get(), -30 * kDay,
                        -kDay, false, kGoodNames);
  i.contexts[0] = make_context(i.trusted.get(), i.server_key.get(), nullptr);
  i.contexts[1] = make_context(i.untrusted.get(), i.server_key.get(), i.rogue_ca.get());
  i.contexts[2] = make_context(i.wrong_host.get(), i.server_key.get(), nullptr);
  i.contexts[3] = make_context(i.expired.get(), i.server_key.get(), nullptr);
  i.pem = to_pem(i.ca.get());
}

CertificateAuthority::~CertificateAuthority() = default;

const std::string& CertificateAuthority::ca_pem() const { return impl_->pem; }

ssl_ctx_st* CertificateAuthority::context(CertificateMode mode) const {
  return impl_->contexts[static_cast<int>(mode)].get();
}

std::shared_ptr<const CertificateAuthority> CertificateAuthority::shared() {
  // Made once per process: every later server starts without generating keys.
  static std::mutex mutex;
  static std::shared_ptr<const CertificateAuthority> cached;
  std::lock_guard lock(mutex);
  if (!cached) cached = std::make_shared<const CertificateAuthority>();
  return cached;
}

}  // namespace mockgate::server
