#!/usr/bin/env bash
# Copyright (c) 2026 ns-3 Digital Twin Network authors
#
# SPDX-License-Identifier: GPL-2.0-only
#
# The sync agent against 10 real NETCONF devices: pull, drift and push, timed.
#
# Starts a ring of 10 lab routers (test/netconf/lab.sh: yuma123 netconfd behind OpenSSH on
# 127.0.0.1), each with two ring links, a LAN and two static routes (bench/sync/gen-ring.py),
# then times with the dtwin binary, each command whole (process start to exit):
#   sync pull (--jobs 8, --jobs 1), sync drift, change-set add / verify, push --dry-run,
#   a real push (lock, edit-config, confirmed commit, read-back, confirm on all 10; change
#   set A and its inverse B alternate, so every push changes every device), the same push
#   again (already in place: nothing sent), and a push that fails after the confirmed commit
#   (r9's netconfd is killed as soon as the push reports r9's confirmed commit: the agent
#   must cancel the commit on the other nine; exit 5), after which r9 is restarted and drift
#   must find every device back where it was.
# Every command's exit code (and for push its outcome) is checked; anything unexpected stops
# the script with the command's output. Prints a markdown table (min / median / max wall
# seconds), the machine's facts, and where a push's time goes (bench/sync/push-phases.py,
# from the audit table). Needs root (sshd) and the lab's packages (./setup.sh).
#
# Usage: bench/sync/run-sync-bench.sh [--keep] [--reps N] [DTWIN [WORK-DIR]]
#   DTWIN      the dtwin binary (default: $DTWIN, else build/dtwin of the repository)
#   WORK-DIR   a new or empty directory for the inputs, store, lab and logs (default: a
#              temporary directory, removed at the end unless --keep)
#   --keep     keep the temporary work directory (it is also kept when the run fails)
#   --reps N   repetitions of each repeated command (default 3)

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
LAB_SH="$REPO/test/netconf/lab.sh"
GEN="$HERE/gen-ring.py"
DEVICES=10

KEEP=0
REPS=3
DTWIN_BIN="${DTWIN:-$REPO/build/dtwin}"
WORK=""

# usage [EXIT-CODE]: the header's text, on stdout for --help, else on stderr.
usage()
{
    if [ "${1:-2}" -eq 0 ]; then
        sed -n '6,29p' "$0" | sed 's/^# \{0,1\}//'
    else
        sed -n '6,29p' "$0" | sed 's/^# \{0,1\}//' >&2
    fi
    exit "${1:-2}"
}

positional=()
while [ $# -gt 0 ]; do
    case "$1" in
    --keep) KEEP=1 ;;
    --reps)
        if [ $# -lt 2 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then
            usage
        fi
        REPS=$2
        shift
        ;;
    -h | --help) usage 0 ;;
    -*) usage ;;
    *) positional+=("$1") ;;
    esac
    shift
