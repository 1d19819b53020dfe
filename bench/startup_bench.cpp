// In-process start-up: MockServer construction + start → first answer → stop, the cost a C++
// test suite pays per test that uses a fresh mock. Median of many rounds, plain and TLS.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "mockgate/server/mock_server.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace {

double median_ms(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double round_trip_ms(const mockgate::core::Profile& profile, bool tls) {
  const auto t0 = std::chrono::steady_clock::now();
  mockgate::ServerOptions options;
  options.tls = tls;
  mockgate::MockServer server(profile, options);
  server.start();
  httplib::Client client(server.url("live"));
  if (tls) client.set_ca_cert_path(server.ca_file().c_str());
  const auto res = client.Get("/__mockgate/health");
  if (!res || res->status != 200) std::fprintf(stderr, "no answer\n");
  client.stop();
  server.stop();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "scenarios/providers";
  const auto profile = mockgate::server::load_profile(dir + "/lisoloo.yaml");
  constexpr int kRounds = 100;
  for (const bool tls : {false, true}) {
    (void)round_trip_ms(profile, tls);  // the first TLS round makes the process's CA
    std::vector<double> samples;
    for (int i = 0; i < kRounds; ++i) samples.push_back(round_trip_ms(profile, tls));
    std::printf("in-process MockServer start -> first answer -> stop (%s): median %.2f ms over %d rounds\n",
                tls ? "TLS" : "plain", median_ms(samples), kRounds);
  }
  return 0;
}
