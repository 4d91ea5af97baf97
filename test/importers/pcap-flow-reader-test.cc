/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/pcap-flow-reader.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <pcap/pcap.h>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;
using Bytes = std::vector<uint8_t>;

/**
 * @param out the packet so far
 * @param value a 16-bit value appended big-endian
 */
void
Put16(Bytes& out, uint16_t value)
{
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value));
}

/**
 * @param a the first part
 * @param b the part appended
 * @return both
 */
Bytes
Cat(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

/**
 * @param sport source port
 * @param dport destination port
 * @param flags TCP flags
 * @param payload payload bytes (zeros)
 * @return a TCP segment
 */
Bytes
Tcp(uint16_t sport, uint16_t dport, uint8_t flags, std::size_t payload = 0)
{
    Bytes out;
    Put16(out, sport);
    Put16(out, dport);
    out.resize(12, 0);
    out.push_back(0x50); // data offset 5 words
    out.push_back(flags);
    out.resize(20 + payload, 0);
    return out;
}

/**
 * @param sport source port
 * @param dport destination port
 * @param payload payload bytes
 * @return a UDP datagram
 */
Bytes
Udp(uint16_t sport, uint16_t dport, std::size_t payload = 0)
{
    Bytes out;
    Put16(out, sport);
    Put16(out, dport);
    Put16(out, static_cast<uint16_t>(8 + payload));
    Put16(out, 0);
    out.resize(8 + payload, 0);
    return out;
}

/**
 * @param type ICMP type
 * @param code ICMP code
 * @return an ICMP message of 8 bytes
 */
Bytes
Icmp(uint8_t type, uint8_t code)
{
    return Bytes{type, code, 0, 0, 0, 0, 0, 0};
}

/** IPv4 header fields a test sets. */
struct V4
{
    std::array<uint8_t, 4> src{10, 0, 0, 1}; //!< source
    std::array<uint8_t, 4> dst{10, 0, 0, 2}; //!< destination
    uint8_t protocol{17};                    //!< protocol
    uint16_t fragmentOffset{0};              //!< in 8-byte units
    bool moreFragments{false};               //!< MF flag
    std::size_t optionWords{0};              //!< 4-byte words of options
};

/**
 * @param h the header fields
 * @param payload the transport bytes
 * @return an IPv4 packet whose total length covers the payload
 */
Bytes
Ipv4(const V4& h, const Bytes& payload)
{
    std::size_t headerLength = 20 + h.optionWords * 4;
    Bytes out;
    out.push_back(static_cast<uint8_t>(0x40 | (headerLength / 4)));
    out.push_back(0);
    Put16(out, static_cast<uint16_t>(headerLength + payload.size()));
    Put16(out, 0x1234);
    Put16(out, static_cast<uint16_t>((h.moreFragments ? 0x2000 : 0) | h.fragmentOffset));
    out.push_back(64);
    out.push_back(h.protocol);
    Put16(out, 0);
    out.insert(out.end(), h.src.begin(), h.src.end());
    out.insert(out.end(), h.dst.begin(), h.dst.end());
    out.resize(headerLength, 1); // options: NOPs
    return Cat(out, payload);
}

/**
 * @param last the last byte of an address fe80::last
 * @return the address
 */
std::array<uint8_t, 16>
V6Address(uint8_t last)
{
    std::array<uint8_t, 16> a{};
    a[0] = 0xfe;
    a[1] = 0x80;
    a[15] = last;
    return a;
}

/**
 * @param src source
 * @param dst destination
 * @param next the first next-header value
 * @param rest extension headers and transport
 * @return an IPv6 packet
 */
Bytes
Ipv6(uint8_t src, uint8_t dst, uint8_t next, const Bytes& rest)
{
    Bytes out{0x60, 0, 0, 0};
    Put16(out, static_cast<uint16_t>(rest.size()));
    out.push_back(next);
    out.push_back(64);
    auto s = V6Address(src);
    auto d = V6Address(dst);
    out.insert(out.end(), s.begin(), s.end());
    out.insert(out.end(), d.begin(), d.end());
    return Cat(out, rest);
}

/**
 * @param next the next header
 * @return an 8-byte options header (hop-by-hop or destination options)
 */
Bytes
V6Options(uint8_t next)
{
    return Bytes{next, 0, 1, 4, 0, 0, 0, 0};
}

/**
 * @param next the next header
 * @param offset the fragment offset in 8-byte units
 * @return a fragment header
 */
Bytes
V6Fragment(uint8_t next, uint16_t offset)
{
    Bytes out{next, 0};
    Put16(out, static_cast<uint16_t>((offset << 3) | 1));
    out.insert(out.end(), {0, 0, 0, 7});
    return out;
}

/**
 * @param etherType the EtherType after the tags
 * @param payload the payload
 * @param tags tag protocol identifiers, outermost first
 * @return an Ethernet frame
 */
Bytes
Ethernet(uint16_t etherType, const Bytes& payload, const std::vector<uint16_t>& tags = {})
{
    Bytes out{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
    uint16_t vlan = 10;
    for (uint16_t tpid : tags)
    {
        Put16(out, tpid);
        Put16(out, vlan++);
    }
    Put16(out, etherType);
    return Cat(out, payload);
}

/**
 * @param protocol the protocol field
 * @param payload the payload
 * @return a Linux cooked (SLL) frame
 */
Bytes
Sll(uint16_t protocol, const Bytes& payload)
{
    Bytes out{0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0};
    Put16(out, protocol);
    return Cat(out, payload);
}

/**
 * @param protocol the protocol field
 * @param payload the payload
 * @return a Linux cooked v2 (SLL2) frame
 */
Bytes
Sll2(uint16_t protocol, const Bytes& payload)
{
    Bytes out;
    Put16(out, protocol);
    out.resize(20, 0);
    return Cat(out, payload);
}

/** Writes a capture with libpcap's own writer, nanosecond timestamps. */
class CaptureWriter
{
public:
    /**
     * @param path the file
     * @param linkType the DLT
     * @param snapLength the snap length in the file header
     */
    CaptureWriter(const std::string& path, int linkType, int snapLength = 65535)
        : m_dead(pcap_open_dead_with_tstamp_precision(linkType, snapLength,
                                                      PCAP_TSTAMP_PRECISION_NANO),
                 &pcap_close)
    {
        if (!m_dead)
        {
            throw std::runtime_error("pcap_open_dead failed");
        }
        m_dumper = pcap_dump_open(m_dead.get(), path.c_str());
        if (m_dumper == nullptr)
        {
            throw std::runtime_error(pcap_geterr(m_dead.get()));
        }
    }

    ~CaptureWriter() { Close(); }

    CaptureWriter(const CaptureWriter&) = delete;
    CaptureWriter& operator=(const CaptureWriter&) = delete;

    /**
     * @param timeNs timestamp, ns since the epoch
     * @param packet the bytes
     * @param captured bytes stored (default all)
     * @param wire length on the wire (default the packet size)
     */
    void Add(int64_t timeNs, const Bytes& packet, int64_t captured = -1, int64_t wire = -1)
    {
        pcap_pkthdr header{};
        header.ts.tv_sec = timeNs / 1000000000;
        header.ts.tv_usec = timeNs % 1000000000;
        header.caplen = static_cast<uint32_t>(captured >= 0 ? captured : packet.size());
        header.len = static_cast<uint32_t>(wire >= 0 ? wire : packet.size());
        Bytes padded = packet;
        padded.resize(std::max<std::size_t>(padded.size(), header.caplen), 0);
        pcap_dump(reinterpret_cast<u_char*>(m_dumper), &header, padded.data());
    }

    /** Flush and close the file. */
    void Close()
    {
        if (m_dumper != nullptr)
        {
            pcap_dump_close(m_dumper);
            m_dumper = nullptr;
        }
    }

private:
    std::unique_ptr<pcap_t, void (*)(pcap_t*)> m_dead; //!< the writer's handle
    pcap_dumper_t* m_dumper{nullptr};                  //!< the open file
};

/** The packet sequence of one flow, as a packet sink received it. */
struct Sequence
{
    std::vector<std::size_t> chunkSizes;   //!< packets of each chunk, in chunk order
    std::vector<TwinPacketRecord> packets; //!< all its packets
};

/** The output of one read. */
struct ReadOutput
{
    std::vector<TwinFlowRecord> flows;      //!< flows in delivery order
    TwinTrafficReadStats stats;             //!< counts
    PcapReadDetails details;                //!< extras
    TwinDiagnostics diagnostics;            //!< findings
    std::map<uint64_t, Sequence> sequences; //!< by first packet, when packets were asked for
    std::vector<std::string> events;        //!< "chunk F/N" and "flow F" in delivery order
    std::vector<std::string> sinkErrors;    //!< contract breaches the packet sink saw
};

/**
 * @param path the capture
 * @param options the options
 * @param withPackets also take the packet sequences
 * @return everything the reader produced
 */
ReadOutput
Read(const std::string& path, const TwinTrafficReadOptions& options = {}, bool withPackets = false)
{
    ReadOutput out;
    TwinPacketSink packetSink =
        [&out](uint64_t first, uint32_t chunk, const std::vector<TwinPacketRecord>& packets)
    {
        Sequence& sequence = out.sequences[first];
        if (chunk != sequence.chunkSizes.size())
        {
            out.sinkErrors.push_back("flow " + std::to_string(first) + ": chunk " +
                                     std::to_string(chunk) + " out of order");
        }
        if (packets.empty() || packets.size() > kTwinPacketChunk)
        {
            out.sinkErrors.push_back("flow " + std::to_string(first) + ": chunk of " +
                                     std::to_string(packets.size()) + " packets");
        }
        sequence.chunkSizes.push_back(packets.size());
        sequence.packets.insert(sequence.packets.end(), packets.begin(), packets.end());
        out.events.push_back("chunk " + std::to_string(first) + "/" + std::to_string(chunk));
    };
    out.stats = ReadPcapFlows(
        path, options,
        [&out](const TwinFlowRecord& flow)
        {
            out.flows.push_back(flow);
            out.events.push_back("flow " + std::to_string(flow.source.line));
        },
        out.diagnostics, &out.details, withPackets ? &packetSink : nullptr);
    return out;
}

/**
 * Expect every delivered flow to have exactly one packet sequence that adds up to it (packets,
 * bytes, first and last time), in time order, and no sequence without a flow.
 * @param out a read with packets
 */
void
ExpectSequencesMatchFlows(const ReadOutput& out)
{
    EXPECT_TRUE(out.sinkErrors.empty()) << out.sinkErrors.front();
    EXPECT_EQ(out.sequences.size(), out.flows.size());
    for (const auto& f : out.flows)
    {
        auto it = out.sequences.find(f.source.line);
        ASSERT_NE(it, out.sequences.end())
            << "no sequence for the flow of packet " << f.source.line;
        const auto& packets = it->second.packets;
        ASSERT_EQ(packets.size(), f.packets) << f.source.line;
        uint64_t bytes = 0;
        for (std::size_t k = 0; k < packets.size(); ++k)
        {
            bytes += packets[k].bytes;
            if (k > 0)
            {
                ASSERT_LE(packets[k - 1].timeNs, packets[k].timeNs) << f.source.line;
            }
        }
        EXPECT_EQ(bytes, f.bytes) << f.source.line;
        EXPECT_NEAR(static_cast<double>(packets.front().timeNs) * 1e-9, f.startSeconds, 1e-6);
        EXPECT_NEAR(static_cast<double>(packets.back().timeNs) * 1e-9, f.endSeconds, 1e-6);
    }
}

/**
 * @param flows flows
 * @param src source address text
 * @param dst destination address text
 * @param protocol protocol
 * @param sport source port
 * @param dport destination port
 * @return the flows with that key, in delivery order
 */
std::vector<TwinFlowRecord>
Find(const std::vector<TwinFlowRecord>& flows, const std::string& src, const std::string& dst,
     uint8_t protocol, uint16_t sport, uint16_t dport)
{
    std::vector<TwinFlowRecord> found;
    for (const auto& f : flows)
    {
        if (f.sourceAddress == src && f.destAddress == dst && f.protocol == protocol &&
            f.sourcePort == sport && f.destPort == dport)
        {
            found.push_back(f);
        }
    }
    return found;
}

/**
 * @param flows flows
 * @return the sum of their packets
 */
uint64_t
PacketSum(const std::vector<TwinFlowRecord>& flows)
{
    uint64_t sum = 0;
    for (const auto& f : flows)
    {
        sum += f.packets;
    }
    return sum;
}

constexpr int64_t kSecond = 1000000000;       //!< ns per second
constexpr int64_t kT0 = 1700000000 * kSecond; //!< a base time

TEST(PcapFlowReader, EthernetVlanTcpUdpIcmp)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/eth.pcap";
    V4 tcpAB{{10, 0, 0, 1}, {10, 0, 0, 2}, 6};
    V4 tcpBA{{10, 0, 0, 2}, {10, 0, 0, 1}, 6};
    V4 udp{{192, 168, 1, 1}, {192, 168, 1, 2}, 17};
    V4 icmp{{10, 0, 0, 1}, {10, 0, 0, 9}, 1};
    V4 tcpOptions = tcpAB;
    tcpOptions.optionWords = 3;
    {
        CaptureWriter w(path, DLT_EN10MB);
        w.Add(kT0 + 0, Ethernet(0x0800, Ipv4(tcpAB, Tcp(40000, 80, 0x02))));         // SYN
        w.Add(kT0 + 1000, Ethernet(0x0800, Ipv4(tcpBA, Tcp(80, 40000, 0x12))));      // SYN ACK
        w.Add(kT0 + 2000, Ethernet(0x0800, Ipv4(tcpAB, Tcp(40000, 80, 0x10, 100)))); // ACK data
        w.Add(kT0 + 3000, Ethernet(0x0806, Bytes(28, 0)));                           // ARP
        w.Add(kT0 + 4000, Ethernet(0x0800, Ipv4(udp, Udp(5000, 53, 30)), {0x8100})); // VLAN
        w.Add(kT0 + 5000, Ethernet(0x0800, Ipv4(udp, Udp(5000, 53, 10)), {0x88a8, 0x8100}));
        w.Add(kT0 + 6000, Ethernet(0x0800, Ipv4(udp, Udp(5000, 53, 0)), {0x9100}));
        w.Add(kT0 + 7000, Ethernet(0x0800, Ipv4(icmp, Icmp(8, 0))));
        w.Add(kT0 + 8000, Ethernet(0x0800, Ipv4(tcpOptions, Tcp(40000, 80, 0x11)))); // FIN ACK
    }
    ReadOutput out = Read(path);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    EXPECT_EQ(out.details.linkType, "EN10MB");
    EXPECT_EQ(out.stats.recordsRead, 9u);
    EXPECT_EQ(out.stats.recordsSkipped, 0u);
    ASSERT_EQ(out.flows.size(), 4u);
    EXPECT_EQ(out.stats.flows, 4u);

    auto ab = Find(out.flows, "10.0.0.1", "10.0.0.2", 6, 40000, 80);
    ASSERT_EQ(ab.size(), 1u);
    EXPECT_EQ(ab[0].ipVersion, 4);
    EXPECT_EQ(ab[0].packets, 3u);
    EXPECT_EQ(ab[0].bytes, 40u + 140u + 52u); // the last one carries 12 bytes of options
    EXPECT_EQ(ab[0].tcpFlags, 0x02 | 0x10 | 0x11);
    EXPECT_DOUBLE_EQ(ab[0].startSeconds, 1700000000.0);
    EXPECT_NEAR(ab[0].endSeconds - ab[0].startSeconds, 8e-6, 1e-6);
    EXPECT_EQ(ab[0].source.file, path);
    EXPECT_EQ(ab[0].source.line, 1u);

    auto ba = Find(out.flows, "10.0.0.2", "10.0.0.1", 6, 80, 40000);
    ASSERT_EQ(ba.size(), 1u);
    EXPECT_EQ(ba[0].packets, 1u);
    EXPECT_EQ(ba[0].tcpFlags, 0x12);
    EXPECT_EQ(ba[0].source.line, 2u);

    auto u = Find(out.flows, "192.168.1.1", "192.168.1.2", 17, 5000, 53);
    ASSERT_EQ(u.size(), 1u);
    EXPECT_EQ(u[0].packets, 3u);
    EXPECT_EQ(u[0].bytes, (28u + 30u) + (28u + 10u) + 28u);
    EXPECT_EQ(u[0].tcpFlags, 0);

    auto ping = Find(out.flows, "10.0.0.1", "10.0.0.9", 1, 0, 8 * 256);
    ASSERT_EQ(ping.size(), 1u);
    EXPECT_EQ(ping[0].bytes, 28u);

    EXPECT_EQ(out.stats.packetsPerProtocol["tcp"], 4u);
    EXPECT_EQ(out.stats.packetsPerProtocol["udp"], 3u);
    EXPECT_EQ(out.stats.packetsPerProtocol["icmp"], 1u);
    EXPECT_EQ(out.stats.packetsPerProtocol["non-ip"], 1u);
    EXPECT_EQ(out.details.nonIpPackets, 1u);
    uint64_t bytes = 0;
    for (const auto& f : out.flows)
    {
        bytes += f.bytes;
    }
    EXPECT_EQ(out.stats.bytes, bytes);
}

TEST(PcapFlowReader, Ipv6ExtensionHeadersAndFragmentsOnSll)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/sll.pcap";
    {
        CaptureWriter w(path, DLT_LINUX_SLL);
        // hop-by-hop, destination options, first fragment, then UDP
        Bytes udp = Cat(Cat(V6Options(60), V6Options(44)), Cat(V6Fragment(17, 0), Udp(7, 9, 50)));
        w.Add(kT0, Sll(0x86dd, Ipv6(1, 2, 0, udp)));
        // a later fragment: no transport header
        w.Add(kT0 + 10, Sll(0x86dd, Ipv6(1, 2, 44, Cat(V6Fragment(17, 8), Bytes(40, 0)))));
        w.Add(kT0 + 20, Sll(0x86dd, Ipv6(1, 3, 58, Icmp(128, 0))));
        // IPv4 fragments: the first has the ports, the second not
        V4 first{{10, 1, 0, 1}, {10, 1, 0, 2}, 17, 0, true, 0};
        V4 second{{10, 1, 0, 1}, {10, 1, 0, 2}, 17, 2, false, 0};
        w.Add(kT0 + 30, Sll(0x0800, Ipv4(first, Udp(1000, 2000, 8))));
        w.Add(kT0 + 40, Sll(0x0800, Ipv4(second, Bytes(16, 0))));
    }
    ReadOutput out = Read(path);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    ASSERT_EQ(out.flows.size(), 5u);
    auto udp = Find(out.flows, "fe80::1", "fe80::2", 17, 7, 9);
    ASSERT_EQ(udp.size(), 1u);
    EXPECT_EQ(udp[0].ipVersion, 6);
    EXPECT_EQ(udp[0].bytes, 40u + 8 + 8 + 8 + 8 + 50);
    auto later = Find(out.flows, "fe80::1", "fe80::2", 17, 0, 0);
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0].bytes, 40u + 8 + 40);
    auto echo = Find(out.flows, "fe80::1", "fe80::3", 58, 0, 128 * 256);
    ASSERT_EQ(echo.size(), 1u);
    EXPECT_EQ(Find(out.flows, "10.1.0.1", "10.1.0.2", 17, 1000, 2000).size(), 1u);
    auto v4later = Find(out.flows, "10.1.0.1", "10.1.0.2", 17, 0, 0);
    ASSERT_EQ(v4later.size(), 1u);
    EXPECT_EQ(v4later[0].bytes, 36u);
    EXPECT_EQ(out.stats.packetsPerProtocol["udp"], 4u);
    EXPECT_EQ(out.stats.packetsPerProtocol["icmpv6"], 1u);
}

