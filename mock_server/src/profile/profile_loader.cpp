// The YAML → Profile loader. Every check a profile needs lives here, so the core can trust it.
#include "mockgate/server/profile_loader.hpp"

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <string_view>

#include "credential_loader.hpp"
#include "profile/id_rules.hpp"
#include "profile/yaml_reader.hpp"
#include "key_management_section.hpp"

namespace mockgate::server {
namespace {

using core::AnswerSpec;
using core::BodySchema;
using core::EndpointSpec;
using core::Profile;

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const std::vector<std::string> kProfileKeys = {
    "id",        "title",        "documents",  "env_var",   "environments", "credentials",
    "key_format", "operations",  "error_body", "answers",   "statuses",     "messages", "key_management", "hash",
    "default_locale", "endpoints", "plain_http", "rate_limits", "rotation", "accounts",
    "url_credential_names"};

std::string alphabet_of(const YamlNode& n) {
  const auto text = n.as_string();
  if (text == "base62") return std::string(kBase62);
  if (text == "hex") return "0123456789abcdef";
  if (text == "alphanumeric_lower") return "0123456789abcdefghijklmnopqrstuvwxyz";
  if (text.empty()) throw n.error("'" + n.path() + "' must not be empty");
  return text;
}

/// A key prefix's text, refused when it has a placeholder other than one `{env}` (the only one
/// KeyFormat::prefix_for fills in): a misspelt one would end up, braces and all, in every key.
std::string key_prefix(const YamlNode& n) {
  const auto text = n.as_string();
  bool has_env = false;
  for (auto open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
    const auto close = text.find('}', open);
    if (close == std::string::npos) {
      throw InputError::invalid_value(n.mark(), n.path(), "'" + text + "' has a '{' with no '}' (known placeholders: {env})");
    }
    const auto name = text.substr(open, close - open + 1);
    if (name != "{env}") {
      throw InputError::invalid_value(n.mark(), n.path(),
                                      "unknown placeholder '" + name + "' in '" + text + "' (known placeholders: {env})");
    }
    if (has_env) throw InputError::invalid_value(n.mark(), n.path(), "'" + text + "' has '{env}' more than once");
    has_env = true;
  }
  return text;
}

core::KeyFormat key_format(const YamlNode& n) {
  n.expect_keys({"prefix", "alphabet", "length", "min_length", "max_length", "pattern"});
  core::KeyFormat f;
  if (auto p = n.optional("prefix")) f.prefix = key_prefix(*p);
  f.alphabet = alphabet_of(n.required("alphabet"));
  f.length = static_cast<std::size_t>(n.required("length").as_int(8, 512));
  f.min_length = f.length;
  f.max_length = f.length;
  if (auto v = n.optional("min_length")) f.min_length = static_cast<std::size_t>(v->as_int(1, 512));
  if (auto v = n.optional("max_length")) f.max_length = static_cast<std::size_t>(v->as_int(1, 4096));
  if (f.min_length > f.length || f.length > f.max_length) {
    throw n.error("key_format: min_length <= length <= max_length must hold");
  }
  if (auto p = n.optional("pattern")) {
    f.pattern_text = p->as_string();
    try {
      f.pattern = std::regex(f.pattern_text, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw InputError::invalid_value(p->mark(), p->path(), std::string("bad regex: ") + e.what());
    }
  }
  return f;
}

BodySchema body_schema(const YamlNode& n) {
  n.expect_keys({"type", "required", "properties", "items", "min_items", "min_length", "enum"});
  BodySchema s;
  if (auto t = n.optional("type")) {
    s.type = t->as_string();
    static const std::vector<std::string> kTypes = {"object", "array",   "string",
                                                    "number", "integer", "boolean"};
    bool ok = false;
    for (const auto& k : kTypes) ok = ok || k == s.type;
    if (!ok) throw InputError::unknown_name(t->mark(), "type", s.type, kTypes);
  }
  if (auto r = n.optional("required")) s.required = r->as_string_list();
  if (auto p = n.optional("properties")) {
    for (const auto& [name, sub] : p->entries()) s.properties.emplace(name, body_schema(sub));
  }
  if (auto i = n.optional("items")) s.items = std::make_shared<BodySchema>(body_schema(*i));
  if (auto v = n.optional("min_items")) s.min_items = static_cast<std::size_t>(v->as_int(0, 1 << 20));
  if (auto v = n.optional("min_length")) s.min_length = static_cast<std::size_t>(v->as_int(0, 1 << 20));
  if (auto e = n.optional("enum")) s.enum_values = e->as_string_list();
  return s;
}

core::Headers headers(const YamlNode& n) {
  core::Headers out;
  for (const auto& [name, value] : n.entries()) {
    if (!value.is_scalar()) throw InputError::wrong_type(value.mark(), value.path(), "a string");
    out.push_back({name, value.as_string()});
  }
  return out;
}

AnswerSpec answer(const YamlNode& n) {
  n.expect_keys({"status", "message", "body", "headers"});
  AnswerSpec a;
  a.status = static_cast<int>(n.required("status").as_int(100, 599));
  a.message = n.required("message").as_string();
  if (auto b = n.optional("body")) a.body = b->as_json();
  if (auto h = n.optional("headers")) a.headers = headers(*h);
  return a;
}

const std::vector<std::string>& methods() {
  static const std::vector<std::string> m = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  return m;
}

core::RequestTemplate request_template(const YamlNode& n) {
  n.expect_keys({"body", "query"});
  core::RequestTemplate t;
  if (auto b = n.optional("body")) t.body = b->as_json();
  if (auto q = n.optional("query")) {
    for (const auto& [name, value] : q->entries()) {
      if (!value.is_scalar()) throw InputError::wrong_type(value.mark(), value.path(), "a string");
      t.query.emplace_back(name, value.as_string());
    }
  }
  return t;
}

EndpointSpec endpoint(const YamlNode& n, const Profile& p) {
  n.expect_keys({"method", "path", "operation", "scope", "body", "credentials", "status",
                 "response", "response_by_key_env", "limit", "kind", "headers", "request"});
  EndpointSpec e;
  const auto method_node = n.required("method");
  e.method = method_node.as_string();
  bool known = false;
  for (const auto& m : methods()) known = known || m == e.method;
  if (!known) throw InputError::unknown_name(method_node.mark(), "method", e.method, methods());
  e.path = n.required("path").as_string();
  if (e.path.empty() || e.path.front() != '/') throw n.required("path").error("path must start with '/'");
  e.operation = n.required("operation").as_string();
  if (auto k = n.optional("kind")) {
    const auto kind = core::parse_endpoint_kind(k->as_string());
    if (!kind) {
      throw InputError::unknown_name(k->mark(), "endpoint kind", k->as_string(),
                                     core::endpoint_kind_names());
    }
    e.kind = *kind;
    if ((e.kind == core::EndpointKind::KeysDelete || e.kind == core::EndpointKind::KeysLookup) &&
        e.path.find('{') == std::string::npos) {
      throw k->error("a " + k->as_string() + " endpoint needs a {id} or {value} path parameter");
    }
  }
  if (auto s = n.optional("scope")) {
    e.scope = s->as_string();
    bool ok = false;
    for (const auto& op : p.operations) ok = ok || op == *e.scope;
    if (!ok) throw InputError::unknown_name(s->mark(), "operation scope", *e.scope, p.operations);
  }
  if (auto b = n.optional("body")) e.body = body_schema(*b);
  if (auto c = n.optional("credentials")) e.credentials = detail::load_endpoint_credentials(*c, p.credentials);
  if (auto s = n.optional("status")) e.status = static_cast<int>(s->as_int(100, 599));
  if (auto r = n.optional("response")) e.response = r->as_json();
  if (auto r = n.optional("response_by_key_env")) {
    const auto envs = p.key_environments();
    for (const auto& [env, body] : r->entries()) {
      bool ok = false;
      for (const auto& k : envs) ok = ok || k == env;
      if (!ok) throw InputError::unknown_name(r->key_mark(env), "key environment", env, envs);
      e.response_by_key_env.emplace(env, body.as_json());
    }
  }
  if (auto l = n.optional("limit")) {
    l->expect_keys({"query", "array"});
    core::LimitSpec spec;
    spec.query = l->required("query").as_string();
    spec.array_pointer = l->required("array").as_string();
    try {
      (void)core::Json::json_pointer(spec.array_pointer);
    } catch (const nlohmann::json::exception&) {
      throw l->required("array").error("'" + spec.array_pointer + "' is not a JSON pointer such as /data");
    }
    e.limit = spec;
  }
  if (auto h = n.optional("headers")) e.headers = headers(*h);
  if (auto r = n.optional("request")) e.request = request_template(*r);
  return e;
}

/// The tier of keys and accounts that name none: the profile's word, else `standard` when it
/// has that tier, else the first by name (the rule before profiles could say).
std::string default_tier(const YamlNode& rate_limits, const std::map<std::string, int>& tiers) {
  if (auto d = rate_limits.optional("default_tier")) {
    const auto name = d->as_string();
    if (tiers.find(name) == tiers.end()) {
      std::vector<std::string> names;
      for (const auto& [tier, limit] : tiers) names.push_back(tier);
      throw InputError::unknown_name(d->mark(), "tier", name, names);
    }
    return name;
  }
  if (tiers.find("standard") != tiers.end()) return "standard";
  return tiers.empty() ? std::string{} : tiers.begin()->first;
}

core::HashSpec hash_spec(const YamlNode& n) {
  core::HashSpec spec;
  // `hash: sha256` or `hash: {algorithm: argon2id, memory_kib: …, iterations: …, parallelism: …}`
  const YamlNode* alg = &n;
  std::optional<YamlNode> alg_node;
  if (n.is_map()) {
    n.expect_keys({"algorithm", "memory_kib", "iterations", "parallelism"});
    alg_node = n.required("algorithm");
    alg = &*alg_node;
    if (auto m = n.optional("memory_kib")) spec.memory_kib = static_cast<std::uint32_t>(m->as_int(8, 4 << 20));
    if (auto t = n.optional("iterations")) spec.iterations = static_cast<std::uint32_t>(t->as_int(1, 100));
    if (auto p = n.optional("parallelism")) spec.parallelism = static_cast<std::uint32_t>(p->as_int(1, 16));
  }
  const auto name = alg->as_string();
  if (name == "sha256") {
    spec.algorithm = core::HashAlgorithm::Sha256;
  } else if (name == "argon2id") {
    spec.algorithm = core::HashAlgorithm::Argon2id;
  } else {
    throw InputError::unknown_name(alg->mark(), "hash algorithm", name, {"sha256", "argon2id"});
  }
  if (spec.memory_kib < 8 * spec.parallelism) throw n.error("hash: memory_kib must be at least 8 × parallelism");
  return spec;
}

core::PlainHttpRule plain_rule(const YamlNode& n) {
  n.expect_keys({"from", "until", "allowed"});
  core::PlainHttpRule r;
  const auto date = [](const YamlNode& v) {
    const auto t = core::parse_time(v.as_string());
    if (!t) throw InputError::invalid_value(v.mark(), v.path(), "not a date or RFC 3339 time");
    return *t;
  };
  if (auto f = n.optional("from")) r.from = date(*f);
  if (auto u = n.optional("until")) r.until = date(*u);
  r.allowed = n.required("allowed").as_bool();
  return r;
}

std::vector<core::EnvironmentSpec> environments_of(const YamlNode& list) {
  std::vector<core::EnvironmentSpec> out;
  for (const auto& item : list.items()) {
    item.expect_keys({"name", "accepts"});
    core::EnvironmentSpec e;
    e.name = item.required("name").as_string();
    e.accepts = item.optional("accepts") ? item.required("accepts").as_string_list()
                                         : std::vector<std::string>{e.name};
    for (const auto& seen : out) {
      if (seen.name == e.name) throw item.error("environment '" + e.name + "' appears twice");
    }
    out.push_back(e);
  }
  if (out.empty()) throw list.error("at least one environment is needed");
  return out;
}

/// `answers`, every required one present (`answers` is a key of `root`, for the mark).
void answers_of(const YamlNode& root, Profile& p) {
  for (const auto& [name, spec] : root.required("answers").entries()) p.answers.emplace(name, answer(spec));
  for (const auto& name : core::answer::required()) {
    if (p.answers.find(name) == p.answers.end()) {
      throw InputError::missing_field(root.key_mark("answers"), "answers." + name);
    }
  }
}

/// `messages` and `default_locale`: the default locale has a table, holding every answer's message.
void messages_of(const YamlNode& root, Profile& p) {
  const auto messages = root.required("messages");
  for (const auto& [locale, table] : messages.entries()) {
    auto& out = p.messages[locale];
    for (const auto& [id, text] : table.entries()) out.emplace(id, text.as_string());
  }
  if (auto d = root.optional("default_locale")) p.default_locale = d->as_string();
  const auto defaults = p.messages.find(p.default_locale);
  if (defaults == p.messages.end()) {
    throw InputError::invalid_value(messages.mark(), "messages", "no table for the default locale '" + p.default_locale + "'");
  }
  const auto answers = root.required("answers");
  for (const auto& [name, spec] : p.answers) {
    if (defaults->second.find(spec.message) == defaults->second.end()) {
      std::vector<std::string> ids;
      for (const auto& [id, t] : defaults->second) ids.push_back(id);
      throw InputError::unknown_name(answers.required(name).required("message").mark(), "message", spec.message, ids);
    }
  }
}

/// `statuses`: each key status → one of the profile's answers.
std::map<core::KeyStatus, std::string> status_answers_of(const YamlNode& statuses, const Profile& p) {
  std::map<core::KeyStatus, std::string> out;
  std::vector<std::string> answer_names;
  for (const auto& [name, spec] : p.answers) answer_names.push_back(name);
  for (const auto& [status_name, answer_node] : statuses.entries()) {
    const auto status = core::parse_key_status(status_name);
    if (!status) {
      throw InputError::unknown_name(statuses.key_mark(status_name), "status", status_name, core::key_status_names());
    }
    const auto answer_name = answer_node.as_string();
    if (p.answers.find(answer_name) == p.answers.end()) {
      throw InputError::unknown_name(answer_node.mark(), "answer", answer_name, answer_names);
    }
    out[*status] = answer_name;
  }
  return out;
}

core::RateLimitSpec rate_limits_of(const YamlNode& rl) {
  rl.expect_keys({"window_seconds", "tiers", "retry_after", "default_tier"});
  core::RateLimitSpec spec;
  if (auto w = rl.optional("window_seconds")) spec.window_seconds = static_cast<int>(w->as_int(1, 86400));
  for (const auto& [tier, limit] : rl.required("tiers").entries()) {
    spec.tiers[tier] = static_cast<int>(limit.as_int(1, 100000000));
  }
  spec.default_tier = default_tier(rl, spec.tiers);
  if (auto ra = rl.optional("retry_after")) {
    if (ra->as_string() != "until_slot_frees") spec.fixed_retry_after = static_cast<int>(ra->as_int(1, 86400));
  }
  return spec;
}

/// What the mock does outside the request's answer: plain HTTP, rotation overlap, accounts.
void policies_of(const YamlNode& root, Profile& p) {
  if (auto plain = root.optional("plain_http")) {
    plain->expect_keys({"allowed", "rules"});
    p.plain_http_allowed = plain->required("allowed").as_bool();
    if (auto rules = plain->optional("rules")) {
      for (const auto& r : rules->items()) p.plain_http_rules.push_back(plain_rule(r));
    }
  }
  if (auto rl = root.optional("rate_limits")) p.rate_limits = rate_limits_of(*rl);
  if (auto rot = root.optional("rotation")) {
    rot->expect_keys({"overlap_seconds"});
    p.rotation.overlap_seconds = static_cast<int>(rot->required("overlap_seconds").as_int(0, 86400 * 30));
  }
  if (auto acc = root.optional("accounts")) {
    acc->expect_keys({"default", "company"});
    if (auto d = acc->optional("default")) p.default_account = d->as_string();
    if (auto c = acc->optional("company")) p.default_company = c->as_string();
  }
}

Profile build(const YamlNode& root) {
  root.expect_keys(kProfileKeys);
  Profile p;
  p.id = profile_id_of(root.required("id"));
  p.title = root.required("title").as_string();
  if (auto d = root.optional("documents")) p.documents = d->as_string_list();
  p.env_var = root.required("env_var").as_string();
  p.environments = environments_of(root.required("environments"));
  p.credentials = detail::load_credentials(root.required("credentials"));
  if (auto u = root.optional("url_credential_names")) p.url_credential_names = detail::load_url_credential_names(*u);
  p.key_format = key_format(root.required("key_format"));
  p.operations = root.required("operations").as_string_list();
  if (auto km = root.optional("key_management")) p.key_management = key_management(*km);
  if (auto h = root.optional("hash")) p.hash = hash_spec(*h);
  const auto error_body = root.required("error_body");
  if (!error_body.is_map()) throw InputError::wrong_type(error_body.mark(), "error_body", "a mapping (the JSON object of an error answer)");
  p.error_body = error_body.as_json();
  answers_of(root, p);
  messages_of(root, p);
  if (auto statuses = root.optional("statuses")) p.status_answers = status_answers_of(*statuses, p);
  for (const auto& item : root.required("endpoints").items()) p.endpoints.push_back(endpoint(item, p));
  policies_of(root, p);
  return p;
}

}  // namespace

Profile load_profile_text(const std::string& name, const std::string& text) {
  return build(YamlNode::root(YamlDocument::load_text(name, text)));
}

Profile load_profile(const std::string& path) {
  return build(YamlNode::root(YamlDocument::load_file(path)));
}

std::vector<std::string> profile_search_path(const std::vector<std::string>& dirs) {
  std::vector<std::string> path = dirs;
  if (const char* env = std::getenv("MOCKGATE_PROFILE_DIR"); env != nullptr) {
    std::string_view rest(env);
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      if (colon != 0) path.emplace_back(rest.substr(0, colon));  // "a::b" has no empty folder
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
#ifdef MOCKGATE_SOURCE_PROFILES
  path.emplace_back(MOCKGATE_SOURCE_PROFILES);
#endif
#ifdef MOCKGATE_INSTALLED_PROFILES
  path.emplace_back(MOCKGATE_INSTALLED_PROFILES);
#endif
  return path;
}

std::vector<std::string> available_providers(const std::vector<std::string>& search_path) {
  std::vector<std::string> ids;
  for (const auto& dir : search_path) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".yaml") continue;
      ids.push_back(entry.path().stem().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<std::string> available_providers() { return available_providers(profile_search_path()); }

std::string find_profile_file(const std::string& id_or_path, const std::vector<std::string>& search_path) {
  namespace fs = std::filesystem;
  if (id_or_path.find('/') != std::string::npos || fs::path(id_or_path).extension() == ".yaml") return id_or_path;
  for (const auto& dir : search_path) {
    const auto path = fs::path(dir) / (id_or_path + ".yaml");
    if (fs::exists(path)) return path.string();
  }
  throw InputError::unknown_name(SourceMark{"--provider", 0, 0, {}}, "provider", id_or_path,
                                 available_providers(search_path));
}

Profile find_profile(const std::string& id_or_path, const std::vector<std::string>& search_path) {
  return load_profile(find_profile_file(id_or_path, search_path));
}

Profile find_profile(const std::string& id_or_path) { return find_profile(id_or_path, profile_search_path()); }

}  // namespace mockgate::server
