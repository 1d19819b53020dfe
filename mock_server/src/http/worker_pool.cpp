#include "worker_pool.hpp"

#include <algorithm>
#include <csignal>
#include <pthread.h>
#include <system_error>

namespace mockgate::server {

namespace {
/// Kept however long they idle: the first connections after a quiet spell start no thread.
constexpr std::size_t kKeptWorkers = 2;
}  // namespace

WorkerPool::WorkerPool(std::size_t max_workers, ConnectionCounters& counters, std::chrono::milliseconds idle_timeout)
    : max_workers_(max_workers == 0 ? 1 : max_workers), idle_timeout_(idle_timeout), counters_(counters) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(int fd, std::function<void()> job) {
  bool run_here = false;
  {
    std::lock_guard lock(mutex_);
    join_retired();
    jobs_.push_back({fd, std::move(job), std::chrono::steady_clock::now()});
    ++counters_.accepted;
    counters_.waiting = jobs_.size();
    // Idle workers not yet woken will take as many jobs as there are of them.
    if (jobs_.size() > idle_ && live_ < max_workers_) {
      try {
        workers_.emplace_back([this] { work(); });
        counters_.workers = ++live_;
      } catch (const std::system_error&) {
        // No thread to be had (a process limit): a busy worker takes the job when it is free.
        // With none at all, nobody would: serve it on the accept thread rather than never.
        run_here = live_ == 0;
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
  workers_.clear();
  retired_.clear();
}

std::size_t WorkerPool::promote_ready(const std::function<bool(int fd)>& ready) {
  std::lock_guard lock(mutex_);
  // Below the cap, enqueue() started a worker for each job no idle one will take: they are
  // coming (slowly, under a sanitizer or a loaded machine), and nobody must give theirs up.
  if (live_ < max_workers_ || jobs_.size() <= idle_) return 0;
  const auto first_waiting = jobs_.begin();
  const auto waiting_end = std::stable_partition(first_waiting, jobs_.end(), [&](const Job& j) { return ready(j.fd); });
  const auto ready_count = static_cast<std::size_t>(waiting_end - first_waiting);
  return ready_count > idle_ ? ready_count - idle_ : 0;
}

void WorkerPool::join_retired() {
  for (const auto id : retired_) {
    const auto it = std::find_if(workers_.begin(), workers_.end(), [&](const std::thread& t) { return t.get_id() == id; });
    if (it == workers_.end()) continue;
    it->join();  // it has left work() and only returns: no wait on us
    workers_.erase(it);
  }
  retired_.clear();
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
    const bool woken = wake_.wait_for(lock, idle_timeout_, [this] { return shutting_down_ || !jobs_.empty(); });
    --idle_;
    if (!woken && live_ > kKeptWorkers) {
      counters_.workers = --live_;
      retired_.push_back(std::this_thread::get_id());
      return;
    }
    if (shutting_down_ && jobs_.empty()) return;  // nothing left to serve
    if (jobs_.empty()) continue;
    Job job = take();
    lock.unlock();
    job.run();
    lock.lock();
  }
}

}  // namespace mockgate::server
