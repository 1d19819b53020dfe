// Journal filters: parsed once from a query string, then matched against each event.
#include "mockgate/core/journal_query.hpp"

#include <algorithm>
#include <charconv>

#include "core/suggest.hpp"
#include "mockgate/core/provider_state.hpp"

namespace mockgate::core {
namespace {

const std::vector<std::string> kParameters = {"method", "path", "status", "env", "since", "flag"};

[[noreturn]] void refuse(const std::string& message) { throw InvalidRequest(400, message); }

std::optional<long long> whole_number(std::string_view text) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

StatusRange status_range(std::string_view text) {
  if (text == "none") return {0, 0, true};
  if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' && (text.substr(1) == "xx" || text.substr(1) == "XX")) {
    const int hundreds = (text[0] - '0') * 100;
    return {hundreds, hundreds + 99, false};
  }
  const auto n = whole_number(text);
  if (!n || *n < 100 || *n > 599) {
    refuse("status '" + std::string(text) + "' is not a status: give one such as 401, a class such as 4xx, or none");
  }
  return {static_cast<int>(*n), static_cast<int>(*n), false};
}

std::vector<StatusRange> status_ranges(std::string_view text) {
  std::vector<StatusRange> ranges;
  std::size_t at = 0;
  for (;;) {
    const auto comma = text.find(',', at);
    ranges.push_back(status_range(text.substr(at, comma == std::string_view::npos ? comma : comma - at)));
    if (comma == std::string_view::npos) return ranges;
    at = comma + 1;
  }
}

void read_since(std::string_view text, JournalQuery& q) {
  if (const auto n = whole_number(text); n && *n >= 0) {
    q.since_seq = static_cast<std::uint64_t>(*n);
  } else if (const auto t = parse_time(text)) {
    q.since_time = *t;
  } else {
    refuse("since '" + std::string(text) +
           "' is neither a sequence number nor a time (2026-01-10T00:00:00Z)");
  }
}

bool status_matches(const std::vector<StatusRange>& ranges, const std::optional<int>& status) {
  return std::any_of(ranges.begin(), ranges.end(), [&](const StatusRange& r) {
    return r.none ? !status.has_value() : status && *status >= r.low && *status <= r.high;
  });
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Greedy with one backtrack point: linear enough for paths, and never recursive.
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

JournalQuery parse_journal_query(const QueryParams& params) {
  JournalQuery q;
  std::vector<std::string> seen;
  for (const auto& [name, value] : params) {
    if (std::find(kParameters.begin(), kParameters.end(), name) == kParameters.end()) {
      refuse("unknown journal filter '" + name + "'" + did_you_mean(name, kParameters) +
             " (filters: method, path, status, env, since, flag)");
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      refuse("give " + name + " once (several statuses: status=401,403)");
    }
    seen.push_back(name);
    if (name == "method") {
      q.method = value;
    } else if (name == "path") {
      q.path = value;
    } else if (name == "status") {
      q.status = status_ranges(value);
    } else if (name == "env") {
      q.env = value;
    } else if (name == "since") {
      read_since(value, q);
    } else if (const auto flag = parse_journal_flag(value)) {
      q.flag = *flag;
    } else {
      refuse("unknown flag '" + value + "'" + did_you_mean(value, journal_flag_names()));
    }
  }
  return q;
}

bool JournalQuery::matches(const ServeEvent& e) const {
  return (!method || iequals(*method, e.method)) && (!path || glob_match(*path, e.path)) &&
         (status.empty() || status_matches(status, e.status)) && (!env || *env == e.env) &&
         (!since_seq || e.seq > *since_seq) && (!since_time || e.time >= *since_time) &&
         (!flag || e.has_flag(*flag));
}

}  // namespace mockgate::core
