// Which journal events a test asks for: the filters of GET /__mockgate/journal and
// /journal/count (method, path, status, env, since, flag), usable in process as well.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mockgate/core/clock.hpp"
#include "mockgate/core/journal.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// Statuses from `low` to `high`, both included; `none` alone stands for "no answer" (dropped).
struct StatusRange {
  int low = 0;
  int high = 0;
  bool none = false;
};

/// Every filter given must hold; none given matches every event.
struct JournalQuery {
  std::optional<std::string> method;  ///< ASCII case-insensitive
  std::optional<std::string> path;    ///< the decoded path; `*` matches any run of characters
  std::vector<StatusRange> status;    ///< any of them
  std::optional<std::string> env;
  std::optional<std::uint64_t> since_seq;  ///< events after this sequence number
  std::optional<SystemTime> since_time;    ///< events at or after this time, by the mock's clock
  std::optional<JournalFlag> flag;

  bool matches(const ServeEvent& event) const;
};

/// The query of a URL: `method=POST`, `path=/api/*/send`, `status=401`, `status=4xx`,
/// `status=none`, `status=401,403`, `env=live`, `since=12` (a sequence number) or
/// `since=2026-01-10T00:00:00Z`, `flag=key_in_url`. Throws InvalidRequest (400) naming an
/// unknown parameter (with a "did you mean"), a repeated one, or a value it cannot read.
JournalQuery parse_journal_query(const QueryParams& params);

/// `*` in `pattern` matches any run of characters (also none, also '/'); the rest exactly.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace mockgate::core