TEST(PcapFlowReader, Sll2RawAndLoopbackLinkTypes)
{
    test::TempDir dir;
    V4 h{{172, 16, 0, 1}, {172, 16, 0, 2}, 6};
    struct Case
    {
        int dlt;      //!< link type
        Bytes packet; //!< one packet
        bool v6;      //!< the packet is IPv6
    };
    Bytes ip4 = Ipv4(h, Tcp(1, 2, 0x18, 10));
    Bytes ip6 = Ipv6(5, 6, 6, Tcp(1, 2, 0x18, 10));
    Bytes nullFamily{2, 0, 0, 0}; // AF_INET in a little-endian host's order
    std::vector<Case> cases{{DLT_LINUX_SLL2, Sll2(0x0800, ip4), false},
                            {DLT_LINUX_SLL2, Sll2(0x86dd, ip6), true},
                            {DLT_RAW, ip4, false},
                            {DLT_RAW, ip6, true},
                            {DLT_IPV4, ip4, false},
                            {DLT_IPV6, ip6, true},
                            {DLT_NULL, Cat(nullFamily, ip4), false},
                            {DLT_NULL, Cat(Bytes{10, 0, 0, 0}, ip6), true},
                            {DLT_LOOP, Cat(Bytes{0, 0, 0, 2}, ip4), false}};
    int n = 0;
    for (const auto& c : cases)
    {
        std::string path = dir.Path() + "/c" + std::to_string(n++) + ".pcap";
        {
            CaptureWriter w(path, c.dlt);
            w.Add(kT0, c.packet);
            w.Add(kT0 + kSecond, c.packet);
        }
        ReadOutput out = Read(path);
        ASSERT_FALSE(out.diagnostics.HasErrors()) << c.dlt << test::Dump(out.diagnostics);
        ASSERT_EQ(out.flows.size(), 1u) << c.dlt;
        EXPECT_EQ(out.flows[0].packets, 2u);
        EXPECT_EQ(out.flows[0].sourcePort, 1);
        EXPECT_EQ(out.flows[0].destPort, 2);
        EXPECT_EQ(out.flows[0].tcpFlags, 0x18);
        bool v6 = c.v6;
        EXPECT_EQ(out.flows[0].ipVersion, v6 ? 6 : 4) << c.dlt;
        EXPECT_EQ(out.flows[0].bytes, 2 * (v6 ? 70u : 50u)) << c.dlt;
        EXPECT_DOUBLE_EQ(out.flows[0].endSeconds - out.flows[0].startSeconds, 1.0);
    }
}

