#!/usr/bin/env bash
# Copyright (c) 2026 ns-3 Digital Twin Network authors
#
# SPDX-License-Identifier: GPL-2.0-only
#
# A lab of real NETCONF devices on loopback, for tests: each device is a yuma123 netconfd
# behind its own OpenSSH sshd (subsystem "netconf") on a free 127.0.0.1 port.
#
#   lab.sh start N DIR [STARTUP.xml|- ...]   start devices dev0..dev(N-1) under DIR; the
#                                            i-th file (if given, "-" for none) is the
#                                            startup configuration of device i
#   lab.sh stop DIR [I]                      stop every device of DIR (or only device I),
#                                            by the PIDs recorded at start
#   lab.sh restart DIR I                     start device I of DIR again (after a stop or a
#                                            kill): same port and keys, and the configuration
#                                            netconfd last saved (what was committed and
#                                            confirmed)
#
# DIR/devices.txt gets one line per device, space separated:
#   NAME HOST PORT USER PRIVATE-KEY PUBLIC-KEY HOST-KEY-PUB
# where HOST-KEY-PUB is the device's sshd host public key (OpenSSH format) to pin.
# Every device has its own state dir DIR/devI (host key, client key pair, sshd config,
# ncxserver socket, startup datastore, netconfd's yuma home, logs, PIDs). Nothing is written
# outside DIR but /run/sshd, which sshd needs.
# Environment: NC_USER (login = NETCONF user; default: the current user),
#              NC_LOGLEVEL (netconfd log level, default info),
#              NC_LAB_OWNER (a PID: the lab stops itself when that process is gone, so a
#              test program that is killed leaves no devices behind),
#              NC_LAB_READ_ONLY (device numbers, e.g. "1 3", whose login user may read but
#              not write: netconfd's superuser is then another name, so its access control
#              refuses every edit with access-denied; kept across a restart),
#              NC_LAB_WITH_STARTUP (device numbers whose netconfd has a separate startup
#              datastore, the :startup capability; kept across a restart).
set -euo pipefail

usage()
{
    echo "usage: $0 start N DIR [STARTUP.xml|- ...] | stop DIR [I] | restart DIR I" >&2
    exit 2
}

need()
{
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
            echo "lab: '$tool' is missing (Debian: netconfd, openssh-server, openssh-client;" \
                "./setup.sh installs them)" >&2
            exit 3
        }
    done
}

now()
{
    date +%s.%N
}

# True while the process runs (a zombie counts as dead).
alive()
{
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ "$state" != Z ]
}

