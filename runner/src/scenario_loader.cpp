// Scenario YAML → Scenario, strictly, with the profile at hand to check names against.
#include "mockgate/runner/scenario_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <regex>

#include "core/suggest.hpp"
#include "profile/id_rules.hpp"
#include "profile/yaml_reader.hpp"

namespace mockgate::runner {
namespace {

using server::YamlDocument;
using server::YamlNode;

std::vector<std::string> operations_of(const core::Profile& p) {
  std::vector<std::string> ops;
  for (const auto& e : p.endpoints) {
    if (std::find(ops.begin(), ops.end(), e.operation) == ops.end()) ops.push_back(e.operation);
  }
  return ops;
}

std::vector<std::string> env_names(const core::Profile& p) {
  std::vector<std::string> out;
  for (const auto& e : p.environments) out.push_back(e.name);
  return out;
}

void check_one_of(const YamlNode& n, const std::string& kind, const std::string& value,
                  const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), value) == known.end()) {
    throw InputError::unknown_name(n.mark(), kind, value, known);
  }
}

core::SystemTime time_of(const YamlNode& n) {
  const auto t = core::parse_time(n.as_string());
  if (!t) throw InputError::invalid_value(n.mark(), n.path(), "not a date or RFC 3339 time (2026-01-10T00:00:00Z)");
  return *t;
}

KeyArrangement key_arrangement(const YamlNode& n, const core::Profile& p) {
  n.expect_keys({"name", "env", "status", "operations", "owner", "username", "tier", "expires_at",
                 "deleted", "value", "attributes", "rotate_to"});
  KeyArrangement k;
  k.name = n.required("name").as_string();
  if (auto e = n.optional("env")) {
    k.spec.env = e->as_string();
    check_one_of(*e, "key environment", *k.spec.env, p.key_environments());
  }
  if (auto s = n.optional("status")) {
    const auto status = core::parse_key_status(s->as_string());
    if (!status) throw InputError::unknown_name(s->mark(), "status", s->as_string(), core::key_status_names());
    k.spec.status = *status;
  }
  if (auto o = n.optional("operations")) {
    k.spec.operations = o->as_string_list();
    for (const auto& item : o->items()) check_one_of(item, "operation scope", item.as_string(), p.operations);
  }
  if (auto o = n.optional("owner")) k.spec.owner = o->as_string();
  if (auto u = n.optional("username")) k.spec.username = u->as_string();
  if (auto t = n.optional("tier")) {
    k.spec.tier = t->as_string();
    std::vector<std::string> tiers;
    for (const auto& [name, limit] : p.rate_limits.tiers) tiers.push_back(name);
    check_one_of(*t, "tier", k.spec.tier, tiers);
  }
  if (auto x = n.optional("expires_at")) k.spec.expires_at = time_of(*x);
  if (auto d = n.optional("deleted")) k.deleted = d->as_bool();
  if (auto v = n.optional("value")) k.spec.value = v->as_string();
  if (auto a = n.optional("attributes")) {
    // The profile's own key attributes (its key_management.attributes), e.g. a traffic type.
    std::vector<std::string> names;
    for (const auto& [name, fallback] : p.key_management.attributes) names.push_back(name);
    for (const auto& [name, value] : a->entries()) {
      check_one_of(*a, "key attribute", name, names);
      k.spec.attributes[name] = value.as_string();
    }
  }
  if (auto r = n.optional("rotate_to")) k.rotate_to = r->as_string();
  return k;
}

AccountArrangement account_arrangement(const YamlNode& n) {
  n.expect_keys({"username", "password", "ip_whitelist", "tier", "company"});
  AccountArrangement a;
  a.username = n.required("username").as_string();
  if (auto v = n.optional("password")) a.spec.password = v->as_string();
  if (auto v = n.optional("ip_whitelist")) {
    a.spec.ip_whitelist = v->as_string_list();
    for (const auto& item : v->items()) {
      if (!core::IpRange::parse(item.as_string())) {
        throw InputError::invalid_value(item.mark(), item.path(), "not an IP address or CIDR range");
      }
    }
  }
  if (auto v = n.optional("tier")) a.spec.tier = v->as_string();
  if (auto v = n.optional("company")) a.spec.company = v->as_string();
  return a;
}

