#!/usr/bin/env python3
# Copyright (c) 2026 ns-3 Digital Twin Network authors
# SPDX-License-Identifier: GPL-2.0-only
"""Export the fidelity lab's live configuration as a snapshot bundle (doc/snapshot-format.md).

Everything comes from the running namespaces, as a collector would read it from devices:
interfaces and addresses from `ip -j addr`, static routes from `ip -j route`, rates and queue
limits from `tc -j qdisc` (tbf), and link delays from ping. Links are found by address: two
interfaces of different nodes in the same subnet are the two ends of one link.

Mapping onto the snapshot's link attributes (per direction, from the sending end's tbf):
  capacity   tbf rate (bytes/s x 8), scaled by ip/(ip + L2 header) / (ip / (ip + 2)) so that
             full-size IP packets cross the twin's point-to-point link (2-byte PPP header) at
             the rate they cross the veth (14-byte Ethernet header counted by tbf)
  queue-size tbf limit in bytes / frame bytes (full-size frames), at least 1
  delay      half the median ping RTT over the link (both directions: one delay per link pair)
"""

import argparse
import ipaddress
import json
import os
import re
import statistics
import subprocess
import sys

PPP_HEADER_BYTES = 2  # ns-3 PointToPointNetDevice header
ETHERNET_HEADER_BYTES = 14  # what tbf counts on a veth besides the IP packet


