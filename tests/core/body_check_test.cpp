// The one-pass body check against the tree it replaces: nlohmann::json::parse, then
// BodySchema::violation. Same verdict on every input, hand-picked edges and generated ones.
#include "core/body_check.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace core = mockgate::core;

namespace {

bool by_tree(const core::BodySchema& schema, std::string_view text) {
  const auto parsed = nlohmann::json::parse(text, nullptr, false);
  return !parsed.is_discarded() && !schema.violation(parsed);
}

std::string shown(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7f) {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

core::BodySchema of_type(std::string type) {
  core::BodySchema s;
  s.type = std::move(type);
  return s;
}

/// Every rule the schema subset has, nested.
core::BodySchema synthetic() {
  core::BodySchema s = of_type("object");
  s.required = {"a", "n"};
  auto a = of_type("string");
  a.min_length = 2;
  a.enum_values = {"ab", "\xC3\xA9\xE2\x82\xAC", "a\"b", std::string("n\0l", 3)};
  s.properties["a"] = a;
  s.properties["n"] = of_type("integer");
  s.properties["f"] = of_type("number");
  s.properties["b"] = of_type("boolean");
  s.properties["any"] = core::BodySchema{};
  s.properties["odd"] = of_type("date");
  auto inner = of_type("object");
  inner.required = {"x"};
  auto list = of_type("array");
  list.min_items = 1;
  list.items = std::make_shared<core::BodySchema>(of_type("string"));
  inner.properties["x"] = list;
  s.properties["o"] = inner;
  auto untyped = core::BodySchema{};
  untyped.min_items = 2;
  untyped.items = std::make_shared<core::BodySchema>(of_type("integer"));
  untyped.properties["k"] = of_type("string");
  untyped.required = {"k"};
  s.properties["u"] = untyped;
  return s;
}

std::vector<std::pair<std::string, core::BodySchema>> schemas() {
  std::vector<std::pair<std::string, core::BodySchema>> all;
  for (const std::string id : {"lisoloo", "agile-wholesale", "qlara"}) {
    for (const auto& e : mockgate::testing::profile(id).endpoints) {
      if (e.body) all.emplace_back(id + " " + e.method + " " + e.path, *e.body);
    }
  }
  all.emplace_back("synthetic", synthetic());
  all.emplace_back("top-level array", [] {
    auto s = of_type("array");
    s.items = std::make_shared<core::BodySchema>(synthetic());
    return s;
  }());
  all.emplace_back("anything", core::BodySchema{});
  return all;
}

/// Random documents near the schemas' names and JSON's edges, then some bytes changed.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string document() {
    std::string out;
    if (pick(20) == 0) out += "\xEF\xBB\xBF";
    value(out, 0);
    if (pick(4) == 0) out += " \n\t\r";
    if (pick(3) == 0) mutate(out);
    return out;
  }

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  template <std::size_t N>
  std::string_view any_of(const std::string_view (&options)[N]) {
    return options[pick(N)];
  }

  void space(std::string& out) {
    static constexpr std::string_view kSpaces[] = {"", "", "", " ", "\n", "\t ", "\r\n"};
    out += any_of(kSpaces);
  }

  void string(std::string& out) {
    static constexpr std::string_view kPieces[] = {
        "a", "b", "n", "x", "k", "o", "u", "f", "any", "odd", "to", "message", "phoneNumber", "operations", "SMS",
        "RCS", "\\u0061", "\\u00e9", "\xC3\xA9", "\xE2\x82\xAC", "\\u20ac", "\\\"", "\\\\", "\\/", "\\n", "\\t",
        "\\b", "\\f", "\\r", "\\ud83d\\ude00", "\xF0\x9F\x98\x80", "\\ud83d", "\\ude00", "\\ud83dx", "\\u12",
        "\\q", "\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "\x01", "\x7f", "\\u0000", "+393351234567", " "};
    out += '"';
    for (std::size_t n = pick(4); n > 0; --n) out += any_of(kPieces);
    if (pick(40) != 0) out += '"';
  }

  void number(std::string& out) {
    static constexpr std::string_view kNumbers[] = {
        "0", "-0", "1", "42", "-7", "3.5", "-0.25", "1e3", "1E+2", "2e-3", "1e400", "-1e400", "1e-400",
        "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
        "01", "1.", ".5", "-", "1e", "+1", "0x10", "1.5e308", "1.8e308", "9223372036854775807",
        "123456789012345678901234567890"};
    out += any_of(kNumbers);
  }

  void value(std::string& out, int depth) {
    space(out);
    const std::size_t kind = depth > 4 ? 2 + pick(4) : pick(7);
    switch (kind) {
      case 0: {
        out += '{';
        for (std::size_t n = pick(5), i = 0; i < n; ++i) {
          if (i > 0) out += ',';
          space(out);
          string(out);
          space(out);
          out += ':';
          value(out, depth + 1);
        }
        space(out);
        if (pick(30) != 0) out += '}';
        break;
      }
      case 1: {
        out += '[';
        for (std::size_t n = pick(4), i = 0; i < n; ++i) {
          if (i > 0) out += ',';
          value(out, depth + 1);
        }
        if (pick(30) != 0) out += ']';
        break;
      }
      case 2:
      case 3: string(out); break;
      case 4: number(out); break;
      default: {
        static constexpr std::string_view kWords[] = {"true", "false", "null", "tru", "nul", "True"};
        out += any_of(kWords);
      }
    }
    space(out);
  }

  void mutate(std::string& out) {
    static constexpr std::string_view kBytes[] = {"{", "}", "[", "]", ",", ":", "\"", "\\", " ", "0", "\0"};
    if (out.empty()) return;
    const auto at = pick(out.size());
    switch (pick(3)) {
      case 0: out.erase(at, 1); break;
      case 1: out.insert(at, any_of(kBytes)); break;
      default: out[at] = any_of(kBytes).front();
    }
  }

  std::mt19937 rng_;
};

}  // namespace

