// Each flag declared once, with CLI11: its names, the kind of value and its help in one call,
// which serves parsing, `mockgate <command> --help` and "did you mean" alike.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace mockgate::cli {

/// A flag that takes one value (`--flag VALUE` or `--flag=VALUE`); given twice, the last wins.
/// `on_value` reads it, and may refuse it with bad_flag.
CLI::Option* value_flag(CLI::App& command, const std::string& names, const std::string& value_name,
                        const std::string& help, std::function<void(const std::string&)> on_value);

/// A flag given any number of times, one value each; the values are kept in the order given.
CLI::Option* repeatable_flag(CLI::App& command, const std::string& names, const std::string& value_name,
                             const std::string& help, std::vector<std::string>& values);

/// `--catalogue FILE` and `--profiles DIR`, both repeatable, declared alike by every command that
/// reads scenarios (run, verify, lint, coverage).
void catalogue_and_profile_flags(CLI::App& command, std::vector<std::string>& catalogue_paths,
                                 std::vector<std::string>& profile_dirs);

/// Positional arguments (files or folders), any number.
CLI::Option* paths_argument(CLI::App& command, const std::string& help, std::vector<std::string>& paths);

/// Refuses what `command` does not declare: the first unknown flag, with the nearest declared
/// one ("unknown flag '--provdier' (did you mean '--provider'?)"), or an unexpected argument.
void refuse_undeclared(const CLI::App& command);

/// A CLI11 parse error in the words of the other flag errors ("--port-base needs a value").
std::string parse_error_message(const CLI::ParseError& error);

}  // namespace mockgate::cli
