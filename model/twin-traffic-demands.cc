/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-traffic-demands.h"

#include "twin-network-checks.h"

#include "ns3/importer-util.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>

namespace ns3
{

TwinScaleCredit::TwinScaleCredit(double scale)
{
    SetScale(scale);
}

void
TwinScaleCredit::SetScale(double scale)
{
    m_step = std::isfinite(scale) && scale > 0 ? std::llround(scale * kUnit) : 0;
}

uint64_t
TwinScaleCredit::Next()
{
    m_credit += m_step;
    const int64_t whole = m_credit / kUnit;
    m_credit -= whole * kUnit;
    return static_cast<uint64_t>(whole);
}

double
TwinReplayHalfInterval(const TwinDemand& demand)
{
    return demand.rateBps > 0 ? demand.packetBytes * 8.0 / demand.rateBps / 2 : 0;
}

namespace
{

/// IPv4 + UDP header bytes a UDP demand's payload excludes.
constexpr uint64_t kUdpHeaderBytes = 28;
/// IPv4 + TCP header bytes (no options) a TCP transfer excludes per packet.
constexpr uint64_t kTcpHeaderBytes = 40;
/// IP protocol number of TCP.
constexpr uint8_t kProtocolTcp = 6;
/**
 * Largest mean IP packet, in bytes, of a TCP record that is only acknowledgements: 40 bytes of
 * headers plus up to 40 bytes of TCP options (timestamps, SACK blocks).
 */
constexpr double kAckOnlyMeanBytes = 80;

/**
 * @param address source or destination address
 * @param port its port
 * @param peer the other end's address
 * @param peerPort the other end's port
 * @return a key naming one direction of a TCP connection
 */
std::string
TcpDirectionKey(const std::string& address, uint16_t port, const std::string& peer,
                uint16_t peerPort)
{
    return address + "|" + std::to_string(port) + ">" + peer + "|" + std::to_string(peerPort);
}

/**
 * The directions of recorded TCP connections that carry only acknowledgements of data the other
 * direction carries. The twin's TCP makes its own acknowledgements, so replaying such a record
 * as a transfer would add traffic that the real network did not carry.
 * @param flows the flows
 * @return the keys (TcpDirectionKey) of acknowledgement-only directions
 */
std::set<std::string>
AckOnlyDirections(const std::vector<TwinMappedFlow>& flows)
{
    // Bytes and packets per direction (a long connection may be several records).
    std::map<std::string, std::pair<uint64_t, uint64_t>> byDirection;
    for (const TwinMappedFlow& m : flows)
    {
        const TwinFlowRecord& f = m.flow;
        if (f.protocol == kProtocolTcp)
        {
            auto& [bytes, packets] = byDirection[TcpDirectionKey(f.sourceAddress, f.sourcePort,
                                                                 f.destAddress, f.destPort)];
            bytes += f.bytes;
            packets += f.packets;
        }
    }
    auto mean = [](const std::pair<uint64_t, uint64_t>& d)
    { return d.second ? static_cast<double>(d.first) / static_cast<double>(d.second) : 0.0; };
    std::set<std::string> ackOnly;
    for (const TwinMappedFlow& m : flows)
    {
        const TwinFlowRecord& f = m.flow;
        if (f.protocol != kProtocolTcp)
        {
            continue;
        }
        std::string key = TcpDirectionKey(f.sourceAddress, f.sourcePort, f.destAddress, f.destPort);
        auto reverse = byDirection.find(
            TcpDirectionKey(f.destAddress, f.destPort, f.sourceAddress, f.sourcePort));
        if (reverse != byDirection.end() && mean(byDirection[key]) <= kAckOnlyMeanBytes &&
            mean(reverse->second) > kAckOnlyMeanBytes)
        {
            ackOnly.insert(key);
        }
    }
    return ackOnly;
}
/// Below this, a fractional traffic scale adds no copy (rounding noise of the subtraction).
constexpr double kScaleEpsilon = 1e-9;
/// Least time a packet replay's stop comes after its last packet (ns-3 counts nanoseconds).
constexpr double kMinStopMarginSeconds = 1e-6;

/** Flows and bytes skipped for one reason. */
struct SkipCount
{
    uint64_t flows{0}; //!< flows skipped
    uint64_t bytes{0}; //!< their recorded bytes

