/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sim-test-networks.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/simulator.h"

#include <functional>
#include <gtest/gtest.h>
#include <numeric>

namespace ns3
{
namespace test
{
namespace
{

class TwinResults : public SimTest
{
};

/**
 * Run a network through the helper.
 * @param net the network
 * @param options run options
 * @param twin the helper to use (kept for inspection)
 */
void
RunTwin(const TwinNetwork& net, const TwinRunOptions& options, DigitalTwinHelper& twin)
{
    twin.SetNetwork(net);
    twin.SetRunOptions(options);
    twin.Build();
    twin.InstallDemands();
    twin.EnableResults();
    twin.Run();
}

/** @return the link result with that id */
const TwinLinkResult&
LinkResult(const TwinRunResults& r, const std::string& id)
{
    for (const auto& l : r.links)
    {
        if (l.linkId == id)
        {
            return l;
        }
    }
    throw std::runtime_error("no link result " + id);
}

/** @return the flows of a demand, forward direction first */
std::vector<TwinFlowResult>
FlowsOf(const TwinRunResults& r, const std::string& demand)
{
    std::vector<TwinFlowResult> out;
    for (const auto& f : r.flows)
    {
        if (f.demandId == demand)
        {
            out.push_back(f);
        }
    }
    return out;
}

TEST_F(TwinResults, LinkBytesAndUtilisationMatchFlowBytes)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000, 0.002).Link("B", "C", 20000000, 0.003);
    // 2 Mb/s of 1000-byte datagrams from 0.1 s to 1.5 s; the run lasts 2 s.
    nb.Udp("u", "A", "C", 2e6, 0.1, 1.5, 1000);
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.sampleInterval = MilliSeconds(100);
    DigitalTwinHelper twin;
    uint32_t traced = 0;
    twin.GetResultCollector()->TraceConnectWithoutContext(
        "LinkSample",
        Callback<void, const TwinLinkSample&>([&traced](const TwinLinkSample&) { ++traced; }));
    RunTwin(nb.Get(), options, twin);
    const TwinRunResults& r = twin.GetResults();
    EXPECT_EQ(traced, r.samples.size());

    auto flows = FlowsOf(r, "u");
    ASSERT_EQ(flows.size(), 1u);
    const TwinFlowResult& f = flows[0];
    EXPECT_EQ(f.protocol, 17);
    EXPECT_EQ(f.sourceAddress, "10.255.0.1");
    EXPECT_EQ(f.destAddress, "10.255.0.3");
    EXPECT_EQ(f.destPort, 10000);
    EXPECT_GT(f.txPackets, 300u);
    EXPECT_EQ(f.rxPackets, f.txPackets);
    EXPECT_EQ(f.lostPackets, 0u);
    EXPECT_EQ(f.txBytes, f.txPackets * 1028); // 1000 B payload + UDP 8 + IPv4 20

    // Every packet crosses A-B and B-C once, with a 2-byte PPP header on the wire.
    for (const char* id : {"A-B", "B-C"})
    {
        const TwinLinkResult& l = LinkResult(r, id);
        EXPECT_EQ(l.txPackets, f.txPackets) << id;
        EXPECT_EQ(l.txBytes, f.txBytes + 2 * f.txPackets) << id;
        EXPECT_EQ(l.queueDropPackets, 0u);
    }
    EXPECT_EQ(LinkResult(r, "B-A").txBytes, 0u);
    EXPECT_EQ(LinkResult(r, "C-B").txBytes, 0u);

