// YAML reading with marks: yaml-cpp's marks are 0-based, ours 1-based; a missing key has no
// mark of its own, so it is reported at its parent's.
#include "profile/yaml_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "yaml_structure_check.hpp"

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

std::string size_text(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

InputError too_large(const std::string& name, std::size_t bytes, const YamlLimits& limits) {
  return InputError(SourceMark{name, 0, 0, {}},
                    "the file is " + std::to_string(bytes) + " bytes; a YAML file may have at most " +
                        size_text(limits.max_file_bytes));
}

InputError unreadable(const std::string& path, const std::string& why) {
  return InputError(SourceMark{path, 0, 0, {}}, "cannot read the file: " + why);
}

/// Why `st` is no file to read, or "" for a regular file. Anything else could block a read
/// (a FIFO with no writer, a terminal) or never end (a character device).
std::string not_regular(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return "";
  if (S_ISDIR(st.st_mode)) return "it is a directory";
  if (S_ISFIFO(st.st_mode)) return "it is a FIFO (named pipe), not a regular file";
  if (S_ISSOCK(st.st_mode)) return "it is a socket, not a regular file";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "it is a device, not a regular file";
  return "it is not a regular file";
}

std::string stat_failure(const std::string& path, int err) {
  if (err == ELOOP) return "its symbolic links loop";
  if (err == ENOENT) {
    struct stat link {};
    if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      return "it is a symbolic link to nothing (dangling)";
    }
    return "no such file";
  }
  return std::strerror(err);
}

/// The whole file, refused before a byte is read when it is not a regular file or is larger
/// than the limit. The type is checked before open (a FIFO's open would wait for a writer)
/// and again on the open descriptor, in case the path changed in between; O_NONBLOCK makes
/// even that open return at once.
std::string read_regular_file(const std::string& path, const YamlLimits& limits) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw unreadable(path, stat_failure(path, errno));
  if (const auto why = not_regular(st); !why.empty()) throw unreadable(path, why);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) throw unreadable(path, stat_failure(path, errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0) throw unreadable(path, std::strerror(errno));
  if (const auto why = not_regular(st); !why.empty()) throw unreadable(path, why);
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > limits.max_file_bytes) throw too_large(path, size, limits);
  // Read to the limit and one byte past it: a file that grew since fstat is still bounded.
  std::string text(std::min(size, limits.max_file_bytes) + 1, '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > limits.max_file_bytes) throw too_large(path, got, limits);
      text.resize(std::min(text.size() * 2, limits.max_file_bytes + 1));
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw unreadable(path, std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

}  // namespace

std::shared_ptr<const YamlDocument> YamlDocument::load_text(const std::string& name,
                                                            const std::string& text,
                                                            const YamlLimits& limits) {
  if (text.size() > limits.max_file_bytes) throw too_large(name, text.size(), limits);
  auto doc = std::make_shared<YamlDocument>();
  doc->name_ = name;
  doc->lines_ = split_lines(text);
  try {
    // Refuses what the tree would hide or pay dearly for, before the tree is built.
    detail::check_structure(text, limits, [&](const YAML::Mark& m) { return doc->mark(m); });
    doc->root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(doc->mark(e.mark), "YAML syntax error: " + e.msg);
  }
  return doc;
}

std::shared_ptr<const YamlDocument> YamlDocument::load_file(const std::string& path,
                                                            const YamlLimits& limits) {
  return load_text(path, read_regular_file(path, limits), limits);
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
