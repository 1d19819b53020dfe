#include "stop_signals.hpp"

#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "exit_codes.hpp"

namespace mockgate::cli {

StopSignals::StopSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // Detached: it lives as long as the process, since nothing interrupts a sigwait.
  std::thread([this] { watch(); }).detach();
}

void StopSignals::loaded() {
  std::lock_guard lock(mutex_);
  loaded_ = true;
}

int StopSignals::wait() {
  std::unique_lock lock(mutex_);
  got_.wait(lock, [this] { return signal_ != 0; });
  return signal_;
}

std::string StopSignals::stopped_event(int sig, bool while_loading) {
  nlohmann::ordered_json event{{"event", "stopped"}, {"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}};
  if (while_loading) event["while"] = "loading";
  return event.dump();
}

void StopSignals::watch() {
  int sig = 0;
  while (sigwait(&set_, &sig) != 0) {
  }
  std::lock_guard lock(mutex_);
  if (!loaded_) {
    // Nothing listens and nothing was written yet: no clean-up to wait for.
    const auto line = stopped_event(sig, true) + "\n";
    [[maybe_unused]] const auto written = ::write(STDOUT_FILENO, line.data(), line.size());
    std::_Exit(kExitOk);
  }
  signal_ = sig;
  got_.notify_all();
}

}  // namespace mockgate::cli
