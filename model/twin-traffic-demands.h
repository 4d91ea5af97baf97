/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_TRAFFIC_DEMANDS_H
#define TWIN_TRAFFIC_DEMANDS_H

#include "twin-results.h"
#include "twin-traffic.h"

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Turn a traffic set (flow records mapped onto a snapshot's nodes) into twin demands:
 * non-reactive flows become open-loop UDP demands (packet by packet when their packet sequence
 * is known, else at their mean rate), TCP flows closed-loop TCP transfers. doc/replay.md
 * ("Replaying flow records", "Replaying captures packet by packet") gives the rules.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * TCP segment size of every replayed TCP demand: ns-3 has one segment size per run, and 1448
 * bytes is what Linux sends on a 1500-byte Ethernet MTU with TCP timestamps (1500 - 20 IP -
 * 20 TCP - 12 timestamp option), the most common case in the networks recorded.
 */
constexpr uint32_t kTwinReplayTcpSegmentBytes = 1448;

/**
 * @ingroup digital-twin
 * Shortest recorded duration a flow is sent over, in seconds: a one-packet or zero-duration
 * flow record gives no rate of its own.
 */
constexpr double kTwinReplayMinFlowSeconds = 1e-3;

/**
 * @ingroup digital-twin
 * How a traffic set is replayed.
 */
struct TwinTrafficReplayOptions
{
    std::optional<double> windowStartSeconds; //!< epoch seconds; default: earliest flow start
    std::optional<double> windowEndSeconds;   //!< epoch seconds; default: latest flow end
    double timeScale{1};                      //!< recorded durations are divided by it
    double trafficScale{1};                   //!< > 1 adds shifted copies, < 1 scales down
    std::set<uint8_t> protocols;              //!< IP protocols replayed (empty = all)
    /**
     * Replay a non-TCP flow that has its packet sequence (TwinMappedFlow::packets) packet by
     * packet, with the recorded sizes and gaps; false: at its mean rate like a flow record.
     */
    bool usePacketSequences{true};
};

/**
 * @ingroup digital-twin
 * The demands that replay a traffic set, and which recorded flow each one replays.
 */
struct TwinTrafficReplay
{
    std::vector<TwinDemand> demands;     //!< the demands, in flow order (copies after it)
    std::vector<TwinReplayedFlow> flows; //!< one per demand, same order
};

/**
 * @ingroup digital-twin
 * Which packets of a sequence a scale keeps, deterministically and evenly spread: each packet
 * adds the scale to a credit and goes out once per whole unit of it. Counted in integer
 * millionths, so a scale of 0.1 keeps exactly every tenth packet; the credit starts at one
 * half, so the share rounds rather than truncates (a lone packet is kept at a scale of 0.5 or
 * more). One credit carried across the flows of a set keeps the set's volume at the scale
 * even when most flows are one packet long.
 */
class TwinScaleCredit
{
public:
    /**
     * @param scale packets out per packet in (>= 0; 1 keeps every packet once)
     */
    explicit TwinScaleCredit(double scale = 1);
    /**
     * Change the scale from the next packet on (the credit is kept).
     * @param scale the new scale (>= 0)
     */
    void SetScale(double scale);
    /**
     * @return how many times the next packet goes out (0, 1, or more for a scale above 1)
     */
    uint64_t Next();

private:
    static constexpr int64_t kUnit = 1000000; //!< one packet, in millionths
    int64_t m_step{kUnit};                    //!< the scale, in millionths
    int64_t m_credit{kUnit / 2};              //!< owed, in millionths
};

/**
 * @ingroup digital-twin
 * @param demand a UDP demand
 * @return half the time between two of its packets (packet size * 8 / rate / 2): a replayed
 *         flow's demand stops this long after the flow's recorded end, so that an
 *         OnOffApplication, which sends one interval after it starts, sends every recorded
 *         packet
 */
double TwinReplayHalfInterval(const TwinDemand& demand);

/**
 * @ingroup digital-twin
 * Build the demands that replay a traffic set. Time zero of the run is the window start.
 * Flows outside the window, filtered out by protocol, with an unmapped end or with both ends
 * on one node are skipped; each kind is counted in a note (flows and bytes). Invalid options
 * (non-finite values, a scale that is not positive, an empty window) are errors in
 * diagnostics and give no demands.
 *
 * With options.usePacketSequences, a non-TCP flow with packets becomes a packet-replay demand
 * (TwinDemand::packets): the packets inside the window (by their own times; a bound not given
 * clips nothing), sent (time - first kept packet) / timeScale after the demand's start at
 * (first kept packet - window start) / timeScale, each with its IP size less 28 bytes as UDP
 * payload (1 to kMaxUdpPayloadBytes; clamped packets are counted in a note), stopping half the
 * mean gap after the last packet. Traffic-scale copies are placed as in rate mode; the
 * fractional copy keeps an evenly spread subset (TwinScaleCredit, one credit carried across
 * the flows). Its TwinReplayedFlow has mode "packets" and the sums of the packets it sends.
 * @param flows the mapped flows, in the order their ids are numbered
 * @param options window, scaling and filter
 * @param diagnostics where errors and the skip notes go
 * @return the demands, in flow order (copies of a flow after it), with the recorded flow of
 *         each
 */
TwinTrafficReplay TwinDemandsFromTraffic(const std::vector<TwinMappedFlow>& flows,
                                         const TwinTrafficReplayOptions& options,
                                         TwinDiagnostics& diagnostics);

/**
 * @ingroup digital-twin
 * @param protocol an IP protocol number
 * @return the name demand ids use: "tcp", "udp", "icmp", "icmpv6" or "proto-N"
 */
std::string TwinReplayProtocolName(uint8_t protocol);

} // namespace ns3

#endif /* TWIN_TRAFFIC_DEMANDS_H */
