#!/usr/bin/env python3
# Copyright (c) 2026 ns-3 Digital Twin Network authors
# SPDX-License-Identifier: GPL-2.0-only
"""Replay the fidelity lab's traffic in the twin and compare it with what the lab measured.

Reads the work directory written by run-fidelity.sh (bundle/, capture.pcap, netflow9.pcap,
ipfix.pcap, iperf3/*.json, tc/*.jsonl, flows.txt, lab-links.json), imports the bundle and each
traffic source into a fresh store with dtwin, replays each source over the same duration and
compares:

* per flow (each iperf3 flow): mean goodput received, lab = iperf3 receiver side
  (payload bits / receiver's test time), twin = (rx IP bytes - headers per packet) * 8 /
  (last rx - first tx) of the replayed flow (dtwin results --flows);
* per link direction: IP bytes carried, as mean utilisation of the tbf rate over one common
  window (the flows' span), lab = tbf sent bytes - 14 per packet (tc -s), twin = tx bytes - 2
  per packet (PPP header) (dtwin results --links).

Writes the tables to stdout and, with --doc, between the markers of doc/fidelity.md.
"""

import argparse
import datetime
import json
import os
import re
import shlex
import statistics
import subprocess
import sys

ETHERNET_HEADER_BYTES = 14
PPP_HEADER_BYTES = 2
IP_UDP_HEADER_BYTES = 28
IP_TCP_HEADER_BYTES = 52  # IPv4 20 + TCP 20 + timestamp option 12 (Linux and ns-3 default)
SOURCE_FORMATS = {"capture": "capture", "netflow9": "export-pcap", "ipfix": "export-pcap"}
SOURCE_FILES = {"capture": "capture.pcap", "netflow9": "netflow9.pcap", "ipfix": "ipfix.pcap"}
SOURCE_TITLES = {"capture": "capture (tcpdump)", "netflow9": "NetFlow v9 (softflowd)",
                 "ipfix": "IPFIX (softflowd)"}
BEGIN_MARK = "<!-- fidelity-tables:begin (written by bench/fidelity/compare.py) -->"
END_MARK = "<!-- fidelity-tables:end -->"
TARGET = 0.05


class Dtwin:
    """The dtwin command line on one store."""

    def __init__(self, binary, store, log):
        self.binary = binary
        self.store = store
        self.log = log

    def Call(self, *args):
        command = [self.binary, args[0], "--db", self.store] + list(args[1:])
        result = subprocess.run(command, capture_output=True, text=True)
        with open(self.log, "a") as f:
            f.write("$ %s\n%s%s(exit %d)\n" % (" ".join(map(shlex.quote, command)),
                                               result.stdout, result.stderr, result.returncode))
        if result.returncode != 0:
            sys.exit("compare: %s failed (exit %d):\n%s" % (" ".join(command), result.returncode,
                                                          result.stderr.strip()))
        return result.stdout

    def Json(self, *args):
        return json.loads(self.Call(*(list(args) + ["--format", "json"])))


def ReadLabFlows(work):
    """The iperf3 flows with their 5-tuple and receiver-side goodput."""
    flows = []
    with open(os.path.join(work, "flows.txt")) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            fid, proto, client, server, port, start, dur = parts[:7]
            rate = parts[7] if len(parts) > 7 else ""
            size = parts[8] if len(parts) > 8 else ""
            with open(os.path.join(work, "iperf3", fid + "-client.json")) as c:
                cj = json.load(c)
            with open(os.path.join(work, "iperf3", fid + "-server.json")) as s:
                sj = json.load(s)
            if "error" in cj or "error" in sj:
                sys.exit("compare: iperf3 flow %s failed: %s" % (fid, cj.get("error") or
                                                                 sj.get("error")))
            conn = cj["start"]["connected"][0]
            end = sj["end"]
            # The server is the receiver in both protocols: its view is the delivered goodput.
            received = end["sum_received"]
            flows.append({
                "id": fid, "proto": proto, "client": client, "server": server,
                "label": "%s %s %s->%s%s" % (fid, proto.upper(), client, server,
                                            (" %s/%sB" % (rate, size)) if rate else ""),
                "src": conn["local_host"], "sport": int(conn["local_port"]),
                "dst": conn["remote_host"], "dport": int(conn["remote_port"]),
                "lab_bps": received["bits_per_second"],
                "lab_bytes": received["bytes"],
                "lab_seconds": received["seconds"],
                "lab_lost": (cj["end"]["sum"].get("lost_percent") if proto == "udp" else None),
                "retransmits": (cj["end"]["sum_sent"].get("retransmits")
                                if proto == "tcp" else None),
            })
    return flows


