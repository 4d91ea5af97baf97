/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/demand-file-reader.h"
#include "ns3/twin-traffic-demands.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;

/**
 * @param id node id
 * @param address "a.b.c.d/len"
 * @return a node with one addressed interface
 */
TwinNode
MakeNode(const std::string& id, const std::string& address)
{
    TwinNode node{id, std::nullopt, std::nullopt, {}, {}};
    TwinInterface itf;
    itf.name = "eth0";
    itf.addresses.push_back(*TwinIpv4Prefix::Parse(address));
    node.interfaces.push_back(itf);
    return node;
}

/** @return three addressed nodes A, B, C (the demands only need their ids and addresses) */
TwinNetwork
SmallNetwork()
{
    TwinNetwork net;
    net.name = "small";
    net.nodes.push_back(MakeNode("A", "10.0.0.1/24"));
    net.nodes.push_back(MakeNode("B", "10.0.1.1/24"));
    net.nodes.push_back(MakeNode("C", "10.0.2.1/24"));
    return net;
}

/**
 * @param protocol IP protocol
 * @param src source node ("" = unmapped)
 * @param dst destination node
 * @param start first packet, epoch seconds
 * @param end last packet, epoch seconds
 * @param bytes IP bytes
 * @param packets packets
 * @return the mapped flow
 */
TwinMappedFlow
Flow(uint8_t protocol, const std::string& src, const std::string& dst, double start, double end,
     uint64_t bytes, uint64_t packets)
{
    TwinMappedFlow m;
    m.flow.protocol = protocol;
    m.flow.startSeconds = start;
    m.flow.endSeconds = end;
    m.flow.bytes = bytes;
    m.flow.packets = packets;
    m.flow.source.file = "flows.pcap";
    m.flow.source.line = 7;
    m.sourceNode = src;
    m.destNode = dst;
    m.sourceRule = src.empty() ? "" : "snapshot";
    m.destRule = dst.empty() ? "" : "snapshot";
    return m;
}

/**
 * @param demands demands to check
 * @return the validator's verdict against SmallNetwork
 */
::testing::AssertionResult
Valid(const std::vector<TwinDemand>& demands)
{
    TwinDiagnostics diagnostics;
    ValidateDemands(SmallNetwork(), demands, diagnostics);
    if (!diagnostics.HasErrors())
    {
        return ::testing::AssertionSuccess();
    }
    auto failure = ::testing::AssertionFailure();
    for (const TwinDiagnostic& d : diagnostics.All())
    {
        failure << d.message << "\n";
    }
    return failure;
}

/**
 * @param diagnostics findings
 * @param text part of a note
 * @return true if a note contains the text
 */
bool
HasNote(const TwinDiagnostics& diagnostics, const std::string& text)
{
    for (const TwinDiagnostic& d : diagnostics.All())
    {
        if (d.severity == Severity::Note && d.message.find(text) != std::string::npos)
        {
            return true;
        }
    }
    return false;
}

constexpr double kT0 = 1.7e9; //!< an epoch time the flows are placed after

} // namespace

TEST(TrafficDemands, UdpIsOpenLoopAtTheRecordedRateAndPacketSize)
{
    const uint64_t packets = 100;
    const uint64_t ipBytes = 1028;
    std::vector<TwinMappedFlow> flows{
        Flow(17, "A", "B", kT0, kT0 + 10, packets * ipBytes, packets),
        Flow(17, "A", "B", kT0 + 5, kT0 + 7, 50 * 228, 50),
    };
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, {}, diagnostics).demands;
    ASSERT_FALSE(diagnostics.HasErrors());
    ASSERT_EQ(demands.size(), 2U);
    const TwinDemand& d = demands[0];
    EXPECT_EQ(d.id, "t-udp-A-B-1");
    EXPECT_EQ(d.protocol, TwinProtocol::Udp);
    EXPECT_EQ(d.packetBytes, ipBytes - 28);
    EXPECT_DOUBLE_EQ(d.rateBps, (ipBytes - 28) * packets * 8 / 10.0);
    EXPECT_DOUBLE_EQ(d.startSeconds, 0);
    ASSERT_TRUE(d.stopSeconds);
    EXPECT_DOUBLE_EQ(*d.stopSeconds, 10 + TwinReplayHalfInterval(d));
    EXPECT_EQ(d.source.file, "flows.pcap");
    EXPECT_EQ(demands[1].id, "t-udp-A-B-2");
    EXPECT_EQ(demands[1].packetBytes, 200U);
    EXPECT_DOUBLE_EQ(demands[1].rateBps, 200 * 50 * 8 / 2.0);
    EXPECT_DOUBLE_EQ(demands[1].startSeconds, 5);
    EXPECT_DOUBLE_EQ(*demands[1].stopSeconds, 7 + TwinReplayHalfInterval(demands[1]));
    EXPECT_TRUE(HasNote(diagnostics, "2 of 2 flows replayed as 2 demands"));
    EXPECT_TRUE(Valid(demands));
}

