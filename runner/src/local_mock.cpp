// MockControl over a provider state in this process.
#include "mockgate/core/admin_api.hpp"
#include "mockgate/runner/mock_control.hpp"

namespace mockgate::runner {
namespace {

class LocalMock final : public MockControl {
 public:
  explicit LocalMock(core::ProviderState& state) : state_(state) {}

  void reset() override { state_.reset(); }
  void set_clock(core::SystemTime now) override { state_.set_clock(now); }
  void set_locale(const std::string& locale) override { state_.set_locale(locale); }
  void set_certificate(const std::string& mode) override { state_.set_certificate(mode); }
  void create_account(const std::string& username, const core::AccountSpec& spec) override {
    state_.create_account(username, spec);
  }
  core::CreatedKey create_key(const core::KeySpec& spec, std::string_view env) override {
    return state_.create_key(spec, env);
  }
  void delete_key(const std::string& id) override { state_.delete_key(id); }
  core::CreatedKey rotate_key(const std::string& id) override { return state_.rotate_key(id); }
  void push_faults(core::FaultStage stage, const std::vector<core::Fault>& faults) override {
    state_.push_faults(stage, faults);
  }

  std::vector<core::ServeEvent> journal() override { return state_.journal(); }
  std::map<std::string, bool> keys_used() override {
    std::map<std::string, bool> used;
    for (const auto& k : state_.keys()) used[k.id] = k.last_used_at.has_value();
    return used;
  }
  std::string exported() override {
    const auto now = state_.now();
    nlohmann::json shown = nlohmann::json::array();
    for (const auto& e : state_.journal()) shown.push_back(e);
    for (const auto& k : state_.keys()) shown.push_back(core::key_json(state_, k, now));
    return shown.dump();
  }
  Redaction::MockRedaction redaction() override {
    return [&state = state_](std::string_view text) { return state.redacted(text); };
  }

 private:
  core::ProviderState& state_;
};

}  // namespace

std::unique_ptr<MockControl> local_mock(core::ProviderState& state) {
  return std::make_unique<LocalMock>(state);
}

}  // namespace mockgate::runner
