// mockgate run: the scenario catalogue against a client; exit 0 only when every must passed.
#include <fnmatch.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "flag_reader.hpp"
#include "mockgate/runner/profile_client.hpp"
#include "mockgate/runner/remote_target.hpp"
#include "mockgate/runner/reporters.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "profile_cache.hpp"
#include "scenario_set.hpp"
#include "reference_client.hpp"

namespace mockgate::cli {

std::string default_scenario_dir() {
#ifdef MOCKGATE_SOURCE_SCENARIOS
  if (std::filesystem::is_directory(MOCKGATE_SOURCE_SCENARIOS)) return MOCKGATE_SOURCE_SCENARIOS;
#endif
  return "scenarios";
}

namespace {

/// `run` checks a client, so it leaves probe scenarios out; `verify` checks the mock, so it
/// runs everything, client scenarios with the profile-driven client unless told otherwise.
int run_scenarios(const std::string& command, const std::vector<std::string>& args, bool verify) {
  FlagReader flags(command, args);
  std::string client = verify ? "builtin:profile" : "";
  std::vector<std::string> paths, providers, filters;
  runner::RunOptions options;
  options.jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string junit, json;
  std::vector<std::string> catalogue_paths;
  ProfileCache profiles;
  bool verbose = false;
  runner::RemoteTarget target;
  const auto env_url = [&](const std::string& flag) {
    const auto text = flags.value();
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
      flags.fail(flag + " takes ENV=URL, e.g. live=https://api.example.com");
    }
    std::string url = text.substr(eq + 1);
    while (!url.empty() && url.back() == '/') url.pop_back();
    return std::make_pair(text.substr(0, eq), url);
  };
  while (flags.next()) {
    if (flags.is_positional()) {
      paths.push_back(flags.current());
    } else if (flags.is("--client")) {
      client = flags.value();
    } else if (flags.is("--provider")) {
      providers.push_back(flags.value());
    } else if (flags.is("--filter")) {
      filters.push_back(flags.value());
    } else if (flags.is("-j") || flags.is("--jobs")) {
      options.jobs = static_cast<std::size_t>(flags.int_value(1, 256));
    } else if (flags.is("--timeout")) {
      options.timeout = std::chrono::seconds(flags.int_value(1, 3600));
    } else if (flags.is("--junit")) {
      junit = flags.value();
    } else if (flags.is("--json")) {
      json = flags.value();
    } else if (flags.is("--catalogue")) {
      catalogue_paths.push_back(flags.value());
    } else if (flags.is("--profiles")) {
      profiles.add_dir_flag(flags);
    } else if (flags.is("--as-of")) {
      const auto text = flags.value();
      options.as_of = core::parse_time(text);
      if (!options.as_of) flags.fail("--as-of: '" + text + "' is not a date or RFC 3339 time");
    } else if (flags.is("--verbose") || flags.is("-v")) {
      verbose = true;
    } else if (verify && flags.is("--target")) {
      target.urls.insert(env_url("--target"));
    } else if (verify && flags.is("--plain-target")) {
      target.plain_urls.insert(env_url("--plain-target"));
    } else if (verify && flags.is("--keys")) {
      target.keys = runner::load_target_keys(flags.value());
    } else if (verify && flags.is("--ca-file")) {
      target.ca_file = flags.value();
    } else if (verify && flags.is("--provider-only")) {
      target.provider_only = true;
    } else {
      flags.unknown({"--client", "--provider", "--filter", "-j", "--timeout", "--junit", "--json",
                     "--catalogue", "--profiles", "--as-of", "--verbose", "--target", "--plain-target", "--keys",
                     "--ca-file", "--provider-only"});
    }
  }
  if (client.empty()) flags.fail("--client \"COMMAND\" is required (or --client builtin:profile, builtin:cpp)");
  const bool remote = !target.urls.empty() || !target.plain_urls.empty();
  if (remote) {
    if (providers.size() != 1) flags.fail("--target needs exactly one --provider: the one the target serves");
    options.target = &target;
  } else if (target.keys || !target.ca_file.empty() || target.provider_only) {
    flags.fail("--keys, --ca-file and --provider-only go with --target");
  }
  for (const auto& p : paths) {
    if (!std::filesystem::exists(p)) flags.fail("no such file or folder: " + p);
  }

  auto set = load_scenarios(paths, catalogue_paths, profiles, std::cerr);
  if (set.bad_files > 0) {
    std::cerr << "mockgate " << command << ": " << set.bad_files << " scenario file"
              << (set.bad_files == 1 ? "" : "s") << " with errors; nothing was run\n";
    return kExitBadInput;
  }
  std::vector<runner::Scenario> scenarios;
  for (auto& s : set.scenarios) {
    const bool provider_ok = providers.empty() ||
                             std::find(providers.begin(), providers.end(), s.provider) != providers.end();
    bool filter_ok = filters.empty();
    for (const auto& f : filters) filter_ok = filter_ok || fnmatch(f.c_str(), s.id.c_str(), 0) == 0;
    if (provider_ok && filter_ok && (verify || !s.when.probe)) scenarios.push_back(std::move(s));
  }
  if (scenarios.empty()) {
    std::cerr << "mockgate " << command << ": no scenario matches\n";
    return kExitBadInput;
  }
  const auto lookup = [&](const std::string& id) -> const core::Profile& { return profiles.get(id); };
  for (const auto& s : scenarios) (void)lookup(s.provider);  // all loaded before threads start

  std::function<std::unique_ptr<runner::ClientDriver>()> make_driver;
  if (client == "builtin:profile") {
    make_driver = [&lookup] {
      return std::make_unique<runner::CallableClientDriver>("builtin:profile", runner::profile_client(lookup));
    };
  } else if (client == "builtin:cpp") {
    make_driver = [] {
      return std::make_unique<runner::CallableClientDriver>("builtin:cpp", fixtures::reference_cpp_client);
    };
  } else if (client.rfind("builtin:", 0) == 0) {
    flags.fail("unknown built-in client '" + client + "' (use builtin:profile or builtin:cpp)");
  } else {
    make_driver = [client] { return std::make_unique<runner::ProcessClientDriver>(client); };
  }

  runner::ConsoleReporter console(std::cout, verbose, command);
  std::vector<runner::Reporter*> reporters{&console};
  std::unique_ptr<runner::JunitReporter> junit_reporter;
  std::unique_ptr<runner::JsonReporter> json_reporter;
  if (!junit.empty()) reporters.push_back((junit_reporter = std::make_unique<runner::JunitReporter>(junit)).get());
  if (!json.empty()) reporters.push_back((json_reporter = std::make_unique<runner::JsonReporter>(json)).get());
  if (set.catalogue) options.catalogue = &*set.catalogue;
  const auto results = runner::run_all(scenarios, lookup, make_driver, options, reporters);
  return runner::summarize(results).ok() ? kExitOk : kExitContractFailed;
}

}  // namespace

int run_command(const std::vector<std::string>& args) { return run_scenarios("run", args, false); }

int verify_command(const std::vector<std::string>& args) { return run_scenarios("verify", args, true); }

}  // namespace mockgate::cli
