// The supervisor of a client's process tree: a forked child of the runner that adopts every
// orphan of the tree (PR_SET_CHILD_SUBREAPER) and ends them all.
#include "process_tree.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>  // PIPE_BUF (the precompiled headers brought it in; a build without them did not)
#include <cstdint>
#include <cstring>

namespace mockgate::runner::detail {
namespace {

// The supervisor is forked from a multi-threaded runner and does not exec: from fork() on it may
// only make async-signal-safe calls (no malloc, no locks, no stdio). Everything in this
// namespace up to ProcessTree's members runs there, on stack buffers and raw syscalls.

// Its descriptors, whatever their numbers were in the runner.
constexpr int kStdin = 0, kOut = 1, kErr = 2, kControl = 3, kReport = 4, kFirstFree = 5;
constexpr int kListed = 8;         // strays named in the report
constexpr int kRemembered = 1024;  // strays told apart, so that one killed twice counts once

/// The report, written once in one write() (smaller than PIPE_BUF: atomic).
struct Wire {
  std::int32_t client_exited = 0;
  std::int32_t client_status = 0;
  std::int32_t strays = 0;
  std::int32_t listed = 0;
  std::int32_t start_errno = 0;
  struct {
    std::int32_t pid;
    char name[16];
  } first[kListed] = {};
};
static_assert(sizeof(Wire) < PIPE_BUF);

/// Writes `n` in decimal at `at`; returns the end.
char* put_number(char* at, unsigned long n) {
  char digits[24];
  int i = 0;
  do {
    digits[i++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  while (i > 0) *at++ = digits[--i];
  return at;
}

char* put_text(char* at, const char* text) {
  while (*text != '\0') *at++ = *text++;
  return at;
}

/// From /proc/PID/stat ("PID (comm) S PPID …"): its state, parent and name; false when gone.
bool read_stat(pid_t pid, char& state, pid_t& ppid, char (&name)[16]) {
  char path[48];
  *put_text(put_number(put_text(path, "/proc/"), static_cast<unsigned long>(pid)), "/stat") = '\0';
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[512];
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return false;
  // The name may hold anything, ')' included: it ends at the last ')'.
  const char* open_paren =
      static_cast<const char*>(std::memchr(buf, '(', static_cast<std::size_t>(n)));
  const char* close_paren = nullptr;
  for (const char* p = buf + n - 1; p > buf; --p) {
    if (*p == ')') {
      close_paren = p;
      break;
    }
  }
  if (open_paren == nullptr || close_paren == nullptr || close_paren < open_paren ||
      close_paren + 4 > buf + n)
    return false;
  std::size_t len = static_cast<std::size_t>(close_paren - open_paren - 1);
  if (len > sizeof name - 1) len = sizeof name - 1;
  std::memcpy(name, open_paren + 1, len);
  name[len] = '\0';
  state = close_paren[2];
  ppid = 0;
  for (const char* p = close_paren + 4; p < buf + n && *p >= '0' && *p <= '9'; ++p)
    ppid = ppid * 10 + (*p - '0');
  return true;
}

/// Calls `each(pid)` for every child of `self`: from /proc's children list, or, on a kernel
/// without one (CONFIG_PROC_CHILDREN), by a scan of /proc for processes whose parent is `self`.
template <class Each>
void for_each_child(pid_t self, Each each) {
  char path[64];
  char* end = put_text(path, "/proc/");
  end = put_number(end, static_cast<unsigned long>(self));
  end = put_text(end, "/task/");
  end = put_number(end, static_cast<unsigned long>(self));
  *put_text(end, "/children") = '\0';
  char buf[4096];
  if (const int fd = ::open(path, O_RDONLY | O_CLOEXEC); fd >= 0) {
    // "12 34 56 ": numbers may straddle reads.
    pid_t pid = 0;
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] >= '0' && buf[i] <= '9') {
          pid = pid * 10 + (buf[i] - '0');
        } else if (pid != 0) {
          each(pid);
          pid = 0;
        }
      }
    }
    if (pid != 0) each(pid);
    ::close(fd);
    return;
  }
  const int dir = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  for (long n; (n = ::syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0;) {
    for (long at = 0; at < n;) {
      // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
      unsigned short reclen;
      std::memcpy(&reclen, buf + at + 16, sizeof reclen);
      const char* entry = buf + at + 19;
      at += reclen;
      pid_t pid = 0;
      for (const char* p = entry; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9') {
          pid = 0;
          break;
        }
        pid = pid * 10 + (*p - '0');
      }
      char state;
      pid_t ppid;
      char name[16];
      if (pid > 0 && read_stat(pid, state, ppid, name) && ppid == self) each(pid);
    }
  }
  ::close(dir);
}

