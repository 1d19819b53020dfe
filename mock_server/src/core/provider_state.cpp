// Arranging a provider's state: keys, accounts, locale, clock, baseline and reset.
#include "mockgate/core/provider_state.hpp"

#include <algorithm>

#include "core/redactor.hpp"
#include "core/suggest.hpp"

namespace mockgate::core {
namespace {

/// Eight random bytes as a number: the seed of the key store's fingerprints.
std::uint64_t random_seed(Entropy& entropy) {
  std::uint8_t bytes[8] = {};
  entropy.fill(bytes, sizeof bytes);
  std::uint64_t seed = 0;
  for (const auto b : bytes) seed = (seed << 8) | b;
  return seed;
}

}  // namespace

ProviderState::ProviderState(Profile profile, const TimeSource& time, Entropy& entropy,
                             ProviderOptions options)
    : profile_(std::move(profile)),
      clock_(time),
      entropy_(entropy),
      keys_(profile_.key_format, profile_.key_environments(), profile_.hash, random_seed(entropy),
            options.limits.forgotten_keys_redacted),
      journal_(options.journal_capacity, options.limits.journal_bytes,
               options.limits.journal_body_bytes),
      locale_(options.locale.empty() ? profile_.default_locale : options.locale),
      start_time_(options.now),
      limits_(options.limits) {
  clock_.set(start_time_);
  if (profile_.messages.find(locale_) == profile_.messages.end()) {
    throw InvalidRequest(400, "unknown locale '" + locale_ + "'");
  }
  accounts_.ensure(profile_.default_account, profile_.default_company);
  mark_baseline();
}

std::string ProviderState::validated_env(std::string_view env) const {
  for (const auto& e : profile_.key_environments()) {
    if (e == env) return e;
  }
  std::string known;
  for (const auto& e : profile_.key_environments()) known += (known.empty() ? "" : ", ") + e;
  throw InvalidRequest(400, "unknown env '" + std::string(env) + "' (known: " + known + ")");
}

std::vector<std::string> ProviderState::validated_operations(
    const std::vector<std::string>& ops) const {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    bool known = false;
    for (const auto& p : profile_.operations) {
      if (iequals(p, op)) {
        known = true;
        out.push_back(p);
      }
    }
    if (!known) throw InvalidRequest(400, "unknown operation '" + op + "'");
  }
  return out;
}

CreatedKey ProviderState::create_key(const KeySpec& spec, std::string_view listener_env) {
  std::lock_guard lock(mutex_);
  return add_key(spec, listener_env);
}

CreatedKey ProviderState::add_key(const KeySpec& spec, std::string_view listener_env) {
  if (keys_.all().size() >= limits_.keys) {
    throw InvalidRequest(409, "the mock holds " + std::to_string(keys_.all().size()) +
                                  " keys, deleted ones included, and takes at most " +
                                  std::to_string(limits_.keys) + " (POST /__mockgate/reset)");
  }
  KeyRecord rec;
  if (spec.env) {
    rec.env = validated_env(*spec.env);
  } else {
    // A listener environment names the key environment its own keys use when it accepts it.
    const EnvironmentSpec* e = profile_.environment(listener_env);
    if (e == nullptr || e->accepts.empty()) {
      // Not a listener: take it as a key environment, if it is one.
      rec.env = validated_env(listener_env);
    } else {
      bool own = false;
      for (const auto& a : e->accepts) own = own || a == listener_env;
      rec.env = own ? std::string(listener_env) : e->accepts.back();
    }
  }
  rec.status = spec.status;
  rec.operations = spec.operations ? validated_operations(*spec.operations) : profile_.operations;
  rec.owner = spec.owner.empty() ? profile_.default_account : spec.owner;
  rec.username = spec.username.empty() ? rec.owner : spec.username;
  validate_tier(spec.tier);
  rec.tier = spec.tier;
  rec.attributes = profile_.key_management.attributes;
  for (const auto& [name, value] : spec.attributes) {
    const auto it = rec.attributes.find(name);
    if (it == rec.attributes.end()) {
      throw InvalidRequest(400, "'" + name + "' is not a key attribute of " + profile_.id);
    }
    if (!value.empty()) it->second = value;
  }
  rec.expires_at = spec.expires_at;
  rec.created_at = clock_.now();
  std::string value;
  if (spec.value) {
    value = *spec.value;
    if (!keys_.is_well_formed(value) || keys_.env_of(value) != rec.env) {
      throw InvalidRequest(400, "value is not a well-formed " + rec.env + " key for " + profile_.id);
    }
    if (keys_.find_by_value(value) != nullptr) throw InvalidRequest(409, "that key value exists");
  } else {
    value = profile_.key_format.prefix_for(rec.env) +
            random_token(entropy_, profile_.key_format.alphabet, profile_.key_format.length);
  }
  rec.id = random_uuid(entropy_);
  accounts_.ensure(rec.owner, profile_.default_company);
  KeyRecord& stored = keys_.add(std::move(rec), value, random_bytes(entropy_, 16));
  return CreatedKey{stored, value};
}

