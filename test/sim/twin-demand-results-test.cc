/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sim-test-networks.h"
#include "test-util.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/simulator.h"
#include "ns3/twin-event-scheduler.h"
#include "ns3/twin-store.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ns3
{
namespace test
{
namespace
{

/**
 * Per-demand samples and results: checked against what the demands' rates give, against
 * FlowMonitor's per-flow statistics and against the applications' own traces.
 */
class TwinDemandResults : public SimTest
{
};

/** UDP and IPv4 headers: a datagram of P payload bytes is P + 28 bytes at the IP layer. */
constexpr uint64_t kUdpIpHeaders = 28;

/**
 * @param r results
 * @param id demand id
 * @return the demand's samples, in time order
 */
std::vector<TwinDemandSample>
DemandSamples(const TwinRunResults& r, const std::string& id)
{
    std::vector<TwinDemandSample> out;
    for (const auto& s : r.demandSamples)
    {
        if (s.demandId == id)
        {
            out.push_back(s);
        }
    }
    return out;
}

/**
 * @param r results
 * @param id demand id
 * @return the demand's result (fails the test if absent)
 */
TwinDemandResult
DemandResult(const TwinRunResults& r, const std::string& id)
{
    for (const auto& d : r.demands)
    {
        if (d.demandId == id)
        {
            return d;
        }
    }
    ADD_FAILURE() << "no demand result " << id;
    return {};
}

/**
 * @param r results
 * @param id demand id
 * @param port the demand's port
 * @return the demand's forward flow (fails the test if absent)
 */
TwinFlowResult
ForwardFlow(const TwinRunResults& r, const std::string& id, uint16_t port)
{
    for (const auto& f : r.flows)
    {
        if (f.demandId == id && f.destPort == port)
        {
            return f;
        }
    }
    ADD_FAILURE() << "no forward flow of " << id;
    return {};
}

/** Sums of a demand's samples. */
struct Totals
{
    uint64_t tx{0};        //!< packets sent
    uint64_t txBytes{0};   //!< bytes sent
    uint64_t rx{0};        //!< packets received
    uint64_t rxBytes{0};   //!< bytes received
    uint64_t delivered{0}; //!< packets delivered
    double delaySum{0};    //!< delays of the received packets
};

/**
 * @param samples samples of one demand
 * @return their sums
 */
Totals
Sum(const std::vector<TwinDemandSample>& samples)
{
    Totals t;
    for (const auto& s : samples)
    {
        t.tx += s.txPackets;
        t.txBytes += s.txBytes;
        t.rx += s.rxPackets;
        t.rxBytes += s.rxBytes;
        t.delivered += s.deliveredPackets;
        t.delaySum += s.delaySumSeconds;
    }
    return t;
}

/**
 * Build, install, collect and run a network through the helper.
 * @param twin the helper
 * @param net the network
 * @param options run options
 * @param beforeRun called after EnableResults, before Run (e.g. to schedule events)
 */
void
RunTwin(DigitalTwinHelper& twin, const TwinNetwork& net, const TwinRunOptions& options,
        const std::function<void(DigitalTwinHelper&)>& beforeRun = nullptr)
{
    twin.SetNetwork(net);
    twin.SetRunOptions(options);
    twin.Build();
    twin.InstallDemands();
    twin.EnableResults();
    if (beforeRun)
    {
        beforeRun(twin);
    }
    twin.Run();
}

/** @return A - B - C at 10 Mbit/s, 2 ms per link */
NetworkBuilder
Line()
{
    NetworkBuilder nb("line");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000, 0.002).Link("B", "C", 10000000, 0.002);
    return nb;
}

TEST_F(TwinDemandResults, UdpSamplesFollowTheRateAndAlignWithLinkSamples)
{
    NetworkBuilder nb = Line();
    // 2 Mbit/s of 1000-byte datagrams: 250 packets/s, 25 per 100 ms interval.
    nb.Udp("u", "A", "C", 2e6, 0.1, -1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.sampleInterval = MilliSeconds(100);
    options.drain = Seconds(1);
    DigitalTwinHelper twin;
    RunTwin(twin, nb.Get(), options);
    const TwinRunResults& r = twin.GetResults();

    auto samples = DemandSamples(r, "u");
    auto linkSamples = LinkSamples(r, "A-B");
    ASSERT_EQ(samples.size(), 20u);
    ASSERT_EQ(linkSamples.size(), samples.size());
    EXPECT_EQ(r.demandSamples.size(), 20u); // one demand
    const double perInterval = 2e6 * 0.1 / (8 * 1000);
    for (std::size_t k = 0; k < samples.size(); ++k)
    {
        const auto& s = samples[k];
        EXPECT_EQ(s.timeSeconds, linkSamples[k].timeSeconds) << k;
        EXPECT_EQ(s.txBytes, s.txPackets * (1000 + kUdpIpHeaders)) << k;
        if (k == 0)
        {
            EXPECT_EQ(s.txPackets, 0u); // starts at 0.1 s
        }
        else
        {
            EXPECT_NEAR(static_cast<double>(s.txPackets), perInterval, 1.0) << k;
        }
        // No loss, and the drain lets the last packets arrive: all delivered.
        EXPECT_EQ(s.deliveredPackets, s.txPackets) << k;
        EXPECT_EQ(s.rxBytes, s.rxPackets * (1000 + kUdpIpHeaders)) << k;
        if (s.rxPackets > 0)
        {
            // Constant delay: 4 ms propagation + two serialisations of 1030 bytes.
            EXPECT_NEAR(s.delaySumSeconds / s.rxPackets, 0.004 + 2 * 1030 * 8 / 10e6, 1e-9);
        }
    }
    EXPECT_DOUBLE_EQ(samples.back().timeSeconds, 2.0);

    const auto* inst = twin.GetTrafficHelper()->FindInstalled("u");
    ASSERT_TRUE(inst);
    Totals t = Sum(samples);
    TwinFlowResult flow = ForwardFlow(r, "u", inst->port);
    EXPECT_EQ(t.tx, flow.txPackets);
    EXPECT_EQ(t.txBytes, flow.txBytes);
    EXPECT_EQ(t.delivered, flow.rxPackets);

    ASSERT_EQ(r.demands.size(), 1u);
    TwinDemandResult d = DemandResult(r, "u");
    EXPECT_EQ(d.protocol, "udp");
    EXPECT_DOUBLE_EQ(d.startSeconds, 0.1);
    EXPECT_EQ(d.offeredBytes, t.tx * 1000);
    EXPECT_EQ(d.receivedBytes, inst->sink->GetTotalRx());
    EXPECT_EQ(d.receivedBytes, d.offeredBytes);
    EXPECT_FALSE(d.completionSeconds);
}

TEST_F(TwinDemandResults, BottleneckLossAndDelayMatchFlowMonitor)
{
    NetworkBuilder nb("bottleneck");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 100000000, 0.001).Link("B", "C", 1000000, 0.001, 10);
    // 3 Mbit/s into 1 Mbit/s: about two thirds are dropped, and the queue varies the delay.
    nb.Udp("u", "A", "C", 3e6, 0.1, -1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.sampleInterval = MilliSeconds(200);
    DigitalTwinHelper twin;
    RunTwin(twin, nb.Get(), options);
    const TwinRunResults& r = twin.GetResults();
    const auto* inst = twin.GetTrafficHelper()->FindInstalled("u");
    ASSERT_TRUE(inst);
    TwinFlowResult flow = ForwardFlow(r, "u", inst->port);
    ASSERT_GT(flow.lostPackets, 100u);

    auto samples = DemandSamples(r, "u");
    ASSERT_EQ(samples.size(), 10u);
    Totals t = Sum(samples);
    // Without a drain, FlowMonitor and the samples count the same packets.
    EXPECT_NEAR(static_cast<double>(t.tx), static_cast<double>(flow.txPackets), 2.0);
    EXPECT_NEAR(static_cast<double>(t.rx), static_cast<double>(flow.rxPackets), 2.0);
    double sampledRatio = static_cast<double>(t.delivered) / static_cast<double>(t.tx);
    double flowRatio = static_cast<double>(flow.rxPackets) / static_cast<double>(flow.txPackets);
    EXPECT_NEAR(sampledRatio, flowRatio, 2.0 / static_cast<double>(flow.txPackets));
    EXPECT_LT(sampledRatio, 0.5);
    EXPECT_EQ(t.rxBytes, flow.rxBytes);
    ASSERT_GT(t.rx, 0u);
    EXPECT_NEAR(t.delaySum / static_cast<double>(t.rx), flow.delayMeanSeconds, 1e-9);
    // The queue fills: later packets wait behind 10 others (about 80 ms at 1 Mbit/s).
    EXPECT_GT(flow.delayMeanSeconds, 0.05);
    for (const auto& s : samples)
    {
        EXPECT_LE(s.deliveredPackets, s.txPackets);
    }
}

TEST_F(TwinDemandResults, LinkFailureStopsReceptionWhileSendingGoesOn)
{
    NetworkBuilder nb = Line();
    nb.Udp("u", "A", "C", 2e6, 0.1, -1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.routingMode = TwinRoutingMode::ShortestPath;
    options.drain = Seconds(1);
    DigitalTwinHelper twin;
    TwinEvent down;
    down.id = "cut";
    down.type = TwinEventType::LinkDown;
    down.timeSeconds = 1.0;
    down.link = "B-C";
    RunTwin(twin, nb.Get(), options,
            [&down](DigitalTwinHelper& t) { t.GetEventScheduler()->Schedule(down); });
    const TwinRunResults& r = twin.GetResults();
    auto samples = DemandSamples(r, "u");
    ASSERT_EQ(samples.size(), 20u);
    for (const auto& s : samples)
    {
        if (s.timeSeconds > 1.0 + 1e-9)
        {
            EXPECT_EQ(s.rxPackets, 0u) << s.timeSeconds;
            EXPECT_EQ(s.deliveredPackets, 0u) << s.timeSeconds;
            EXPECT_NEAR(static_cast<double>(s.txPackets), 25.0, 1.0) << s.timeSeconds;
        }
        else if (s.timeSeconds > 0.2)
        {
            EXPECT_GT(s.rxPackets, 20u) << s.timeSeconds;
        }
    }
    // The link kept being fed: packets reached B and were dropped there.
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].eventId, "cut");
    EXPECT_EQ(r.events[0].type, "link-down");
    EXPECT_DOUBLE_EQ(r.events[0].timeSeconds, 1.0);
}

TEST_F(TwinDemandResults, UnroutablePacketsCountAsSent)
{
    // Routes are recomputed at the failure: A has no route to C any more, and its IPv4 drops
    // the datagrams before FlowMonitor sees them. They were offered all the same, and are
    // lost. Two demands with the same source, destination and packet size are each counted
    // at their own rate.
    NetworkBuilder nb = Line();
    nb.Udp("u", "A", "C", 2e6, 0.1, -1, 1000);
    nb.Udp("slow", "A", "C", 0.8e6, 0.15, -1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.routingMode = TwinRoutingMode::ShortestPath;
    DigitalTwinHelper twin;
    TwinEvent down;
    down.id = "cut";
    down.type = TwinEventType::LinkDown;
    down.timeSeconds = 1.0;
    down.link = "B-C";
    RunTwin(twin, nb.Get(), options,
            [&down](DigitalTwinHelper& t)
            {
                TwinScenarioRouting recompute;
                recompute.reaction = TwinRoutingReaction::Recompute;
                t.GetEventScheduler()->SetRoutingReaction(recompute);
                t.GetEventScheduler()->Schedule(down);
            });
    const TwinRunResults& r = twin.GetResults();
    const auto* inst = twin.GetTrafficHelper()->FindInstalled("u");
    ASSERT_TRUE(inst);
    auto samples = DemandSamples(r, "u");
    ASSERT_EQ(samples.size(), 20u);
    uint64_t txAfter = 0;
    for (const auto& s : samples)
    {
        EXPECT_EQ(s.txBytes, s.txPackets * (1000 + kUdpIpHeaders));
        if (s.timeSeconds > 1.0 + 1e-9)
        {
            EXPECT_NEAR(static_cast<double>(s.txPackets), 25.0, 1.0) << s.timeSeconds;
            EXPECT_EQ(s.deliveredPackets, 0u) << s.timeSeconds;
            txAfter += s.txPackets;
        }
    }
    // FlowMonitor sees only what reached the IP layer: nothing after the failure.
    TwinFlowResult flow = ForwardFlow(r, "u", inst->port);
    Totals t = Sum(samples);
    EXPECT_NEAR(static_cast<double>(t.tx - flow.txPackets), static_cast<double>(txAfter), 1.0);
    EXPECT_GT(txAfter, 240u);
    EXPECT_EQ(DemandResult(r, "u").offeredBytes, t.tx * 1000);
    // 0.8 Mbit/s: 10 packets per interval, before and after the failure.
    for (const auto& s : DemandSamples(r, "slow"))
    {
        if (s.timeSeconds > 0.25)
        {
            EXPECT_NEAR(static_cast<double>(s.txPackets), 10.0, 1.0) << s.timeSeconds;
        }
    }
}

TEST_F(TwinDemandResults, TcpCompletionIsTheSinksLastReception)
{
    NetworkBuilder nb("tcp");
    nb.Node("A").Node("B").Node("C").Node("D");
    nb.Link("A", "B", 10000000, 0.005).Link("B", "C", 5000000, 0.005, 20);
    nb.Link("D", "A", 1000000, 0.005);
    nb.Tcp("t", "A", "C", 250000, 0.2, 1000);
    // Far more than 3 s at 1 Mbit/s can carry (on its own link): never completes.
    nb.Tcp("big", "D", "A", 100000000, 0.1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(3);
    DigitalTwinHelper twin;
    std::optional<double> lastRx;
    RunTwin(twin, nb.Get(), options,
            [&lastRx](DigitalTwinHelper& t)
            {
                t.GetTrafficHelper()->FindInstalled("t")->sink->TraceConnectWithoutContext(
                    "Rx", Callback<void, Ptr<const Packet>, const Address&>(
                              [&lastRx](Ptr<const Packet>, const Address&)
                              { lastRx = Simulator::Now().GetSeconds(); }));
            });
    const TwinRunResults& r = twin.GetResults();
    const auto* inst = twin.GetTrafficHelper()->FindInstalled("t");
    ASSERT_TRUE(inst);
    ASSERT_EQ(inst->sink->GetTotalRx(), 250000u);

    TwinDemandResult d = DemandResult(r, "t");
    EXPECT_EQ(d.protocol, "tcp");
    EXPECT_DOUBLE_EQ(d.startSeconds, 0.2);
    EXPECT_EQ(d.offeredBytes, 250000u);
    EXPECT_EQ(d.receivedBytes, 250000u);
    ASSERT_TRUE(d.completionSeconds);
    ASSERT_TRUE(lastRx);
    EXPECT_DOUBLE_EQ(*d.completionSeconds, *lastRx);
    // 250 kB at 5 Mbit/s take at least 0.4 s after the start.
    EXPECT_GT(*d.completionSeconds, d.startSeconds + 0.4);
    EXPECT_LT(*d.completionSeconds, 3.0);

    TwinDemandResult big = DemandResult(r, "big");
    EXPECT_EQ(big.offeredBytes, 100000000u);
    EXPECT_LT(big.receivedBytes, big.offeredBytes);
    EXPECT_GT(big.receivedBytes, 0u);
    EXPECT_FALSE(big.completionSeconds);

    // Sends counted at the source's IP layer: the data direction as FlowMonitor sees it
    // (handshake, data, retransmissions and FIN).
    TwinFlowResult flow = ForwardFlow(r, "t", inst->port);
    Totals t = Sum(DemandSamples(r, "t"));
    EXPECT_EQ(t.tx, flow.txPackets);
    EXPECT_EQ(t.txBytes, flow.txBytes);
    EXPECT_EQ(t.rx, flow.rxPackets);
    EXPECT_EQ(t.delivered, flow.rxPackets);
    EXPECT_NEAR(t.delaySum / static_cast<double>(t.rx), flow.delayMeanSeconds, 1e-9);
    EXPECT_GT(t.tx, 250u);
    // The acknowledgements flowing back are not the demand's sends.
    Totals tb = Sum(DemandSamples(r, "big"));
    TwinFlowResult bigFlow =
        ForwardFlow(r, "big", twin.GetTrafficHelper()->FindInstalled("big")->port);
    EXPECT_EQ(tb.tx, bigFlow.txPackets);
    EXPECT_EQ(tb.rxBytes, bigFlow.rxBytes);
}

TEST_F(TwinDemandResults, TrafficSurgesShowInSamplesAndOfferedBytes)
{
    NetworkBuilder nb("surge");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000, 0.002).Link("B", "C", 10000000, 0.002);
    nb.Udp("u", "A", "C", 1e6, 0.1, -1, 1000);
    nb.Tcp("t", "C", "A", 400000, 0.1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.drain = Seconds(1);
    DigitalTwinHelper twin;
    TwinEvent udpSurge;
    udpSurge.id = "u-x2";
    udpSurge.type = TwinEventType::TrafficSurge;
    udpSurge.timeSeconds = 1.0;
    udpSurge.demand = "u";
    udpSurge.factor = 2;
    TwinEvent tcpSurge = udpSurge;
    tcpSurge.id = "t-x2";
    tcpSurge.demand = "t";
    tcpSurge.timeSeconds = 0.15; // early: most of the 400 kB are still to send
    RunTwin(twin, nb.Get(), options,
            [&](DigitalTwinHelper& t) {
                t.GetEventScheduler()->Schedule({tcpSurge, udpSurge});
            });
    const TwinRunResults& r = twin.GetResults();
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[0].eventId, "t-x2");
    EXPECT_EQ(r.events[1].eventId, "u-x2");

    // 1 Mbit/s: 12.5 packets per 100 ms, then 25.
    for (const auto& s : DemandSamples(r, "u"))
    {
        if (s.timeSeconds > 0.25 && s.timeSeconds < 1.0 + 1e-9)
        {
            EXPECT_NEAR(static_cast<double>(s.txPackets), 12.5, 1.0) << s.timeSeconds;
        }
        else if (s.timeSeconds > 1.15)
        {
            EXPECT_NEAR(static_cast<double>(s.txPackets), 25.0, 1.0) << s.timeSeconds;
        }
    }

    // The TCP transfer was raised to more than 400 kB: offered is what it must transfer now.
    const auto* inst = twin.GetTrafficHelper()->FindInstalled("t");
    ASSERT_TRUE(inst);
    UintegerValue maxBytes;
    inst->source->GetAttribute("MaxBytes", maxBytes);
    TwinDemandResult d = DemandResult(r, "t");
    EXPECT_GT(d.offeredBytes, 600000u);
    EXPECT_LT(d.offeredBytes, 800000u);
    EXPECT_EQ(d.offeredBytes, maxBytes.Get());
    EXPECT_EQ(d.receivedBytes, d.offeredBytes);
    EXPECT_EQ(d.receivedBytes, inst->sink->GetTotalRx());
    ASSERT_TRUE(d.completionSeconds);
    // At 10 Mbit/s the 400 kB alone would take 0.32 s; the raised amount takes longer.
    EXPECT_GT(*d.completionSeconds, 0.1 + 0.5);
}

TEST_F(TwinDemandResults, LinkUtilisationFollowsACapacityChange)
{
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B", 10000000, 0.002);
    nb.Udp("u", "A", "B", 2e6, 0.1, -1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(2);
    DigitalTwinHelper twin;
    TwinEvent halve;
    halve.id = "halve";
    halve.type = TwinEventType::LinkCapacity;
    halve.timeSeconds = 1.0;
    halve.link = "A-B";
    halve.capacityBps = 5000000;
    RunTwin(twin, nb.Get(), options,
            [&halve](DigitalTwinHelper& t) { t.GetEventScheduler()->Schedule(halve); });
    const TwinRunResults& r = twin.GetResults();
    // 2 Mbit/s of 1030-byte frames: 0.206 of 10 Mbit/s, then 0.412 of 5 Mbit/s.
    double busy = 0;
    for (const auto& s : LinkSamples(r, "A-B"))
    {
        busy += s.utilisation * 0.1;
        if (s.timeSeconds > 0.25 && s.timeSeconds < 1.0 + 1e-9)
        {
            EXPECT_NEAR(s.utilisation, 0.206, 0.011) << s.timeSeconds;
        }
        else if (s.timeSeconds > 1.05)
        {
            EXPECT_NEAR(s.utilisation, 0.412, 0.02) << s.timeSeconds;
        }
    }
    ASSERT_EQ(r.links.size(), 2u);
    const TwinLinkResult& ab = r.links[0].linkId == "A-B" ? r.links[0] : r.links[1];
    EXPECT_NEAR(ab.meanUtilisation * 2.0, busy, 1e-9);
    EXPECT_NEAR(ab.meanUtilisation, (0.9 * 0.206 + 1.0 * 0.412) / 2, 0.01);
    EXPECT_NEAR(ab.peakUtilisation, 0.412, 0.02);
}

/**
 * Run a long-delay path with or without a drain.
 * @param drain the drain
 * @param twin the helper
 */
void
RunWithDrain(Time drain, DigitalTwinHelper& twin)
{
    NetworkBuilder nb("long");
    nb.Node("A").Node("B").Link("A", "B", 10000000, 0.05);
    // 250 packets/s over a 50 ms path: about 13 packets in flight at any time.
    nb.Udp("u", "A", "B", 2e6, 0.1, -1, 1000);
    TwinRunOptions options;
    options.duration = Seconds(1);
    options.drain = drain;
    RunTwin(twin, nb.Get(), options);
}

TEST_F(TwinDemandResults, DrainDeliversWhatWasInFlight)
{
    DigitalTwinHelper noDrain;
    RunWithDrain(Seconds(0), noDrain);
    TwinRunResults a = noDrain.GetResults();
    auto aParams = nlohmann::json::parse(noDrain.GetRunRecord().parametersJson);
    DigitalTwinHelper::Reset();

    DigitalTwinHelper withDrain;
    RunWithDrain(Seconds(1), withDrain);
    const TwinRunResults& b = withDrain.GetResults();

    auto sa = DemandSamples(a, "u");
    auto sb = DemandSamples(b, "u");
    ASSERT_EQ(sa.size(), 10u);
    ASSERT_EQ(sb.size(), 10u);
    // Same traffic, same sampling: the drain adds no sample and no sent packet.
    EXPECT_EQ(a.samples.size(), b.samples.size());
    EXPECT_DOUBLE_EQ(LinkSamples(b, "A-B").back().timeSeconds, 1.0);
    for (std::size_t k = 0; k < sa.size(); ++k)
    {
        EXPECT_EQ(sa[k].txPackets, sb[k].txPackets) << k;
        EXPECT_EQ(sa[k].rxPackets, sb[k].rxPackets) << k;
        EXPECT_DOUBLE_EQ(sb[k].timeSeconds, 0.1 * static_cast<double>(k + 1));
        EXPECT_EQ(sb[k].deliveredPackets, sb[k].txPackets) << k;
        if (k + 1 < sa.size())
        {
            EXPECT_EQ(sa[k].deliveredPackets, sa[k].txPackets) << k;
        }
    }
    // Without a drain the last interval's packets were still on their way (50 ms of 100).
    uint64_t inFlight = sa.back().txPackets - sa.back().deliveredPackets;
    EXPECT_GE(inFlight, 11u);
    EXPECT_LE(inFlight, 14u);
    // With it they arrived, after the run: the sink and FlowMonitor count them, the
    // received-per-interval samples do not.
    Totals ta = Sum(sa);
    Totals tb = Sum(sb);
    EXPECT_EQ(tb.delivered, tb.tx);
    EXPECT_EQ(tb.rx, ta.rx);
    EXPECT_EQ(DemandResult(b, "u").receivedBytes, tb.tx * 1000);
    EXPECT_EQ(DemandResult(a, "u").receivedBytes, ta.delivered * 1000);
    ASSERT_EQ(b.flows.size(), 1u);
    EXPECT_EQ(b.flows[0].rxPackets, b.flows[0].txPackets);
    EXPECT_EQ(b.flows[0].lostPackets, 0u);
    // Link totals cover the run's duration only; both runs sent the same.
    EXPECT_EQ(a.links[0].txBytes, b.links[0].txBytes);

    EXPECT_DOUBLE_EQ(withDrain.GetRunRecord().simulatedSeconds, 1.0);
    EXPECT_DOUBLE_EQ(Simulator::Now().GetSeconds(), 2.0);
    auto bParams = nlohmann::json::parse(withDrain.GetRunRecord().parametersJson);
    EXPECT_DOUBLE_EQ(bParams["drain_s"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(aParams["drain_s"].get<double>(), 0.0);
}

TEST_F(TwinDemandResults, NegativeDrainIsRefused)
{
    DigitalTwinHelper twin(Line().Get());
    TwinRunOptions options;
    options.drain = MilliSeconds(-1);
    try
    {
        twin.SetRunOptions(options);
        FAIL() << "expected TwinBuildError";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("drain"), std::string::npos) << e.what();
    }
    options.drain = Seconds(0);
    EXPECT_NO_THROW(twin.SetRunOptions(options));
}

TEST_F(TwinDemandResults, SamplesBeyondTheBudgetAreCountedNotKept)
{
    // Driven directly (DigitalTwinHelper::Run would refuse): 4 link directions + 1 demand
    // = 5 samples per interval, 10 intervals, 23 kept.
    NetworkBuilder nb = Line();
    nb.Udp("u", "A", "C", 2e6, 0.1, -1, 1000);
    DigitalTwinHelper twin(nb.Get());
    TwinRunOptions options;
    options.duration = Seconds(1);
    twin.SetRunOptions(options);
    twin.Build();
    twin.InstallDemands();
    Ptr<TwinResultCollector> collector = twin.GetResultCollector();
    collector->SetAttribute("MaxSamples", UintegerValue(23));
    twin.EnableResults();
    EXPECT_EQ(collector->CountSamples(Seconds(1)), 50u);
    EXPECT_THROW(collector->CheckSampleBudget(Seconds(1)), TwinBuildError);
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    collector->Finish();
    const TwinRunResults& r = collector->GetResults();
    // Intervals 1-4 whole (20), then the fifth interval's first three link samples.
    EXPECT_EQ(r.samples.size(), 19u);
    EXPECT_EQ(r.demandSamples.size(), 4u);
    EXPECT_EQ(collector->GetSamplesNotKept(), 27u);
    EXPECT_DOUBLE_EQ(r.demandSamples.back().timeSeconds, 0.4);
    EXPECT_GT(r.demandSamples.back().txPackets, 20u);
    // Results per demand do not depend on the samples kept.
    ASSERT_EQ(r.demands.size(), 1u);
    EXPECT_GT(r.demands[0].offeredBytes, 200000u);
}

TEST_F(TwinDemandResults, LabelsAndVerdictsGoIntoTheRecordAndTheStore)
{
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    NetworkBuilder nb = Line();
    nb.Udp("u", "A", "C", 1e6, 0.1, -1, 1000);
    int64_t snapshotId = store.SaveSnapshot(nb.Get(), "line.json", "test", {}, nullptr);
    int64_t scenarioId =
        store.SaveScenario("line-test", R"({"scenario":{}})", "json", "line.json", nullptr);
    int64_t sweepId = store.CreateSweep(scenarioId, snapshotId, 1, "run");

    DigitalTwinHelper twin;
    twin.LoadSnapshot(store, std::to_string(snapshotId));
    EXPECT_THROW(twin.SetRunLabels(-1, 0, "x"), TwinBuildError);
    twin.SetRunLabels(scenarioId, sweepId, "base");
    TwinRunOptions options;
    options.duration = Seconds(1);
    twin.SetRunOptions(options);
    EXPECT_FALSE(twin.GetEventScheduler());
    twin.Build();
    ASSERT_TRUE(twin.GetEventScheduler());
    twin.InstallDemands();
    twin.EnableResults();
    EXPECT_THROW(twin.SetVerdicts({}), TwinBuildError); // not run yet
    twin.Run();
    EXPECT_EQ(twin.GetRunRecord().scenarioId, scenarioId);
    EXPECT_EQ(twin.GetRunRecord().sweepId, sweepId);
    EXPECT_EQ(twin.GetRunRecord().variantName, "base");
    EXPECT_EQ(twin.GetRunRecord().verdict, "");

    TwinVerdict pass;
    pass.objectiveId = "o1";
    pass.targetKind = "demand";
    pass.targetId = "u";
    pass.element = "u";
    pass.bound = "max-loss-ratio";
    pass.limit = 0.01;
    pass.measured = 0;
    pass.passed = true;
    pass.margin = 0.01;
    pass.windowEndSeconds = 1;
    TwinVerdict fail = pass;
    fail.bound = "max-delay-s";
    fail.limit = 0.001;
    fail.measured = 0.0052;
    fail.passed = false;
    fail.margin = -0.0042;
    twin.SetVerdicts({pass});
    EXPECT_EQ(twin.GetRunRecord().verdict, "pass");
    twin.SetVerdicts({pass, fail});
    EXPECT_EQ(twin.GetRunRecord().verdict, "fail");
    ASSERT_EQ(twin.GetResults().verdicts.size(), 2u);

    int64_t runId = twin.WriteResults(store);
    EXPECT_THROW(twin.SetVerdicts({pass}), TwinBuildError);
    EXPECT_THROW(twin.SetRunLabels(0, 0, ""), TwinBuildError);
    auto run = store.FindRun(runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->scenarioId, scenarioId);
    EXPECT_EQ(run->sweepId, sweepId);
    EXPECT_EQ(run->variantName, "base");
    EXPECT_EQ(run->verdict, "fail");
    TwinRunResults back = store.LoadRunResults(runId);
    const TwinRunResults& r = twin.GetResults();
    ASSERT_EQ(back.demandSamples.size(), r.demandSamples.size());
    ASSERT_EQ(r.demandSamples.size(), 10u);
    for (std::size_t i = 0; i < r.demandSamples.size(); ++i)
    {
        EXPECT_EQ(back.demandSamples[i].txPackets, r.demandSamples[i].txPackets);
        EXPECT_EQ(back.demandSamples[i].deliveredPackets, r.demandSamples[i].deliveredPackets);
    }
    ASSERT_EQ(back.demands.size(), 1u);
    EXPECT_EQ(back.demands[0].offeredBytes, r.demands[0].offeredBytes);
    ASSERT_EQ(back.verdicts.size(), 2u);
    EXPECT_FALSE(back.verdicts[1].passed);
}

} // namespace
} // namespace test
} // namespace ns3
