// A write to a connection the peer reset raises SIGPIPE, which ends the whole process unless it
// is handled — and network-fault scenarios reset connections on purpose. The runner's own HTTP
// calls and the user's callable clients run inside this guard, so a reset fails one write with
// EPIPE, whatever the embedding process does with SIGPIPE.
#pragma once

#include <pthread.h>
#include <signal.h>
#include <time.h>

namespace mockgate::runner::detail {

class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  /// Takes a SIGPIPE raised meanwhile (blocked, it would stay pending and be delivered as soon
  /// as the mask is restored), then restores the thread's mask.
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1) {
      const timespec now{0, 0};
      sigtimedwait(&pipe_, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_;
  sigset_t previous_;
};

}  // namespace mockgate::runner::detail
