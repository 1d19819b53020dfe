// The one error type for bad input (profiles, scenarios, flags): file:line:col and a caret.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mockgate {

/// Where in a text file something is; line and column are 1-based (0 = unknown).
struct SourceMark {
  std::string file;
  int line = 0;
  int column = 0;
  std::string source_line;  ///< the text of that line, for the caret display
};

/// Bad input. `what()` reads `file:line:col: message`, then the source line and a caret.
/// Built through the named factories so that messages read alike.
class InputError : public std::runtime_error {
 public:
  InputError(SourceMark mark, std::string message);

  const SourceMark& mark() const { return mark_; }
  const std::string& message() const { return message_; }
  /// Only `file:line:col: message`, without the source excerpt.
  std::string location_line() const;

  static InputError unknown_key(SourceMark mark, std::string_view key,
                                const std::vector<std::string>& known);
  static InputError missing_field(SourceMark mark, std::string_view field);
  static InputError wrong_type(SourceMark mark, std::string_view what, std::string_view expected);
  static InputError invalid_value(SourceMark mark, std::string_view what, std::string_view why);
  static InputError unknown_name(SourceMark mark, std::string_view kind, std::string_view name,
                                 const std::vector<std::string>& known);

 private:
  SourceMark mark_;
  std::string message_;
};

}  // namespace mockgate
