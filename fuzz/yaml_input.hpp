// The bound the YAML fuzz targets put on their input: the loaders' own size limit.
#pragma once

#include <string_view>

#include "mockgate/server/yaml_limits.hpp"

namespace mockgate::fuzz {

/// The loaders now bound their work themselves (mockgate/server/yaml_limits.hpp: size, node
/// budget with aliases counted as what they name, depth), so an alias bomb is an InputError
/// the targets check like any other. Only inputs over the size limit are skipped: the loaders
/// refuse them before parsing, so fuzzing them finds nothing.
inline bool is_bounded_yaml(std::string_view text) {
  return text.size() <= server::kYamlLimits.max_file_bytes;
}

}  // namespace mockgate::fuzz
