// What `--client` names: the built-in client read off the profile, or a command run once per
// scenario step (protocol v1). A command that cannot be started at all ends the run at once.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "mockgate/runner/client_driver.hpp"
#include "mockgate/runner/scenario_loader.hpp"

namespace mockgate::cli {

using DriverFactory = std::function<std::unique_ptr<runner::ClientDriver>()>;

/// A factory of drivers for `client` (`--client`). Refuses an unknown built-in (exit 2), and a
/// command whose program is not found or not executable (exit 3: the client cannot be started).
DriverFactory choose_client(const std::string& command, const std::string& client, runner::ProfileLookup lookup);

/// Why `client`'s program cannot be started ("'nosuch' is not found on PATH"), or "" when it
/// can, or when the command is shell syntax that only running it can tell.
std::string program_problem(const std::string& client);

}  // namespace mockgate::cli
