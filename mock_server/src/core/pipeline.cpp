// The decision pipeline, in design.md's order: route → transport → [faults] → credential →
// lookup → environment → status → scope → IP whitelist → rate limit → [faults] → body →
// endpoint. Each step may answer.
#include "mockgate/core/pipeline.hpp"

#include <algorithm>
#include <cassert>

#include "mockgate/core/credential_parser.hpp"
#include "mockgate/core/provider_state.hpp"
#include "mockgate/core/redactor.hpp"
#include "mockgate/core/renderer.hpp"

namespace mockgate::core {
namespace {

/// Cuts the array at `pointer` to the `limit` query parameter; false when the limit is bad.
bool apply_limit(const LimitSpec& spec, const Request& request, Json& body) {
  for (const auto& [name, value] : request.query) {
    if (name != spec.query) continue;
    if (value.empty() || value.size() > 9 ||
        value.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    const auto limit = std::stoul(value);
    const Json::json_pointer ptr(spec.array_pointer);
    if (body.contains(ptr) && body.at(ptr).is_array() && body.at(ptr).size() > limit) {
      auto& arr = body.at(ptr);
      arr.erase(arr.begin() + static_cast<std::ptrdiff_t>(limit), arr.end());
    }
  }
  return true;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 500 ? "Server Error" : "Error";
  }
}

}  // namespace

bool match_path(std::string_view pattern, std::string_view path,
                std::map<std::string, std::string>* params) {
  // Segment by segment through both at once: every request tries every endpoint, so the
  // usual mismatch costs no allocation.
  std::size_t want_at = 0;
  std::size_t got_at = 0;
  for (;;) {
    const auto want_end = std::min(pattern.find('/', want_at), pattern.size());
    const auto got_end = std::min(path.find('/', got_at), path.size());
    const auto w = pattern.substr(want_at, want_end - want_at);
    const auto g = path.substr(got_at, got_end - got_at);
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (g.empty()) return false;
      if (params) (*params)[std::string(w.substr(1, w.size() - 2))] = std::string(g);
    } else if (w != g) {
      return false;
    }
    const bool want_done = want_end == pattern.size();
    const bool got_done = got_end == path.size();
    if (want_done || got_done) return want_done && got_done;
    want_at = want_end + 1;
    got_at = got_end + 1;
  }
}

Route route(const Profile& profile, std::string_view method, std::string_view path) {
  Route r;
  const std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
  for (const auto& e : profile.endpoints) {
    std::map<std::string, std::string> params;
    if (!match_path(e.path, path, &params)) continue;
    bool listed = false;
    for (const auto& m : r.allowed) listed = listed || m == e.method;
    if (!listed) r.allowed.push_back(e.method);
    if (r.endpoint == nullptr && e.method == effective) {
      r.endpoint = &e;
      r.params = std::move(params);
    }
  }
  return r;
}