TEST(TrafficDemands, TcpIsClosedLoopTransferOfTheRecordedBytes)
{
    const uint64_t packets = 800;
    const uint64_t bytes = 1000000;
    std::vector<TwinMappedFlow> flows{Flow(17, "C", "A", kT0, kT0 + 1, 1028, 1),
                                      Flow(6, "B", "C", kT0 + 2, kT0 + 4, bytes, packets),
                                      Flow(6, "B", "C", kT0 + 3, kT0 + 3, 40, 1)};
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, {}, diagnostics).demands;
    ASSERT_EQ(demands.size(), 3U);
    const TwinDemand& d = demands[1];
    EXPECT_EQ(d.id, "t-tcp-B-C-1");
    EXPECT_EQ(d.protocol, TwinProtocol::Tcp);
    EXPECT_EQ(d.bytes, bytes - 40 * packets);
    EXPECT_EQ(d.packetBytes, kTwinReplayTcpSegmentBytes);
    EXPECT_DOUBLE_EQ(d.startSeconds, 2);
    EXPECT_FALSE(d.stopSeconds);
    // Headers only: still at least one byte (0 would mean an unlimited transfer).
    EXPECT_EQ(demands[2].id, "t-tcp-B-C-2");
    EXPECT_EQ(demands[2].bytes, 1U);
    EXPECT_TRUE(Valid(demands));
}

TEST(TrafficDemands, ZeroDurationFlowIsSentOverTheMinimumDuration)
{
    std::vector<TwinMappedFlow> flows{Flow(1, "A", "C", kT0, kT0, 84, 1)};
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, {}, diagnostics).demands;
    ASSERT_EQ(demands.size(), 1U);
    EXPECT_EQ(demands[0].id, "t-icmp-A-C-1");
    EXPECT_EQ(demands[0].protocol, TwinProtocol::Udp);
    EXPECT_EQ(demands[0].packetBytes, 84U - 28);
    EXPECT_DOUBLE_EQ(demands[0].rateBps, (84 - 28) * 8 / kTwinReplayMinFlowSeconds);
    EXPECT_DOUBLE_EQ(*demands[0].stopSeconds,
                     kTwinReplayMinFlowSeconds + TwinReplayHalfInterval(demands[0]));
    // A packet smaller than the headers still sends a one-byte payload.
    flows = {Flow(47, "A", "C", kT0, kT0 + 1, 20, 1)};
    demands = TwinDemandsFromTraffic(flows, {}, diagnostics).demands;
    ASSERT_EQ(demands.size(), 1U);
    EXPECT_EQ(demands[0].id, "t-proto-47-A-C-1");
    EXPECT_EQ(demands[0].packetBytes, 1U);
    EXPECT_TRUE(Valid(demands));
}

