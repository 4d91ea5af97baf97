#!/usr/bin/env python3
#
# Copyright (c) 2026 ns-3 Digital Twin Network authors
#
# SPDX-License-Identifier: GPL-2.0-only
#
"""Write the Abilene snapshot bundle in this directory.

The topology (11 PoPs, 14 OC-192 links, coordinates) is Abilene as the Internet Topology Zoo
records it (Abilene.gml, February 2005). Device files carry what a NETCONF <get> returns:
interfaces with speeds, /30 link addresses and a /32 loopback each, and static routes along
shortest paths by the link metrics. demands.csv is the SNDlib "abilene" demand matrix, scaled;
it is only rewritten when the SNDlib native file is given:

    ./generate.py [--sndlib path/to/abilene.native.txt]

See doc/snapshot-format.md for the layout and the choices made here.
"""

import argparse
import heapq
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Topology Zoo Abilene: node label -> (node-id, latitude, longitude). Node-ids follow SNDlib.
NODES = [
    ("New York", "NYCMng", 40.71427, -74.00597),
    ("Chicago", "CHINng", 41.85003, -87.65005),
    ("Washington DC", "WASHng", 38.89511, -77.03637),
    ("Seattle", "STTLng", 47.60621, -122.33207),
    ("Sunnyvale", "SNVAng", 37.36883, -122.03635),
    ("Los Angeles", "LOSAng", 34.05223, -118.24368),
    ("Denver", "DNVRng", 39.73915, -104.9847),
    ("Kansas City", "KSCYng", 39.11417, -94.62746),
    ("Houston", "HSTNng", 29.76328, -95.36327),
    ("Atlanta", "ATLAng", 33.749, -84.38798),
    ("Indianapolis", "IPLSng", 39.76838, -86.15804),
]
# Zoo edges (node indices above), all "OC-192c".
EDGES = [(0, 1), (0, 2), (1, 10), (2, 9), (3, 4), (3, 6), (4, 5), (4, 6), (5, 8), (6, 7),
         (7, 8), (7, 10), (8, 9), (9, 10)]
OC192_BPS = 9953280000  # SONET OC-192 line rate
MTU = 9000  # Abilene carried 9000-byte frames end to end
PROPAGATION_MPS = 2.0e8  # light in fibre, about 2/3 c (same as the importer's derivation)
EARTH_RADIUS_M = 6371000.0

# Formats: most devices NMDA JSON; two NMDA XML; one in the 2014 interfaces-state form.
XML_DEVICES = {"NYCMng", "HSTNng"}
LEGACY_DEVICES = {"KSCYng"}

# Traffic: UDP demands scaled so the busiest directed link carries this share of its capacity.
# 20 % keeps the packet count (and so the simulation's wall time) modest: about 3.5 Gbit/s in
# 8000-byte datagrams, i.e. a few seconds of wall time per simulated second.
TARGET_PEAK_UTILISATION = 0.2
UDP_START_S = 0.1
UDP_PACKET_BYTES = 8000  # fits the 9000-byte MTU in one packet
TCP_SEGMENT_BYTES = 8000
TCP_FLOWS = [  # (source, destination, bytes, start)
    ("NYCMng", "LOSAng", 100000000, 0.5),
    ("WASHng", "STTLng", 100000000, 1.0),
    ("ATLAng", "SNVAng", 100000000, 1.5),
]
# SNDlib's second Atlanta node (ATLAM5) hangs off ATLAng only; its traffic is ATLAng's here.
SNDLIB_MERGE = {"ATLAM5": "ATLAng"}

IF_NS = "urn:ietf:params:xml:ns:yang:ietf-interfaces"
IP_NS = "urn:ietf:params:xml:ns:yang:ietf-ip"
RT_NS = "urn:ietf:params:xml:ns:yang:ietf-routing"
V4_NS = "urn:ietf:params:xml:ns:yang:ietf-ipv4-unicast-routing"
IANA_NS = "urn:ietf:params:xml:ns:yang:iana-if-type"
DISCONTINUITY = "2026-01-15T00:00:00Z"


