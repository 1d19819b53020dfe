// One pass over yaml-cpp's parse events, before any tree exists: what YAML::Load would hide
// (a second document, the second of two equal keys) or pay for (alias expansion) is refused here.
#include "yaml_structure_check.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace mockgate::server::detail {
namespace {

/// What an alias stands for: counted once when its anchor's node ends, then reused, so the
/// budget check costs the same for an alias of a huge node as for one of a scalar.
struct Anchored {
  std::string name;
  bool open = true;  ///< the node is still being read: an alias of it would make a cycle
  std::size_t nodes = 0;
  std::size_t height = 0;  ///< collection levels in it (0 for a scalar)
  std::optional<std::string> scalar;
};

struct Frame {
  bool is_map = false;
  bool expecting_key = true;  ///< in a map: the next node is a key (else its value)
  YAML::anchor_t anchor = YAML::NullAnchor;
  std::size_t nodes_before = 0;
  std::size_t height = 1;
  std::map<std::string, YAML::Mark> keys;  ///< each key and where it was first given
};

class StructureCheck : public YAML::EventHandler {
 public:
  StructureCheck(const YamlLimits& limits, const MarkOf& mark_of) : limits_(limits), mark_of_(mark_of) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      throw InputError(mark_of_(mark), "a second YAML document: a file holds one (remove the '---' and what follows, or split the file)");
    }
  }
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    leaf(mark, anchor, std::nullopt);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    leaf(mark, anchor, value);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) return;  // yaml-cpp refuses unknown anchors itself
    const Anchored& a = it->second;
    const std::string shown = a.name.empty() ? "this alias" : "alias '*" + a.name + "'";
    if (a.open) {
      throw InputError(mark_of_(mark), shown + " names a node that contains it, which would never end");
    }
    if (a.scalar) note_key(mark, *a.scalar);
    else consume_slot();
    add_nodes(mark, a.nodes, shown);
    if (stack_.size() + a.height > limits_.max_depth) too_deep(mark);
    if (!stack_.empty()) stack_.back().height = std::max(stack_.back().height, a.height + 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

 private:
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, const std::optional<std::string>& value) {
    if (value) note_key(mark, *value);
    else consume_slot();  // a null key is left for the tree reader, which refuses it by path
    add_nodes(mark, 1, "this node");
    if (anchor != YAML::NullAnchor) {
      Anchored a{take_name(), false, 1, 0, value};
      anchors_[anchor] = std::move(a);
    }
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
    consume_slot();  // a list or mapping as a key is left for the tree reader
    add_nodes(mark, 1, "this node");
    if (stack_.size() + 1 > limits_.max_depth) too_deep(mark);
    Frame f;
    f.is_map = is_map;
    f.anchor = anchor;
    f.nodes_before = nodes_ - 1;
    stack_.push_back(std::move(f));
    if (anchor != YAML::NullAnchor) anchors_[anchor] = Anchored{take_name(), true, 0, 0, std::nullopt};
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.anchor != YAML::NullAnchor) {
      auto& a = anchors_[f.anchor];
      a.open = false;
      a.nodes = nodes_ - f.nodes_before;
      a.height = f.height;
    }
    if (!stack_.empty()) stack_.back().height = std::max(stack_.back().height, f.height + 1);
  }

  /// A scalar in a key's place: refused if this mapping has it already.
  void note_key(const YAML::Mark& mark, const std::string& key) {
    if (stack_.empty() || !stack_.back().is_map) return;
    Frame& f = stack_.back();
    const bool is_key = f.expecting_key;
    f.expecting_key = !f.expecting_key;
    if (!is_key) return;
    const auto [it, added] = f.keys.emplace(key, mark);
    if (!added) {
      throw InputError(mark_of_(mark), "duplicate key '" + key + "': first given at line " +
                                           std::to_string(it->second.line + 1) + ", column " +
                                           std::to_string(it->second.column + 1) +
                                           " (a mapping may give a key once)");
    }
  }

  /// Any other node takes the next key or value place of the mapping it is in.
  void consume_slot() {
    if (!stack_.empty() && stack_.back().is_map) stack_.back().expecting_key = !stack_.back().expecting_key;
  }

  void add_nodes(const YAML::Mark& mark, std::size_t n, const std::string& at) {
    nodes_ += n;
    if (nodes_ > limits_.max_nodes) {
      throw InputError(mark_of_(mark), "more than " + std::to_string(limits_.max_nodes) +
                                           " YAML nodes, the most a file may have (each alias "
                                           "counts as the whole node it names); reached at " + at);
    }
  }

  [[noreturn]] void too_deep(const YAML::Mark& mark) const {
    throw InputError(mark_of_(mark), "lists and mappings nested more than " +
                                         std::to_string(limits_.max_depth) +
                                         " levels deep, the most a file may have");
  }

  std::string take_name() {
    std::string name = std::move(pending_name_);
    pending_name_.clear();
    return name;
  }

  const YamlLimits& limits_;
  const MarkOf& mark_of_;
  int documents_ = 0;
  std::size_t nodes_ = 0;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::string pending_name_;
};

}  // namespace

void check_structure(const std::string& text, const YamlLimits& limits, const MarkOf& mark_of) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  StructureCheck check(limits, mark_of);
  while (parser.HandleNextDocument(check)) {
  }
}

}  // namespace mockgate::server::detail
