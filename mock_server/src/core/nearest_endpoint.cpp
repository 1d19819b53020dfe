// Nearest endpoint: an edit distance over path segments, where a segment's cost is its own
// (case-insensitive) edit distance, and a hint in words for the first difference.
#include "nearest_endpoint.hpp"

#include <algorithm>
#include <vector>

#include "core/suggest.hpp"
#include "core/utf8.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {
namespace {

// A path may be as long as the request line limit allows (megabytes): what is compared is
// bounded, the rest only counted.
constexpr std::size_t kComparedSegments = 32;
constexpr std::size_t kComparedBytes = 128;
constexpr std::size_t kQuotedBytes = 60;

using Segments = std::vector<std::string_view>;

Segments segments_of(std::string_view path) {
  Segments out;
  std::size_t at = 0;
  for (;;) {
    const auto end = path.find('/', at);
    out.push_back(path.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos) return out;
    at = end + 1;
  }
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

/// 0 when the pattern's segment matches the request's, else at least 1.
std::size_t segment_cost(std::string_view want, std::string_view got) {
  if (is_param(want)) return got.empty() ? 1 : 0;
  if (want == got) return 0;
  return std::max<std::size_t>(1, edit_distance(want.substr(0, kComparedBytes), got.substr(0, kComparedBytes)));
}

/// An edit distance over segments: a missing or extra segment costs its length and one.
std::size_t path_cost(const Segments& want, const Segments& got) {
  const std::size_t n = std::min(got.size(), kComparedSegments);
  const std::size_t uncompared = got.size() - n;
  std::vector<std::size_t> row(n + 1), next(n + 1);
  row[0] = 0;
  for (std::size_t j = 1; j <= n; ++j) row[j] = row[j - 1] + std::min(got[j - 1].size(), kComparedBytes) + 1;
  for (std::size_t i = 1; i <= want.size(); ++i) {
    next[0] = row[0] + want[i - 1].size() + 1;
    for (std::size_t j = 1; j <= n; ++j) {
      next[j] = std::min({row[j] + want[i - 1].size() + 1,
                          next[j - 1] + std::min(got[j - 1].size(), kComparedBytes) + 1,
                          row[j - 1] + segment_cost(want[i - 1], got[j - 1])});
    }
    row.swap(next);
  }
  return row[n] + uncompared;
}

std::string quoted(std::string_view segment) {
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wstringop-overflow) on "'" + string.
  std::string q = "'";
  q.append(segment.substr(0, utf8_cut(segment, kQuotedBytes)));
  if (segment.size() > kQuotedBytes) q += "…";
  q += '\'';
  return q;
}

std::string methods_in_words(const std::vector<std::string>& methods) {
  std::string words;
  for (std::size_t i = 0; i < methods.size(); ++i) {
    words += (i == 0 ? "" : i + 1 == methods.size() ? " or " : ", ") + methods[i];
  }
  return words;
}

/// The first difference between a request path and an endpoint's path, in words.
std::string path_hint(const Segments& want, const Segments& got) {
  if (got.size() == want.size() + 1 && got.back().empty() &&
      path_cost(want, Segments(got.begin(), got.end() - 1)) == 0) {
    return "the path ends in '/', the endpoint's does not";
  }
  std::string hint;
  if (got.size() != want.size()) {
    hint = "the path has " + std::to_string(got.size() - 1) + " segments where the endpoint has " +
           std::to_string(want.size() - 1) + "; ";
  }
  for (std::size_t i = 0; i < std::min(want.size(), got.size()); ++i) {
    if (segment_cost(want[i], got[i]) == 0) continue;
    if (is_param(want[i])) return hint + "an empty segment where the endpoint has " + std::string(want[i]);
    hint += quoted(got[i]) + " where the endpoint has " + quoted(want[i]);
    if (iequals(want[i], got[i])) hint += " (letter case differs)";
    return hint;
  }
  return hint + "the first " + std::to_string(std::min(want.size(), got.size()) - 1) + " segments match";
}

}  // namespace

std::optional<NearestEndpoint> nearest_endpoint(const Profile& profile, std::string_view method,
                                                std::string_view path) {
  const std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
  const Segments got = segments_of(path);
  const EndpointSpec* best = nullptr;
  std::size_t best_cost = 0;
  std::size_t best_path_cost = 0;
  std::vector<std::string> path_methods;  // every method the best path takes
  for (const auto& e : profile.endpoints) {
    const std::size_t p = path_cost(segments_of(e.path), got);
    const std::size_t cost = 2 * p + (e.method == effective ? 0 : 1);
    if (best == nullptr || cost < best_cost) {
      best = &e;
      best_cost = cost;
      best_path_cost = p;
    }
  }
  if (best == nullptr) return std::nullopt;
  for (const auto& e : profile.endpoints) {
    if (e.path == best->path && std::find(path_methods.begin(), path_methods.end(), e.method) == path_methods.end()) {
      path_methods.push_back(e.method);
    }
  }
  NearestEndpoint nearest{best->method, best->path, {}, {}};
  std::vector<std::string> hints;
  if (best_path_cost > 0) {
    nearest.differs.push_back("path");
    hints.push_back(path_hint(segments_of(best->path), got));
  }
  if (best->method != effective) {
    nearest.differs.push_back("method");
    hints.push_back((path_methods.size() == 1 ? "the endpoint takes only " : "the endpoint's path takes ") +
                    methods_in_words(path_methods) + ", not " + std::string(method));
  }
  for (const auto& h : hints) nearest.hint += (nearest.hint.empty() ? "" : "; and ") + h;
  nearest.hint = to_valid_utf8(nearest.hint);
  return nearest;
}

}  // namespace mockgate::core