TEST(TrafficDemands, WindowDropsAndClipsFlows)
{
    std::vector<TwinMappedFlow> flows{
        Flow(17, "A", "B", kT0, kT0 + 10, 100 * 1028, 100), // cut on both sides
        Flow(17, "A", "B", kT0 + 12, kT0 + 20, 5000, 5),    // after the window
        Flow(6, "B", "A", kT0 + 1, kT0 + 2, 777, 3),        // before it
        Flow(6, "B", "A", kT0 + 4, kT0 + 6, 2000 * 10, 10), // cut at its end
    };
    TwinTrafficReplayOptions options;
    options.windowStartSeconds = kT0 + 5;
    options.windowEndSeconds = kT0 + 8;
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics).demands;
    ASSERT_FALSE(diagnostics.HasErrors());
    ASSERT_EQ(demands.size(), 2U);
    // 3 of 10 s: 30 packets of 1028 bytes.
    EXPECT_EQ(demands[0].packetBytes, 1000U);
    EXPECT_DOUBLE_EQ(demands[0].rateBps, 1000.0 * 30 * 8 / 3);
    EXPECT_DOUBLE_EQ(demands[0].startSeconds, 0);
    EXPECT_DOUBLE_EQ(*demands[0].stopSeconds, 3 + TwinReplayHalfInterval(demands[0]));
    // Half of the TCP flow: 5 packets, 10000 bytes, less 40 per packet.
    EXPECT_EQ(demands[1].id, "t-tcp-B-A-1");
    EXPECT_EQ(demands[1].bytes, 10000U - 5 * 40);
    EXPECT_DOUBLE_EQ(demands[1].startSeconds, 0);
    EXPECT_TRUE(HasNote(diagnostics, "skipped 2 flows (5777 bytes) outside the time window"));
    EXPECT_TRUE(Valid(demands));
}

TEST(TrafficDemands, TimeScaleCompressesTheTimeline)
{
    std::vector<TwinMappedFlow> flows{Flow(17, "A", "B", kT0, kT0 + 10, 100 * 1028, 100),
                                      Flow(6, "A", "C", kT0 + 4, kT0 + 6, 4000, 2)};
    TwinTrafficReplayOptions options;
    options.timeScale = 4;
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics).demands;
    ASSERT_EQ(demands.size(), 2U);
    EXPECT_DOUBLE_EQ(*demands[0].stopSeconds, 10.0 / 4 + TwinReplayHalfInterval(demands[0]));
    EXPECT_DOUBLE_EQ(demands[0].rateBps, 1000.0 * 100 * 8 / (10.0 / 4));
    EXPECT_DOUBLE_EQ(demands[1].startSeconds, 1);
    EXPECT_EQ(demands[1].bytes, 4000U - 80);
}

TEST(TrafficDemands, UnmappedSameNodeAndFilteredFlowsAreCounted)
{
    std::vector<TwinMappedFlow> flows{
        Flow(17, "", "B", kT0, kT0 + 1, 100, 1),   Flow(17, "A", "", kT0, kT0 + 1, 200, 2),
        Flow(17, "C", "C", kT0, kT0 + 1, 400, 4),  Flow(1, "A", "B", kT0, kT0 + 1, 800, 8),
        Flow(6, "A", "B", kT0, kT0 + 1, 16000, 8), Flow(17, "A", "B", kT0, kT0 + 1, 3200, 3),
    };
    TwinTrafficReplayOptions options;
    options.protocols = {6, 17};
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics).demands;
    ASSERT_EQ(demands.size(), 2U);
    EXPECT_EQ(demands[0].id, "t-tcp-A-B-1");
    EXPECT_EQ(demands[1].id, "t-udp-A-B-1");
    EXPECT_TRUE(HasNote(diagnostics, "skipped 2 flows (300 bytes) with an unmapped"));
    EXPECT_TRUE(HasNote(diagnostics, "skipped 1 flows (400 bytes) with both ends on the same"));
    EXPECT_TRUE(HasNote(diagnostics, "skipped 1 flows (800 bytes) filtered out by protocol"));
    EXPECT_TRUE(HasNote(diagnostics, "2 of 6 flows replayed as 2 demands"));
    EXPECT_TRUE(Valid(demands));
}

