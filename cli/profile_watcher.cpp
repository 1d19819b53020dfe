// Polling, not inotify: it sees an editor's save-by-rename and a file on any filesystem alike,
// and four profiles polled four times a second cost nothing.
#include "profile_watcher.hpp"

#include <sys/stat.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/input_error.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace mockgate::cli {

ProfileWatcher::ProfileWatcher(std::vector<WatchedProfile> files, ProfileReload reload, std::ostream& events,
                               std::chrono::milliseconds interval)
    : reload_(std::move(reload)), events_(events), interval_(interval) {
  for (auto& f : files) {
    const Stamp now = stamp_of(f.file);
    entries_.push_back({std::move(f), now, now});
  }
  thread_ = std::thread([this] { run(); });
}

ProfileWatcher::~ProfileWatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

ProfileWatcher::Stamp ProfileWatcher::stamp_of(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return {};
  return {static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
          static_cast<long long>(st.st_size), static_cast<unsigned long long>(st.st_ino)};
}

void ProfileWatcher::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    for (auto& e : entries_) poll(e);
  }
}

void ProfileWatcher::poll(Entry& e) {
  const Stamp now = stamp_of(e.watched.file);
  if (now == e.served) {
    e.pending = now;
    return;
  }
  if (now != e.pending) {  // changed since the last poll: let the writer finish first
    e.pending = now;
    return;
  }
  e.served = now;
  load(e);
}

void ProfileWatcher::load(Entry& e) {
  nlohmann::ordered_json line{{"event", "reloaded"}, {"provider", e.watched.provider}, {"file", e.watched.file}};
  std::string failure;
  try {
    reload_(e.watched.provider, server::load_profile(e.watched.file));
  } catch (const InputError& error) {
    failure = error.location_line();
  } catch (const core::InvalidRequest& refused) {
    failure = e.watched.file + ": " + refused.message();
  } catch (const std::exception& other) {  // unreadable, say: reported, never the end of serve
    failure = e.watched.file + ": " + other.what();
  }
  if (!failure.empty()) {
    line["event"] = "reload_failed";
    line["error"] = failure;
    std::cerr << "mockgate serve: " << failure << " (the previous profile is still served)" << std::endl;
  }
  events_ << line.dump() << std::endl;
}

}  // namespace mockgate::cli
