// Strict YAML reading: every value read through here knows its file:line:col for errors.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "mockgate/input_error.hpp"
#include "mockgate/server/yaml_limits.hpp"

namespace mockgate::server {

/// A parsed YAML file with its text, for marks with source lines.
class YamlDocument {
 public:
  /// Reads and parses `path`; throws InputError naming the file when it cannot: not a
  /// regular file (checked first, so a FIFO or a directory never blocks or is misread), over
  /// `limits`, or not one well-formed YAML document whose mappings give each key once.
  static std::shared_ptr<const YamlDocument> load_file(const std::string& path,
                                                       const YamlLimits& limits = kYamlLimits);
  /// The same checks on text already in memory, reported under `name`.
  static std::shared_ptr<const YamlDocument> load_text(const std::string& name, const std::string& text,
                                                       const YamlLimits& limits = kYamlLimits);

  const std::string& name() const { return name_; }
  const YAML::Node& root() const { return root_; }
  SourceMark mark(const YAML::Mark& m) const;

 private:
  std::string name_;
  std::vector<std::string> lines_;
  YAML::Node root_;
};

/// A node with its document and the mark to blame when it is missing (its parent's).
class YamlNode {
 public:
  YamlNode(std::shared_ptr<const YamlDocument> doc, YAML::Node node, std::string path,
           YAML::Mark fallback);
  static YamlNode root(std::shared_ptr<const YamlDocument> doc);

  const std::string& path() const { return path_; }
  SourceMark mark() const;
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_null() const { return !node_.IsDefined() || node_.IsNull(); }
  const YAML::Node& raw() const { return node_; }

  /// Throws unless this is a map whose keys are all in `allowed`.
  const YamlNode& expect_keys(const std::vector<std::string>& allowed) const;
  bool has(const std::string& key) const;
  YamlNode required(const std::string& key) const;
  std::optional<YamlNode> optional(const std::string& key) const;
  /// Entries of a map, in file order (key text, key mark via `key_mark`).
  std::vector<std::pair<std::string, YamlNode>> entries() const;
  std::vector<YamlNode> items() const;
  /// Where the key `key` of this map is written (for errors about the key itself).
  SourceMark key_mark(const std::string& key) const;

  std::string as_string() const;
  long long as_int(long long min, long long max) const;
  bool as_bool() const;
  std::vector<std::string> as_string_list() const;
  /// Any YAML value as JSON (scalars typed as YAML 1.2 core schema reads them).
  nlohmann::ordered_json as_json() const;

  InputError error(const std::string& message) const;

 private:
  /// A map key's text; a key that is itself a list or a map is an InputError at the key.
  std::string key_text(const YAML::Node& key) const;

  std::shared_ptr<const YamlDocument> doc_;
  YAML::Node node_;
  std::string path_;
  YAML::Mark fallback_;
};

}  // namespace mockgate::server
