#!/usr/bin/env bash
# Copyright (c) 2026 ns-3 Digital Twin Network authors
# SPDX-License-Identifier: GPL-2.0-only
#
# Fidelity lab: real Linux namespaces, veth links and tbf rate limits against the twin.
#
# Builds h1,h2 -- r1 -- r2 -- h3,h4, runs iperf3 TCP and UDP flows through it, captures the
# hosts' traffic where it enters the network (router ingress) with tcpdump, exports it as
# NetFlow v9 and IPFIX with softflowd, exports the lab's configuration as a snapshot bundle,
# replays every source in the twin and writes the comparison tables into doc/fidelity.md.
#
# Not part of CI: it needs root, namespaces and about two minutes. See doc/fidelity.md.
#
# Usage: sudo bench/fidelity/run-fidelity.sh [--dtwin PATH] [--work DIR] [--lab-cc ALGO]
#                                            [--sources LIST] [--run-options "..."]
#                                            [--no-doc] [--keep-lab]

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

DTWIN="${DTWIN:-}"
WORK=""
LAB_CC="cubic"
SOURCES="capture,netflow9,ipfix"
RUN_OPTIONS=""
IMPORT_OPTIONS=""
WRITE_DOC=1
KEEP_LAB=0

usage()
{
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'
Options:
  --dtwin PATH         dtwin binary (default: $DTWIN, else build/dtwin or dtwin on PATH)
  --work DIR           keep captures, bundle, store and iperf3 JSON here (default: a temp dir)
  --lab-cc ALGO        TCP congestion control of the lab hosts (default cubic; reno compares
                       like with like against ns-3's NewReno)
  --sources LIST       comma-separated subset of capture,netflow9,ipfix
  --import-options S   extra options for 'dtwin import-traffic' (e.g. "--packets" once it exists)
  --run-options S      extra options for 'dtwin run' (e.g. "--protocol udp")
  --no-doc             print the tables only, do not rewrite doc/fidelity.md
  --keep-lab           leave the namespaces up at the end (for debugging; remove with
                       bench/fidelity/run-fidelity.sh --teardown)
  --teardown           remove the lab's namespaces and exit
EOF
}

PREFIX="dtf-"
HOSTS=(h1 h2 h3 h4)
ROUTERS=(r1 r2)

teardown()
{
    local ns
    for ns in "${HOSTS[@]}" "${ROUTERS[@]}" col; do
        if ip netns list | grep -qw "${PREFIX}${ns}"; then
            # Killing the namespace's processes first lets the veths go with the namespace.
            local pids
            pids="$(ip netns pids "${PREFIX}${ns}" 2>/dev/null || true)"
            if [ -n "$pids" ]; then
                # shellcheck disable=SC2086
                kill $pids 2>/dev/null || true
                sleep 0.2
            fi
            ip netns delete "${PREFIX}${ns}" 2>/dev/null || true
        fi
    done
}

while [ $# -gt 0 ]; do
    case "$1" in
    --dtwin) DTWIN="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --lab-cc) LAB_CC="$2"; shift 2 ;;
    --sources) SOURCES="$2"; shift 2 ;;
    --import-options) IMPORT_OPTIONS="$2"; shift 2 ;;
    --run-options) RUN_OPTIONS="$2"; shift 2 ;;
    --no-doc) WRITE_DOC=0; shift ;;
    --keep-lab) KEEP_LAB=1; shift ;;
    --teardown) teardown; exit 0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run-fidelity.sh: unknown option '$1' (see --help)" >&2; exit 1 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "run-fidelity.sh: needs root (network namespaces, tc)" >&2
    exit 1
fi

# Debian packages the lab needs; installed when missing.
need=()
for pair in iperf3:iperf3 softflowd:softflowd tcpdump:tcpdump jq:jq python3:python3 \
    ethtool:ethtool ping:iputils-ping tc:iproute2 mergecap:wireshark-common; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >/dev/null
fi

if [ -z "$DTWIN" ]; then
    if [ -x "$REPO/build/dtwin" ]; then
        DTWIN="$REPO/build/dtwin"
    else
        DTWIN="$(command -v dtwin || true)"
    fi
