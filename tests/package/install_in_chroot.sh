#!/usr/bin/env bash
# The .deb as a user meets it: installed with apt-get on a minimal Debian (its dependencies
# from the archive, nothing else), then used from outside any source tree: the man page, lint
# of the bundled catalogue, and `mockgate run` of the bundled scenarios against the Python
# reference client from /usr/share/doc/mockgate/examples, with every report written.
# Usage: tests/package/install_in_chroot.sh DEB [SUITE]   (SUITE: bookworm, the default, or trixie)
set -euo pipefail
deb=$(realpath "$1")
suite=${2:-bookworm}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/lib/chroot.sh
source "$root/scripts/lib/chroot.sh"
mockgate_chroot_prepare "$suite"
cp "$deb" "$chroot_target/tmp/"
start=$(date +%s)
status=0
mockgate_chroot_run "
set -euo pipefail
apt-get update -q >/dev/null
apt-get install -y -q /tmp/$(basename "$deb") python3 >/dev/null
cd /tmp   # no scenarios/ here, no source tree anywhere
fail() { echo \"install_in_chroot: \$*\" >&2; exit 1; }
mockgate --version
test -f /usr/share/man/man1/mockgate.1.gz || fail 'no man page'
zcat /usr/share/man/man1/mockgate.1.gz | grep -q '^\.SH EXIT STATUS' || fail 'the man page has no EXIT STATUS'
test -f /usr/lib/x86_64-linux-gnu/cmake/mockgate/mockgateConfig.cmake -o -f /usr/lib/cmake/mockgate/mockgateConfig.cmake ||
  ls /usr/lib/*/cmake/mockgate/mockgateConfig.cmake >/dev/null || fail 'no CMake package'
mockgate lint --quiet || fail 'lint of the bundled catalogue failed'
mkdir -p reports
client='python3 /usr/share/doc/mockgate/examples/clients/python/client.py'
mockgate run --client \"\$client\" --provider lisoloo --junit reports/junit.xml --json reports/report.json \
  --markdown reports/summary.md --html reports/report.html || fail \"mockgate run exited \$?\"
grep -q '\"failed\": 0' reports/report.json || fail 'the report shows failures'
python3 -c 'import json; r = json.load(open(\"reports/report.json\")); assert r[\"summary\"][\"passed\"] >= 30, r[\"summary\"]'
# The whole bundled catalogue, every provider, against the builtin client.
mockgate run --client builtin:profile -j 2 | tail -1
echo 'install_in_chroot: ok'
" || status=$?
echo "install_in_chroot: $suite: exit $status after $(($(date +%s) - start)) s" >&2
exit "$status"
