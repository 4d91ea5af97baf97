/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/twin-replay-comparison.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;

namespace
{

/**
 * @param demandId demand id
 * @param mode "packets", "rate" or "tcp"
 * @param bytes recorded bytes
 * @param duration recorded duration
 * @return a replayed-flow row
 */
TwinReplayedFlow
Replayed(const std::string& demandId, const std::string& mode, uint64_t bytes, double duration)
{
    TwinReplayedFlow r;
    r.demandId = demandId;
    r.flowId = 7;
    r.mode = mode;
    r.recordedStartSeconds = 0.5;
    r.recordedDurationSeconds = duration;
    r.recordedBytes = bytes;
    r.recordedPackets = 3;
    return r;
}

/**
 * @param id demand id
 * @param protocol "udp" or "tcp"
 * @param start start time
 * @return a demand result
 */
TwinDemandResult
Demand(const std::string& id, const std::string& protocol, double start)
{
    TwinDemandResult d;
    d.demandId = id;
    d.protocol = protocol;
    d.startSeconds = start;
    return d;
}

/**
 * @param id demand id
 * @param time interval end
 * @param tx packets sent
 * @param rx packets received
 * @param rxBytes bytes received
 * @param delivered packets sent in it and delivered
 * @return a demand sample
 */
TwinDemandSample
Sample(const std::string& id, double time, uint64_t tx, uint64_t rx, uint64_t rxBytes,
       uint64_t delivered)
{
    TwinDemandSample s;
    s.demandId = id;
    s.timeSeconds = time;
    s.txPackets = tx;
    s.rxPackets = rx;
    s.rxBytes = rxBytes;
    s.deliveredPackets = delivered;
    return s;
}

/**
 * @param id demand id
 * @param protocol IP protocol
 * @param rxBytes bytes received
 * @param lastRx last reception
 * @param firstRx first reception
 * @return a flow result
 */
TwinFlowResult
FlowOf(const std::string& id, uint8_t protocol, uint64_t rxBytes, double lastRx, double firstRx = 0)
{
    TwinFlowResult f;
    f.firstRxSeconds = firstRx;
    f.demandId = id;
    f.protocol = protocol;
    f.rxBytes = rxBytes;
    f.rxPackets = rxBytes > 0 ? 1 : 0;
    f.lastRxSeconds = lastRx;
    return f;
}

} // namespace

TEST(ReplayComparison, UdpCountsFlowMonitorBytesThroughTheDrain)
{
    TwinRunResults results;
    results.replayed.push_back(Replayed("u", "packets", 3000, 1.0));
    results.demands.push_back(Demand("u", "udp", 0.5));
    results.demands.push_back(Demand("other", "udp", 0));
    results.demandSamples = {Sample("u", 1, 2, 2, 2000, 2), Sample("u", 2, 1, 0, 0, 0),
                             Sample("other", 1, 50, 50, 50000, 50)};
    // FlowMonitor saw a third packet arrive in the drain, the samples did not.
    results.flows = {FlowOf("u", 17, 2500, 1.8, 0.55), FlowOf("other", 17, 50000, 1.0)};
    auto rows = CompareTwinReplay(results, 2);
    ASSERT_EQ(rows.size(), 1U);
    const TwinReplayComparison& c = rows[0];
    EXPECT_EQ(c.recorded.demandId, "u");
    EXPECT_EQ(c.recorded.mode, "packets");
    EXPECT_EQ(c.protocol, "udp");
    EXPECT_EQ(c.sentPackets, 3U);
    EXPECT_EQ(c.deliveredPackets, 2U);
    EXPECT_EQ(c.deliveredBytes, 2500U);
    ASSERT_TRUE(c.completionSeconds);
    EXPECT_DOUBLE_EQ(*c.completionSeconds, 1.3);
    EXPECT_DOUBLE_EQ(c.recordedThroughputBps, 3000.0 * 8 / 1.0);
    // Over the span of the arrivals: 0.55 s to 1.8 s.
    EXPECT_DOUBLE_EQ(c.replayedThroughputBps, 2500.0 * 8 / 1.25);
    ASSERT_TRUE(c.lossRatio);
    EXPECT_DOUBLE_EQ(*c.lossRatio, 1.0 / 3);
}

