#!/bin/sh
# Copyright (c) 2026 ns-3 Digital Twin Network authors
#
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the libFuzzer targets of fuzz/ one after the other, each for a set time or a set
# number of executions, from a seed corpus gathered from the repository's fixtures
# (test/data, examples/data, scenarios) plus the hand-made binary seeds of make-seeds.py.
# Crashing, leaking and slow inputs go to WORK/findings/<target>/; the corpus libFuzzer grows
# is kept in WORK/corpus/<target>/ and reused by the next run. One line per target is
# printed (and appended to WORK/summary.tsv): executions, seconds, exec/s, corpus size,
# new findings of this run. With -j N, N libFuzzer processes share the target's corpus (each
# rereads the folder now and then, so what one finds the others mutate), and the line adds up
# their executions.
#
# Build first (clang):
#   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
#         -DDTWIN_FUZZ=ON -DDTWIN_BENCH=OFF && cmake --build build-fuzz -j2 --target fuzz-all
set -eu

usage()
{
    cat <<EOF
usage: $0 [-b BUILD_DIR] [-w WORK_DIR] [-j JOBS] [-t SECONDS | -r RUNS] [-- LIBFUZZER_ARGS] [TARGET...]
  -b  build directory with the fuzz-<target> programs (default: build-fuzz)
  -w  work directory for corpora, findings and logs (default: /tmp/dtwin-fuzz)
  -t  seconds per target (default: 60)
  -r  executions per target instead of a time (e.g. 10000000), split over the jobs
  -j  parallel libFuzzer processes per target, sharing its corpus (default: 1)
  TARGET  any of: $ALL_TARGETS (default: all)
Each target runs under nice -n 10 with -rss_limit_mb=2048 -timeout=10, and with
ASAN_OPTIONS=quarantine_size_mb=4 unless ASAN_OPTIONS is set.
EOF
    exit 2
}

ALL_TARGETS="yang-json yang-xml gml sndlib pcap netflow-v5 netflow-v9 ipfix scenario change-set demands"
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=build-fuzz
WORK=/tmp/dtwin-fuzz
SECONDS_EACH=60
RUNS=
JOBS=1
while getopts b:w:t:r:j:h opt; do
    case $opt in
    b) BUILD=$OPTARG ;;
    w) WORK=$OPTARG ;;
    t) SECONDS_EACH=$OPTARG ;;
    r) RUNS=$OPTARG ;;
    j) JOBS=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
EXTRA=
TARGETS=
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
        shift
        EXTRA="$*"
        break
    fi
    TARGETS="$TARGETS $1"
    shift
done
[ -n "$TARGETS" ] || TARGETS=$ALL_TARGETS
case $JOBS in '' | *[!0-9]* | 0) usage ;; esac
# ASan's default 256 MB quarantine makes every allocation touch memory long out of the cache:
# a fifth of the YANG targets' time. 4 MB still catches a use right after the free
# (doc/robustness.md, as for the sanitized test mode).
export ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=4}"
case $BUILD in /*) ;; *) BUILD=$SRC/$BUILD ;; esac

# Copy every fixture that matches into a target's seed directory; name by path so that
# fixtures of the same base name do not collide.
seed()
{
    dir=$WORK/seeds/$1
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$dir/$(echo "${f#"$SRC"/}" | tr '/' '_')"
    done
}

# Scenario and change-set documents share extensions: tell them apart by their top-level
# container (a scenario's change-set events are nested, so indented).
is_change_set()
{
    grep -q '"ns3-digital-twin-change-set:change-set"\|^<change-set[ >]' "$1"
}

# The repository's fixture paths have no white space, so word splitting of find's output is
# safe here.
# shellcheck disable=SC2046,SC2044
gather_seeds()
{
    rm -rf "$WORK/seeds"
    for t in $ALL_TARGETS; do
        mkdir -p "$WORK/seeds/$t"
    done
    seed yang-json $(find "$SRC/test/data/yang" "$SRC/examples/data" -name '*.json')
    seed yang-xml $(find "$SRC/test/data/yang" "$SRC/examples/data" -name '*.xml')
    seed gml $(find "$SRC/test/data" "$SRC/examples/data" -name '*.gml')
    seed sndlib $(find "$SRC/test/data/sndlib" -type f)
    seed demands $(find "$SRC/test/data" "$SRC/examples/data" -name '*.csv')
    for f in $(find "$SRC/test/data/scenario" "$SRC/scenarios" -name '*.json' -o -name '*.xml'); do
        if is_change_set "$f"; then
            seed change-set "$f"
        else
            seed scenario "$f"
        fi
    done
    python3 "$SRC/fuzz/make-seeds.py" "$WORK/seeds"
}

mkdir -p "$WORK"
gather_seeds
for t in $TARGETS; do
    bin=$BUILD/fuzz/fuzz-$t
    if [ ! -x "$bin" ]; then
        echo "$0: $bin is missing (build the fuzz-$t target)" >&2
        exit 1
    fi
done

printf '%-11s %12s %8s %8s %7s %9s  %s\n' target executions seconds exec/s corpus findings log
for t in $TARGETS; do
    bin=$BUILD/fuzz/fuzz-$t
    corpus=$WORK/corpus/$t
    findings=$WORK/findings/$t
    log=$WORK/logs/$t-$(date +%Y%m%d-%H%M%S).log
    mkdir -p "$corpus" "$findings" "$WORK/logs"
    if [ -n "$RUNS" ]; then
        limit=-runs=$(((RUNS + JOBS - 1) / JOBS))
    else
        limit=-max_total_time=$SECONDS_EACH
    fi
    before=$(find "$findings" -type f | wc -l)
    start=$(date +%s)
    # libFuzzer exits non-zero on a finding; the summary reports it, so carry on. Job k > 0
    # logs to $log.k.
    pids=
    k=0
    while [ $k -lt "$JOBS" ]; do
        out=$log
        [ $k -eq 0 ] || out=$log.$k
        # shellcheck disable=SC2086
        nice -n 10 "$bin" "$corpus" "$WORK/seeds/$t" $limit -rss_limit_mb=2048 -timeout=10 \
            -print_final_stats=1 -artifact_prefix="$findings/" $EXTRA >"$out" 2>&1 &
        pids="$pids $!"
        k=$((k + 1))
    done
    for pid in $pids; do
        wait "$pid" || true
    done
    seconds=$(($(date +%s) - start))
    # Each job prints its final stats once; a job that stopped on a finding prints none.
    execs=$(cat "$log" "$log".* 2>/dev/null |
        sed -n 's/^stat::number_of_executed_units: *//p' | awk '{ n += $1 } END { if (NR) print n }')
    rate=
    [ -z "$execs" ] || [ "$seconds" -eq 0 ] || rate=$((execs / seconds))
    size=$(find "$corpus" -type f | wc -l)
    found=$(($(find "$findings" -type f | wc -l) - before))
    printf '%-11s %12s %8s %8s %7s %9s  %s\n' "$t" "${execs:-?}" "$seconds" "${rate:-?}" \
        "$size" "$found" "$log"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "${execs:-?}" "$seconds" \
        "${rate:-?}" "$size" "$found" >>"$WORK/summary.tsv"
    for out in "$log" "$log".*; do
        [ -f "$out" ] || continue
        if grep -q '^==[0-9]*==ERROR\|^SUMMARY: \|ALARM: working on the last Unit' "$out"; then
            grep -m 3 '^==[0-9]*==ERROR\|^SUMMARY: \|ALARM: working on the last Unit\|Test unit written' \
                "$out" | sed 's/^/    /'
        fi
    done
done
