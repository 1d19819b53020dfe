#include "connection_registry.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace mockgate::server {
namespace {

/// How long `phase` may last before the watchdog ends it; none for the phases it leaves alone.
std::optional<ConnectionRegistry::Clock::duration> deadline_of(ConnectionPhase phase, const ConnectionLimits& limits) {
  switch (phase) {
    case ConnectionPhase::Handshake: return limits.tls_handshake_timeout;
    case ConnectionPhase::Head: return limits.head_timeout;
    case ConnectionPhase::Body: return limits.body_timeout;
    case ConnectionPhase::Idle:  // its own wait ends it (keep_alive_timeout)
    case ConnectionPhase::Busy:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

ConnectionRegistry::Entry& ConnectionRegistry::add(int fd) {
  std::lock_guard lock(mutex_);
  entries_.emplace_back(Key{}, fd);
  return entries_.back();
}

void ConnectionRegistry::remove(Entry& entry) {
  std::lock_guard lock(mutex_);
  entries_.remove_if([&](const Entry& e) { return &e == &entry; });
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void ConnectionRegistry::cut(Entry& entry) {
  entry.cut_.store(true, std::memory_order_release);
  // A cut head or body keeps its sending side so that the worker can still say 408; a handshake
  // or an idle connection has nothing to be told.
  const auto phase = entry.phase_.load(std::memory_order_acquire);
  const bool answerable = phase == ConnectionPhase::Head || phase == ConnectionPhase::Body;
  ::shutdown(entry.fd_, answerable ? SHUT_RD : SHUT_RDWR);
}

ConnectionRegistry::Swept ConnectionRegistry::sweep(Clock::time_point now, const ConnectionLimits& limits,
                                                    std::size_t starved, Clock::duration grace) {
  Swept swept;
  std::lock_guard lock(mutex_);
  std::vector<Entry*> slow;
  std::vector<Entry*> idle;
  for (auto& e : entries_) {
    if (e.cut_.load(std::memory_order_relaxed)) continue;
    const auto phase = e.phase_.load(std::memory_order_acquire);
    const auto age = now - e.since();
    if (const auto deadline = deadline_of(phase, limits); deadline && age > *deadline) {
      cut(e);
      ++swept.overdue;
    } else if (phase == ConnectionPhase::Idle) {
      idle.push_back(&e);
    } else if (phase != ConnectionPhase::Busy && age > grace) {
      slow.push_back(&e);
    }
  }
  if (starved <= swept.overdue) return swept;
  std::size_t wanted = starved - swept.overdue;
  // Oldest first: the connection that has sent least for longest gives its worker up first.
  const auto by_age = [](const Entry* a, const Entry* b) { return a->since() < b->since(); };
  std::sort(idle.begin(), idle.end(), by_age);
  std::sort(slow.begin(), slow.end(), by_age);
  for (auto* group : {&idle, &slow}) {
    for (auto* e : *group) {
      if (wanted == 0) return swept;
      cut(*e);
      ++swept.evicted;
      --wanted;
    }
  }
  return swept;
}

}  // namespace mockgate::server
