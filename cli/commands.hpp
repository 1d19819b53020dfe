// The commands of the mockgate CLI. Each declares its flags on a CLI11 sub-command and returns
// what runs it once the command line is read: a function giving the exit code (exit_codes.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace mockgate::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_serve_command(CLI::App& mockgate);
Command add_run_command(CLI::App& mockgate);
Command add_verify_command(CLI::App& mockgate);
Command add_coverage_command(CLI::App& mockgate);
Command add_lint_command(CLI::App& mockgate);

/// The scenarios folder of the source tree (what `run` and `lint` read by default).
std::string default_scenario_dir();

}  // namespace mockgate::cli
