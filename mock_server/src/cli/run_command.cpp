// mockgate run: the scenario catalogue against a client; exit 0 only when every must passed.
#include <fnmatch.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "flag_reader.hpp"
#include "mockgate/runner/reporters.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "profile_cache.hpp"
#include "reference_client.hpp"

namespace mockgate::cli {

std::string default_scenario_dir() {
#ifdef MOCKGATE_SOURCE_SCENARIOS
  if (std::filesystem::is_directory(MOCKGATE_SOURCE_SCENARIOS)) return MOCKGATE_SOURCE_SCENARIOS;
#endif
  return "scenarios";
}

int run_command(const std::vector<std::string>& args) {
  FlagReader flags("run", args);
  std::string client;
  std::vector<std::string> paths, providers, filters;
  runner::RunOptions options;
  options.jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string junit, json;
  bool verbose = false;
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
    } else if (flags.is("--as-of")) {
      const auto text = flags.value();
      options.as_of = core::parse_time(text);
      if (!options.as_of) flags.fail("--as-of: '" + text + "' is not a date or RFC 3339 time");
    } else if (flags.is("--verbose") || flags.is("-v")) {
      verbose = true;
    } else {
      flags.unknown({"--client", "--provider", "--filter", "-j", "--timeout", "--junit", "--json",
                     "--as-of", "--verbose"});
    }
  }
  if (client.empty()) flags.fail("--client \"COMMAND\" is required (or --client builtin:cpp)");
  if (paths.empty()) paths.push_back(default_scenario_dir());
  for (const auto& p : paths) {
    if (!std::filesystem::exists(p)) flags.fail("no such file or folder: " + p);
  }

  ProfileCache profiles;
  const auto lookup = [&](const std::string& id) -> const core::Profile& { return profiles.get(id); };
  std::vector<runner::Scenario> scenarios;
  int bad = 0;
  for (const auto& file : runner::find_scenario_files(paths)) {
    try {
      auto s = runner::load_scenario(file, lookup);
      const bool provider_ok = providers.empty() ||
                               std::find(providers.begin(), providers.end(), s.provider) != providers.end();
      bool filter_ok = filters.empty();
      for (const auto& f : filters) filter_ok = filter_ok || fnmatch(f.c_str(), s.id.c_str(), 0) == 0;
      if (provider_ok && filter_ok) scenarios.push_back(std::move(s));
    } catch (const InputError& e) {
      ++bad;
      std::cerr << e.what() << "\n";
    }
  }
  if (bad > 0) {
    std::cerr << "mockgate run: " << bad << " scenario file" << (bad == 1 ? "" : "s")
              << " with errors; nothing was run\n";
    return kExitBadInput;
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (scenarios[i].id == scenarios[j].id) {
        std::cerr << scenarios[i].file << ": scenario id '" << scenarios[i].id << "' is also used by "
                  << scenarios[j].file << "\n";
        return kExitBadInput;
      }
    }
  }
  if (scenarios.empty()) {
    std::cerr << "mockgate run: no scenario matches\n";
    return kExitBadInput;
  }

  std::function<std::unique_ptr<runner::ClientDriver>()> make_driver;
  if (client.rfind("builtin:", 0) == 0) {
    if (client != "builtin:cpp") flags.fail("unknown built-in client '" + client + "' (use builtin:cpp)");
    make_driver = [] {
      return std::make_unique<runner::CallableClientDriver>("builtin:cpp", fixtures::reference_cpp_client);
    };
  } else {
    make_driver = [client] { return std::make_unique<runner::ProcessClientDriver>(client); };
  }

  runner::ConsoleReporter console(std::cout, verbose);
  std::vector<runner::Reporter*> reporters{&console};
  std::unique_ptr<runner::JunitReporter> junit_reporter;
  std::unique_ptr<runner::JsonReporter> json_reporter;
  if (!junit.empty()) reporters.push_back((junit_reporter = std::make_unique<runner::JunitReporter>(junit)).get());
  if (!json.empty()) reporters.push_back((json_reporter = std::make_unique<runner::JsonReporter>(json)).get());
  const auto results = runner::run_all(scenarios, lookup, make_driver, options, reporters);
  return runner::summarize(results).ok() ? kExitOk : kExitContractFailed;
}

}  // namespace mockgate::cli
