// Answer rendering: the only place that turns profile templates into bodies.
#include "core/renderer.hpp"

namespace mockgate::core {
namespace {

std::string as_text(const Json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

std::string fill_text(std::string_view s, const TemplateVars& vars) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto open = s.find('{', i);
    if (open == std::string::npos) break;
    const auto close = s.find('}', open);
    if (close == std::string::npos) break;
    out.append(s, i, open - i);
    const auto it = vars.find(std::string_view(s).substr(open + 1, close - open - 1));
    if (it != vars.end()) {
      out += as_text(it->second);
    } else {
      out.append(s, open, close - open + 1);
    }
    i = close + 1;
  }
  out.append(s, i);
  return out;
}

Json fill_template(const Json& tmpl, const TemplateVars& vars) {
  if (tmpl.is_string()) {
    const auto& s = tmpl.get_ref<const std::string&>();
    if (s.size() > 2 && s.front() == '{' && s.back() == '}' &&
        s.find('{', 1) == std::string::npos) {
      const auto it = vars.find(std::string_view(s).substr(1, s.size() - 2));
      if (it != vars.end()) return it->second;
    }
    return fill_text(s, vars);
  }
  if (tmpl.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : tmpl.items()) out[k] = fill_template(v, vars);
    return out;
  }
  if (tmpl.is_array()) {
    Json out = Json::array();
    for (const auto& v : tmpl) out.push_back(fill_template(v, vars));
    return out;
  }
  return tmpl;
}

bool template_mentions(const Json& tmpl, std::string_view name) {
  if (tmpl.is_string()) {
    const auto& s = tmpl.get_ref<const std::string&>();
    for (auto open = s.find('{'); open != std::string::npos; open = s.find('{', open + 1)) {
      if (s.compare(open + 1, name.size(), name) == 0 && s.size() > open + 1 + name.size() &&
          s[open + 1 + name.size()] == '}') {
        return true;
      }
    }
    return false;
  }
  if (tmpl.is_object() || tmpl.is_array()) {
    for (const auto& v : tmpl) {
      if (template_mentions(v, name)) return true;
    }
  }
  return false;
}

std::string message_text(const Profile& profile, std::string_view id, std::string_view locale) {
  for (const auto loc : {locale, std::string_view(profile.default_locale)}) {
    const auto table = profile.messages.find(loc);
    if (table == profile.messages.end()) continue;
    const auto it = table->second.find(std::string(id));
    if (it != table->second.end()) return it->second;
  }
  return std::string(id);
}

Response render_answer(const Profile& profile, std::string_view name, std::string_view locale,
                       const TemplateVars& extra) {
  const AnswerSpec& spec = profile.answer(name);
  TemplateVars vars = extra;
  vars.emplace("message", message_text(profile, spec.message, locale));
  vars.emplace("status", spec.status);
  vars.emplace("retry_after", 1);  // unless the rate limiter says how long a slot takes
  Response r;
  r.status = spec.status;
  r.headers = spec.headers;
  for (auto& h : r.headers) h.value = fill_text(h.value, vars);
  r.body = body_text(fill_template(spec.body ? *spec.body : profile.error_body, vars));
  return r;
}

}  // namespace mockgate::core
