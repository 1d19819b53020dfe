// mockgate serve: start the listeners, print one ready line per listener, serve until a signal.
#include <signal.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "flag_reader.hpp"
#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace mockgate::cli {

int serve_command(const std::vector<std::string>& args) {
  FlagReader flags("serve", args);
  std::vector<std::string> providers;
  ServerOptions options;
  bool tls = true;
  while (flags.next()) {
    if (flags.is("--provider")) {
      providers.push_back(flags.value());
    } else if (flags.is("--port-base")) {
      options.port_base = static_cast<int>(flags.int_value(1, 65535));
    } else if (flags.is("--bind")) {
      options.bind = flags.value();
    } else if (flags.is("--tls")) {
      tls = true;
    } else if (flags.is("--no-tls")) {
      tls = false;
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
    } else if (flags.is("--threads")) {
      options.threads = static_cast<std::size_t>(flags.int_value(1, 4096));
    } else if (flags.is("--journal-size")) {
      options.journal_capacity = static_cast<std::size_t>(flags.int_value(0, 10000000));
    } else {
      flags.unknown({"--provider", "--port-base", "--bind", "--tls", "--no-tls", "--ca-out", "--locale", "--now",
                     "--admin-token", "--threads", "--journal-size"});
    }
  }
  if (providers.empty()) {
    flags.fail("--provider is required (available: " + [] {
      std::string s;
      for (const auto& p : server::available_providers()) s += (s.empty() ? "" : ", ") + p;
      return s;
    }() + ")");
  }
  options.tls = tls;

  // Block the stop signals before any thread starts, so that only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = MockServer::for_providers(providers, options);
  server->start();
  for (const auto& l : server->listeners()) {
    nlohmann::ordered_json ready{{"event", "listening"}, {"provider", l.provider}, {"env", l.env},
                                 {"url", l.url}};
    if (l.tls) {
      ready["plain_url"] = l.plain_url;
      ready["ca_file"] = l.ca_file;
    }
    std::cout << ready.dump() << std::endl;
  }
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server->stop();
  std::cout << nlohmann::ordered_json{{"event", "stopped"}, {"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}}.dump()
            << std::endl;
  return kExitOk;
}

}  // namespace mockgate::cli
