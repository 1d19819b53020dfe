#!/usr/bin/env bash
# Runs the Node helper's tests and the example Node SDK's suite against one mockgate binary (ctest).
# Usage: node_helper.sh MOCKGATE_BINARY. Exit 77 (ctest's skip) when node is missing or older than 18.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 MOCKGATE_BINARY" >&2
  exit 2
fi
MOCKGATE_BINARY=$(realpath "$1")
export MOCKGATE_BINARY

if ! command -v node >/dev/null 2>&1; then
  echo "node not found: skipping the Node helper tests" >&2
  exit 77
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 18 )); then
  echo "node $(node --version) is older than 18: skipping the Node helper tests" >&2
  exit 77
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# timeout signals its whole process group, so test processes and their servers end with it.
exec timeout --kill-after=5 110 node --test \
  "$root/helpers/node/test/mockgate.test.mjs" \
  "$root/examples/node-sdk/test/auth.test.mjs"
