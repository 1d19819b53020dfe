#include "reports/timeline.hpp"

#include <algorithm>
#include <cstdio>

#include "reports/report_text.hpp"

namespace mockgate::runner::detail {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr int kWidth = 960;
constexpr int kPlotLeft = 260;  ///< labels to its left, the time axis to its right
constexpr int kPlotRight = 930;
constexpr int kTop = 16;
constexpr int kRow = 24;

std::string seconds_text(long long ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10000 ? "%.2f s" : "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

/// A round step (1, 2 or 5 × 10^k ms) giving at most about eight ticks over `span`.
long long tick_step(long long span) {
  long long step = 1;
  for (;;) {
    for (const long long m : {1, 2, 5}) {
      if (span / (step * m) <= 8) return step * m;
    }
    step *= 10;
  }
}

struct Scale {
  long long span;
  double x(long long ms) const {
    return kPlotLeft + static_cast<double>(kPlotRight - kPlotLeft) * static_cast<double>(ms) / static_cast<double>(span);
  }
};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string status_class(const TimelineRequest& r) {
  if (!r.status) return "dropped";
  if (*r.status == 429) return "s429";
  return "s" + std::to_string(*r.status / 100) + "xx";
}

std::string request_row(const TimelineRequest& r, std::size_t i, const Scale& scale) {
  const int y = kTop + static_cast<int>(i) * kRow;
  const double x0 = scale.x(r.at_ms);
  const double x1 = std::max(x0 + 3, scale.x(r.at_ms + r.held_ms));
  const std::string status = r.status ? std::to_string(*r.status) : "dropped";
  std::string answer = status;
  if (!r.retry_after.empty()) answer += " · Retry-After: " + r.retry_after;
  if (r.held_ms > 0) answer += " · held " + seconds_text(r.held_ms);
  std::string g = "<g class=\"request " + status_class(r) + "\" data-status=\"" + (r.status ? status : "") +
                  "\" data-at-ms=\"" + std::to_string(r.at_ms) + "\"><title>" +
                  xml_escape("#" + std::to_string(i + 1) + " " + r.label + " at " + seconds_text(r.at_ms) + " → " + answer) +
                  "</title>";
  g += "<text class=\"label\" x=\"4\" y=\"" + std::to_string(y + 15) + "\">" + xml_escape(std::to_string(i + 1) + ". " + r.label) +
       "</text>";
  g += "<rect x=\"" + num(x0) + "\" y=\"" + std::to_string(y + 5) + "\" width=\"" + num(x1 - x0) + "\" height=\"12\" rx=\"2\"/>";
  g += "<text class=\"answer\" x=\"" + num(x1 + 4) + "\" y=\"" + std::to_string(y + 15) + "\">" + xml_escape(answer) + "</text>";
  if (r.gave_up_after_ms) {
    const double xg = scale.x(r.at_ms + *r.gave_up_after_ms);
    g += "<g class=\"gave-up\" data-ms=\"" + std::to_string(*r.gave_up_after_ms) + "\"><title>" +
         xml_escape("the client gave up on this answer after " + seconds_text(*r.gave_up_after_ms)) + "</title>";
    g += "<line x1=\"" + num(xg) + "\" y1=\"" + std::to_string(y + 2) + "\" x2=\"" + num(xg) + "\" y2=\"" +
         std::to_string(y + 20) + "\"/></g>";
  }
  return g + "</g>\n";
}

std::string wait_mark(const TimelineWait& w, std::size_t i, const Scale& scale) {
  const int y = kTop + static_cast<int>(i) * kRow + 17;  // from the answer's row down to the next request's
  const double x0 = scale.x(w.from_ms), x1 = scale.x(w.to_ms);
  const long long ms = w.to_ms - w.from_ms;
  std::string g = "<g class=\"wait\" data-ms=\"" + std::to_string(ms) + "\"><title>" +
                  xml_escape("waited " + seconds_text(ms) + " before the next request") + "</title>";
  g += "<path d=\"M" + num(x0) + " " + std::to_string(y) + " H" + num(x1) + " V" + std::to_string(y + kRow - 12) + "\"/>";
  if (x1 - x0 > 50) {
    g += "<text x=\"" + num((x0 + x1) / 2) + "\" y=\"" + std::to_string(y + 11) + "\" text-anchor=\"middle\">" +
         seconds_text(ms) + "</text>";
  }
  return g + "</g>\n";
}

std::string axis(const Scale& scale, int y) {
  std::string g = "<g class=\"axis\"><line x1=\"" + std::to_string(kPlotLeft) + "\" y1=\"" + std::to_string(y) + "\" x2=\"" +
                  std::to_string(kPlotRight) + "\" y2=\"" + std::to_string(y) + "\"/>";
  const long long step = tick_step(scale.span);
  for (long long t = 0; t <= scale.span; t += step) {
    const std::string x = num(scale.x(t));
    g += "<line x1=\"" + x + "\" y1=\"" + std::to_string(y) + "\" x2=\"" + x + "\" y2=\"" + std::to_string(y + 4) + "\"/>";
    g += "<text x=\"" + x + "\" y=\"" + std::to_string(y + 16) + "\" text-anchor=\"middle\">" + seconds_text(t) + "</text>";
  }
  return g + "</g>\n";
}

}  // namespace

Timeline timeline_of(const Transcript& t) {
  Timeline tl;
  const auto origin = timeline_origin(t);
  for (const auto& e : t.exchanges) {
    TimelineRequest r;
    r.at_ms = duration_cast<milliseconds>(e.steady - origin).count();
    r.held_ms = e.held.count();
    r.status = e.status;
    r.label = e.method + " " + e.path;
    if (const auto* h = core::find_header(e.response_headers, "Retry-After")) r.retry_after = h->value;
    tl.requests.push_back(std::move(r));
  }
  if (t.client && t.client->started != std::chrono::steady_clock::time_point{}) {
    tl.client_end_ms = t.client->duration.count();
    tl.timed_out = t.client->timed_out;
  }
  for (std::size_t i = 0; i < tl.requests.size(); ++i) {
    auto& r = tl.requests[i];
    const long long answered = r.at_ms + r.held_ms;
    const std::optional<long long> next =
        i + 1 < tl.requests.size() ? std::optional(tl.requests[i + 1].at_ms) : tl.client_end_ms;
    if (r.held_ms > 0 && next && *next < answered) r.gave_up_after_ms = *next - r.at_ms;
    if (i + 1 < tl.requests.size()) {
      const long long to = tl.requests[i + 1].at_ms;
      tl.waits.push_back({std::min(answered, to), to});
    }
    tl.span_ms = std::max(tl.span_ms, answered);
  }
  if (tl.client_end_ms) tl.span_ms = std::max(tl.span_ms, *tl.client_end_ms);
  tl.span_ms = std::max<long long>(tl.span_ms, 10);
  return tl;
}

std::string timeline_svg(const Timeline& tl) {
  const std::size_t rows = std::min(tl.requests.size(), kTimelineRows);
  const std::size_t hidden = tl.requests.size() - rows;
  const int axis_y = kTop + static_cast<int>(rows) * kRow + 6;
  const int height = axis_y + 24 + (hidden > 0 ? 18 : 0);
  const Scale scale{tl.span_ms + tl.span_ms / 20};  // a margin for the last answer's label
  std::string svg = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(kWidth) +
                    " " + std::to_string(height) + "\" width=\"" + std::to_string(kWidth) + "\" height=\"" +
                    std::to_string(height) + "\" data-requests=\"" + std::to_string(tl.requests.size()) +
                    "\" data-waits=\"" + std::to_string(tl.waits.size()) + "\" role=\"img\">\n";
  svg += "<title>" + xml_escape(std::to_string(tl.requests.size()) + " request" + (tl.requests.size() == 1 ? "" : "s") +
                                " over " + seconds_text(tl.span_ms)) + "</title>\n";
  for (std::size_t i = 0; i < rows; ++i) svg += request_row(tl.requests[i], i, scale);
  for (std::size_t i = 0; i + 1 < rows; ++i) svg += wait_mark(tl.waits[i], i, scale);
  if (tl.client_end_ms) {
    const std::string x = num(scale.x(*tl.client_end_ms));
    const std::string what = tl.timed_out ? "killed at the runner's deadline, " : "the client ended, ";
    svg += "<g class=\"client-end" + std::string(tl.timed_out ? " timed-out" : "") + "\" data-ms=\"" +
           std::to_string(*tl.client_end_ms) + "\"><title>" + xml_escape(what + seconds_text(*tl.client_end_ms)) +
           "</title><line x1=\"" + x + "\" y1=\"4\" x2=\"" + x + "\" y2=\"" + std::to_string(axis_y) + "\"/><text x=\"" + x +
           "\" y=\"11\" text-anchor=\"end\">" + xml_escape(tl.timed_out ? "timed out " : "ended ") + "</text></g>\n";
  }
  svg += axis(scale, axis_y);
  if (hidden > 0) {
    svg += "<text class=\"more\" x=\"4\" y=\"" + std::to_string(height - 4) + "\">" + std::to_string(hidden) +
           " more request" + (hidden == 1 ? "" : "s") + " not drawn (the transcript has them all)</text>\n";
  }
  return svg + "</svg>";
}

}  // namespace mockgate::runner::detail
