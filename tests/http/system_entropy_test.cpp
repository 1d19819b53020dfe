// The server's randomness: buffered draws must still hand every byte out once, to any thread.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/system_entropy.hpp"
#include "mockgate/core/entropy.hpp"

namespace {

using mockgate::server::SystemEntropy;

}  // namespace

TEST_SUITE("system entropy") {
  TEST_CASE("uuids drawn from the buffer never repeat, across refills") {
    SystemEntropy entropy;
    std::set<std::string> seen;
    for (int i = 0; i < 5000; ++i) seen.insert(mockgate::core::random_uuid(entropy));  // ~78 refills
    CHECK(seen.size() == 5000);
  }

  TEST_CASE("draws of every size are filled, and no two are alike") {
    SystemEntropy entropy;
    std::set<std::string> seen;
    for (const std::size_t size : {1u, 15u, 16u, 255u, 256u, 257u, 1023u, 1024u, 5000u}) {
      for (int round = 0; round < 3; ++round) {
        const auto bytes = mockgate::core::random_bytes(entropy, size);
        REQUIRE(bytes.size() == size);
        if (size >= 16) CHECK(bytes != std::string(size, '\0'));
        if (size >= 15) CHECK(seen.insert(bytes).second);
      }
    }
  }

  TEST_CASE("threads sharing one source get distinct values") {
    SystemEntropy entropy;
    constexpr int kThreads = 4;
    constexpr int kEach = 2000;
    std::vector<std::vector<std::string>> drawn(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&entropy, &mine = drawn[static_cast<std::size_t>(t)]] {
        for (int i = 0; i < kEach; ++i) mine.push_back(mockgate::core::random_uuid(entropy));
      });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> all;
    for (const auto& mine : drawn) all.insert(mine.begin(), mine.end());
    CHECK(all.size() == static_cast<std::size_t>(kThreads * kEach));
  }
}