TEST(PcapFlowReader, SnappedPacketsCountTheIpLength)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/snap.pcap";
    V4 h{{10, 0, 0, 1}, {10, 0, 0, 2}, 6};
    Bytes frame = Ethernet(0x0800, Ipv4(h, Tcp(1, 2, 0x10, 1460)));
    {
        CaptureWriter w(path, DLT_EN10MB, 96);
        w.Add(kT0, frame, 96, static_cast<int64_t>(frame.size()));
        w.Add(kT0 + 1, frame, 96, static_cast<int64_t>(frame.size()));
    }
    ReadOutput out = Read(path);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    ASSERT_EQ(out.flows.size(), 1u);
    EXPECT_EQ(out.flows[0].bytes, 2u * 1500);
}

TEST(PcapFlowReader, IdleAndActiveTimeoutsSplitFlows)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/timeouts.pcap";
    V4 a{{10, 0, 0, 1}, {10, 0, 0, 2}, 17};
    V4 b{{10, 0, 0, 3}, {10, 0, 0, 4}, 17};
    {
        CaptureWriter w(path, DLT_RAW);
        // flow a: 0 and 0.5, then silent for 1.5 s, then 2.0: idle 1 s splits it
        // flow b: every 0.5 s from 0.25 to 5.25: active 3 s cuts it after 3 s
        std::vector<std::pair<int64_t, Bytes>> packets;
        for (int64_t t : {0LL, 500LL, 2000LL})
        {
            packets.emplace_back(t, Ipv4(a, Udp(1, 1)));
        }
        for (int64_t t = 250; t <= 5250; t += 500)
        {
            packets.emplace_back(t, Ipv4(b, Udp(2, 2)));
        }
        std::sort(packets.begin(), packets.end());
        for (const auto& [ms, p] : packets)
        {
            w.Add(kT0 + ms * 1000000, p);
        }
    }
    TwinTrafficReadOptions options;
    options.flowIdleTimeoutSeconds = 1;
    options.flowActiveTimeoutSeconds = 3;
    ReadOutput out = Read(path, options);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    auto fa = Find(out.flows, "10.0.0.1", "10.0.0.2", 17, 1, 1);
    ASSERT_EQ(fa.size(), 2u);
    EXPECT_EQ(fa[0].packets, 2u);
    EXPECT_NEAR(fa[0].endSeconds - fa[0].startSeconds, 0.5, 1e-6);
    EXPECT_EQ(fa[1].packets, 1u);
    EXPECT_NEAR(fa[1].startSeconds - fa[0].startSeconds, 2.0, 1e-6);
    auto fb = Find(out.flows, "10.0.0.3", "10.0.0.4", 17, 2, 2);
    ASSERT_EQ(fb.size(), 2u);
    // 0.25..3.25 is exactly 3 s: not longer than the timeout; 3.75 starts the next record.
    EXPECT_EQ(fb[0].packets, 7u);
    EXPECT_NEAR(fb[0].endSeconds - fb[0].startSeconds, 3.0, 1e-6);
    EXPECT_EQ(fb[1].packets, 4u);
    EXPECT_NEAR(fb[1].endSeconds - fb[1].startSeconds, 1.5, 1e-6);
    // The idle split of flow a was delivered when time passed, before the end of capture.
    EXPECT_EQ(out.flows[0].sourceAddress, "10.0.0.1");
}

