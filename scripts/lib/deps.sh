# Shared by scripts/* and .ci/run: install mockgate's Debian build dependencies and build it with CMake.
# Sourced, not executed: callers set -euo pipefail themselves.
# shellcheck shell=bash

# The repo root, whatever the caller's working directory.
MOCKGATE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# libcpp-httplib-dev's pkg-config file has Requires.private openssl, zlib and libbrotli, so
# pkg_check_modules fails without their -dev packages even though mockgate calls none of them.
# libargon2-dev: CMakeLists.txt's pkg_check_modules(libargon2), for Argon2id key hashing.
# curl and python3 are for scripts/demo; ca-certificates for TLS clients on a minimal system.
# libcli11-dev: the flags of the mockgate command (cli/).
MOCKGATE_DEB_PACKAGES=(
  g++ cmake make pkg-config ca-certificates curl python3
  libcpp-httplib-dev nlohmann-json3-dev libyaml-cpp-dev doctest-dev libcli11-dev
  libssl-dev zlib1g-dev libbrotli-dev libargon2-dev
)

# The languages and libraries of the client zoo (fixtures/clients/zoo/): scripts/test runs the
# catalogue against each correct client, and nodejs runs the Node reference client.
MOCKGATE_ZOO_PACKAGES=(
  nodejs node-axios jq python3-requests python3-httpx ruby php-cli php-curl
  golang-go default-jdk-headless libgoogle-gson-java
)

# The schema tests (tests/schemas/check_schemas.py, run by ctest with /usr/bin/python3): they
# validate the shipped YAML files against schemas/*.schema.json. The report tests
# (tests/reports/): a strict JUnit parser and xmllint, and headless Chromium for the HTML report.
# The pytest plugin's tests (tests/helpers/pytest_plugin.sh): Debian's pytest.
MOCKGATE_TEST_PACKAGES=(python3-jsonschema python3-yaml python3-junitparser python3-pytest libxml2-utils chromium)

# Prints, one per line, the packages named (default: MOCKGATE_DEB_PACKAGES) that are not installed.
mockgate_missing_packages() {
  local pkg status
  local wanted=("$@")
  ((${#wanted[@]} > 0)) || wanted=("${MOCKGATE_DEB_PACKAGES[@]}")
  for pkg in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    # A multiarch package installed for two architectures prints two statuses back to back.
    [[ $status == *"install ok installed"* ]] || printf '%s\n' "$pkg"
  done
}

# Installs whatever is missing of MOCKGATE_DEB_PACKAGES plus any packages named as arguments
# (scripts/demo adds nodejs for the Node reference client); does nothing, and needs no
# network, when all is there.
mockgate_ensure_deps() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    # Not Debian: leave it to CMake to say what it cannot find.
    echo "mockgate: dpkg-query not found; not checking build dependencies" >&2
    return 0
  fi
  local missing=()
  mapfile -t missing < <(mockgate_missing_packages "${MOCKGATE_DEB_PACKAGES[@]}" "$@")
  ((${#missing[@]} == 0)) && return 0
  if ((EUID != 0)); then
    # No sudo here on purpose: a minimal Debian has none, and CI runs as root anyway.
    {
      echo "mockgate: missing Debian packages: ${missing[*]}"
      echo "install them as root with:"
      echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
    } >&2
    exit 1
  fi
  echo "mockgate: installing missing packages: ${missing[*]}" >&2
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# The compilers whose warnings we have fixed: there, warnings are errors (CI, scripts/test,
# scripts/demo). A newer compiler's new warnings stay warnings, so a user's build does not fail
# on them. MOCKGATE_WERROR=ON or OFF decides instead.
MOCKGATE_TESTED_GCC_MAJORS=(12 14)

# Prints ON or OFF: whether this machine's build treats warnings as errors.
mockgate_werror() {
  if [[ -n ${MOCKGATE_WERROR:-} ]]; then
    echo "$MOCKGATE_WERROR"
    return
  fi
  local major
  major=$(${CXX:-g++} -dumpversion 2>/dev/null | cut -d. -f1)
  if [[ " ${MOCKGATE_TESTED_GCC_MAJORS[*]} " == *" $major "* ]] && ${CXX:-g++} --version 2>/dev/null | grep -q 'GCC\|g++'; then
    echo ON
  else
    echo "mockgate: compiler ${CXX:-g++} $major is not one we test (GCC ${MOCKGATE_TESTED_GCC_MAJORS[*]}): warnings stay warnings" >&2
    echo OFF
  fi
}

# mockgate_build BUILD_DIR [extra cmake args...]
# Configures only when BUILD_DIR has no cache or the extra args differ from last time (kept in
# BUILD_DIR/.mockgate-args), so a plain rebuild skips CMake's configure step; then builds.
# Pass every cache value you care about explicitly (e.g. -DMOCKGATE_SANITIZERS= for "none"):
# dropping an argument does not reset the value an earlier configure left in the cache.
# With MOCKGATE_BUILD_TARGET set (e.g. `MOCKGATE_BUILD_TARGET=mockgate mockgate_build build`), builds
# only those targets (space-separated), so the demo does not wait for (or trip over) the test suites.
mockgate_build() {
  local build_dir=$1
  shift
  local args_file=$build_dir/.mockgate-args
  local wanted previous=""
  wanted=$(printf '%s\n' "$@")
  [[ -f $args_file ]] && previous=$(<"$args_file")
  if [[ ! -f $build_dir/CMakeCache.txt || ! -f $args_file || $previous != "$wanted" ]]; then
    cmake -S "$MOCKGATE_ROOT" -B "$build_dir" "$@"
    # Written only after a successful configure, so a failed one is retried next time.
    printf '%s\n' "$wanted" >"$args_file"
  fi
  # The machines have 2 cores; nproc keeps the build from oversubscribing them.
  local target=()
  if [[ -n ${MOCKGATE_BUILD_TARGET:-} ]]; then
    read -r -a target <<<"$MOCKGATE_BUILD_TARGET"
    target=(--target "${target[@]}")
  fi
  cmake --build "$build_dir" -j "$(nproc)" "${target[@]}"
}