Response ProviderState::handle(const Request& request, std::string_view env) {
  std::lock_guard lock(mutex_);
  ServeEvent event;
  event.time = clock_.now();
  event.env = std::string(env);
  event.tls = request.is_tls();
  event.peer = request.peer_address;
  Response response = decide(request, env, event);
  response.content_type = "application/json";

  // Redact with everything this request could have carried as a secret.
  const Redactor redactor(keys_, profile_);
  const auto credential = extract_credential(profile_.credentials, request.headers);
  std::vector<std::string> secrets;
  if (!credential.key.empty()) secrets.push_back(credential.key);
  if (!credential.password.empty()) secrets.push_back(credential.password);
  for (const auto& [k, v] : request.query) {
    if (is_credential_name(k, profile_) && !v.empty()) secrets.push_back(v);
  }
  // The method too: a key glued to it (`GETsk_live_… /path`) is parsed as one token.
  event.method = redactor.text(request.method, secrets);
  event.path = redactor.text(request.path, secrets);
  event.target = redactor.target(request.target, secrets);
  for (const auto& [k, v] : request.query) {
    // A key may stand where a name should (`?sk_live_…`): names are redacted like values.
    event.query.emplace_back(redactor.text(k, secrets),
                             is_credential_name(k, profile_) ? redactor.value(v) : redactor.text(v, secrets));
  }
  event.headers = redactor.headers(request.headers, secrets);
  // Only values the redaction changed need a digest: the others are kept as sent.
  event.header_digests.reserve(request.headers.size());
  for (std::size_t i = 0; i < request.headers.size(); ++i) {
    const auto& sent = request.headers[i].value;
    event.header_digests.push_back(event.headers[i].value == sent ? std::string() : sha256_hex(sent));
  }
  event.steady = clock_.steady_now();
  // The whole body is redacted before the journal cuts it: a key across the cut is caught whole.
  event.body = redactor.text(request.body, secrets);
  event.body_size = request.body.size();
  flag_key_in_url(request, event);
  // A held answer: the client is waiting on us (the runner lets such scenarios' slots go).
  if (response.delay.count() > 0) event.flags.push_back(JournalFlag::Delayed);
  if (response.drop) {
    event.status.reset();
    event.flags.push_back(JournalFlag::Dropped);
  } else {
    event.status = response.status;
    event.response_headers = response.headers;
    event.response_body = redactor.text(response.body, secrets);
    event.response_body_size = response.body.size();
  }
  journal_.record(std::move(event));
  return response;
}

void ProviderState::flag_key_in_url(const Request& request, ServeEvent& event) {
  const Redactor redactor(keys_, profile_);
  // A stored key inside a longer value (`?q=x<KEY>y`) is in the URL all the same.
  const auto is_key = [&](const std::string& s) {
    return redactor.looks_like_key(s) || !keys_.find_secrets(s).empty();
  };
  for (const auto& [k, v] : request.query) {
    if (is_credential_name(k, profile_) || is_key(k) || is_key(v)) {
      event.flags.push_back(JournalFlag::KeyInUrl);
      return;
    }
  }
}

Response ProviderState::plain_answer(std::string_view name) {
  std::string key = locale_;
  key += '\n';
  key += name;
  auto it = plain_answers_.find(key);
  if (it == plain_answers_.end()) {
    it = plain_answers_.emplace(std::move(key), render_answer(profile_, name, locale_)).first;
  }
  return it->second;
}

Response ProviderState::fault_response(const Fault& fault) {
  Response r;
  if (fault.drop) {
    r.drop = true;
    return r;
  }
  const TemplateVars vars{{"retry_after", fault.retry_after.value_or(1)}};
  // A fault's own retry_after wins even over a profile's fixed Retry-After (e.g. an always-"1").
  const auto with_retry_after = [&](Response answer) {
    if (!fault.retry_after) return answer;
    bool set = false;
    for (auto& h : answer.headers) {
      if (iequals(h.name, "Retry-After")) {
        h.value = std::to_string(*fault.retry_after);
        set = true;
      }
    }
    if (!set) answer.headers.push_back({"Retry-After", std::to_string(*fault.retry_after)});
    return answer;
  };
  if (fault.answer) return with_retry_after(render_answer(profile_, *fault.answer, locale_, vars));
  // A status is rendered as the provider's own answer for it, when the profile has one.
  for (const auto name : {answer::kInternalError, answer::kRateLimited, answer::kInvalidCredential,
                          answer::kBadRequest, answer::kNotFound, answer::kMethodNotAllowed}) {
    if (profile_.answer(name).status == *fault.status) {
      return with_retry_after(render_answer(profile_, name, locale_, vars));
    }
  }
  r = with_retry_after(std::move(r));
  r.status = *fault.status;
  r.body = body_text(fill_template(profile_.error_body, {{"message", std::string(reason_phrase(*fault.status))},
                                                        {"status", *fault.status}}));
  return r;
}

