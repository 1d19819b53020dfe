// Flag reading with the same error style as YAML: the flag, what is wrong, a suggestion.
#include "flag_reader.hpp"

#include <charconv>

#include "mockgate/core/suggest.hpp"

namespace mockgate::cli {

bool FlagReader::next() {
  if (index_ >= args_.size()) return false;
  const std::string& arg = args_[index_++];
  inline_value_.reset();
  positional_ = arg.size() < 2 || arg[0] != '-';
  const auto eq = arg.find('=');
  if (!positional_ && arg.rfind("--", 0) == 0 && eq != std::string::npos) {
    flag_ = arg.substr(0, eq);
    inline_value_ = arg.substr(eq + 1);
  } else {
    flag_ = arg;
  }
  return true;
}

std::string FlagReader::value() {
  if (inline_value_) return *inline_value_;
  if (index_ >= args_.size()) fail(flag_ + " needs a value");
  return args_[index_++];
}

long long FlagReader::int_value(long long min, long long max) {
  const auto text = value();
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < min || v > max) {
    fail(flag_ + ": '" + text + "' is not a whole number from " + std::to_string(min) + " to " +
         std::to_string(max));
  }
  return v;
}

void FlagReader::unknown(const std::vector<std::string>& known) const {
  if (positional_) fail("unexpected argument '" + flag_ + "'");
  fail("unknown flag '" + flag_ + "'" + core::did_you_mean(flag_, known));
}

void FlagReader::fail(const std::string& message) const {
  throw InputError(SourceMark{"mockgate " + command_, 0, 0, {}}, message);
}

}  // namespace mockgate::cli
