// Injected faults: answers queued by a test to replace or delay the next requests' answers.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mockgate::core {

enum class FaultStage {
  BeforeAuth,  ///< after routing and the transport policy, before the credential is read
  AfterAuth,   ///< after the rate limit, before the request body is validated
};

std::optional<FaultStage> parse_fault_stage(std::string_view text);
std::string_view to_string(FaultStage stage);

/// One queued answer. A status replaces the answer (rendered as the provider's own answer for
/// that status); a delay alone holds the answer back, then the request proceeds normally;
/// drop closes the connection without an answer.
struct Fault {
  std::optional<int> status;
  std::chrono::milliseconds delay{0};
  bool drop = false;
  std::optional<int> retry_after;  ///< Retry-After for a 429 (default 1)
  std::optional<std::string> answer;  ///< a profile answer by name, instead of by status
  int repeat = 1;                  ///< how many requests this applies to
};

/// Parses one element of a faults request; throws InvalidRequest on nonsense.
Fault parse_fault(const nlohmann::json& j);
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
    return stage == FaultStage::BeforeAuth ? before_.size() : after_.size();
  }
  /// Empties both queues and gives their memory back.
  void clear();

 private:
  std::deque<Fault>& queue(FaultStage stage) {
    return stage == FaultStage::BeforeAuth ? before_ : after_;
  }
  std::deque<Fault> before_;
  std::deque<Fault> after_;
};

}  // namespace mockgate::core
