#!/usr/bin/env bash
# examples/ci run as a user's CI runs it: contract.sh against the Python reference client, in a
# folder outside the source tree, once passing and once with a client that fails the contract.
# Also checks that both workflows still call contract.sh, so the script and they cannot drift.
# Usage: tests/examples/ci_example.sh MOCKGATE_BINARY
set -euo pipefail
mockgate=${1:?usage: tests/examples/ci_example.sh MOCKGATE_BINARY}
# contract.sh runs in a folder of its own: a relative path to the binary would not reach it.
[[ $mockgate != */* ]] || mockgate=$(realpath "$mockgate")
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
contract=$source_dir/examples/ci/contract.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "ci_example: $*" >&2
  exit 1
}

for workflow in github-actions.yml gitlab-ci.yml; do
  grep -q 'examples/ci/contract\.sh' "$source_dir/examples/ci/$workflow" ||
    fail "examples/ci/$workflow does not run examples/ci/contract.sh"
done

# Runs contract.sh from $tmp as CI would; prints its exit code.
contract() {
  (cd "$tmp" && MOCKGATE=$mockgate CLIENT=$1 PROVIDER=lisoloo OUT=$tmp/reports \
    GITHUB_STEP_SUMMARY=$tmp/step-summary.md bash "$contract" >"$tmp/contract.log" 2>&1) &&
    echo 0 || echo $?
}

reports_written() {
  local report
  for report in junit.xml report.json report.html summary.md; do
    [[ -s $tmp/reports/$report ]] || fail "$1: contract.sh wrote no $report"
  done
  xmllint --noout "$tmp/reports/junit.xml" || fail "$1: junit.xml is not well-formed XML"
}

status=$(contract "python3 $source_dir/fixtures/clients/python/client.py")
[[ $status == 0 ]] || { cat "$tmp/contract.log" >&2; fail "the reference client: exit $status, not 0"; }
reports_written "the reference client"
cmp -s "$tmp/reports/summary.md" "$tmp/step-summary.md" ||
  fail "\$GITHUB_STEP_SUMMARY does not hold summary.md"

# A second run into the same folder, as a re-run CI job: the earlier reports are replaced.
rm -f "$tmp/step-summary.md"
status=$(contract 'sh -c "echo not-json"')
[[ $status == 1 ]] || { cat "$tmp/contract.log" >&2; fail "a failing client: exit $status, not 1"; }
reports_written "a failing client"
echo "ci_example: ok"
