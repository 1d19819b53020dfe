// The waits between attempts, measured where the requests arrived (the mock's elapsed-time
// stamps): Retry-After honoured (CLI-RETRY-AFTER), growing where a document asks for back-off
// (CLI-BACKOFF-429, or a should), a first wait of at least so long.
#include <algorithm>
#include <charconv>

#include "check_families.hpp"

namespace mockgate::runner::checks {
namespace {

/// Timer slack: a sleep of exactly Retry-After arrives a hair early by the server's clock only
/// through rounding; no client policy is judged on less than this.
constexpr long long kSlackMs = 50;
/// Back-off, whatever its jitter: some later wait at least 1.25 x the first. Jitter (even "full
/// jitter", a random wait below a growing cap) may make any single wait shorter than the one
/// before; only a policy whose waits never grow fails.
constexpr double kGrowth = 1.25;

/// The whole seconds of a Retry-After header, when it has them (not an HTTP date).
std::optional<long long> retry_after_seconds(const core::ServeEvent& answered) {
  const core::Header* h = core::find_header(answered.response_headers, "Retry-After");
  if (h == nullptr) return std::nullopt;
  long long seconds = 0;
  const auto* end = h->value.data() + h->value.size();
  const auto [ptr, ec] = std::from_chars(h->value.data(), end, seconds);
  if (ec != std::errc{} || ptr != end || seconds < 0) return std::nullopt;
  return seconds;
}

}  // namespace

Results retry_checks(const std::optional<RetryExpectation>& want, const Evidence& e) {
  if (!want) return {};
  const auto waits = waits_ms(e.journal);
  const std::string shown = show_waits(waits);
  Results out;
  if (want->honours_retry_after) {
    bool passed = true;
    std::string actual = shown;
    std::size_t asked_count = 0;
    for (std::size_t i = 0; i < waits.size() && passed; ++i) {
      const auto asked = retry_after_seconds(e.journal[i]);
      if (!asked) continue;
      ++asked_count;
      if (waits[i] + kSlackMs < *asked * 1000) {
        passed = false;
        actual = "wait " + std::to_string(i + 1) + " was " + std::to_string(waits[i]) + " ms after Retry-After: " +
                 std::to_string(*asked) + " (" + shown + ")";
      }
    }
    // Retrying at all is CLI-RETRY-429's to judge (request count): with no retry, nothing waited.
    if (passed && asked_count == 0 && !waits.empty()) actual = shown + " (no answer asked for a wait)";
    out.push_back(result({"CLI-RETRY-AFTER"}, "waits honour Retry-After", passed,
                         "each wait at least the Retry-After before it", actual));
  }
  if (want->first_gap_at_least_ms) {
    const auto min = *want->first_gap_at_least_ms;
    out.push_back(result({"CLI-RETRY-AFTER"}, "first retry wait", !waits.empty() && waits.front() >= min,
                         ">= " + std::to_string(min) + " ms", shown));
  }
  if (want->growing) {
    bool passed = true;
    std::string actual = shown;
    if (waits.size() < 2) {
      actual = shown + " (fewer than two waits: nothing to compare)";
    } else {
      const auto longest_later = *std::max_element(waits.begin() + 1, waits.end());
      passed = static_cast<double>(longest_later) >= kGrowth * static_cast<double>(waits.front());
    }
    out.push_back(result({"CLI-BACKOFF-429", "CLI-BACKOFF-429-ADVISED", "CLI-BACKOFF-500"}, "retry waits grow", passed,
                         "waits that grow: a later one >= 1.25 x the first", actual));
  }
  return out;
}

}  // namespace mockgate::runner::checks
