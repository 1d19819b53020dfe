// The credential on the wire: the documented header on every request (CLI-HEADER), no key in
// any URL (CLI-NO-KEY-IN-URL), and what a client does with an empty key (CLI-EMPTY-KEY).
#include "check_families.hpp"
#include "mockgate/core/key_hasher.hpp"

namespace mockgate::runner::checks {
namespace {

std::string display_of(const std::string& text, const JudgeContext& ctx) {
  std::string out = text;
  if (!ctx.credential_key.empty()) {
    for (auto pos = out.find(ctx.credential_key); pos != std::string::npos; pos = out.find(ctx.credential_key, pos)) {
      out.replace(pos, ctx.credential_key.size(), ctx.credential_display);
    }
  }
  if (!ctx.basic_header.empty() && out == ctx.basic_header) return "Basic …";
  return out;
}

/// Whether the `index`th header of `event` has the value `expected`. A journal read in-process
/// keeps a digest of each value the redaction changed; one read over HTTP only redacted values.
bool header_value_is(const core::ServeEvent& event, std::size_t index, const std::string& expected,
                     const JudgeContext& ctx) {
  // RFC 9110 §11.1: the auth scheme is case-insensitive ("bearer KEY" is "Bearer KEY") unless
  // the profile says its word is exact; the credential after it is never: the expected value
  // takes the client's spelling of a word the scheme accepts.
  const auto& value = event.headers[index].value;
  std::string want = expected;
  for (const auto& scheme : ctx.schemes) {
    const auto& word = scheme.scheme_word;
    if (!scheme.has_scheme_word() || want.size() <= word.size() || want.rfind(word, 0) != 0 ||
        want[word.size()] != ' ' || value.size() <= word.size() || value[word.size()] != ' ') {
      continue;
    }
    const auto sent = value.substr(0, word.size());
    if (scheme.is_scheme_word(sent)) want.replace(0, word.size(), sent);
  }
  if (event.header_digests.size() != event.headers.size()) return value == display_of(want, ctx);
  const auto& digest = event.header_digests[index];
  return digest.empty() ? value == want : digest == core::sha256_hex(want);
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

/// Whether a credential header carries no credential: blank, or only a scheme word of the
/// profile ("Bearer " with an empty key after it, as `"Bearer " + key` makes it).
bool carries_nothing(std::string_view value, const JudgeContext& ctx) {
  const auto start = value.find_first_not_of(" \t");
  if (start == std::string_view::npos) return true;
  const auto word = value.substr(start, value.find_first_of(" \t", start) - start);
  if (!is_blank(value.substr(start + word.size()))) return false;
  for (const auto& scheme : ctx.schemes) {
    if (scheme.has_scheme_word() && scheme.is_scheme_word(word)) return true;
  }
  return false;
}

}  // namespace

Results header_checks(const std::vector<HeaderExpectation>& want, const Evidence& e) {
  Results out;
  for (const auto& w : want) {
    bool passed = true;
    std::string actual = e.journal.empty() ? "no request was sent" : "as expected on every request";
    for (std::size_t i = 0; i < e.journal.size() && passed; ++i) {
      const auto& event = e.journal[i];
      std::optional<std::size_t> found;
      for (std::size_t h = 0; h < event.headers.size() && !found; ++h) {
        if (core::iequals(event.headers[h].name, w.name)) found = h;
      }
      const std::string where = "request " + std::to_string(i + 1) + ": ";
      if (w.absent && found) {
        passed = false;
        actual = where + "present (" + event.headers[*found].value + ")";
      } else if (w.value && !found) {
        passed = false;
        actual = where + "absent";
      } else if (w.value && !header_value_is(event, *found, substitute(*w.value, e.context), e.context)) {
        passed = false;
        actual = where + "'" + event.headers[*found].value + "'";
      }
    }
    const std::string expected =
        w.absent ? "absent" : "'" + display_of(substitute(*w.value, e.context), e.context) + "'";
    out.push_back(result({"CLI-HEADER"}, "header " + w.name, passed, expected, actual));
  }
  return out;
}

Results key_in_url_check(bool wanted, const Evidence& e) {
  const auto& ctx = e.context;
  if (!wanted || ctx.credential_key.empty()) return {};
  // A lookup_key path carries the key it looks up, by document 003's design.
  const bool path_may_hold_keys = e.operation == "lookup_key";
  for (std::size_t i = 0; i < e.journal.size(); ++i) {
    const auto& event = e.journal[i];
    const bool in_path = !path_may_hold_keys && ctx.credential_key.size() >= 8 &&
                         event.path.find(ctx.credential_display) != std::string::npos;
    if (event.has_flag(core::JournalFlag::KeyInUrl) || in_path) {
      return {result({"CLI-NO-KEY-IN-URL"}, "no key in the URL", false, "no key in any URL",
                     "request " + std::to_string(i + 1) + " carried a credential in its URL")};
    }
  }
  return {result({"CLI-NO-KEY-IN-URL"}, "no key in the URL", true, "no key in any URL", "no key in any URL")};
}

Results empty_key_check(const std::optional<EmptyKeyExpectation>& want, const Evidence& e) {
  if (!want) return {};
  const std::string expected =
      "sent empty or left out, once, and reported 401 unauthorized; or refused locally (config or transport), nothing sent";
  const auto verdict = [&](std::vector<std::string> candidates, bool passed, std::string actual) {
    return Results{result(std::move(candidates), "empty key", passed, expected, std::move(actual))};
  };
  const std::string reported = e.run.outcome ? e.run.outcome->summary() : "no outcome";
  if (e.journal.empty()) {
    // An HTTP library may refuse a blank header value before sending (python-requests raises
    // InvalidHeader): reported as config or as transport, it was refused locally all the same.
    const bool refused = e.run.outcome && !e.run.outcome->ok &&
                         (e.run.outcome->error == "config" || e.run.outcome->error == "transport");
    return verdict({"CLI-EMPTY-KEY"}, refused, "nothing sent, reported " + reported + (refused ? " (refused locally)" : ""));
  }
  if (e.journal.size() > 1) {
    return verdict({"CLI-NO-RETRY-4XX", "CLI-EMPTY-KEY"}, false, std::to_string(e.journal.size()) + " requests");
  }
  const core::Header* h = core::find_header(e.journal.front().headers, want->header);
  const bool placeholder = h != nullptr && !carries_nothing(h->value, e.context) && want->unset;
  if (h != nullptr && !carries_nothing(h->value, e.context) && !want->unset) {
    return verdict({"CLI-EMPTY-KEY"}, false, "the header " + want->header + " carried '" + h->value + "'");
  }
  const std::string how = h == nullptr ? "left out" : placeholder ? "sent as '" + h->value + "' (no key)" : "sent empty";
  const bool unauthorized = e.run.outcome && !e.run.outcome->ok && e.run.outcome->status == 401 &&
                            e.run.outcome->error == "unauthorized";
  return verdict({"CLI-EMPTY-KEY", "CLI-STATUS-NOT-TEXT"}, unauthorized, how + ", reported " + reported);
}

}  // namespace mockgate::runner::checks
