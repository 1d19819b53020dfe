#!/usr/bin/env bash
# Run mockgate's contract against one client in CI and write every report: JUnit XML for the
# CI's test view, JSON for tools, HTML for people, Markdown for the job summary.
# Exits with mockgate's own code, so the job goes red exactly when the contract failed:
#   0 ok, 1 a contract failed, 2 bad input, 3 mockgate itself failed or the client could not start.
# Usage: CLIENT='python3 my_client.py' examples/ci/contract.sh [extra `mockgate run` flags, e.g. --shard 1/3]
#   CLIENT     the client command, run once per scenario step (required)
#   PROVIDER   only this provider's scenarios (default: every provider)
#   MOCKGATE   the mockgate command (default: mockgate on PATH)
#   OUT        where the reports go (default: mockgate-reports)
set -euo pipefail
if [[ -z ${CLIENT:-} ]]; then
  # 2, mockgate's code for bad input: 1 would read as a failed contract.
  echo "contract.sh: set CLIENT to the client command, e.g. CLIENT='python3 client.py'" >&2
  exit 2
fi
mockgate=${MOCKGATE:-mockgate}
out=${OUT:-mockgate-reports}
mkdir -p "$out"

# --force: a re-run job (or a cached workspace) may hold the reports of an earlier run.
status=0
"$mockgate" run --client "$CLIENT" ${PROVIDER:+--provider "$PROVIDER"} \
  --junit "$out/junit.xml" --json "$out/report.json" --html "$out/report.html" \
  --markdown "$out/summary.md" --force "$@" || status=$?

# GitHub Actions shows this file on the run's page; elsewhere the variable is unset.
if [[ -n ${GITHUB_STEP_SUMMARY:-} && -f $out/summary.md ]]; then
  cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
exit "$status"
