// The checks on a YAML text's event stream that a yaml-cpp tree can no longer make: one document,
// each key once per mapping, and the node and depth budgets (aliases counted as what they name).
#pragma once

#include <functional>
#include <string>

#include <yaml-cpp/mark.h>

#include "mockgate/input_error.hpp"
#include "mockgate/server/yaml_limits.hpp"

namespace mockgate::server::detail {

/// How a yaml-cpp mark reads in an error (the document's file name and source line).
using MarkOf = std::function<SourceMark(const YAML::Mark&)>;

/// Streams `text` through yaml-cpp's parser, building nothing, in time proportional to the
/// text however its aliases nest. Throws InputError at the first second document, repeated
/// key, alias of a node that contains it, or node beyond `limits`; yaml-cpp's syntax errors
/// pass through as YAML::Exception. A mapping key that is a list or a mapping is left for the
/// tree reader, which names the mapping it is in.
void check_structure(const std::string& text, const YamlLimits& limits, const MarkOf& mark_of);

}  // namespace mockgate::server::detail