    // Samples: 20 per direction, summing to the totals.
    for (const char* id : {"A-B", "B-C", "B-A"})
    {
        uint64_t bytes = 0;
        double busy = 0;
        uint32_t count = 0;
        double lastTime = 0;
        for (const auto& s : r.samples)
        {
            if (s.linkId == id)
            {
                bytes += s.txBytes;
                busy += s.utilisation * 0.1;
                ++count;
                EXPECT_GT(s.timeSeconds, lastTime);
                lastTime = s.timeSeconds;
            }
        }
        EXPECT_EQ(count, 20u) << id;
        EXPECT_DOUBLE_EQ(lastTime, 2.0);
        const TwinLinkResult& l = LinkResult(r, id);
        EXPECT_EQ(bytes, l.txBytes) << id;
        // Busy time summed over samples = bits sent / capacity.
        EXPECT_NEAR(busy, l.meanUtilisation * 2.0, 1e-9) << id;
    }
    // Steady state on A-B: 2 Mb/s * 1030/1000 of 10 Mb/s.
    const TwinLinkResult& ab = LinkResult(r, "A-B");
    EXPECT_NEAR(ab.peakUtilisation, 0.206, 0.011);
    EXPECT_NEAR(ab.meanUtilisation, 0.206 * 1.4 / 2.0, 0.005);
    EXPECT_NEAR(LinkResult(r, "B-C").peakUtilisation, 0.103, 0.006);
    // Delays: 2 + 3 ms propagation plus serialisation of 1030 bytes at 10 and 20 Mb/s.
    double expected = 0.005 + 1030 * 8 / 10e6 + 1030 * 8 / 20e6;
    EXPECT_NEAR(f.delayMeanSeconds, expected, 1e-6);
    EXPECT_NEAR(f.delayMaxSeconds, expected, 1e-6);
    EXPECT_NEAR(f.jitterMeanSeconds, 0, 1e-9);
    EXPECT_NEAR(f.throughputBps, 2e6 * 1.028, 2e6 * 0.01);
}

TEST_F(TwinResults, BottleneckDropsAndBacklogAreCounted)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 100000000, 0.001).Link("B", "C", 1000000, 0.001, 10);
    nb.Udp("u", "A", "C", 3e6, 0.1, -1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(1);
    DigitalTwinHelper twin;
    RunTwin(nb.Get(), options, twin);
    const TwinRunResults& r = twin.GetResults();
    auto flows = FlowsOf(r, "u");
    ASSERT_EQ(flows.size(), 1u);
    const TwinLinkResult& bc = LinkResult(r, "B-C");
    EXPECT_GT(bc.queueDropPackets, 100u);
    // Every drop is the flow's, and FlowMonitor saw each (lost = dropped here).
    EXPECT_EQ(flows[0].lostPackets, bc.queueDropPackets);
    EXPECT_NEAR(bc.peakUtilisation, 1.0, 1e-9);
    uint32_t maxBacklog = 0;
    for (const auto& s : r.samples)
    {
        if (s.linkId == "B-C")
        {
            maxBacklog = std::max(maxBacklog, s.queuePackets);
            EXPECT_LE(s.utilisation, 1.0);
        }
    }
    EXPECT_EQ(maxBacklog, 10u);
}

TEST_F(TwinResults, TcpBulkTransferCompletes)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000, 0.005).Link("B", "C", 5000000, 0.005, 20);
    nb.Tcp("t", "A", "C", 250000, 0.2, 1000);
    TwinRunOptions options;
    options.duration = Seconds(3);
    DigitalTwinHelper twin;
    RunTwin(nb.Get(), options, twin);
    const auto* inst = twin.GetTrafficHelper()->FindInstalled("t");
    ASSERT_TRUE(inst);
    EXPECT_EQ(inst->sink->GetTotalRx(), 250000u);
    auto flows = FlowsOf(twin.GetResults(), "t");
    ASSERT_EQ(flows.size(), 2u); // data and acknowledgements
    const TwinFlowResult& data = flows[0].destPort == inst->port ? flows[0] : flows[1];
    const TwinFlowResult& acks = flows[0].destPort == inst->port ? flows[1] : flows[0];
    EXPECT_EQ(data.protocol, 6);
    EXPECT_EQ(data.destAddress, "10.255.0.3");
    // ns-3 TCP sends from the outgoing interface's address.
    EXPECT_EQ(data.sourceAddress, "10.0.0.1");
    EXPECT_EQ(acks.sourcePort, inst->port);
    EXPECT_GE(data.rxBytes, 250000u);
    EXPECT_GT(data.throughputBps, 1e6);
    EXPECT_LT(data.throughputBps, 5e6);
}

TEST_F(TwinResults, DemandsAreClippedToTheRun)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Link("A", "B");
    nb.Udp("early", "A", "B", 1e6, 0.1, 5.0);
    nb.Udp("late", "A", "B", 1e6, 3.0);
    nb.Udp("empty", "A", "B", 1e6, 0.5, 0.5);
    TwinRunOptions options;
    options.duration = Seconds(1);
    DigitalTwinHelper twin;
    RunTwin(nb.Get(), options, twin);
    auto traffic = twin.GetTrafficHelper();
    ASSERT_EQ(traffic->GetInstalled().size(), 1u);
    EXPECT_EQ(traffic->GetInstalled()[0].stop, Seconds(1));
    auto notes = twin.GetNotes();
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_NE(notes[0].find("demand 'late' starts at 3 s"), std::string::npos) << notes[0];
    EXPECT_NE(notes[1].find("demand 'empty'"), std::string::npos) << notes[1];
    // Ports stay tied to the position of the demand.
    EXPECT_EQ(traffic->GetInstalled()[0].port, 10000);
    EXPECT_EQ(FlowsOf(twin.GetResults(), "early").size(), 1u);
}

