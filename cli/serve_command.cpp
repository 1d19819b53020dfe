// mockgate serve: start the listeners, print one ready line per listener, serve until a signal.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flag_values.hpp"
#include "flags.hpp"
#include "mockgate/runner/arrangement.hpp"
#include "mockgate/runner/scenario_loader.hpp"
#include "mockgate/server/listen_error.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "profile_cache.hpp"
#include "profile_watcher.hpp"
#include "stop_signals.hpp"

namespace mockgate::cli {
namespace {

struct ServeFlags {
  std::vector<std::string> providers;
  std::vector<std::string> profile_dirs;
  std::string scenario_file;
  bool watch = false;
  ServerOptions options;
};

constexpr std::size_t kGiB = std::size_t{1} << 30;
constexpr std::chrono::milliseconds kHour = std::chrono::hours(1);

/// The limits and deadlines (README, "Limits"): sizes like 8KiB or 8MiB, durations like 500ms.
void declare_limits(CLI::App& serve, ServerOptions& options) {
  auto& limits = options.limits;
  auto& kept = options.state_limits;
  const auto bytes = [&serve](const char* flag, const char* help, std::size_t max, std::size_t& into) {
    value_flag(serve, flag, "SIZE", help, [flag, max, &into](const std::string& v) {
      into = size_in_bytes("serve", flag, v, max);
    })->group("Limits");
  };
  const auto deadline = [&serve](const char* flag, const char* help, std::chrono::milliseconds& into) {
    value_flag(serve, flag, "T", help, [flag, &into](const std::string& v) {
      into = duration("serve", flag, v, kHour);
    })->group("Limits");
  };
  const auto number = [&serve](const char* flag, const char* help, long long max, std::size_t& into) {
    value_flag(serve, flag, "N", help, [flag, max, &into](const std::string& v) {
      into = static_cast<std::size_t>(whole_number("serve", flag, v, 1, max));
    })->group("Limits");
  };
  bytes("--max-request-line", "longest request line (default 8KiB; 414 beyond it)", 64 * 1024 * 1024, limits.max_request_line);
  bytes("--max-header-line", "longest header line (default 8KiB; 431 beyond it)", 64 * 1024 * 1024, limits.max_header_line);
  number("--max-headers", "most header lines in a request (default 100; 431 beyond it)", 100000, limits.max_header_count);
  bytes("--max-head", "largest request head in all (default 64KiB; 431 beyond it)", 64 * 1024 * 1024, limits.max_head);
  bytes("--max-body", "largest request body (default 8MiB; 413 at once, before it is read)", kGiB, limits.max_body);
  deadline("--head-timeout", "deadline for a whole request head (default 10s; 408 past it)", limits.head_timeout);
  deadline("--body-timeout", "deadline for a whole request body (default 30s; 408 past it)", limits.body_timeout);
  deadline("--tls-handshake-timeout", "deadline for a whole TLS handshake (default 10s)", limits.tls_handshake_timeout);
  deadline("--keep-alive-timeout", "how long an idle keep-alive connection stays open (default 5s)", limits.keep_alive_timeout);
  deadline("--io-timeout", "longest wait for one read or write (default 10s)", limits.io_timeout);
  bytes("--journal-body-size", "most bytes of a body the journal keeps (default 64KiB; the rest marked truncated)", kGiB,
       kept.journal_body_bytes);
  bytes("--journal-bytes", "the journal's budget in bytes (default 64MiB; oldest events dropped first)", 64 * kGiB,
       kept.journal_bytes);
  number("--max-faults", "most queued faults per provider (default 10000; 409 beyond it)", 100000000, kept.faults);
  number("--max-keys", "most keys per provider (default 100000; 409 beyond it)", 100000000, kept.keys);
}

void declare(CLI::App& serve, ServeFlags& f) {
  auto& o = f.options;
  repeatable_flag(serve, "--provider", "ID|FILE", "a provider to serve: an id, or a profile file", f.providers);
  repeatable_flag(serve, "--profiles", "DIR", "a folder of provider profiles, searched first", f.profile_dirs);
  value_flag(serve, "--port-base", "N", "the first port; each environment of each provider takes the next",
             [&o](const std::string& v) { o.port_base = static_cast<int>(whole_number("serve", "--port-base", v, 1, 65535)); });
  value_flag(serve, "--bind", "ADDR", "the address to listen on (default 127.0.0.1)",
             [&o](const std::string& v) { o.bind = v; });
  serve.add_flag_callback("--tls", [] {}, "serve HTTPS with a generated CA (the default)");
  serve.add_flag_callback("--no-tls", [&o] { o.tls = false; }, "serve plain HTTP only");
  serve.add_flag_callback("--watch", [&f] { f.watch = true; },
                          "reload a profile when its file changes, keeping keys, accounts and journal");
  value_flag(serve, "--scenario", "FILE", "serve the provider in the state a scenario's `given` arranges",
             [&f](const std::string& v) { f.scenario_file = v; });
  value_flag(serve, "--ca-out", "FILE", "write the CA certificate there", [&o](const std::string& v) { o.ca_out = v; });
  value_flag(serve, "--locale", "LOCALE", "the language of error messages, where a profile has several",
             [&o](const std::string& v) { o.locale = v; });
  value_flag(serve, "--now", "TIME", "the mock's date at start (2026-01-10 or RFC 3339)",
             [&o](const std::string& v) { o.now = point_in_time("serve", "--now", v); });
  value_flag(serve, "--admin-token", "TOKEN", "require this bearer token on /__mockgate/",
             [&o](const std::string& v) { o.admin_token = v; });
  value_flag(serve, "--max-connections", "N", "most connections served at once", [&o](const std::string& v) {
    o.max_connections = static_cast<std::size_t>(whole_number("serve", "--max-connections", v, 1, 65536));
  });
  value_flag(serve, "--journal-size", "N", "most events the journal keeps (0: none)", [&o](const std::string& v) {
    o.journal_capacity = static_cast<std::size_t>(whole_number("serve", "--journal-size", v, 0, 10000000));
  });
  declare_limits(serve, o);
}

/// Prints one JSON line per key the scenario created (cleartext, once: this is the response
/// that creates them), one per listener, then one "ready".
void print_ready(const MockServer& server, const std::string& provider, const std::map<std::string, core::CreatedKey>& keys) {
  for (const auto& [name, key] : keys) {
    std::cout << nlohmann::ordered_json{{"event", "key"}, {"provider", provider}, {"name", name},
                                        {"id", key.record.id}, {"env", key.record.env}, {"value", key.value}}
                     .dump()
              << std::endl;
  }
  for (const auto& l : server.listeners()) {
    nlohmann::ordered_json ready{{"event", "listening"}, {"provider", l.provider}, {"env", l.env},
                                 {"url", l.url}};
    if (l.tls) {
      ready["plain_url"] = l.plain_url;
      ready["ca_file"] = l.ca_file;
    }
    std::cout << ready.dump() << std::endl;
  }
  // One line that says every listener is up: a helper reads until it, not a count it guessed.
  std::cout << nlohmann::ordered_json{{"event", "ready"}, {"listeners", server.listeners().size()}}.dump()
            << std::endl;
}

int run_server(ServeFlags& f, StopSignals& stop_signals) {
  ProfileCache profiles;
  profiles.add_dirs("serve", f.profile_dirs);
  auto& options = f.options;
  std::optional<runner::Scenario> scenario;
  if (!f.scenario_file.empty()) {
    scenario = runner::load_scenario(
        f.scenario_file, [&](const std::string& id) -> const core::Profile& { return profiles.get(id); });
    if (std::find(f.providers.begin(), f.providers.end(), scenario->provider) == f.providers.end()) {
      f.providers.push_back(scenario->provider);
    }
    // Its clock is the server's date at start, so that a reset returns to it too.
    if (scenario->given.clock && !options.now) options.now = scenario->given.clock;
  }
  if (f.providers.empty()) {
    std::string available;
    for (const auto& p : profiles.available()) available += (available.empty() ? "" : ", ") + p;
    bad_flag("serve", "--provider is required (available: " + available + ")");
  }

  std::vector<core::Profile> loaded;
  for (const auto& id : f.providers) loaded.push_back(profiles.get(id));
  std::unique_ptr<MockServer> server;
  try {
    server = std::make_unique<MockServer>(std::move(loaded), std::move(options));
  } catch (const std::invalid_argument& e) {  // a locale no provider has, a provider given twice
    bad_flag("serve", e.what());
  }
  std::map<std::string, core::CreatedKey> keys;
  if (scenario) {
    auto& state = server->provider(scenario->provider);
    try {
      keys = runner::arrange(*runner::local_mock(state), scenario->given, scenario->when.env, true);
    } catch (const core::InvalidRequest& e) {
      bad_flag("serve", "--scenario " + f.scenario_file + ": cannot arrange the mock: " + e.what());
    }
    state.mark_baseline();  // POST /__mockgate/reset returns to the scenario's state
  }
  stop_signals.loaded();
  try {
    server->start();
  } catch (const ListenError& e) {  // a port taken: --port-base can fix it
    bad_flag("serve", e.what());
  }
  print_ready(*server, scenario ? scenario->provider : "", keys);
  std::optional<ProfileWatcher> watcher;
  if (f.watch) {
    std::vector<WatchedProfile> files;
    for (const auto& id : f.providers) files.push_back({profiles.get(id).id, profiles.file_of(id)});
    watcher.emplace(std::move(files), [&server](const std::string& provider, core::Profile next) {
      server->provider(provider).reload_profile(std::move(next));
    }, std::cout);
  }
  const int sig = stop_signals.wait();
  watcher.reset();  // no reload while the server stops
  server->stop();
  std::cout << StopSignals::stopped_event(sig, false) << std::endl;
  return kExitOk;
}

}  // namespace

Command add_serve_command(CLI::App& mockgate) {
  auto* serve = mockgate.add_subcommand("serve", "run the mock provider server until SIGINT or SIGTERM");
  serve->allow_extras();  // refused by refuse_undeclared, with a suggestion
  auto flags = std::make_shared<ServeFlags>();
  flags->options.tls = true;
  declare(*serve, *flags);
  return {serve, [flags] {
            // Before anything loads (a large profile takes seconds) and before any thread
            // starts. Static: its watcher thread lives as long as the process.
            static StopSignals stop_signals;
            return run_server(*flags, stop_signals);
          }};
}

}  // namespace mockgate::cli
