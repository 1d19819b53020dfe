// An elastic pool: a worker per connection waiting to be served, started on demand up to a cap.
// One worker serves a keep-alive connection for its whole life, so a fixed pool would leave
// every connection beyond its size unanswered while the others stay open
// (cpp-httplib-notes.md: with httplib's 8 threads, 24 of 32 connections got nothing in 10 s).
// Started workers stay for reuse while they are used (a test's connections come and go in
// bursts) and end after idle_timeout unused, so a burst's threads do not stay for good.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <list>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "connection_counters.hpp"

namespace mockgate::server {

class WorkerPool {
 public:
  WorkerPool(std::size_t max_workers, ConnectionCounters& counters,
             std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// One accepted connection `fd`: an idle worker takes it, or a new one starts; at the cap it
  /// waits its turn.
  void enqueue(int fd, std::function<void()> job);
  /// At the cap: moves the queued connections for which `ready(fd)` holds (a whole request is
  /// there to be read) ahead of the others, and returns how many of them no idle worker will
  /// take. Queued slow clients then cannot keep a legitimate one waiting behind them.
  std::size_t promote_ready(const std::function<bool(int fd)>& ready);
  /// Runs what is queued (jobs end at once once the server is stopping), joins every worker.
  void shutdown();

 private:
  struct Job {
    int fd;
    std::function<void()> run;
    std::chrono::steady_clock::time_point queued;
  };
  void work();
  /// The oldest job, counted as served; the caller holds mutex_ and jobs_ is not empty.
  Job take();

  /// Joins the workers that retired since the last call; the caller holds mutex_.
  void join_retired();

  const std::size_t max_workers_;
  const std::chrono::milliseconds idle_timeout_;
  ConnectionCounters& counters_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::list<std::thread> workers_;  ///< running, and retired ones not joined yet
  std::size_t live_ = 0;             ///< workers not retired
  std::vector<std::thread::id> retired_;
  std::size_t idle_ = 0;
  bool shutting_down_ = false;
};

}  // namespace mockgate::server
