// The target of `mockgate run`: a fresh mock in this process for each scenario.
#include "mockgate/runner/arrangement.hpp"
#include "mockgate/runner/scenario_activity.hpp"
#include "mockgate/server/mock_server.hpp"
#include "scenario_target.hpp"

namespace mockgate::runner {
namespace {

class FreshMock final : public detail::Target {
 public:
  FreshMock(const core::Profile& profile, const RunOptions& options, ScenarioActivity* activity)
      : profile_(profile), options_(options), activity_(activity) {}
  FreshMock(const FreshMock&) = delete;
  FreshMock& operator=(const FreshMock&) = delete;
  // Detaches before the mock goes, on every path out.
  ~FreshMock() override {
    if (activity_ != nullptr) activity_->attach(nullptr);
  }

  detail::Placement place(const Scenario& s) override {
    ServerOptions server_options;
    server_options.tls = true;
    server_options.locale = s.given.locale;
    server_options.now = s.given.clock ? s.given.clock : options_.as_of;
    server_options.journal_capacity = 1000;
    detail::Placement place;
    try {
      server_ = std::make_unique<MockServer>(profile_, server_options);
      if (activity_ != nullptr) activity_->attach(&server_->provider());
      control_ = local_mock(server_->provider());
      server_->start();
      place.keys = arrange(*control_, s.given, s.when.env, false);
    } catch (const std::exception& e) {
      place.error = std::string("could not arrange the mock: ") + e.what();
      return place;
    }
    for (const auto& l : server_->listeners()) {
      if (l.env == s.when.env) place.base_url = s.when.plain_http ? l.plain_url : l.url;
    }
    place.ca_file = server_->ca_file();
    return place;
  }

  detail::Observation observe(const Scenario&, const detail::ProbeExchange&) override {
    detail::Observation seen;
    seen.journal = control_->journal();
    seen.exported = control_->exported();
    seen.keys_used = control_->keys_used();
    // The mock knows every key it held, the client's own creations and rotations included.
    seen.redaction = control_->redaction();
    server_->stop();
    return seen;
  }

 private:
  const core::Profile& profile_;
  const RunOptions& options_;
  ScenarioActivity* activity_;
  std::unique_ptr<MockServer> server_;
  std::unique_ptr<MockControl> control_;
};

}  // namespace

ScenarioResult run_scenario(const Scenario& s, const core::Profile& profile, ClientDriver& driver,
                            const RunOptions& options, ScenarioActivity* activity) {
  FreshMock target(profile, options, activity);
  return detail::run_at(target, s, profile, driver, options);
}

}  // namespace mockgate::runner
