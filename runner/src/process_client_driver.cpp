// Client processes: posix_spawn into a new process group, pipes read with poll, a deadline,
// and the whole group killed at the end so that nothing is ever left behind.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "mockgate/core/base64.hpp"
#include "mockgate/runner/client_driver.hpp"

extern char** environ;

namespace mockgate::runner {
namespace {

// A flooding client is cut, not stored: its head and its tail are kept (the outcome is the
// last line), and the whole stream is still scanned for secrets.
constexpr std::size_t kKeepHead = 1024 * 1024;
constexpr std::size_t kKeepTail = 1024 * 1024;
constexpr std::string_view kVariables[] = {
    "MOCKGATE_PROVIDER", "MOCKGATE_OPERATION", "MOCKGATE_BASE_URL", "MOCKGATE_API_KEY",
    "MOCKGATE_USERNAME", "MOCKGATE_PASSWORD",  "MOCKGATE_PARAMS",   "MOCKGATE_CA_FILE",
    "MOCKGATE_TIMEOUT_MS", "SSL_CERT_FILE",    "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
    "NODE_EXTRA_CA_CERTS"};

bool is_ours(std::string_view entry, const std::string& env_var) {
  const auto eq = entry.find('=');
  const auto name = entry.substr(0, eq);
  if (!env_var.empty() && name == env_var) return true;
  for (const auto v : kVariables) {
    if (name == v) return true;
  }
  return false;
}

std::vector<std::string> environment_for(const ClientInput& in) {
  std::vector<std::string> env;
  // The caller's environment, less anything that would give the client inputs of our own.
  for (char** e = environ; *e != nullptr; ++e) {
    if (!is_ours(*e, in.env_var)) env.emplace_back(*e);
  }
  env.push_back("MOCKGATE_PROVIDER=" + in.provider);
  env.push_back("MOCKGATE_OPERATION=" + in.operation);
  env.push_back("MOCKGATE_BASE_URL=" + in.base_url);
  if (in.api_key) {
    env.push_back("MOCKGATE_API_KEY=" + *in.api_key);
    if (!in.env_var.empty()) env.push_back(in.env_var + "=" + *in.api_key);
  }
  if (in.username) env.push_back("MOCKGATE_USERNAME=" + *in.username);
  if (in.password) env.push_back("MOCKGATE_PASSWORD=" + *in.password);
  env.push_back("MOCKGATE_PARAMS=" + in.params.dump());
  if (!in.ca_file.empty()) {
    for (const auto* name : {"MOCKGATE_CA_FILE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE",
                             "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS"}) {
      env.push_back(std::string(name) + "=" + in.ca_file);
    }
  }
  if (in.timeout_ms) env.push_back("MOCKGATE_TIMEOUT_MS=" + std::to_string(*in.timeout_ms));
  return env;
}

/// One output stream: head and tail kept, every byte scanned for the secrets.
class Capture {
 public:
  explicit Capture(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {
    for (const auto& s : secrets_) longest_ = std::max(longest_, s.size());
  }

  void append(const char* data, std::size_t n) {
    total_ += n;
    // Secrets may straddle reads: scan what is new with the bytes just before it.
    std::string window = carry_ + std::string(data, n);
    for (const auto& s : secrets_) seen_secret_ = seen_secret_ || window.find(s) != std::string::npos;
    carry_ = window.substr(window.size() - std::min(window.size(), longest_ > 0 ? longest_ - 1 : 0));
    if (head_.size() < kKeepHead) {
      const auto take = std::min(n, kKeepHead - head_.size());
      head_.append(data, take);
      data += take;
      n -= take;
    }
    tail_.append(data, n);
    if (tail_.size() > 2 * kKeepTail) tail_.erase(0, tail_.size() - kKeepTail);
  }

  std::string text() const {
    if (head_.size() + tail_.size() == total_) return head_ + tail_;
    const auto tail = tail_.size() > kKeepTail ? tail_.substr(tail_.size() - kKeepTail) : tail_;
    return head_ + "\n[… " + std::to_string(total_ - head_.size() - tail.size()) + " bytes not kept …]\n" + tail;
  }
  bool seen_secret() const { return seen_secret_; }

 private:
  std::vector<std::string> secrets_;
  std::size_t longest_ = 0;
  std::string head_, tail_, carry_;
  std::size_t total_ = 0;
  bool seen_secret_ = false;
};

std::vector<std::string> secrets_of(const ClientInput& in) {
  std::vector<std::string> out;
  if (in.api_key && in.api_key->size() >= 8) out.push_back(*in.api_key);
  if (in.password && in.password->size() >= 4) out.push_back(*in.password);
  // "Basic <base64>" is the password, reversibly: logging the header is a leak too.
  if (in.username && in.password) out.push_back(core::base64_encode(*in.username + ":" + *in.password));
  return out;
}

std::string signal_name(int sig) {
  const char* d = strsignal(sig);
  return std::to_string(sig) + (d != nullptr ? std::string(" (") + d + ")" : std::string{});
}

}  // namespace

ClientRun ProcessClientDriver::run(const ClientInput& input, std::chrono::milliseconds timeout) {
  ClientRun result;
  const auto start = std::chrono::steady_clock::now();
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.problem = std::string("could not create pipes: ") + std::strerror(errno);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group: killing it kills its children too
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  const auto env = environment_for(input);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", command = command_;
  char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.problem = std::string("could not start /bin/sh: ") + std::strerror(rc);
    return result;
  }

  const auto deadline = start + timeout;
  Capture out_capture(secrets_of(input)), err_capture(secrets_of(input));
  bool out_open = true, err_open = true, exited = false;
  int status = 0;
  char buf[65536];
  while (out_open || err_open || !exited) {
    if (!exited) {
      const pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        exited = true;
        // Whatever it left running goes too: it would hold the pipes open, and processes
        // outliving their scenario are a leak the runner promises not to have.
        ::kill(-pid, SIGKILL);
      }
    }
    if (!result.timed_out && std::chrono::steady_clock::now() >= deadline) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
    }
    pollfd fds[2] = {{out_open ? out_pipe[0] : -1, POLLIN, 0}, {err_open ? err_pipe[0] : -1, POLLIN, 0}};
    if (!out_open && !err_open) {
      if (!exited) {
        ::usleep(2000);
      }
      continue;
    }
    const int ready = ::poll(fds, 2, 10);
    if (ready <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? out_capture : err_capture).append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        (i == 0 ? out_open : err_open) = false;
      }
    }
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  result.stdout_text = out_capture.text();
  result.stderr_text = err_capture.text();
  result.printed_secret_on_stdout = out_capture.seen_secret();
  result.printed_secret_on_stderr = err_capture.seen_secret();
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);

  if (result.timed_out) {
    result.problem = "the client was still running after " + std::to_string(timeout.count()) +
                     " ms and was killed with its process group";
    return result;
  }
  if (result.signal != 0) {
    result.problem = "the client was killed by signal " + signal_name(result.signal);
    return result;
  }
  if (result.exit_code == 127 && result.stdout_text.empty()) {
    result.problem = "the client command could not be run (exit 127: command not found?)";
    return result;
  }
  parse_outcome(result);
  if (!result.outcome && result.exit_code != 0) {
    result.problem += " (exit code " + std::to_string(result.exit_code) + ")";
  }
  return result;
}

}  // namespace mockgate::runner
