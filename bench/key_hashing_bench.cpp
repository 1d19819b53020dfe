// Key hashing cost per authentication: SHA-256 (the default) against Argon2id (document 004's
// gateway), measured in one run so that only the ratio counts (absolute numbers drift here).
// Measures both the bare verify and a whole authenticated request through the core pipeline.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "mockgate/core/key_hasher.hpp"
#include "mockgate/core/provider_state.hpp"
#include "mockgate/server/profile_loader.hpp"

namespace {

using Clock = std::chrono::steady_clock;

class RealTime final : public mockgate::core::TimeSource {
 public:
  mockgate::core::SystemTime system_now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
  mockgate::core::SteadyTime steady_now() const override { return Clock::now(); }
};

class CounterEntropy final : public mockgate::core::Entropy {
 public:
  void fill(std::uint8_t* out, std::size_t size) override {
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(state_ = state_ * 6364136223846793005ull + 1442695040888963407ull) ;
  }

 private:
  std::uint64_t state_ = 42;
};

/// Median-free but steady: repeats `fn` until `budget` has passed, returns ns per call.
template <typename Fn>
double ns_per_call(Fn&& fn, std::chrono::milliseconds budget) {
  std::size_t calls = 0;
  const auto start = Clock::now();
  auto now = start;
  while (now - start < budget) {
    for (int i = 0; i < 16; ++i) fn();
    calls += 16;
    now = Clock::now();
  }
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - start).count()) /
         static_cast<double>(calls);
}

double request_cost(const std::string& profile_text, std::chrono::milliseconds budget) {
  RealTime time;
  CounterEntropy entropy;
  mockgate::core::ProviderState state(mockgate::server::load_profile_text("bench.yaml", profile_text), time, entropy,
                                      {.locale = "", .journal_capacity = 1000, .now = std::nullopt});
  const auto key = state.create_key({.env = "live"}, "live");
  const auto request = mockgate::core::Request::make("GET", "/api/v1/lisoloo/sms-api/balance", {{"app-key", key.value}});
  return ns_per_call([&] { (void)state.handle(request, "live"); }, budget);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string profiles = argc > 1 ? argv[1] : "scenarios/providers";
  std::ifstream in(profiles + "/lisoloo.yaml");
  const std::string lisoloo(std::istreambuf_iterator<char>(in), {});
  if (lisoloo.empty()) {
    std::fprintf(stderr, "usage: %s [PROFILE_DIR]  (cannot read %s/lisoloo.yaml)\n", argv[0], profiles.c_str());
    return 2;
  }
  const std::string argon2 = "hash: {algorithm: argon2id, memory_kib: 19456, iterations: 2, parallelism: 1}\n";
  const auto budget = std::chrono::milliseconds(1500);

  mockgate::core::HashSpec argon_spec;
  argon_spec.algorithm = mockgate::core::HashAlgorithm::Argon2id;
  const auto sha = mockgate::core::hash_secret("sk_live_0123456789abcdefghijABCDEFGHIJKL", "0123456789abcdef");
  const auto arg = mockgate::core::hash_secret("sk_live_0123456789abcdefghijABCDEFGHIJKL", "0123456789abcdef", argon_spec);
  const double sha_verify = ns_per_call([&] { (void)mockgate::core::verify_secret(sha, "sk_live_0123456789abcdefghijABCDEFGHIJKL"); }, budget);
  const double arg_verify = ns_per_call([&] { (void)mockgate::core::verify_secret(arg, "sk_live_0123456789abcdefghijABCDEFGHIJKL"); }, budget);
  const double sha_request = request_cost(lisoloo, budget);
  const double arg_request = request_cost(argon2 + lisoloo, budget);

  std::printf("key hashing cost (one run; compare ratios, not absolutes)\n");
  std::printf("%-34s %14s %14s\n", "", "sha256", "argon2id");
  std::printf("%-34s %11.1f us %11.1f us\n", "verify one key", sha_verify / 1000, arg_verify / 1000);
  std::printf("%-34s %11.1f us %11.1f us\n", "authenticated request (core)", sha_request / 1000, arg_request / 1000);
  std::printf("argon2id / sha256: verify %.0fx, request %.0fx (m=19456 KiB, t=2, p=1)\n",
              arg_verify / sha_verify, arg_request / sha_request);
  return 0;
}
