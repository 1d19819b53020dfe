// A success-answer template cut at its placeholders once, when first used: each answer is then
// literal text with the variables' JSON appended, not a JSON tree filled and serialised anew.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/renderer.hpp"

namespace mockgate::core {

class CompiledTemplate {
 public:
  explicit CompiledTemplate(const Json& tmpl);

  /// Whether "{name}" appears in one of its strings (template_mentions, answered from the list).
  bool mentions(std::string_view name) const;

  /// Exactly `body_text(fill_template(tmpl, vars))`, byte for byte.
  std::string render(const TemplateVars& vars) const;

 private:
  /// Literal JSON text, then (unless `hole` is empty) a template string to fill at render.
  struct Piece {
    std::string literal;
    std::string hole;
  };
  void compile(const Json& value);

  std::vector<Piece> pieces_;
  std::vector<std::string> names_;  ///< every "{name}" its strings hold
};

}  // namespace mockgate::core
