#!/usr/bin/env python3
# Copyright (c) 2026 ns-3 Digital Twin Network authors
#
# SPDX-License-Identifier: GPL-2.0-only
"""Write small hand-made seed inputs for the binary formats the repository has no fixtures
for: pcap/pcapng captures and NetFlow v5, NetFlow v9 and IPFIX export message files.

Usage: make-seeds.py OUTDIR   (writes OUTDIR/pcap, OUTDIR/netflow-v5, OUTDIR/netflow-v9,
OUTDIR/ipfix)
"""

import os
import struct
import sys


def ipv4(a, b, c, d):
    return bytes([a, b, c, d])


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def ipv4_packet(proto, src, dst, payload, frag=0):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, frag, 64, proto, 0,
                         src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + payload


def ipv6_packet(next_header, src, dst, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), next_header, 64, src,
                       dst) + payload


def tcp(sport, dport, flags=0x18, data=b"hello"):
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, flags, 65535, 0, 0) + data


def udp(sport, dport, data=b"payload"):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def ethernet(ethertype, payload):
    return b"\x02\0\0\0\0\x01" + b"\x02\0\0\0\0\x02" + struct.pack("!H", ethertype) + payload


def pcap_file(linktype, packets, nanos=False):
    magic = 0xA1B23C4D if nanos else 0xA1B2C3D4
    out = struct.pack("<IHHiIII", magic, 2, 4, 0, 0, 65535, linktype)
    for i, pkt in enumerate(packets):
        out += struct.pack("<IIII", 1700000000 + i, 500 * i, len(pkt), len(pkt)) + pkt
    return out


def pcapng_block(block_type, body):
    body += b"\0" * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack("<II", block_type, length) + body + struct.pack("<I", length)


def pcapng_file(linktype, packets):
    out = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += pcapng_block(1, struct.pack("<HHI", linktype, 0, 65535))
    for i, pkt in enumerate(packets):
        ts = (1700000000 + i) * 1000000
        out += pcapng_block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(pkt),
                                           len(pkt)) + pkt)
    return out


def capture_packets():
    a, b = ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2)
    a6 = bytes.fromhex("20010db8000000000000000000000001")
    b6 = bytes.fromhex("20010db8000000000000000000000002")
    return [
        ethernet(0x0800, ipv4_packet(6, a, b, tcp(40000, 80, 0x02, b""))),
        ethernet(0x0800, ipv4_packet(6, b, a, tcp(80, 40000, 0x12, b""))),
        ethernet(0x0800, ipv4_packet(17, a, b, udp(5000, 53))),
        ethernet(0x0800, ipv4_packet(1, a, b, b"\x08\0\0\0\0\0\0\0")),
        ethernet(0x0800, ipv4_packet(17, a, b, udp(5000, 53), frag=0x2000)),
        ethernet(0x86DD, ipv6_packet(17, a6, b6, udp(6000, 443))),
        ethernet(0x86DD, ipv6_packet(0, a6, b6, b"\x11\0\0\0\0\0\0\0" + udp(6000, 443))),
        ethernet(0x0806, b"\0\x01\x08\0\x06\x04\0\x01" + b"\0" * 20),
        ethernet(0x8100, b"\0\x05\x08\0" + ipv4_packet(17, a, b, udp(7000, 7001))),
    ]


def raw_packets():
    a, b = ipv4(192, 0, 2, 1), ipv4(198, 51, 100, 1)
    return [ipv4_packet(17, a, b, udp(1, 2)), ipv4_packet(6, b, a, tcp(2, 1))]


def netflow_v5():
    records = b""
    flows = [(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 40000, 80, 6),
             (ipv4(10, 0, 0, 3), ipv4(10, 0, 0, 4), 5000, 53, 17)]
    for src, dst, sport, dport, proto in flows:
        records += struct.pack("!4s4s4sHHIIIIHHBBBBHHBBH", src, dst, b"\0" * 4, 1, 2, 10,
                               15000, 1000, 5000, sport, dport, 0, 0x1B, proto, 0, 0, 0, 24,
                               24, 0)
    header = struct.pack("!HHIIIIBBH", 5, len(flows), 100000, 1700000000, 0, 1, 0, 0, 0)
    return header + records


def v9_message(flowsets, count):
    return struct.pack("!HHIIII", 9, count, 100000, 1700000000, 7, 42) + flowsets


def flowset(set_id, body):
    body += b"\0" * (-(4 + len(body)) % 4)
    return struct.pack("!HH", set_id, 4 + len(body)) + body


