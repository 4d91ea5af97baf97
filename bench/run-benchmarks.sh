#!/usr/bin/env bash
# Runs every benchmark and the end-to-end simulation measurement whose figures are kept in
# doc/benchmarks.md. Usage: bench/run-benchmarks.sh [BUILD_DIR]   (default ./build)
# Run it on an otherwise idle machine; it prints the machine, then each benchmark's table.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDTWIN_BENCH=ON >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
uptime
for b in bench-import bench-store bench-routing bench-replay bench-traffic; do
    echo
    echo "== $b"
    "$build/bench/$b" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
        --benchmark_min_time=0.2
done

echo
echo "== end to end: dtwin run on the bundled Abilene sample, 10 s simulated"
db="$(mktemp -d)/bench.db"
"$build/dtwin" import examples/data/abilene/ --db "$db" >/dev/null
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f "peak RSS %M kB")
"${timer[@]}" "$build/dtwin" run 1 --duration 10s --db "$db" |
    grep -E "simulated|wall clock|events|packets sent"
rm -rf "$(dirname "$db")"

echo
echo "== N-1 sweep of the shipped scenario (scenarios/n-1-sweep.json): serial vs --jobs 2"
work="$(mktemp -d)"
for jobs in 1 2; do
    start=$(date +%s.%N)
    set +e
    "$build/dtwin" run scenarios/n-1-sweep.json --jobs "$jobs" --db "$work/jobs-$jobs.db" \
        >"$work/out-$jobs.txt" 2>"$work/err-$jobs.txt"
    rc=$?
    set -e
    end=$(date +%s.%N)
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        echo "--jobs $jobs failed with exit code $rc:"
        cat "$work/err-$jobs.txt"
        exit 1
    fi
    printf -- "--jobs %s: %.1f s wall, exit code %s, %s\n" "$jobs" "$(awk "BEGIN{print $end - $start}")" \
        "$rc" "$(tail -n 1 "$work/out-$jobs.txt")"
done
rm -rf "$work"
