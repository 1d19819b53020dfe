// MockServer: providers' states plus one listener per environment, started and stopped as one.
#include "mockgate/server/mock_server.hpp"

#include <stdexcept>

#include "listener.hpp"
#include "mockgate/server/profile_loader.hpp"
#include "system_entropy.hpp"

namespace mockgate {

struct MockServer::Impl {
  ServerOptions options;
  server::SystemTimeSource time;
  server::SystemEntropy entropy;
  std::vector<std::unique_ptr<core::ProviderState>> providers;
  std::vector<std::unique_ptr<server::Listener>> listeners;
  std::vector<ListenerInfo> infos;
  bool running = false;

  core::ProviderState& find(std::string_view id) {
    if (id.empty()) {
      if (providers.size() != 1) {
        throw std::invalid_argument("several providers are served: name the one you mean");
      }
      return *providers.front();
    }
    for (auto& p : providers) {
      if (p->profile().id == id) return *p;
    }
    throw std::invalid_argument("provider '" + std::string(id) + "' is not served");
  }
};

MockServer::MockServer(core::Profile profile, ServerOptions options)
    : MockServer(std::vector<core::Profile>{std::move(profile)}, std::move(options)) {}

MockServer::MockServer(std::vector<core::Profile> profiles, ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  for (auto& p : profiles) {
    for (const auto& existing : impl_->providers) {
      if (existing->profile().id == p.id) {
        throw std::invalid_argument("provider '" + p.id + "' is given twice");
      }
    }
    core::ProviderOptions po;
    po.locale = impl_->options.locale;
    po.now = impl_->options.now;
    po.journal_capacity = impl_->options.journal_capacity;
    // A --locale a provider does not have falls back to that provider's default.
    if (!po.locale.empty() && p.messages.find(po.locale) == p.messages.end()) po.locale.clear();
    impl_->providers.push_back(
        std::make_unique<core::ProviderState>(std::move(p), impl_->time, impl_->entropy, po));
  }
}

std::unique_ptr<MockServer> MockServer::for_providers(const std::vector<std::string>& ids,
                                                      ServerOptions options) {
  std::vector<core::Profile> profiles;
  for (const auto& id : ids) profiles.push_back(server::find_profile(id));
  return std::make_unique<MockServer>(std::move(profiles), std::move(options));
}

MockServer::~MockServer() { stop(); }

void MockServer::start() {
  if (impl_->running) return;
  const auto& o = impl_->options;
  int next_port = o.port_base.value_or(0);
  try {
    for (auto& provider : impl_->providers) {
      for (const auto& env : provider->profile().environments) {
        server::ListenerConfig config;
        config.bind = o.bind;
        config.port = o.port_base ? next_port++ : 0;
        config.threads = o.threads;
        config.transport = core::Transport::PlainUnchecked;
        config.admin.token = o.admin_token;
        auto listener = std::make_unique<server::Listener>(*provider, env.name, config);
        listener->start();
        const bool v6 = o.bind.find(':') != std::string::npos;
        const std::string host = v6 ? "[" + o.bind + "]" : o.bind;
        impl_->infos.push_back(ListenerInfo{provider->profile().id, env.name,
                                            "http://" + host + ":" + std::to_string(listener->port()),
                                            listener->port(), false});
        impl_->listeners.push_back(std::move(listener));
      }
    }
  } catch (...) {
    stop();
    throw;
  }
  impl_->running = true;
}

void MockServer::stop() {
  if (!impl_) return;
  for (auto& l : impl_->listeners) l->stop();
  impl_->listeners.clear();
  impl_->infos.clear();
  impl_->running = false;
}

bool MockServer::is_running() const { return impl_->running; }

const std::vector<ListenerInfo>& MockServer::listeners() const { return impl_->infos; }

std::string MockServer::url(std::string_view env, std::string_view provider) const {
  for (const auto& l : impl_->infos) {
    if ((provider.empty() || l.provider == provider) && (env.empty() || l.env == env)) return l.url;
  }
  throw std::invalid_argument("no listener for provider '" + std::string(provider) + "' env '" +
                              std::string(env) + "' (is the server started?)");
}

core::ProviderState& MockServer::provider(std::string_view id) { return impl_->find(id); }

core::CreatedKey MockServer::create_key(core::KeySpec spec, std::string_view provider_id) {
  auto& p = impl_->find(provider_id);
  return p.create_key(spec, p.profile().environments.front().name);
}

}  // namespace mockgate