TEST_F(TwinResults, StartJitterNeverPushesADemandPastItsStop)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Link("A", "B");
    nb.Udp("long", "A", "B", 1e6, 0.1, 0.9);
    // A window of 0.1 ms: up to 100 ms of jitter moves the start past the end of the run
    // ("tail") except with probability 0.001. A demand with its own stop ("short") moves as a
    // whole and keeps its length.
    nb.Udp("short", "A", "B", 1e6, 0.5, 0.5001);
    nb.Udp("tail", "A", "B", 1e6, 0.9999);
    TwinRunOptions options;
    options.duration = Seconds(1);
    options.startJitter = MilliSeconds(100);
    DigitalTwinHelper twin;
    RunTwin(nb.Get(), options, twin);
    auto traffic = twin.GetTrafficHelper();
    for (const auto& inst : traffic->GetInstalled())
    {
        EXPECT_LT(inst.start, inst.stop) << inst.demand.id;
    }
    EXPECT_TRUE(traffic->FindInstalled("long"));
    const auto* shortDemand = traffic->FindInstalled("short");
    ASSERT_TRUE(shortDemand);
    EXPECT_GT(shortDemand->start, Seconds(0.5));
    EXPECT_EQ(shortDemand->stop - shortDemand->start, Seconds(0.5001) - Seconds(0.5));
    EXPECT_FALSE(traffic->FindInstalled("tail"));
    EXPECT_TRUE(FlowsOf(twin.GetResults(), "tail").empty());
    auto notes = twin.GetNotes();
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("demand 'tail'"), std::string::npos) << notes[0];
    EXPECT_NE(notes[0].find("jitter"), std::string::npos) << notes[0];
    // "long" still gets its own port: ports follow the input position.
    EXPECT_EQ(traffic->FindInstalled("long")->port, 10000);
}

TEST_F(TwinResults, NoDemandWithinTheRunIsAnError)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Link("A", "B");
    nb.Udp("late", "A", "B", 1e6, 3.0);
    nb.Udp("empty", "A", "B", 1e6, 0.5, 0.5);
    DigitalTwinHelper twin(nb.Get());
    TwinRunOptions options;
    options.duration = Seconds(1);
    twin.SetRunOptions(options);
    twin.Build();
    try
    {
        twin.InstallDemands();
        FAIL() << "expected TwinBuildError";
    }
    catch (const TwinBuildError& e)
    {
        std::string message = e.what();
        EXPECT_NE(message.find("none of the 2 demands"), std::string::npos) << message;
        EXPECT_NE(message.find("demand 'late' starts at 3 s"), std::string::npos) << message;
    }
    EXPECT_TRUE(twin.GetTrafficHelper()->GetInstalled().empty());
}

TEST_F(TwinResults, InvalidDemandsAreErrors)
{
    auto error = [](const std::function<void(NetworkBuilder&)>& edit) -> std::string
    {
        NetworkBuilder nb;
        nb.Node("A").Node("B").Link("A", "B");
        edit(nb);
        DigitalTwinHelper twin(nb.Get());
        twin.Build();
        std::string message;
        try
        {
            twin.InstallDemands();
        }
        catch (const TwinBuildError& e)
        {
            message = e.what();
        }
        DigitalTwinHelper::Reset();
        return message;
    };
    EXPECT_EQ(error([](NetworkBuilder& nb) { nb.Udp("x", "A", "Q", 1e6); }),
              "demand 'x': destination node 'Q' is not in the network");
    EXPECT_EQ(error([](NetworkBuilder& nb) { nb.Udp("x", "A", "B", 0); }),
              "demand 'x': udp rate 0 bit/s is below the minimum of 1 bit/s");
    EXPECT_EQ(error([](NetworkBuilder& nb) { nb.Udp("x", "A", "B", 0.5); }),
              "demand 'x': udp rate 0.5 bit/s is below the minimum of 1 bit/s");
    EXPECT_EQ(error(
                  [](NetworkBuilder& nb)
                  {
                      nb.Tcp("x", "A", "B", 1000, 0.1, 1000);
                      nb.Tcp("y", "B", "A", 1000, 0.1, 1400);
                      nb.Get().demands.back().source = {"demands.csv", 3, ""};
                  }),
              "demand 'y': tcp packet size 1400 bytes differs from the 1000 bytes of demand 'x'; "
              "ns-3 has one TCP segment size (ns3::TcpSocket::SegmentSize) per run "
              "(demands.csv:3)");
    EXPECT_NE(error(
                  [](NetworkBuilder& nb)
                  {
                      nb.Udp("x", "A", "B", 1e6);
                      nb.Udp("x", "B", "A", 1e6);
                  })
                  .find("duplicate demand id 'x'"),
              std::string::npos);
    // A node without an address on an enabled interface has nothing to send from.
    EXPECT_EQ(error(
                  [](NetworkBuilder& nb)
                  {
                      nb.Node("C", false);
                      nb.Udp("x", "C", "A", 1e6);
                  }),
              "demand 'x': source node 'C' has no IPv4 address on an enabled interface to send "
              "from or to");
    // Several problems: the first is named, and how many more there are.
    EXPECT_EQ(error(
                  [](NetworkBuilder& nb)
                  {
                      nb.Udp("x", "A", "B", 0);
                      nb.Udp("y", "A", "A", 1e6);
                  }),
              "demand 'x': udp rate 0 bit/s is below the minimum of 1 bit/s (and 1 more "
              "problem with the demands)");
}

