/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PCAP_FLOW_READER_H
#define PCAP_FLOW_READER_H

#include "ns3/twin-traffic.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

struct pcap; // libpcap's handle (pcap_t), declared here so users need not include pcap.h

/**
 * @file
 * @ingroup digital-twin
 * Streams unidirectional flows out of pcap and pcapng captures (libpcap). The rules (flow
 * keys, timeouts, byte counting, bad input) are in doc/replay.md, section "Captures".
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * How far a packet's timestamp may lie before the latest timestamp seen so far and still be
 * accepted, in seconds. Captures taken on several CPU queues (AF_PACKET fanout, multi-queue
 * NICs) or merged from ring buffers interleave packets whose stamps differ by microseconds to
 * a few milliseconds; a step back larger than this means merged files or a clock step.
 */
constexpr double kPcapBackwardsToleranceSeconds = 0.01;

/**
 * @ingroup digital-twin
 * Most packets of one flow a capture reader holds before it hands them to a TwinPacketSink.
 */
constexpr std::size_t kTwinPacketChunk = 4096;

/**
 * @ingroup digital-twin
 * What reading a capture found beyond TwinTrafficReadStats.
 */
struct PcapReadDetails
{
    std::string linkType;      //!< libpcap's name of the link type (e.g. "EN10MB")
    uint64_t peakOpenFlows{0}; //!< the most flows held open at once (the reader's memory)
    uint64_t nonIpPackets{0};  //!< packets that carry no IP (ARP, LLDP...), in no flow
    std::map<std::string, uint64_t> skippedPerReason; //!< skipped packets by reason
};

/**
 * @ingroup digital-twin
 * What decoding one captured frame found, down to the transport header. Shared by the flow
 * reader and the flow-export reader so that captures are decoded one way.
 */
struct TwinCapturedPacket
{
    bool isIp{false};               //!< false: no IP inside (ARP, LLDP...); the rest is unset
    uint8_t version{4};             //!< IP version, 4 or 6
    std::array<uint8_t, 16> src{};  //!< source address (IPv4 in the first 4 bytes)
    std::array<uint8_t, 16> dst{};  //!< destination address (IPv4 in the first 4 bytes)
    uint8_t protocol{0};            //!< transport protocol (after IPv6 extension headers)
    uint16_t sourcePort{0};         //!< source port, 0 if none
    uint16_t destPort{0};           //!< destination port; ICMP type * 256 + code
    uint8_t tcpFlags{0};            //!< TCP flags of this packet
    uint64_t bytes{0};              //!< IP-level bytes (from the IP header, else the wire length)
    bool isFragment{false};         //!< an IP fragment (first or later): not a whole datagram
    std::size_t transportOffset{0}; //!< where the transport header starts in the frame
    std::size_t transportEnd{0};    //!< end of the IP payload, clipped to the captured bytes
};

/**
 * @ingroup digital-twin
 * Decode one captured frame: link layer (Ethernet with VLAN tags, Linux cooked SLL/SLL2, raw
 * IP, BSD loopback), IPv4 or IPv6 with extension headers, and the transport ports. Every read
 * is bounds-checked against the captured bytes.
 * @param linkType the capture's link type (a DLT value for which SupportedTwinLinkType holds)
 * @param data the captured bytes
 * @param capturedLength how many bytes were captured
 * @param wireLength the frame's length on the wire
 * @param packet filled in (reset first)
 * @return "" if the frame is well formed (IP or not), else what is wrong with it (a header
 *         that does not fit in the captured bytes, or an IP header that contradicts itself)
 */
std::string DecodeTwinPacket(int linkType, const uint8_t* data, uint32_t capturedLength,
                             uint32_t wireLength, TwinCapturedPacket& packet);

/**
 * @ingroup digital-twin
 * @param linkType a capture's link type (DLT value)
 * @return true if DecodeTwinPacket understands it
 */
bool SupportedTwinLinkType(int linkType);

/**
 * @ingroup digital-twin
 * @param protocol an IP protocol number
 * @return its name in TwinTrafficReadStats::packetsPerProtocol: "tcp", "udp", "icmp",
 *         "icmpv6", "sctp", "dccp", or "proto-<number>"
 */
std::string TwinProtocolName(uint8_t protocol);

/**
 * @ingroup digital-twin
 * @param version 4 or 6
 * @param address the address bytes (4 or 16)
 * @return the textual address, or "?" if it cannot be formatted
 */
std::string TwinIpAddressText(uint8_t version, const uint8_t* address);

/**
 * @ingroup digital-twin
 * Closes a libpcap handle.
 */
struct TwinPcapCloser
{
    /** @param handle the handle to close (may be null) */
    void operator()(pcap* handle) const;
};

/**
 * @ingroup digital-twin
 * Owner of a libpcap handle (pcap_t).
 */
using TwinPcapHandle = std::unique_ptr<pcap, TwinPcapCloser>;

/**
 * @ingroup digital-twin
 * Read a pcap or pcapng capture and deliver its packets as unidirectional flows, keyed by IP
 * version, addresses, protocol and ports. A flow goes to the sink when it has been idle
 * longer than options.flowIdleTimeoutSeconds (checked as capture time advances), when a
 * packet arrives more than options.flowActiveTimeoutSeconds after the flow began (the packet
 * starts the next record), and at the end of the capture. Only the open flows are held in
 * memory.
 *
 * Bad input (unreadable, truncated or corrupt file, a record longer than the snap length,
 * a timestamp more than kPcapBackwardsToleranceSeconds before the latest one, headers that do
 * not fit in the captured bytes, invalid IP headers) is an error naming the file and the
 * 1-based packet index, after which the read stops and no further flow is delivered: the
 * caller discards what it received. With options.skipBadRecords such packets are counted in
 * recordsSkipped instead, one warning summarises the counts per reason, and reading goes on.
 * An unknown link type or invalid options are errors in either mode.
 * @param path the capture file
 * @param options timeouts and the bad-record policy
 * @param sink receives each flow record
 * @param diagnostics where errors and warnings go
 * @param details if not null, receives the link type, the peak of open flows, the number of
 *        non-IP packets and the skip counts per reason
 * @param packetSink if not null (and not empty), receives every delivered flow's packets
 *        (times and IP sizes, in time order) in chunks of at most kTwinPacketChunk packets,
 *        numbered 0, 1, ... per flow and named by the flow's first packet index (its record's
 *        source.line): a chunk as soon as it is full, the rest right before the flow's record,
 *        so memory stays bounded by the open flows. A record cut by the active timeout ends
 *        its sequence. Skipped packets are in no sequence. On an error (not skipped) it
 *        receives nothing further either. With a packet sink, a flow starting after packet
 *        2^32 - 1 (which source.line cannot name) is an error; doc/replay.md, "Packet
 *        sequences", has the details
 * @return counts of packets, flows, bytes and packets per protocol ("tcp", "udp", "icmp",
 *         "icmpv6", "sctp", "dccp", "proto-<number>" for the others, "non-ip")
 */
TwinTrafficReadStats ReadPcapFlows(const std::string& path, const TwinTrafficReadOptions& options,
                                   const TwinFlowSink& sink, TwinDiagnostics& diagnostics,
                                   PcapReadDetails* details = nullptr,
                                   const TwinPacketSink* packetSink = nullptr);

} // namespace ns3

#endif /* PCAP_FLOW_READER_H */
