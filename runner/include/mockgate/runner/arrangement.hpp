// Puts a scenario's `given` into a mock, in process or running elsewhere: what `run` and
// `verify --target` do before each client step and what `serve --scenario` does at start.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "mockgate/runner/mock_control.hpp"
#include "mockgate/runner/scenario.hpp"

namespace mockgate::runner {

/// Creates the accounts and keys (deleting and rotating as asked), queues the faults and sets
/// the certificate (last: after it the mock may present a certificate nobody trusts); with
/// `with_clock_and_locale`, first the clock and the locale too (a fresh server gets those as
/// options instead). Keys are created for listener environment `env`. Returns every key by
/// name, rotated ones under their new name too. Throws what the mock throws.
std::map<std::string, core::CreatedKey> arrange(MockControl& mock, const Given& given,
                                                std::string_view env, bool with_clock_and_locale);

}  // namespace mockgate::runner
