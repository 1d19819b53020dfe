// serve --watch: each provider's profile file polled; a changed file is loaded and served
// without a restart, and a broken edit reported (file:line:col) while the old profile serves on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "mockgate/core/profile.hpp"

namespace mockgate::cli {

struct WatchedProfile {
  std::string provider;
  std::string file;
};

/// Hands a freshly loaded profile to the server; throws core::InvalidRequest to refuse it.
using ProfileReload = std::function<void(const std::string& provider, core::Profile profile)>;

class ProfileWatcher {
 public:
  /// Polls every `interval`; a file whose stamp (mtime, size, inode) changed and then held for one
  /// more poll — so a save in several writes is read once, whole — is loaded and given to
  /// `reload`. Each outcome is one JSON line on `events`: "reloaded" or "reload_failed".
  ProfileWatcher(std::vector<WatchedProfile> files, ProfileReload reload, std::ostream& events,
                 std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  /// Stops polling and joins the thread.
  ~ProfileWatcher();
  ProfileWatcher(const ProfileWatcher&) = delete;
  ProfileWatcher& operator=(const ProfileWatcher&) = delete;

 private:
  struct Stamp {
    long long mtime_ns = -1;  ///< -1: the file is missing
    long long size = -1;
    unsigned long long inode = 0;
    bool operator==(const Stamp&) const = default;
  };
  struct Entry {
    WatchedProfile watched;
    Stamp served;   ///< the stamp of the file last loaded (or tried)
    Stamp pending;  ///< a new stamp seen once, waiting to hold for a poll
  };

  static Stamp stamp_of(const std::string& file);
  void run();
  void poll(Entry& entry);
  void load(Entry& entry);

  std::vector<Entry> entries_;
  ProfileReload reload_;
  std::ostream& events_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mockgate::cli
