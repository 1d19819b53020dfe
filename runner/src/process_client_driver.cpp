// Client processes: started under a supervisor (process_tree.hpp), their pipes read with poll
// until the deadline, whoever holds them, and everything they started ended with them.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/base64.hpp"
#include "mockgate/runner/client_driver.hpp"
#include "process_tree.hpp"

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

// Once asked, the supervisor needs a few rounds of SIGKILL and waitpid: milliseconds. Past
// this it is stuck on a process it cannot reap (uninterruptible I/O), and the runner moves on.
constexpr std::chrono::milliseconds kEndGrace{2000};

/// "5 s" for whole seconds (what --timeout gives), else "1500 ms".
std::string span(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? std::to_string(d.count() / 1000) + " s"
                               : std::to_string(d.count()) + " ms";
}

std::string processes(int n) { return std::to_string(n) + (n == 1 ? " process" : " processes"); }

/// "`sleep` (pid 4242), `sh` (pid 4243) and 3 more".
std::string named(const detail::TreeEnd& end) {
  std::string out;
  for (const auto& p : end.first_strays) {
    out += (out.empty() ? "" : ", ") + ("`" + p.name + "` (pid " + std::to_string(p.pid) + ")");
  }
  const auto unnamed = end.strays - static_cast<int>(end.first_strays.size());
  if (unnamed > 0) out += " and " + std::to_string(unnamed) + " more";
  return out;
}

/// Reads what `fd` has now without waiting (the writers are gone or past their deadline).
/// Bounded: a writer outside the tree could keep a pipe full for ever.
void drain(int fd, Capture& capture, char* buf, std::size_t size) {
  for (int i = 0; i < 64; ++i) {
    const ssize_t n = ::read(fd, buf, size);
    if (n > 0) {
      capture.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return;
    }
  }
}

/// The client's stdout and stderr: our ends non-blocking, its ends blocking (as a program
/// expects of its stdout). Closes whatever it still holds.
class ClientPipes {
 public:
  ClientPipes() = default;
  ClientPipes(const ClientPipes&) = delete;
  ClientPipes& operator=(const ClientPipes&) = delete;
  ~ClientPipes() {
    for (const int fd : {out_[0], out_[1], err_[0], err_[1]}) {
      if (fd >= 0) ::close(fd);
    }
  }
  /// "" when both pipes are open, else why not.
  std::string open() {
    if (pipe2(out_, O_CLOEXEC | O_NONBLOCK) != 0 || pipe2(err_, O_CLOEXEC | O_NONBLOCK) != 0) {
      return std::string("could not create pipes: ") + std::strerror(errno);
    }
    for (const int fd : {out_[1], err_[1]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return {};
  }
  int out_read() const { return out_[0]; }
  int err_read() const { return err_[0]; }
  int out_write() const { return out_[1]; }
  int err_write() const { return err_[1]; }
  /// Once the client has its copies: ours must go, or the pipes never report end of file.
  void close_write_ends() {
    for (int* fd : {&out_[1], &err_[1]}) {
      ::close(*fd);
      *fd = -1;
    }
  }

 private:
  int out_[2] = {-1, -1};
  int err_[2] = {-1, -1};
};

/// `/bin/sh -c command` under the tree's supervisor, with the client's environment and pipes.
/// "" when started, else why not.
std::string start_client(detail::ProcessTree& tree, const std::string& command, const ClientInput& input,
                         ClientPipes& pipes) {
  const auto env = environment_for(input);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", text = command;
  char* argv[] = {sh.data(), dash_c.data(), text.data(), nullptr};
  const auto started = tree.start(argv, envp.data(), pipes.out_write(), pipes.err_write());
  pipes.close_write_ends();
  return started.empty() ? std::string{} : "could not start /bin/sh: " + started;
}

/// Reads both pipes until the tree is gone and both are closed, or the deadline, whichever comes
/// first: a grandchild holding stdout open must not hold the runner. Then ends what is left and
/// keeps what the tree wrote before it ended, waiting for nothing more.
detail::TreeEnd read_until_end(detail::ProcessTree& tree, const ClientPipes& pipes,
                               std::chrono::steady_clock::time_point deadline, Capture& out, Capture& err) {
  bool out_open = true, err_open = true, tree_gone = false;
  char buf[65536];
  while (out_open || err_open || !tree_gone) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd fds[3] = {{out_open ? pipes.out_read() : -1, POLLIN, 0},
                     {err_open ? pipes.err_read() : -1, POLLIN, 0},
                     {tree_gone ? -1 : tree.done_fd(), POLLIN, 0}};
    const int ready = ::poll(fds, 3, static_cast<int>(std::min<long long>(left.count(), 60000)));
    if (ready <= 0) continue;
    if (fds[2].revents != 0) tree_gone = true;  // the client exited and its strays were ended
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? out : err).append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        (i == 0 ? out_open : err_open) = false;
      }
    }
  }
  if (!tree_gone) tree.end();  // the deadline, with the client (or what it left) still there
  const detail::TreeEnd end = tree.finish(kEndGrace);
  if (out_open) drain(pipes.out_read(), out, buf, sizeof buf);
  if (err_open) drain(pipes.err_read(), err, buf, sizeof buf);
  return end;
}

/// The run's exit, signal, strays and problem from how the tree ended; false when the client's
/// outcome is not to be read (it could not be confirmed ended, or it timed out).
bool settle(const detail::TreeEnd& end, std::chrono::milliseconds timeout, ClientRun& result) {
  if (!end.reported) {
    result.problem = "could not confirm that the client and what it started were ended (its supervisor did not "
                     "report within " + span(kEndGrace) + ")";
    return false;
  }
  if (!end.start_error.empty()) {
    result.problem = end.start_error;
    return false;
  }
  const int status = end.client_status;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.left_running = end.strays;
  result.timed_out = !end.client_exited;
  if (result.timed_out) {
    result.problem = "the client did not finish within " + span(timeout) + "; " +
                     (end.strays == 0 ? std::string("it was ended")
                                      : "it and " + processes(end.strays) + " it started were ended");
    if (end.strays > 0) result.note = "ended with the client: " + named(end);
    return false;
  }
  if (end.strays > 0) {
    // Told, not judged (client_driver.hpp): the documents ask nothing of a client's children.
    const auto how = result.signal != 0 ? "was killed by signal " + std::to_string(result.signal)
                                        : "exited " + std::to_string(result.exit_code);
    result.note = "the client " + how + " but left " + processes(end.strays) + " running: " + named(end) + "; ended";
  }
  return true;
}

}  // namespace

ClientRun ProcessClientDriver::run(const ClientInput& input, std::chrono::milliseconds timeout) {
  ClientRun result;
  const auto start = std::chrono::steady_clock::now();
  result.started = start;
  ClientPipes pipes;
  detail::ProcessTree tree;
  result.problem = pipes.open();
  if (result.problem.empty()) result.problem = start_client(tree, command_, input, pipes);
  if (!result.problem.empty()) return result;

  Capture out(secrets_of(input)), err(secrets_of(input));
  const detail::TreeEnd end = read_until_end(tree, pipes, start + timeout, out, err);
  result.stdout_text = out.text();
  result.stderr_text = err.text();
  result.printed_secret_on_stdout = out.seen_secret();
  result.printed_secret_on_stderr = err.seen_secret();
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  if (!settle(end, timeout, result)) return result;
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
