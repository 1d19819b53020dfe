// A JSON recogniser (RFC 8259, with nlohmann::json's lexical rules) that checks a BodySchema
// on the way. Every difference in verdict from parse + violation would be a behaviour change:
// tests/core/body_check_test.cpp and fuzz/body_check_fuzz.cpp compare the two.
#include "core/body_check.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/utf8.hpp"

namespace mockgate::core {
namespace {

/// How a value came out: conforming, read but not conforming (a later member of the same name
/// may still replace it), or not JSON at all (the whole body is refused).
enum class Verdict { Good, Bad, Broken };

enum class Kind { Object, Array, String, Integer, Float, Boolean, Null };

bool has_type(std::string_view type, Kind kind) {
  if (type.empty()) return true;
  if (type == "object") return kind == Kind::Object;
  if (type == "array") return kind == Kind::Array;
  if (type == "string") return kind == Kind::String;
  if (type == "number") return kind == Kind::Integer || kind == Kind::Float;
  if (type == "integer") return kind == Kind::Integer;
  if (type == "boolean") return kind == Kind::Boolean;
  return false;  // as BodySchema::violation: an unknown type matches nothing
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t utf8_size(std::uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

class Checker {
 public:
  explicit Checker(std::string_view text) : s_(text) {
    // The parser skips a UTF-8 byte order mark before the document.
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
  }

  bool document(const BodySchema& schema) {
    if (value(&schema) != Verdict::Good) return false;
    skip_space();
    // The parser's lexer takes a NUL byte outside a string for the end of its input.
    return i_ == s_.size() || s_[i_] == '\0';
  }

 private:
  static constexpr std::size_t kMalformed = static_cast<std::size_t>(-1);

  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return s_[i_]; }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool expect(char c) {
    skip_space();
    if (at_end() || peek() != c) return false;
    ++i_;
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    if (s_.size() - i_ < 4) return false;
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = hex_digit(s_[i_ + static_cast<std::size_t>(k)]);
      if (d < 0) return false;
      cp = cp * 16 + static_cast<std::uint32_t>(d);
    }
    i_ += 4;
    return true;
  }

  /// The string at the cursor (its opening quote): its decoded size in bytes, or kMalformed.
  /// Decoded bytes are appended to `out` when given.
  std::size_t string(std::string* out) {
    ++i_;  // the opening quote
    std::size_t size = 0;
    while (i_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return size;
      }
      if (c < 0x20) return kMalformed;
      if (c == '\\') {
        if (s_.size() - i_ < 2) return kMalformed;
        const char e = s_[i_ + 1];
        i_ += 2;
        char plain = 0;
        switch (e) {
          case '"': plain = '"'; break;
          case '\\': plain = '\\'; break;
          case '/': plain = '/'; break;
          case 'b': plain = '\b'; break;
          case 'f': plain = '\f'; break;
          case 'n': plain = '\n'; break;
          case 'r': plain = '\r'; break;
          case 't': plain = '\t'; break;
          case 'u': {
            std::uint32_t cp = 0;
            if (!hex4(cp)) return kMalformed;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return kMalformed;  // a low surrogate first
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              std::uint32_t low = 0;
              if (s_.size() - i_ < 2 || s_[i_] != '\\' || s_[i_ + 1] != 'u') return kMalformed;
              i_ += 2;
              if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return kMalformed;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            size += utf8_size(cp);
            if (out) append_utf8(*out, cp);
            continue;
          }
          default: return kMalformed;
        }
        ++size;
        if (out) *out += plain;
        continue;
      }
      const std::size_t n = c < 0x80 ? 1 : utf8_sequence_length(s_, i_);
      if (n == 0) return kMalformed;
      if (out) out->append(s_.substr(i_, n));
      size += n;
      i_ += n;
    }
    return kMalformed;  // no closing quote
  }

