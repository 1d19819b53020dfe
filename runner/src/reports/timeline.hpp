// A scenario's requests on a time axis: when each came, how long its answer was held, the waits
// between them, Retry-After, and where the client ended. The picture that shows at a glance
// whether a client backs off; drawn as SVG for the HTML report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mockgate/runner/transcript.hpp"

namespace mockgate::runner::detail {

struct TimelineRequest {
  long long at_ms = 0;    ///< when it came, from timeline_origin
  long long held_ms = 0;  ///< how long its answer was held back (a delay fault)
  std::optional<int> status;  ///< nullopt: the connection was dropped unanswered
  std::string label;          ///< "POST /api/v1/…/send"
  std::string retry_after;    ///< the answer's Retry-After, when it had one
  /// The client sent its next request, or ended, before this held answer came: it gave up on
  /// it after this long (its own timeout, as the wire shows it).
  std::optional<long long> gave_up_after_ms;
};

/// The pause between one answer and the client's next request.
struct TimelineWait {
  long long from_ms = 0;
  long long to_ms = 0;
};

struct Timeline {
  std::vector<TimelineRequest> requests;
  std::vector<TimelineWait> waits;  ///< waits[i]: between requests[i]'s answer and requests[i + 1]
  std::optional<long long> client_end_ms;  ///< when the client exited, when a client ran
  bool timed_out = false;                  ///< ended by the runner at its deadline
  long long span_ms = 0;                   ///< the axis: everything drawn fits before it
};

Timeline timeline_of(const Transcript& t);

/// The SVG (inline, no external resource): one row per request (at most kTimelineRows, the rest
/// counted), the waits between rows, the client's end as a vertical line, an axis in seconds.
inline constexpr std::size_t kTimelineRows = 40;
std::string timeline_svg(const Timeline& timeline);

}  // namespace mockgate::runner::detail
