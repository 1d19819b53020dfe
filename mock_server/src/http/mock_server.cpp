// MockServer: providers' states plus one listener per environment, started and stopped as one.
#include "mockgate/server/mock_server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "listener.hpp"
#include "mockgate/input_error.hpp"
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
  std::shared_ptr<const server::CertificateAuthority> ca;
  std::string ca_file;
  bool ca_file_is_temporary = false;

  void write_ca() {
    ca = server::CertificateAuthority::shared();
    if (!options.ca_out.empty()) {
      ca_file = options.ca_out;
    } else {
      const char* tmp = std::getenv("TMPDIR");
      std::string path = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                         "/mockgate-ca-XXXXXX.pem";
      const int fd = ::mkstemps(path.data(), 4);
      if (fd < 0) throw std::runtime_error("cannot create a temporary file for the CA in " + path);
      ::close(fd);
      ca_file = path;
      ca_file_is_temporary = true;
    }
    std::ofstream out(ca_file, std::ios::binary | std::ios::trunc);
    out << ca->ca_pem();
    if (!out && !ca_file_is_temporary) {  // the user's path (--ca-out): bad input, not a failure
      throw InputError(SourceMark{ca_file, 0, 0, {}}, "cannot write the CA certificate there (--ca-out)");
    }
    if (!out) throw std::runtime_error("cannot write the CA to " + ca_file);
  }

  std::unique_ptr<server::Listener> listen(core::ProviderState& provider, const std::string& env,
                                           int port, core::Transport transport, bool tls) {
    server::ListenerConfig config;
    config.bind = options.bind;
    config.port = port;
    config.max_connections = options.max_connections;
    config.limits = options.limits;
    config.transport = transport;
    config.admin.token = options.admin_token;
    if (tls) config.tls = ca;
    auto listener = std::make_unique<server::Listener>(provider, env, config);
    listener->start();
    return listener;
  }

  std::string base_url(bool tls, int port) const {
    const bool v6 = options.bind.find(':') != std::string::npos;
    const std::string host = v6 ? "[" + options.bind + "]" : options.bind;
    return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port);
  }

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
  if (!impl_->options.locale.empty()) {
    // A locale no served provider has is a mistake, not a request for the default.
    std::string known;
    bool any = false;
    for (const auto& p : profiles) {
      any = any || p.messages.count(impl_->options.locale) > 0;
      for (const auto& [locale, table] : p.messages) known += (known.empty() ? "" : ", ") + p.id + ":" + locale;
    }
    if (!any) {
      throw std::invalid_argument("locale '" + impl_->options.locale + "' is not one of the served providers' (" +
                                  known + ")");
    }
  }
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
    po.limits = impl_->options.state_limits;
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
  const auto port = [&] { return o.port_base ? next_port++ : 0; };
  try {
    if (o.tls) impl_->write_ca();
    for (auto& provider : impl_->providers) {
      for (const auto& env : provider->profile().environments) {
        ListenerInfo info;
        info.provider = provider->profile().id;
        info.env = env.name;
        info.tls = o.tls;
        if (o.tls) {
          auto secure = impl_->listen(*provider, env.name, port(), core::Transport::Tls, true);
          auto plain = impl_->listen(*provider, env.name, port(), core::Transport::Plain, false);
          info.port = secure->port();
          info.plain_port = plain->port();
          info.plain_url = impl_->base_url(false, info.plain_port);
          info.ca_file = impl_->ca_file;
          impl_->listeners.push_back(std::move(secure));
          impl_->listeners.push_back(std::move(plain));
        } else {
          auto plain = impl_->listen(*provider, env.name, port(), core::Transport::PlainUnchecked, false);
          info.port = plain->port();
          impl_->listeners.push_back(std::move(plain));
        }
        info.url = impl_->base_url(o.tls, info.port);
        impl_->infos.push_back(info);
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
  if (impl_->ca_file_is_temporary) {
    ::unlink(impl_->ca_file.c_str());
    impl_->ca_file_is_temporary = false;
  }
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

const std::string& MockServer::ca_file() const { return impl_->ca_file; }

ConnectionStats MockServer::connection_stats(int port) const {
  for (const auto& l : impl_->listeners) {
    if (l->port() == port) return l->connection_stats();
  }
  throw std::invalid_argument("no listener on port " + std::to_string(port) + " (is the server started?)");
}

core::CreatedKey MockServer::create_key(core::KeySpec spec, std::string_view provider_id) {
  auto& p = impl_->find(provider_id);
  return p.create_key(spec, p.profile().environments.front().name);
}

}  // namespace mockgate
