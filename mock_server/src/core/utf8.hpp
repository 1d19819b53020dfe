// UTF-8 validity: what the mock received is kept as bytes; what it shows in JSON must be text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mockgate::core {

/// Whether `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// The length of the well-formed sequence starting at `text[i]`, or 0 when the byte there
/// starts none (a stray continuation byte, an overlong or surrogate form, a cut-off sequence).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

/// `text` with each byte that is not part of a well-formed sequence replaced by U+FFFD: safe
/// to show, not reversible (the journal adds the exact bytes in base64 beside it).
std::string to_valid_utf8(std::string_view text);

/// The length of the longest prefix of `text` no longer than `max` that does not end inside a
/// UTF-8 sequence, so cutting valid text leaves valid text.
std::size_t utf8_cut(std::string_view text, std::size_t max);

}  // namespace mockgate::core
