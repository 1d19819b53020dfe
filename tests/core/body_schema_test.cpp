// Request-body schemas: the shipped send bodies, and each keyword of the subset on its own.
#include "mockgate/core/body_schema.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "support/test_support.hpp"

namespace core = mockgate::core;
using nlohmann::json;

namespace {

/// The body schema of the first endpoint of `provider` with one.
core::BodySchema send_schema(const std::string& provider) {
  for (const auto& e : mockgate::testing::profile(provider).endpoints) {
    if (e.body) return *e.body;
  }
  FAIL("no endpoint with a body schema in " << provider);
  return {};
}

std::optional<std::string> violation(const core::BodySchema& s, const char* text) {
  return s.violation(json::parse(text));
}

}  // namespace

TEST_SUITE("body_schema") {
  TEST_CASE("Qlara's documented send body conforms, and each defect is named") {
    const auto s = send_schema("qlara");
    CHECK_FALSE(
        violation(s, R"({"phoneNumber": "+393901234567", "message": "Hello from Qlara!"})"));
    CHECK(violation(s, R"({"message": "Hi"})") == "/phoneNumber: missing");
    CHECK(violation(s, R"({"phoneNumber": "+39"})") == "/message: missing");
    CHECK(violation(s, R"({"phoneNumber": "+39", "message": ""})") == "/message: too short");
    CHECK(violation(s, R"({"phoneNumber": 393901234567, "message": "Hi"})") ==
          "/phoneNumber: expected string");
    CHECK(violation(s, R"([])") == "/: expected object");
  }

  TEST_CASE("Agile wholesale's documented send body conforms, and each defect is named") {
    const auto s = send_schema("agile-wholesale");
    CHECK_FALSE(violation(
        s,
        R"({"messages": [{"destinations": ["+393351234567"], "sender": "Agile", "body": "Hi"}]})"));
    CHECK_FALSE(violation(s, R"({"messages": [{"destinations": ["+39"], "body": "Hi"}]})"));
    CHECK(violation(s, R"({})") == "/messages: missing");
    CHECK(violation(s, R"({"messages": []})") == "/messages: too few items");
    CHECK(violation(s, R"({"messages": {}})") == "/messages: expected array");
    CHECK(violation(s, R"({"messages": [{"body": "Hi"}]})") == "/messages/0/destinations: missing");
    CHECK(violation(s, R"({"messages": [{"destinations": [], "body": "Hi"}]})") ==
          "/messages/0/destinations: too few items");
    CHECK(violation(s, R"({"messages": [{"destinations": [""], "body": "Hi"}]})") ==
          "/messages/0/destinations/0: too short");
    CHECK(violation(s, R"({"messages": [{"destinations": ["+39"]}]})") ==
          "/messages/0/body: missing");
    CHECK(violation(s, R"({"messages": [{"destinations": ["+39"], "body": "a"},)"
                       R"( {"destinations": ["+39"]}]})") == "/messages/1/body: missing");
    CHECK(violation(s, R"({"messages": [{"destinations": ["+39"], "body": "a", "sender": 7}]})") ==
          "/messages/0/sender: expected string");
  }

  TEST_CASE("Lisoloo's chosen send body needs a non-empty to and message") {
    const auto s = send_schema("lisoloo");
    CHECK_FALSE(violation(s, R"({"to": "+393351234567", "message": "Hello"})"));
    CHECK(violation(s, R"({"message": "Hello"})") == "/to: missing");
    CHECK(violation(s, R"({"to": "", "message": "Hello"})") == "/to: too short");
  }

  TEST_CASE("a schema without a type accepts any value") {
    const core::BodySchema any;
    for (const auto* text : {"null", "1", "\"x\"", "[]", "{}", "true"}) {
      CAPTURE(text);
      CHECK_FALSE(violation(any, text));
    }
  }

  TEST_CASE("each type keyword accepts exactly its JSON type") {
    core::BodySchema s;
    s.type = "integer";
    CHECK_FALSE(violation(s, "3"));
    CHECK(violation(s, "3.5") == "/: expected integer");
    s.type = "number";
    CHECK_FALSE(violation(s, "3.5"));
    CHECK_FALSE(violation(s, "3"));
    CHECK(violation(s, "\"3\"") == "/: expected number");
    s.type = "boolean";
    CHECK_FALSE(violation(s, "false"));
    CHECK(violation(s, "0") == "/: expected boolean");
    s.type = "string";
    CHECK(violation(s, "null") == "/: expected string");
  }

  TEST_CASE("enum and min_length constrain strings") {
    core::BodySchema s;
    s.type = "string";
    s.enum_values = {"SMS", "RCS", "WHATSAPP"};
    CHECK_FALSE(violation(s, "\"RCS\""));
    CHECK(violation(s, "\"MMS\"") == "/: not one of the allowed values");
    s.enum_values.clear();
    s.min_length = 3;
    CHECK_FALSE(violation(s, "\"abc\""));
    CHECK(violation(s, "\"ab\"") == "/: too short");
  }

  TEST_CASE("items and min_items constrain arrays at every index") {
    core::BodySchema s;
    s.type = "array";
    s.min_items = 1;
    s.items = std::make_shared<core::BodySchema>();
    s.items->type = "string";
    CHECK_FALSE(violation(s, R"(["a", "b"])"));
    CHECK(violation(s, "[]") == "/: too few items");
    CHECK(violation(s, R"(["a", 2])") == "/1: expected string");
  }

  TEST_CASE("properties that are not required are checked only when present") {
    core::BodySchema s;
    s.type = "object";
    core::BodySchema sender;
    sender.type = "string";
    s.properties.emplace("sender", sender);
    CHECK_FALSE(violation(s, "{}"));
    CHECK_FALSE(violation(s, R"({"sender": "Agile", "extra": 1})"));
    CHECK(violation(s, R"({"sender": null})") == "/sender: expected string");
  }
}
