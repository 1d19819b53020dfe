// Splitting a selection of scenarios across N machines (a CI matrix): `--shard K/N`.
#pragma once

#include <cstddef>
#include <vector>

#include "mockgate/runner/scenario.hpp"

namespace mockgate::runner {

/// Which shard (0-based, below `shards`) each scenario belongs to. Even by expected duration: a
/// fixed cost per scenario plus the waits its faults impose (schedule.hpp's expected_wait),
/// longest first, each to the least loaded shard. Deterministic: it depends on the scenarios'
/// ids and contents, not their order, so N jobs that select the same scenarios agree, and the
/// N parts together are the selection, each scenario in exactly one.
std::vector<std::size_t> shard_assignment(const std::vector<Scenario>& scenarios, std::size_t shards);

/// The scenarios of shard `index` (0-based) of `shards`, in their input order.
std::vector<Scenario> shard_of(std::vector<Scenario> scenarios, std::size_t index, std::size_t shards);

}  // namespace mockgate::runner