def ReadLabLinks(work):
    """IP bytes each tbf sent between the two counter samples, by 'node:dev'."""
    def Load(name):
        counts = {}
        with open(os.path.join(work, "tc", name)) as f:
            for line in f:
                row = json.loads(line)
                for q in row["qdisc"]:
                    if q.get("root"):
                        counts["%s:%s" % (row["node"], q["dev"])] = (q["bytes"], q["packets"],
                                                                     q.get("drops", 0))
        return counts
    before, after = Load("before.jsonl"), Load("after.jsonl")
    links = {}
    for key, (b, p, d) in after.items():
        b0, p0, d0 = before.get(key, (0, 0, 0))
        links[key] = {"ip_bytes": (b - b0) - ETHERNET_HEADER_BYTES * (p - p0), "packets": p - p0,
                      "drops": d - d0}
    return links


def DemandIdsByFlow(replayed):
    """Demand ids of each recorded 5-tuple, from the run's replayed flows.

    `dtwin results RUN --replay` lists every replayed flow with its demand; a flow split by
    the exporter's timeouts gives several records, and all of them are kept.
    """
    ids = {}
    for row in replayed:
        fiveTuple = (row["source"], int(row["source_port"]), row["destination"],
                     int(row["destination_port"]), row["protocol"])
        ids.setdefault(fiveTuple, []).append(row["demand"])
    return ids


def TwinGoodput(row, proto):
    """Goodput of one replayed flow: payload bits over its span (last rx - first tx)."""
    if not row or not row["throughput_bps"]:
        return 0.0
    span = row["rx_bytes"] * 8.0 / row["throughput_bps"]
    header = IP_TCP_HEADER_BYTES if proto == "tcp" else IP_UDP_HEADER_BYTES
    return (row["rx_bytes"] - header * row["rx_packets"]) * 8.0 / span