TEST(ReplayComparison, UdpWithoutFlowsFallsBackToTheSamples)
{
    TwinRunResults results;
    results.replayed.push_back(Replayed("u", "rate", 3000, 2.0));
    results.demands.push_back(Demand("u", "udp", 0.25));
    results.demandSamples = {Sample("u", 1, 2, 1, 1000, 2), Sample("u", 2, 1, 2, 2000, 1),
                             Sample("u", 3, 0, 0, 0, 0)};
    auto rows = CompareTwinReplay(results, 3);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0].deliveredBytes, 3000U);
    ASSERT_TRUE(rows[0].completionSeconds);
    EXPECT_DOUBLE_EQ(*rows[0].completionSeconds, 2 - 0.25);
    EXPECT_DOUBLE_EQ(*rows[0].lossRatio, 0);
    EXPECT_DOUBLE_EQ(rows[0].replayedThroughputBps, 3000.0 * 8 / 1.75);
}

TEST(ReplayComparison, TcpCompletesOnlyWhenEveryByteArrived)
{
    TwinRunResults results;
    results.replayed = {Replayed("done", "tcp", 10000, 4), Replayed("open", "tcp", 10000, 4)};
    TwinDemandResult done = Demand("done", "tcp", 1);
    done.completionSeconds = 3.5;
    results.demands = {done, Demand("open", "tcp", 2)};
    results.demandSamples = {Sample("done", 1, 5, 5, 6000, 5), Sample("done", 2, 3, 3, 4200, 2),
                             Sample("open", 3, 4, 2, 3000, 2)};
    // TCP's flows (forward and acknowledgements) are not what it delivered: ignored.
    results.flows = {FlowOf("done", 6, 99999, 3.5), FlowOf("open", 6, 99999, 3.9)};
    auto rows = CompareTwinReplay(results, 4);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].protocol, "tcp");
    EXPECT_EQ(rows[0].deliveredBytes, 10200U);
    EXPECT_EQ(rows[0].sentPackets, 8U);
    EXPECT_EQ(rows[0].deliveredPackets, 7U);
    ASSERT_TRUE(rows[0].completionSeconds);
    EXPECT_DOUBLE_EQ(*rows[0].completionSeconds, 2.5);
    EXPECT_DOUBLE_EQ(rows[0].replayedThroughputBps, 10200.0 * 8 / 2.5);
    EXPECT_DOUBLE_EQ(*rows[0].lossRatio, 1.0 / 8);
    EXPECT_DOUBLE_EQ(rows[0].recordedThroughputBps, 10000.0 * 8 / 4);

    EXPECT_EQ(rows[1].recorded.demandId, "open");
    EXPECT_FALSE(rows[1].completionSeconds);
    EXPECT_EQ(rows[1].deliveredBytes, 3000U);
    // Until the end of the run: 4 - 2 s.
    EXPECT_DOUBLE_EQ(rows[1].replayedThroughputBps, 3000.0 * 8 / 2);
    EXPECT_DOUBLE_EQ(*rows[1].lossRatio, 0.5);
}

TEST(ReplayComparison, DemandsThatNeverRanHaveOnlyTheRecordedSide)
{
    TwinRunResults results;
    results.replayed = {Replayed("late", "tcp", 500, 0), Replayed("idle", "packets", 500, 1)};
    results.demands = {Demand("idle", "udp", 5)};
    auto rows = CompareTwinReplay(results, 4);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].protocol, "tcp");
    EXPECT_EQ(rows[0].sentPackets, 0U);
    EXPECT_FALSE(rows[0].lossRatio);
    EXPECT_FALSE(rows[0].completionSeconds);
    EXPECT_EQ(rows[0].recordedThroughputBps, 0); // zero duration
    EXPECT_EQ(rows[0].recorded.recordedBytes, 500U);
    // Installed, but it started after the run's end and sent nothing.
    EXPECT_EQ(rows[1].protocol, "udp");
    EXPECT_FALSE(rows[1].lossRatio);
    EXPECT_FALSE(rows[1].completionSeconds);
    EXPECT_EQ(rows[1].replayedThroughputBps, 0);
}

// A one-packet flow is recorded over the 1 ms floor of a duration; delivered intact, its replay
// shows the recorded throughput, not one diminished by the path delay.
TEST(ReplayComparison, OnePacketFlowDeliveredIntactMatchesItsRecordedThroughput)
{
    TwinRunResults results;
    results.replayed.push_back(Replayed("u", "packets", 100, 0.001));
    results.demands.push_back(Demand("u", "udp", 0.2));
    results.demandSamples = {Sample("u", 1, 1, 1, 100, 1)};
    results.flows = {FlowOf("u", 17, 100, 0.2 + 0.03, 0.2 + 0.03)};
    auto rows = CompareTwinReplay(results, 1);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_DOUBLE_EQ(rows[0].replayedThroughputBps, rows[0].recordedThroughputBps);
    ASSERT_TRUE(rows[0].completionSeconds);
    EXPECT_NEAR(*rows[0].completionSeconds, 0.03, 1e-12); // the path delay
}
