// Test helpers' implementation.
#include "support/test_support.hpp"

#include <fstream>
#include <iterator>

namespace mockgate::testing {

void SeededEntropy::fill(std::uint8_t* out, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    out[i] = static_cast<std::uint8_t>(state_ >> 24);
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

core::Profile profile(const std::string& provider) {
  return server::load_profile(std::string(MOCKGATE_TEST_PROFILES) + "/" + provider + ".yaml");
}

core::Profile custom_profile(const std::string& name) {
  return server::load_profile(std::string(MOCKGATE_TEST_FIXTURES) + "/profiles/" + name + ".yaml");
}

Fixture::Fixture(const std::string& provider, core::ProviderOptions options)
    : Fixture(profile(provider), std::move(options)) {}

Fixture::Fixture(core::Profile p, core::ProviderOptions options) {
  state = std::make_unique<core::ProviderState>(std::move(p), time, entropy, options);
}

core::Response Fixture::send(const std::string& method, const std::string& target,
                             core::Headers headers, std::string body, std::string env,
                             std::string peer) {
  if (env.empty()) env = state->profile().environments.front().name;
  return state->handle(core::Request::make(method, target, std::move(headers), std::move(body),
                                           std::move(peer)),
                       env);
}

core::CreatedKey Fixture::key(core::KeySpec spec) {
  return state->create_key(spec, state->profile().environments.front().name);
}

nlohmann::json body_of(const core::Response& r) { return nlohmann::json::parse(r.body); }

}  // namespace mockgate::testing
