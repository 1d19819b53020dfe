// Scenarios against a running target: a mockgate arranged over HTTP, or a real provider.
#include "mockgate/runner/remote_target.hpp"

#include "mockgate/core/key_store.hpp"
#include "mockgate/runner/arrangement.hpp"
#include "profile/yaml_reader.hpp"
#include "scenario_target.hpp"

namespace mockgate::runner {
namespace {

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

namespace {

/// A target already running at the scenario's URLs: a mockgate, reset and arranged through its
/// admin API for each scenario, or (when it does not answer as one) a real provider.
class RunningTarget final : public detail::Target {
 public:
  RunningTarget(const RemoteTarget& target, const core::Profile& profile, const RunOptions& options)
      : target_(target), profile_(profile), options_(options) {}

  detail::Placement place(const Scenario& s) override {
    detail::Placement place;
    const auto& urls = s.when.plain_http ? target_.plain_urls : target_.urls;
    const auto url = urls.find(s.when.env);
    if (url == urls.end()) {
      place.skipped = std::string("no ") + (s.when.plain_http ? "--plain-target" : "--target") +
                      " for environment '" + s.when.env + "'";
      return place;
    }
    place.base_url = url->second;
    place.ca_file = target_.ca_file;
    // The admin API answers on every listener; the environment's own URL reaches this provider.
    const auto admin_base = target_.urls.count(s.when.env) ? target_.urls.at(s.when.env) : url->second;
    const auto admin = admin_transport_options(admin_base);
    if (!target_.provider_only && is_mockgate(*transport(admin))) {
      mock_ = http_mock(transport(admin));
      try {
        mock_->reset();
        // The scenario's own date first; else --as-of, the contract as it stood on that date.
        if (!s.given.clock && options_.as_of) mock_->set_clock(*options_.as_of);
        place.keys = arrange(*mock_, s.given, s.when.env, true);
      } catch (const std::exception& e) {
        place.error = std::string("could not arrange the target: ") + e.what();
      }
      return place;
    }
    place.skipped = unsupported_on_provider(s, target_);
    if (place.skipped.empty()) place.keys = provider_keys(s);
    return place;
  }

  detail::Observation observe(const Scenario& s, const detail::ProbeExchange& exchange) override {
    detail::Observation seen;
    if (mock_ == nullptr) {
      // A real provider keeps no journal for us: the probe's own exchange stands in for it, and
      // checks about the mock's inner state do not apply.
      if (exchange.answered) seen.journal.push_back(exchange.event);
      seen.inner_state_unknown = true;
      return seen;
    }
    try {
      if (!s.given.certificate.empty()) mock_->set_certificate("trusted");
      seen.journal = mock_->journal();
      seen.exported = mock_->exported();
      seen.keys_used = mock_->keys_used();
    } catch (const std::exception& e) {
      seen.error = std::string("could not read the target's journal: ") + e.what();
    }
    return seen;
  }

 private:
  /// The keys file's key for each of the scenario's keys (unsupported_on_provider checked it).
  std::map<std::string, core::CreatedKey> provider_keys(const Scenario& s) const {
    std::map<std::string, core::CreatedKey> keys;
    const core::KeyStore shapes(profile_.key_format, profile_.key_environments());
    for (const auto& k : s.given.keys) {
      core::CreatedKey key;
      key.record.env = k.spec.env.value_or(s.when.env);
      key.value = target_.keys->by_status_env.at({std::string(core::to_string(k.spec.status)), key.record.env});
      key.record.display = core::display_form(shapes.prefix_of(key.value), key.value);
      keys.emplace(k.name, std::move(key));
    }
    return keys;
  }

  std::unique_ptr<Transport> transport(const TransportOptions& t) const {
    return options_.transport ? options_.transport(t) : http_transport(t);
  }

  const RemoteTarget& target_;
  const core::Profile& profile_;
  const RunOptions& options_;
  std::unique_ptr<MockControl> mock_;
};

}  // namespace

ScenarioResult run_scenario_on_target(const Scenario& s, const core::Profile& profile,
                                      ClientDriver& driver, const RunOptions& options,
                                      const RemoteTarget& target) {
  RunningTarget running(target, profile, options);
  return detail::run_at(running, s, profile, driver, options);
}

}  // namespace mockgate::runner
