// Scenarios against a running target: a mockgate arranged over HTTP, or a real provider.
#include "mockgate/runner/remote_target.hpp"

#include <httplib.h>

#include "mockgate/core/key_store.hpp"
#include "mockgate/runner/catalogue.hpp"
#include "mockgate/server/yaml_reader.hpp"
#include "scenario_steps.hpp"

namespace mockgate::runner {
namespace {

using nlohmann::json;

/// A client for the target's admin API. It talks to a mock, so it does not verify TLS: the
/// scenario may have told the mock to present a bad certificate on purpose.
httplib::Client admin_client(const std::string& base) {
  httplib::Client c(base);
  c.enable_server_certificate_verification(false);
  c.set_tcp_nodelay(true);
  c.set_connection_timeout(std::chrono::seconds(5));
  c.set_read_timeout(std::chrono::seconds(30));
  return c;
}

bool is_mockgate(const std::string& base) {
  auto c = admin_client(base);
  const auto res = c.Get("/__mockgate/health");
  if (!res || res->status != 200) return false;
  const auto body = json::parse(res->body, nullptr, false);
  return body.is_object() && body.value("ok", false);
}

/// An admin call that must succeed; throws with the target's answer otherwise.
json admin(httplib::Client& c, const std::string& method, const std::string& path,
           const json& body = nullptr) {
  httplib::Result res = [&] {
    const std::string text = body.is_null() ? std::string{} : body.dump();
    if (method == "POST") return c.Post(path, text, "application/json");
    if (method == "PUT") return c.Put(path, text, "application/json");
    if (method == "PATCH") return c.Patch(path, text, "application/json");
    if (method == "DELETE") return c.Delete(path);
    return c.Get(path);
  }();
  if (!res) throw std::runtime_error(method + " " + path + ": " + httplib::to_string(res.error()));
  if (res->status >= 300) throw std::runtime_error(method + " " + path + ": " + std::to_string(res->status) + " " + res->body);
  return res->body.empty() ? json(nullptr) : json::parse(res->body, nullptr, false);
}

json key_body(const core::KeySpec& k) {
  json b = json::object();
  if (k.env) b["env"] = *k.env;
  b["status"] = std::string(core::to_string(k.status));
  if (k.operations) b["operations"] = *k.operations;
  if (!k.owner.empty()) b["owner"] = k.owner;
  if (!k.username.empty()) b["username"] = k.username;
  if (!k.tier.empty()) b["tier"] = k.tier;
  if (k.expires_at) b["expires_at"] = core::format_time(*k.expires_at);
  if (k.value) b["value"] = *k.value;
  if (!k.attributes.empty()) b["attributes"] = k.attributes;
  return b;
}

core::CreatedKey created_from(const json& j) {
  core::CreatedKey k;
  k.value = j.value("value", "");
  k.record.id = j.value("id", "");
  k.record.env = j.value("env", "");
  k.record.display = j.value("display", "");
  return k;
}

/// Arranges `given` through the admin API of a mockgate target (reset first).
std::map<std::string, core::CreatedKey> arrange_remote(httplib::Client& c, const Scenario& s,
                                                       const std::optional<core::SystemTime>& as_of) {
  admin(c, "POST", "/__mockgate/reset");
  const auto& g = s.given;
  // The scenario's own date first; else --as-of, the contract as it stood on that date.
  if (const auto when = g.clock ? g.clock : as_of) {
    admin(c, "PUT", "/__mockgate/clock", {{"now", core::format_time(*when)}});
  }
  if (!g.locale.empty()) admin(c, "PUT", "/__mockgate/locale", {{"locale", g.locale}});
  for (const auto& a : g.accounts) {
    json body{{"username", a.username}};
    if (a.spec.password) body["password"] = *a.spec.password;
    if (a.spec.ip_whitelist) body["ip_whitelist"] = *a.spec.ip_whitelist;
    if (a.spec.tier) body["tier"] = *a.spec.tier;
    if (a.spec.company) body["company"] = *a.spec.company;
    admin(c, "POST", "/__mockgate/accounts", body);
  }
  std::map<std::string, core::CreatedKey> keys;
  for (const auto& k : g.keys) {
    core::KeySpec spec = k.spec;
    if (!spec.env) spec.env = s.when.env;
    auto created = created_from(admin(c, "POST", "/__mockgate/keys", key_body(spec)));
    if (k.deleted) admin(c, "DELETE", "/__mockgate/keys/" + created.record.id);
    if (!k.rotate_to.empty()) {
      keys.emplace(k.rotate_to, created_from(admin(c, "POST", "/__mockgate/keys/" + created.record.id + "/rotate")));
    }
    keys.emplace(k.name, std::move(created));
  }
  for (const auto& f : g.faults) {
    json responses = json::array();
    for (const auto& r : f.responses) responses.push_back(core::to_json(r));
    admin(c, "POST", "/__mockgate/faults", {{"stage", std::string(core::to_string(f.stage))}, {"responses", responses}});
  }
  // Last: after it, the target may present a certificate nobody trusts.
  if (!g.certificate.empty()) admin(c, "PUT", "/__mockgate/tls", {{"certificate", g.certificate}});
  return keys;
}

/// The target's journal as serve events (elapsed-time stamps from the journal's times).
std::vector<core::ServeEvent> remote_journal(httplib::Client& c) {
  std::vector<core::ServeEvent> out;
  const json events = admin(c, "GET", "/__mockgate/journal");
  for (const auto& e : events) {
    core::ServeEvent ev;
    ev.seq = e.value("seq", 0u);
    ev.method = e.value("method", "");
    ev.path = e.value("path", "");
    ev.env = e.value("env", "");
    ev.body = e.value("body", "");
    const json query = e.value("query", json::object());
    for (const auto& [k, v] : query.items()) ev.query.emplace_back(k, v.get<std::string>());
    const json headers = e.value("headers", json::object());
    for (const auto& [k, v] : headers.items()) ev.headers.push_back({k, v.get<std::string>()});
    if (e.contains("status") && e.at("status").is_number_integer()) ev.status = e.at("status").get<int>();
    for (const auto& name : e.value("flags", std::vector<std::string>{})) {
      // A flag this runner does not know (a newer server's) is no expectation of ours.
      if (const auto flag = core::parse_journal_flag(name)) ev.flags.push_back(*flag);
    }
    const json response = e.value("response", json::object());
    const json response_headers = response.value("headers", json::object());
    for (const auto& [k, v] : response_headers.items()) ev.response_headers.push_back({k, v.get<std::string>()});
    ev.response_body = response.value("body", "");
    if (const auto t = core::parse_time(e.value("time", ""))) {
      ev.time = *t;
      ev.steady = core::SteadyTime(std::chrono::duration_cast<core::SteadyTime::duration>(t->time_since_epoch()));
    }
    out.push_back(std::move(ev));
  }
  return out;
}

/// Why a real provider cannot run `s`, or "" when it can.
std::string unsupported_on_provider(const Scenario& s, const RemoteTarget& t) {
  const auto& g = s.given;
  if (!s.when.probe) return "a real provider keeps no journal to judge a client by: only probes run";
  if (!g.accounts.empty()) return "needs accounts, which only a mockgate target can arrange";
  if (!g.faults.empty()) return "needs injected faults, which only a mockgate target can arrange";
  if (g.clock) return "needs the clock set, which only a mockgate target can do";
  if (!g.locale.empty()) return "needs a locale, which only a mockgate target can switch";
  if (!g.certificate.empty()) return "needs a certificate mode, which only a mockgate target can switch";
  for (const auto& k : g.keys) {
    if (k.deleted || !k.rotate_to.empty() || k.spec.operations || !k.spec.owner.empty() ||
        k.spec.expires_at || k.spec.value || !k.spec.tier.empty() || !k.spec.attributes.empty()) {
      return "key '" + k.name + "' needs arranging beyond a status (delete, rotate, scope, owner, expiry)";
    }
    const auto env = k.spec.env.value_or(s.when.env);
    if (!t.keys || t.keys->by_status_env.count({std::string(core::to_string(k.spec.status)), env}) == 0) {
      return "the keys file has no " + std::string(core::to_string(k.spec.status)) + " key for " + env;
    }
  }
  return {};
}

}  // namespace

TargetKeys load_target_keys(const std::string& path) {
  const auto root = server::YamlNode::root(server::YamlDocument::load_file(path));
  root.expect_keys({"keys"});
  TargetKeys keys;
  for (const auto& item : root.required("keys").items()) {
    item.expect_keys({"status", "env", "value"});
    const auto status_node = item.required("status");
    const auto status = core::parse_key_status(status_node.as_string());
    if (!status) throw InputError::unknown_name(status_node.mark(), "status", status_node.as_string(), core::key_status_names());
    keys.by_status_env[{std::string(core::to_string(*status)), item.required("env").as_string()}] =
        item.required("value").as_string();
  }
  return keys;
}

ScenarioResult run_scenario_on_target(const Scenario& s, const core::Profile& profile,
                                      ClientDriver& driver, const RunOptions& options,
                                      const RemoteTarget& target) {
  detail::ResultBuilder built(s);
  ScenarioResult& result = built.result;
  const auto finish = [&](Verdict v, std::string reason) { return built.finish(v, std::move(reason)); };
  const auto& urls = s.when.plain_http ? target.plain_urls : target.urls;
  const auto url = urls.find(s.when.env);
  if (url == urls.end()) {
    return finish(Verdict::Skipped, std::string("no ") + (s.when.plain_http ? "--plain-target" : "--target") +
                                        " for environment '" + s.when.env + "'");
  }
  // The admin API answers on every listener; the environment's own URL reaches this provider.
  const auto admin_base = target.urls.count(s.when.env) ? target.urls.at(s.when.env) : url->second;
  const bool mock = !target.provider_only && is_mockgate(admin_base);

  std::map<std::string, core::CreatedKey> keys;
  auto admin_api = admin_client(admin_base);
  if (mock) {
    try {
      keys = arrange_remote(admin_api, s, options.as_of);
    } catch (const std::exception& e) {
      return finish(Verdict::Error, std::string("could not arrange the target: ") + e.what());
    }
  } else {
    if (const auto why = unsupported_on_provider(s, target); !why.empty()) return finish(Verdict::Skipped, why);
    for (const auto& k : s.given.keys) {
      core::CreatedKey key;
      key.record.env = k.spec.env.value_or(s.when.env);
      key.value = target.keys->by_status_env.at({std::string(core::to_string(k.spec.status)), key.record.env});
      key.record.display = core::display_form(
          core::KeyStore(profile.key_format, profile.key_environments()).prefix_of(key.value), key.value);
      keys.emplace(k.name, std::move(key));
    }
  }

  ClientInput input;
  JudgeContext ctx;
  std::vector<std::pair<std::string, std::string>> secrets;
  detail::prepare(s, profile, keys, url->second, target.ca_file, input, ctx, secrets);
  if (options.catalogue != nullptr) ctx.rules = options.catalogue->rules();
  detail::ProbeExchange exchange;
  const ClientRun run = s.when.probe ? detail::send_probe(*s.when.probe, url->second, target.ca_file, ctx, &exchange)
                                     : driver.run(input, options.timeout);
  std::vector<core::ServeEvent> journal;
  if (mock) {
    try {
      if (!s.given.certificate.empty()) admin(admin_api, "PUT", "/__mockgate/tls", {{"certificate", "trusted"}});
      journal = remote_journal(admin_api);
      const auto listing = admin(admin_api, "GET", "/__mockgate/keys");
      ctx.exported = admin(admin_api, "GET", "/__mockgate/journal").dump() + listing.dump();
      for (const auto& [name, key] : keys) {
        for (const auto& k : listing) {
          if (k.value("id", "") == key.record.id) ctx.key_used.emplace_back(name, !k.at("last_used_at").is_null());
        }
      }
    } catch (const std::exception& e) {
      return finish(Verdict::Error, std::string("could not read the target's journal: ") + e.what());
    }
  } else {
    // A real provider keeps no journal for us: the probe's own exchange stands in for it, and
    // checks about the mock's inner state do not apply.
    if (exchange.answered) journal.push_back(exchange.event);
    ctx.exported.clear();
  }
  Scenario judged = s;
  if (!mock) {
    judged.then.journal_redacted = false;
    judged.then.flags.clear();
    judged.then.keys.clear();
  }
  // A remote target's keys cannot be asked for: only the scenario's own secrets are known here.
  detail::conclude(result, judged, run, journal, ctx, s.when.probe ? "probe" : driver.describe(),
                   Redaction(std::move(secrets)));
  result.scenario = &s;
  return finish(result.verdict, result.reason);
}

}  // namespace mockgate::runner
