// A client's process tree marked in its environment, so that whatever it left running can be
// found in /proc afterwards, setsid or not.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace mockgate::testing {

/// Running, as opposed to gone or a zombie waiting for a reaper (PID 1 in a container may
/// never reap it, but a zombie runs nothing).
inline bool process_alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_text, name, state;
  if (!(stat >> pid_text >> name >> state)) return false;
  return state != "Z" && state != "X";
}

/// Every process a client starts inherits the mark (unless it clears its environment, which
/// the test clients do not).
class MarkedTree {
 public:
  /// `body`, a shell command line, with the mark exported first.
  std::string command(const std::string& body) const {
    return "export MOCKGATE_TEST_TREE=" + token_ + "; " + body;
  }

  /// Running processes carrying the mark.
  std::vector<pid_t> alive() const {
    std::vector<pid_t> out;
    const std::string mark = "MOCKGATE_TEST_TREE=" + token_ + '\0';
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
      const auto name = entry.path().filename().string();
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream in(entry.path() / "environ", std::ios::binary);
      const std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const pid_t pid = static_cast<pid_t>(std::stol(name));
      if (pid != ::getpid() && env.find(mark) != std::string::npos && process_alive(pid))
        out.push_back(pid);
    }
    return out;
  }

  /// A failing test must not leak what it found.
  ~MarkedTree() {
    for (const pid_t pid : alive()) ::kill(pid, SIGKILL);
  }

 private:
  static int next() {
    static int n = 0;
    return ++n;
  }
  std::string token_ = "tree-" + std::to_string(::getpid()) + "-" + std::to_string(next());
};

}  // namespace mockgate::testing
