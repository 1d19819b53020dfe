// The journal: what the provider endpoints received and answered, secrets already redacted.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/clock.hpp"
#include "mockgate/core/limits.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// What the journal notes about a serve event, beyond its answer. One vocabulary for the
/// pipeline that sets them, the JSON that shows them and the scenarios that expect them.
enum class JournalFlag {
  KeyInUrl,  ///< "key_in_url": a credential-named query parameter, or a stored key, in the URL
  Dropped,   ///< "dropped": the connection closed without an answer (a fault)
  Fault,     ///< "fault": an injected fault answered
  Delayed,   ///< "delayed": the answer was held back (a fault)
  Truncated, ///< "truncated": a body was longer than the journal keeps (see `body_size`)
  NotUtf8,   ///< "not_utf8": a field is not UTF-8; its exact bytes are beside it in base64
};
std::string_view to_string(JournalFlag flag);
std::optional<JournalFlag> parse_journal_flag(std::string_view name);
/// Every flag's name, in declaration order.
std::vector<std::string> journal_flag_names();

/// For a request no endpoint answered (404 or 405): the endpoint it came closest to, and how
/// it differed — so "why did my client get 404?" has an answer in the journal.
struct NearestEndpoint {
  std::string method;
  std::string path;                  ///< as the profile writes it, `{name}` for a segment
  std::vector<std::string> differs;  ///< "method", "path"
  std::string hint;                  ///< one sentence: the first difference, in words
};

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
  /// The body's size as received; 0 means "as long as `body`". More than `body.size()` when
  /// the journal cut it (flag Truncated).
  std::size_t body_size = 0;
  std::string peer;
  std::optional<int> status;  ///< nullopt when the connection was dropped
  Headers response_headers;
  std::string response_body;
  std::size_t response_body_size = 0;  ///< as `body_size`, for the answer
  /// SHA-256 (hex) of each request header value the redaction changed, in `headers` order (""
  /// for a value kept as sent): lets a checker compare exact values without the journal keeping
  /// them. Never serialised.
  std::vector<std::string> header_digests;
  SteadyTime steady{};        ///< elapsed-time stamp, for gaps between retries
  /// How long the answer was held back after `steady` (a delay fault); 0 when answered at once.
  std::chrono::milliseconds held{0};
  std::vector<JournalFlag> flags;
  std::string key_id;         ///< the key that authenticated or was refused, when known
  /// Set for a request no endpoint answered (404 or 405), from its redacted method and path.
  std::optional<NearestEndpoint> nearest;
  /// How the answer was sent broken (an injected network fault); None when it was not.
  NetworkFault network = NetworkFault::None;

  bool has_flag(JournalFlag flag) const;
};

/// The JSON form (design.md, GET /__mockgate/journal), always valid UTF-8 whatever was
/// received: a text field that is not UTF-8 shows each stray byte as U+FFFD and gets its exact
/// bytes in base64 beside it (`body` → `body_base64`; `headers`, `query` →
/// `headers_base64`, `query_base64`: every entry as `[name, value]`, both base64, in the order
/// received), and the event is flagged "not_utf8". So nothing is lost and nothing breaks JSON.
void to_json(nlohmann::json& j, const ServeEvent& e);

/// A bounded ring: once full — in events or in bytes — the oldest event is dropped first and the
/// drop counted. Bodies are kept up to a limit, the rest cut off and the event flagged.
class Journal {
 public:
  static constexpr std::size_t kDefaultCapacity = 10000;
  explicit Journal(std::size_t capacity = kDefaultCapacity,
                   std::size_t byte_budget = Limits{}.journal_bytes,
                   std::size_t body_bytes = Limits{}.journal_body_bytes)
      : capacity_(capacity), byte_budget_(byte_budget), body_bytes_(body_bytes) {}

  /// Appends `event`, giving it the next sequence number; returns that number. Cuts its bodies
  /// to the body limit and flags what the JSON form will show escaped. An event larger than the
  /// whole byte budget is not kept (counted as dropped).
  std::uint64_t record(ServeEvent event);
  /// Oldest first.
  const std::deque<ServeEvent>& events() const { return events_; }
  std::uint64_t dropped() const { return dropped_; }
  /// The sequence number of the newest event recorded (0 before any, and after a clear).
  std::uint64_t last_seq() const { return next_seq_ - 1; }
  /// What the kept events cost, as `footprint` counts it.
  std::size_t bytes() const { return bytes_; }
  /// Empties the journal and gives its memory back (not merely clear(): a deque keeps blocks).
  void clear();

  /// The memory an event holds: its strings, plus a fixed cost per event and per entry.
  static std::size_t footprint(const ServeEvent& event);

 private:
  std::size_t capacity_;
  std::size_t byte_budget_;
  std::size_t body_bytes_;
  std::deque<ServeEvent> events_;
  std::size_t bytes_ = 0;
  std::uint64_t next_seq_ = 1;
  std::uint64_t dropped_ = 0;
};

}  // namespace mockgate::core