    /**
     * @param f the skipped flow
     */
    void Add(const TwinFlowRecord& f)
    {
        ++flows;
        bytes += f.bytes;
    }
};

/**
 * @param diagnostics where the note goes
 * @param count what was skipped
 * @param reason why, as a phrase after "flows (N bytes) "
 */
void
NoteSkipped(TwinDiagnostics& diagnostics, const SkipCount& count, const std::string& reason)
{
    if (count.flows > 0)
    {
        diagnostics.Note({}, "traffic replay: skipped " + std::to_string(count.flows) + " flows (" +
                                 std::to_string(count.bytes) + " bytes) " + reason);
    }
}

/**
 * @param diagnostics where errors go
 * @param options the options to check
 * @return true if they are usable
 */
bool
CheckOptions(TwinDiagnostics& diagnostics, const TwinTrafficReplayOptions& options)
{
    bool ok = true;
    auto fail = [&diagnostics, &ok](const std::string& message)
    {
        diagnostics.Error({}, "traffic replay: " + message);
        ok = false;
    };
    if (!std::isfinite(options.timeScale) || options.timeScale <= 0)
    {
        fail("time scale " + importer::FormatNumber(options.timeScale) +
             " is not a positive finite number");
    }
    if (!std::isfinite(options.trafficScale) || options.trafficScale <= 0)
    {
        fail("traffic scale " + importer::FormatNumber(options.trafficScale) +
             " is not a positive finite number");
    }
    for (const auto& [name, value] : {std::make_pair("start", &options.windowStartSeconds),
                                      std::make_pair("end", &options.windowEndSeconds)})
    {
        if (*value && !std::isfinite(**value))
        {
            fail(std::string("window ") + name + " " + importer::FormatNumber(**value) +
                 " is not finite");
        }
    }
    if (ok && options.windowStartSeconds && options.windowEndSeconds &&
        !(*options.windowEndSeconds > *options.windowStartSeconds))
    {
        fail("window end " + importer::FormatNumber(*options.windowEndSeconds) +
             " s is not after its start " + importer::FormatNumber(*options.windowStartSeconds) +
             " s");
    }
    return ok;
}

/** The replay's frame: window, scales and copies, the same for every flow. */
struct ReplayFrame
{
    double windowStart{0};      //!< window start, epoch seconds (time zero of the run)
    double windowEnd{0};        //!< window end, epoch seconds
    double windowSimSeconds{0}; //!< window length in simulated seconds
    double timeScale{1};        //!< recorded durations are divided by it
    double trafficScale{1};     //!< copies of each flow (whole and fractional)
    uint64_t wholeCopies{1};    //!< floor(trafficScale)
    double fraction{0};         //!< trafficScale - wholeCopies
    uint64_t copies{1};         //!< whole copies plus one for a fraction above kScaleEpsilon
    /**
     * The window's bounds were given: packets are clipped by them. A default bound comes from
     * the flow records, whose epoch seconds are a double's rounding of a packet's time, so it
     * clips nothing (the last packet must not fall out by a rounding step).
     */
    bool clipStart{false};
    bool clipEnd{false}; //!< as clipStart, for the end