def great_circle_m(a, b):
    lat1, lon1 = math.radians(a[2]), math.radians(a[3])
    lat2, lon2 = math.radians(b[2]), math.radians(b[3])
    h = (math.sin((lat2 - lat1) / 2) ** 2 +
         math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def ip(n):
    return "%d.%d.%d.%d" % (n >> 24 & 255, n >> 16 & 255, n >> 8 & 255, n & 255)


def tp_name(node_id):
    return "to-" + node_id[:4]


def build():
    ids = [n[1] for n in NODES]
    net = {
        "ids": ids,
        "interfaces": {i: [] for i in ids},  # node -> [(name, address, prefix-length, ifindex)]
        "links": [],  # directed: (src, src_tp, dst, dst_tp, delay_ms, metric)
        "adj": {i: [] for i in ids},  # node -> [(neighbour, metric, local tp, neighbour address)]
        "subnets": {},  # prefix -> set of attached nodes
        "loopback": {},
    }
    for k, node_id in enumerate(ids):
        address = (10 << 24) | (255 << 8) | (k + 1)  # 10.0.255.k+1/32
        net["interfaces"][node_id].append(("lo0", ip(address), 32))
        net["loopback"][node_id] = "%s/32" % ip(address)
        net["subnets"]["%s/32" % ip(address)] = {node_id}
    for k, (a, b) in enumerate(EDGES):
        na, nb = NODES[a], NODES[b]
        base = (10 << 24) | (4 * k)  # 10.0.0.4k/30
        delay_ms = great_circle_m(na, nb) / PROPAGATION_MPS * 1000.0
        metric = max(1, round(delay_ms * 10))  # latency-based cost, 0.1 ms units
        prefix = "%s/30" % ip(base)
        net["subnets"][prefix] = {na[1], nb[1]}
        net["interfaces"][na[1]].append((tp_name(nb[1]), ip(base + 1), 30))
        net["interfaces"][nb[1]].append((tp_name(na[1]), ip(base + 2), 30))
        for (s, d, d_addr) in ((na[1], nb[1], base + 2), (nb[1], na[1], base + 1)):
            net["links"].append((s, tp_name(d), d, tp_name(s), delay_ms, metric))
            net["adj"][s].append((d, metric, tp_name(d), ip(d_addr)))
    return net


def shortest_first_hops(net, source):
    """Dijkstra by metric; ties broken by node-id so the routes are reproducible."""
    dist = {source: 0}
    first = {source: None}
    queue = [(0, source, None)]
    done = set()
    while queue:
        d, node, hop = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        first[node] = hop
        for (nb, metric, tp, addr) in sorted(net["adj"][node]):
            nd = d + metric
            if nb not in dist or nd < dist[nb]:
                dist[nb] = nd
                heapq.heappush(queue, (nd, nb, hop if hop else (tp, addr)))
    return dist, first


def routes_of(net, node):
    dist, first = shortest_first_hops(net, node)
    routes = []
    for prefix, attached in sorted(net["subnets"].items(),
                                   key=lambda kv: tuple(int(x) for x in
                                                        kv[0].split("/")[0].split("."))):
        if node in attached:
            continue
        target = min(attached, key=lambda n: (dist[n], n))
        tp, addr = first[target]
        routes.append((prefix, tp, addr))
    return routes


def path_links(net, src, dst):
    """Directed links (s, d) along the shortest path from src to dst."""
    hops = []
    node = src
    while node != dst:
        # the neighbour on a shortest path to dst, with the same tie-break as the routes
        _, first = shortest_first_hops(net, node)
        tp, _ = first[dst]
        nxt = [nb for (nb, m, t, a) in net["adj"][node] if t == tp][0]
        hops.append((node, nxt))
        node = nxt
    return hops


def interface_json(name, address, plen, ifindex, legacy_config=False, legacy_state=False):
    speed = None if name == "lo0" else str(OC192_BPS)
    iftype = "iana-if-type:softwareLoopback" if name == "lo0" else "iana-if-type:sonet"
    entry = {"name": name}
    if not legacy_state:
        entry["description"] = "loopback" if name == "lo0" else "OC-192c " + name
    entry["type"] = iftype
    if not legacy_state:
        entry["enabled"] = True
    if not legacy_config:
        entry["admin-status"] = "up"
        entry["oper-status"] = "up"
        entry["if-index"] = ifindex
        if speed:
            entry["speed"] = speed
        entry["statistics"] = {"discontinuity-time": DISCONTINUITY}
    ipv4 = {"mtu": MTU if name != "lo0" else 65535,
            "address": [{"ip": address, "prefix-length": plen}]}
    if not legacy_config:
        ipv4["address"][0]["origin"] = "static"
    entry["ietf-ip:ipv4"] = ipv4
    return entry


def routing_json(routes):
    return {
        "control-plane-protocols": {
            "control-plane-protocol": [{
                "type": "ietf-routing:static",
                "name": "static",
                "static-routes": {
                    "ietf-ipv4-unicast-routing:ipv4": {
                        "route": [{
                            "destination-prefix": prefix,
                            "next-hop": {"outgoing-interface": tp, "next-hop-address": addr},
                        } for (prefix, tp, addr) in routes]
                    }
                },
            }]
        }
    }


def device_json(net, node, legacy):
    ifs = net["interfaces"][node]
    doc = {}
    if legacy:
        doc["ietf-interfaces:interfaces"] = {"interface": [
            interface_json(n, a, p, i + 1, legacy_config=True) for i, (n, a, p) in enumerate(ifs)]}
        doc["ietf-interfaces:interfaces-state"] = {"interface": [
            interface_json(n, a, p, i + 1, legacy_state=True) for i, (n, a, p) in enumerate(ifs)]}
    else:
        doc["ietf-interfaces:interfaces"] = {"interface": [
            interface_json(n, a, p, i + 1) for i, (n, a, p) in enumerate(ifs)]}
    doc["ietf-routing:routing"] = routing_json(routes_of(net, node))
    return json.dumps(doc, indent=2) + "\n"


def device_xml(net, node):
    ifs = net["interfaces"][node]
    out = ['<interfaces xmlns="%s"' % IF_NS, '            xmlns:ianaift="%s">' % IANA_NS]
    for i, (name, address, plen) in enumerate(ifs):
        loop = name == "lo0"
        out += [
            "  <interface>",
            "    <name>%s</name>" % name,
            "    <description>%s</description>" % ("loopback" if loop else "OC-192c " + name),
            "    <type>ianaift:%s</type>" % ("softwareLoopback" if loop else "sonet"),
            "    <enabled>true</enabled>",
            "    <admin-status>up</admin-status>",
            "    <oper-status>up</oper-status>",
            "    <if-index>%d</if-index>" % (i + 1),
        ]
        if not loop:
            out.append("    <speed>%d</speed>" % OC192_BPS)
        out += [
            "    <statistics>",
            "      <discontinuity-time>%s</discontinuity-time>" % DISCONTINUITY,
            "    </statistics>",
            '    <ipv4 xmlns="%s">' % IP_NS,
            "      <mtu>%d</mtu>" % (65535 if loop else MTU),
            "      <address>",
            "        <ip>%s</ip>" % address,
            "        <prefix-length>%d</prefix-length>" % plen,
            "        <origin>static</origin>",
            "      </address>",
            "    </ipv4>",
            "  </interface>",
        ]
    out.append("</interfaces>")
    out += ['<routing xmlns="%s">' % RT_NS,
            "  <control-plane-protocols>",
            "    <control-plane-protocol>",
            '      <type xmlns:rt="%s">rt:static</type>' % RT_NS,
            "      <name>static</name>",
            "      <static-routes>",
            '        <ipv4 xmlns="%s">' % V4_NS]
    for (prefix, tp, addr) in routes_of(net, node):
        out += ["          <route>",
                "            <destination-prefix>%s</destination-prefix>" % prefix,
                "            <next-hop>",
                "              <outgoing-interface>%s</outgoing-interface>" % tp,
                "              <next-hop-address>%s</next-hop-address>" % addr,
                "            </next-hop>",
                "          </route>"]
    out += ["        </ipv4>", "      </static-routes>", "    </control-plane-protocol>",
            "  </control-plane-protocols>", "</routing>"]
    return "\n".join(out) + "\n"


def topology_json(net):
    nodes = []
    for (label, node_id, lat, lon) in NODES:
        nodes.append({
            "node-id": node_id,
            "ns3-digital-twin-topology:node-attributes": {
                "latitude": "%.6f" % lat, "longitude": "%.6f" % lon},
            "ietf-network-topology:termination-point": [
                {"tp-id": name} for (name, _, _) in net["interfaces"][node_id]],
        })
    links = []
    for (s, stp, d, dtp, delay_ms, metric) in net["links"]:
        links.append({
            "link-id": "%s,%s,%s,%s" % (s, stp, d, dtp),
            "source": {"source-node": s, "source-tp": stp},
            "destination": {"dest-node": d, "dest-tp": dtp},
            "ns3-digital-twin-topology:link-attributes": {
                "delay": "%.6f" % delay_ms, "metric": metric},
        })
    doc = {"ietf-network:networks": {"network": [{
        "network-id": "abilene",
        "network-types": {"ns3-digital-twin-topology:digital-twin": {}},
        "node": nodes,
        "ietf-network-topology:link": links,
    }]}}
    return json.dumps(doc, indent=2) + "\n"


def read_sndlib_demands(path):
    demands = {}
    section = None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("DEMANDS"):
                section = "demands"
                continue
            if section == "demands":
                if line.startswith(")"):
                    break
                parts = line.replace("(", " ").replace(")", " ").split()
                if len(parts) >= 5:
                    src = SNDLIB_MERGE.get(parts[1], parts[1])
                    dst = SNDLIB_MERGE.get(parts[2], parts[2])
                    if src != dst:
                        demands[(src, dst)] = demands.get((src, dst), 0.0) + float(parts[4])
    return demands


def demands_csv(net, matrix):
    load = {}
    for (s, d), mbps in matrix.items():
        for hop in path_links(net, s, d):
            load[hop] = load.get(hop, 0.0) + mbps * 1e6
    peak = max(load.values())
    scale = TARGET_PEAK_UTILISATION * OC192_BPS / peak
    rows = ["id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,packet_bytes"]
    for (s, d) in sorted(matrix):
        rate = round(matrix[(s, d)] * 1e6 * scale / 1000.0) * 1000
        if rate <= 0:
            continue
        rows.append("udp-%s-%s,%s,%s,udp,%d,,%.1f,,%d" % (s, d, s, d, rate, UDP_START_S,
                                                          UDP_PACKET_BYTES))
    for (s, d, size, start) in TCP_FLOWS:
        rows.append("tcp-%s-%s,%s,%s,tcp,,%d,%.1f,,%d" % (s, d, s, d, size, start, TCP_SEGMENT_BYTES))
    busiest = max(load, key=load.get)
    print("demands: scale %.6f, busiest link %s->%s at %.0f%%" %
          (scale, busiest[0], busiest[1], 100 * load[busiest] * scale / OC192_BPS))
    return "\n".join(rows) + "\n"


def write(name, text):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sndlib", help="SNDlib abilene.native.txt (rewrites demands.csv)")
    args = parser.parse_args()
    net = build()
    write("topology.json", topology_json(net))
    for old in os.listdir(os.path.join(HERE, "devices")) if os.path.isdir(
            os.path.join(HERE, "devices")) else []:
        os.remove(os.path.join(HERE, "devices", old))
    for node in net["ids"]:
        if node in XML_DEVICES:
            write("devices/%s.xml" % node, device_xml(net, node))
        else:
            write("devices/%s.json" % node, device_json(net, node, node in LEGACY_DEVICES))
    if args.sndlib:
        write("demands.csv", demands_csv(net, read_sndlib_demands(args.sndlib)))
    elif not os.path.exists(os.path.join(HERE, "demands.csv")):
        sys.exit("demands.csv is missing: pass --sndlib path/to/abilene.native.txt")


if __name__ == "__main__":
    main()