TEST(PcapFlowReader, TimestampsSlightlyBackwardsAreAccepted)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/reorder.pcap";
    V4 h{{10, 0, 0, 1}, {10, 0, 0, 2}, 17};
    int64_t within = static_cast<int64_t>(kPcapBackwardsToleranceSeconds * 1e9) / 2;
    {
        CaptureWriter w(path, DLT_RAW);
        w.Add(kT0 + kSecond, Ipv4(h, Udp(1, 1)));
        w.Add(kT0 + kSecond - within, Ipv4(h, Udp(1, 1)));
    }
    ReadOutput out = Read(path);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    ASSERT_EQ(out.flows.size(), 1u);
    EXPECT_NEAR(out.flows[0].endSeconds - out.flows[0].startSeconds, within * 1e-9, 1e-6);
}

/** A capture with a bad packet at index 3 of 4, and the reason's words. */
struct BadCase
{
    std::string name;   //!< what it is
    std::string reason; //!< the skip summary's words and a part of the error
    std::string error;  //!< a part of the error message
};

/**
 * @param dir where to write
 * @param which the kind of bad packet
 * @return the capture path; packets 1, 2 and 4 are good (one flow), 3 is bad
 */
std::string
WriteBad(const test::TempDir& dir, const std::string& which)
{
    std::string path = dir.Path() + "/" + which + ".pcap";
    V4 h{{10, 0, 0, 1}, {10, 0, 0, 2}, 6};
    Bytes good = Ethernet(0x0800, Ipv4(h, Tcp(1, 2, 0x10)));
    CaptureWriter w(path, DLT_EN10MB, 200);
    w.Add(kT0, good);
    w.Add(kT0 + kSecond, good);
    if (which == "backwards")
    {
        w.Add(kT0, good);
    }
    else if (which == "caplen")
    {
        w.Add(kT0 + kSecond, Bytes(300, 0), 300, 300);
    }
    else if (which == "short-ip")
    {
        w.Add(kT0 + kSecond, good, 30, static_cast<int64_t>(good.size()));
    }
    else if (which == "short-tcp")
    {
        w.Add(kT0 + kSecond, good, 14 + 20 + 10, static_cast<int64_t>(good.size()));
    }
    else if (which == "bad-ihl")
    {
        Bytes bad = good;
        bad[14] = 0x43;
        w.Add(kT0 + kSecond, bad);
    }
    w.Add(kT0 + 2 * kSecond, good);
    return path;
}

