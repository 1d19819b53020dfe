#include "mockgate/runner/scenario_activity.hpp"

namespace mockgate::runner {

void ScenarioActivity::attach(const core::ProviderState* mock) {
  std::lock_guard lock(mutex_);
  mock_ = mock;
}

bool ScenarioActivity::client_waiting() const {
  std::lock_guard lock(mutex_);
  if (mock_ == nullptr) return false;
  const auto last = mock_->last_event();
  return last && leaves_client_waiting(*last);
}

bool leaves_client_waiting(const core::ServeEvent& answer) {
  if (answer.has_flag(core::JournalFlag::Delayed) || answer.has_flag(core::JournalFlag::Dropped)) return true;
  return answer.status && (*answer.status == 429 || *answer.status >= 500);
}

}  // namespace mockgate::runner
