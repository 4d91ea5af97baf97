/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/demand-file-reader.h"
#include "ns3/twin-traffic-demands.h"

#include <gtest/gtest.h>
#include <string>
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
    auto demands = TwinDemandsFromTraffic(flows, {}, diagnostics);
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
    auto demands = TwinDemandsFromTraffic(flows, {}, diagnostics);
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
    auto demands = TwinDemandsFromTraffic(flows, {}, diagnostics);
    ASSERT_EQ(demands.size(), 1U);
    EXPECT_EQ(demands[0].id, "t-icmp-A-C-1");
    EXPECT_EQ(demands[0].protocol, TwinProtocol::Udp);
    EXPECT_EQ(demands[0].packetBytes, 84U - 28);
    EXPECT_DOUBLE_EQ(demands[0].rateBps, (84 - 28) * 8 / kTwinReplayMinFlowSeconds);
    EXPECT_DOUBLE_EQ(*demands[0].stopSeconds,
                     kTwinReplayMinFlowSeconds + TwinReplayHalfInterval(demands[0]));
    // A packet smaller than the headers still sends a one-byte payload.
    flows = {Flow(47, "A", "C", kT0, kT0 + 1, 20, 1)};
    demands = TwinDemandsFromTraffic(flows, {}, diagnostics);
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
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics);
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
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics);
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
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics);
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
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics);
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
    demands = TwinDemandsFromTraffic(flows, options, diagnostics);
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
    auto demands = TwinDemandsFromTraffic(flows, options, diagnostics);
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
    EXPECT_TRUE(TwinDemandsFromTraffic(flows, options, diagnostics).empty());
    EXPECT_EQ(diagnostics.Count(Severity::Error), 2U);
    options = {};
    options.windowStartSeconds = kT0 + 5;
    options.windowEndSeconds = kT0 + 5;
    TwinDiagnostics empty;
    EXPECT_TRUE(TwinDemandsFromTraffic(flows, options, empty).empty());
    EXPECT_TRUE(empty.HasErrors());
}
