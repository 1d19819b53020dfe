// SIGINT and SIGTERM for `run` and `verify`: the first stops the run from starting scenarios,
// lets the running ones finish and the reports be written (what a CI cancellation needs); a
// second ends the process at once, leaving the claimed reports saying the run did not finish.
#pragma once

#include <signal.h>

#include <atomic>

namespace mockgate::cli {

class RunInterrupt {
 public:
  /// Blocks the signals in this thread (before any other thread starts, so they inherit the
  /// block) and starts the watcher. Client processes get a clean signal mask of their own.
  RunInterrupt();
  RunInterrupt(const RunInterrupt&) = delete;
  RunInterrupt& operator=(const RunInterrupt&) = delete;

  /// 0, or the first signal that came.
  const std::atomic<int>& signal() const { return signal_; }

 private:
  void watch();

  sigset_t set_{};
  std::atomic<int> signal_{0};
};

/// "SIGINT", "SIGTERM".
const char* signal_text(int sig);

}  // namespace mockgate::cli