TEST(PcapFlowReader, BadPacketsAreErrorsWithThePacketIndex)
{
    test::TempDir dir;
    std::vector<BadCase> cases{
        {"backwards", "timestamp going backwards", "before an earlier packet"},
        {"caplen", "captured length above the snap length or the packet length",
         "captured length 300 exceeds the snap length 200"},
        {"short-ip", "headers not within the captured bytes", "IPv4 header"},
        {"short-tcp", "headers not within the captured bytes", "TCP header"},
        {"bad-ihl", "invalid IP header", "IPv4 header length 12 below 20"}};
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.name);
        std::string path = WriteBad(dir, c.name);
        ReadOutput out = Read(path);
        EXPECT_TRUE(test::HasDiagnostic(out.diagnostics, Severity::Error, path, 3, "packet 3: "));
        EXPECT_TRUE(test::HasDiagnostic(out.diagnostics, Severity::Error, path, 3, c.error));
        EXPECT_TRUE(out.flows.empty()) << "no flow may be delivered after an error";
        EXPECT_EQ(out.stats.flows, 0u);

        TwinTrafficReadOptions skip;
        skip.skipBadRecords = true;
        ReadOutput skipped = Read(path, skip);
        EXPECT_FALSE(skipped.diagnostics.HasErrors()) << test::Dump(skipped.diagnostics);
        EXPECT_EQ(skipped.stats.recordsRead, 4u);
        EXPECT_EQ(skipped.stats.recordsSkipped, 1u);
        ASSERT_EQ(skipped.flows.size(), 1u);
        EXPECT_EQ(skipped.flows[0].packets, 3u);
        EXPECT_EQ(skipped.details.skippedPerReason[c.reason], 1u);
        EXPECT_TRUE(test::HasDiagnostic(skipped.diagnostics, Severity::Warning, path, 0,
                                        "skipped 1 bad packet of 4: 1 " + c.reason));
    }
}

TEST(PcapFlowReader, SkipSummaryCountsEachReason)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/mixed.pcap";
    V4 h{{10, 0, 0, 1}, {10, 0, 0, 2}, 17};
    Bytes good = Ethernet(0x0800, Ipv4(h, Udp(1, 2)));
    {
        CaptureWriter w(path, DLT_EN10MB, 100);
        w.Add(kT0 + kSecond, good);
        w.Add(kT0, good);                   // backwards
        w.Add(kT0 + kSecond, good, 20, 42); // IPv4 header cut
        w.Add(kT0 + kSecond, good, 20, 42); // again
        w.Add(kT0 + kSecond, Bytes(150, 0), 150, 150);
        w.Add(kT0 + kSecond, good);
    }
    TwinTrafficReadOptions skip;
    skip.skipBadRecords = true;
    ReadOutput out = Read(path, skip);
    EXPECT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    EXPECT_EQ(out.stats.recordsRead, 6u);
    EXPECT_EQ(out.stats.recordsSkipped, 4u);
    EXPECT_EQ(out.details.skippedPerReason["timestamp going backwards"], 1u);
    EXPECT_EQ(out.details.skippedPerReason["headers not within the captured bytes"], 2u);
    EXPECT_EQ(out.details.skippedPerReason["captured length above the snap length or the "
                                           "packet length"],
              1u);
    EXPECT_EQ(out.diagnostics.Count(Severity::Warning), 1u);
    EXPECT_TRUE(test::HasDiagnostic(out.diagnostics, Severity::Warning, path, 0,
                                    "skipped 4 bad packets of 6"));
    ASSERT_EQ(out.flows.size(), 1u);
    EXPECT_EQ(out.flows[0].packets, 2u);
}

TEST(PcapFlowReader, TruncatedFile)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/cut.pcap";
    V4 h{{10, 0, 0, 1}, {10, 0, 0, 2}, 17};
    Bytes packet = Ipv4(h, Udp(1, 2, 100));
    {
        CaptureWriter w(path, DLT_RAW);
        for (int i = 0; i < 3; ++i)
        {
            w.Add(kT0 + i, packet);
        }
    }
    // Cut the third record in the middle of its data.
    auto size = std::filesystem::file_size(path);
    std::filesystem::resize_file(path, size - packet.size() / 2);
    ReadOutput out = Read(path);
    EXPECT_TRUE(
        test::HasDiagnostic(out.diagnostics, Severity::Error, path, 3, "packet 3: cannot read"));
    EXPECT_TRUE(out.flows.empty());

    TwinTrafficReadOptions skip;
    skip.skipBadRecords = true;
    ReadOutput skipped = Read(path, skip);
    EXPECT_FALSE(skipped.diagnostics.HasErrors());
    EXPECT_EQ(skipped.stats.recordsSkipped, 1u);
    ASSERT_EQ(skipped.flows.size(), 1u);
    EXPECT_EQ(skipped.flows[0].packets, 2u);
    EXPECT_TRUE(test::HasDiagnostic(skipped.diagnostics, Severity::Warning, path, 0,
                                    "reading stopped at packet 3"));

    // A file cut inside its header is no capture at all.
    std::filesystem::resize_file(path, 10);
    ReadOutput header = Read(path, skip);
    EXPECT_TRUE(test::HasDiagnostic(header.diagnostics, Severity::Error, path, 0,
                                    "cannot read the capture"));
}

