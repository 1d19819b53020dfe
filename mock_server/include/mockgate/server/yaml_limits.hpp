// The bounds on every YAML file mockgate reads (profiles, scenarios, the catalogue, key files).
#pragma once

#include <cstddef>

namespace mockgate::server {

/// What one YAML file may cost before it is refused with an InputError naming the file.
/// The shipped files are far inside them: the largest, scenarios/catalogue.yaml, is 22 KB of
/// under 1,000 nodes, none nested more than 6 deep. Each limit is checked before the cost it
/// guards is paid, so a file over one is refused in milliseconds.
struct YamlLimits {
  /// Checked on the file's size before a byte is read, so a huge file costs nothing.
  std::size_t max_file_bytes = 1024 * 1024;
  /// Nodes as the loaders see them, each alias counted as the whole node it names: the bound
  /// on the work of reading a file, so a small "billion laughs" file is refused at its alias.
  std::size_t max_nodes = 100'000;
  /// Collections inside collections; the loaders recurse once per level.
  std::size_t max_depth = 64;
};

inline constexpr YamlLimits kYamlLimits{};

}  // namespace mockgate::server
