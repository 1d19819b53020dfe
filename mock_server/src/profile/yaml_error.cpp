// InputError and its factories: every bad-input message in mockgate is built here.
#include "mockgate/input_error.hpp"

#include "core/suggest.hpp"

namespace mockgate {
namespace {

std::string render(const SourceMark& m, const std::string& message) {
  std::string out = m.file;
  if (m.line > 0) out += ":" + std::to_string(m.line) + ":" + std::to_string(m.column);
  out += ": " + message;
  if (!m.source_line.empty()) {
    out += "\n  " + m.source_line + "\n  ";
    for (int i = 1; i < m.column; ++i) {
      const auto idx = static_cast<std::size_t>(i - 1);
      out.push_back(idx < m.source_line.size() && m.source_line[idx] == '\t' ? '\t' : ' ');
    }
    out += "^";
  }
  return out;
}

}  // namespace

InputError::InputError(SourceMark mark, std::string message)
    : std::runtime_error(render(mark, message)), mark_(std::move(mark)), message_(std::move(message)) {}

std::string InputError::location_line() const {
  std::string out = mark_.file;
  if (mark_.line > 0) out += ":" + std::to_string(mark_.line) + ":" + std::to_string(mark_.column);
  return out + ": " + message_;
}

InputError InputError::unknown_key(SourceMark mark, std::string_view key,
                                   const std::vector<std::string>& known) {
  return InputError(std::move(mark),
                    "unknown key '" + std::string(key) + "'" + core::did_you_mean(key, known));
}

InputError InputError::missing_field(SourceMark mark, std::string_view field) {
  return InputError(std::move(mark), "missing required key '" + std::string(field) + "'");
}

InputError InputError::wrong_type(SourceMark mark, std::string_view what, std::string_view expected) {
  return InputError(std::move(mark),
                    "'" + std::string(what) + "' must be " + std::string(expected));
}

InputError InputError::invalid_value(SourceMark mark, std::string_view what, std::string_view why) {
  return InputError(std::move(mark), "'" + std::string(what) + "': " + std::string(why));
}

InputError InputError::unknown_name(SourceMark mark, std::string_view kind, std::string_view name,
                                    const std::vector<std::string>& known) {
  std::string msg = "unknown " + std::string(kind) + " '" + std::string(name) + "'";
  const auto hint = core::did_you_mean(name, known);
  if (!hint.empty()) {
    msg += hint;
  } else if (!known.empty() && known.size() <= 12) {
    msg += " (expected one of:";
    for (std::size_t i = 0; i < known.size(); ++i) msg += (i ? ", " : " ") + known[i];
    msg += ")";
  }
  return InputError(std::move(mark), msg);
}

}  // namespace mockgate
