#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   ./setup.sh demo   install what is missing, build, import the bundled Abilene sample,
#                     simulate its default traffic and print the KPI table
#   ./setup.sh test   install what is missing, build, run the whole test suite (ctest)
#   ./setup.sh build  install what is missing and build only
#   ./setup.sh test-sanitize
#                     install what is missing, build with AddressSanitizer and
#                     UndefinedBehaviorSanitizer in SANITIZE_BUILD_DIR and run the whole test
#                     suite there (doc/robustness.md)
# Environment: BUILD_DIR (default ./build), SANITIZE_BUILD_DIR (default ./build-sanitize),
#              JOBS (default: number of cores), DB (demo store, default ./twin.db).
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-}"
case "$mode" in
demo | test | test-sanitize | build) ;;
*)
    echo "usage: $0 demo|test|test-sanitize|build" >&2
    exit 1
    ;;
esac

BUILD_DIR="${BUILD_DIR:-build}"
SANITIZE_BUILD_DIR="${SANITIZE_BUILD_DIR:-build-sanitize}"
JOBS="${JOBS:-$(nproc)}"
DB="${DB:-twin.db}"

# Debian 12 packages the project builds and tests with.
packages=(
    cmake g++ make pkg-config clang-format
    ns3 libns3-dev libgsl-dev
    libyang2-dev libyang2-tools libyuma-base
    libsqlite3-dev sqlite3 libssl-dev
    libboost-program-options-dev nlohmann-json3-dev
    libgtest-dev libbenchmark-dev
    libpcap-dev
    netconfd netconfd-module-ietf-interfaces openssh-server openssh-client
    libnetconf2-dev libssh-dev
    graphviz gnuplot-nox chromium
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The whole suite under ASan+UBSan (test/sanitizers/ sets the run-time options on every test):
# its own build directory, no benchmarks, a longer timeout for the slower instrumented code.
# -O1 -g1 (line tables only, enough for the reports' stacks) compiles twice as fast as -O2 -g.
sanitized_suite() {
    echo "setup: building with AddressSanitizer and UndefinedBehaviorSanitizer in" \
        "$SANITIZE_BUILD_DIR" >&2
    cmake -S . -B "$SANITIZE_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDTWIN_SANITIZE=ON \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DDTWIN_BENCH=OFF >/dev/null
    cmake --build "$SANITIZE_BUILD_DIR" -j "$JOBS"
    ctest --test-dir "$SANITIZE_BUILD_DIR" -j "$JOBS" --output-on-failure --timeout 3600
}
if [ "$mode" = test-sanitize ]; then
    sanitized_suite
    exit 0
fi

echo "setup: building in $BUILD_DIR" >&2
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# The demo needs only the command line; tests and benchmarks build with "test" and "build".
targets=()
[ "$mode" = demo ] && targets=(--target dtwin)
cmake --build "$BUILD_DIR" -j "$JOBS" "${targets[@]}"

case "$mode" in
build) ;;
test)
    ctest --test-dir "$BUILD_DIR" -j "$JOBS" --output-on-failure --timeout 600
    ;;
demo)
    dtwin="$BUILD_DIR/dtwin"
    echo
    echo "== dtwin import examples/data/abilene/ --db $DB"
    out=$("$dtwin" import examples/data/abilene/ --db "$DB")
    echo "$out"
    snapshot=$(echo "$out" | sed -n 's/.*snapshot \([0-9][0-9]*\) .*/\1/p' | head -n 1)
    echo
    echo "== dtwin run $snapshot --duration 10s --db $DB"
    "$dtwin" run "$snapshot" --duration 10s --db "$DB"
    echo
    echo "Results are in $(realpath "$DB"). Try:"
    echo "  $dtwin results <run> --flows --db $DB"
    echo "  sqlite3 $DB 'SELECT * FROM run_summary'"
    ;;
esac