void close_from(int first) {
  if (::syscall(SYS_close_range, first, ~0U, 0) == 0) return;
  // Before Linux 5.9: one by one, as far as the limit goes (capped: some limits are huge).
  rlimit limit{};
  rlim_t last = 65536;
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < last) last = limit.rlim_cur;
  for (rlim_t fd = static_cast<rlim_t>(first); fd < last; ++fd) ::close(static_cast<int>(fd));
}

/// In the client, just before exec: what posix_spawn set up before, by hand.
[[noreturn]] void become_client(char* const argv[], char* const envp[]) {
  ::setpgid(0, 0);  // its own group, as the protocol says
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (const int s : {SIGPIPE, SIGINT, SIGTERM}) ::sigaction(s, &dfl, nullptr);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(argv[0], argv, envp);
  ::_exit(127);
}

/// SIGKILLs every process of the tree: its children first, then whoever they orphaned (now
/// children of ours), round after round until none is left to reap. Counts and names those
/// that were still running, the client aside.
void end_all(pid_t self, pid_t client, Wire& wire) {
  pid_t remembered[kRemembered];
  int known = 0;
  for (;;) {
    for_each_child(self, [&](pid_t pid) {
      char state;
      pid_t ppid;
      char name[16];
      if (!read_stat(pid, state, ppid, name) || state == 'Z' || state == 'X')
        return;  // dead already
      ::kill(pid, SIGKILL);
      if (pid == client) return;
      for (int i = 0; i < known; ++i) {
        if (remembered[i] == pid) return;
      }
      if (known < kRemembered) remembered[known++] = pid;
      if (wire.listed < kListed) {
        auto& entry = wire.first[wire.listed++];
        entry.pid = pid;
        std::memcpy(entry.name, name, sizeof name);
      }
      ++wire.strays;
    });
    int status = 0;
    const pid_t reaped = ::waitpid(-1, &status, 0);
    if (reaped < 0) {
      if (errno == EINTR) continue;
      return;  // ECHILD: nothing of the tree is left
    }
    if (reaped == client) wire.client_status = status;
  }
}

/// Fixed numbers, and nothing else of the runner's: another scenario's pipes inherited here
/// would keep that scenario's reader waiting for as long as this tree lives.
void take_descriptors(int out_fd, int err_fd, int control_fd, int report_fd) {
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int wanted[] = {devnull, out_fd, err_fd, control_fd, report_fd};
  int moved[5];
  for (int i = 0; i < 5; ++i) {
    moved[i] = ::fcntl(wanted[i], F_DUPFD_CLOEXEC, kFirstFree);
    if (moved[i] < 0) ::_exit(126);
  }
  for (int i = 0; i < 5; ++i) ::dup2(moved[i], i);
  close_from(kFirstFree);
  ::fcntl(kControl, F_SETFD, FD_CLOEXEC);
  ::fcntl(kReport, F_SETFD, FD_CLOEXEC);
  static_assert(kStdin == 0 && kOut == 1 && kErr == 2);
}