  /// A string at the cursor as text: a view of the document when it holds no escape, else
  /// decoded into `buffer`. False when it is malformed.
  bool string_text(std::string& buffer, std::string_view& text, std::size_t& size) {
    const std::size_t start = i_;
    size = string(nullptr);
    if (size == kMalformed) return false;
    const auto raw = s_.substr(start + 1, i_ - start - 2);
    if (raw.find('\\') == std::string_view::npos) {
      text = raw;
      return true;
    }
    i_ = start;
    buffer.clear();
    string(&buffer);
    text = buffer;
    return true;
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  /// A number at the cursor; false when malformed or, as the parser does, when it overflows.
  bool number(Kind& kind) {
    const std::size_t start = i_;
    const auto digits = [this] {
      const std::size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ > from;
    };
    if (!at_end() && peek() == '-') ++i_;
    if (at_end()) return false;
    if (peek() == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    kind = Kind::Integer;
    if (!at_end() && peek() == '.') {
      ++i_;
      if (!digits()) return false;
      kind = Kind::Float;
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++i_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++i_;
      if (!digits()) return false;
      kind = Kind::Float;
    }
    const auto token = s_.substr(start, i_ - start);
    if (kind == Kind::Integer) {
      // An integer the 64 bits do not hold is read as a floating-point number instead.
      std::int64_t signed_value = 0;
      std::uint64_t unsigned_value = 0;
      const auto* end = token.data() + token.size();
      const auto fits = token.front() == '-' ? std::from_chars(token.data(), end, signed_value).ec
                                             : std::from_chars(token.data(), end, unsigned_value).ec;
      if (fits == std::errc{}) return true;
      kind = Kind::Float;
    }
    const std::string copy(token);  // strtod as the parser uses it, for its rounding and range
    return std::isfinite(std::strtod(copy.c_str(), nullptr));
  }

  /// A scalar at the cursor (not an object or array); false when malformed.
  bool scalar(Kind& kind) {
    switch (peek()) {
      case '"': kind = Kind::String; return string(nullptr) != kMalformed;
      case 't': kind = Kind::Boolean; return literal("true");
      case 'f': kind = Kind::Boolean; return literal("false");
      case 'n': kind = Kind::Null; return literal("null");
      default: return number(kind);
    }
  }

  /// Any value, for syntax only. Containers nest on an explicit stack: a deep document cannot
  /// exhaust the thread's stack.
  bool skip() {
    std::vector<char> open;  // '{' or '[' for each container the cursor is inside
    for (;;) {
      skip_space();
      if (at_end()) return false;
      if (peek() == '{' || peek() == '[') {
        const char c = peek();
        ++i_;
        skip_space();
        if (!at_end() && peek() == (c == '{' ? '}' : ']')) {
          ++i_;  // empty: a complete value
        } else {
          open.push_back(c);
          if (c == '{' && !member_name()) return false;
          continue;
        }
      } else {
        Kind kind{};
        if (!scalar(kind)) return false;
      }
      // After a complete value: the container goes on, closes (perhaps several), or ends.
      for (;;) {
        if (open.empty()) return true;
        skip_space();
        if (at_end()) return false;
        const char c = peek();
        if (c == ',') {
          ++i_;
          if (open.back() == '{' && !member_name()) return false;
          break;
        }
        if (c != (open.back() == '{' ? '}' : ']')) return false;
        ++i_;
        open.pop_back();
      }
    }
  }

  /// `"name" :` in an object read for syntax only.
  bool member_name() {
    skip_space();
    if (at_end() || peek() != '"' || string(nullptr) == kMalformed) return false;
    return expect(':');
  }

  Verdict value(const BodySchema* schema) {
    skip_space();
    if (at_end()) return Verdict::Broken;
    if (schema == nullptr) return skip() ? Verdict::Good : Verdict::Broken;
    if (peek() == '{') return object(*schema);
    if (peek() == '[') return array(*schema);
    Kind kind{};
    if (peek() == '"') {
      std::string buffer;
      std::string_view text;
      std::size_t size = 0;
      if (!string_text(buffer, text, size)) return Verdict::Broken;
      if (!has_type(schema->type, Kind::String)) return Verdict::Bad;
      if (schema->min_length && size < *schema->min_length) return Verdict::Bad;
      if (!schema->enum_values.empty()) {
        bool found = false;
        for (const auto& e : schema->enum_values) found = found || e == text;
        if (!found) return Verdict::Bad;
      }
      return Verdict::Good;
    }
    if (!scalar(kind)) return Verdict::Broken;
    return has_type(schema->type, kind) ? Verdict::Good : Verdict::Bad;
  }

  /// What follows a member or an element: another (a ','), the container's end (`close`), or
  /// anything else, which is not JSON.
  enum class After { Another, Closed, Broken };
  After after_item(char close) {
    skip_space();
    if (at_end()) return After::Broken;
    const char c = peek();
    if (c != ',' && c != close) return After::Broken;
    ++i_;
    return c == ',' ? After::Another : After::Closed;
  }

  Verdict object(const BodySchema& schema) {
    ++i_;  // '{'
    // Which required names were seen; whether each property's last value conformed.
    std::vector<bool> seen(schema.required.size(), false);
    std::vector<bool> bad(schema.properties.size(), false);
    skip_space();
    if (!at_end() && peek() == '}') {
      ++i_;
    } else {
      for (;;) {
        skip_space();
        if (at_end() || peek() != '"') return Verdict::Broken;
        std::string buffer;
        std::string_view name;
        std::size_t size = 0;
        if (!string_text(buffer, name, size) || !expect(':')) return Verdict::Broken;
        for (std::size_t r = 0; r < schema.required.size(); ++r) {
          if (schema.required[r] == name) seen[r] = true;
        }
        const BodySchema* member = nullptr;
        std::size_t index = 0;
        for (const auto& [property, sub] : schema.properties) {
          if (property == name) {
            member = &sub;
            break;
          }
          ++index;
        }
        const Verdict v = value(member);
        if (v == Verdict::Broken) return v;
        if (member) bad[index] = v == Verdict::Bad;  // the last value of a name is the one kept
        const After next = after_item('}');
        if (next == After::Broken) return Verdict::Broken;
        if (next == After::Closed) break;
      }
    }
    if (!has_type(schema.type, Kind::Object)) return Verdict::Bad;
    for (const bool s : seen) {
      if (!s) return Verdict::Bad;
    }
    for (const bool b : bad) {
      if (b) return Verdict::Bad;
    }
    return Verdict::Good;
  }

  Verdict array(const BodySchema& schema) {
    ++i_;  // '['
    std::size_t count = 0;
    bool conforms = true;
    skip_space();
    if (!at_end() && peek() == ']') {
      ++i_;
    } else {
      for (;;) {
        const Verdict v = value(schema.items.get());
        if (v == Verdict::Broken) return v;
        conforms = conforms && v == Verdict::Good;
        ++count;
        const After next = after_item(']');
        if (next == After::Broken) return Verdict::Broken;
        if (next == After::Closed) break;
      }
    }
    if (!has_type(schema.type, Kind::Array)) return Verdict::Bad;
    if (schema.min_items && count < *schema.min_items) return Verdict::Bad;
    return conforms ? Verdict::Good : Verdict::Bad;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

bool body_conforms(const BodySchema& schema, std::string_view text) { return Checker(text).document(schema); }

}  // namespace mockgate::core