TEST(TrafficDemands, TrafficScaleAddsShiftedCopies)
{
    const double rate = 1000.0 * 100 * 8 / 10;
    std::vector<TwinMappedFlow> flows{Flow(17, "A", "B", kT0, kT0 + 10, 100 * 1028, 100),
                                      Flow(6, "B", "A", kT0, kT0 + 10, 10040, 1)};
    TwinTrafficReplayOptions options;
    options.trafficScale = 2.5;
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics).demands;
    ASSERT_EQ(demands.size(), 6U);
    const std::vector<std::string> ids{"t-udp-A-B-1", "t-udp-A-B-1.1", "t-udp-A-B-1.2"};
    for (std::size_t k = 0; k < 3; ++k)
    {
        SCOPED_TRACE(k);
        EXPECT_EQ(demands[k].id, ids[k]);
        EXPECT_DOUBLE_EQ(demands[k].startSeconds, k / 2.5 * 10);
        EXPECT_DOUBLE_EQ(*demands[k].stopSeconds,
                         k / 2.5 * 10 + 10 + TwinReplayHalfInterval(demands[k]));
        EXPECT_DOUBLE_EQ(demands[k].rateBps, k < 2 ? rate : rate * 0.5);
        EXPECT_EQ(demands[3 + k].bytes, k < 2 ? 10000U : 5000U);
    }
    EXPECT_EQ(demands[5].id, "t-tcp-B-A-1.2");
    EXPECT_TRUE(Valid(demands));

    options.trafficScale = 0.25;
    demands = TwinDemandsFromTraffic(flows, options, diagnostics).demands;
    ASSERT_EQ(demands.size(), 2U);
    EXPECT_EQ(demands[0].id, "t-udp-A-B-1");
    EXPECT_DOUBLE_EQ(demands[0].rateBps, rate * 0.25);
    EXPECT_EQ(demands[1].bytes, 2500U);
}

TEST(TrafficDemands, CopiesWrapInsideTheWindow)
{
    // A point flow at the window's end: its copies would start after the window.
    std::vector<TwinMappedFlow> flows{Flow(17, "A", "B", kT0 + 10, kT0 + 10, 1028, 1)};
    TwinTrafficReplayOptions options;
    options.windowStartSeconds = kT0;
    options.windowEndSeconds = kT0 + 10;
    options.trafficScale = 2;
    TwinDiagnostics diagnostics;
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics).demands;
    ASSERT_EQ(demands.size(), 2U);
    EXPECT_DOUBLE_EQ(demands[0].startSeconds, 10);
    const double shifted = 10 + kTwinReplayMinFlowSeconds / 2;
    EXPECT_NEAR(demands[1].startSeconds, shifted - 10, 1e-9);
    EXPECT_TRUE(Valid(demands));
}

TEST(TrafficDemands, InvalidOptionsAreErrors)
{
    std::vector<TwinMappedFlow> flows{Flow(17, "A", "B", kT0, kT0 + 10, 1028, 1)};
    TwinTrafficReplayOptions options;
    options.timeScale = 0;
    options.trafficScale = -1;
    TwinDiagnostics diagnostics;
    EXPECT_TRUE(TwinDemandsFromTraffic(flows, options, diagnostics).demands.empty());
    EXPECT_EQ(diagnostics.Count(Severity::Error), 2U);
    options = {};
    options.windowStartSeconds = kT0 + 5;
    options.windowEndSeconds = kT0 + 5;
    TwinDiagnostics empty;
    EXPECT_TRUE(TwinDemandsFromTraffic(flows, options, empty).demands.empty());
    EXPECT_TRUE(empty.HasErrors());
}

namespace
{

/**
 * @param flow a mapped flow
 * @param packets (seconds after kT0, IP bytes) of each packet, in capture order
 * @return the flow with that packet sequence (its record spans and sums the packets)
 */
TwinMappedFlow
WithPackets(TwinMappedFlow flow, const std::vector<std::pair<double, uint32_t>>& packets)
{
    flow.flow.bytes = 0;
    flow.flow.packets = packets.size();
    for (const auto& [seconds, bytes] : packets)
    {
        // Whole nanoseconds after an epoch time that is a whole second: exact.
        const auto ns = static_cast<int64_t>(kT0) * 1000000000 +
                        static_cast<int64_t>(std::llround(seconds * 1e9));
        flow.packets.push_back(TwinPacketRecord{ns, bytes});
        flow.flow.bytes += bytes;
    }
    flow.flow.startSeconds = kT0 + packets.front().first;
    flow.flow.endSeconds = kT0 + packets.back().first;
    return flow;
}

/** An ICMP-like flow with irregular sizes and gaps, 1 to 2 s after kT0. */
TwinMappedFlow
IrregularFlow()
{
    return WithPackets(Flow(1, "A", "C", 0, 0, 0, 0),
                       {{1.0, 128}, {1.25, 1500}, {1.3, 60}, {2.0, 29}});
}

} // namespace

