// Turns a profile's answer templates into responses: message by locale, body template filled.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mockgate/core/profile.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

using TemplateVars = std::map<std::string, Json, std::less<>>;

/// Replaces "{name}" placeholders in every string of `tmpl`. A string that is exactly one
/// placeholder takes the variable's JSON value (so "{status}" becomes the number 401); a
/// placeholder inside a longer string is replaced by the variable's text. Unknown names stay.
Json fill_template(const Json& tmpl, const TemplateVars& vars);
/// `text` with its "{name}" placeholders replaced by the variables' text (header values).
std::string fill_text(std::string_view text, const TemplateVars& vars);
/// Whether "{name}" appears in any string of `tmpl` (so a costly variable is made only when used).
bool template_mentions(const Json& tmpl, std::string_view name);

/// The text of message `id` in `locale`, else in the profile's default locale, else the id.
std::string message_text(const Profile& profile, std::string_view id, std::string_view locale);

/// The response for answer `name`: its status, headers, and body (its own template or the
/// profile's error body) filled with the localised message and the status.
Response render_answer(const Profile& profile, std::string_view name, std::string_view locale,
                       const TemplateVars& extra = {});

}  // namespace mockgate::core
