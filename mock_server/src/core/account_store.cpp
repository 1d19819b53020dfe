// Account lookup and implicit creation (a key naming an unknown owner makes its account).
#include "mockgate/core/account_store.hpp"

namespace mockgate::core {

Account* AccountStore::find(std::string_view username) {
  const auto it = accounts_.find(username);
  return it == accounts_.end() ? nullptr : &it->second;
}

const Account* AccountStore::find(std::string_view username) const {
  const auto it = accounts_.find(username);
  return it == accounts_.end() ? nullptr : &it->second;
}

Account& AccountStore::ensure(std::string_view username, std::string_view default_company) {
  auto it = accounts_.find(username);
  if (it == accounts_.end()) {
    Account a;
    a.username = std::string(username);
    a.company = std::string(default_company);
    it = accounts_.emplace(a.username, std::move(a)).first;
  }
  return it->second;
}

}  // namespace mockgate::core
