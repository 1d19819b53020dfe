// The decision pipeline, in design.md's order: route → transport → [faults] → credential →
// lookup → environment → status → scope → IP whitelist → rate limit → [faults] → body →
// endpoint. Each stage may answer; each is a function of its own (auth_stages.hpp), run here
// in order under the provider's lock, and the exchange is journalled once (serve_event.hpp).
#include "core/pipeline.hpp"

#include <algorithm>

#include "auth_stages.hpp"
#include "endpoint_answer.hpp"
#include "fault_answer.hpp"
#include "nearest_endpoint.hpp"
#include "mockgate/core/provider_state.hpp"
#include "core/redactor.hpp"
#include "serve_event.hpp"

namespace mockgate::core {

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
  event.steady = clock_.steady_now();
  event.env = std::string(env);
  event.tls = request.is_tls();
  event.peer = request.peer_address;
  const SentSecrets sent = sent_secrets(profile_, request);
  Response response = decide(request, env, sent.credential, event);
  response.content_type = "application/json";
  event.held = response.delay;
  describe_exchange(Redactor(keys_, profile_), profile_, request, response, sent, event);
  // From the redacted method and path: a key sent in a path cannot reach the hint.
  if (event.nearest) event.nearest = nearest_endpoint(profile_, event.method, event.path);
  journal_.record(std::move(event));
  return response;
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

const CompiledTemplate& ProviderState::compiled_template(const Json& tmpl) {
  auto it = compiled_templates_.find(&tmpl);
  if (it == compiled_templates_.end()) {
    it = compiled_templates_.emplace(&tmpl, std::make_shared<const CompiledTemplate>(tmpl)).first;
  }
  return *it->second;
}

Response ProviderState::answer(const AuthDecision& decision, const FaultEffects& effects) {
  Response r = decision.response       ? *decision.response
               : decision.vars.empty() ? plain_answer(decision.answer)
                                       : render_answer(profile_, decision.answer, locale_, decision.vars);
  r.headers.insert(r.headers.end(), decision.headers.begin(), decision.headers.end());
  effects.apply(r);
  return r;
}

std::optional<AuthDecision> ProviderState::injected_fault(FaultStage stage, FaultEffects& effects, ServeEvent& event) {
  const auto fault = faults_.take(stage);
  if (!fault) return std::nullopt;
  event.flags.push_back(JournalFlag::Fault);
  // A delay or a network fault alone: the request goes on, its answer held or sent broken.
  effects.add(*fault);
  if (!fault->drop && !fault->status && !fault->answer) return std::nullopt;
  const Stage where = stage == FaultStage::BeforeAuth ? Stage::FaultBeforeAuth : Stage::FaultAfterAuth;
  return AuthDecision{where, {}, {}, {}, fault_answer(profile_, locale_, *fault)};
}

Response ProviderState::decide(const Request& request, std::string_view env, const Credential& sent,
                               ServeEvent& event) {
  using namespace stages;
  const SystemTime now = event.time;
  FaultEffects effects;  // of faults that let the request go on
  const Route matched = core::route(profile_, request.method, request.path);
  if (auto d = route(matched)) {
    event.nearest.emplace();  // filled once the journal's redacted method and path exist
    return answer(*d, effects);
  }
  const EndpointSpec& endpoint = *matched.endpoint;
  if (auto d = transport(profile_, request.transport, now)) return answer(*d, effects);
  if (auto d = injected_fault(FaultStage::BeforeAuth, effects, event)) return answer(*d, effects);

  // Extracted once per request, again only when the endpoint narrows the schemes.
  const Credential credential = endpoint.credentials.empty()
                                    ? sent
                                    : extract_credential(schemes_for(profile_, endpoint), request.headers);
  if (auto d = stages::credential(credential)) return answer(*d, effects);
  Caller caller;
  if (auto d = lookup(keys_, accounts_, credential, now, caller)) return answer(*d, effects);
  if (const KeyRecord* key = caller.key) {
    event.key_id = key->id;
    if (auto d = environment(profile_, env, *key)) return answer(*d, effects);
    if (auto d = key_status(profile_, *key, now)) return answer(*d, effects);
    if (auto d = scope(endpoint, *key)) return answer(*d, effects);
  }
  if (auto d = ip_whitelist(caller.account, request.peer_address)) return answer(*d, effects);
  RateWindow window;
  if (auto d = rate_limit(profile_.rate_limits, limiter_, caller, credential.username,
                          clock_.steady_now(), window)) {
    return answer(*d, effects);
  }
  if (auto d = injected_fault(FaultStage::AfterAuth, effects, event)) return answer(*d, effects);
  if (auto d = body(endpoint, request.body)) return answer(*d, effects);

  // 11 and 12: the endpoint's own answer, from the key store or from its template.
  const std::string key_env = caller.key != nullptr ? caller.key->env : std::string(env);
  const Json& tmpl = success_template(endpoint, key_env);
  const CompiledTemplate& compiled = compiled_template(tmpl);
  const TemplateVars vars = success_vars(endpoint, compiled, key_env, window, matched.params, entropy_, now);
  Headers headers = success_headers(endpoint, vars, window);
  Response r;
  if (endpoint.kind != EndpointKind::Static) {
    const std::string owner = caller.key != nullptr ? caller.key->owner : credential.username;
    const std::string user = caller.key != nullptr ? caller.key->username : credential.username;
    if (caller.key != nullptr) caller.key->last_used_at = now;  // before the store may grow and move it
    r = manage_keys(endpoint, matched.params, request, owner, user, env, headers);
  } else if (auto ok = static_answer(endpoint, tmpl, compiled, vars, std::move(headers), request)) {
    if (caller.key != nullptr) caller.key->last_used_at = now;
    r = std::move(*ok);
  } else {
    return answer(AuthDecision{Stage::Endpoint, answer::kBadRequest, {}, {}, {}}, effects);
  }
  effects.apply(r);
  return r;
}

}  // namespace mockgate::core
