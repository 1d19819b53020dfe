// A client's process tree under a supervisor of its own: whatever the client starts, setsid or
// not, is found and ended when its step ends.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace mockgate::runner::detail {

/// A process of the tree, other than the client, still running when the tree was ended.
struct StrayProcess {
  pid_t pid = 0;
  std::string name;  ///< its /proc comm, e.g. "sleep"
};

/// How the tree ended, as its supervisor saw it.
struct TreeEnd {
  bool reported = false;       ///< false: the supervisor died or hung before saying anything
  bool client_exited = false;  ///< on its own; false: still running when end() asked
  int client_status = 0;       ///< the client's waitpid status, when reported
  int strays = 0;              ///< processes besides the client that were running: all ended
  std::vector<StrayProcess> first_strays;  ///< the first few of them
  std::string start_error;                 ///< the client could not be forked: why
};

/// One client: `argv` run as the child of a supervisor process that is the subreaper of
/// everything the client starts, so that double forks and setsid land with it and not with
/// init. The supervisor ends the whole tree (SIGKILL, round after round, until it has no child
/// left) when the client exits, when end() is called, or when the runner dies. The runner
/// itself never becomes a subreaper: scenarios run concurrently and tests embed it.
class ProcessTree {
 public:
  ProcessTree() = default;
  ProcessTree(const ProcessTree&) = delete;
  ProcessTree& operator=(const ProcessTree&) = delete;
  /// Ends what is still running and reaps the supervisor.
  ~ProcessTree();

  /// Starts `argv` (argv[0] a path) with `envp`, stdin from /dev/null, stdout and stderr on
  /// `out_fd` and `err_fd` (the caller closes its own copies), in a process group of its own.
  /// `argv` and `envp` must stay valid until start returns. Returns "" or what failed.
  std::string start(char* const argv[], char* const envp[], int out_fd, int err_fd);

  /// Readable once the supervisor has ended the tree: poll it with the client's pipes.
  int done_fd() const { return report_fd_; }
  /// Asks the supervisor to end the tree now; the report follows on done_fd().
  void end();
  /// The supervisor's report, waited for up to `bound` (then the supervisor is killed and the
  /// report says nothing), and the supervisor reaped. Once only.
  TreeEnd finish(std::chrono::milliseconds bound);

 private:
  pid_t supervisor_ = -1;
  int control_fd_ = -1;  // our end: closing it (or our death) asks the supervisor to end all
  int report_fd_ = -1;
};

}  // namespace mockgate::runner::detail