def Percentile(values, q):
    """Linear-interpolation percentile of a list, q in 0..1."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def Main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dtwin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--sources", default="capture,netflow9,ipfix")
    parser.add_argument("--lab-cc", default="cubic")
    parser.add_argument("--import-options", default="")
    parser.add_argument("--run-options", default="")
    parser.add_argument("--margin", type=float, default=15.0,
                        help="simulated seconds after the last recorded flow end")
    parser.add_argument("--doc", help="markdown file whose table section is rewritten")
    args = parser.parse_args()

    work = args.work
    store = os.path.join(work, "twin.db")
    if os.path.exists(store):
        os.remove(store)
    dtwin = Dtwin(args.dtwin, store, os.path.join(work, "dtwin.log"))
    labFlows = ReadLabFlows(work)
    labLinks = ReadLabLinks(work)
    with open(os.path.join(work, "lab-links.json")) as f:
        linkInfo = {l["link"]: l for l in json.load(f)}

    out = dtwin.Call("import", os.path.join(work, "bundle"))
    snapshot = re.search(r"snapshot (\d+)", out).group(1)

    perSource = {}
    window = None
    for source in args.sources.split(","):
        if source not in SOURCE_FORMATS:
            sys.exit("compare: unknown source '%s'" % source)
        # A capture keeps its packet sequences, so its UDP flows replay packet by packet.
        packets = ["--packets"] if source == "capture" else []
        out = dtwin.Call("import-traffic", os.path.join(work, SOURCE_FILES[source]),
                         "--snapshot", snapshot, "--format", SOURCE_FORMATS[source],
                         *packets, *shlex.split(args.import_options))
        setId = re.search(r"traffic set (\d+)", out) or re.search(r"set (\d+)", out)
        setId = setId.group(1)
        traffic = dtwin.Json("traffic", setId)
        start = min(r["start_s"] for r in traffic)
        end = max(r["end_s"] for r in traffic)
        if source == "capture":
            window = end - start
        duration = (end - start) + args.margin
        out = dtwin.Call("run", snapshot, "--duration", "%.3fs" % duration, "--traffic", setId,
                         *shlex.split(args.run_options))
        run = re.search(r"run (\d+)", out)
        if not run:
            runs = dtwin.Json("runs")
            run = str(max(r["run"] for r in runs))
        else:
            run = run.group(1)
        twinFlows = dtwin.Json("results", run, "--flows")
        twinLinks = dtwin.Json("results", run, "--links")
        summary = dtwin.Json("results", run)
        demandIds = DemandIdsByFlow(dtwin.Json("results", run, "--replay"))
        perSource[source] = {"set": setId, "run": run, "flows": {}, "links": {},
                             "records": len(traffic), "wall_s": summary[0]["wall_s"],
                             "span_s": end - start}
        for lf in labFlows:
            key = (lf["src"], lf["sport"], lf["dst"], lf["dport"], lf["proto"])
            ids = demandIds.get(key, [])
            rows = [r for r in twinFlows
                    if r["demand"] in ids and r["source"] == lf["src"]]
            if not rows:
                perSource[source]["flows"][lf["id"]] = None
                continue
            if len(rows) == 1:
                goodput = TwinGoodput(rows[0], lf["proto"])
            else:
                # Several records of one flow: total payload over the union of their spans.
                goodput = sum(TwinGoodput(r, lf["proto"]) * (r["rx_bytes"] * 8.0 /
                                                              r["throughput_bps"])
                              for r in rows if r["throughput_bps"])
                goodput /= sum(r["rx_bytes"] * 8.0 / r["throughput_bps"] for r in rows
                               if r["throughput_bps"])
            perSource[source]["flows"][lf["id"]] = {"bps": goodput, "records": len(ids)}
        for row in twinLinks:
            ipBytes = row["tx_bytes"] - PPP_HEADER_BYTES * row["tx_packets"]
            perSource[source]["links"][row["link"]] = {"ip_bytes": ipBytes,
                                                       "drops": row["queue_drop_packets"]}

    # ---------------------------------------------------------------- tables
    lines = []
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines.append("Run of %s, lab TCP congestion control `%s`, twin `dtwin run --traffic` %s."
                 % (stamp, args.lab_cc, ("with `%s`" % args.run_options) if args.run_options
                    else "with default options"))
    lines.append("")
    lines.append("### Per-flow goodput (iperf3 receiver vs replayed flow)")
    lines.append("")
    sources = list(perSource)
    header = "| flow | lab Mbit/s |" + "".join(" %s Mbit/s | error |" % s for s in sources)
    lines.append(header)
    lines.append("|---|---:|" + "---:|---:|" * len(sources))
    errors = {s: [] for s in sources}
    errorsByProto = {s: {"tcp": [], "udp": []} for s in sources}
    for lf in labFlows:
        cells = ["%s" % lf["label"], "%.2f" % (lf["lab_bps"] / 1e6)]
        for s in sources:
            t = perSource[s]["flows"].get(lf["id"])
            if t is None:
                cells += ["not replayed", "-"]
                continue
            err = (t["bps"] - lf["lab_bps"]) / lf["lab_bps"]
            errors[s].append(abs(err))
            errorsByProto[s][lf["proto"]].append(abs(err))
            note = " (%d records)" % t["records"] if t["records"] > 1 else ""
            cells += ["%.2f%s" % (t["bps"] / 1e6, note), "%+.1f %%" % (100 * err)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| source | flows compared | median abs error | 90th pct abs error | "
                 "median TCP | median UDP | within 5 % (median) |")
    lines.append("|---|---:|---:|---:|---:|---:|---|")
    verdicts = {}
    for s in sources:
        e = errors[s]
        med = statistics.median(e) if e else float("nan")
        verdicts[s] = med <= TARGET
        lines.append("| %s | %d of %d | %.1f %% | %.1f %% | %s | %s | %s |" % (
            SOURCE_TITLES[s], len(e), len(labFlows), 100 * med, 100 * Percentile(e, 0.9),
            ("%.1f %%" % (100 * statistics.median(errorsByProto[s]["tcp"])))
            if errorsByProto[s]["tcp"] else "-",
            ("%.1f %%" % (100 * statistics.median(errorsByProto[s]["udp"])))
            if errorsByProto[s]["udp"] else "-",
            "yes" if verdicts[s] else "**no**"))
    lines.append("")
    lines.append("### Per-link utilisation (mean over the %.1f s of recorded traffic)" % window)
    lines.append("")
    lines.append("Utilisation = IP bytes carried x 8 / (tbf rate x %.1f s); lab from the tbf "
                 "counters, twin from `dtwin results --links`." % window)
    lines.append("")
    lines.append("| link direction | tbf rate | lab | lab drops |" +
                 "".join(" %s | error (pp) |" % s for s in sources))
    lines.append("|---|---:|---:|---:|" + "---:|---:|" * len(sources))
    linkErrors = {s: [] for s in sources}
    linkRelErrors = {s: [] for s in sources}
    for linkId in sorted(linkInfo):
        info = linkInfo[linkId]
        srcKey = linkId.split("->")[0]
        lab = labLinks.get(srcKey)
        if lab is None:
            continue
        rate = info["tbf_rate_bps"]
        labUtil = lab["ip_bytes"] * 8.0 / (rate * window)
        cells = [linkId, "%g Mbit/s" % (rate / 1e6), "%.1f %%" % (100 * labUtil),
                 "%d" % lab["drops"]]
        for s in sources:
            t = perSource[s]["links"].get(linkId)
            if t is None:
                cells += ["-", "-"]
                continue
            twinUtil = t["ip_bytes"] * 8.0 / (rate * window)
            linkErrors[s].append(abs(twinUtil - labUtil))
            if lab["ip_bytes"] > 0:
                linkRelErrors[s].append(abs(t["ip_bytes"] - lab["ip_bytes"]) / lab["ip_bytes"])
            cells += ["%.1f %% (%d drops)" % (100 * twinUtil, t["drops"]),
                      "%+.1f" % (100 * (twinUtil - labUtil))]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| source | link directions | median abs error (pp) | max abs error (pp) | "
                 "median relative error of bytes carried |")
    lines.append("|---|---:|---:|---:|---:|")
    for s in sources:
        e = linkErrors[s]
        lines.append("| %s | %d | %.2f | %.2f | %.1f %% |" % (
            SOURCE_TITLES[s], len(e), 100 * statistics.median(e), 100 * max(e),
            100 * statistics.median(linkRelErrors[s])))
    lines.append("")
    lines.append("### Inputs")
    lines.append("")
    lines.append("| source | traffic set records | recorded span | replay wall time |")
    lines.append("|---|---:|---:|---:|")
    for s in sources:
        p = perSource[s]
        lines.append("| %s | %d | %.2f s | %.1f s |" % (SOURCE_TITLES[s], p["records"],
                                                        p["span_s"], p["wall_s"]))
    lines.append("")
    lines.append("| link direction | tbf rate | burst | limit | median RTT | snapshot capacity "
                 "| delay | queue |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for linkId in sorted(linkInfo):
        i = linkInfo[linkId]
        lines.append("| %s | %g Mbit/s | %d B | %d B | %.3f ms | %s bit/s | %s ms | %d packets |"
                     % (linkId, i["tbf_rate_bps"] / 1e6, i["tbf_burst_bytes"],
                        i["tbf_limit_bytes"], i["rtt_median_ms"], i["capacity"], i["delay"],
                        i["queue-size"]))
    lines.append("")
    lines.append("| flow | lab TCP retransmits | lab UDP loss |")
    lines.append("|---|---:|---:|")
    for lf in labFlows:
        lines.append("| %s | %s | %s |" % (
            lf["label"], "-" if lf["retransmits"] is None else lf["retransmits"],
            "-" if lf["lab_lost"] is None else "%.2f %%" % lf["lab_lost"]))
    text = "\n".join(lines) + "\n"
    print(text)

    if args.doc:
        with open(args.doc) as f:
            doc = f.read()
        if BEGIN_MARK not in doc or END_MARK not in doc:
            sys.exit("compare: %s lacks the table markers; tables printed above" % args.doc)
        head, rest = doc.split(BEGIN_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        with open(args.doc, "w") as f:
            f.write(head + BEGIN_MARK + "\n\n" + text + "\n" + END_MARK + tail)
        print("tables written to %s" % args.doc)
    return 0 if all(verdicts.values()) else 3


if __name__ == "__main__":
    sys.exit(Main())
