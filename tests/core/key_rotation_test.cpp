// Key rotation: the new key inherits every attribute of the old one, and rotation is one step
// that a concurrent reset or delete cannot split.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "mockgate/core/admin_api.hpp"
#include "support/test_support.hpp"

namespace core = mockgate::core;
using mockgate::testing::Fixture;

TEST_SUITE("key rotation") {
  TEST_CASE("a rotated key keeps its attributes (a traffic type), tier, scope, owner, user and expiry") {
    Fixture f("qlara");
    const auto expiry = core::parse_time("2027-01-01T00:00:00Z");
    const auto old_key = f.key({.env = "live",
                                .status = core::KeyStatus::Allowed,
                                .operations = std::vector<std::string>{"SMS"},
                                .owner = "acme",
                                .username = "bob",
                                .tier = "enterprise",
                                .attributes = {{"traffic_type", "PROMOTIONAL"}},
                                .expires_at = expiry});
    const auto rotated = f.state->rotate_key(old_key.record.id);
    const auto stored = f.state->key(rotated.record.id);
    REQUIRE(stored.has_value());
    for (const auto* k : {&rotated.record, &*stored}) {
      CHECK(k->attributes.at("traffic_type") == "PROMOTIONAL");
      CHECK(k->tier == "enterprise");
      CHECK(k->operations == std::vector<std::string>{"SMS"});
      CHECK(k->owner == "acme");
      CHECK(k->username == "bob");
      CHECK(k->env == "live");
      CHECK(k->expires_at == expiry);
      CHECK(k->rotated_from == old_key.record.id);
    }
    CHECK(rotated.value != old_key.value);
  }

  TEST_CASE("rotate, delete and reset racing each other leave a consistent store") {
    // Before: rotate_key dropped the lock between reading the old key and marking it, so a
    // reset in between left it writing through a dangling pointer (a crash, or an ASan report).
    Fixture f("lisoloo");
    std::atomic<bool> stop{false};
    std::atomic<int> rotations{0};
    const auto arrange = [&] {
      return f.state->create_key({.env = "live"}, "live").record.id;
    };
    std::thread rotator([&] {
      while (!stop) {
        std::string id;
        try {
          id = arrange();
          for (int i = 0; i < 5; ++i) {
            id = f.state->rotate_key(id).record.id;
            ++rotations;
          }
        } catch (const core::InvalidRequest& e) {
          CHECK(e.status() == 404);  // reset or delete got there first: the key is gone
        }
      }
    });
    std::thread deleter([&] {
      while (!stop) {
        for (const auto& k : f.state->keys()) {
          try {
            f.state->delete_key(k.id);
          } catch (const core::InvalidRequest& e) {
            CHECK(e.status() == 404);
          }
        }
      }
    });
    std::thread resetter([&] {
      while (!stop) f.state->reset();
    });
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
    while (std::chrono::steady_clock::now() < until) std::this_thread::yield();
    stop = true;
    rotator.join();
    deleter.join();
    resetter.join();
    // Every rotated key names a key that exists; the store never holds a half-made rotation.
    for (const auto& k : f.state->keys()) {
      if (!k.rotated_from.empty()) CHECK(f.state->key(k.rotated_from).has_value());
    }
    CHECK(rotations.load() >= 0);
  }

  TEST_CASE("PATCH of a key that a reset removes mid-call answers 404, never crashes") {
    Fixture f("lisoloo");
    const auto id = f.state->create_key({.env = "live"}, "live").record.id;
    f.state->reset();
    const auto r = core::handle_admin(
        *f.state,
        core::Request::make("PATCH", "/__mockgate/keys/" + id, {}, R"({"status":"locked"})"),
        "live", {});
    CHECK(r.status == 404);
  }
}