/**
 * Compare two result sets field by field.
 * @return true if identical
 */
bool
SameResults(const TwinRunResults& a, const TwinRunResults& b)
{
    if (a.flows.size() != b.flows.size() || a.links.size() != b.links.size() ||
        a.samples.size() != b.samples.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.flows.size(); ++i)
    {
        const auto& x = a.flows[i];
        const auto& y = b.flows[i];
        if (x.flowId != y.flowId || x.demandId != y.demandId || x.txBytes != y.txBytes ||
            x.rxBytes != y.rxBytes || x.txPackets != y.txPackets || x.rxPackets != y.rxPackets ||
            x.lostPackets != y.lostPackets || x.delayMeanSeconds != y.delayMeanSeconds ||
            x.delayMaxSeconds != y.delayMaxSeconds || x.jitterMeanSeconds != y.jitterMeanSeconds ||
            x.firstTxSeconds != y.firstTxSeconds || x.lastRxSeconds != y.lastRxSeconds ||
            x.sourcePort != y.sourcePort)
        {
            return false;
        }
    }
    for (std::size_t i = 0; i < a.links.size(); ++i)
    {
        if (a.links[i].txBytes != b.links[i].txBytes ||
            a.links[i].queueDropPackets != b.links[i].queueDropPackets ||
            a.links[i].peakUtilisation != b.links[i].peakUtilisation)
        {
            return false;
        }
    }
    for (std::size_t i = 0; i < a.samples.size(); ++i)
    {
        if (a.samples[i].txBytes != b.samples[i].txBytes ||
            a.samples[i].utilisation != b.samples[i].utilisation ||
            a.samples[i].queuePackets != b.samples[i].queuePackets)
        {
            return false;
        }
    }
    return true;
}

/**
 * One run of a small congested network with start jitter.
 * @param seed RNG seed
 * @param run RNG run number
 * @return the results
 */
TwinRunResults
JitteredRun(uint64_t seed, uint64_t run)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C").Node("D");
    nb.Link("A", "B").Link("B", "C", 3000000, 0.004, 15).Link("C", "D").Link("D", "A");
    nb.Udp("u1", "A", "C", 2e6, 0.1);
    nb.Udp("u2", "D", "B", 1.5e6, 0.1);
    nb.Tcp("t1", "A", "C", 200000, 0.1);
    TwinRunOptions options;
    options.duration = Seconds(1.5);
    options.seed = seed;
    options.runNumber = run;
    options.startJitter = MilliSeconds(50);
    DigitalTwinHelper twin;
    RunTwin(nb.Get(), options, twin);
    TwinRunResults r = twin.GetResults();
    EXPECT_EQ(twin.GetRunRecord().seed, seed);
    EXPECT_EQ(twin.GetRunRecord().runNumber, run);
    DigitalTwinHelper::Reset();
    return r;
}

TEST_F(TwinResults, SameSeedSameResults)
{
    TwinRunResults a = JitteredRun(7, 1);
    TwinRunResults b = JitteredRun(7, 1);
    ASSERT_FALSE(a.flows.empty());
    EXPECT_TRUE(SameResults(a, b));
}

TEST_F(TwinResults, OtherSeedOrRunShiftsTheJitteredStarts)
{
    TwinRunResults a = JitteredRun(7, 1);
    TwinRunResults b = JitteredRun(8, 1);
    TwinRunResults c = JitteredRun(7, 2);
    EXPECT_FALSE(SameResults(a, b));
    EXPECT_FALSE(SameResults(a, c));
    // The first packet of each demand leaves within the jitter window after 0.1 s.
    for (const auto& f : a.flows)
    {
        if (f.destPort >= 10000 && f.destPort < 10003)
        {
            EXPECT_GE(f.firstTxSeconds, 0.1);
            EXPECT_LT(f.firstTxSeconds, 0.15 + 0.01);
        }
    }
}

} // namespace
} // namespace test
} // namespace ns3