TEST(TrafficDemands, PacketSequenceIsSentWithTheRecordedSizesAndGaps)
{
    std::vector<TwinMappedFlow> flows{IrregularFlow()};
    TwinTrafficReplayOptions options;
    options.windowStartSeconds = kT0;
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_FALSE(diagnostics.HasErrors());
    ASSERT_EQ(replay.demands.size(), 1U);
    const TwinDemand& d = replay.demands[0];
    EXPECT_EQ(d.id, "t-icmp-A-C-1");
    EXPECT_EQ(d.protocol, TwinProtocol::Udp);
    EXPECT_NEAR(d.startSeconds, 1.0, 1e-6);
    ASSERT_TRUE(d.packets);
    ASSERT_EQ(d.packets->size(), 4U);
    const std::vector<double> offsets{0, 0.25, 0.3, 1.0};
    const std::vector<uint32_t> payloads{100, 1472, 32, 1};
    for (std::size_t i = 0; i < offsets.size(); ++i)
    {
        EXPECT_NEAR((*d.packets)[i].offsetSeconds, offsets[i], 1e-12) << i;
        EXPECT_EQ((*d.packets)[i].payloadBytes, payloads[i]) << i;
    }
    // Stop: half the mean gap (1 s / 3 gaps) after the last packet.
    EXPECT_NEAR(*d.stopSeconds, d.startSeconds + 1.0 + 1.0 / 3 / 2, 1e-9);
    EXPECT_EQ(d.packetBytes, (100U + 1472 + 32 + 1 + 2) / 4);
    EXPECT_DOUBLE_EQ(d.rateBps, (100.0 + 1472 + 32 + 1) * 8 / 1.0);
    ASSERT_EQ(replay.flows.size(), 1U);
    const TwinReplayedFlow& r = replay.flows[0];
    EXPECT_EQ(r.demandId, d.id);
    EXPECT_EQ(r.mode, "packets");
    EXPECT_EQ(r.copy, 0U);
    EXPECT_EQ(r.recordedBytes, 128U + 1500 + 60 + 29);
    EXPECT_EQ(r.recordedPackets, 4U);
    EXPECT_DOUBLE_EQ(r.recordedStartSeconds, d.startSeconds);
    EXPECT_NEAR(r.recordedDurationSeconds, 1.0, 1e-12);
    EXPECT_TRUE(HasNote(diagnostics, "1 flows replayed packet by packet (4 packets)"));
    EXPECT_FALSE(HasNote(diagnostics, "below 29 IP bytes"));
    EXPECT_TRUE(Valid(replay.demands));

    // Without packet sequences the same flow is a rate-mode demand.
    options.usePacketSequences = false;
    replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_EQ(replay.demands.size(), 1U);
    EXPECT_FALSE(replay.demands[0].packets);
    EXPECT_EQ(replay.flows[0].mode, "rate");
}

