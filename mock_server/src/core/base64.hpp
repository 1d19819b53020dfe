// Strict base64 (RFC 4648), as Basic credentials need it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mockgate::core {

std::string base64_encode(std::string_view data);

/// Decodes standard base64 with padding; nullopt for any character outside the alphabet,
/// a wrong length or misplaced padding (a malformed Basic credential is simply invalid).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mockgate::core