std::optional<Response> ProviderState::rate_limit(const KeyRecord* key, const Account* account,
                                                  std::string_view username, RateWindow* window) {
  const auto& spec = profile_.rate_limits;
  if (spec.tiers.empty()) return std::nullopt;
  std::string tier = key != nullptr ? key->tier : std::string{};
  if (tier.empty() && account != nullptr) tier = account->tier;
  if (tier == kUnlimitedTier) return std::nullopt;
  // Tiers are validated when set, and the loader makes the default one of the profile's.
  auto it = spec.tiers.find(tier.empty() ? spec.default_tier : tier);
  if (it == spec.tiers.end()) it = spec.tiers.find(spec.default_tier);
  assert(it != spec.tiers.end());
  const std::string subject = key != nullptr ? "key:" + key->id : "account:" + std::string(username);
  const auto length = std::chrono::seconds(spec.window_seconds);
  const auto wait = limiter_.admit(subject, it->second, length, clock_.steady_now());
  if (!wait) {
    if (window != nullptr) {
      const auto used = limiter_.admitted(subject, length, clock_.steady_now());
      window->limit = it->second;
      window->remaining = std::max(0, it->second - static_cast<int>(used));
    }
    return std::nullopt;
  }
  const int retry = spec.fixed_retry_after.value_or(retry_after_seconds(*wait));
  return render_answer(profile_, answer::kRateLimited, locale_, {{"retry_after", retry}});
}

