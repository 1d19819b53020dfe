// Injected faults: answers queued by a test to replace or delay the next requests' answers.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mockgate/core/request.hpp"

namespace mockgate::core {

enum class FaultStage {
  BeforeAuth,  ///< after routing and the transport policy, before the credential is read
  AfterAuth,   ///< after the rate limit, before the request body is validated
  Connection,  ///< when a connection is accepted, before any request (a stalled handshake)
};

std::optional<FaultStage> parse_fault_stage(std::string_view text);
std::string_view to_string(FaultStage stage);
/// "before_auth", "after_auth", "connection".
std::vector<std::string> fault_stage_names();

/// One queued answer. A status replaces the answer (rendered as the provider's own answer for
/// that status); a delay alone holds the answer back, then the request proceeds normally;
/// drop closes the connection without an answer; a network fault sends the answer (the
/// request's own, or the status's) broken that way — the request is processed all the same,
/// as a real server would have before the network failed it.
struct Fault {
  std::optional<int> status;
  std::chrono::milliseconds delay{0};
  bool drop = false;
  std::optional<int> retry_after;  ///< Retry-After for a 429 (default 1)
  std::optional<std::string> answer;  ///< a profile answer by name, instead of by status
  int repeat = 1;                  ///< how many requests this applies to
  std::optional<NetworkFault> network;
  /// How long a dribble takes (default 2 s) or a stalled handshake lasts (default 30 s).
  std::chrono::milliseconds duration{0};
};

/// What the faults a request met do to whatever answer it gets: hold it, send it broken.
struct FaultEffects {
  std::chrono::milliseconds delay{0};
  NetworkFault network = NetworkFault::None;
  std::chrono::milliseconds spread{0};  ///< a dribble's duration

  void add(const Fault& fault);
  void apply(Response& response) const;
};

/// How many faults wait at each stage.
struct QueuedFaults {
  std::size_t before_auth = 0;
  std::size_t after_auth = 0;
  std::size_t connection = 0;
};

/// Parses one element of a faults request; throws InvalidRequest on nonsense.
Fault parse_fault(const nlohmann::json& j);
/// Throws InvalidRequest when `fault` cannot happen at `stage` (a stalled handshake happens to
/// a connection, before any request; everything else to a request).
void check_fault_stage(FaultStage stage, const Fault& fault);
nlohmann::json to_json(const Fault& f);

/// Two FIFO queues, one per stage. Not thread-safe: the provider state serialises access.
class FaultQueue {
 public:
  void push(FaultStage stage, Fault fault);
  /// The fault for the next request at `stage`, if any (a repeated fault stays queued).
  std::optional<Fault> take(FaultStage stage);
  nlohmann::json pending() const;
  /// Faults queued at `stage` (a repeated fault counts once).
  std::size_t size(FaultStage stage) const {
    return stage == FaultStage::BeforeAuth ? before_.size()
           : stage == FaultStage::AfterAuth ? after_.size()
                                            : connection_.size();
  }
  /// Faults queued at every stage.
  std::size_t total() const { return before_.size() + after_.size() + connection_.size(); }
  /// Empties both queues and gives their memory back.
  void clear();

 private:
  std::deque<Fault>& queue(FaultStage stage) {
    return stage == FaultStage::BeforeAuth ? before_ : stage == FaultStage::AfterAuth ? after_ : connection_;
  }
  std::deque<Fault> before_;
  std::deque<Fault> after_;
  std::deque<Fault> connection_;
};

}  // namespace mockgate::core
