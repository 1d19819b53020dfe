#!/usr/bin/env bash
# The Python side of mockgate: the pytest plugin's own tests (helpers/python), then the example
# SDK's suite that uses it (examples/python-sdk), against the given binary.
# Usage: tests/helpers/pytest_plugin.sh MOCKGATE_BINARY   (exit 77, ctest's skip, without pytest)
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 MOCKGATE_BINARY" >&2; exit 2; }
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
python=/usr/bin/python3
if ! "$python" -c 'import pytest' 2>/dev/null; then
  echo "python3-pytest is not installed: skipped" >&2
  exit 77
fi

export MOCKGATE_BINARY
MOCKGATE_BINARY=$(realpath "$1")
# One clear line rather than every test failing on it.
[[ -x $MOCKGATE_BINARY ]] || { echo "not an executable: $1" >&2; exit 2; }
export PYTHONPATH="$source_dir/helpers/python${PYTHONPATH:+:$PYTHONPATH}"
# Nothing written into the source tree: no bytecode, no .pytest_cache.
export PYTHONDONTWRITEBYTECODE=1
pytest=("$python" -m pytest -q -p no:cacheprovider)

"${pytest[@]}" "$source_dir/helpers/python/tests"
"${pytest[@]}" "$source_dir/examples/python-sdk/tests"