/// Signals are read, never handled: the runner's handlers make no sense here. A Ctrl-C or a
/// SIGTERM to the runner's group ends the tree like the runner's own request. Returns the
/// signalfd; the supervisor becomes the subreaper of everything the client starts.
int watch_signals() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGCHLD, &dfl, nullptr);  // ignored, it would reap the tree behind our back
  sigset_t all;
  ::sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  sigset_t watched;
  ::sigemptyset(&watched);
  for (const int s : {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::sigaddset(&watched, s);
  const int signals = ::signalfd(-1, &watched, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signals < 0 || ::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) ::_exit(126);
  return signals;
}

/// Until the client exits, or the runner asks (a byte on the control pipe, its end closed, or
/// a signal). No PR_SET_PDEATHSIG: killed with the runner, the supervisor would leave the tree
/// to init; the runner's death closes the control pipe instead, and the tree is ended as on
/// request.
void wait_for_client(pid_t client, int signals, Wire& wire) {
  bool asked = false;
  while (!asked && wire.client_exited == 0) {
    pollfd fds[2] = {{kControl, POLLIN, 0}, {signals, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    signalfd_siginfo info;
    while (::read(signals, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      if (info.ssi_signo != SIGCHLD) asked = true;
    }
    // Orphans that end on their own are reaped as they go: only the running ones are strays.
    for (int status = 0;;) {
      const pid_t reaped = ::waitpid(-1, &status, WNOHANG);
      if (reaped <= 0) break;
      if (reaped == client) {
        wire.client_exited = 1;
        wire.client_status = status;
      }
    }
    if (fds[0].revents != 0) asked = true;  // a byte, or the runner's end of the pipe closed
  }
}

[[noreturn]] void supervise(char* const argv[], char* const envp[], int out_fd, int err_fd,
                            int control_fd, int report_fd) {
  take_descriptors(out_fd, err_fd, control_fd, report_fd);
  Wire wire;
  const pid_t self = ::getpid();
  const int signals = watch_signals();
  const pid_t client = ::fork();
  if (client == 0) become_client(argv, envp);
  if (client < 0) {
    wire.start_errno = errno;
    (void)!::write(kReport, &wire, sizeof wire);
    ::_exit(0);
  }
  wait_for_client(client, signals, wire);
  end_all(self, client, wire);
  (void)!::write(kReport, &wire, sizeof wire);  // EPIPE if the runner is gone: SIGPIPE is blocked
  ::_exit(0);
}

}  // namespace

std::string ProcessTree::start(char* const argv[], char* const envp[], int out_fd, int err_fd) {
  int control[2], report[2];
  if (::pipe2(control, O_CLOEXEC) != 0)
    return std::string("could not create a pipe: ") + std::strerror(errno);
  if (::pipe2(report, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(control[0]);
    ::close(control[1]);
    return std::string("could not create a pipe: ") + std::strerror(e);
  }
  const pid_t pid = ::fork();
  if (pid == 0) supervise(argv, envp, out_fd, err_fd, control[0], report[1]);
  const int e = errno;
  ::close(control[0]);
  ::close(report[1]);
  if (pid < 0) {
    ::close(control[1]);
    ::close(report[0]);
    return std::string("could not fork: ") + std::strerror(e);
  }
  supervisor_ = pid;
  control_fd_ = control[1];
  report_fd_ = report[0];
  return {};
}

void ProcessTree::end() {
  if (control_fd_ >= 0) ::close(control_fd_);
  control_fd_ = -1;
}

TreeEnd ProcessTree::finish(std::chrono::milliseconds bound) {
  TreeEnd out;
  if (supervisor_ < 0) return out;
  const auto until = std::chrono::steady_clock::now() + bound;
  Wire wire;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    pollfd fd{report_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(std::max<long long>(0, left.count())));
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0)
      out.reported = ::read(report_fd_, &wire, sizeof wire) == static_cast<ssize_t>(sizeof wire);
    break;
  }
  // Without a report it is stuck (a process it cannot reap) or dead: it goes, and we say so.
  if (!out.reported) ::kill(supervisor_, SIGKILL);
  end();
  int status = 0;
  while (::waitpid(supervisor_, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(report_fd_);
  report_fd_ = -1;
  supervisor_ = -1;
  if (!out.reported) return out;
  if (wire.start_errno != 0) {
    out.start_error = std::string("could not fork the client: ") + std::strerror(wire.start_errno);
    return out;
  }
  out.client_exited = wire.client_exited != 0;
  out.client_status = wire.client_status;
  out.strays = wire.strays;
  for (int i = 0; i < wire.listed && i < kListed; ++i) {
    out.first_strays.push_back(
        {wire.first[i].pid, std::string(wire.first[i].name, strnlen(wire.first[i].name, 16))});
  }
  return out;
}

ProcessTree::~ProcessTree() {
  if (supervisor_ < 0) return;
  end();
  finish(std::chrono::seconds(2));
}

}  // namespace mockgate::runner::detail