FaultArrangement fault_arrangement(const YamlNode& n) {
  n.expect_keys({"stage", "responses"});
  FaultArrangement f;
  if (auto s = n.optional("stage")) {
    const auto stage = core::parse_fault_stage(s->as_string());
    if (!stage) throw InputError::unknown_name(s->mark(), "fault stage", s->as_string(), core::fault_stage_names());
    f.stage = *stage;
  }
  for (const auto& item : n.required("responses").items()) {
    try {
      f.responses.push_back(core::parse_fault(item.as_json()));
    } catch (const core::InvalidRequest& e) {
      throw item.error(e.what());
    }
  }
  return f;
}

Given given_of(const YamlNode& n, const core::Profile& p) {
  n.expect_keys({"keys", "accounts", "faults", "clock", "locale", "certificate"});
  Given g;
  if (auto keys = n.optional("keys")) {
    for (const auto& item : keys->items()) {
      auto k = key_arrangement(item, p);
      for (const auto& other : g.keys) {
        if (other.name == k.name || other.rotate_to == k.name ||
            (!k.rotate_to.empty() && (other.name == k.rotate_to || other.rotate_to == k.rotate_to))) {
          throw item.error("key name '" + k.name + "' is used twice");
        }
      }
      g.keys.push_back(std::move(k));
    }
  }
  if (auto accounts = n.optional("accounts")) {
    for (const auto& item : accounts->items()) g.accounts.push_back(account_arrangement(item));
  }
  if (auto faults = n.optional("faults")) {
    if (faults->is_sequence()) {
      for (const auto& item : faults->items()) g.faults.push_back(fault_arrangement(item));
    } else {
      g.faults.push_back(fault_arrangement(*faults));
    }
  }
  if (auto c = n.optional("clock")) g.clock = time_of(*c);
  if (auto l = n.optional("locale")) {
    g.locale = l->as_string();
    std::vector<std::string> locales;
    for (const auto& [name, table] : p.messages) locales.push_back(name);
    check_one_of(*l, "locale", g.locale, locales);
  }
  if (auto c = n.optional("certificate")) {
    g.certificate = c->as_string();
    check_one_of(*c, "certificate", g.certificate, core::ProviderState::certificate_modes());
  }
  return g;
}

Probe probe_of(const YamlNode& probe) {
  probe.expect_keys({"method", "path", "headers", "body"});
  Probe pr;
  if (auto m = probe.optional("method")) pr.method = m->as_string();
  pr.target = probe.required("path").as_string();
  if (pr.target.empty() || pr.target.front() != '/') throw probe.required("path").error("a probe path must start with '/'");
  if (auto hs = probe.optional("headers")) {
    for (const auto& [name, value] : hs->entries()) {
      pr.headers.push_back({name, value.is_null() ? std::string{} : value.as_string()});
    }
  }
  if (auto b = probe.optional("body")) pr.body = b->is_scalar() ? b->as_string() : b->as_json().dump();
  return pr;
}

