// Feeds arbitrary calls to the admin API (core::handle_admin) of a bundled profile's arranged
// state. Beyond "no crash" it asserts what admin_api.hpp promises: it never throws (bad input
// is a 4xx), every answer has a status in 100..599 and a body that is empty or JSON nlohmann
// can dump; afterwards GET /__mockgate/keys and GET /__mockgate/journal still answer 200 with
// JSON, and the key listing shows no key's cleartext value.
// Input: byte 0 picks the provider; then a line with the method, a line with the path under
// /__mockgate ("{id}" stands for an arranged key's id), and the body as the rest.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "mockgate/core/admin_api.hpp"

namespace {

namespace core = mockgate::core;
using mockgate::fuzz::require;

std::string_view next_line(std::string_view& rest) {
  const auto lf = rest.find('\n');
  const auto line = rest.substr(0, lf);
  rest = lf == std::string_view::npos ? std::string_view{} : rest.substr(lf + 1);
  return line;
}

core::Response call(core::ProviderState& state, std::string method, std::string target,
                    std::string body = {}) {
  const auto env = state.profile().environments.front().name;
  return core::handle_admin(
      state, core::Request::make(std::move(method), std::move(target), {}, std::move(body)), env,
      {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& profiles = mockgate::fuzz::bundled_profiles();
  auto& provider = mockgate::fuzz::arranged_provider(data[0] % profiles.size());
  auto& state = *provider.state;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string method(next_line(rest));
  std::string path(next_line(rest));
  if (const auto at = path.find("{id}"); at != std::string::npos) {
    path.replace(at, 4, provider.keys.front().record.id);
  }

  const auto r = call(state, method, std::string(core::kAdminPrefix) + path, std::string(rest));
  require(r.status >= 100 && r.status <= 599, "an admin answer's status in 100..599");
  require(r.body.empty() || mockgate::fuzz::is_dumpable_json(r.body), "an admin body is JSON");
  if (r.status == 201) {
    const auto j = nlohmann::json::parse(r.body);
    if (j.is_object() && j.contains("value") && j.at("value").is_string()) {
      provider.keys.push_back({{}, j.at("value").get<std::string>()});
    }
  }

  const auto keys = call(state, "GET", "/__mockgate/keys");
  require(keys.status == 200 && mockgate::fuzz::is_dumpable_json(keys.body),
          "GET keys answers JSON");
  for (const auto& k : provider.keys) {
    require(keys.body.find(k.value) == std::string::npos,
            "the key listing shows no cleartext value");
  }
  const auto journal = call(state, "GET", "/__mockgate/journal");
  require(journal.status == 200 && mockgate::fuzz::is_dumpable_json(journal.body),
          "GET journal answers JSON");
  return 0;
}
