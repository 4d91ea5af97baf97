/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The equality proof: the network the twin builds from a snapshot behaves exactly like the
// one a careful researcher writes by hand with plain ns-3. Both are run with the same seed
// and every FlowMonitor statistic of every flow must be identical. Negative controls show
// that the comparison notices a wrongly mapped delay or rate.

#include "sim-test-networks.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/digital-twin-helper.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace ns3
{
namespace test
{
namespace
{

/** Every statistic FlowMonitor keeps for a flow, plus its 5-tuple. */
struct FlowRecord
{
    Ipv4FlowClassifier::FiveTuple tuple;
    FlowMonitor::FlowStats stats;
};

using FlowRecords = std::map<FlowId, FlowRecord>;

/**
 * @param monitor a FlowMonitor after the run
 * @param classifier its classifier
 * @return all flows
 */
FlowRecords
Collect(Ptr<FlowMonitor> monitor, Ptr<Ipv4FlowClassifier> classifier)
{
    monitor->CheckForLostPackets();
    FlowRecords out;
    for (const auto& [id, stats] : monitor->GetFlowStats())
    {
        out[id] = FlowRecord{classifier->FindFlow(id), stats};
    }
    return out;
}

/** @return "10.255.0.1:49153 -> 10.255.0.6:10000 proto 17" */
std::string
TupleText(const Ipv4FlowClassifier::FiveTuple& t)
{
    std::ostringstream os;
    os << t.sourceAddress << ":" << t.sourcePort << " -> " << t.destinationAddress << ":"
       << t.destinationPort << " proto " << int(t.protocol);
    return os.str();
}

/**
 * Compare two runs field by field.
 * @param a first run
 * @param b second run
 * @return a description of the first difference, or empty when equal
 */
std::string
FirstDifference(const FlowRecords& a, const FlowRecords& b)
{
    if (a.size() != b.size())
    {
        return "flow count " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
    }
    for (const auto& [id, ra] : a)
    {
        auto it = b.find(id);
        if (it == b.end())
        {
            return "flow " + std::to_string(id) + " missing";
        }
        const FlowRecord& rb = it->second;
        // Copies: Histogram's getters are not const.
        FlowMonitor::FlowStats x = ra.stats;
        FlowMonitor::FlowStats y = rb.stats;
        std::string flow = "flow " + std::to_string(id) + " (" + TupleText(ra.tuple) + "): ";
        if (!(ra.tuple == rb.tuple))
        {
            return flow + "5-tuple differs: " + TupleText(rb.tuple);
        }
#define DTWIN_CMP(field)                                                                           \
    if (!(x.field == y.field))                                                                     \
    {                                                                                              \
        std::ostringstream os;                                                                     \
        os << flow << #field << " " << x.field << " vs " << y.field;                               \
        return os.str();                                                                           \
    }
        DTWIN_CMP(timeFirstTxPacket)
        DTWIN_CMP(timeFirstRxPacket)
        DTWIN_CMP(timeLastTxPacket)
        DTWIN_CMP(timeLastRxPacket)
        DTWIN_CMP(delaySum)
        DTWIN_CMP(jitterSum)
        DTWIN_CMP(lastDelay)
        DTWIN_CMP(txBytes)
        DTWIN_CMP(rxBytes)
        DTWIN_CMP(txPackets)
        DTWIN_CMP(rxPackets)
        DTWIN_CMP(lostPackets)
        DTWIN_CMP(timesForwarded)
#undef DTWIN_CMP
        if (x.packetsDropped != y.packetsDropped || x.bytesDropped != y.bytesDropped)
        {
            return flow + "drops per reason differ";
        }
        for (uint32_t bin = 0;
             bin < std::max(x.delayHistogram.GetNBins(), y.delayHistogram.GetNBins()); ++bin)
        {
            uint32_t cx = bin < x.delayHistogram.GetNBins() ? x.delayHistogram.GetBinCount(bin) : 0;
            uint32_t cy = bin < y.delayHistogram.GetNBins() ? y.delayHistogram.GetBinCount(bin) : 0;
            if (cx != cy)
            {
                return flow + "delay histogram bin " + std::to_string(bin) + " differs";
            }
        }
    }
    return "";
}

/*
 * The network, as a researcher would draw it:
 *
 *   H1 --1ms-- R1 --(5 Mb/s, 10 ms, metric 3)-- R2 --1ms-- H3
 *   H2 --2ms--/  \--3ms-- R3 --(5 Mb/s, 4 ms)--/
 *
 * Access links 100 Mb/s. Queues 100 packets, the two 5 Mb/s links 20 packets.
 * Node order H1 H2 R1 R2 R3 H3; loopbacks 10.255.0.1..6; link k uses 10.0.k.0/30 (.1 on the
 * first node named). With link metrics, R1 <-> R2 is shorter via R3 (1 + 1 < 3).
 *
 * Traffic (2 s run): u1 UDP H1->H3 4 Mb/s 1000 B 0.1..1.8 s; u2 UDP H2->H3 3 Mb/s 500 B
 * from 0.2 s; t1 TCP H1->H3 300 kB from 0.3 s; t2 TCP H3->H2 100 kB from 0.5 s. Together
 * more than 5 Mb/s: the bottleneck drops packets.
 */

constexpr double kDuration = 2.0;

/** Which routes the variant uses. */
enum class Routes
{
    ConfiguredDirect, //!< (a) static routes over R1-R2 in the snapshot
    None              //!< (b) no routes: twin computes shortest paths (via R3)
};

/** @return the snapshot */
TwinNetwork
Snapshot(Routes routes)
{
    NetworkBuilder nb("equality");
    nb.Node("H1").Node("H2").Node("R1").Node("R2").Node("R3").Node("H3");
    nb.Link("H1", "R1", 100000000, 0.001, 100, 1);
    nb.Link("H2", "R1", 100000000, 0.002, 100, 1);
    nb.Link("R1", "R2", 5000000, 0.010, 20, 3);
    nb.Link("R1", "R3", 100000000, 0.003, 100, 1);
    nb.Link("R3", "R2", 5000000, 0.004, 20, 1);
    nb.Link("R2", "H3", 100000000, 0.001, 100, 1);
    if (routes == Routes::ConfiguredDirect)
    {
        nb.Route("H1", "0.0.0.0/0", "10.0.0.2");
        nb.Route("H2", "0.0.0.0/0", "10.0.1.2");
        nb.Route("H3", "0.0.0.0/0", "10.0.5.1");
        nb.Route("R1", "10.255.0.6/32", "10.0.2.2");
        nb.Route("R1", "10.255.0.1/32", "10.0.0.1");
        nb.Route("R1", "10.255.0.2/32", "10.0.1.1");
        nb.Route("R2", "10.255.0.1/32", "10.0.2.1");
        nb.Route("R2", "10.255.0.2/32", "10.0.2.1");
        nb.Route("R2", "10.255.0.6/32", "10.0.5.2");
        // TCP sends from the outgoing interface's address: replies need the link subnets.
        nb.Route("R1", "10.0.5.0/30", "10.0.2.2");
        nb.Route("R2", "10.0.0.0/30", "10.0.2.1");
        nb.Route("R2", "10.0.1.0/30", "10.0.2.1");
    }
    nb.Udp("u1", "H1", "H3", 4e6, 0.1, 1.8, 1000);
    nb.Udp("u2", "H2", "H3", 3e6, 0.2, -1, 500);
    nb.Tcp("t1", "H1", "H3", 300000, 0.3, 1000);
    nb.Tcp("t2", "H3", "H2", 100000, 0.5, 1000);
    return nb.Get();
}

/**
 * The same network and traffic, written by hand with plain ns-3 (no twin code at all).
 * @param routes which routes
 * @param r2ToR3Rate if not empty, the rate of R2's device on the R3-R2 link (the direction
 *        R2 -> R3), different from the 5 Mb/s of the other direction
 * @return the flows
 */
FlowRecords
HandWritten(Routes routes, const std::string& r2ToR3Rate = "")
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1000));

    NodeContainer nodes;
    nodes.Create(6);
    Ptr<Node> h1 = nodes.Get(0);
    Ptr<Node> h2 = nodes.Get(1);
    Ptr<Node> r1 = nodes.Get(2);
    Ptr<Node> r2 = nodes.Get(3);
    Ptr<Node> r3 = nodes.Get(4);
    Ptr<Node> h3 = nodes.Get(5);

    // Links; the device queue is one packet so that the queue disc holds the backlog.
    PointToPointHelper p2p;
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("1p"));
    std::vector<NetDeviceContainer> devices;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    devices.push_back(p2p.Install(h1, r1));
    p2p.SetChannelAttribute("Delay", StringValue("2ms"));
    devices.push_back(p2p.Install(h2, r1));
    p2p.SetDeviceAttribute("DataRate", StringValue("5Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10ms"));
    devices.push_back(p2p.Install(r1, r2));
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("3ms"));
    devices.push_back(p2p.Install(r1, r3));
    p2p.SetDeviceAttribute("DataRate", StringValue("5Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("4ms"));
    devices.push_back(p2p.Install(r3, r2));
    if (!r2ToR3Rate.empty())
    {
        DynamicCast<PointToPointNetDevice>(devices.back().Get(1))
            ->SetDataRate(DataRate(r2ToR3Rate));
    }
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    devices.push_back(p2p.Install(r2, h3));

    InternetStackHelper stack;
    stack.Install(nodes);

    // FIFO queue discs: 100 packets, 20 on the two 5 Mb/s links.
    for (std::size_t k = 0; k < devices.size(); ++k)
    {
        TrafficControlHelper tch;
        tch.SetRootQueueDisc("ns3::FifoQueueDisc", "MaxSize",
                             StringValue(k == 2 || k == 4 ? "20p" : "100p"));
        tch.Install(devices[k]);
    }

    Ipv4AddressHelper address;
    for (std::size_t k = 0; k < devices.size(); ++k)
    {
        std::string base = "10.0." + std::to_string(k) + ".0";
        address.SetBase(base.c_str(), "255.255.255.252");
        address.Assign(devices[k]);
    }
    for (uint32_t n = 0; n < nodes.GetN(); ++n)
    {
        std::string lo = "10.255.0." + std::to_string(n + 1);
        nodes.Get(n)->GetObject<Ipv4>()->AddAddress(
            0, Ipv4InterfaceAddress(Ipv4Address(lo.c_str()), Ipv4Mask("255.255.255.255")));
    }

    Ipv4StaticRoutingHelper srh;
    auto rt = [&srh](Ptr<Node> n) { return srh.GetStaticRouting(n->GetObject<Ipv4>()); };
    rt(h1)->SetDefaultRoute("10.0.0.2", 1);
    rt(h2)->SetDefaultRoute("10.0.1.2", 1);
    rt(h3)->SetDefaultRoute("10.0.5.1", 1);
    if (routes == Routes::ConfiguredDirect)
    {
        // R1 interfaces: 1 H1, 2 H2, 3 R2, 4 R3. R2: 1 R1, 2 R3, 3 H3.
        rt(r1)->AddHostRouteTo("10.255.0.6", "10.0.2.2", 3);
        rt(r1)->AddHostRouteTo("10.255.0.1", "10.0.0.1", 1);
        rt(r1)->AddHostRouteTo("10.255.0.2", "10.0.1.1", 2);
        rt(r2)->AddHostRouteTo("10.255.0.1", "10.0.2.1", 1);
        rt(r2)->AddHostRouteTo("10.255.0.2", "10.0.2.1", 1);
        rt(r2)->AddHostRouteTo("10.255.0.6", "10.0.5.2", 3);
        // ns-3 TCP sends from the outgoing interface's address: route the link subnets too.
        rt(r1)->AddNetworkRouteTo("10.0.5.0", "255.255.255.252", "10.0.2.2", 3);
        rt(r2)->AddNetworkRouteTo("10.0.0.0", "255.255.255.252", "10.0.2.1", 1);
        rt(r2)->AddNetworkRouteTo("10.0.1.0", "255.255.255.252", "10.0.2.1", 1);
    }
    else
    {
        // The known shortest paths by metric: R1 <-> R2 via R3. R3: 1 R1, 2 R2.
        rt(r1)->AddHostRouteTo("10.255.0.6", "10.0.3.2", 4);
        rt(r1)->AddHostRouteTo("10.255.0.1", "10.0.0.1", 1);
        rt(r1)->AddHostRouteTo("10.255.0.2", "10.0.1.1", 2);
        rt(r3)->AddHostRouteTo("10.255.0.6", "10.0.4.2", 2);
        rt(r3)->AddHostRouteTo("10.255.0.1", "10.0.3.1", 1);
        rt(r3)->AddHostRouteTo("10.255.0.2", "10.0.3.1", 1);
        rt(r2)->AddHostRouteTo("10.255.0.1", "10.0.4.1", 2);
        rt(r2)->AddHostRouteTo("10.255.0.2", "10.0.4.1", 2);
        rt(r2)->AddHostRouteTo("10.255.0.6", "10.0.5.2", 3);
        rt(r1)->AddNetworkRouteTo("10.0.5.0", "255.255.255.252", "10.0.3.2", 4);
        rt(r3)->AddNetworkRouteTo("10.0.5.0", "255.255.255.252", "10.0.4.2", 2);
        rt(r3)->AddNetworkRouteTo("10.0.0.0", "255.255.255.252", "10.0.3.1", 1);
        rt(r3)->AddNetworkRouteTo("10.0.1.0", "255.255.255.252", "10.0.3.1", 1);
        rt(r2)->AddNetworkRouteTo("10.0.0.0", "255.255.255.252", "10.0.4.1", 2);
        rt(r2)->AddNetworkRouteTo("10.0.1.0", "255.255.255.252", "10.0.4.1", 2);
    }

    // Traffic: one sink per demand on ports 10000.., sources bound to the loopbacks.
    auto sink = [](Ptr<Node> n, const char* factory, uint16_t port)
    {
        PacketSinkHelper helper(factory, InetSocketAddress(Ipv4Address::GetAny(), port));
        helper.Install(n).Start(Seconds(0));
    };
    auto onoff = [](Ptr<Node> src, const char* from, const char* to, uint16_t port,
                    const char* rate, uint32_t size, double start, double stop)
    {
        OnOffHelper helper("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address(to), port));
        helper.SetAttribute("OnTime", StringValue("ns3::ConstantRandomVariable[Constant=1e6]"));
        helper.SetAttribute("OffTime", StringValue("ns3::ConstantRandomVariable[Constant=0]"));
        helper.SetAttribute("DataRate", StringValue(rate));
        helper.SetAttribute("PacketSize", UintegerValue(size));
        helper.SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address(from), 0)));
        ApplicationContainer app = helper.Install(src);
        app.Start(Seconds(start));
        app.Stop(Seconds(stop));
    };
    auto bulk = [](Ptr<Node> src, const char* from, const char* to, uint16_t port, uint64_t bytes,
                   double start)
    {
        BulkSendHelper helper("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address(to), port));
        helper.SetAttribute("MaxBytes", UintegerValue(bytes));
        helper.SetAttribute("SendSize", UintegerValue(1000));
        helper.SetAttribute("Local", AddressValue(InetSocketAddress(Ipv4Address(from), 0)));
        ApplicationContainer app = helper.Install(src);
        app.Start(Seconds(start));
        app.Stop(Seconds(kDuration));
    };
    sink(h3, "ns3::UdpSocketFactory", 10000);
    onoff(h1, "10.255.0.1", "10.255.0.6", 10000, "4Mbps", 1000, 0.1, 1.8);
    sink(h3, "ns3::UdpSocketFactory", 10001);
    onoff(h2, "10.255.0.2", "10.255.0.6", 10001, "3Mbps", 500, 0.2, kDuration);
    sink(h3, "ns3::TcpSocketFactory", 10002);
    bulk(h1, "10.255.0.1", "10.255.0.6", 10002, 300000, 0.3);
    sink(h2, "ns3::TcpSocketFactory", 10003);
    bulk(h3, "10.255.0.6", "10.255.0.2", 10003, 100000, 0.5);

    FlowMonitorHelper flowmon;
    Ptr<FlowMonitor> monitor = flowmon.InstallAll();
    Simulator::Stop(Seconds(kDuration));
    Simulator::Run();
    FlowRecords out = Collect(monitor, DynamicCast<Ipv4FlowClassifier>(flowmon.GetClassifier()));
    Simulator::Destroy();
    return out;
}

