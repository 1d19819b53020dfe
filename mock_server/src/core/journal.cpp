// The bounded journal of serve events and its JSON form (GET /__mockgate/journal).
#include "mockgate/core/journal.hpp"

namespace mockgate::core {

namespace {
constexpr JournalFlag kAllFlags[] = {JournalFlag::KeyInUrl, JournalFlag::Dropped, JournalFlag::Fault,
                                     JournalFlag::Delayed};
}  // namespace

std::string_view to_string(JournalFlag flag) {
  switch (flag) {
    case JournalFlag::KeyInUrl: return "key_in_url";
    case JournalFlag::Dropped: return "dropped";
    case JournalFlag::Fault: return "fault";
    case JournalFlag::Delayed: return "delayed";
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
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& h : e.headers) {
    // Repeated headers are joined as HTTP would fold them.
    if (headers.contains(h.name)) {
      headers[h.name] = headers[h.name].get<std::string>() + ", " + h.value;
    } else {
      headers[h.name] = h.value;
    }
  }
  nlohmann::json query = nlohmann::json::object();
  for (const auto& [k, v] : e.query) query[k] = v;
  j = nlohmann::json{{"seq", e.seq},
                     {"time", format_time(e.time)},
                     {"env", e.env},
                     {"tls", e.tls},
                     {"method", e.method},
                     {"path", e.path},
                     {"target", e.target},
                     {"query", query},
                     {"headers", headers},
                     {"body", e.body},
                     {"peer", e.peer},
                     {"status", e.status ? nlohmann::json(*e.status) : nlohmann::json(nullptr)},
                     {"flags", nlohmann::json::array()}};
  for (const auto f : e.flags) j["flags"].push_back(to_string(f));
  nlohmann::json response_headers = nlohmann::json::object();
  for (const auto& h : e.response_headers) response_headers[h.name] = h.value;
  j["response"] = {{"headers", response_headers}, {"body", e.response_body}};
  if (!e.key_id.empty()) j["key_id"] = e.key_id;
}

std::uint64_t Journal::record(ServeEvent event) {
  event.seq = next_seq_++;
  if (capacity_ == 0) {
    ++dropped_;
    return event.seq;
  }
  if (events_.size() == capacity_) {
    events_.pop_front();
    ++dropped_;
  }
  events_.push_back(std::move(event));
  return events_.back().seq;
}

void Journal::clear() {
  events_.clear();
  dropped_ = 0;
  next_seq_ = 1;
}

}  // namespace mockgate::core