fi
if [ -z "$DTWIN" ] || [ ! -x "$DTWIN" ]; then
    echo "run-fidelity.sh: no dtwin binary: build it (cmake --build BUILD --target dtwin) and" \
        "pass --dtwin BUILD/dtwin" >&2
    exit 1
fi

if [ -z "$WORK" ]; then
    WORK="$(mktemp -d /tmp/dtwin-fidelity.XXXXXX)"
fi
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
echo "work directory: $WORK"

cleanup()
{
    local rc=$?
    # Background jobs of this script (captures, samplers, iperf3) end with it.
    jobs -p | xargs -r kill 2>/dev/null || true
    if [ "$KEEP_LAB" -eq 0 ]; then
        teardown
    fi
    exit $rc
}
trap cleanup EXIT INT TERM

nsx()
{
    local ns="$1"
    shift
    ip netns exec "${PREFIX}${ns}" "$@"
}

# --------------------------------------------------------------------------------------------
# Lab: addresses, rates and queues. Each veth direction gets a tbf on its sending end.
#   name      end A  ifname A  end B  ifname B  subnet          rate A->B  rate B->A
# The tbf limit is QUEUE_PACKETS full-size frames (1514 bytes on veth: IP 1500 + Ethernet
# header 14), so that it maps onto the snapshot's queue size in packets.
# --------------------------------------------------------------------------------------------
LINKS=(
    "h1 eth0 r1 to-h1 10.10.1 100mbit 100mbit"
    "h2 eth0 r1 to-h2 10.10.2 100mbit 100mbit"
    "r1 to-r2 r2 to-r1 10.10.0 20mbit 20mbit"
    "h3 eth0 r2 to-h3 10.10.3 100mbit 100mbit"
    "h4 eth0 r2 to-h4 10.10.4 50mbit 50mbit"
)
FRAME_BYTES=1514
BOTTLENECK_QUEUE_PACKETS=50
ACCESS_QUEUE_PACKETS=100
BURST_BYTES=$((2 * FRAME_BYTES))

teardown
ip netns add "${PREFIX}col"
ip -n "${PREFIX}col" link set lo up
for ns in "${HOSTS[@]}" "${ROUTERS[@]}"; do
    ip netns add "${PREFIX}${ns}"
    ip -n "${PREFIX}${ns}" link set lo up
    # No IPv6: the twin is IPv4 only, and router solicitations would add flows.
    nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
for r in "${ROUTERS[@]}"; do
    nsx "$r" sysctl -qw net.ipv4.ip_forward=1
done

index=0
for spec in "${LINKS[@]}"; do
    read -r a ifa b ifb subnet rateab rateba <<<"$spec"
    index=$((index + 1))
    ip link add "dtfv${index}a" type veth peer name "dtfv${index}b"
    ip link set "dtfv${index}a" netns "${PREFIX}${a}"
    ip link set "dtfv${index}b" netns "${PREFIX}${b}"
    nsx "$a" ip link set "dtfv${index}a" name "$ifa"
    nsx "$b" ip link set "dtfv${index}b" name "$ifb"
    # The host end is .2, the router (or r1 on the core link) end .1.
    if [[ "$a" == r* ]]; then
        nsx "$a" ip addr add "${subnet}.1/30" dev "$ifa"
        nsx "$b" ip addr add "${subnet}.2/30" dev "$ifb"
    else
        nsx "$a" ip addr add "${subnet}.2/30" dev "$ifa"
        nsx "$b" ip addr add "${subnet}.1/30" dev "$ifb"
    fi
    for end in "$a:$ifa:$rateab" "$b:$ifb:$rateba"; do
        IFS=: read -r ns ifn rate <<<"$end"
        # Offloads off: the captures and tbf must see wire-size packets, not 64 KiB GSO ones.
        nsx "$ns" ethtool -K "$ifn" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
        nsx "$ns" ip link set "$ifn" up
        if [ "$subnet" = "10.10.0" ]; then
            queue=$BOTTLENECK_QUEUE_PACKETS
        else
            queue=$ACCESS_QUEUE_PACKETS
        fi
        nsx "$ns" tc qdisc add dev "$ifn" root tbf rate "$rate" burst "$BURST_BYTES" \
            limit $((queue * FRAME_BYTES))
    done
done