/**
 * The twin of a snapshot, run through the public helper API.
 * @param network the snapshot
 * @param results if not null, receives the twin's own result records
 * @return the flows
 */
FlowRecords
Twin(const TwinNetwork& network, TwinRunResults* results = nullptr)
{
    DigitalTwinHelper twin(network);
    TwinRunOptions options;
    options.duration = Seconds(kDuration);
    options.seed = 1;
    options.runNumber = 1;
    twin.SetRunOptions(options);
    twin.Build();
    twin.InstallDemands();
    twin.EnableResults();
    twin.Run();
    auto collector = twin.GetResultCollector();
    FlowRecords out = Collect(collector->GetFlowMonitor(), collector->GetClassifier());
    if (results)
    {
        *results = twin.GetResults();
    }
    DigitalTwinHelper::Reset();
    return out;
}

class BuilderEquality : public SimTest
{
};

/**
 * Sanity of a run: all six flows (4 forward, 2 TCP ACK), traffic through the bottleneck with
 * drops, and TCP transfers that got going.
 * @param flows the run
 */
void
ExpectInterestingRun(const FlowRecords& flows)
{
    ASSERT_EQ(flows.size(), 6u);
    uint64_t dropped = 0;
    uint32_t tcpFlows = 0;
    for (const auto& [id, f] : flows)
    {
        EXPECT_GT(f.stats.rxPackets, 0u) << TupleText(f.tuple);
        for (uint32_t d : f.stats.packetsDropped)
        {
            dropped += d;
        }
        tcpFlows += f.tuple.protocol == 6 ? 1 : 0;
    }
    EXPECT_GT(dropped, 0u) << "the bottleneck should drop packets";
    EXPECT_EQ(tcpFlows, 4u);
}

