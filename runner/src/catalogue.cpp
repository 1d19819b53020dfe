// Catalogue loading: unique, well-formed IDs with every field present.
#include "mockgate/runner/catalogue.hpp"

#include <filesystem>
#include <regex>

#include "profile/yaml_reader.hpp"

namespace mockgate::runner {

std::set<std::string> Catalogue::ids() const {
  std::set<std::string> out;
  for (const auto& b : behaviours) out.insert(b.id);
  return out;
}

std::set<std::string> Catalogue::should_ids() const {
  std::set<std::string> out;
  for (const auto& b : behaviours) {
    if (b.level == "should") out.insert(b.id);
  }
  return out;
}

std::map<std::string, std::string> Catalogue::rules() const {
  std::map<std::string, std::string> out;
  for (const auto& b : behaviours) out[b.id] = b.rule.empty() ? b.statement : b.rule;
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
    item.expect_keys({"id", "provider", "statement", "source", "kind", "rule", "silent", "level"});
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
    if (auto rule = item.optional("rule")) b.rule = rule->as_string();
    if (auto silent = item.optional("silent")) b.silent = silent->as_string();
    if (auto level = item.optional("level")) {
      b.level = level->as_string();
      if (b.level != "must" && b.level != "should") {
        throw InputError::unknown_name(level->mark(), "level", b.level, {"must", "should"});
      }
    }
    // What a client is judged on must be traceable to the documents (or say they are silent).
    if (b.provider == "client" && (b.rule.empty() || b.silent.empty())) {
      throw item.error("client behaviour '" + b.id + "' needs a rule (the documents' words) and silent (what is accepted where they say nothing)");
    }
    c.behaviours.push_back(b);
  }
  return c;
}

}  // namespace mockgate::runner
