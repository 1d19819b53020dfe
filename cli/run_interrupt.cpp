#include "run_interrupt.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace mockgate::cli {

const char* signal_text(int sig) { return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal"; }

RunInterrupt::RunInterrupt() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  // Detached: it lives as long as the process, since nothing interrupts a sigwait.
  std::thread([this] { watch(); }).detach();
}

void RunInterrupt::watch() {
  for (;;) {
    int sig = 0;
    if (sigwait(&set_, &sig) != 0) continue;
    if (signal_.load() != 0) {
      const std::string line = std::string("mockgate: ") + signal_text(sig) + " again: stopping now\n";
      [[maybe_unused]] const auto n = ::write(STDERR_FILENO, line.data(), line.size());
      std::_Exit(128 + sig);
    }
    signal_.store(sig);
    const std::string line = std::string("mockgate: ") + signal_text(sig) +
                             ": no more scenarios start; the running ones finish and the reports are written "
                             "(again to stop at once)\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, line.data(), line.size());
  }
}

}  // namespace mockgate::cli
