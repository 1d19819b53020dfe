// The exit codes of every mockgate command, and the one error type that carries one.
#pragma once

#include <stdexcept>
#include <string>

namespace mockgate::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitContractFailed = 1;  ///< a must scenario failed, a behaviour is uncovered
inline constexpr int kExitBadInput = 2;        ///< flags, YAML, a path: the user can fix it
inline constexpr int kExitToolFailed = 3;      ///< mockgate itself (a bug), or a client that never started

/// A command that ends with a given exit code and a message for stderr. Bad input found while
/// reading files is a mockgate::InputError (exit 2); an exception of any other type that reaches
/// main is a bug in mockgate (exit 3).
class Failure : public std::runtime_error {
 public:
  Failure(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

}  // namespace mockgate::cli