# Ports listening on any IPv4/IPv6 address, from /proc (no iproute2 needed).
listening_ports()
{
    local hex
    # mawk has no strtonum: the hex port is converted by bash.
    awk 'FNR > 1 && $4 == "0A" {split($2, a, ":"); print a[2]}' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r hex; do
        echo $((16#$hex))
    done
}

# Stop the processes of the given PID files: SIGTERM to all at once, then SIGKILL to those
# still alive after 5 s (netconfd takes about a second to save and exit).
stop_pids()
{
    local file pid pids=()
    for file in "$@"; do
        [ -s "$file" ] || continue
        pid=$(cat "$file")
        kill "$pid" 2>/dev/null && pids+=("$pid")
        rm -f "$file"
    done
    local left
    for _ in $(seq 1 100); do
        left=0
        for pid in "${pids[@]}"; do
            alive "$pid" && left=1
        done
        [ "$left" -eq 0 ] && return 0
        sleep 0.05
    done
    for pid in "${pids[@]}"; do
        if alive "$pid"; then
            echo "lab: process $pid ignored SIGTERM, SIGKILL" >&2
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
}

# Stop devices (their dirs given): sshd first, so no new session reaches a dying netconfd.
stop_devices()
{
    local d sshd=() netconfd=()
    for d in "$@"; do
        sshd+=("$d/sshd.pid")
        netconfd+=("$d/netconfd.pid")
    done
    stop_pids "${sshd[@]}"
    stop_pids "${netconfd[@]}"
    for d in "$@"; do
        rm -f "$d/ncxserver.sock"
    done
}

# The stubs netconfd's ietf-interfaces instrumentation calls, so the host's interfaces are
# never read or touched: it aborts without get-interface-ipv4, and runs ifconfig on commit.
write_stubs()
{
    local bin=$1
    mkdir -p "$bin"
    cat >"$bin/get-interface-ipv4" <<'SH'
#!/bin/sh
# ietf-ip state of a lab interface: none (the lab has no real links). Must exit 0.
exit 0
SH
    cat >"$bin/ifconfig" <<'SH'
#!/bin/sh
# Record what the instrumentation would do to a real interface, and do nothing.
echo "ifconfig $*" >>"${NC_LAB_DEVICE_DIR:-.}/ifconfig.log"
exit 0
SH
    chmod 755 "$bin/get-interface-ipv4" "$bin/ifconfig"
}

# Start netconfd and sshd of device $index on $port; sets nothing, writes $d/*.pid.
launch_device()
{
    local d=$1 port=$2 user=$3 bin=$4 superuser=$3 startup=false
    # NACM's write-default is deny: a user that is not the superuser may not edit.
    [ -f "$d/read-only" ] && superuser=lab-nobody
    [ -f "$d/with-startup" ] && startup=true
    cat >"$d/sshd_config" <<CFG
ListenAddress 127.0.0.1:$port
HostKey $d/hostkey
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
StrictModes no
UsePAM no
PrintMotd no
LogLevel VERBOSE
Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=$port@$d/ncxserver.sock
CFG
    rm -f "$d/ncxserver.sock"
    # netconfd keeps a transaction-id file in ~/.yuma unless given a yuma home of its own:
    # devices sharing it fail to start ("Read txid file failed") when started together.
    mkdir -p "$d/yuma/data"
    # ietf-routing and ietf-ipv4-unicast-routing have no instrumentation: plain datastores.
    # ietf-netconf-nmda and ietf-yang-metadata are announced only so that libnetconf2 clients,
    # which load them in any case, learn their revisions and read them from local files:
    # unannounced, they are fetched by get-schema, which netconfd now and then never answers.
    NC_LAB_DEVICE_DIR="$d" PATH="$bin:$PATH" setsid netconfd \
        --module=ietf-interfaces --module=ietf-ip --module=iana-if-type \
        --module=ietf-routing --module=ietf-ipv4-unicast-routing \
        --module=ietf-netconf-nmda --module=ietf-yang-metadata \
        --target=candidate --with-validate=true --with-startup="$startup" \
        --port="$port" --ncxserver-sockname="$d/ncxserver.sock" --superuser="$superuser" \
        --startup="$d/startup-cfg.xml" --log="$d/netconfd.log" --yuma-home="$d/yuma" \
        --log-level="${NC_LOGLEVEL:-info}" --idle-timeout=0 \
        </dev/null >"$d/netconfd.out" 2>&1 &
    echo $! >"$d/netconfd.pid"
    /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log"
}

# 0 when the device accepts TCP on its port and netconfd has its socket.
device_ready()
{
    local d=$1 port=$2
    [ -S "$d/ncxserver.sock" ] && [ -s "$d/sshd.pid" ] &&
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

start()
{
    local count=$1 dir=$2
    shift 2
    [[ "$count" =~ ^[1-9][0-9]*$ ]] || usage
    need netconfd sshd ssh-keygen setsid
    local user=${NC_USER:-$(id -un)}
    local t0
    t0=$(now)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    chmod 755 "$dir" # a non-root login user must reach its authorized_keys and the socket
    mkdir -p /run/sshd # sshd refuses to start without its privilege separation dir
    write_stubs "$dir/bin"
    [ -f "$dir/devices.txt" ] && {
        echo "lab: $dir already has a lab (devices.txt); stop it first" >&2
        exit 1
    }

    # Ports: free ones from a random base, never one that listens now or another device got.
    local used ports=() port=$((20000 + RANDOM % 30000)) i
    used=" $(listening_ports | tr '\n' ' ') "
    for ((i = 0; i < count; i++)); do
        while [[ "$used" == *" $port "* ]]; do
            port=$((port + 1))
        done
        ports+=("$port")
        used+="$port "
    done

    local d startup
    for ((i = 0; i < count; i++)); do
        d="$dir/dev$i"
        mkdir -p "$d"
        chmod 755 "$d"
        # Keys are made per run: a host key to pin, and the client's key pair to log in.
        rm -f "$d/hostkey" "$d/hostkey.pub" "$d/client_key" "$d/client_key.pub"
        ssh-keygen -q -t ed25519 -N '' -C "lab-dev$i-host" -f "$d/hostkey"
        ssh-keygen -q -t ed25519 -N '' -C "lab-dev$i-client" -f "$d/client_key"
        cp "$d/client_key.pub" "$d/authorized_keys"
        chmod 644 "$d/authorized_keys"
        rm -f "$d/read-only" "$d/with-startup"
        [[ " ${NC_LAB_READ_ONLY:-} " == *" $i "* ]] && : >"$d/read-only"
        [[ " ${NC_LAB_WITH_STARTUP:-} " == *" $i "* ]] && : >"$d/with-startup"
        startup=${1:--}
        [ $# -gt 0 ] && shift
        if [ "$startup" != - ]; then
            [ -r "$startup" ] || {
                echo "lab: startup file '$startup' not readable" >&2
                exit 1
            }
            cp "$startup" "$d/startup-cfg.xml"
        else
            echo '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>' >"$d/startup-cfg.xml"
        fi
        launch_device "$d" "${ports[$i]}" "$user" "$dir/bin"
    done

    # Wait (up to 20 s) for every device; a device whose netconfd died fails the start.
    local ready=0 deadline moves=0
    deadline=$(($(date +%s) + 20))
    while [ "$ready" -lt "$count" ]; do
        ready=0
        for ((i = 0; i < count; i++)); do
            d="$dir/dev$i"
            # sshd exits 0 even when its port was taken since it was picked (it logs
            # "Cannot bind"): move that device to a port nobody listens on.
            if grep -q "Cannot bind" "$d/sshd.log" 2>/dev/null; then
                moves=$((moves + 1))
                [ "$moves" -le 10 ] || {
                    echo "lab: sshd of dev$i cannot bind a port:" >&2
                    tail -n 3 "$d/sshd.log" >&2 || true
                    stop_devices "$dir"/dev*
                    exit 1
                }
                stop_devices "$d"
                used+=" $(listening_ports | tr '\n' ' ') "
                port=$((port + 1))
                while [[ "$used" == *" $port "* ]]; do
                    port=$((port + 1))
                done
                ports[i]=$port
                used+="$port "
                : >"$d/sshd.log"
                launch_device "$d" "$port" "$user" "$dir/bin"
                continue
            fi
            if ! alive "$(cat "$d/netconfd.pid")"; then
                echo "lab: netconfd of dev$i died:" >&2
                tail -n 5 "$d/netconfd.log" "$d/netconfd.out" >&2 || true
                stop_devices "$dir"/dev*
                exit 1
            fi
            device_ready "$d" "${ports[$i]}" && ready=$((ready + 1))
        done
        [ "$ready" -lt "$count" ] || break
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "lab: only $ready of $count devices ready after 20 s" >&2
            stop_devices "$dir"/dev*
            exit 1
        fi
        sleep 0.05
    done

    : >"$dir/known_hosts"
    local list=""
    for ((i = 0; i < count; i++)); do
        d="$dir/dev$i"
        list+="dev$i 127.0.0.1 ${ports[$i]} $user $d/client_key $d/client_key.pub $d/hostkey.pub"$'\n'
        echo "[127.0.0.1]:${ports[$i]} $(cut -d' ' -f1,2 "$d/hostkey.pub")" >>"$dir/known_hosts"
    done
    printf '%s' "$list" >"$dir/devices.txt.tmp"
    mv "$dir/devices.txt.tmp" "$dir/devices.txt"
    if [ -n "${NC_LAB_OWNER:-}" ]; then
        local self
        self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
        # shellcheck disable=SC2016 # the script's arguments expand in the watchdog
        setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -f "$3/devices.txt" ]; do
                            sleep 1
                        done
                        [ -f "$3/devices.txt" ] && "$2" stop "$3"' \
            watchdog "$NC_LAB_OWNER" "$self" "$dir" </dev/null >"$dir/watchdog.log" 2>&1 &
        echo $! >"$dir/watchdog.pid"
    fi
    echo "lab: $count device(s) ready in $(awk -v a="$t0" -v b="$(now)" \
        'BEGIN{printf "%.3f", b - a}') s; list in $dir/devices.txt"
}

stop()
{
    local dir=$1 only=${2:-}
    [ -d "$dir" ] || {
        echo "lab: no lab in '$dir'" >&2
        exit 1
    }
    local t0
    t0=$(now)
    if [ -n "$only" ]; then
        [ -d "$dir/dev$only" ] || {
            echo "lab: no device $only in '$dir'" >&2
            exit 1
        }
        stop_devices "$dir/dev$only"
        return
    fi
    stop_devices "$dir"/dev*
    rm -f "$dir/devices.txt"
    # The watchdog ends by itself once devices.txt is gone (it may be the caller).
    rm -f "$dir/watchdog.pid"
    echo "lab: stopped in $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.3f", b - a}') s"
}

restart()
{
    local dir=$1 index=$2 d line port user deadline
    d="$dir/dev$index"
    line=$(awk -v name="dev$index" '$1 == name' "$dir/devices.txt" 2>/dev/null)
    [ -d "$d" ] && [ -n "$line" ] || {
        echo "lab: no device $index in '$dir'" >&2
        exit 1
    }
    port=$(echo "$line" | cut -d' ' -f3)
    user=$(echo "$line" | cut -d' ' -f4)
    stop_devices "$d"
    : >"$d/sshd.log"
    launch_device "$d" "$port" "$user" "$dir/bin"
    deadline=$(($(date +%s) + 20))
    until device_ready "$d" "$port"; do
        if ! alive "$(cat "$d/netconfd.pid")" || grep -q "Cannot bind" "$d/sshd.log"; then
            echo "lab: dev$index did not restart:" >&2
            tail -n 5 "$d/netconfd.log" "$d/sshd.log" >&2 || true
            exit 1
        fi
        [ "$(date +%s)" -lt "$deadline" ] || {
            echo "lab: dev$index not ready after 20 s" >&2
            exit 1
        }
        sleep 0.05
    done
    echo "lab: dev$index restarted on port $port"
}

case "${1:-}" in
start)
    [ $# -ge 3 ] || usage
    shift
    start "$@"
    ;;
stop)
    [ $# -ge 2 ] || usage
    stop "$2" "${3:-}"
    ;;
restart)
    [ $# -eq 3 ] || usage
    restart "$2" "$3"
    ;;
*) usage ;;
esac
