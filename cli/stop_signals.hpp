// SIGINT and SIGTERM for `mockgate serve`, taken by one thread for the command's life: while
// profiles and a scenario load (a large profile takes seconds) one ends the process at once;
// once loaded, it is kept for wait() and the server is stopped cleanly.
#pragma once

#include <signal.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace mockgate::cli {

class StopSignals {
 public:
  /// Blocks the signals in this thread (do it before any other thread starts, so they inherit
  /// the block and only the watcher sees them) and starts the watcher.
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// Loading is over: from now on a signal is kept for wait() (the server has things to clean up:
  /// listeners, a temporary CA file).
  void loaded();
  /// Waits for a signal (returns at once if one came since loaded()); returns it.
  int wait();

  /// The JSON line `serve` prints when it stops.
  static std::string stopped_event(int sig, bool while_loading);

 private:
  void watch();

  sigset_t set_{};
  std::mutex mutex_;
  std::condition_variable got_;
  bool loaded_ = false;
  int signal_ = 0;
};

}  // namespace mockgate::cli
