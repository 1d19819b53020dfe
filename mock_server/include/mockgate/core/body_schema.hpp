// A small JSON-Schema subset for request bodies: enough for every documented send body.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mockgate::core {

/// type (object, array, string, number, integer, boolean), required, properties, items,
/// min_items, min_length, enum. Profiles write it in YAML under an endpoint's `body:`.
struct BodySchema {
  std::string type;  ///< empty: any type
  std::vector<std::string> required;
  std::map<std::string, BodySchema> properties;
  std::shared_ptr<BodySchema> items;
  std::optional<std::size_t> min_items;
  std::optional<std::size_t> min_length;
  std::vector<std::string> enum_values;

  /// nullopt when `value` conforms, else where and why it does not ("/messages/0/body: missing").
  std::optional<std::string> violation(const nlohmann::json& value,
                                       const std::string& where = "") const;
};

}  // namespace mockgate::core
