// YAML reading with marks: yaml-cpp's marks are 0-based, ours 1-based; a missing key has no
// mark of its own, so it is reported at its parent's.
#include "mockgate/server/yaml_reader.hpp"

#include <fstream>
#include <sstream>

namespace mockgate::server {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

nlohmann::ordered_json scalar_json(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted: always a string
  if (s == "null" || s == "~" || s.empty()) return nullptr;
  if (s == "true") return true;
  if (s == "false") return false;
  long long i = 0;
  if (YAML::convert<long long>::decode(n, i) && s.find_first_not_of("-+0123456789") == std::string::npos) {
    return i;
  }
  double d = 0;
  if (s.find_first_not_of("-+0123456789.eE") == std::string::npos && YAML::convert<double>::decode(n, d)) {
    return d;
  }
  return s;
}

}  // namespace

std::shared_ptr<const YamlDocument> YamlDocument::load_text(const std::string& name,
                                                            const std::string& text) {
  auto doc = std::make_shared<YamlDocument>();
  doc->name_ = name;
  doc->lines_ = split_lines(text);
  try {
    doc->root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(doc->mark(e.mark), "YAML syntax error: " + e.msg);
  }
  return doc;
}

std::shared_ptr<const YamlDocument> YamlDocument::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourceMark{path, 0, 0, {}}, "cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_text(path, text.str());
}

SourceMark YamlDocument::mark(const YAML::Mark& m) const {
  SourceMark out{name_, 0, 0, {}};
  if (m.line < 0) return out;
  out.line = m.line + 1;
  out.column = m.column + 1;
  const auto idx = static_cast<std::size_t>(m.line);
  if (idx < lines_.size()) out.source_line = lines_[idx];
  return out;
}

YamlNode::YamlNode(std::shared_ptr<const YamlDocument> doc, YAML::Node node, std::string path,
                   YAML::Mark fallback)
    : doc_(std::move(doc)), node_(std::move(node)), path_(std::move(path)), fallback_(fallback) {}

YamlNode YamlNode::root(std::shared_ptr<const YamlDocument> doc) {
  YAML::Mark start;
  start.line = 0;
  start.column = 0;
  auto node = doc->root();
  return YamlNode(std::move(doc), node, "", start);
}

SourceMark YamlNode::mark() const {
  if (node_.IsDefined() && node_.Mark().line >= 0) return doc_->mark(node_.Mark());
  return doc_->mark(fallback_);
}

InputError YamlNode::error(const std::string& message) const { return InputError(mark(), message); }

std::string YamlNode::key_text(const YAML::Node& key) const {
  // YAML allows any node as a key ("[a]: b", "? {x: 1}"); as<std::string> would throw
  // yaml-cpp's own exception for those, past every caller's InputError handling.
  if (!key.IsScalar()) {
    throw InputError::wrong_type(doc_->mark(key.Mark()), path_.empty() ? "document" : path_,
                                 "a mapping whose keys are strings");
  }
  return key.Scalar();
}

const YamlNode& YamlNode::expect_keys(const std::vector<std::string>& allowed) const {
  if (!node_.IsMap()) throw InputError::wrong_type(mark(), path_.empty() ? "document" : path_, "a mapping");
  for (const auto& kv : node_) {
    const auto key = key_text(kv.first);
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == key;
    if (!ok) throw InputError::unknown_key(doc_->mark(kv.first.Mark()), key, allowed);
  }
  return *this;
}

bool YamlNode::has(const std::string& key) const {
  return node_.IsMap() && node_[key].IsDefined();
}

YamlNode YamlNode::required(const std::string& key) const {
  if (!node_.IsMap()) throw InputError::wrong_type(mark(), path_.empty() ? "document" : path_, "a mapping");
  const YAML::Node child = node_[key];
  if (!child.IsDefined()) {
    throw InputError::missing_field(mark(), path_.empty() ? key : child_path(path_, key));
  }
  return YamlNode(doc_, child, child_path(path_, key), node_.Mark());
}

std::optional<YamlNode> YamlNode::optional(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return YamlNode(doc_, node_[key], child_path(path_, key), node_.Mark());
}

std::vector<std::pair<std::string, YamlNode>> YamlNode::entries() const {
  if (!node_.IsMap()) throw InputError::wrong_type(mark(), path_, "a mapping");
  std::vector<std::pair<std::string, YamlNode>> out;
  for (const auto& kv : node_) {
    const auto key = key_text(kv.first);
    out.emplace_back(key, YamlNode(doc_, kv.second, child_path(path_, key), kv.first.Mark()));
  }
  return out;
}

SourceMark YamlNode::key_mark(const std::string& key) const {
  if (node_.IsMap()) {
    for (const auto& kv : node_) {
      if (kv.first.Scalar() == key) return doc_->mark(kv.first.Mark());
    }
  }
  return mark();
}

std::vector<YamlNode> YamlNode::items() const {
  if (!node_.IsSequence()) throw InputError::wrong_type(mark(), path_, "a list");
  std::vector<YamlNode> out;
  std::size_t i = 0;
  for (const auto& item : node_) {
    out.emplace_back(doc_, item, path_ + "[" + std::to_string(i++) + "]", node_.Mark());
  }
  return out;
}

std::string YamlNode::as_string() const {
  if (!node_.IsScalar()) throw InputError::wrong_type(mark(), path_, "a string");
  return node_.Scalar();
}

long long YamlNode::as_int(long long min, long long max) const {
  long long v = 0;
  if (!node_.IsScalar() || !YAML::convert<long long>::decode(node_, v)) {
    throw InputError::wrong_type(mark(), path_, "a whole number");
  }
  if (v < min || v > max) {
    throw InputError::invalid_value(mark(), path_, "must be between " + std::to_string(min) +
                                                       " and " + std::to_string(max));
  }
  return v;
}

bool YamlNode::as_bool() const {
  bool v = false;
  if (!node_.IsScalar() || !YAML::convert<bool>::decode(node_, v)) {
    throw InputError::wrong_type(mark(), path_, "true or false");
  }
  return v;
}

std::vector<std::string> YamlNode::as_string_list() const {
  if (!node_.IsSequence()) throw InputError::wrong_type(mark(), path_, "a list of strings");
  std::vector<std::string> out;
  for (const auto& item : items()) out.push_back(item.as_string());
  return out;
}

nlohmann::ordered_json YamlNode::as_json() const {
  if (!node_.IsDefined() || node_.IsNull()) return nullptr;
  if (node_.IsScalar()) return scalar_json(node_);
  if (node_.IsSequence()) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& item : items()) arr.push_back(item.as_json());
    return arr;
  }
  nlohmann::ordered_json obj = nlohmann::ordered_json::object();
  for (const auto& [k, v] : entries()) obj[k] = v.as_json();
  return obj;
}

}  // namespace mockgate::server
