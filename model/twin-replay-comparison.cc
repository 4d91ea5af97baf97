/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-replay-comparison.h"

#include "twin-traffic-demands.h"

#include <algorithm>
#include <map>

namespace ns3
{

namespace
{

/// IP protocol number of UDP (FlowMonitor's flows carry it).
constexpr uint8_t kProtocolUdp = 17;

/** What the run measured of one demand, gathered in one pass over the results. */
struct Measured
{
    const TwinDemandResult* result{nullptr}; //!< its result, if it was installed
    uint64_t txPackets{0};                   //!< sum of its samples' txPackets
    uint64_t rxBytes{0};                     //!< sum of its samples' rxBytes (IP level)
    uint64_t deliveredPackets{0};            //!< sum of its samples' deliveredPackets
    std::optional<double> lastRxSample;      //!< end of the last sample with a reception
    bool udpFlows{false};                    //!< FlowMonitor has UDP flows of it
    uint64_t udpFlowRxBytes{0};              //!< their received bytes (IP level)
    double udpFlowLastRx{0};                 //!< their last reception
    std::optional<double> udpFlowFirstRx;    //!< their first reception
};

} // namespace

std::vector<TwinReplayComparison>
CompareTwinReplay(const TwinRunResults& results, double runSeconds)
{
    std::map<std::string, Measured> measured;
    for (const TwinReplayedFlow& r : results.replayed)
    {
        measured.emplace(r.demandId, Measured{});
    }
    for (const TwinDemandResult& d : results.demands)
    {
        auto it = measured.find(d.demandId);
        if (it != measured.end())
        {
            it->second.result = &d;
        }
    }
    for (const TwinDemandSample& s : results.demandSamples)
    {
        auto it = measured.find(s.demandId);
        if (it == measured.end())
        {
            continue;
        }
        Measured& m = it->second;
        m.txPackets += s.txPackets;
        m.rxBytes += s.rxBytes;
        m.deliveredPackets += s.deliveredPackets;
        if (s.rxPackets > 0)
        {
            m.lastRxSample = std::max(m.lastRxSample.value_or(s.timeSeconds), s.timeSeconds);
        }
    }
    // A UDP demand has only forward flows, and FlowMonitor counts through the drain, which
    // the samples do not sample.
    for (const TwinFlowResult& f : results.flows)
    {
        auto it = measured.find(f.demandId);
        if (it == measured.end() || f.protocol != kProtocolUdp)
        {
            continue;
        }
        Measured& m = it->second;
        m.udpFlows = true;
        m.udpFlowRxBytes += f.rxBytes;
        if (f.rxPackets > 0)
        {
            m.udpFlowLastRx = std::max(m.udpFlowLastRx, f.lastRxSeconds);
            m.udpFlowFirstRx =
                std::min(m.udpFlowFirstRx.value_or(f.firstRxSeconds), f.firstRxSeconds);
        }
    }

    std::vector<TwinReplayComparison> rows;
    rows.reserve(results.replayed.size());
    for (const TwinReplayedFlow& r : results.replayed)
    {
        const Measured& m = measured.at(r.demandId);
        TwinReplayComparison c;
        c.recorded = r;
        if (r.recordedDurationSeconds > 0)
        {
            c.recordedThroughputBps =
                static_cast<double>(r.recordedBytes) * 8 / r.recordedDurationSeconds;
        }
        if (!m.result)
        {
            // Not installed (it started after the run's end): nothing sent, nothing to judge.
            c.protocol = r.mode == "tcp" ? "tcp" : "udp";
            rows.push_back(std::move(c));
            continue;
        }
        c.protocol = m.result->protocol;
        const double start = m.result->startSeconds;
        c.sentPackets = m.txPackets;
        c.deliveredPackets = std::min(m.deliveredPackets, m.txPackets);
        if (c.protocol == "tcp")
        {
            c.deliveredBytes = m.rxBytes;
            if (m.result->completionSeconds)
            {
                c.completionSeconds = *m.result->completionSeconds - start;
            }
        }
        else if (m.udpFlows)
        {
            c.deliveredBytes = m.udpFlowRxBytes;
            if (m.udpFlowRxBytes > 0)
            {
                c.completionSeconds = m.udpFlowLastRx - start;
            }
        }
        else
        {
            // Results without FlowMonitor flows: the samples, to their interval.
            c.deliveredBytes = m.rxBytes;
            if (m.lastRxSample)
            {
                c.completionSeconds = *m.lastRxSample - start;
            }
        }
        double span = c.completionSeconds ? *c.completionSeconds : runSeconds - start;
        if (c.protocol == "udp" && m.udpFlowFirstRx && m.udpFlowRxBytes > 0)
        {
            // UDP is judged over the span of its arrivals, as it was recorded over the span of
            // its packets: the path delay is not part of either. A flow recorded at the 1 ms
            // floor of a duration (one packet) keeps that floor here too.
            span = std::max(m.udpFlowLastRx - *m.udpFlowFirstRx,
                            std::min(r.recordedDurationSeconds, kTwinReplayMinFlowSeconds));
        }
        if (span > 0)
        {
            c.replayedThroughputBps = static_cast<double>(c.deliveredBytes) * 8 / span;
        }
        if (c.sentPackets > 0)
        {
            c.lossRatio = static_cast<double>(c.sentPackets - c.deliveredPackets) /
                          static_cast<double>(c.sentPackets);
        }
        rows.push_back(std::move(c));
    }
    return rows;
}

} // namespace ns3
