#!/usr/bin/env bash
# examples/cpp-sdk built as a user's project would build it: against the installed package
# (find_package(mockgate)), from a prefix of its own, then its doctest suite run.
# Usage: tests/examples/cpp_sdk.sh BUILD_DIR [COMPILER_LAUNCHER]
set -euo pipefail
build=$1
launcher=${2:-}
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
stage=$build/package-stage
sdk=$build/package-cpp-sdk
rm -rf "$stage"
cmake --install "$build" --prefix "$stage" >/dev/null

# Every installed header compiles on its own from the installed tree: none reaches a header
# that stays in the source tree (mock_server/src), and none needs another included first.
find "$stage/include/mockgate" -name '*.hpp' -print0 |
  xargs -0 -P 2 -I{} sh -c 'echo "#include \"$1\"" | c++ -std=c++20 -fsyntax-only -I"$2/include" -x c++ - ||
                            { echo "installed header does not compile alone: $1" >&2; exit 255; }' _ {} "$stage"
# Every installed YAML file's `$schema=` line points at an installed schema.
grep -rl --include='*.yaml' 'yaml-language-server: \$schema=' "$stage/share/mockgate" | while read -r file; do
  schema=$(sed -n 's/.*yaml-language-server: \$schema=\([^ ]*\).*/\1/p' "$file" | head -1)
  [[ -f "$(dirname "$file")/$schema" ]] || { echo "$file: \$schema=$schema is not installed" >&2; exit 1; }
done

# A new configure each time: the package must be found as installed now, not as cached.
rm -f "$sdk/CMakeCache.txt"
cmake -S "$source_dir/examples/cpp-sdk" -B "$sdk" -DCMAKE_PREFIX_PATH="$stage" \
  ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} >/dev/null
cmake --build "$sdk" -j 2
ctest --test-dir "$sdk" --output-on-failure --no-tests=error