# Static routes: hosts default to their router, routers reach the far side over the core.
nsx h1 ip route add default via 10.10.1.1
nsx h2 ip route add default via 10.10.2.1
nsx h3 ip route add default via 10.10.3.1
nsx h4 ip route add default via 10.10.4.1
nsx r1 ip route add 10.10.3.0/30 via 10.10.0.2
nsx r1 ip route add 10.10.4.0/30 via 10.10.0.2
nsx r2 ip route add 10.10.1.0/30 via 10.10.0.1
nsx r2 ip route add 10.10.2.0/30 via 10.10.0.1

# Reachability and ARP: every host pings every other host once, so no ARP exchange or first
# packet delay falls into the measurement.
for s in "${HOSTS[@]}"; do
    for d in 1 2 3 4; do
        nsx "$s" ping -c 1 -W 1 "10.10.${d}.2" >/dev/null
    done
done
echo "lab up: $(ip netns list | grep -c "^${PREFIX}") namespaces"

# --------------------------------------------------------------------------------------------
# Snapshot bundle, generated from the live namespaces (ip -j, tc -j, ping).
# --------------------------------------------------------------------------------------------
python3 "$HERE/export-bundle.py" --prefix "$PREFIX" --nodes "${HOSTS[*]} ${ROUTERS[*]}" \
    --frame-bytes "$FRAME_BYTES" --out "$WORK/bundle"

# --------------------------------------------------------------------------------------------
# Traffic. Each flow: id proto client server port start_s duration_s [rate packet_bytes]
# --------------------------------------------------------------------------------------------
FLOWS=(
    "f1 tcp h1 h3 5201 0 20"
    "f2 udp h3 h1 5202 0 20 8M 1200"
    "f3 udp h1 h2 5203 1 18 30M 1400"
    "f4 udp h1 h4 5204 2 16 6M 1000"
    "f5 tcp h2 h4 5205 4 16"
    "f6 tcp h3 h4 5206 6 10"
    "f7 tcp h4 h2 5207 8 12"
)
printf '%s\n' "${FLOWS[@]}" >"$WORK/flows.txt"
mkdir -p "$WORK/iperf3" "$WORK/pcap" "$WORK/tc"

for spec in "${FLOWS[@]}"; do
    read -r id proto client server port start dur rate len <<<"$spec"
    nsx "$server" iperf3 -s -1 -J -p "$port" >"$WORK/iperf3/$id-server.json" 2>&1 &
done

# Captures where an operator would take them: where hosts' traffic enters the network, the
# routers' host-facing interfaces, inbound only, so every packet is recorded once and what is
# recorded is the offered load (before the core bottleneck).
CAPTURES=("r1 to-h1" "r1 to-h2" "r2 to-h3" "r2 to-h4")
capture_pids=()
for c in "${CAPTURES[@]}"; do
    read -r ns ifn <<<"$c"
    # Not through nsx: a backgrounded function is a subshell, while 'ip netns exec' execs
    # tcpdump, so that $! is tcpdump's own pid.
    ip netns exec "${PREFIX}${ns}" tcpdump -i "$ifn" -Q in -s 128 -B 16384 -n -w "$WORK/pcap/$ns-$ifn.pcap" \
        2>"$WORK/pcap/$ns-$ifn.log" &
    capture_pids+=($!)
done

# Link counters: every tbf's sent bytes and packets, before and after the traffic.
sample_links()
{
    local out="$1" ns
    {
        for ns in "${HOSTS[@]}" "${ROUTERS[@]}"; do
            printf '{"node":"%s","time":%s,"qdisc":%s}\n' "$ns" "$(date +%s.%N)" \
                "$(nsx "$ns" tc -s -j qdisc show)"
        done
    } >"$out"
}
sleep 1.5
wait_servers=0
until [ "$wait_servers" -ge 20 ]; do
    listening=0
    for spec in "${FLOWS[@]}"; do
        read -r id proto client server port rest <<<"$spec"
        nsx "$server" ss -ltn "sport = :$port" | grep -q LISTEN && listening=$((listening + 1))
    done
    [ "$listening" -eq "${#FLOWS[@]}" ] && break
    wait_servers=$((wait_servers + 1))
    sleep 0.2
done
sample_links "$WORK/tc/before.jsonl"

