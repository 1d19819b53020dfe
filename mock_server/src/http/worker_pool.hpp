// An elastic pool: a worker per connection waiting to be served, started on demand up to a cap.
// One worker serves a keep-alive connection for its whole life, so a fixed pool would leave
// every connection beyond its size unanswered while the others stay open
// (cpp-httplib-notes.md: with httplib's 8 threads, 24 of 32 connections got nothing in 10 s).
// Started workers stay for reuse: a test's connections come and go in bursts.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "connection_counters.hpp"

namespace mockgate::server {

class WorkerPool {
 public:
  WorkerPool(std::size_t max_workers, ConnectionCounters& counters);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// One accepted connection: an idle worker takes it, or a new one starts; at the cap it waits.
  void enqueue(std::function<void()> job);
  /// Runs what is queued (jobs end at once once the server is stopping), joins every worker.
  void shutdown();

 private:
  struct Job {
    std::function<void()> run;
    std::chrono::steady_clock::time_point queued;
  };
  void work();
  /// The oldest job, counted as served; the caller holds mutex_ and jobs_ is not empty.
  Job take();

  const std::size_t max_workers_;
  ConnectionCounters& counters_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::vector<std::thread> workers_;
  std::size_t idle_ = 0;
  bool shutting_down_ = false;
};

}  // namespace mockgate::server
