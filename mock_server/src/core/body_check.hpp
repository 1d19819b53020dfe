// Request-body validation in one pass over the text: no JSON tree is built for a body that is
// only to be accepted or refused (the send path's every request).
#pragma once

#include <string_view>

#include "mockgate/core/body_schema.hpp"

namespace mockgate::core {

/// Whether `text` is a JSON document that conforms to `schema`: exactly the verdict of
/// `nlohmann::json::parse(text)` succeeding and `schema.violation(parsed)` finding nothing,
/// that parser's rules included (a leading UTF-8 BOM skipped, a NUL byte after the document
/// ending it, a number that overflows to infinity refused, a repeated member name judged by
/// its last value). No recursion beyond the
/// schema's own depth: a deep document in an unchecked member is read with an explicit stack.
bool body_conforms(const BodySchema& schema, std::string_view text);

}  // namespace mockgate::core
