// A listener that could not be opened: an address that does not resolve, a port that is taken
// or not allowed. The user can fix it (another --bind or --port-base), unlike other failures.
#pragma once

#include <stdexcept>

namespace mockgate {

class ListenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mockgate