TEST(PcapFlowReader, UnknownLinkTypeAndMissingFile)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/usb.pcap";
    {
        CaptureWriter w(path, DLT_USB_LINUX);
        w.Add(kT0, Bytes(48, 0));
    }
    TwinTrafficReadOptions skip;
    skip.skipBadRecords = true;
    for (const auto& options : {TwinTrafficReadOptions{}, skip})
    {
        ReadOutput out = Read(path, options);
        EXPECT_TRUE(test::HasDiagnostic(out.diagnostics, Severity::Error, path, 0,
                                        "unsupported link type USB_LINUX"));
        EXPECT_TRUE(out.flows.empty());
    }
    std::string missing = dir.Path() + "/none.pcap";
    ReadOutput none = Read(missing);
    EXPECT_TRUE(test::HasDiagnostic(none.diagnostics, Severity::Error, missing, 0,
                                    "cannot read the capture"));
    std::string text = dir.Write("text.pcap", "this is not a capture\n");
    ReadOutput notPcap = Read(text);
    EXPECT_TRUE(test::HasDiagnostic(notPcap.diagnostics, Severity::Error, text, 0, "cannot read"));

    TwinTrafficReadOptions zero;
    zero.flowIdleTimeoutSeconds = 0;
    ReadOutput badOptions = Read(path, zero);
    EXPECT_TRUE(test::HasDiagnostic(badOptions.diagnostics, Severity::Error, path, 0,
                                    "flow timeouts must be positive"));
}

TEST(PcapFlowReader, PacketSequencesComeInChunksWithExactTimesAndSizes)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/long.pcap";
    V4 a{{10, 0, 0, 1}, {10, 0, 0, 2}, 17};
    V4 b{{10, 0, 0, 3}, {10, 0, 0, 4}, 17};
    const std::size_t longPackets = 2 * kTwinPacketChunk + 100;
    std::vector<TwinPacketRecord> expectA;
    std::vector<TwinPacketRecord> expectB;
    uint64_t firstB = 0;
    {
        CaptureWriter w(path, DLT_RAW);
        int64_t t = kT0 + 17;
        uint64_t index = 0;
        for (std::size_t k = 0; k < longPackets; ++k)
        {
            // Gaps from 0 to about 1 ms, with nanosecond digits; sizes from 28 to 1427.
            t += static_cast<int64_t>((k * 7919) % 999983);
            std::size_t payload = (k * 31) % 1400;
            w.Add(t, Ipv4(a, Udp(1, 1, payload)));
            expectA.push_back({t, static_cast<uint32_t>(28 + payload)});
            ++index;
            if (k % 3 == 1)
            {
                w.Add(t, Ipv4(b, Udp(2, 2, k % 100)));
                expectB.push_back({t, static_cast<uint32_t>(28 + k % 100)});
                firstB = firstB == 0 ? index + 1 : firstB;
                ++index;
            }
        }
    }
    ReadOutput out = Read(path, {}, true);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    ASSERT_EQ(out.flows.size(), 2u);
    ExpectSequencesMatchFlows(out);
    ASSERT_EQ(out.sequences.count(1), 1u);
    ASSERT_EQ(out.sequences.count(firstB), 1u);
    Sequence& sa = out.sequences[1];
    EXPECT_EQ(sa.chunkSizes, (std::vector<std::size_t>{kTwinPacketChunk, kTwinPacketChunk, 100}));
    for (const auto& [sequence, expected] :
         {std::make_pair(&sa, &expectA), std::make_pair(&out.sequences[firstB], &expectB)})
    {
        ASSERT_EQ(sequence->packets.size(), expected->size());
        for (std::size_t k = 0; k < expected->size(); ++k)
        {
            ASSERT_EQ(sequence->packets[k].timeNs, (*expected)[k].timeNs) << k;
            ASSERT_EQ(sequence->packets[k].bytes, (*expected)[k].bytes) << k;
        }
    }
    // Each flow's last chunk comes right before its record.
    for (const auto& f : out.flows)
    {
        auto at = std::find(out.events.begin(), out.events.end(),
                            "flow " + std::to_string(f.source.line));
        ASSERT_NE(at, out.events.begin());
        std::size_t last = out.sequences[f.source.line].chunkSizes.size() - 1;
        EXPECT_EQ(*std::prev(at),
                  "chunk " + std::to_string(f.source.line) + "/" + std::to_string(last));
    }
    // Without a packet sink the flows are the same.
    ReadOutput plain = Read(path);
    ASSERT_EQ(plain.flows.size(), out.flows.size());
    EXPECT_TRUE(plain.sequences.empty());
    for (std::size_t i = 0; i < plain.flows.size(); ++i)
    {
        EXPECT_EQ(plain.flows[i].packets, out.flows[i].packets);
        EXPECT_EQ(plain.flows[i].bytes, out.flows[i].bytes);
        EXPECT_EQ(plain.flows[i].source.line, out.flows[i].source.line);
    }
}

TEST(PcapFlowReader, TimeoutSplitsStartNewSequences)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/split.pcap";
    V4 b{{10, 0, 0, 3}, {10, 0, 0, 4}, 17};
    {
        CaptureWriter w(path, DLT_RAW);
        // Every 0.5 s from 0 to 5 s; then silent for 3 s; then one more.
        for (int64_t ms = 0; ms <= 5000; ms += 500)
        {
            w.Add(kT0 + ms * 1000000, Ipv4(b, Udp(2, 2, static_cast<std::size_t>(ms / 500))));
        }
        w.Add(kT0 + 8000 * 1000000LL, Ipv4(b, Udp(2, 2, 99)));
    }
    TwinTrafficReadOptions options;
    options.flowIdleTimeoutSeconds = 2;
    options.flowActiveTimeoutSeconds = 3;
    ReadOutput out = Read(path, options, true);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    // Records: 0..3 s (7 packets, from packet 1), 3.5..5 s (4, from packet 8), 8 s (1, from
    // packet 12): an active-timeout split and an idle one.
    ASSERT_EQ(out.flows.size(), 3u);
    ExpectSequencesMatchFlows(out);
    EXPECT_EQ(out.flows[0].source.line, 1u);
    EXPECT_EQ(out.flows[1].source.line, 8u);
    EXPECT_EQ(out.flows[2].source.line, 12u);
    ASSERT_EQ(out.sequences[8].packets.size(), 4u);
    EXPECT_EQ(out.sequences[8].packets[0].timeNs, kT0 + 3500 * 1000000LL);
    EXPECT_EQ(out.sequences[8].packets[0].bytes, 28u + 7u);
    ASSERT_EQ(out.sequences[12].packets.size(), 1u);
    EXPECT_EQ(out.sequences[12].packets[0].bytes, 28u + 99u);
}