V4_FIELDS = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (22, 4), (21, 4),
             (6, 1), (10, 2)]
V6_FIELDS = [(27, 16), (28, 16), (7, 2), (11, 2), (4, 1), (85, 8), (86, 8), (22, 4), (21, 4)]


def template_body(template_id, fields):
    body = struct.pack("!HH", template_id, len(fields))
    for fid, length in fields:
        body += struct.pack("!HH", fid, length)
    return body


def v4_record():
    return (ipv4(10, 0, 0, 1) + ipv4(10, 0, 0, 2) + struct.pack("!HHBIIIIBH", 40000, 80, 6,
                                                                 15000, 10, 1000, 5000, 0x1B, 3))


def v6_record():
    return (bytes.fromhex("20010db8000000000000000000000001") +
            bytes.fromhex("20010db8000000000000000000000002") +
            struct.pack("!HHBQQII", 6000, 443, 17, 2000, 2, 2000, 3000))


def netflow_v9():
    templates = flowset(0, template_body(256, V4_FIELDS) + template_body(257, V6_FIELDS))
    # Options template 258: scope system (1, length 4), option sampling interval (34, 4).
    options = flowset(1, struct.pack("!HHHHHHH", 258, 4, 4, 1, 4, 34, 4))
    sampling = flowset(258, struct.pack("!II", 0, 100))
    data = flowset(256, v4_record() + v4_record()) + flowset(257, v6_record())
    return (v9_message(templates + options, 4) + v9_message(sampling, 1) +
            v9_message(data, 3))


def ipfix_message(sets):
    return struct.pack("!HHIII", 10, 16 + len(sets), 1700000000, 9, 42) + sets


def ipfix_set(set_id, body):
    return struct.pack("!HH", set_id, 4 + len(body)) + body


def netflow_ipfix():
    v4 = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (152, 8), (153, 8)]
    templates = ipfix_set(2, template_body(256, v4) + template_body(257, V6_FIELDS))
    # Template 259: an enterprise field (bit 15 set, then the enterprise number) and a
    # variable-length field (65535) before the addresses.
    ent = struct.pack("!HH", 259, 4) + struct.pack("!HHI", 0x8000 | 100, 2, 9) + \
        struct.pack("!HH", 82, 65535) + struct.pack("!HHHH", 8, 4, 12, 4)
    templates += ipfix_set(2, ent)
    # Options template 258: scope observation domain (149, 4), sampling interval (305, 4).
    options = ipfix_set(3, struct.pack("!HHHHHHH", 258, 2, 1, 149, 4, 305, 4))
    sampling = ipfix_set(258, struct.pack("!II", 42, 10))
    init = ipfix_set(2, template_body(260, [(160, 8)])) + ipfix_set(260, struct.pack("!Q", 0))
    rec4 = (ipv4(10, 0, 0, 1) + ipv4(10, 0, 0, 2) +
            struct.pack("!HHBQQQQ", 40000, 80, 6, 15000, 10, 1700000000000, 1700000001000))
    rec_ent = struct.pack("!H", 7) + b"\x04eth0" + ipv4(10, 0, 0, 5) + ipv4(10, 0, 0, 6)
    data = ipfix_set(256, rec4) + ipfix_set(257, v6_record()) + ipfix_set(259, rec_ent)
    return (ipfix_message(templates + options + init) + ipfix_message(sampling) +
            ipfix_message(data))


def write(outdir, target, name, data):
    os.makedirs(os.path.join(outdir, target), exist_ok=True)
    with open(os.path.join(outdir, target, name), "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    write(out, "pcap", "ethernet.pcap", pcap_file(1, capture_packets()))
    write(out, "pcap", "ethernet-ns.pcap", pcap_file(1, capture_packets(), nanos=True))
    write(out, "pcap", "raw.pcap", pcap_file(101, raw_packets()))
    write(out, "pcap", "sll.pcap",
          pcap_file(113, [b"\0\0\0\x01\0\x06" + b"\x02" * 8 + b"\x08\0" + p
                          for p in raw_packets()]))
    write(out, "pcap", "null.pcap",
          pcap_file(0, [struct.pack("<I", 2) + p for p in raw_packets()]))
    write(out, "pcap", "ethernet.pcapng", pcapng_file(1, capture_packets()))
    write(out, "netflow-v5", "two-flows.nf5", netflow_v5())
    write(out, "netflow-v9", "templates-options-data.nf9", netflow_v9())
    write(out, "ipfix", "templates-options-data.ipfix", netflow_ipfix())


if __name__ == "__main__":
    main()
