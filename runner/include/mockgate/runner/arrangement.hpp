// Puts a scenario's `given` into a provider's state: what `run` does before each client step
// and what `serve --scenario` does at start.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "mockgate/core/provider_state.hpp"
#include "mockgate/runner/scenario.hpp"

namespace mockgate::runner {

/// Creates the accounts and keys (deleting and rotating as asked), queues the faults and sets
/// the certificate; with `with_clock_and_locale`, also the clock and the locale (a fresh
/// server gets those as options instead). Keys are created for listener environment `env`.
/// Returns every key by name, rotated ones under their new name too. Throws what the state
/// throws (core::InvalidRequest) when the arrangement is impossible.
std::map<std::string, core::CreatedKey> arrange(core::ProviderState& state, const Given& given,
                                                std::string_view env, bool with_clock_and_locale);

}  // namespace mockgate::runner