TEST(PcapFlowReader, SkippedPacketsAreInNoSequence)
{
    test::TempDir dir;
    for (const std::string which : {"backwards", "caplen", "short-ip", "short-tcp", "bad-ihl"})
    {
        SCOPED_TRACE(which);
        std::string path = WriteBad(dir, which);
        TwinTrafficReadOptions skip;
        skip.skipBadRecords = true;
        ReadOutput out = Read(path, skip, true);
        EXPECT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
        ASSERT_EQ(out.flows.size(), 1u);
        ExpectSequencesMatchFlows(out);
        const auto& packets = out.sequences[1].packets;
        ASSERT_EQ(packets.size(), 3u);
        EXPECT_EQ(packets[0].timeNs, kT0);
        EXPECT_EQ(packets[1].timeNs, kT0 + kSecond);
        EXPECT_EQ(packets[2].timeNs, kT0 + 2 * kSecond);
    }
}

TEST(PcapFlowReader, AnErrorStopsThePacketSinkToo)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/late-error.pcap";
    V4 h{{10, 0, 0, 1}, {10, 0, 0, 2}, 17};
    V4 other{{10, 0, 0, 5}, {10, 0, 0, 6}, 17};
    const std::size_t before = kTwinPacketChunk + 10;
    {
        CaptureWriter w(path, DLT_RAW);
        int64_t t = kT0;
        for (std::size_t k = 0; k < before; ++k)
        {
            w.Add(t += 1000, Ipv4(k % 2 == 0 ? h : other, Udp(1, 1)));
            w.Add(t, Ipv4(h, Udp(1, 1)));
        }
        Bytes bad = Ipv4(h, Udp(1, 1));
        bad[0] = 0x43; // header length 12
        w.Add(t += 1000, bad);
        for (int k = 0; k < 10; ++k)
        {
            w.Add(t += 1000, Ipv4(h, Udp(1, 1)));
        }
    }
    ReadOutput out = Read(path, {}, true);
    EXPECT_TRUE(test::HasDiagnostic(out.diagnostics, Severity::Error, path,
                                    static_cast<uint32_t>(2 * before + 1), "invalid") ||
                test::HasDiagnostic(out.diagnostics, Severity::Error, path,
                                    static_cast<uint32_t>(2 * before + 1), "below 20"))
        << test::Dump(out.diagnostics);
    EXPECT_TRUE(out.flows.empty());
    EXPECT_TRUE(out.sinkErrors.empty());
    // Only the chunks filled before the bad packet were handed over: flow h's first full
    // chunk; nothing of its rest, of the other flow, or after the error.
    ASSERT_EQ(out.sequences.size(), 1u);
    EXPECT_EQ(out.sequences.begin()->first, 1u);
    EXPECT_EQ(out.sequences.begin()->second.chunkSizes,
              (std::vector<std::size_t>{kTwinPacketChunk}));

    // Skipping it instead keeps every good packet, each in its flow's sequence.
    TwinTrafficReadOptions skip;
    skip.skipBadRecords = true;
    ReadOutput skipped = Read(path, skip, true);
    EXPECT_FALSE(skipped.diagnostics.HasErrors());
    ExpectSequencesMatchFlows(skipped);
    EXPECT_EQ(PacketSum(skipped.flows), 2 * before + 10);
}

TEST(PcapFlowReader, SequencesOfSlightlyReorderedStampsAreInTimeOrder)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/reorder-seq.pcap";
    V4 h{{10, 0, 0, 1}, {10, 0, 0, 2}, 17};
    int64_t within = static_cast<int64_t>(kPcapBackwardsToleranceSeconds * 1e9) / 2;
    {
        CaptureWriter w(path, DLT_RAW);
        w.Add(kT0 + kSecond, Ipv4(h, Udp(1, 1, 10)));
        w.Add(kT0 + kSecond - within, Ipv4(h, Udp(1, 1, 20)));
        w.Add(kT0 + kSecond + 1, Ipv4(h, Udp(1, 1, 30)));
    }
    ReadOutput out = Read(path, {}, true);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    ASSERT_EQ(out.flows.size(), 1u);
    ExpectSequencesMatchFlows(out);
    const auto& packets = out.sequences[1].packets;
    ASSERT_EQ(packets.size(), 3u);
    EXPECT_EQ(packets[0].timeNs, kT0 + kSecond - within);
    EXPECT_EQ(packets[0].bytes, 48u);
    EXPECT_EQ(packets[1].timeNs, kT0 + kSecond);
    EXPECT_EQ(packets[1].bytes, 38u);
    EXPECT_EQ(packets[2].bytes, 58u);
}

/**
 * Write packets of many short interleaved flows: blocks of `window` flows, each sending 4
 * UDP packets round robin, one packet every spacingNs.
 * @param path the file
 * @param packets how many packets
 * @param window flows active together
 * @param spacingNs time between packets
 */
void
WriteManyFlows(const std::string& path, uint64_t packets, uint64_t window, int64_t spacingNs)
{
    CaptureWriter w(path, DLT_RAW);
    for (uint64_t p = 0; p < packets; ++p)
    {
        uint64_t flow = (p / (4 * window)) * window + p % window;
        V4 h{{10, static_cast<uint8_t>(flow >> 16), static_cast<uint8_t>(flow >> 8),
              static_cast<uint8_t>(flow)},
             {10, 255, 0, 1},
             17};
        w.Add(kT0 + static_cast<int64_t>(p) * spacingNs, Ipv4(h, Udp(1000, 2000, 64)));
    }
}

TEST(PcapFlowReader, MemoryIsBoundedByTheIdleTimeout)
{
    test::TempDir dir;
    std::string path = dir.Path() + "/many.pcap";
    const uint64_t packets = 200000;
    const uint64_t window = 8;
    const int64_t spacingNs = 25000; // 25 us
    WriteManyFlows(path, packets, window, spacingNs);
    TwinTrafficReadOptions options;
    options.flowIdleTimeoutSeconds = 0.001;
    ReadOutput out = Read(path, options);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    EXPECT_EQ(out.flows.size(), packets / 4);
    EXPECT_EQ(PacketSum(out.flows), packets);
    for (const auto& f : out.flows)
    {
        ASSERT_EQ(f.packets, 4u);
    }
    // A flow stays open at most idle timeout + one packet spacing after its last packet, and
    // every packet in that span belongs to at most one flow.
    uint64_t bound = static_cast<uint64_t>(1000000 / spacingNs) + 1;
    EXPECT_LE(out.details.peakOpenFlows, bound);
    EXPECT_GE(out.details.peakOpenFlows, window);
}

