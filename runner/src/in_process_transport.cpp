// The runner's requests handed straight to a provider state: the same answers as over a
// socket, without one.
#include <thread>

#include "mockgate/core/admin_api.hpp"
#include "mockgate/runner/transport.hpp"

namespace mockgate::runner {
namespace {

class InProcessTransport final : public Transport {
 public:
  InProcessTransport(core::ProviderState& state, std::string env, core::Transport transport)
      : state_(state), env_(std::move(env)), transport_(transport) {}

  Sent send(const HttpRequest& request) override {
    const auto req = core::Request::make(request.method, request.target, request.headers, request.body,
                                         "127.0.0.1", transport_);
    const core::Response response = core::is_admin_path(req.path)
                                        ? core::handle_admin(state_, req, env_, core::AdminAccess{})
                                        : state_.handle(req, env_);
    // A held answer is held here too: a client's timeout is what a delay fault tests.
    if (response.delay.count() > 0) std::this_thread::sleep_for(response.delay);
    Sent sent;
    if (response.drop) {
      sent.error = "Connection";  // what a client sees of a connection closed without an answer
      return sent;
    }
    HttpAnswer answer{response.status, response.headers, response.body};
    answer.headers.push_back({"Content-Type", response.content_type});
    sent.answer = std::move(answer);
    return sent;
  }

 private:
  core::ProviderState& state_;
  std::string env_;
  core::Transport transport_;
};

}  // namespace

std::unique_ptr<Transport> in_process_transport(core::ProviderState& state, std::string env,
                                                core::Transport transport) {
  return std::make_unique<InProcessTransport>(state, std::move(env), transport);
}

}  // namespace mockgate::runner
