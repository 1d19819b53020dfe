// `mockgate serve` as a child process for tests: its ready lines read with a deadline, its
// stop by signal summed up in one comparable string, and one-shot runs of other commands.
#pragma once

#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/support_http.hpp"
#include "http/support_process.hpp"

namespace mockgate::testing {

inline constexpr auto kReadyTimeout = std::chrono::seconds(10);
inline constexpr auto kExitTimeout = std::chrono::seconds(5);

/// `args` after the path of the built mockgate.
inline std::vector<std::string> command(std::vector<std::string> args) {
  args.insert(args.begin(), MOCKGATE_BINARY);
  return args;
}

/// `mockgate serve --no-tls` for `providers`, its ready lines read; killed on scope exit.
struct Served {
  Served(const std::vector<std::string>& providers, std::size_t listeners,
         std::vector<std::string> extra = {})
      : process(command([&] {
          std::vector<std::string> args{"serve", "--no-tls"};
          for (const auto& p : providers) args.insert(args.end(), {"--provider", p});
          args.insert(args.end(), extra.begin(), extra.end());
          return args;
        }())) {
    while (ready.size() < listeners) {
      const auto line = process.next_line(kReadyTimeout);
      if (!line) break;
      const auto parsed = nlohmann::json::parse(*line, nullptr, false);
      if (parsed.is_discarded()) break;
      ready.push_back(parsed);
    }
    // Then the line that says every listener is up (read here so `stop` finds "stopped" next).
    if (ready.size() == listeners) {
      const auto line = process.next_line(kReadyTimeout);
      if (line) all_up = nlohmann::json::parse(*line, nullptr, false);
    }
  }

  std::string url(const std::string& provider, const std::string& env = "live") const {
    for (const auto& r : ready) {
      if (r.value("event", "") == "listening" && r.value("provider", "") == provider &&
          r.value("env", "") == env) {
        return r.at("url");
      }
    }
    return "http://127.0.0.1:1";  // nothing there: the checks fail, nothing hangs
  }

  /// Signals the server; "exit N <event> <signal>" from its exit code and last line.
  std::string stop(int sig = SIGTERM) {
    process.send_signal(sig);
    const auto code = process.wait_exit(kExitTimeout);
    if (!code)
      return "still running " + std::to_string(kExitTimeout.count()) + " s after the signal";
    const auto line = process.next_line(std::chrono::milliseconds(0));
    const auto j = nlohmann::json::parse(line.value_or(""), nullptr, false);
    if (!j.is_object()) return "exit " + std::to_string(*code) + " <no stopped line>";
    return "exit " + std::to_string(*code) + " " + j.value("event", "") + " " +
           j.value("signal", "");
  }

  ChildProcess process;
  std::vector<nlohmann::json> ready;
  nlohmann::json all_up;  ///< the "ready" line after the listeners
};

/// The key value of a key made through the admin API of the listener at `url`.
inline std::string make_key(const std::string& url,
                            const nlohmann::json& spec = nlohmann::json::object()) {
  auto c = mockgate::testing::client_for(url);
  const nlohmann::json key = mockgate::testing::admin_create_key(c, spec);
  return key.is_object() ? key.value("value", "") : std::string("<no key made>");
}

/// Runs `args` to the end; "exit N" (or "still running") and its stderr.
struct Finished {
  std::string exit;
  std::string out;
  std::string err;
};
inline Finished run(const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  ChildProcess p(command(args));
  const auto code = p.wait_exit(timeout);
  return {code ? "exit " + std::to_string(*code) : "still running", p.out(), p.err()};
}

}  // namespace mockgate::testing
