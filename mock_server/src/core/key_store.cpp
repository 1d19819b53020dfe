// Key storage: hashed values, a narrowing index on the display form, constant-time verify.
#include "mockgate/core/key_store.hpp"

#include <algorithm>
#include <unordered_set>

namespace mockgate::core {

bool KeyRecord::allows_operation(std::string_view op) const {
  for (const auto& o : operations) {
    if (iequals(o, op)) return true;
  }
  return false;
}

std::string display_form(std::string_view prefix, std::string_view value) {
  // Short or garbage values show nothing of themselves: four characters of a six-character
  // string would give most of it away.
  const auto rest = value.size() - std::min(value.size(), prefix.size());
  std::string out(prefix);
  out += "…";
  if (rest >= 8) out += value.substr(value.size() - 4);
  return out;
}

KeyStore::KeyStore(const KeyFormat& format, std::vector<std::string> key_envs, HashSpec hash,
                   std::uint64_t fingerprint_seed, std::size_t forgotten_limit)
    : format_(&format), hash_(hash), scanner_(fingerprint_seed), forgotten_limit_(forgotten_limit) {
  for (auto& env : key_envs) {
    auto prefix = format.prefix_for(env);
    prefixes_.push_back({std::move(env), std::move(prefix)});
  }
  // Longest first, ties in the profile's order: the first match is the longest.
  std::stable_sort(prefixes_.begin(), prefixes_.end(),
                   [](const EnvPrefix& a, const EnvPrefix& b) { return a.prefix.size() > b.prefix.size(); });
  // As Redactor::looks_like_key decides: a prefix and 8 more characters, or a well-formed key.
  shortest_key_shape_ = prefixes_.empty() ? std::string::npos : 0;
  for (std::size_t i = 0; i < prefixes_.size(); ++i) {
    const auto& prefix = prefixes_[i].prefix;
    auto shortest = prefix.size() + format.min_length;
    if (!prefix.empty()) shortest = std::min(shortest, prefix.size() + 8);
    shortest_key_shape_ = i == 0 ? shortest : std::min(shortest_key_shape_, shortest);
  }
}

const KeyStore::EnvPrefix* KeyStore::match(std::string_view value) const {
  for (const auto& p : prefixes_) {
    if (value.substr(0, p.prefix.size()) == p.prefix) return &p;
  }
  return nullptr;
}

std::optional<std::string> KeyStore::env_of(std::string_view value) const {
  const auto* p = match(value);
  return p != nullptr ? std::optional<std::string>(p->env) : std::nullopt;
}

std::string KeyStore::prefix_of(std::string_view value) const {
  const auto* p = match(value);
  return p != nullptr ? p->prefix : std::string{};
}

std::optional<std::string_view> KeyStore::matching_prefix(std::string_view value) const {
  const auto* p = match(value);
  return p != nullptr ? std::optional<std::string_view>(p->prefix) : std::nullopt;
}

bool KeyStore::is_well_formed(std::string_view value) const {
  const auto* p = match(value);
  if (p == nullptr) return false;
  const auto random = value.substr(p->prefix.size());
  if (random.size() < format_->min_length || random.size() > format_->max_length) return false;
  for (const char c : random) {
    if (format_->alphabet.find(c) == std::string::npos) return false;
  }
  if (format_->pattern) return std::regex_match(value.begin(), value.end(), *format_->pattern);
  return true;
}

KeyRecord& KeyStore::add(KeyRecord record, std::string_view value, std::string salt) {
  record.display = display_form(prefix_of(value), value);
  record.secret = hash_secret(value, std::move(salt), hash_);
  record.print = scanner_.print(value);
  scanner_.add(record.print, record.secret);
  const auto index = keys_.size();
  by_display_[record.display].push_back(index);
  by_id_[record.id] = index;
  keys_.push_back(std::move(record));
  return keys_.back();
}

KeyRecord* KeyStore::find_by_value(std::string_view value) {
  const auto it = by_display_.find(display_form(matching_prefix(value).value_or(""), value));
  if (it == by_display_.end()) return nullptr;
  KeyRecord* match = nullptr;
  // Every candidate is verified, match or not, so timing says nothing of which one matched.
  for (const auto index : it->second) {
    if (verify_secret(keys_[index].secret, value) && match == nullptr) match = &keys_[index];
  }
  return match;
}

KeyRecord* KeyStore::find_by_id(std::string_view id) {
  const auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &keys_[it->second];
}

void KeyStore::restore(std::vector<KeyRecord> records) {
  std::unordered_set<std::string> kept;
  for (const auto& r : records) kept.insert(r.id);
  auto forgotten = std::move(forgotten_);
  for (auto& k : keys_) {
    if (kept.count(k.id) == 0) forgotten.emplace_back(k.print, std::move(k.secret));
  }
  if (forgotten.size() > forgotten_limit_) {
    forgotten.erase(forgotten.begin(),
                    forgotten.begin() + static_cast<std::ptrdiff_t>(forgotten.size() - forgotten_limit_));
  }
  clear();
  forgotten_ = std::move(forgotten);
  for (const auto& [print, secret] : forgotten_) scanner_.add(print, secret);
  keys_ = std::move(records);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    by_display_[keys_[i].display].push_back(i);
    by_id_[keys_[i].id] = i;
    scanner_.add(keys_[i].print, keys_[i].secret);
  }
}

void KeyStore::clear() {
  // Swapped with empty ones, not cleared: a reset after a flood of keys gives the memory back.
  std::vector<KeyRecord>().swap(keys_);
  decltype(by_display_)().swap(by_display_);
  decltype(by_id_)().swap(by_id_);
  scanner_.clear();
  decltype(forgotten_)().swap(forgotten_);
}

}  // namespace mockgate::core
