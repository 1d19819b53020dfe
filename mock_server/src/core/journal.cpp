// The bounded journal of serve events and its JSON form (GET /__mockgate/journal).
#include "mockgate/core/journal.hpp"

#include "core/base64.hpp"
#include "core/utf8.hpp"

namespace mockgate::core {

namespace {
constexpr JournalFlag kAllFlags[] = {JournalFlag::KeyInUrl, JournalFlag::Dropped,
                                     JournalFlag::Fault,    JournalFlag::Delayed,
                                     JournalFlag::Truncated, JournalFlag::NotUtf8};

using nlohmann::json;

/// Sets `j[name]` to `value` shown as text; when it is not UTF-8, also `j[name + "_base64"]`.
void put_text(json& j, const std::string& name, const std::string& value) {
  if (is_valid_utf8(value)) {
    j[name] = value;
    return;
  }
  j[name] = to_valid_utf8(value);
  j[name + "_base64"] = base64_encode(value);
}

bool all_utf8(const Headers& entries) {
  for (const auto& h : entries) {
    if (!is_valid_utf8(h.name) || !is_valid_utf8(h.value)) return false;
  }
  return true;
}

bool all_utf8(const QueryParams& entries) {
  for (const auto& [k, v] : entries) {
    if (!is_valid_utf8(k) || !is_valid_utf8(v)) return false;
  }
  return true;
}

/// Headers as an object, repeated ones joined as HTTP would fold them; `name` + "_base64"
/// beside it when any entry is not UTF-8.
void put_headers(json& j, const std::string& name, const Headers& headers) {
  json shown = json::object();
  for (const auto& h : headers) {
    const auto key = to_valid_utf8(h.name);
    const auto value = to_valid_utf8(h.value);
    if (shown.contains(key)) {
      shown[key] = shown[key].get<std::string>() + ", " + value;
    } else {
      shown[key] = value;
    }
  }
  j[name] = std::move(shown);
  if (all_utf8(headers)) return;
  json exact = json::array();
  for (const auto& h : headers) exact.push_back({base64_encode(h.name), base64_encode(h.value)});
  j[name + "_base64"] = std::move(exact);
}

void put_query(json& j, const QueryParams& query) {
  json shown = json::object();
  for (const auto& [k, v] : query) shown[to_valid_utf8(k)] = to_valid_utf8(v);
  j["query"] = std::move(shown);
  if (all_utf8(query)) return;
  json exact = json::array();
  for (const auto& [k, v] : query) exact.push_back({base64_encode(k), base64_encode(v)});
  j["query_base64"] = std::move(exact);
}

bool is_utf8_throughout(const ServeEvent& e) {
  for (const auto* text : {&e.env, &e.method, &e.path, &e.target, &e.body, &e.peer,
                           &e.response_body, &e.key_id}) {
    if (!is_valid_utf8(*text)) return false;
  }
  return all_utf8(e.query) && all_utf8(e.headers) && all_utf8(e.response_headers);
}

/// Cuts `body` to `limit` bytes (not inside a UTF-8 sequence); true when it cut.
bool cut_body(std::string& body, std::size_t& size, std::size_t limit) {
  if (size == 0) size = body.size();
  if (body.size() <= limit) return false;
  body.resize(utf8_cut(body, limit));
  body.shrink_to_fit();  // the cut-off part is what the limit is for: give it back
  return true;
}

}  // namespace

std::string_view to_string(JournalFlag flag) {
  switch (flag) {
    case JournalFlag::KeyInUrl: return "key_in_url";
    case JournalFlag::Dropped: return "dropped";
    case JournalFlag::Fault: return "fault";
    case JournalFlag::Delayed: return "delayed";
    case JournalFlag::Truncated: return "truncated";
    case JournalFlag::NotUtf8: return "not_utf8";
  }
  return "unknown";
}

std::optional<JournalFlag> parse_journal_flag(std::string_view name) {
  for (const auto f : kAllFlags) {
    if (to_string(f) == name) return f;
  }
  return std::nullopt;
}

std::vector<std::string> journal_flag_names() {
  std::vector<std::string> names;
  for (const auto f : kAllFlags) names.emplace_back(to_string(f));
  return names;
}

bool ServeEvent::has_flag(JournalFlag flag) const {
  for (const auto f : flags) {
    if (f == flag) return true;
  }
  return false;
}

void to_json(nlohmann::json& j, const ServeEvent& e) {
  j = json{{"seq", e.seq}, {"time", format_time(e.time)}, {"tls", e.tls}};
  put_text(j, "env", e.env);
  put_text(j, "method", e.method);
  put_text(j, "path", e.path);
  put_text(j, "target", e.target);
  put_query(j, e.query);
  put_headers(j, "headers", e.headers);
  put_text(j, "body", e.body);
  j["body_size"] = e.body_size == 0 ? e.body.size() : e.body_size;
  put_text(j, "peer", e.peer);
  j["status"] = e.status ? json(*e.status) : json(nullptr);
  if (e.held.count() > 0) j["held_ms"] = e.held.count();
  j["flags"] = json::array();
  for (const auto f : e.flags) j["flags"].push_back(to_string(f));
  json response = json::object();
  put_headers(response, "headers", e.response_headers);
  put_text(response, "body", e.response_body);
  response["body_size"] = e.response_body_size == 0 ? e.response_body.size() : e.response_body_size;
  j["response"] = std::move(response);
  if (!e.key_id.empty()) put_text(j, "key_id", e.key_id);
  if (e.network != NetworkFault::None) j["network"] = std::string(to_string(e.network));
  if (e.nearest) {
    j["nearest"] = {{"method", e.nearest->method},
                    {"path", e.nearest->path},
                    {"differs", e.nearest->differs},
                    {"hint", e.nearest->hint}};
  }
}

std::size_t Journal::footprint(const ServeEvent& e) {
  // Fixed costs stand for the allocator's and the containers' overhead, roughly: the budget is
  // about memory, and a flood of tiny events must not slip under it.
  constexpr std::size_t kPerEntry = 64;
  std::size_t n = sizeof(ServeEvent) + e.env.size() + e.method.size() + e.path.size() +
                  e.target.size() + e.body.size() + e.peer.size() + e.response_body.size() +
                  e.key_id.size();
  for (const auto& [k, v] : e.query) n += kPerEntry + k.size() + v.size();
  for (const auto& h : e.headers) n += kPerEntry + h.name.size() + h.value.size();
  for (const auto& h : e.response_headers) n += kPerEntry + h.name.size() + h.value.size();
  for (const auto& d : e.header_digests) n += kPerEntry + d.size();
  if (e.nearest) {
    n += e.nearest->method.size() + e.nearest->path.size() + e.nearest->hint.size();
    for (const auto& d : e.nearest->differs) n += kPerEntry + d.size();
  }
  return n + e.flags.size() * sizeof(JournalFlag);
}

std::uint64_t Journal::record(ServeEvent event) {
  event.seq = next_seq_++;
  const bool cut_request = cut_body(event.body, event.body_size, body_bytes_);
  const bool cut_response = cut_body(event.response_body, event.response_body_size, body_bytes_);
  if ((cut_request || cut_response) && !event.has_flag(JournalFlag::Truncated)) {
    event.flags.push_back(JournalFlag::Truncated);
  }
  if (!is_utf8_throughout(event) && !event.has_flag(JournalFlag::NotUtf8)) {
    event.flags.push_back(JournalFlag::NotUtf8);
  }
  const std::size_t cost = footprint(event);
  if (capacity_ == 0 || cost > byte_budget_) {
    ++dropped_;
    return event.seq;
  }
  while (!events_.empty() && (events_.size() >= capacity_ || bytes_ + cost > byte_budget_)) {
    bytes_ -= footprint(events_.front());
    events_.pop_front();
    ++dropped_;
  }
  bytes_ += cost;
  events_.push_back(std::move(event));
  return events_.back().seq;
}

void Journal::clear() {
  std::deque<ServeEvent>().swap(events_);
  bytes_ = 0;
  dropped_ = 0;
  next_seq_ = 1;
}

}  // namespace mockgate::core