/**
 * Count a capture's packets with libpcap, optionally through a BPF filter.
 * @param path the capture
 * @param filter a filter expression, empty for all
 * @return the count, or -1 if it cannot be read
 */
int64_t
CountWithLibpcap(const std::string& path, const std::string& filter = "")
{
    char error[PCAP_ERRBUF_SIZE] = {};
    std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(pcap_open_offline(path.c_str(), error),
                                                 &pcap_close);
    if (!p)
    {
        return -1;
    }
    bpf_program program{};
    if (!filter.empty() &&
        pcap_compile(p.get(), &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
    {
        return -1;
    }
    int64_t count = 0;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p.get(), &header, &data) == 1)
    {
        if (filter.empty() || pcap_offline_filter(&program, header, data) != 0)
        {
            ++count;
        }
    }
    if (!filter.empty())
    {
        pcap_freecode(&program);
    }
    return count;
}

/**
 * @param path a capture
 * @return tcpdump's packet count, or -1 without tcpdump
 */
int64_t
CountWithTcpdump(const std::string& path)
{
    if (!std::filesystem::exists("/usr/sbin/tcpdump"))
    {
        return -1;
    }
    std::string command = "/usr/sbin/tcpdump -r '" + path + "' -nn 2>/dev/null | wc -l";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
    long long count = -1;
    if (!pipe || std::fscanf(pipe.get(), "%lld", &count) != 1)
    {
        return -1;
    }
    return count;
}

class PcapReference : public ::testing::TestWithParam<std::string>
{
};

TEST_P(PcapReference, FlowsAccountForEveryPacket)
{
    std::string path = test::ReferenceDataPath("pcap/" + GetParam());
    if (!std::filesystem::exists(path))
    {
        GTEST_SKIP() << "reference data absent: " << path;
    }
    ReadOutput out = Read(path);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    int64_t count = CountWithLibpcap(path);
    ASSERT_GE(count, 0);
    EXPECT_EQ(out.stats.recordsRead, static_cast<uint64_t>(count));
    int64_t tcpdump = CountWithTcpdump(path);
    if (tcpdump >= 0)
    {
        EXPECT_EQ(out.stats.recordsRead, static_cast<uint64_t>(tcpdump));
    }
    EXPECT_EQ(PacketSum(out.flows) + out.details.nonIpPackets, out.stats.recordsRead);
    // Per-protocol counts agree with libpcap's own filters.
    for (const auto& [name, filter] :
         std::map<std::string, std::string>{{"tcp", "ip proto 6 or ip6 proto 6"},
                                            {"udp", "ip proto 17 or ip6 proto 17"},
                                            {"sctp", "ip proto 132 or ip6 proto 132"},
                                            {"icmp", "ip proto 1"}})
    {
        auto it = out.stats.packetsPerProtocol.find(name);
        uint64_t mine = it == out.stats.packetsPerProtocol.end() ? 0 : it->second;
        EXPECT_EQ(static_cast<int64_t>(mine), CountWithLibpcap(path, filter)) << name;
    }
    // Every TCP/UDP/SCTP flow's packets agree with a filter on its 5-tuple (IPv4 only, where
    // BPF finds the ports without walking extension headers).
    std::map<std::tuple<std::string, std::string, int, int, int>, uint64_t> perKey;
    for (const auto& f : out.flows)
    {
        EXPECT_LE(f.startSeconds, f.endSeconds);
        if (f.ipVersion == 4 && (f.protocol == 6 || f.protocol == 17 || f.protocol == 132))
        {
            perKey[{f.sourceAddress, f.destAddress, f.protocol, f.sourcePort, f.destPort}] +=
                f.packets;
        }
    }
    for (const auto& [key, packets] : perKey)
    {
        const auto& [src, dst, protocol, sport, dport] = key;
        std::string name = protocol == 6 ? "tcp" : protocol == 17 ? "udp" : "sctp";
        std::string filter = "ip and " + name + " and src host " + src + " and dst host " + dst +
                             " and src port " + std::to_string(sport) + " and dst port " +
                             std::to_string(dport);
        EXPECT_EQ(static_cast<int64_t>(packets), CountWithLibpcap(path, filter)) << filter;
    }
}

TEST_P(PcapReference, PacketSequencesAddUpToFlows)
{
    std::string path = test::ReferenceDataPath("pcap/" + GetParam());
    if (!std::filesystem::exists(path))
    {
        GTEST_SKIP() << "reference data absent: " << path;
    }
    ReadOutput out = Read(path, {}, true);
    ASSERT_FALSE(out.diagnostics.HasErrors()) << test::Dump(out.diagnostics);
    ExpectSequencesMatchFlows(out);
    uint64_t packets = 0;
    for (const auto& [first, sequence] : out.sequences)
    {
        packets += sequence.packets.size();
    }
    EXPECT_EQ(packets + out.details.nonIpPackets, out.stats.recordsRead);
}

INSTANTIATE_TEST_SUITE_P(RealCaptures, PcapReference,
                         ::testing::Values("dns_udp.pcap", "http-ooo.pcap", "icmpv6.pcap",
                                           "netperfmeter.pcapng", "empty.pcap"),
                         [](const auto& info)
                         {
                             std::string name = info.param;
                             for (char& c : name)
                             {
                                 c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             }
                             return name;
                         });

TEST(PcapFlowReader, HeapOverflowCaptureIsReported)
{
    std::string path = test::ReferenceDataPath("pcap/udp-length-heapoverflow.pcap");
    if (!std::filesystem::exists(path))
    {
        GTEST_SKIP() << "reference data absent: " << path;
    }
    ReadOutput out = Read(path);
    EXPECT_TRUE(
        test::HasDiagnostic(out.diagnostics, Severity::Error, path, 1, "packet 1: UDP header"));
    EXPECT_TRUE(out.flows.empty());
    TwinTrafficReadOptions skip;
    skip.skipBadRecords = true;
    ReadOutput skipped = Read(path, skip);
    EXPECT_FALSE(skipped.diagnostics.HasErrors());
    EXPECT_EQ(skipped.stats.recordsSkipped, 1u);
    EXPECT_TRUE(skipped.flows.empty());
}

} // namespace
