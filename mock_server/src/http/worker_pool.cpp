#include "worker_pool.hpp"

#include <csignal>
#include <pthread.h>
#include <system_error>

namespace mockgate::server {

WorkerPool::WorkerPool(std::size_t max_workers, ConnectionCounters& counters)
    : max_workers_(max_workers == 0 ? 1 : max_workers), counters_(counters) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> job) {
  bool run_here = false;
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({std::move(job), std::chrono::steady_clock::now()});
    ++counters_.accepted;
    counters_.waiting = jobs_.size();
    // Idle workers not yet woken will take as many jobs as there are of them.
    if (jobs_.size() > idle_ && workers_.size() < max_workers_) {
      try {
        workers_.emplace_back([this] { work(); });
        counters_.workers = workers_.size();
      } catch (const std::system_error&) {
        // No thread to be had (a process limit): a busy worker takes the job when it is free.
        // With none at all, nobody would: serve it on the accept thread rather than never.
        run_here = workers_.empty();
      }
    }
  }
  if (run_here) {
    std::unique_lock lock(mutex_);
    Job oldest = take();
    lock.unlock();
    oldest.run();
    return;
  }
  wake_.notify_one();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return;
    shutting_down_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

WorkerPool::Job WorkerPool::take() {
  Job job = std::move(jobs_.front());
  jobs_.pop_front();
  counters_.waiting = jobs_.size();
  counters_.note_wait(std::chrono::steady_clock::now() - job.queued);
  return job;
}

void WorkerPool::work() {
  // OpenSSL writes to the socket with write(), not send(MSG_NOSIGNAL): a peer that hangs up
  // mid-handshake would raise SIGPIPE and kill the whole process. Blocking it in this thread
  // turns it into EPIPE, without touching the signal disposition of the program we live in.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    wake_.wait(lock, [this] { return shutting_down_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // shutting down, nothing left to serve
    Job job = take();
    lock.unlock();
    job.run();
    lock.lock();
  }
}

}  // namespace mockgate::server
