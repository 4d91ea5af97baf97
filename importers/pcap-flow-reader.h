/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PCAP_FLOW_READER_H
#define PCAP_FLOW_READER_H

#include "ns3/twin-traffic.h"

#include <cstdint>
#include <map>
#include <string>

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
 * @return counts of packets, flows, bytes and packets per protocol ("tcp", "udp", "icmp",
 *         "icmpv6", "sctp", "dccp", "proto-<number>" for the others, "non-ip")
 */
TwinTrafficReadStats ReadPcapFlows(const std::string& path, const TwinTrafficReadOptions& options,
                                   const TwinFlowSink& sink, TwinDiagnostics& diagnostics,
                                   PcapReadDetails* details = nullptr);

} // namespace ns3

#endif /* PCAP_FLOW_READER_H */
