// Catalogue loading: unique, well-formed IDs with every field present.
#include "mockgate/runner/catalogue.hpp"

#include <filesystem>
#include <regex>

#include "mockgate/server/yaml_reader.hpp"

namespace mockgate::runner {

std::set<std::string> Catalogue::ids() const {
  std::set<std::string> out;
  for (const auto& b : behaviours) out.insert(b.id);
  return out;
}

bool is_catalogue_file(const std::string& path) {
  return std::filesystem::path(path).filename() == "catalogue.yaml";
}

Catalogue load_catalogue(const std::string& path) {
  using server::YamlNode;
  const auto root = YamlNode::root(server::YamlDocument::load_file(path));
  root.expect_keys({"behaviours"});
  static const std::regex kId("^[A-Z]+(-[A-Z0-9]+)+$");
  Catalogue c;
  c.file = path;
  for (const auto& item : root.required("behaviours").items()) {
    item.expect_keys({"id", "provider", "statement", "source", "kind"});
    Behaviour b;
    b.id = item.required("id").as_string();
    if (!std::regex_match(b.id, kId)) throw item.required("id").error("'" + b.id + "' is not a behaviour ID such as LIS-401-EMPTY");
    for (const auto& other : c.behaviours) {
      if (other.id == b.id) throw item.required("id").error("behaviour '" + b.id + "' is listed twice");
    }
    b.provider = item.required("provider").as_string();
    b.statement = item.required("statement").as_string();
    b.source = item.required("source").as_string();
    const auto kind = item.required("kind");
    b.kind = kind.as_string();
    if (b.kind != "documented" && b.kind != "chosen") {
      throw InputError::unknown_name(kind.mark(), "kind", b.kind, {"documented", "chosen"});
    }
    c.behaviours.push_back(b);
  }
  return c;
}

}  // namespace mockgate::runner
