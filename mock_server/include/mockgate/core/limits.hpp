// How much a provider's mock keeps: the bounds that stop hostile or careless input from costing
// memory or time. Plain values, so the serve command can expose each one as a flag.
#pragma once

#include <cstddef>

namespace mockgate::core {

/// Every bound of one provider's state. The defaults fit a contract run with room to spare
/// (its bodies are a few hundred bytes, its scenarios a handful of keys and faults) and keep a
/// long-running `serve` under about 100 MiB whatever it is sent.
struct Limits {
  /// Bytes of each request and response body the journal keeps; the rest is cut off and the
  /// event marked "truncated" with the body's real size. Redaction sees the whole body first.
  std::size_t journal_body_bytes = 64 * 1024;
  /// The journal's budget in bytes (besides its count of events): oldest events go first.
  std::size_t journal_bytes = 64 * 1024 * 1024;
  /// Faults queued at once, both stages together (one fault with `repeat` counts once).
  std::size_t faults = 10000;
  /// Keys in the store, soft-deleted and rotated-away ones included.
  std::size_t keys = 100000;
  /// Redaction forms kept of keys a reset removed, so they stay redacted afterwards; oldest
  /// forgotten first.
  std::size_t forgotten_keys_redacted = 100000;
};

}  // namespace mockgate::core