std::vector<KeyRecord> ProviderState::keys() const {
  std::lock_guard lock(mutex_);
  return keys_.all();
}

std::optional<KeyRecord> ProviderState::key(std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (const auto& k : keys_.all()) {
    if (k.id == id) return k;
  }
  return std::nullopt;
}

void ProviderState::set_key_status(std::string_view id, KeyStatus status) {
  std::lock_guard lock(mutex_);
  KeyRecord* k = keys_.find_by_id(id);
  if (k == nullptr) throw InvalidRequest(404, "no key with id '" + std::string(id) + "'");
  k->status = status;
}

void ProviderState::set_key_tier(std::string_view id, const std::string& tier) {
  std::lock_guard lock(mutex_);
  validate_tier(tier);
  KeyRecord* k = keys_.find_by_id(id);
  if (k == nullptr) throw InvalidRequest(404, "no key with id '" + std::string(id) + "'");
  k->tier = tier;
}

KeyRecord ProviderState::update_key(std::string_view id, std::optional<KeyStatus> status,
                                     std::optional<std::string> tier) {
  std::lock_guard lock(mutex_);
  KeyRecord* k = keys_.find_by_id(id);
  if (k == nullptr) throw InvalidRequest(404, "no key with id '" + std::string(id) + "'");
  if (tier) validate_tier(*tier);
  if (tier) k->tier = *tier;
  if (status) k->status = *status;
  return *k;
}

void ProviderState::validate_tier(const std::string& tier) const {
  if (tier.empty() || tier == kUnlimitedTier || profile_.rate_limits.tiers.count(tier) == 1) return;
  std::string known(kUnlimitedTier);
  for (const auto& [name, limit] : profile_.rate_limits.tiers) known += ", " + name;
  throw InvalidRequest(400, "unknown tier '" + tier + "' (known: " + known + ")");
}

QueuedFaults ProviderState::push_faults(FaultStage stage, const std::vector<Fault>& faults) {
  std::lock_guard lock(mutex_);
  for (const auto& f : faults) {
    check_fault_stage(stage, f);
    if (f.answer && profile_.answers.find(*f.answer) == profile_.answers.end()) {
      throw InvalidRequest(400, "unknown answer '" + *f.answer + "' in profile " + profile_.id);
    }
  }
  const auto queued = faults_.total();
  if (faults.size() > limits_.faults || queued > limits_.faults - faults.size()) {
    throw InvalidRequest(409, "the fault queue holds " + std::to_string(queued) + " and takes at most " +
                                  std::to_string(limits_.faults) + " faults: " +
                                  std::to_string(faults.size()) +
                                  " more would pass that (DELETE /__mockgate/faults, or queue fewer)");
  }
  for (const auto& f : faults) faults_.push(stage, f);
  return {faults_.size(FaultStage::BeforeAuth), faults_.size(FaultStage::AfterAuth),
          faults_.size(FaultStage::Connection)};
}

std::optional<Fault> ProviderState::take_connection_fault() {
  std::lock_guard lock(mutex_);
  return faults_.take(FaultStage::Connection);
}

nlohmann::json ProviderState::pending_faults() const {
  std::lock_guard lock(mutex_);
  return faults_.pending();
}

void ProviderState::clear_faults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

void ProviderState::delete_key(std::string_view id) {
  std::lock_guard lock(mutex_);
  KeyRecord* k = keys_.find_by_id(id);
  const auto now = clock_.now();
  if (k == nullptr || k->is_deleted(now)) {
    throw InvalidRequest(404, "no key with id '" + std::string(id) + "'");
  }
  k->deleted_at = now;
}

CreatedKey ProviderState::rotate_key(std::string_view id) {
  // One lock for the whole rotation: a reset or delete between reading the old key and
  // retiring it would leave this writing through a pointer into a store that moved on.
  std::lock_guard lock(mutex_);
  const KeyRecord* k = keys_.find_by_id(id);
  if (k == nullptr || k->is_deleted(clock_.now())) {
    throw InvalidRequest(404, "no key with id '" + std::string(id) + "'");
  }
  // The new key is the old one with another value: every attribute carries over.
  KeySpec spec;
  spec.env = k->env;
  spec.status = k->status;
  spec.operations = k->operations;
  spec.owner = k->owner;
  spec.username = k->username;
  spec.tier = k->tier;
  spec.attributes = k->attributes;
  spec.expires_at = k->expires_at;
  const std::string old_id = k->id;
  CreatedKey created = add_key(spec, *spec.env);
  // add_key may have grown the store and moved its records: look the old one up again.
  KeyRecord* old_key = keys_.find_by_id(old_id);
  old_key->deleted_at = clock_.now() + std::chrono::seconds(profile_.rotation.overlap_seconds);
  keys_.find_by_id(created.record.id)->rotated_from = old_id;
  created.record.rotated_from = old_id;
  return created;
}

