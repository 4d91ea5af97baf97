#!/usr/bin/env python3
# Copyright (c) 2026 ns-3 Digital Twin Network authors
#
# SPDX-License-Identifier: GPL-2.0-only
"""Write the binary inputs of the bad-input corpus (the text ones are kept as written).

Run from this directory; the output is deterministic, so the files in git are what this
script writes. test/cli/bad-input-test.cc runs every file through the dtwin command a user
would use.
"""

import struct


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def pcap_header(magic=0xA1B2C3D4, linktype=101):
    # version 2.4, no time zone, snap length 65535, LINKTYPE_RAW (IPv4 without link header)
    return struct.pack("<IHHiIII", magic, 2, 4, 0, 0, 65535, linktype)


def ipv4_udp(payload=32):
    total = 28 + payload
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, 0, 0, 64, 17, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    udp = struct.pack(">HHHH", 1000, 2000, 8 + payload, 0)
    return ip + udp + bytes(payload)


def record(packet, ts=1, caplen=None):
    caplen = len(packet) if caplen is None else caplen
    return struct.pack("<IIII", ts, 0, caplen, len(packet)) + packet


def ipfix(sets):
    body = b"".join(sets)
    return struct.pack(">HHIII", 10, 16 + len(body), 1700000000, 0, 0) + body


# Captures
write("bad-magic.pcap", pcap_header(magic=0xDEADBEEF) + record(ipv4_udp()))
good = record(ipv4_udp())
write("truncated-packet.pcap", pcap_header() + good + good[:30])
write("empty.pcap", b"")
write("truncated-header.pcap", pcap_header()[:13])
write("huge-caplen.pcap", pcap_header() + struct.pack("<IIII", 1, 0, 0x7FFFFFFF, 0x7FFFFFFF))
# pcapng: a section header block whose length runs past the end of the file
write("truncated.pcapng", struct.pack("<III", 0x0A0D0D0A, 1000, 0x1A2B3C4D) + bytes(20))

# Flow exports
write("netflow-v7.bin", struct.pack(">HHIIIIBBH", 7, 1, 0, 1700000000, 0, 0, 0, 0, 0) + bytes(52))
v5 = struct.pack(">HHIIIIBBH", 5, 30, 0, 1700000000, 0, 0, 0, 0, 0)
write("netflow-v5-short.bin", v5 + bytes(48))  # says 30 records, holds one
write("ipfix-zero-length-set.bin", ipfix([struct.pack(">HH", 2, 0)]))
# Template 256 whose only field is 0 bytes long: a data record of it would be 0 bytes, so a
# reader that steps record by record through the data set never advances.
tpl = struct.pack(">HHHHHH", 2, 12, 256, 1, 1, 0)
write("ipfix-template-loop.bin", ipfix([tpl, struct.pack(">HH", 256, 12) + bytes(8)]))
# A template claiming 65535 fields in a 12-byte set
write("ipfix-template-overrun.bin", ipfix([struct.pack(">HHHHHH", 2, 12, 257, 65535, 8, 4)]))
write("ipfix-no-template.bin", ipfix([struct.pack(">HH", 300, 12) + bytes(8)]))

# Garbage and encodings
garbage = bytes((i * 197 + 89) % 256 for i in range(4096))
write("binary-garbage.gml", garbage)
write("binary-garbage.json", garbage)
write("invalid-utf8.gml",
      b'graph [\n  node [ id 0 label "R\xff\xfe1" ]\n  node [ id 1 label "R2" ]\n'
      b"  edge [ source 0 target 1 ]\n]\n")
write("invalid-utf8.json", b'{"ietf-network:networks": {"network": [{"network-id": "n\xc3\x28"}]}}\n')
write("deep-nesting.json", b'{"ietf-network:networks":\n' + b"[" * 5000 + b"]" * 5000 + b"}\n")
write("deep-nesting.gml", b"graph [\n" + b"a [\n" * 200 + b"]\n" * 200 + b"]\n")
write("deep-scenario.xml",
      b'<scenario xmlns="urn:ns3:params:xml:ns:yang:ns3-digital-twin-scenario">\n'
      + b"<a>" * 3000 + b"</a>" * 3000 + b"\n</scenario>\n")
