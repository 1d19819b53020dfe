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
int run_command(const std::vector<std::string>& args);
int verify_command(const std::vector<std::string>& args);
int coverage_command(const std::vector<std::string>& args);

/// The scenarios folder of the source tree (what `run` and `lint` read by default).
std::string default_scenario_dir();

}  // namespace mockgate::cli