/// `credential:` — none, a key's name (one of `given`'s, or a rotation's), raw or basic.
void credential_of(const YamlNode& c, const Given& g, When& w) {
  if (c.is_scalar()) {
    const auto name = c.as_string();
    if (name == "none") {
      w.credential = CredentialChoice::None;
      return;
    }
    std::vector<std::string> names{"none"};
    for (const auto& k : g.keys) {
      names.push_back(k.name);
      if (!k.rotate_to.empty()) names.push_back(k.rotate_to);
    }
    check_one_of(c, "key name", name, names);
    w.credential = CredentialChoice::Key;
    w.key_name = name;
    return;
  }
  c.expect_keys({"raw", "basic"});
  if (c.has("raw") && c.has("basic")) throw c.error("credential takes 'raw' or 'basic', not both");
  if (auto raw = c.optional("raw")) {
    w.credential = CredentialChoice::Raw;
    w.raw = raw->is_null() ? std::string{} : raw->as_string();
  } else if (auto basic = c.optional("basic")) {
    basic->expect_keys({"username", "password"});
    w.credential = CredentialChoice::Basic;
    w.username = basic->required("username").as_string();
    w.password = basic->required("password").as_string();
  } else {
    throw c.error("credential needs 'raw' or 'basic' (or a key name, or none)");
  }
}

When when_of(const YamlNode& n, const core::Profile& p, const Given& g) {
  n.expect_keys({"env", "operation", "credential", "params", "transport", "client_timeout_ms", "probe"});
  When w;
  const auto envs = env_names(p);
  if (auto e = n.optional("env")) {
    w.env = e->as_string();
    check_one_of(*e, "environment", w.env, envs);
  } else {
    w.env = std::find(envs.begin(), envs.end(), "live") != envs.end() ? "live" : envs.front();
  }
  if (auto probe = n.optional("probe")) {
    w.probe = probe_of(*probe);
    if (n.has("operation")) throw n.required("operation").error("a probe scenario has no operation: the runner sends the probe itself");
  } else {
    const auto op = n.required("operation");
    w.operation = op.as_string();
    check_one_of(op, "operation", w.operation, operations_of(p));
  }
  if (auto c = n.optional("credential")) credential_of(*c, g, w);
  if (auto params = n.optional("params")) {
    w.params = params->as_json();
    if (!w.params.is_object()) throw params->error("'when.params' must be a mapping");
  }
  if (auto t = n.optional("transport")) {
    const auto text = t->as_string();
    check_one_of(*t, "transport", text, {"tls", "plain"});
    w.plain_http = text == "plain";
  }
  if (auto t = n.optional("client_timeout_ms")) w.client_timeout_ms = static_cast<int>(t->as_int(1, 600000));
  return w;
}

OutcomeExpectation outcome_of(const YamlNode& o) {
  o.expect_keys({"ok", "status", "error"});
  OutcomeExpectation e;
  if (auto v = o.optional("ok")) e.ok = v->as_bool();
  if (auto v = o.optional("status")) {
    // null: the client reports no status (it never got an answer).
    e.status = v->is_null() ? nlohmann::json(nullptr) : nlohmann::json(v->as_int(100, 599));
  }
  if (auto v = o.optional("error")) {
    e.error = v->as_json();
    static const std::vector<std::string> kinds = {"unauthorized", "forbidden", "rate_limited",
                                                   "unavailable", "bad_request", "not_found",
                                                   "timeout", "transport", "config"};
    if (!e.error->is_null()) check_one_of(*v, "error kind", v->as_string(), kinds);
  }
  return e;
}

CountExpectation requests_of(const YamlNode& r) {
  r.expect_keys({"count", "min", "max"});
  CountExpectation c;
  if (auto v = r.optional("count")) c.exactly = static_cast<int>(v->as_int(0, 100000));
  if (auto v = r.optional("min")) c.min = static_cast<int>(v->as_int(0, 100000));
  if (auto v = r.optional("max")) c.max = static_cast<int>(v->as_int(0, 100000));
  if (c.exactly && (c.min || c.max)) throw r.error("requests: count is exact; give it alone, or min and max");
  if (c.min && c.max && *c.min > *c.max) {
    throw r.required("min").error("requests: min " + std::to_string(*c.min) + " is above max " +
                                  std::to_string(*c.max));
  }
  return c;
}

