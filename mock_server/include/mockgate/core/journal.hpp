// The journal: what the provider endpoints received and answered, secrets already redacted.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/clock.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// What the journal notes about a serve event, beyond its answer. One vocabulary for the
/// pipeline that sets them, the JSON that shows them and the scenarios that expect them.
enum class JournalFlag {
  KeyInUrl,  ///< "key_in_url": a credential-named query parameter, or a stored key, in the URL
  Dropped,   ///< "dropped": the connection closed without an answer (a fault)
  Fault,     ///< "fault": an injected fault answered
  Delayed,   ///< "delayed": the answer was held back (a fault)
};
std::string_view to_string(JournalFlag flag);
std::optional<JournalFlag> parse_journal_flag(std::string_view name);
/// Every flag's name, in declaration order.
std::vector<std::string> journal_flag_names();

/// One provider request and its outcome. Every field is already redacted.
struct ServeEvent {
  std::uint64_t seq = 0;
  SystemTime time{};
  std::string env;
  bool tls = false;
  std::string method;
  std::string path;    ///< decoded
  std::string target;  ///< as sent: path and query still percent-encoded ("%2F" stays "%2F")
  QueryParams query;
  Headers headers;
  std::string body;
  std::string peer;
  std::optional<int> status;  ///< nullopt when the connection was dropped
  Headers response_headers;
  std::string response_body;
  /// SHA-256 (hex) of each request header value the redaction changed, in `headers` order (""
  /// for a value kept as sent): lets a checker compare exact values without the journal keeping
  /// them. Never serialised.
  std::vector<std::string> header_digests;
  SteadyTime steady{};        ///< elapsed-time stamp, for gaps between retries
  std::vector<JournalFlag> flags;
  std::string key_id;         ///< the key that authenticated or was refused, when known

  bool has_flag(JournalFlag flag) const;
};

void to_json(nlohmann::json& j, const ServeEvent& e);

/// A bounded ring: once full, the oldest event is dropped first and the drop counted.
class Journal {
 public:
  explicit Journal(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}
  static constexpr std::size_t kDefaultCapacity = 10000;

  /// Appends `event`, giving it the next sequence number; returns that number.
  std::uint64_t record(ServeEvent event);
  /// Oldest first.
  const std::deque<ServeEvent>& events() const { return events_; }
  std::uint64_t dropped() const { return dropped_; }
  void clear();

 private:
  std::size_t capacity_;
  std::deque<ServeEvent> events_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t dropped_ = 0;
};

}  // namespace mockgate::core
