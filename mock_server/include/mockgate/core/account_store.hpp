// Accounts: who owns keys, Basic-auth credentials, IP whitelist, rate-limit tier, company.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "mockgate/core/ip_matcher.hpp"
#include "mockgate/core/key_hasher.hpp"

namespace mockgate::core {

struct Account {
  std::string username;
  std::optional<StoredSecret> password;  ///< none: the account cannot use Basic auth
  IpWhitelist whitelist;
  std::string tier;  ///< empty: the profile's rate_limits.default_tier
  std::string company;
  bool created_by_admin = false;  ///< POST /__mockgate/accounts made it (a second POST is 409)
};

/// Accounts of one provider. Not thread-safe: the provider state serialises access.
class AccountStore {
 public:
  Account* find(std::string_view username);
  const Account* find(std::string_view username) const;
  /// The account named `username`, made (password-less) when missing.
  Account& ensure(std::string_view username, std::string_view default_company);
  const std::map<std::string, Account, std::less<>>& all() const { return accounts_; }
  void clear() { accounts_.clear(); }

 private:
  std::map<std::string, Account, std::less<>> accounts_;
};

}  // namespace mockgate::core
