// The subcommands of the mockgate CLI. Each returns the process exit code:
// 0 ok, 1 a contract failed, 2 bad input (flags, YAML).
#pragma once

#include <string>
#include <vector>

namespace mockgate::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitContractFailed = 1;
inline constexpr int kExitBadInput = 2;

int serve_command(const std::vector<std::string>& args);
int lint_command(const std::vector<std::string>& args);

}  // namespace mockgate::cli
