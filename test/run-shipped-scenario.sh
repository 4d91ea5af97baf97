#!/usr/bin/env bash
# Runs a shipped scenario (or an incident replay) the way a user does, into a fresh store, and
# checks what its verdicts are documented to be (doc/scenarios.md, "Shipped scenarios"): the
# exit code (0 every objective holds, 3 one is violated), the number of runs stored, and a
# pattern the output must contain ("-" for none).
# Usage: run-shipped-scenario.sh DTWIN STORE EXPECTED_EXIT_CODE EXPECTED_RUNS PATTERN -- ARGS...
set -u
dtwin=$1
store=$2
expected=$3
runs=$4
pattern=$5
shift 6
rm -f "$store" "$store-wal" "$store-shm"
output=$("$dtwin" "$@" --db "$store")
code=$?
echo "$output"
if [ "$code" -ne "$expected" ]; then
    echo "FAILED: expected exit code $expected, got $code" >&2
    exit 1
fi
if [ "$pattern" != "-" ] && ! grep -qE -- "$pattern" <<<"$output"; then
    echo "FAILED: the output does not contain /$pattern/" >&2
    exit 1
fi
stored=$("$dtwin" runs --format csv --db "$store" | tail -n +2 | grep -c .)
if [ "$stored" -ne "$runs" ]; then
    echo "FAILED: expected $runs stored runs, found $stored" >&2
    exit 1
fi
unjudged=$("$dtwin" runs --format csv --db "$store" | tail -n +2 | grep -vc -e ',pass,' -e ',fail,')
if [ "$unjudged" -ne 0 ]; then
    echo "FAILED: $unjudged runs without a verdict" >&2
    exit 1
fi
echo "ok: exit code $code, $stored runs stored with verdicts"
