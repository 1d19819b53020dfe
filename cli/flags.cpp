// Flag declaration helpers over CLI11, and its errors in mockgate's words.
#include "flags.hpp"

#include <regex>

#include "flag_values.hpp"
#include "core/suggest.hpp"

namespace mockgate::cli {

CLI::Option* value_flag(CLI::App& command, const std::string& names, const std::string& value_name,
                        const std::string& help, std::function<void(const std::string&)> on_value) {
  return command.add_option_function<std::string>(names, std::move(on_value), help)
      ->type_name(value_name)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

CLI::Option* repeatable_flag(CLI::App& command, const std::string& names, const std::string& value_name,
                             const std::string& help, std::vector<std::string>& values) {
  // One value per occurrence: without this, `--provider a b` would take b as a second value.
  return command.add_option(names, values, help + " (repeatable)")->type_name(value_name)->allow_extra_args(false);
}

void catalogue_and_profile_flags(CLI::App& command, std::vector<std::string>& catalogue_paths,
                                 std::vector<std::string>& profile_dirs) {
  repeatable_flag(command, "--catalogue", "FILE", "the behaviour catalogue, in place of the bundled one",
                  catalogue_paths);
  repeatable_flag(command, "--profiles", "DIR", "a folder of provider profiles, searched first", profile_dirs);
}

CLI::Option* paths_argument(CLI::App& command, const std::string& help, std::vector<std::string>& paths) {
  return command.add_option("PATH", paths, help)->type_name("");
}

void refuse_undeclared(const CLI::App& command) {
  const auto rest = command.remaining();
  if (rest.empty()) return;
  std::string arg = rest.front();
  const std::string name = command.get_name();
  if (arg.size() < 2 || arg[0] != '-') bad_flag(name, "unexpected argument '" + arg + "'");
  if (const auto eq = arg.find('='); eq != std::string::npos) arg.resize(eq);
  std::vector<std::string> known;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& l : option->get_lnames()) known.push_back("--" + l);
    for (const auto& s : option->get_snames()) known.push_back("-" + s);
  }
  bad_flag(name, "unknown flag '" + arg + "'" + core::did_you_mean(arg, known));
}

std::string parse_error_message(const CLI::ParseError& error) {
  // CLI11 says "--port-base: 1 required N missing" for a flag given last without its value.
  static const std::regex missing_value(R"(^(-\S+): \d+ required .* missing$)");
  const std::string text = error.what();
  std::smatch m;
  if (std::regex_match(text, m, missing_value)) return m[1].str() + " needs a value";
  return text;
}

}  // namespace mockgate::cli