Response ProviderState::decide(const Request& request, std::string_view env, ServeEvent& event) {
  std::chrono::milliseconds pending_delay{0};  // from a delay-only fault
  const auto reply = [&](std::string_view name) {
    Response r = plain_answer(name);
    r.delay = pending_delay;
    return r;
  };
  const SystemTime now = event.time;

  // 1. Route.
  const Route matched = route(profile_, request.method, request.path);
  if (matched.allowed.empty()) return reply(answer::kNotFound);
  if (matched.endpoint == nullptr) {
    Response resp = reply(answer::kMethodNotAllowed);
    std::string allow;
    for (const auto& m : matched.allowed) allow += (allow.empty() ? "" : ", ") + m;
    resp.headers.push_back({"Allow", allow});
    return resp;
  }
  const EndpointSpec& endpoint = *matched.endpoint;

  // 2. Transport policy.
  if (request.transport == Transport::Plain && !profile_.allows_plain_http(now)) {
    return reply(answer::kTlsRequired);
  }

  // Injected faults before authentication; a delay alone holds the answer, then goes on.
  const auto take_fault = [&](FaultStage stage) -> std::optional<Response> {
    auto fault = faults_.take(stage);
    if (!fault) return std::nullopt;
    event.flags.push_back(JournalFlag::Fault);
    pending_delay += fault->delay;
    if (!fault->drop && !fault->status && !fault->answer) return std::nullopt;
    Response r = fault_response(*fault);
    r.delay = pending_delay;
    return r;
  };
  if (auto r = take_fault(FaultStage::BeforeAuth)) return *r;

  // 3. Credential extraction (the endpoint may narrow the profile's schemes, by name).
  std::vector<CredentialSpec> schemes;
  for (const auto& s : profile_.credentials) {
    bool allowed = endpoint.credentials.empty();
    for (const auto& name : endpoint.credentials) allowed = allowed || name == s.name;
    if (allowed) schemes.push_back(s);
  }
  const Credential credential = extract_credential(schemes, request.headers);
  switch (credential.kind) {
    case CredentialKind::Missing: return reply(answer::kMissingCredential);
    case CredentialKind::Empty: return reply(answer::kEmptyCredential);
    case CredentialKind::Malformed: return reply(answer::kInvalidCredential);
    case CredentialKind::Key:
    case CredentialKind::Basic: break;
  }

  // 4. Key or account lookup.
  KeyRecord* key = nullptr;
  Account* account = nullptr;
  if (credential.kind == CredentialKind::Key) {
    if (!keys_.is_well_formed(credential.key)) return reply(answer::kInvalidCredential);
    key = keys_.find_by_value(credential.key);
    if (key == nullptr || key->is_deleted(now)) return reply(answer::kInvalidCredential);
    event.key_id = key->id;
    account = accounts_.find(key->owner);
  } else {
    account = accounts_.find(credential.username);
    if (account == nullptr || !account->password ||
        !verify_secret(*account->password, credential.password)) {
      return reply(answer::kInvalidCredential);
    }
  }

  if (key != nullptr) {
    // 5. Environment: checked before the status, so a suspended sandbox key at production
    // gets the generic 401.
    const EnvironmentSpec* spec = profile_.environment(env);
    bool accepted = false;
    if (spec != nullptr) {
      for (const auto& a : spec->accepts) accepted = accepted || a == key->env;
    }
    if (!accepted) return reply(answer::kInvalidCredential);

    // 6. Key status.
    const KeyStatus status = key->effective_status(now);
    if (status != KeyStatus::Allowed) {
      const auto it = profile_.status_answers.find(status);
      return reply(it == profile_.status_answers.end() ? answer::kInvalidCredential
                                                        : std::string_view(it->second));
    }

    // 7. Operation scope.
    if (endpoint.scope && !key->allows_operation(*endpoint.scope)) {
      return reply(answer::kOperationNotAllowed);
    }
  }

  // 8. IP whitelist: after the credentials, since the account must be known first.
  if (account != nullptr && !account->whitelist.allows(request.peer_address)) {
    return reply(answer::kIpNotAllowed);
  }

  // 9. Rate limit: admitted requests only, per key (or per account for Basic).
  std::optional<RateWindow> window;
  RateWindow admitted;
  if (auto limited = rate_limit(key, account, credential.username, &admitted)) {
    limited->delay = pending_delay;
    return *limited;
  }
  if (admitted.limit > 0) window = admitted;

  // Injected faults after authentication.
  if (auto r = take_fault(FaultStage::AfterAuth)) return *r;

  // 10. Request body.
  if (endpoint.body) {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || endpoint.body->violation(body)) return reply(answer::kBadRequest);
  }

  // The variables of the success answer, body and headers alike. A fresh uuid costs
  // randomness from the system: made only for templates that show one.
  const std::string key_env = key != nullptr ? key->env : std::string(env);
  const auto by_env = endpoint.response_by_key_env.find(key_env);
  const Json& tmpl =
      by_env != endpoint.response_by_key_env.end() ? by_env->second : endpoint.response;
  const auto mentioned = [&](std::string_view name) {
    if (template_mentions(tmpl, name)) return true;
    for (const auto& h : endpoint.headers) {
      if (template_mentions(Json(h.value), name)) return true;
    }
    return false;
  };
  TemplateVars vars{{"env", key_env}};
  if (mentioned("uuid")) vars.emplace("uuid", random_uuid(entropy_));
  if (mentioned("now")) vars.emplace("now", format_time(now));
  if (window) {
    vars.emplace("rate_limit_limit", window->limit);
    vars.emplace("rate_limit_remaining", window->remaining);
  }
  for (const auto& [k, v] : matched.params) vars.emplace(k, v);
  Headers headers;
  for (const auto& h : endpoint.headers) {
    // No limit applies (no tiers, tier unlimited): a header about it would have nothing to say.
    const Json value(h.value);
    if (!window && (template_mentions(value, "rate_limit_limit") ||
                    template_mentions(value, "rate_limit_remaining"))) {
      continue;
    }
    headers.push_back({h.name, fill_text(h.value, vars)});
  }

  // 11. Key management endpoints answer from the key store.
  if (endpoint.kind != EndpointKind::Static) {
    const std::string owner = key != nullptr ? key->owner : credential.username;
    const std::string user = key != nullptr ? key->username : credential.username;
    if (key != nullptr) key->last_used_at = now;  // before the store may grow and move it
    Response managed = manage_keys(endpoint, matched.params, request, owner, user, env, headers);
    managed.delay = pending_delay;
    return managed;
  }

  // 12. The endpoint's own answer.
  Json body = fill_template(tmpl, vars);
  if (endpoint.limit && !apply_limit(*endpoint.limit, request, body)) {
    return reply(answer::kBadRequest);
  }
  if (key != nullptr) key->last_used_at = now;
  Response ok;
  ok.delay = pending_delay;
  ok.status = endpoint.status;
  ok.headers = std::move(headers);
  ok.body = body_text(body);
  return ok;
}

}  // namespace mockgate::core
