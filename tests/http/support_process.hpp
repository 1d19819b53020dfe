// A child process for tests: stdout and stderr piped back, lines read with a deadline (poll,
// never sleep), and SIGKILL on scope exit so no child outlives a failed REQUIRE.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace mockgate::testing {

class ChildProcess {
 public:
  /// Starts `args[0]` with `args` in its own process group, stdin from /dev/null.
  explicit ChildProcess(const std::vector<std::string>& args) {
    int out[2] = {-1, -1};
    int err[2] = {-1, -1};
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe2 failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int s : {SIGTERM, SIGINT, SIGPIPE}) sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(
        &attr,
        static_cast<short>(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP));
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(out[1]);
    ::close(err[1]);
    out_fd_ = out[0];
    err_fd_ = err[0];
    if (rc != 0) {
      pid_ = -1;
      throw std::runtime_error("posix_spawn " + args.at(0) + " failed: error " +
                               std::to_string(rc));
    }
#ifdef SYS_pidfd_open
    // A descriptor that polls readable when the child ends (Linux 5.3); -1 elsewhere, and then
    // the exit is looked for between polls.
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
#endif
  }

  ~ChildProcess() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
      }
    }
    for (const int fd : {out_fd_, err_fd_, pidfd_}) {
      if (fd >= 0) ::close(fd);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void send_signal(int sig) {
    if (!status_) ::kill(pid_, sig);
  }

  /// The next whole stdout line (without '\n'); nullopt after `timeout` or at end of output.
  std::optional<std::string> next_line(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      const auto nl = out_.find('\n');
      if (nl != std::string::npos) {
        std::string line = out_.substr(0, nl);
        out_.erase(0, nl + 1);
        return line;
      }
      if (out_fd_ < 0 || !pump(deadline)) return std::nullopt;
    }
  }

  /// Waits for the child to end: its exit code (128 + signal if killed), or nullopt on timeout.
  /// The rest of its output is then in `out()` and `err()`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!status_ && pump(deadline)) {
    }
    if (!status_) return std::nullopt;
    // The writer is gone: whatever is left in the pipes arrives at once, then end-of-file.
    for (int i = 0; i < 1000 && (out_fd_ >= 0 || err_fd_ >= 0); ++i) pump(Clock::now());
    return status_;
  }

  /// Stdout not yet taken by `next_line`, and all stderr so far.
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  using Clock = std::chrono::steady_clock;

  /// One poll round until `deadline`: reads what arrived, reaps the child if it ended.
  /// False when the deadline passed or nothing more can happen.
  bool pump(Clock::time_point deadline) {
    std::vector<pollfd> fds;
    for (const int fd : {out_fd_, err_fd_}) {
      if (fd >= 0) fds.push_back({fd, POLLIN, 0});
    }
    if (!status_ && pidfd_ >= 0) fds.push_back({pidfd_, POLLIN, 0});
    const bool blind = !status_ && pidfd_ < 0;  // no pidfd: look for the exit now and then
    if (fds.empty() && !blind) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() < 0) left = {};
    if (blind && left.count() > 20) left = std::chrono::milliseconds(20);
    const int r = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (r < 0 && errno != EINTR) return false;
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == pidfd_) {
        reap();
      } else {
        drain(p.fd == out_fd_ ? out_fd_ : err_fd_, p.fd == out_fd_ ? out_ : err_);
      }
    }
    if (blind) reap(WNOHANG);
    return Clock::now() < deadline || r > 0;
  }

  void drain(int& fd, std::string& into) {
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0) {
      into.append(chunk, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      ::close(fd);
      fd = -1;
    }
  }

  void reap(int flags = 0) {
    int st = 0;
    pid_t r = 0;
    do {
      r = ::waitpid(pid_, &st, flags);
    } while (r < 0 && errno == EINTR);
    if (r != pid_) return;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int pidfd_ = -1;
  std::string out_;
  std::string err_;
  std::optional<int> status_;
};

}  // namespace mockgate::testing