def Run(args):
    """Run a command and return its stdout; fail loudly with its stderr."""
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("export-bundle: '%s' failed: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


def NsJson(ns, *command):
    """JSON output of an iproute2 command in a namespace."""
    return json.loads(Run([command[0], "-n", ns, "-j"] + list(command[1:])) or "[]")


def PingRttMs(ns, address, count):
    """Median RTT in ms of `count` pings from namespace ns to address."""
    out = Run(["ip", "netns", "exec", ns, "ping", "-n", "-c", str(count), "-i", "0.01", address])
    rtts = [float(m) for m in re.findall(r"time=([0-9.]+) ms", out)]
    if not rtts:
        sys.exit("export-bundle: no ping reply from %s in %s" % (address, ns))
    return statistics.median(rtts), min(rtts)


def Main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", required=True, help="namespace name prefix")
    parser.add_argument("--nodes", required=True, help="space-separated node names")
    parser.add_argument("--frame-bytes", type=int, default=1514,
                        help="bytes of a full-size frame as tbf counts it")
    parser.add_argument("--pings", type=int, default=50)
    parser.add_argument("--out", required=True, help="bundle directory to write")
    args = parser.parse_args()

    nodes = args.nodes.split()
    ipMtu = args.frame_bytes - ETHERNET_HEADER_BYTES
    # Interfaces with IPv4 addresses, per node.
    interfaces = {}
    qdiscs = {}
    routes = {}
    for node in nodes:
        ns = args.prefix + node
        interfaces[node] = []
        for link in NsJson(ns, "ip", "addr", "show"):
            if "LOOPBACK" in link.get("flags", []):
                continue
            v4 = [a for a in link.get("addr_info", []) if a.get("family") == "inet"]
            interfaces[node].append({"name": link["ifname"], "mtu": link["mtu"],
                                     "up": link.get("operstate") == "UP", "index": link["ifindex"],
                                     "v4": [(a["local"], a["prefixlen"]) for a in v4]})
        qdiscs[node] = {q["dev"]: q for q in NsJson(ns, "tc", "qdisc", "show") if q.get("root")}
        routes[node] = [r for r in NsJson(ns, "ip", "route", "show") if "gateway" in r]

    # Links: the interfaces of two nodes sharing a subnet.
    bySubnet = {}
    for node in nodes:
        for itf in interfaces[node]:
            for address, length in itf["v4"]:
                net = ipaddress.ip_interface("%s/%d" % (address, length)).network
                bySubnet.setdefault(str(net), []).append((node, itf["name"], address))
    links = []
    for subnet, ends in sorted(bySubnet.items()):
        if len(ends) != 2:
            sys.exit("export-bundle: subnet %s has %d ends, expected a point-to-point link: %s"
                     % (subnet, len(ends), ends))
        (a, ifa, addra), (b, ifb, addrb) = ends
        medianRtt, minRtt = PingRttMs(args.prefix + a, addrb, args.pings)
        delayMs = medianRtt / 2.0
        for (src, srcIf, dst, dstIf) in ((a, ifa, b, ifb), (b, ifb, a, ifa)):
            q = qdiscs[src].get(srcIf)
            if q is None or q.get("kind") != "tbf":
                sys.exit("export-bundle: %s:%s has no root tbf: its rate is unknown" % (src, srcIf))
            rateBps = int(q["options"]["rate"]) * 8
            burst = int(q["options"]["burst"])
            latUs = int(q["options"]["lat"])
            # tbf derives its latency from the limit: lat = (limit - burst) / rate.
            limitBytes = burst + latUs * int(q["options"]["rate"]) / 1e6
            queuePackets = max(1, int(round(limitBytes / args.frame_bytes)))
            framing = (ipMtu + PPP_HEADER_BYTES) / float(ipMtu + ETHERNET_HEADER_BYTES)
            links.append({
                "link-id": "%s:%s->%s:%s" % (src, srcIf, dst, dstIf),
                "source": {"source-node": src, "source-tp": srcIf},
                "destination": {"dest-node": dst, "dest-tp": dstIf},
                "ns3-digital-twin-topology:link-attributes": {
                    "delay": "%.6f" % delayMs,
                    "queue-size": queuePackets,
                    "capacity": str(int(round(rateBps * framing))),
                },
                "_lab": {"tbf_rate_bps": rateBps, "tbf_burst_bytes": burst,
                         "tbf_limit_bytes": int(round(limitBytes)), "rtt_median_ms": medianRtt,
                         "rtt_min_ms": minRtt},
            })

    os.makedirs(os.path.join(args.out, "devices"), exist_ok=True)
    labInfo = []
    for link in links:
        labInfo.append(dict(link["_lab"], link=link["link-id"],
                            **link["ns3-digital-twin-topology:link-attributes"]))
        del link["_lab"]
    topology = {"ietf-network:networks": {"network": [{
        "network-id": "fidelity-lab",
        "network-types": {"ns3-digital-twin-topology:digital-twin": {}},
        "node": [{"node-id": node,
                  "ietf-network-topology:termination-point":
                      [{"tp-id": i["name"]} for i in interfaces[node] if i["v4"]]}
                 for node in nodes],
        "ietf-network-topology:link": links,
    }]}}
    with open(os.path.join(args.out, "topology.json"), "w") as f:
        json.dump(topology, f, indent=2)
        f.write("\n")

    for node in nodes:
        device = {"ietf-interfaces:interfaces": {"interface": [
            {"name": i["name"], "type": "iana-if-type:ethernetCsmacd", "enabled": True,
             "oper-status": "up" if i["up"] else "down", "if-index": i["index"],
             "statistics": {"discontinuity-time": "2026-01-01T00:00:00Z"},
             "ietf-ip:ipv4": {"mtu": i["mtu"],
                              "address": [{"ip": a, "prefix-length": p} for a, p in i["v4"]]}}
            for i in interfaces[node] if i["v4"]]}}
        staticRoutes = []
        for r in routes[node]:
            dst = "0.0.0.0/0" if r["dst"] == "default" else r["dst"]
            if "/" not in dst:
                dst += "/32"
            staticRoutes.append({"destination-prefix": dst,
                                 "next-hop": {"outgoing-interface": r["dev"],
                                              "next-hop-address": r["gateway"]}})
        if staticRoutes:
            device["ietf-routing:routing"] = {"control-plane-protocols": {
                "control-plane-protocol": [{
                    "type": "ietf-routing:static", "name": "static",
                    "static-routes": {"ietf-ipv4-unicast-routing:ipv4": {"route": staticRoutes}},
                }]}}
        with open(os.path.join(args.out, "devices", node + ".json"), "w") as f:
            json.dump(device, f, indent=2)
            f.write("\n")

    # What the lab had and what the snapshot says, for the report (not part of the bundle).
    with open(os.path.join(args.out, "..", "lab-links.json"), "w") as f:
        json.dump(labInfo, f, indent=2)
    print("bundle written to %s: %d nodes, %d directed links" % (args.out, len(nodes), len(links)))


if __name__ == "__main__":
    Main()