TEST_SUITE("body check") {
  TEST_CASE("hand-picked edges get the tree's verdict") {
    const std::vector<std::string> bodies = {
        R"({"to":"+393351234567","message":"Hello"})",
        R"({"to":"","message":"Hello"})",
        R"({"to":"x"})",
        R"({"to":5,"message":"m"})",
        R"({"to":5,"message":"m","to":"x"})",  // the last value of a name counts
        R"({"to":"x","message":"m","to":5})",
        R"({"t\u006f":"x","message":"m"})",    // an escaped name is the same name
        R"({"to":"x","message":"m","sender":7})",
        R"({"to":"x","message":"m","extra":{"deep":[[[[1]]]]}})",
        R"({"to":"x","message":"m"} )",
        R"({"to":"x","message":"m"} x)",
        "\xEF\xBB\xBF{\"to\":\"x\",\"message\":\"m\"}",
        "\xEF\xBB{\"to\":\"x\",\"message\":\"m\"}",
        "{\"to\":\"x\",\"message\":\"m\xFF\"}",
        "{\"to\":\"x\",\"message\":\"\\ud83d\"}",
        "{\"to\":\"x\",\"message\":\"\\ude00\"}",
        "{\"to\":\"x\",\"message\":\"\\ud83d\\ude00\"}",
        "{\"to\":\"x\",\"message\":\"tab\there\"}",
        "{\"to\":\"x\",\"message\":\"m\",\"n\":1e400}",
        "{\"to\":\"x\",\"message\":\"m\",\"n\":1e-400}",
        "{\"to\":\"x\",\"message\":\"m\",\"n\":1" + std::string(400, '0') + "}",
        R"({"a":"ab","n":18446744073709551615})",
        R"({"a":"ab","n":18446744073709551616})",
        R"({"a":"ab","n":-9223372036854775808})",
        R"({"a":"ab","n":-9223372036854775809})",
        R"({"a":"ab","n":-0})",
        R"({"a":"ab","n":1.0})",
        R"({"a":"\u00e9\u20ac","n":1})",
        R"({"a":"a\"b","n":1})",
        R"({"a":"n\u0000l","n":1})",
        R"({"a":"a","n":1})",
        R"({"a":"ab","n":1,"odd":"x"})",
        R"({"a":"ab","n":1,"o":{"x":[]}})",
        R"({"a":"ab","n":1,"o":{"x":["s"]}})",
        R"({"a":"ab","n":1,"o":{"x":["s",1]}})",
        R"({"a":"ab","n":1,"u":[1,2]})",
        R"({"a":"ab","n":1,"u":[1]})",
        R"({"a":"ab","n":1,"u":{"k":"v"}})",
        R"({"a":"ab","n":1,"u":{}})",
        R"({"a":"ab","n":1,"u":"text"})",
        R"({"operations":["SMS"]})",
        R"({"operations":[]})",
        R"({"operations":["FAX"]})",
        R"({"operations":"SMS"})",
        "",
        " ",
        "{",
        "}",
        "{}",
        "[]",
        "null",
        "{\"a\":\"ab\",\"n\":1,\"any\":" + std::string(100000, '[') + std::string(100000, ']') + "}",
        "{\"a\":\"ab\",\"n\":1,\"any\":" + std::string(100000, '[') + "}",
        std::string("{\"to\":\"x\",\"message\":\"m\"}\0", 26),
    };
    for (const auto& [name, schema] : schemas()) {
      for (const auto& body : bodies) {
        CHECK_MESSAGE(core::body_conforms(schema, body) == by_tree(schema, body), name << ": " << shown(body));
      }
    }
  }

  TEST_CASE("generated documents get the tree's verdict") {
    const auto all = schemas();
    Generator generate(20261203);
    std::size_t accepted = 0;
    for (int i = 0; i < 20000; ++i) {
      const auto body = generate.document();
      for (const auto& [name, schema] : all) {
        const bool expected = by_tree(schema, body);
        accepted += expected ? 1 : 0;
        if (core::body_conforms(schema, body) != expected) {
          FAIL_CHECK(name << ": " << shown(body) << " expected " << expected);
        }
      }
    }
    CHECK(accepted > 1000);  // the generator reaches accepted documents, not only broken ones
  }
}
