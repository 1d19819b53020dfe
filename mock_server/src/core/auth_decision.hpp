// What a stage of the decision pipeline decides when it answers: which stage, and the answer.
// A value, so each stage can be tested on its own (tests/core/auth_stages_test.cpp).
#pragma once

#include <optional>
#include <string_view>

#include "core/renderer.hpp"
#include "mockgate/core/request.hpp"

namespace mockgate::core {

/// The stages of design.md's pipeline, in their order.
enum class Stage {
  Route,
  Transport,
  FaultBeforeAuth,
  Credential,
  Lookup,
  Environment,
  Status,
  Scope,
  IpWhitelist,
  RateLimit,
  FaultAfterAuth,
  Body,
  Endpoint,
};

std::string_view to_string(Stage stage);

struct AuthDecision {
  Stage stage = Stage::Route;
  /// The profile's answer by name (`answer::k…`, or a status answer's name), rendered in the
  /// mock's locale with `vars`. Ignored when `response` is set.
  std::string_view answer;
  TemplateVars vars;
  Headers headers;                    ///< added to the answer (405's `Allow`)
  std::optional<Response> response;  ///< an answer already made (an injected fault's)
};

/// A stage's result: the answer it gives, or nothing when the request passes on.
using StageResult = std::optional<AuthDecision>;

}  // namespace mockgate::core
