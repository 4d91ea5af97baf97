/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_TRAFFIC_H
#define TWIN_TRAFFIC_H

#include "twin-network.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Plain records of collected traffic (captures and flow exports), as the traffic readers
 * produce them: one record per unidirectional flow. Units are part of every name.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * One unidirectional flow seen in a capture or a flow export.
 */
struct TwinFlowRecord
{
    int ipVersion{4};             //!< 4 or 6
    std::string sourceAddress;    //!< textual IPv4 or IPv6 address
    std::string destAddress;      //!< textual IPv4 or IPv6 address
    uint8_t protocol{0};          //!< IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6...)
    uint16_t sourcePort{0};       //!< transport source port (0 when the protocol has none)
    uint16_t destPort{0};         //!< transport destination port; ICMP: type * 256 + code
    double startSeconds{0};       //!< first packet, seconds since the Unix epoch
    double endSeconds{0};         //!< last packet, seconds since the Unix epoch
    uint64_t bytes{0};            //!< IP-level bytes (after scaling by sampling, if any)
    uint64_t packets{0};          //!< packets (after scaling by sampling, if any)
    uint8_t tcpFlags{0};          //!< OR of the TCP flags seen (0 for other protocols)
    uint32_t samplingInterval{1}; //!< 1 in N packets sampled by the exporter (1 = all)
    bool scaled{false};           //!< bytes and packets were multiplied by samplingInterval
    uint32_t ingressInterface{0}; //!< exporter's ingress interface index (0 = unknown)
    std::string exporter;         //!< exporter address or observation domain, if known
    TwinSourceRef source;         //!< file and record (or packet) index it came from
};

/**
 * @ingroup digital-twin
 * One captured packet of a flow, as stored for packet-by-packet replay.
 */
struct TwinPacketRecord
{
    int64_t timeNs{0}; //!< capture time, nanoseconds since the Unix epoch
    uint32_t bytes{0}; //!< IP-level bytes (from the IP header, as TwinFlowRecord::bytes)
};

/**
 * @ingroup digital-twin
 * Epoch seconds of a time in nanoseconds, computed one way everywhere (whole seconds plus the
 * fraction), so that a record's start and its first packet compare equal as doubles.
 * @param ns nanoseconds since the Unix epoch
 * @return seconds since the Unix epoch
 */
inline double
TwinNsToSeconds(int64_t ns)
{
    return static_cast<double>(ns / 1000000000) + static_cast<double>(ns % 1000000000) * 1e-9;
}

/**
 * @ingroup digital-twin
 * What reading traffic produced besides the flows.
 */
struct TwinTrafficReadStats
{
    uint64_t recordsRead{0};    //!< packets (captures) or flow records (exports) read
    uint64_t recordsSkipped{0}; //!< bad ones skipped (only when the caller allowed it)
    uint64_t flows{0};          //!< flow records delivered
    uint64_t bytes{0};          //!< bytes of the delivered flows
    std::map<std::string, uint64_t>
        packetsPerProtocol; //!< "tcp", "udp", "icmp", "proto-N", "non-ip"...
};

/**
 * @ingroup digital-twin
 * Options every traffic reader takes.
 */
struct TwinTrafficReadOptions
{
    bool skipBadRecords{false};           //!< count and skip bad packets/records instead of failing
    double flowIdleTimeoutSeconds{60};    //!< captures: a flow ends after this much silence
    double flowActiveTimeoutSeconds{300}; //!< captures: a long flow is cut into records
    uint64_t maxOpenFlows{2000000};       //!< captures: most flows open at once (about 250 B each)
    uint64_t maxTemplateFields{4000000};  //!< exports: most template fields kept (8 B each)
};

/**
 * @ingroup digital-twin
 * A flow record placed on the twin: the nodes its addresses map to, and by which rule.
 */
struct TwinMappedFlow
{
    TwinFlowRecord flow;    //!< the record (addresses anonymised already, if asked)
    std::string sourceNode; //!< node-id the source address maps to, or empty (unmapped)
    std::string destNode;   //!< node-id the destination address maps to, or empty
    std::string sourceRule; //!< how: "snapshot", "ingress-interface", "prefix-file", "default"
    std::string destRule;   //!< how the destination mapped (same values), or empty
    int64_t flowId{0};      //!< its traffic_flows row id when read from a store, else 0
    /**
     * Its packets in capture order, when read from a store with packet sequences (captures
     * imported with them); else empty.
     */
    std::vector<TwinPacketRecord> packets;
};

/**
 * @ingroup digital-twin
 * Receives flow records as a reader produces them (streaming: readers never hold a whole
 * capture or export in memory).
 */
using TwinFlowSink = std::function<void(const TwinFlowRecord&)>;

/**
 * @ingroup digital-twin
 * Receives a capture's packet sequences in chunks, as a capture reader produces them: the
 * flow is named by the 1-based index of its first packet in the capture (the
 * TwinFlowRecord::source line of the record it ends up in), chunks of one flow come in
 * order (0, 1, ...) and may come before the flow record itself. Every packet of every
 * delivered flow is in exactly one chunk.
 * Arguments: first packet index of the flow, chunk number, the chunk's packets.
 */
using TwinPacketSink =
    std::function<void(uint64_t, uint32_t, const std::vector<TwinPacketRecord>&)>;

} // namespace ns3

#endif /* TWIN_TRAFFIC_H */
