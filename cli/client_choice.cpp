// --client: a built-in or a command; the command's program checked before the first scenario.
#include "client_choice.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "exit_codes.hpp"
#include "flag_values.hpp"
#include "mockgate/runner/profile_client.hpp"

namespace mockgate::cli {
namespace {

/// The first word of a command when the command is plain words: no quoting, no variables,
/// redirections or assignments, which only the shell can resolve. "" otherwise.
std::string plain_program(const std::string& command) {
  const auto start = command.find_first_not_of(" \t");
  if (start == std::string::npos) return "";
  const auto end = command.find_first_of(" \t", start);
  const std::string word = command.substr(start, end == std::string::npos ? std::string::npos : end - start);
  for (const char c : word) {
    const bool plain =
        std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("/._+-").find(c) != std::string_view::npos;
    if (!plain) return "";
  }
  return word;
}

bool is_executable_file(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

/// Words the shell runs itself, so that PATH has no file for them.
bool is_shell_word(const std::string& word) {
  static const char* const kWords[] = {"cd", "exec", "env", "command", "eval", "set", "export", "true", "false",
                                       "test", "[", ".", "if", "for", "while", "case", "{", "(", "!"};
  for (const char* w : kWords) {
    if (word == w) return true;
  }
  return false;
}

}  // namespace

std::string program_problem(const std::string& client) {
  const std::string program = plain_program(client);
  if (program.empty() || is_shell_word(program)) return "";
  if (program.find('/') != std::string::npos) {
    std::error_code ec;
    if (!std::filesystem::exists(program, ec)) return "'" + program + "' does not exist";
    if (!is_executable_file(program)) return "'" + program + "' is not an executable file";
    return "";
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (std::size_t from = 0; from <= dirs.size();) {
    const auto colon = dirs.find(':', from);
    const std::string dir = dirs.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
    if (is_executable_file(std::filesystem::path(dir.empty() ? "." : dir) / program)) return "";
    if (colon == std::string::npos) break;
    from = colon + 1;
  }
  return "'" + program + "' is not found on PATH";
}

DriverFactory choose_client(const std::string& command, const std::string& client, runner::ProfileLookup lookup) {
  if (client == "builtin:profile") {
    return [lookup] {
      return std::make_unique<runner::CallableClientDriver>("builtin:profile", runner::profile_client(lookup));
    };
  }
  if (client == "builtin:cpp") {
    // It was the C++ reference client, linked into mockgate; the shipped binary carries no test
    // fixture now, and the same client is a program of its own.
    bad_flag(command, "builtin:cpp is no longer built in: run the C++ reference client as a program, "
                      "--client build/fixtures/clients/cpp/mockgate-cpp-client (from a build of the source tree), "
                      "or use --client builtin:profile");
  }
  if (client.rfind("builtin:", 0) == 0) {
    bad_flag(command, "unknown built-in client '" + client + "' (the one built in is builtin:profile)");
  }
  if (const auto problem = program_problem(client); !problem.empty()) {
    throw Failure(kExitToolFailed, "mockgate " + command + ": the client cannot be started: " + problem +
                                       " (--client \"" + client + "\")");
  }
  return [client] { return std::make_unique<runner::ProcessClientDriver>(client); };
}

}  // namespace mockgate::cli
