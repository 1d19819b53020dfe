// Reads a profile's `key_management:` section (internal to the profile loader).
#pragma once

#include "mockgate/core/key_management_spec.hpp"
#include "profile/yaml_reader.hpp"

namespace mockgate::server {

/// The key-management API of `profile` as `n` describes it; what it leaves out keeps the
/// defaults (KeyManagementSpec::defaults()).
/// Throws InputError for an unknown key field, an unknown "{key.*}" placeholder, or a
/// "{key.value}" anywhere but the created shape (a value is shown once, when made).
core::KeyManagementSpec key_management(const YamlNode& n);

}  // namespace mockgate::server