echo "traffic: ${#FLOWS[@]} iperf3 flows over about 20 s"
client_pids=()
for spec in "${FLOWS[@]}"; do
    read -r id proto client server port start dur rate len <<<"$spec"
    server_addr="10.10.${server#h}.2"
    if [ "$proto" = "tcp" ]; then
        # iperf3 -C sets TCP_CONGESTION on the socket (the per-namespace default cannot be
        # changed from a child namespace).
        args=(-c "$server_addr" -p "$port" -t "$dur" -C "$LAB_CC" -J)
    else
        args=(-c "$server_addr" -p "$port" -t "$dur" -u -b "$rate" -l "$len" -J)
    fi
    (sleep "$start" && nsx "$client" iperf3 "${args[@]}" >"$WORK/iperf3/$id-client.json") &
    client_pids+=($!)
done
for pid in "${client_pids[@]}"; do
    wait "$pid"
done
sleep 1
sample_links "$WORK/tc/after.jsonl"
sleep 1
# tcpdump flushes its file on SIGTERM (SIGINT is ignored by background jobs of a script).
kill -TERM "${capture_pids[@]}" 2>/dev/null || true
wait "${capture_pids[@]}" || true
cat "$WORK"/pcap/*.log | grep -E 'captured|dropped by kernel' || true

# mergecap (Wireshark) interleaves the per-interface captures in time order.
mergecap -F pcap -w "$WORK/capture.pcap" "$WORK"/pcap/*.pcap

# --------------------------------------------------------------------------------------------
# Flow export: softflowd reads the merged capture (-r, times adjusted to the packets' with -a)
# and exports to a collector on the collector namespace's loopback, where tcpdump records the
# export stream, as an operator's collector host would.
# --------------------------------------------------------------------------------------------
export_flows()
{
    local version="$1" out="$2" port="$3"
    ip netns exec "${PREFIX}col" tcpdump -i lo -s 0 -n -w "$out" "udp port $port" 2>/dev/null &
    local dump=$!
    sleep 1
    local ctl="$WORK/softflowd-$version.ctl"
    ip netns exec "${PREFIX}col" softflowd -r "$WORK/capture.pcap" -a -v "$version" \
        -n "127.0.0.1:$port" -d -p "$WORK/softflowd-$version.pid" -c "$ctl" \
        >"$WORK/softflowd-$version.log" 2>&1 &
    local flowd=$!
    # softflowd 1.1.0 reading a file waits on its control socket between batches of about
    # 8192 packets: ask for statistics until the packet count stops growing, then 'shutdown'
    # expires every flow and exports it.
    local last=-1 now=0 tries=0
    sleep 0.5
    while [ "$tries" -lt 2000 ]; do
        now="$(softflowctl -c "$ctl" statistics 2>/dev/null |
            sed -n 's/^Packets processed: \([0-9]*\).*/\1/p' || true)"
        now="${now:-0}"
        kill -0 "$flowd" 2>/dev/null || break
        [ "$now" = "$last" ] && [ "$now" != 0 ] && break
        last="$now"
        tries=$((tries + 1))
    done
    echo "softflowd -v $version: $now packets processed"
    # It may have ended on its own at the end of the file.
    softflowctl -c "$ctl" shutdown >/dev/null 2>&1 || true
    wait "$flowd" || true
    sleep 1
    kill -TERM "$dump"
    wait "$dump" || true
}
export_flows 9 "$WORK/netflow9.pcap" 2055
export_flows 10 "$WORK/ipfix.pcap" 4739

if [ "$KEEP_LAB" -eq 0 ]; then
    teardown
fi

# --------------------------------------------------------------------------------------------
# Twin and comparison.
# --------------------------------------------------------------------------------------------
compare_args=(--dtwin "$DTWIN" --work "$WORK" --sources "$SOURCES" --lab-cc "$LAB_CC")
[ -n "$RUN_OPTIONS" ] && compare_args+=(--run-options "$RUN_OPTIONS")
[ -n "$IMPORT_OPTIONS" ] && compare_args+=(--import-options "$IMPORT_OPTIONS")
[ "$WRITE_DOC" -eq 1 ] && compare_args+=(--doc "$REPO/doc/fidelity.md")
python3 "$HERE/compare.py" "${compare_args[@]}"