// Each test runs the twin before the hand-written script: the script sets global defaults
// (the TCP segment size) that would otherwise hide a twin that forgets to set them.

TEST_F(BuilderEquality, ConfiguredStaticRoutes)
{
    TwinRunResults results;
    FlowRecords twin = Twin(Snapshot(Routes::ConfiguredDirect), &results);
    FlowRecords hand = HandWritten(Routes::ConfiguredDirect);
    ExpectInterestingRun(hand);
    EXPECT_EQ(FirstDifference(hand, twin), "");

    // The twin's own records are these statistics, with demand ids.
    ASSERT_EQ(results.flows.size(), twin.size());
    for (const auto& r : results.flows)
    {
        const auto& s = twin.at(r.flowId).stats;
        EXPECT_EQ(r.txBytes, s.txBytes);
        EXPECT_EQ(r.rxPackets, s.rxPackets);
        EXPECT_DOUBLE_EQ(r.delayMeanSeconds, s.delaySum.GetSeconds() / s.rxPackets);
        EXPECT_GE(r.delayMaxSeconds, r.delayMeanSeconds);
        EXPECT_FALSE(r.demandId.empty()) << r.sourceAddress << " -> " << r.destAddress;
    }
}

TEST_F(BuilderEquality, ShortestPathsWithoutRoutes)
{
    FlowRecords twin = Twin(Snapshot(Routes::None));
    FlowRecords hand = HandWritten(Routes::None);
    ExpectInterestingRun(hand);
    EXPECT_EQ(FirstDifference(hand, twin), "");
    // And the two variants really take different paths (R1-R2 direct vs via R3).
    EXPECT_NE(FirstDifference(hand, HandWritten(Routes::ConfiguredDirect)), "");
}