done
[ ${#positional[@]} -le 2 ] || usage
[ ${#positional[@]} -ge 1 ] && DTWIN_BIN=${positional[0]}
[ ${#positional[@]} -ge 2 ] && WORK=${positional[1]}

die()
{
    echo "run-sync-bench: $*" >&2
    exit 1
}

[ -x "$DTWIN_BIN" ] || die "no dtwin binary at '$DTWIN_BIN' (build it, or pass its path)"
DTWIN_BIN="$(cd "$(dirname "$DTWIN_BIN")" && pwd)/$(basename "$DTWIN_BIN")"
[ -x "$LAB_SH" ] || die "no lab script at $LAB_SH"
command -v python3 >/dev/null || die "python3 is missing"

LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
T_SCRIPT0="$(date +%s.%N)"

REMOVE_WORK=0
if [ -z "$WORK" ]; then
    WORK="$(mktemp -d /tmp/sync-bench.XXXXXX)"
    [ "$KEEP" -eq 1 ] || REMOVE_WORK=1
else
    mkdir -p "$WORK"
    [ -z "$(ls -A "$WORK")" ] || die "work directory '$WORK' is not empty"
    WORK="$(cd "$WORK" && pwd)"
fi
LAB="$WORK/lab"
LOGS="$WORK/logs"
TIMES="$WORK/times"
mkdir -p "$LOGS" "$TIMES"

LAB_STARTED=0
cleanup()
{
    local rc=$?
    if [ "$LAB_STARTED" -eq 1 ] && [ -f "$LAB/devices.txt" ]; then
        "$LAB_SH" stop "$LAB" >/dev/null 2>&1 || echo "run-sync-bench: stopping the lab failed" >&2
    fi
    if [ "$REMOVE_WORK" -eq 1 ] && [ "$rc" -eq 0 ]; then
        rm -rf "$WORK"
    elif [ "$rc" -ne 0 ] || [ "$KEEP" -eq 1 ]; then
        echo "run-sync-bench: inputs, store and logs are in $WORK" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now()
{
    date +%s.%N
}

STEP=0
LAST_OUT=""
LAST_ERR=""

# run LABEL EXPECTED-EXIT COMMAND...: run COMMAND in WORK, append its wall seconds to
# TIMES/LABEL, and stop the script (showing the output) unless it exits with EXPECTED-EXIT.
run()
{
    local label=$1 expect=$2 rc=0 t0 t1
    shift 2
    STEP=$((STEP + 1))
    LAST_OUT="$LOGS/$(printf '%02d' "$STEP")-$label.out"
    LAST_ERR="$LOGS/$(printf '%02d' "$STEP")-$label.err"
    t0=$(now)
    (cd "$WORK" && "$@") >"$LAST_OUT" 2>"$LAST_ERR" || rc=$?
    t1=$(now)
    if [ "$rc" -ne "$expect" ]; then
        {
            echo "run-sync-bench: '$*' exited with $rc, expected $expect"
            echo "--- stdout"
            cat "$LAST_OUT"
            echo "--- stderr"
            cat "$LAST_ERR"
        } >&2
        exit 1
    fi
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$TIMES/$label"
    printf '  %-22s %6.2f s\n' "$label" "$(tail -n 1 "$TIMES/$label")"
}

# expect_output TEXT: the last command's stdout must contain TEXT.
expect_output()
{
    grep -qF -- "$1" "$LAST_OUT" || {
        echo "run-sync-bench: expected '$1' in the output of step $STEP:" >&2
        cat "$LAST_OUT" "$LAST_ERR" >&2
        exit 1
    }
}

# inner LABEL PATTERN: append the seconds the last command reported itself (group 1 of the
# first stdout line matching PATTERN, sed -E) to TIMES/LABEL.
inner()
{
    local value
    value=$(sed -nE "s/$2/\\1/p" "$LAST_OUT" | head -n 1)
    [[ "$value" =~ ^[0-9]+(\.[0-9]+)?$ ]] || {
        echo "run-sync-bench: no seconds matching '$2' in step $STEP:" >&2
        cat "$LAST_OUT" >&2
        exit 1
    }
    echo "$value" >>"$TIMES/$1"
}

dtwin()
{
    "$DTWIN_BIN" "$@" --db "$WORK/twin.db"
}

# last_number PATTERN [GROUP]: group GROUP (default 1) of the first line of the last
# command's stdout that matches PATTERN (sed -E), which must be a number.
last_number()
{
    local value
    value=$(sed -nE "s/$1/\\${2:-1}/p" "$LAST_OUT" | head -n 1)
    [[ "$value" =~ ^[0-9]+$ ]] || {
        echo "run-sync-bench: no number matching '$1' in step $STEP:" >&2
        cat "$LAST_OUT" >&2
        exit 1
    }
    echo "$value"
}

# A push of CHANGE on BASELINE during which r9's netconfd is killed (SIGKILL: a crash) as
# soon as the push reports r9's confirmed commit: the failure comes after every device
# committed. Exits with dtwin's exit code; 99 when the kill never happened.
push_with_r9_crash()
{
    local change=$1 baseline=$2 rc killed
    set +e
    dtwin sync push "$change" inventory.json --baseline "$baseline" | {
        hit=0
        while IFS= read -r line; do
            printf '%s\n' "$line"
            if [ "$hit" -eq 0 ] && [[ "$line" =~ ^\ +r9\ +confirmed-commit\ +ok ]]; then
                kill -9 "$(cat "$LAB/dev9/netconfd.pid")"
                hit=1
                echo "(bench: killed r9's netconfd)"
            fi
        done
        [ "$hit" -eq 1 ]
    }
    rc=${PIPESTATUS[0]} killed=${PIPESTATUS[1]}
    set -e
    if [ "$killed" -ne 0 ]; then
        echo "run-sync-bench: the push never reported r9's confirmed commit" >&2
        return 99
    fi
    return "$rc"
}

echo "sync benchmark: $DEVICES lab devices, dtwin $DTWIN_BIN, work dir $WORK"

# 1. Inputs and lab.
python3 "$GEN" files "$WORK" "$DEVICES"
startups=()
for ((i = 0; i < DEVICES; i++)); do
    startups+=("$WORK/r$i-startup.xml")
done
LAB_STARTED=1
NC_LAB_OWNER=$$ run lab-start 0 "$LAB_SH" start "$DEVICES" "$LAB" "${startups[@]}"
python3 "$GEN" inventory "$WORK" "$LAB/devices.txt"

# 2. Pull and drift.
for ((k = 0; k < REPS; k++)); do
    run pull-jobs8 0 dtwin sync pull inventory.json --jobs 8
    inner pull-jobs8-read '^read in ([0-9.]+) s.*'
done
PULLED=$(last_number '^(unchanged: already stored as )?snapshot ([0-9]+) .*' 2)
for ((k = 0; k < REPS; k++)); do
    run pull-jobs1 0 dtwin sync pull inventory.json --jobs 1
    inner pull-jobs1-read '^read in ([0-9.]+) s.*'
    expect_output "unchanged: already stored as snapshot $PULLED "
done
for ((k = 0; k < REPS; k++)); do
    run drift 0 dtwin sync drift inventory.json
    expect_output "no drift: $DEVICES devices match snapshot $PULLED "
done

# 3. Change sets A (every LAN down, a route each) and B (A undone), verified: A on the pulled
# snapshot, B on the snapshot A derives from it.
run change-set-add 0 dtwin change-set add change-a.json
CHANGE_A=$(last_number '^change set ([0-9]+) .*')
run change-set-add 0 dtwin change-set add change-b.json
CHANGE_B=$(last_number '^change set ([0-9]+) .*')
run verify 0 dtwin change-set verify "$CHANGE_A" "$PULLED" scenario.json
expect_output "PASSED"
run apply 0 dtwin change-set apply "$CHANGE_A" "$PULLED"
DERIVED_A=$(last_number '^derived snapshot ([0-9]+) .*')
run verify 0 dtwin change-set verify "$CHANGE_B" "$DERIVED_A" scenario.json
expect_output "PASSED"
run apply 0 dtwin change-set apply "$CHANGE_B" "$DERIVED_A"

# 4. Push.
run push-dry-run 0 dtwin sync push "$CHANGE_A" inventory.json --baseline "$PULLED" --dry-run
expect_output "$DEVICES of $DEVICES devices would be edited"
for ((k = 0; k < REPS; k++)); do
    if [ $((k % 2)) -eq 0 ]; then
        run push 0 dtwin sync push "$CHANGE_A" inventory.json --baseline "$PULLED"
    else
        run push 0 dtwin sync push "$CHANGE_B" inventory.json --baseline "$DERIVED_A"
    fi
    expect_output "pushed: "
    inner push-itself '^pushed: .* in ([0-9.]+) s$'
done
# Leave the devices at A's result for what follows.
if [ $((REPS % 2)) -eq 0 ]; then
    run push-untimed 0 dtwin sync push "$CHANGE_A" inventory.json --baseline "$PULLED"
    expect_output "pushed: "
fi
run drift-after-push 0 dtwin sync drift inventory.json "$DERIVED_A"
expect_output "no drift: $DEVICES devices match snapshot $DERIVED_A "
for ((k = 0; k < REPS; k++)); do
    run push-in-place 0 dtwin sync push "$CHANGE_A" inventory.json --baseline "$PULLED"
    expect_output "already in place"
done
for ((k = 0; k < REPS; k++)); do
    run push-r9-crash 5 push_with_r9_crash "$CHANGE_B" "$DERIVED_A"
    run lab-restart-r9 0 "$LAB_SH" restart "$LAB" 9
    # Every device must be back at A's result: r9 by restarting with what it had confirmed,
    # the other nine by the agent's cancel-commit.
    run drift-after-crash 0 dtwin sync drift inventory.json "$DERIVED_A"
    expect_output "no drift: $DEVICES devices match snapshot $DERIVED_A "
done
run audit 0 dtwin change-set audit "$CHANGE_A" --format json
cp "$LAST_OUT" "$WORK/audit-a.json"
run audit 0 dtwin change-set audit "$CHANGE_B" --format json
cp "$LAST_OUT" "$WORK/audit-b.json"
grep -q '"push.cancel-commit"' "$WORK/audit-b.json" ||
    die "the audit table has no cancel-commit for change set $CHANGE_B"
python3 "$HERE/push-phases.py" "$TIMES/push-itself" "$WORK/audit-a.json" "$WORK/audit-b.json" \
    >"$WORK/push-phases.md"

run lab-stop 0 "$LAB_SH" stop "$LAB"
LAB_STARTED=0

T_SCRIPT1="$(now)"

# 5. The table.
# figure LABEL: "median s (min-max, n runs)" of TIMES/LABEL.
figure()
{
    sort -n "$TIMES/$1" | awk '
        { v[NR] = $1 }
        END {
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            if (NR == 1) printf "%.2f s", v[1]
            else printf "%.2f s (min %.2f, max %.2f; %d runs)", med, v[1], v[NR], NR
        }'
}

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo
echo "Machine: $(nproc) cores ($cpu), load average at start $LOAD_AT_START, $(date -u +%F)"
echo "Whole script: $(awk -v a="$T_SCRIPT0" -v b="$T_SCRIPT1" 'BEGIN { printf "%.0f", b - a }') s"
echo
# row WHAT FIGURE: one line of the table.
row()
{
    printf '| %s | %s |\n' "$1" "$2"
}

# shellcheck disable=SC2016 # backquotes are markdown code spans here
{
    row what "wall seconds, whole command: median (min, max)"
    echo "|---|---|"
    row '`lab.sh start 10` / `stop`' "$(figure lab-start) / $(figure lab-stop)"
    row '`dtwin sync pull`, 10 devices, `--jobs 8` (the first run stores the snapshot)' \
        "$(figure pull-jobs8)"
    row 'of which reading the devices (as the command reports it)' "$(figure pull-jobs8-read)"
    row '`dtwin sync pull`, `--jobs 1` / of which reading' \
        "$(figure pull-jobs1) / $(figure pull-jobs1-read)"
    row '`dtwin sync drift`, 10 devices, no drift' "$(figure drift)"
    row '`dtwin change-set add` (10 nodes)' "$(figure change-set-add)"
    row '`dtwin change-set verify`, 1 s scenario on the derived snapshot' "$(figure verify)"
    row '`dtwin sync push --dry-run` (verification, drift check, edits of 10 devices)' \
        "$(figure push-dry-run)"
    what='`dtwin sync push`, all 10 devices changed (connect, lock, read, edit-config,'
    what+=' confirmed commit, read-back, confirming commit, unlock)'
    row "$what" "$(figure push)"
    row 'of which the push itself (as the command reports it)' "$(figure push-itself)"
    row 'the same push again: already in place, nothing sent' "$(figure push-in-place)"
    row 'a push failing after the confirmed commit (r9 crashes): cancel-commit on 9, exit 5' \
        "$(figure push-r9-crash)"
    row '`lab.sh restart` of r9 / drift of 10 devices afterwards (all back)' \
        "$(figure lab-restart-r9) / $(figure drift-after-crash)"
}
echo
echo "Where a successful push's time goes (from the audit table's row times):"
echo
echo "| push step | time |"
echo "|---|---|"
cat "$WORK/push-phases.md"
