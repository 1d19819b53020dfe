// Compiling a template: every JSON text that cannot change is written once; only strings
// holding a "{" are filled per answer, as fill_template would fill them.
#include "core/compiled_template.hpp"

#include <algorithm>

namespace mockgate::core {
namespace {

/// A filled string as `body_text` would write it. The common case (a uuid, an env name:
/// printable ASCII, nothing to escape) is quoted directly; the rest goes through the library
/// serialiser, so escaping and invalid-UTF-8 replacement stay exactly the library's.
void append_json_string(std::string& out, const std::string& text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += body_text(Json(text));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

}  // namespace

CompiledTemplate::CompiledTemplate(const Json& tmpl) {
  pieces_.emplace_back();
  compile(tmpl);
}

void CompiledTemplate::compile(const Json& value) {
  if (value.is_object()) {
    pieces_.back().literal += '{';
    bool first = true;
    for (const auto& [k, v] : value.items()) {
      if (!first) pieces_.back().literal += ',';
      first = false;
      pieces_.back().literal += body_text(Json(k));  // keys are never filled
      pieces_.back().literal += ':';
      compile(v);
    }
    pieces_.back().literal += '}';
  } else if (value.is_array()) {
    pieces_.back().literal += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) pieces_.back().literal += ',';
      compile(value[i]);
    }
    pieces_.back().literal += ']';
  } else if (value.is_string() && value.get_ref<const std::string&>().find('{') != std::string::npos) {
    const auto& s = value.get_ref<const std::string&>();
    pieces_.back().hole = s;
    pieces_.emplace_back();
    for (auto open = s.find('{'); open != std::string::npos; open = s.find('{', open + 1)) {
      const auto close = s.find('}', open + 1);
      if (close == std::string::npos) break;
      names_.push_back(s.substr(open + 1, close - open - 1));
    }
  } else {
    pieces_.back().literal += body_text(value);
  }
}

bool CompiledTemplate::mentions(std::string_view name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

std::string CompiledTemplate::render(const TemplateVars& vars) const {
  std::string out;
  std::size_t size = 0;
  for (const auto& p : pieces_) size += p.literal.size() + 40;
  out.reserve(size);
  for (const auto& p : pieces_) {
    out += p.literal;
    if (p.hole.empty()) continue;
    const Json filled = fill_template(Json(p.hole), vars);
    if (filled.is_string()) {
      append_json_string(out, filled.get_ref<const std::string&>());
    } else {
      out += body_text(filled);
    }
  }
  return out;
}

}  // namespace mockgate::core