HeaderExpectation header_expectation_of(const YamlNode& h) {
  h.expect_keys({"name", "value", "absent"});
  HeaderExpectation e;
  e.name = h.required("name").as_string();
  if (auto v = h.optional("value")) e.value = v->as_string();
  if (auto a = h.optional("absent")) e.absent = a->as_bool();
  if (e.absent == e.value.has_value()) throw h.error("a header expectation needs a value or absent: true");
  return e;
}

RetryExpectation retries_of(const YamlNode& r) {
  r.expect_keys({"first_gap_at_least_ms", "growing", "honours_retry_after"});
  RetryExpectation e;
  if (auto v = r.optional("first_gap_at_least_ms")) e.first_gap_at_least_ms = static_cast<int>(v->as_int(0, 600000));
  if (auto v = r.optional("growing")) e.growing = v->as_bool();
  if (auto v = r.optional("honours_retry_after")) e.honours_retry_after = v->as_bool();
  return e;
}

KeyExpectation key_expectation_of(const YamlNode& k) {
  k.expect_keys({"name", "used"});
  KeyExpectation e;
  e.name = k.required("name").as_string();
  if (auto u = k.optional("used")) e.used = u->as_bool();
  return e;
}

ResponseExpectation response_expectation_of(const YamlNode& r) {
  r.expect_keys({"status", "body", "headers"});
  ResponseExpectation e;
  if (auto v = r.optional("status")) e.status = static_cast<int>(v->as_int(100, 599));
  if (auto v = r.optional("body")) e.body = v->as_json();
  if (auto v = r.optional("headers")) {
    for (const auto& [name, value] : v->entries()) e.headers.push_back({name, value.as_string()});
  }
  return e;
}

Then then_of(const YamlNode& n) {
  n.expect_keys({"outcome", "requests", "headers", "body", "content_type", "retries", "no_key_in_url",
                 "no_leak", "tls_refused", "responses", "journal_redacted", "keys", "flags", "empty_key",
                 "may_refuse_locally"});
  Then t;
  if (auto o = n.optional("outcome")) t.outcome = outcome_of(*o);
  if (auto r = n.optional("requests")) t.requests = requests_of(*r);
  if (auto hs = n.optional("headers")) {
    for (const auto& h : hs->items()) t.headers.push_back(header_expectation_of(h));
  }
  if (auto b = n.optional("body")) t.body = b->as_json();
  if (auto c = n.optional("content_type")) t.content_type = c->as_string();
  if (auto r = n.optional("retries")) t.retries = retries_of(*r);
  if (auto v = n.optional("no_key_in_url")) t.no_key_in_url = v->as_bool();
  if (auto v = n.optional("no_leak")) t.no_leak = v->as_bool();
  if (auto v = n.optional("may_refuse_locally")) t.may_refuse_locally = v->as_bool();
  if (auto v = n.optional("tls_refused")) t.tls_refused = v->as_bool();
  if (auto v = n.optional("journal_redacted")) t.journal_redacted = v->as_bool();
  if (auto f = n.optional("flags")) {
    for (const auto& item : f->items()) {
      const auto flag = core::parse_journal_flag(item.as_string());
      if (!flag) check_one_of(item, "journal flag", item.as_string(), core::journal_flag_names());
      t.flags.push_back(*flag);
    }
  }
  if (auto e = n.optional("empty_key")) {
    e->expect_keys({"header"});
    t.empty_key = EmptyKeyExpectation{e->required("header").as_string()};
  }
  if (auto ks = n.optional("keys")) {
    for (const auto& k : ks->items()) t.keys.push_back(key_expectation_of(k));
  }
  if (auto rs = n.optional("responses")) {
    for (const auto& r : rs->items()) t.responses.push_back(response_expectation_of(r));
  }
  return t;
}

