/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_REPLAY_COMPARISON_H
#define TWIN_REPLAY_COMPARISON_H

#include "twin-results.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Replayed against recorded: how each recorded flow a run replayed fared on the twin,
 * next to what was recorded of it (doc/replay.md, "Replayed against recorded").
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * One replayed flow: what was recorded, what the twin delivered. Bytes are IP-level on both
 * sides, so a packet replay that delivers everything shows the recorded bytes exactly.
 * A demand the run did not install (it started after the run's end) has everything but the
 * recorded side at zero or none.
 */
struct TwinReplayComparison
{
    TwinReplayedFlow recorded; //!< the recorded side (flow, mode, bytes, packets, times)
    std::string protocol;      //!< the demand's transport: "udp" or "tcp"
    /**
     * Packets the demand sent (forward direction; the sum of its samples' txPackets: UDP
     * counted at the application, TCP at the source's IP layer, retransmissions included).
     */
    uint64_t sentPackets{0};
    /**
     * Of them, packets that arrived by the end of the run, drain included (the sum of the
     * samples' deliveredPackets).
     */
    uint64_t deliveredPackets{0};
    /**
     * IP-level bytes that arrived (forward direction). UDP: FlowMonitor's received bytes of
     * the demand's flows, which count through the drain (the samples' rxBytes when the
     * results hold no flow of it). TCP: the sum of the samples' rxBytes (the IP packets of
     * the connection's forward direction, headers and retransmitted duplicates included).
     */
    uint64_t deliveredBytes{0};
    /**
     * Time from the demand's start (TwinDemandResult::startSeconds, start jitter included) to
     * its last delivered byte. TCP: only when every byte arrived (the collector's completion
     * time). UDP: when anything arrived (FlowMonitor's last reception of its flows; without
     * flows the end of the last sample with a reception).
     */
    std::optional<double> completionSeconds;
    /** Recorded bytes * 8 / recorded duration (0 for a zero duration). */
    double recordedThroughputBps{0};
    /**
     * TCP: delivered bytes * 8 / completion, or / (runSeconds - start) without a completion.
     * UDP with FlowMonitor flows: delivered bytes * 8 / the span of its arrivals (first to last
     * reception), at least min(recorded duration, 1 ms). 0 when the span is not positive.
     */
    double replayedThroughputBps{0};
    std::optional<double> lossRatio; //!< packets not delivered / sent; none if none was sent
};

/**
 * @ingroup digital-twin
 * Pair every replayed flow of a run with what the twin measured for its demand.
 * @param results a run's results (replayed, demands, demandSamples, flows)
 * @param runSeconds the run's simulated seconds (the end for flows that did not complete)
 * @return one row per results.replayed entry, in its order
 */
std::vector<TwinReplayComparison> CompareTwinReplay(const TwinRunResults& results,
                                                    double runSeconds);

} // namespace ns3

#endif /* TWIN_REPLAY_COMPARISON_H */
