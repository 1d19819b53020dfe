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
# A new configure each time: the package must be found as installed now, not as cached.
rm -f "$sdk/CMakeCache.txt"
cmake -S "$source_dir/examples/cpp-sdk" -B "$sdk" -DCMAKE_PREFIX_PATH="$stage" \
  ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} >/dev/null
cmake --build "$sdk" -j 2
ctest --test-dir "$sdk" --output-on-failure --no-tests=error