Scenario build(const YamlNode& root, const ProfileLookup& profiles, const LoadOptions& options,
               const std::string& file) {
  root.expect_keys({"id", "provider", "title", "covers", "level", "given", "when", "then"});
  Scenario s;
  s.file = file;
  const auto provider_node = root.required("provider");
  s.provider = provider_node.as_string();
  // The provider first: a misspelt one gets its "did you mean", not a mismatch with the id.
  const core::Profile* profile = nullptr;
  try {
    profile = &profiles(s.provider);
  } catch (const InputError& e) {
    throw InputError(provider_node.mark(), e.message());
  }
  s.id = server::scenario_id_of(root.required("id"), s.provider);
  s.title = root.required("title").as_string();
  static const std::regex kId("^[A-Z]+(-[A-Z0-9]+)+$");
  const auto covers = root.required("covers");
  for (const auto& item : covers.items()) {
    const auto id = item.as_string();
    if (!std::regex_match(id, kId)) throw item.error("'" + id + "' is not a behaviour ID such as LIS-401-EMPTY");
    if (!options.known_behaviours.empty() && options.known_behaviours.count(id) == 0) {
      throw InputError::unknown_name(item.mark(), "behaviour ID", id,
                                     {options.known_behaviours.begin(), options.known_behaviours.end()});
    }
    s.covers.push_back(id);
  }
  if (auto l = root.optional("level")) {
    check_one_of(*l, "level", l->as_string(), {"must", "should"});
    s.level = l->as_string() == "must" ? Level::Must : Level::Should;
  }
  if (auto g = root.optional("given")) s.given = given_of(*g, *profile);
  s.when = when_of(root.required("when"), *profile, s.given);
  s.then = then_of(root.required("then"));
  for (const auto& k : s.then.keys) {
    bool known = false;
    for (const auto& g : s.given.keys) known = known || g.name == k.name || g.rotate_to == k.name;
    if (!known) throw root.required("then").required("keys").error("then.keys names '" + k.name + "', which given.keys does not arrange");
  }
  if (s.level == Level::Must) {
    for (const auto& item : covers.items()) {
      if (options.should_behaviours.count(item.as_string()) > 0) {
        throw item.error("behaviour '" + item.as_string() +
                         "' is a should (scenarios/catalogue.yaml): a must scenario may not cover it; add level: should");
      }
    }
  }
  if (s.then.empty_key) s.then.empty_key->unset = s.when.credential == CredentialChoice::None;
  if (s.then.empty_key && (s.then.outcome || s.then.requests)) {
    throw root.required("then").required("empty_key").error(
        "empty_key judges the outcome and the request count itself: leave out outcome and requests");
  }
  if (s.when.probe && s.then.outcome) {
    throw root.required("then").required("outcome").error("a probe scenario has no client outcome to check");
  }
  return s;
}

}  // namespace

Scenario load_scenario_text(const std::string& name, const std::string& text,
                            const ProfileLookup& profiles, const LoadOptions& options) {
  return build(YamlNode::root(YamlDocument::load_text(name, text)), profiles, options, name);
}

Scenario load_scenario(const std::string& path, const ProfileLookup& profiles,
                       const LoadOptions& options) {
  return build(YamlNode::root(YamlDocument::load_file(path)), profiles, options, path);
}

bool is_scenario_file(const std::string& path) {
  // A scenario has a top-level `provider` or `when` key, however it is written (quoted, flow
  // style); a profile has neither. A file that does not load is taken for a scenario, so that
  // loading it reports why instead of leaving it out.
  try {
    const auto root = YamlNode::root(YamlDocument::load_file(path));
    return !root.is_map() || root.has("provider") || root.has("when");
  } catch (const InputError&) {
    return true;
  }
}

std::vector<std::string> find_scenario_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& p : paths) {
    if (fs::is_directory(p)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(p)) {
        // Not only regular files: a FIFO, a dangling link or a link loop named *.yaml is kept,
        // so that loading it says why it cannot be read.
        const auto ext = entry.path().extension();
        if (!entry.is_directory() && (ext == ".yaml" || ext == ".yml") &&
            is_scenario_file(entry.path().string())) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

}  // namespace mockgate::runner