TEST(TrafficDemands, PacketsAreClippedToTheWindowAndTimeScaled)
{
    std::vector<TwinMappedFlow> flows{IrregularFlow()};
    TwinTrafficReplayOptions options;
    options.windowStartSeconds = kT0 + 1.2;
    options.windowEndSeconds = kT0 + 1.5;
    options.timeScale = 2;
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_EQ(replay.demands.size(), 1U);
    const TwinDemand& d = replay.demands[0];
    EXPECT_NEAR(d.startSeconds, 0.05 / 2, 1e-6);
    ASSERT_EQ(d.packets->size(), 2U);
    EXPECT_EQ((*d.packets)[0].offsetSeconds, 0);
    EXPECT_NEAR((*d.packets)[1].offsetSeconds, 0.05 / 2, 1e-12);
    EXPECT_EQ((*d.packets)[1].payloadBytes, 32U);
    EXPECT_EQ(replay.flows[0].recordedBytes, 1500U + 60);
    EXPECT_EQ(replay.flows[0].recordedPackets, 2U);
    EXPECT_NEAR(replay.flows[0].recordedDurationSeconds, 0.05 / 2, 1e-12);

    // A window between the packets keeps none: the flow is outside it, though its record
    // overlaps.
    options.windowStartSeconds = kT0 + 1.4;
    options.windowEndSeconds = kT0 + 1.9;
    TwinDiagnostics outside;
    EXPECT_TRUE(TwinDemandsFromTraffic(flows, options, outside).demands.empty());
    EXPECT_TRUE(HasNote(outside, "skipped 1 flows (1717 bytes) outside the time window"));
}

TEST(TrafficDemands, PacketCopiesShiftLikeRateCopiesAndThinTheFraction)
{
    std::vector<std::pair<double, uint32_t>> packets;
    for (int i = 0; i < 10; ++i)
    {
        packets.emplace_back(0.1 * i, 100 + 10 * i);
    }
    std::vector<TwinMappedFlow> flows{WithPackets(Flow(17, "A", "B", 0, 0, 0, 0), packets)};
    TwinTrafficReplayOptions options;
    options.trafficScale = 2.5;
    TwinDiagnostics diagnostics;
    TwinTrafficReplay byPackets = TwinDemandsFromTraffic(flows, options, diagnostics);
    options.usePacketSequences = false;
    TwinTrafficReplay byRate = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_EQ(byPackets.demands.size(), 3U);
    ASSERT_EQ(byRate.demands.size(), 3U);
    for (std::size_t k = 0; k < 3; ++k)
    {
        SCOPED_TRACE(k);
        EXPECT_EQ(byPackets.demands[k].id, byRate.demands[k].id);
        EXPECT_NEAR(byPackets.demands[k].startSeconds, byRate.demands[k].startSeconds, 1e-6);
        EXPECT_NEAR(byPackets.demands[k].startSeconds, k / 2.5 * 0.9, 1e-6);
        EXPECT_EQ(byPackets.flows[k].copy, k);
    }
    // Whole copies send every packet (the same shared sequence); the half copy every second,
    // from the first (the credit starts at one half, so the share rounds).
    EXPECT_EQ(byPackets.demands[1].packets, byPackets.demands[0].packets);
    const auto& half = *byPackets.demands[2].packets;
    ASSERT_EQ(half.size(), 5U);
    uint64_t halfBytes = 0;
    for (std::size_t j = 0; j < half.size(); ++j)
    {
        EXPECT_NEAR(half[j].offsetSeconds, 0.1 * (2 * j), 1e-9) << j;
        EXPECT_EQ(half[j].payloadBytes, 100 + 10 * (2 * j) - 28) << j;
        halfBytes += 100 + 10 * (2 * j);
    }
    EXPECT_EQ(byPackets.flows[2].recordedBytes, halfBytes);
    EXPECT_EQ(byPackets.flows[2].recordedPackets, 5U);
    EXPECT_EQ(byPackets.flows[0].recordedBytes, flows[0].flow.bytes);
    EXPECT_TRUE(Valid(byPackets.demands));

    // Below 1: only the thinned copy 0.
    options.usePacketSequences = true;
    options.trafficScale = 0.25;
    TwinTrafficReplay quarter = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_EQ(quarter.demands.size(), 1U);
    // 10 x 0.25 = 2.5 rounds to 3: packets 2, 6 and 10 (1-based).
    ASSERT_EQ(quarter.demands[0].packets->size(), 3U);
    EXPECT_NEAR(quarter.demands[0].packets->front().offsetSeconds, 0.1, 1e-9);
    EXPECT_NEAR(quarter.demands[0].packets->back().offsetSeconds, 0.9, 1e-9);
    // A one-packet flow at a quarter keeps nothing: counted, no demand.
    std::vector<TwinMappedFlow> single{WithPackets(Flow(17, "A", "B", 0, 0, 0, 0), {{0, 500}})};
    TwinDiagnostics none;
    EXPECT_TRUE(TwinDemandsFromTraffic(single, options, none).demands.empty());
    EXPECT_TRUE(HasNote(none, "skipped 1 flows (500 bytes) too short to keep a packet"));
}

