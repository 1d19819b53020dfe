// Whether a running scenario's client is waiting on its mock, as the mock sees it: its newest
// answer asks the client to back off (429, a 5xx, a dropped connection) or is being held back
// (an injected delay). run_all lets such a scenario's -j slot go to another: waits overlap
// instead of adding up, while the scenarios doing work stay bounded by -j.
#pragma once

#include <mutex>

#include "mockgate/core/provider_state.hpp"

namespace mockgate::runner {

class ScenarioActivity {
 public:
  /// The scenario's mock, while it runs; nullptr before it starts and once it stops.
  void attach(const core::ProviderState* mock);
  bool client_waiting() const;

 private:
  mutable std::mutex mutex_;
  const core::ProviderState* mock_ = nullptr;
};

/// Whether an answer leaves the client waiting: back-off asked for, or the answer held back.
bool leaves_client_waiting(const core::ServeEvent& answer);

}  // namespace mockgate::runner