void ProviderState::apply(Account& account, const AccountSpec& spec) {
  if (spec.ip_whitelist) {
    std::vector<IpRange> ranges;
    for (const auto& text : *spec.ip_whitelist) {
      auto r = IpRange::parse(text);
      if (!r) throw InvalidRequest(400, "ip_whitelist: '" + text + "' is not an address or CIDR range");
      ranges.push_back(*r);
    }
    account.whitelist = IpWhitelist(std::move(ranges));
  }
  if (spec.tier) {
    validate_tier(*spec.tier);
    account.tier = *spec.tier;
  }
  if (spec.company) account.company = *spec.company;
  if (spec.password) account.password = hash_secret(*spec.password, random_bytes(entropy_, 16));
}

Account ProviderState::create_account(std::string_view username, const AccountSpec& spec) {
  std::lock_guard lock(mutex_);
  if (username.empty()) throw InvalidRequest(400, "username is required");
  Account* existing = accounts_.find(username);
  if (existing != nullptr && existing->created_by_admin) {
    throw InvalidRequest(409, "account '" + std::string(username) + "' exists");
  }
  // Validate everything on a copy first, so a refused request changes nothing.
  Account draft = existing != nullptr ? *existing : Account{};
  draft.username = std::string(username);
  if (existing == nullptr) draft.company = profile_.default_company;
  apply(draft, spec);
  draft.created_by_admin = true;
  Account& stored = accounts_.ensure(username, profile_.default_company);
  stored = draft;
  return stored;
}

Account ProviderState::update_account(std::string_view username, const AccountSpec& spec) {
  std::lock_guard lock(mutex_);
  Account* existing = accounts_.find(username);
  if (existing == nullptr) throw InvalidRequest(404, "no account '" + std::string(username) + "'");
  Account draft = *existing;
  apply(draft, spec);
  *existing = draft;
  return draft;
}

std::vector<Account> ProviderState::accounts() const {
  std::lock_guard lock(mutex_);
  std::vector<Account> out;
  for (const auto& [name, a] : accounts_.all()) out.push_back(a);
  return out;
}

void ProviderState::set_locale(std::string_view locale) {
  std::lock_guard lock(mutex_);
  if (profile_.messages.find(locale) == profile_.messages.end()) {
    std::string known;
    for (const auto& [l, m] : profile_.messages) known += (known.empty() ? "" : ", ") + l;
    throw InvalidRequest(400, "unknown locale '" + std::string(locale) + "' (known: " + known + ")");
  }
  locale_ = std::string(locale);
}

const std::vector<std::string>& ProviderState::certificate_modes() {
  static const std::vector<std::string> modes = {"trusted", "untrusted", "wrong_host", "expired"};
  return modes;
}

void ProviderState::set_certificate(std::string_view mode) {
  for (const auto& m : certificate_modes()) {
    if (m == mode) {
      std::lock_guard lock(mutex_);
      certificate_ = m;
      return;
    }
  }
  throw InvalidRequest(400, "unknown certificate '" + std::string(mode) + "'" +
                                did_you_mean(mode, certificate_modes()) +
                                " (use trusted, untrusted, wrong_host or expired)");
}

std::string ProviderState::certificate() const {
  std::lock_guard lock(mutex_);
  return certificate_;
}

std::string ProviderState::locale() const {
  std::lock_guard lock(mutex_);
  return locale_;
}

std::string ProviderState::redacted(std::string_view text) const {
  std::lock_guard lock(mutex_);
  return Redactor(keys_, profile_).text(text, {});
}

std::vector<ServeEvent> ProviderState::journal() const {
  std::lock_guard lock(mutex_);
  return {journal_.events().begin(), journal_.events().end()};
}

std::vector<ServeEvent> ProviderState::journal(const JournalQuery& query) const {
  std::lock_guard lock(mutex_);
  std::vector<ServeEvent> matched;
  for (const auto& e : journal_.events()) {
    if (query.matches(e)) matched.push_back(e);
  }
  return matched;
}

std::size_t ProviderState::journal_count(const JournalQuery& query) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(journal_.events().begin(), journal_.events().end(), [&](const ServeEvent& e) { return query.matches(e); }));
}

std::uint64_t ProviderState::journal_last_seq() const {
  std::lock_guard lock(mutex_);
  return journal_.last_seq();
}

std::optional<ServeEvent> ProviderState::last_event() const {
  std::lock_guard lock(mutex_);
  if (journal_.events().empty()) return std::nullopt;
  return journal_.events().back();
}

std::size_t ProviderState::journal_size() const {
  std::lock_guard lock(mutex_);
  return journal_.events().size();
}

std::uint64_t ProviderState::journal_dropped() const {
  std::lock_guard lock(mutex_);
  return journal_.dropped();
}

void ProviderState::mark_baseline() {
  std::lock_guard lock(mutex_);
  baseline_ = Baseline{keys_.all(), accounts_, locale_};
}

void ProviderState::reset() {
  std::lock_guard lock(mutex_);
  keys_.restore(baseline_.keys);
  accounts_ = baseline_.accounts;
  locale_ = baseline_.locale;
  journal_.clear();
  limiter_.clear();
  faults_.clear();
  certificate_ = "trusted";
  clock_.set(start_time_);
}

}  // namespace mockgate::core
