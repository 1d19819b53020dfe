// Building a journal event from a request and its answer.
#include "serve_event.hpp"

#include "mockgate/core/key_hasher.hpp"

namespace mockgate::core {
namespace {

/// A stored key inside a longer value (`?q=x<KEY>y`) is in the URL all the same.
bool key_in_url(const Redactor& redactor, const Profile& profile, const Request& request) {
  for (const auto& [k, v] : request.query) {
    if (is_credential_name(k, profile) || redactor.mentions_key(k) || redactor.mentions_key(v)) {
      return true;
    }
  }
  return false;
}

}  // namespace

SentSecrets sent_secrets(const Profile& profile, const Request& request) {
  SentSecrets sent{extract_credential(profile.credentials, request.headers), {}};
  if (!sent.credential.key.empty()) sent.values.push_back(sent.credential.key);
  if (!sent.credential.password.empty()) sent.values.push_back(sent.credential.password);
  for (const auto& [k, v] : request.query) {
    if (is_credential_name(k, profile) && !v.empty()) sent.values.push_back(v);
  }
  return sent;
}

void describe_exchange(const Redactor& redactor, const Profile& profile, const Request& request,
                       const Response& response, const SentSecrets& sent, ServeEvent& event) {
  const auto& secrets = sent.values;
  // The method too: a key glued to it (`GETsk_live_… /path`) is parsed as one token.
  event.method = redactor.text(request.method, secrets);
  event.path = redactor.text(request.path, secrets);
  event.target = redactor.target(request.target, secrets);
  for (const auto& [k, v] : request.query) {
    // A key may stand where a name should (`?sk_live_…`): names are redacted like values.
    event.query.emplace_back(redactor.text(k, secrets), is_credential_name(k, profile)
                                                             ? redactor.value(v)
                                                             : redactor.text(v, secrets));
  }
  event.headers = redactor.headers(request.headers, secrets);
  // Only values the redaction changed need a digest: the others are kept as sent.
  event.header_digests.reserve(request.headers.size());
  for (std::size_t i = 0; i < request.headers.size(); ++i) {
    const auto& value = request.headers[i].value;
    event.header_digests.push_back(event.headers[i].value == value ? std::string() : sha256_hex(value));
  }
  // The whole body is redacted before the journal cuts it: a key across the cut is caught whole.
  event.body = redactor.text(request.body, secrets);
  event.body_size = request.body.size();
  if (key_in_url(redactor, profile, request)) event.flags.push_back(JournalFlag::KeyInUrl);
  // A held answer: the client is waiting on us (the runner lets such scenarios' slots go).
  if (response.delay.count() > 0) event.flags.push_back(JournalFlag::Delayed);
  event.network = response.network;
  // A reset before any answer: the client got nothing, as with a drop.
  if (response.drop || response.network == NetworkFault::Reset) {
    event.status.reset();
    event.flags.push_back(JournalFlag::Dropped);
    return;
  }
  event.status = response.status;
  event.response_headers = response.headers;
  event.response_body = redactor.text(response.body, secrets);
  event.response_body_size = response.body.size();
}

}  // namespace mockgate::core
