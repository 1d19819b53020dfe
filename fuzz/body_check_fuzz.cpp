// Feeds request bodies to core::body_conforms, the send path's one-pass schema check, under each
// bundled profile's body schemas and one schema with every rule nested. Beyond "no crash" it
// asserts what body_check.hpp promises: the verdict is exactly that of nlohmann::json::parse
// succeeding and BodySchema::violation finding nothing.
// Input: byte 0 picks the schema; the rest is the body.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "core/body_check.hpp"
#include "fuzz_support.hpp"

namespace {

namespace core = mockgate::core;

core::BodySchema typed(const char* type) {
  core::BodySchema s;
  s.type = type;
  return s;
}

/// Every rule of the subset: required, properties, items, min_items, min_length, enum, types.
core::BodySchema every_rule() {
  auto s = typed("object");
  s.required = {"a", "n"};
  auto a = typed("string");
  a.min_length = 2;
  a.enum_values = {"ab", "\xC3\xA9\xE2\x82\xAC", "a\"b"};
  s.properties["a"] = a;
  s.properties["n"] = typed("integer");
  s.properties["f"] = typed("number");
  s.properties["b"] = typed("boolean");
  s.properties["any"] = core::BodySchema{};
  auto list = typed("array");
  list.min_items = 1;
  list.items = std::make_shared<core::BodySchema>(typed("string"));
  auto inner = typed("object");
  inner.required = {"x"};
  inner.properties["x"] = list;
  s.properties["o"] = inner;
  return s;
}

const std::vector<core::BodySchema>& schemas() {
  static const std::vector<core::BodySchema> all = [] {
    std::vector<core::BodySchema> out;
    for (const auto& profile : mockgate::fuzz::bundled_profiles()) {
      for (const auto& e : profile.endpoints) {
        if (e.body) out.push_back(*e.body);
      }
    }
    out.push_back(every_rule());
    out.push_back(core::BodySchema{});
    return out;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& schema = schemas()[data[0] % schemas().size()];
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  const bool by_tree = !parsed.is_discarded() && !schema.violation(parsed);
  mockgate::fuzz::require(core::body_conforms(schema, body) == by_tree,
                          "body_conforms agrees with parse + violation");
  return 0;
}