TEST(TrafficDemands, PacketModeCountsClampedAndReorderedPackets)
{
    TwinMappedFlow flow =
        WithPackets(Flow(47, "A", "B", 0, 0, 0, 0), {{0, 20}, {0.5, 70000}, {0.4, 1000}, {0.6, 0}});
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic({flow}, {}, diagnostics);
    ASSERT_EQ(replay.demands.size(), 1U);
    const auto& p = *replay.demands[0].packets;
    ASSERT_EQ(p.size(), 4U);
    EXPECT_EQ(p[0].payloadBytes, 1U);
    EXPECT_EQ(p[1].payloadBytes, 65507U);
    EXPECT_EQ(p[2].payloadBytes, 972U);
    EXPECT_EQ(p[3].payloadBytes, 1U);
    // The packet recorded before its predecessor leaves right after it.
    EXPECT_NEAR(p[2].offsetSeconds, 0.5, 1e-9);
    EXPECT_NEAR(p[3].offsetSeconds, 0.6, 1e-9);
    EXPECT_TRUE(HasNote(diagnostics, "2 packets below 29 IP bytes sent with a 1-byte UDP "
                                     "payload, 1 above 65535 IP bytes"));
    EXPECT_TRUE(HasNote(diagnostics, "1 packets recorded before their predecessor"));
    EXPECT_TRUE(Valid(replay.demands));
}

TEST(TrafficDemands, TcpAndFilteredFlowsIgnoreTheirPackets)
{
    std::vector<TwinMappedFlow> flows{
        WithPackets(Flow(6, "A", "B", 0, 0, 0, 0), {{0, 60}, {0.5, 1500}, {1, 1500}}),
        IrregularFlow()};
    TwinTrafficReplayOptions options;
    options.protocols = {6};
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_EQ(replay.demands.size(), 1U);
    EXPECT_EQ(replay.demands[0].protocol, TwinProtocol::Tcp);
    EXPECT_FALSE(replay.demands[0].packets);
    EXPECT_EQ(replay.flows[0].mode, "tcp");
    EXPECT_TRUE(HasNote(diagnostics, "skipped 1 flows (1717 bytes) filtered out by protocol"));
}

TEST(TrafficDemands, ReplayedFlowsDescribeRateAndTcpDemands)
{
    std::vector<TwinMappedFlow> flows{Flow(17, "A", "B", kT0 + 2, kT0 + 12, 100 * 1028, 100),
                                      Flow(6, "B", "C", kT0, kT0 + 4, 40000, 20)};
    flows[0].flowId = 11;
    flows[1].flowId = 12;
    TwinTrafficReplayOptions options;
    options.trafficScale = 1.5;
    options.timeScale = 2;
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_EQ(replay.demands.size(), 4U);
    ASSERT_EQ(replay.flows.size(), 4U);
    for (std::size_t i = 0; i < 4; ++i)
    {
        SCOPED_TRACE(i);
        const TwinReplayedFlow& r = replay.flows[i];
        const TwinDemand& d = replay.demands[i];
        EXPECT_EQ(r.demandId, d.id);
        EXPECT_EQ(r.flowId, i < 2 ? 11 : 12);
        EXPECT_EQ(r.copy, i % 2);
        EXPECT_EQ(r.mode, i < 2 ? "rate" : "tcp");
        EXPECT_DOUBLE_EQ(r.recordedStartSeconds, d.startSeconds);
        EXPECT_DOUBLE_EQ(r.recordedDurationSeconds, (i < 2 ? 10.0 : 4.0) / 2);
    }
    EXPECT_DOUBLE_EQ(replay.flows[0].recordedStartSeconds, 1.0);
    EXPECT_EQ(replay.flows[0].recordedBytes, 102800U);
    EXPECT_EQ(replay.flows[1].recordedBytes, 51400U);
    EXPECT_EQ(replay.flows[1].recordedPackets, 50U);
    EXPECT_EQ(replay.flows[2].recordedBytes, 40000U);
    EXPECT_EQ(replay.flows[3].recordedBytes, 20000U);
    EXPECT_EQ(replay.flows[3].recordedPackets, 10U);
}

