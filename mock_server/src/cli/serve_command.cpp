// mockgate serve: start the listeners, print one ready line per listener, serve until a signal.
#include <signal.h>

#include <array>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "flag_reader.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/runner/arrangement.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "profile_cache.hpp"
#include "stop_signals.hpp"

namespace mockgate::cli {
namespace {

constexpr std::array<const char*, 14> kLimitFlags = {
    "--max-body",     "--max-head",     "--max-headers",          "--max-header-line",    "--max-request-line",
    "--head-timeout", "--body-timeout", "--tls-handshake-timeout", "--keep-alive-timeout", "--io-timeout",
    "--journal-body-size", "--journal-bytes", "--max-faults", "--max-keys"};

/// Reads one of kLimitFlags into `options`; false when the flag is none of them.
bool read_limit_flag(FlagReader& flags, ServerOptions& options) {
  auto& limits = options.limits;
  auto& kept = options.state_limits;
  constexpr std::size_t kGiB = std::size_t{1} << 30;
  constexpr std::chrono::milliseconds kHour = std::chrono::hours(1);
  if (flags.is("--max-body")) {
    limits.max_body = flags.size_value(kGiB);
  } else if (flags.is("--max-head")) {
    limits.max_head = flags.size_value(64 * 1024 * 1024);
  } else if (flags.is("--max-headers")) {
    limits.max_header_count = static_cast<std::size_t>(flags.int_value(1, 100000));
  } else if (flags.is("--max-header-line")) {
    limits.max_header_line = flags.size_value(64 * 1024 * 1024);
  } else if (flags.is("--max-request-line")) {
    limits.max_request_line = flags.size_value(64 * 1024 * 1024);
  } else if (flags.is("--head-timeout")) {
    limits.head_timeout = flags.duration_value(kHour);
  } else if (flags.is("--body-timeout")) {
    limits.body_timeout = flags.duration_value(kHour);
  } else if (flags.is("--tls-handshake-timeout")) {
    limits.tls_handshake_timeout = flags.duration_value(kHour);
  } else if (flags.is("--keep-alive-timeout")) {
    limits.keep_alive_timeout = flags.duration_value(kHour);
  } else if (flags.is("--io-timeout")) {
    limits.io_timeout = flags.duration_value(kHour);
  } else if (flags.is("--journal-body-size")) {
    kept.journal_body_bytes = flags.size_value(kGiB);
  } else if (flags.is("--journal-bytes")) {
    kept.journal_bytes = flags.size_value(64 * kGiB);
  } else if (flags.is("--max-faults")) {
    kept.faults = static_cast<std::size_t>(flags.int_value(1, 100000000));
  } else if (flags.is("--max-keys")) {
    kept.keys = static_cast<std::size_t>(flags.int_value(1, 100000000));
  } else {
    return false;
  }
  return true;
}

}  // namespace

int serve_command(const std::vector<std::string>& args) {
  // Before anything loads (a large profile takes seconds) and before any thread starts. Static:
  // its watcher thread lives as long as the process.
  static StopSignals stop_signals;
  FlagReader flags("serve", args);
  std::vector<std::string> providers;
  ServerOptions options;
  bool tls = true;
  std::string scenario_file;
  ProfileCache profiles;
  while (flags.next()) {
    if (flags.is("--provider")) {
      providers.push_back(flags.value());
    } else if (flags.is("--profiles")) {
      profiles.add_dir_flag(flags);
    } else if (flags.is("--port-base")) {
      options.port_base = static_cast<int>(flags.int_value(1, 65535));
    } else if (flags.is("--bind")) {
      options.bind = flags.value();
    } else if (flags.is("--tls")) {
      tls = true;
    } else if (flags.is("--no-tls")) {
      tls = false;
    } else if (flags.is("--scenario")) {
      scenario_file = flags.value();
    } else if (flags.is("--ca-out")) {
      options.ca_out = flags.value();
    } else if (flags.is("--locale")) {
      options.locale = flags.value();
    } else if (flags.is("--now")) {
      const auto text = flags.value();
      options.now = core::parse_time(text);
      if (!options.now) flags.fail("--now: '" + text + "' is not a date or RFC 3339 time (2026-01-10T00:00:00Z)");
    } else if (flags.is("--admin-token")) {
      options.admin_token = flags.value();
    } else if (flags.is("--max-connections")) {
      options.max_connections = static_cast<std::size_t>(flags.int_value(1, 65536));
    } else if (flags.is("--journal-size")) {
      options.journal_capacity = static_cast<std::size_t>(flags.int_value(0, 10000000));
    } else if (!read_limit_flag(flags, options)) {
      auto known = std::vector<std::string>{"--provider", "--profiles", "--port-base", "--bind", "--tls", "--no-tls", "--ca-out",
                                            "--scenario", "--locale", "--now", "--admin-token", "--max-connections",
                                            "--journal-size"};
      known.insert(known.end(), kLimitFlags.begin(), kLimitFlags.end());
      flags.unknown(known);
    }
  }
  // --scenario: serve its provider in the state its `given` arranges (its keys are printed,
  // cleartext, once: this is the response that creates them).
  std::optional<runner::Scenario> scenario;
  if (!scenario_file.empty()) {
    scenario = runner::load_scenario(
        scenario_file, [&](const std::string& id) -> const core::Profile& { return profiles.get(id); });
    if (std::find(providers.begin(), providers.end(), scenario->provider) == providers.end()) {
      providers.push_back(scenario->provider);
    }
    // Its clock is the server's date at start, so that a reset returns to it too.
    if (scenario->given.clock && !options.now) options.now = scenario->given.clock;
  }
  if (providers.empty()) {
    flags.fail("--provider is required (available: " + [&profiles] {
      std::string s;
      for (const auto& p : profiles.available()) s += (s.empty() ? "" : ", ") + p;
      return s;
    }() + ")");
  }
  options.tls = tls;

  std::vector<core::Profile> loaded;
  for (const auto& id : providers) loaded.push_back(profiles.get(id));
  auto server = std::make_unique<MockServer>(std::move(loaded), std::move(options));
  std::map<std::string, core::CreatedKey> keys;
  if (scenario) {
    auto& state = server->provider(scenario->provider);
    try {
      keys = runner::arrange(state, scenario->given, scenario->when.env, true);
    } catch (const core::InvalidRequest& e) {
      flags.fail("--scenario " + scenario_file + ": cannot arrange the mock: " + e.what());
    }
    state.mark_baseline();  // POST /__mockgate/reset returns to the scenario's state
  }
  stop_signals.loaded();
  server->start();
  for (const auto& [name, key] : keys) {
    std::cout << nlohmann::ordered_json{{"event", "key"}, {"provider", scenario->provider}, {"name", name},
                                        {"id", key.record.id}, {"env", key.record.env}, {"value", key.value}}
                     .dump()
              << std::endl;
  }
  for (const auto& l : server->listeners()) {
    nlohmann::ordered_json ready{{"event", "listening"}, {"provider", l.provider}, {"env", l.env},
                                 {"url", l.url}};
    if (l.tls) {
      ready["plain_url"] = l.plain_url;
      ready["ca_file"] = l.ca_file;
    }
    std::cout << ready.dump() << std::endl;
  }
  const int sig = stop_signals.wait();
  server->stop();
  std::cout << StopSignals::stopped_event(sig, false) << std::endl;
  return kExitOk;
}

}  // namespace mockgate::cli