TEST_F(BuilderEquality, AsymmetricRates)
{
    // R2 -> R3 at 2 Mb/s, R3 -> R2 at 5 Mb/s: the TCP transfer H3 -> H2 and the
    // acknowledgements of H1 -> H3 take the slower direction.
    TwinNetwork network = Snapshot(Routes::None);
    for (auto& l : network.links)
    {
        if (l.id == "R2-R3")
        {
            l.capacityBps = 2000000;
        }
    }
    FlowRecords twin = Twin(network);
    FlowRecords hand = HandWritten(Routes::None, "2Mbps");
    ExpectInterestingRun(hand);
    EXPECT_EQ(FirstDifference(hand, twin), "");
    // The slower direction matters: the symmetric network behaves differently.
    EXPECT_NE(FirstDifference(hand, HandWritten(Routes::None)), "");
}

TEST_F(BuilderEquality, NegativeControlDelay)
{
    FlowRecords hand = HandWritten(Routes::ConfiguredDirect);
    TwinNetwork wrong = Snapshot(Routes::ConfiguredDirect);
    // 2 ms instead of 1 ms on H1-R1 (both directions: one channel).
    for (auto& l : wrong.links)
    {
        if (l.id == "H1-R1" || l.id == "R1-H1")
        {
            l.delaySeconds = 0.002;
        }
    }
    std::string diff = FirstDifference(hand, Twin(wrong));
    EXPECT_NE(diff, "");
    EXPECT_NE(diff.find("10.255.0.1"), std::string::npos) << diff;
}

TEST_F(BuilderEquality, NegativeControlRate)
{
    FlowRecords hand = HandWritten(Routes::None);
    TwinNetwork wrong = Snapshot(Routes::None);
    // 6 Mb/s instead of 5 on one direction of the bottleneck.
    for (auto& l : wrong.links)
    {
        if (l.id == "R3-R2")
        {
            l.capacityBps = 6000000;
        }
    }
    EXPECT_NE(FirstDifference(hand, Twin(wrong)), "");
}

TEST_F(BuilderEquality, NegativeControlQueue)
{
    FlowRecords hand = HandWritten(Routes::ConfiguredDirect);
    TwinNetwork wrong = Snapshot(Routes::ConfiguredDirect);
    for (auto& l : wrong.links)
    {
        if (l.id == "R1-R2")
        {
            l.queuePackets = 30;
        }
    }
    EXPECT_NE(FirstDifference(hand, Twin(wrong)), "");
}

} // namespace
} // namespace test
} // namespace ns3