namespace
{

/**
 * @param m a flow
 * @param src source address and port
 * @param dst destination address and port
 * @return the flow with its 5-tuple set
 */
TwinMappedFlow
WithPorts(TwinMappedFlow m, const std::pair<std::string, uint16_t>& src,
          const std::pair<std::string, uint16_t>& dst)
{
    m.flow.sourceAddress = src.first;
    m.flow.sourcePort = src.second;
    m.flow.destAddress = dst.first;
    m.flow.destPort = dst.second;
    return m;
}

} // namespace

// The receiver's acknowledgements of a recorded TCP transfer are a record of their own; the
// twin's TCP acknowledges by itself, so only the data direction becomes a transfer.
TEST(TrafficDemands, AcknowledgementStreamOfARecordedTransferIsNotReplayed)
{
    const std::pair<std::string, uint16_t> client{"10.0.0.5", 40000};
    const std::pair<std::string, uint16_t> server{"10.0.1.5", 5201};
    std::vector<TwinMappedFlow> flows{
        WithPorts(Flow(6, "A", "B", kT0, kT0 + 10, 15'200'000, 10'000), client, server),
        WithPorts(Flow(6, "B", "A", kT0, kT0 + 10, 260'000, 5'000), server, client),
        // An ACK-sized stream with no recorded data direction stays a (small) transfer.
        WithPorts(Flow(6, "A", "C", kT0, kT0 + 1, 520, 10), client, {"10.0.2.5", 22}),
    };
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, {}, diagnostics);
    ASSERT_EQ(replay.demands.size(), 2u);
    EXPECT_EQ(replay.demands[0].sourceNode, "A");
    EXPECT_EQ(replay.demands[0].destNode, "B");
    EXPECT_EQ(replay.demands[1].destNode, "C");
    EXPECT_TRUE(HasNote(diagnostics, "skipped 1 flows (260000 bytes) that only acknowledge"));

    // Both directions carrying data (request and response) are both replayed.
    flows[1].flow.bytes = 5'000 * 1'000;
    TwinDiagnostics both;
    EXPECT_EQ(TwinDemandsFromTraffic(flows, {}, both).demands.size(), 3u);
}

// The fractional copy's share is carried from flow to flow: a set of one-packet flows keeps its
// share of packets instead of losing every flow to rounding.
TEST(TrafficDemands, FractionalScaleKeepsTheShareOfASetOfShortFlows)
{
    std::vector<TwinMappedFlow> flows;
    for (int i = 0; i < 10; ++i)
    {
        flows.push_back(WithPackets(Flow(17, "A", "B", 0, 0, 0, 0), {{i * 1.0, 500}}));
    }
    TwinTrafficReplayOptions options;
    options.trafficScale = 0.3;
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    EXPECT_EQ(replay.demands.size(), 3U); // 10 x 0.3
    options.trafficScale = 1.5;
    TwinTrafficReplay more = TwinDemandsFromTraffic(flows, options, diagnostics);
    EXPECT_EQ(more.demands.size(), 15U); // 10 flows and 5 half copies
}

TEST(TrafficDemands, ScaleCreditIsExactInMillionthsAndRounds)
{
    for (auto [scale, packets, expected] :
         {std::tuple{0.1, 10, 1}, std::tuple{0.3, 10, 3}, std::tuple{0.7, 10, 7},
          std::tuple{0.25, 10, 3}, std::tuple{0.5, 1, 1}, std::tuple{0.4, 1, 0},
          std::tuple{2.5, 4, 10}, std::tuple{0.0, 5, 0}})
    {
        TwinScaleCredit credit(scale);
        uint64_t out = 0;
        for (int i = 0; i < packets; ++i)
        {
            out += credit.Next();
        }
        EXPECT_EQ(out, static_cast<uint64_t>(expected)) << scale << " x " << packets;
    }
}