    /**
     * @param simStart the flow's start, simulated seconds
     * @param simDuration the flow's duration, simulated seconds
     * @param k copy number
     * @return where copy k starts: k / trafficScale of the flow's duration after the flow,
     *         wrapped to the window's beginning when at or past its end
     */
    double CopyStart(double simStart, double simDuration, uint64_t k) const
    {
        double start = simStart + static_cast<double>(k) / trafficScale * simDuration;
        if (k > 0 && windowSimSeconds > 0 && start >= windowSimSeconds)
        {
            start = std::fmod(start, windowSimSeconds);
        }
        return start;
    }
};

/** The packets of one flow inside the window, as the twin sends them. */
struct KeptPackets
{
    std::shared_ptr<std::vector<TwinReplayPacket>> packets; //!< offsets from the first, payloads
    std::vector<uint32_t> ipBytes; //!< recorded IP bytes of each kept packet
    double firstSeconds{0};        //!< epoch seconds of the first kept packet
    double spanSeconds{0};         //!< recorded time from the first to the last kept packet
};

/** What packet-by-packet replay adjusted, over all flows, for its notes. */
struct PacketCounts
{
    uint64_t flows{0};      //!< flows replayed packet by packet
    uint64_t packets{0};    //!< packets of their demands (copies included)
    uint64_t tooSmall{0};   //!< kept packets below 29 IP bytes (sent with a 1-byte payload)
    uint64_t tooLarge{0};   //!< kept packets above 65535 IP bytes (sent with the largest)
    uint64_t outOfOrder{0}; //!< kept packets recorded before their predecessor
};

/**
 * @param packets a flow's recorded packets, in capture order
 * @param frame the replay frame
 * @param counts where clamped and out-of-order packets are counted
 * @return the packets inside the window (ends included); none when no packet is inside
 */
KeptPackets
KeepPackets(const std::vector<TwinPacketRecord>& packets, const ReplayFrame& frame,
            PacketCounts& counts)
{
    KeptPackets kept;
    kept.packets = std::make_shared<std::vector<TwinReplayPacket>>();
    int64_t firstNs = 0;
    int64_t previousNs = 0;
    for (const TwinPacketRecord& p : packets)
    {
        // As the record's start was computed, so a window at the start keeps the first packet.
        const double t = TwinNsToSeconds(p.timeNs);
        if ((frame.clipStart && t < frame.windowStart) || (frame.clipEnd && t > frame.windowEnd))
        {
            continue;
        }
        int64_t ns = p.timeNs;
        if (kept.packets->empty())
        {
            firstNs = ns;
            previousNs = ns;
            kept.firstSeconds = t;
        }
        else if (ns < previousNs)
        {
            // A clock step back in the capture: sent right after its predecessor instead.
            ++counts.outOfOrder;
            ns = previousNs;
        }
        previousNs = ns;
        uint32_t payload = 1;
        if (p.bytes < kUdpHeaderBytes + 1)
        {
            ++counts.tooSmall;
        }
        else if (p.bytes - kUdpHeaderBytes > kMaxUdpPayloadBytes)
        {
            ++counts.tooLarge;
            payload = kMaxUdpPayloadBytes;
        }
        else
        {
            payload = static_cast<uint32_t>(p.bytes - kUdpHeaderBytes);
        }
        // Offsets in integer nanoseconds first: exact however long the capture.
        const double offset = static_cast<double>(ns - firstNs) * 1e-9 / frame.timeScale;
        kept.packets->push_back({offset, payload});
        kept.ipBytes.push_back(p.bytes);
    }
    kept.spanSeconds = static_cast<double>(previousNs - firstNs) * 1e-9;
    return kept;
}

/**
 * The evenly spread subset a fractional copy keeps (TwinScaleCredit, the rule
 * TwinPacketReplayApplication's Scale applies too).
 * @param kept the flow's packets
 * @param credit the credit, carried from flow to flow (its scale is the fraction)
 * @param ipBytes receives the recorded IP bytes of the subset
 * @return the subset (offsets unchanged)
 */
std::shared_ptr<std::vector<TwinReplayPacket>>
ThinPackets(const KeptPackets& kept, TwinScaleCredit& credit, std::vector<uint32_t>& ipBytes)
{
    auto subset = std::make_shared<std::vector<TwinReplayPacket>>();
    for (std::size_t i = 0; i < kept.packets->size(); ++i)
    {
        if (credit.Next() > 0)
        {
            subset->push_back((*kept.packets)[i]);
            ipBytes.push_back(kept.ipBytes[i]);
        }
    }
    return subset;
}

/**
 * Add the demands that replay one flow packet by packet.
 * @param m the flow
 * @param kept its packets inside the window (not empty)
 * @param frame the replay frame
 * @param baseId the id of copy 0
 * @param replay where the demands and their recorded flows go
 * @param counts where the packets sent are counted
 * @param thinning the credit of the fractional copies, carried across flows
 * @return true if at least one demand was added
 */
bool
AddPacketReplay(const TwinMappedFlow& m, const KeptPackets& kept, const ReplayFrame& frame,
                const std::string& baseId, TwinTrafficReplay& replay, PacketCounts& counts,
                TwinScaleCredit& thinning)
{
    // Not below 0: with a default window start the first packet may lie a rounding step
    // before it.
    const double simStart = std::max(0.0, kept.firstSeconds - frame.windowStart) / frame.timeScale;
    // The duration copies are spread over and throughputs are taken over: as in rate mode.
    const double simDuration =
        std::max(kept.spanSeconds, kTwinReplayMinFlowSeconds) / frame.timeScale;
    const std::size_t n = kept.packets->size();
    // The stop leaves room for the last packet: the helper installs the stop event before the
    // application schedules its sends, so a stop on the last packet's instant would cut it.
    const double margin =
        std::max(n > 1 && kept.spanSeconds > 0
                     ? kept.spanSeconds / frame.timeScale / static_cast<double>(n - 1) / 2
                     : kTwinReplayMinFlowSeconds / frame.timeScale / 2,
                 kMinStopMarginSeconds);
    bool any = false;
    for (uint64_t k = 0; k < frame.copies; ++k)
    {
        std::shared_ptr<const std::vector<TwinReplayPacket>> packets = kept.packets;
        const std::vector<uint32_t>* ipBytes = &kept.ipBytes;
        std::vector<uint32_t> subsetBytes;
        if (k >= frame.wholeCopies)
        {
            packets = ThinPackets(kept, thinning, subsetBytes);
            ipBytes = &subsetBytes;
        }
        if (packets->empty())
        {
            continue;
        }
        uint64_t bytes = 0;
        uint64_t payloadBytes = 0;
        for (std::size_t i = 0; i < packets->size(); ++i)
        {
            bytes += (*ipBytes)[i];
            payloadBytes += (*packets)[i].payloadBytes;
        }
        const double copyStart = frame.CopyStart(simStart, simDuration, k);
        TwinDemand d;
        d.id = k == 0 ? baseId : baseId + "." + std::to_string(k);
        d.sourceNode = m.sourceNode;
        d.destNode = m.destNode;
        d.protocol = TwinProtocol::Udp;
        d.startSeconds = copyStart;
        d.stopSeconds = copyStart + packets->back().offsetSeconds + margin;
        d.source = m.flow.source;
        // Descriptive only (the packets are sent as recorded); the rate stays within what
        // the demand checks accept.
        const auto count = static_cast<double>(packets->size());
        d.packetBytes = static_cast<uint32_t>(std::clamp<uint64_t>(
            static_cast<uint64_t>(std::llround(static_cast<double>(payloadBytes) / count)), 1,
            kMaxUdpPayloadBytes));
        d.rateBps = std::clamp(static_cast<double>(payloadBytes) * 8 / simDuration,
                               kMinDemandRateBps, kMaxDemandRateBps);
        d.packets = packets;

        TwinReplayedFlow r;
        r.demandId = d.id;
        r.flowId = m.flowId;
        r.copy = static_cast<uint32_t>(k);
        r.mode = "packets";
        r.recordedStartSeconds = copyStart;
        r.recordedDurationSeconds = simDuration;
        r.recordedBytes = bytes;
        r.recordedPackets = packets->size();
        counts.packets += packets->size();
        replay.flows.push_back(std::move(r));
        replay.demands.push_back(std::move(d));
        any = true;
    }
    return any;
}

} // namespace

std::string
TwinReplayProtocolName(uint8_t protocol)
{
    switch (protocol)
    {
    case 1:
        return "icmp";
    case kProtocolTcp:
        return "tcp";
    case 17:
        return "udp";
    case 58:
        return "icmpv6";
    default:
        return "proto-" + std::to_string(protocol);
    }
}

TwinTrafficReplay
TwinDemandsFromTraffic(const std::vector<TwinMappedFlow>& flows,
                       const TwinTrafficReplayOptions& options, TwinDiagnostics& diagnostics)
{
    TwinTrafficReplay replay;
    std::vector<TwinDemand>& demands = replay.demands;
    if (!CheckOptions(diagnostics, options) || flows.empty())
    {
        return replay;
    }
    // The default window is the whole set, so time zero is its earliest start.
    double windowStart = flows.front().flow.startSeconds;
    double windowEnd = std::max(flows.front().flow.startSeconds, flows.front().flow.endSeconds);
    for (const TwinMappedFlow& m : flows)
    {
        windowStart = std::min(windowStart, m.flow.startSeconds);
        windowEnd = std::max({windowEnd, m.flow.startSeconds, m.flow.endSeconds});
    }
    windowStart = options.windowStartSeconds.value_or(windowStart);
    windowEnd = options.windowEndSeconds.value_or(windowEnd);
    ReplayFrame frame;
    frame.windowStart = windowStart;
    frame.windowEnd = windowEnd;
    frame.windowSimSeconds = (windowEnd - windowStart) / options.timeScale;
    frame.timeScale = options.timeScale;
    frame.clipStart = options.windowStartSeconds.has_value();
    frame.clipEnd = options.windowEndSeconds.has_value();
    frame.trafficScale = options.trafficScale;
    frame.wholeCopies = static_cast<uint64_t>(std::floor(options.trafficScale));
    frame.fraction = options.trafficScale - static_cast<double>(frame.wholeCopies);
    frame.copies = frame.wholeCopies + (frame.fraction > kScaleEpsilon ? 1 : 0);
    const uint64_t wholeCopies = frame.wholeCopies;
    const double fraction = frame.fraction;
    const uint64_t copies = frame.copies;
    PacketCounts packetCounts;
    // One credit for every flow's fractional copy: short flows share it, so the set keeps its
    // share of packets even when most flows are a single packet.
    TwinScaleCredit thinning(frame.fraction);

    SkipCount byProtocol;
    SkipCount outside;
    SkipCount unmapped;
    SkipCount sameNode;
    SkipCount ackOnly;
    SkipCount tooSlow;
    SkipCount tooFew;
    uint64_t replayed = 0;
    std::map<std::string, uint64_t> numberByKey;
    const std::set<std::string> ackOnlyDirections = AckOnlyDirections(flows);
    for (const TwinMappedFlow& m : flows)
    {
        const TwinFlowRecord& f = m.flow;
        if (!options.protocols.empty() && options.protocols.count(f.protocol) == 0)
        {
            byProtocol.Add(f);
            continue;
        }
        if (m.sourceNode.empty() || m.destNode.empty())
        {
            unmapped.Add(f);
            continue;
        }
        if (m.sourceNode == m.destNode)
        {
            sameNode.Add(f);
            continue;
        }
        const bool tcp = f.protocol == kProtocolTcp;
        if (tcp && ackOnlyDirections.count(TcpDirectionKey(f.sourceAddress, f.sourcePort,
                                                           f.destAddress, f.destPort)) > 0)
        {
            ackOnly.Add(f);
            continue;
        }
        const std::string key =
            TwinReplayProtocolName(f.protocol) + "-" + m.sourceNode + "-" + m.destNode;
        if (!tcp && options.usePacketSequences && !m.packets.empty())
        {
            // Packet by packet: the packets are clipped to the window, not the record.
            KeptPackets kept = KeepPackets(m.packets, frame, packetCounts);
            if (kept.packets->empty())
            {
                outside.Add(f);
                continue;
            }
            const std::string baseId = "t-" + key + "-" + std::to_string(++numberByKey[key]);
            if (AddPacketReplay(m, kept, frame, baseId, replay, packetCounts, thinning))
            {
                ++packetCounts.flows;
                ++replayed;
            }
            else
            {
                tooFew.Add(f);
            }
            continue;
        }
        const double start = f.startSeconds;
        const double end = std::max(f.startSeconds, f.endSeconds);
        // A flow with a span must overlap the window; a point flow must lie in it.
        const bool inside = end > start ? (end > windowStart && start < windowEnd)
                                        : (start >= windowStart && start <= windowEnd);
        if (!inside)
        {
            outside.Add(f);
            continue;
        }
        const double clippedStart = std::max(start, windowStart);
        const double clippedEnd = std::min(end, windowEnd);
        uint64_t bytes = f.bytes;
        uint64_t packets = std::max<uint64_t>(f.packets, 1);
        if (end > start && (clippedStart > start || clippedEnd < end))
        {
            const double share = (clippedEnd - clippedStart) / (end - start);
            packets = std::max<uint64_t>(
                1, static_cast<uint64_t>(std::llround(static_cast<double>(packets) * share)));
            bytes = static_cast<uint64_t>(std::llround(static_cast<double>(bytes) * share));
        }
        const double simStart = (clippedStart - windowStart) / options.timeScale;
        const double simDuration =
            std::max(clippedEnd - clippedStart, kTwinReplayMinFlowSeconds) / options.timeScale;

        const std::string baseId = "t-" + key + "-" + std::to_string(++numberByKey[key]);
        // UDP: the mean IP packet less its headers, sent at the rate that puts the recorded
        // packets on the wire within the recorded duration.
        const uint64_t meanIpBytes = static_cast<uint64_t>(
            std::llround(static_cast<double>(bytes) / static_cast<double>(packets)));
        const auto payload = static_cast<uint32_t>(
            std::clamp<uint64_t>(meanIpBytes > kUdpHeaderBytes ? meanIpBytes - kUdpHeaderBytes : 1,
                                 1, kMaxUdpPayloadBytes));
        const double rateBps =
            static_cast<double>(payload) * static_cast<double>(packets) * 8 / simDuration;
        // TCP: the application bytes (headers without options; the segment size fixes the rest).
        const uint64_t headers = kTcpHeaderBytes * packets;
        const uint64_t transfer = bytes > headers ? bytes - headers : 1;

        bool any = false;
        for (uint64_t k = 0; k < copies; ++k)
        {
            const double factor = k < wholeCopies ? 1.0 : fraction;
            // Copies wrap to the window's beginning; the flow itself keeps its recorded time.
            const double copyStart = frame.CopyStart(simStart, simDuration, k);
            TwinDemand d;
            d.id = k == 0 ? baseId : baseId + "." + std::to_string(k);
            d.sourceNode = m.sourceNode;
            d.destNode = m.destNode;
            d.startSeconds = copyStart;
            d.source = f.source;
            if (tcp)
            {
                d.protocol = TwinProtocol::Tcp;
                d.bytes = std::max<uint64_t>(
                    1, static_cast<uint64_t>(std::llround(static_cast<double>(transfer) * factor)));
                d.packetBytes = kTwinReplayTcpSegmentBytes;
            }
            else
            {
                d.protocol = TwinProtocol::Udp;
                d.rateBps = rateBps * factor;
                if (d.rateBps < kMinDemandRateBps)
                {
                    continue;
                }
                d.packetBytes = payload;
                // OnOffApplication sends its first packet one interval after the start and
                // the n-th at the end of the recorded duration: stopping half an interval
                // later lets exactly the recorded packets out.
                d.stopSeconds = copyStart + simDuration + TwinReplayHalfInterval(d);
            }
            TwinReplayedFlow r;
            r.demandId = d.id;
            r.flowId = m.flowId;
            r.copy = static_cast<uint32_t>(k);
            r.mode = tcp ? "tcp" : "rate";
            r.recordedStartSeconds = copyStart;
            r.recordedDurationSeconds = simDuration;
            r.recordedBytes =
                static_cast<uint64_t>(std::llround(static_cast<double>(bytes) * factor));
            r.recordedPackets =
                static_cast<uint64_t>(std::llround(static_cast<double>(packets) * factor));
            replay.flows.push_back(std::move(r));
            demands.push_back(std::move(d));
            any = true;
        }
        if (any)
        {
            ++replayed;
        }
        else
        {
            tooSlow.Add(f);
        }
    }
    NoteSkipped(diagnostics, byProtocol, "filtered out by protocol");
    NoteSkipped(diagnostics, outside, "outside the time window");
    NoteSkipped(diagnostics, unmapped, "with an unmapped source or destination");
    NoteSkipped(diagnostics, sameNode, "with both ends on the same node");
    NoteSkipped(diagnostics, ackOnly,
                "that only acknowledge a recorded TCP transfer (the twin's TCP acknowledges its "
                "own)");
    NoteSkipped(diagnostics, tooSlow,
                "whose rate is below " + importer::FormatNumber(kMinDemandRateBps) + " bit/s");
    NoteSkipped(diagnostics, tooFew, "too short to keep a packet at the traffic scale");
    if (packetCounts.flows > 0)
    {
        diagnostics.Note({}, "traffic replay: " + std::to_string(packetCounts.flows) +
                                 " flows replayed packet by packet (" +
                                 std::to_string(packetCounts.packets) + " packets)");
    }
    if (packetCounts.tooSmall > 0 || packetCounts.tooLarge > 0)
    {
        diagnostics.Note({}, "traffic replay: " + std::to_string(packetCounts.tooSmall) +
                                 " packets below 29 IP bytes sent with a 1-byte UDP payload, " +
                                 std::to_string(packetCounts.tooLarge) +
                                 " above 65535 IP bytes sent with a 65507-byte payload");
    }
    if (packetCounts.outOfOrder > 0)
    {
        diagnostics.Note({}, "traffic replay: " + std::to_string(packetCounts.outOfOrder) +
                                 " packets recorded before their predecessor (the capture "
                                 "clock stepped back) sent right after it");
    }
    diagnostics.Note({}, "traffic replay: " + std::to_string(replayed) + " of " +
                             std::to_string(flows.size()) + " flows replayed as " +
                             std::to_string(demands.size()) + " demands");
    return replay;
}

} // namespace ns3
