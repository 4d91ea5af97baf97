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
#include <string>

namespace ns3
{

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
/// Below this, a fractional traffic scale adds no copy (rounding noise of the subtraction).
constexpr double kScaleEpsilon = 1e-9;

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

std::vector<TwinDemand>
TwinDemandsFromTraffic(const std::vector<TwinMappedFlow>& flows,
                       const TwinTrafficReplayOptions& options, TwinDiagnostics& diagnostics)
{
    std::vector<TwinDemand> demands;
    if (!CheckOptions(diagnostics, options) || flows.empty())
    {
        return demands;
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
    const double windowSimSeconds = (windowEnd - windowStart) / options.timeScale;

    const auto wholeCopies = static_cast<uint64_t>(std::floor(options.trafficScale));
    const double fraction = options.trafficScale - static_cast<double>(wholeCopies);
    const uint64_t copies = wholeCopies + (fraction > kScaleEpsilon ? 1 : 0);

    SkipCount byProtocol;
    SkipCount outside;
    SkipCount unmapped;
    SkipCount sameNode;
    SkipCount tooSlow;
    uint64_t replayed = 0;
    std::map<std::string, uint64_t> numberByKey;
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

        const bool tcp = f.protocol == kProtocolTcp;
        const std::string key =
            TwinReplayProtocolName(f.protocol) + "-" + m.sourceNode + "-" + m.destNode;
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
            double copyStart =
                simStart + static_cast<double>(k) / options.trafficScale * simDuration;
            if (k > 0 && windowSimSeconds > 0 && copyStart >= windowSimSeconds)
            {
                copyStart = std::fmod(copyStart, windowSimSeconds);
            }
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
    NoteSkipped(diagnostics, tooSlow,
                "whose rate is below " + importer::FormatNumber(kMinDemandRateBps) + " bit/s");
    diagnostics.Note({}, "traffic replay: " + std::to_string(replayed) + " of " +
                             std::to_string(flows.size()) + " flows replayed as " +
                             std::to_string(demands.size()) + " demands");
    return demands;
}

} // namespace ns3
