/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "event-test-support.h"

#include "ns3/data-rate.h"
#include "ns3/simulator.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-event-scheduler.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

/**
 * A ring A-B-C-D-A, 10 Mb/s, with 1 Mb/s of UDP from A to B (shortest path: the direct
 * link A-B; the alternative is A-D-C-B).
 * @return the network builder
 */
NetworkBuilder
Ring()
{
    NetworkBuilder nb("ring");
    nb.Node("A").Node("B").Node("C").Node("D");
    nb.Link("A", "B").Link("B", "C").Link("C", "D").Link("D", "A");
    nb.Udp("ab", "A", "B", 1e6, 0.1);
    return nb;
}

class TwinEventSchedulerTest : public SimTest
{
};

TEST_F(TwinEventSchedulerTest, LinkDownWithRecomputeReroutesAfterConvergenceDelay)
{
    const double t1 = 1.0;
    const double d = 0.5;
    const double end = 3.0;
    Twin twin(Ring().Get(), TwinRoutingMode::ShortestPath, end);
    TwinScenarioRouting routing;
    routing.reaction = TwinRoutingReaction::Recompute;
    routing.convergenceDelaySeconds = d;
    twin.events->SetRoutingReaction(routing);
    twin.events->Schedule(LinkEvent(TwinEventType::LinkDown, t1, "B-A"));

    Record txAB;
    Record rxAB;
    Record txAD;
    Record delivered;
    twin.Tx("A-B")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAB));
    twin.Rx("A-B")->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&RecordPacket, &rxAB));
    twin.Tx("A-D")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAD));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    // Before the failure the direct link carries the flow and the alternative is idle.
    EXPECT_GT(rxAB.Count(0, t1), 100u);
    EXPECT_GT(delivered.Count(0, t1), 100u);
    // From t1 the failed link delivers nothing; at most a queued packet leaves its device.
    EXPECT_EQ(rxAB.Count(t1, end), 0u);
    EXPECT_EQ(txAB.Count(t1 + 0.01, end), 0u);
    // Until the routes converge nothing arrives and the alternative stays unused.
    EXPECT_EQ(delivered.Count(t1, t1 + d), 0u);
    EXPECT_EQ(txAD.Count(0, t1 + d), 0u);
    // Then the flow takes A-D-C-B: 125 packets/s for 1.4 s.
    EXPECT_GT(txAD.Count(t1 + d, end), 150u);
    EXPECT_GT(delivered.Count(t1 + d + 0.1, end), 160u);
    EXPECT_TRUE(twin.events->IsLinkDown("A-B"));
    EXPECT_TRUE(twin.events->IsLinkDown("B-A"));
    Simulator::Destroy();
}

TEST_F(TwinEventSchedulerTest, LinkDownWithStaticRoutesDropsUntilLinkUp)
{
    const double t1 = 1.0;
    const double t2 = 2.0;
    const double end = 3.0;
    NetworkBuilder nb = Ring();
    nb.Route("A", "10.255.0.2/32", "10.0.0.2");
    Twin twin(nb.Get(), TwinRoutingMode::Configured, end);
    TwinScenarioRouting recompute;
    recompute.reaction = TwinRoutingReaction::Recompute;
    EXPECT_THROW(twin.events->SetRoutingReaction(recompute), TwinBuildError);
    twin.events->SetRoutingReaction(TwinScenarioRouting{});
    twin.events->Schedule({LinkEvent(TwinEventType::LinkDown, t1, "A-B"),
                           LinkEvent(TwinEventType::LinkUp, t2, "A-B")});

    Record txAB;
    Record rxAB;
    Record txAD;
    Record delivered;
    twin.Tx("A-B")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAB));
    twin.Rx("A-B")->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&RecordPacket, &rxAB));
    twin.Tx("A-D")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAD));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_GT(delivered.Count(0, t1), 100u);
    EXPECT_EQ(delivered.Count(t1, t2), 0u);
    EXPECT_EQ(rxAB.Count(t1, t2), 0u);
    // The route stays as configured: A keeps sending into the failed link.
    EXPECT_GT(txAB.Count(t1, t2), 100u);
    EXPECT_EQ(txAD.Count(0, end), 0u);
    // Link up restores delivery over the same route.
    EXPECT_GT(delivered.Count(t2, end), 100u);
    EXPECT_FALSE(twin.events->IsLinkDown("A-B"));
    Simulator::Destroy();
}

TEST_F(TwinEventSchedulerTest, NodeDownAndUp)
{
    const double end = 3.0;
    Twin twin(Ring().Get(), TwinRoutingMode::ShortestPath, end);
    TwinEvent down;
    down.id = "b-down";
    down.type = TwinEventType::NodeDown;
    down.timeSeconds = 1.0;
    down.node = "B";
    TwinEvent up = down;
    up.id = "b-up";
    up.type = TwinEventType::NodeUp;
    up.timeSeconds = 2.0;
    twin.events->Schedule({down, up});
    Record delivered;
    Record rxCB;
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));
    twin.Rx("C-B")->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&RecordPacket, &rxCB));

    Simulator::Schedule(Seconds(1.5),
                        [&twin]()
                        {
                            EXPECT_TRUE(twin.events->IsNodeDown("B"));
                            EXPECT_TRUE(twin.events->IsLinkDown("C-B"));
                            EXPECT_FALSE(twin.events->IsLinkDown("C-D"));
                        });
    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_GT(delivered.Count(0, 1.0), 100u);
    EXPECT_EQ(delivered.Count(1.0, 2.0), 0u);
    EXPECT_EQ(rxCB.Count(1.0, 2.0), 0u);
    EXPECT_GT(delivered.Count(2.0, end), 100u);
    EXPECT_FALSE(twin.events->IsNodeDown("B"));
    Simulator::Destroy();
}

TEST_F(TwinEventSchedulerTest, CapacityChangeHalvesSaturatedThroughput)
{
    const double end = 4.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B", 10000000);
    nb.Udp("ab", "A", "B", 20e6, 0.1);
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    TwinEvent cap = LinkEvent(TwinEventType::LinkCapacity, 2.0, "A-B");
    cap.capacityBps = 5000000;
    TwinEvent oneWay = LinkEvent(TwinEventType::LinkCapacity, 3.5, "B-A");
    oneWay.capacityBps = 1000000;
    oneWay.directionOnly = true;
    twin.events->Schedule({cap, oneWay});
    Record delivered;
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    const double before = delivered.Bytes(1.0, 2.0) * 8.0;
    const double after = delivered.Bytes(3.0, 4.0) * 8.0;
    // 1000 payload bytes per 1030 bytes on the wire (UDP, IPv4 and PPP headers).
    EXPECT_NEAR(before, 10e6 * 1000 / 1030, 0.02 * 10e6);
    EXPECT_NEAR(after / before, 0.5, 0.02);
    DataRateValue rate;
    twin.Tx("A-B")->GetAttribute("DataRate", rate);
    EXPECT_EQ(rate.Get(), DataRate(5000000));
    twin.Tx("B-A")->GetAttribute("DataRate", rate);
    EXPECT_EQ(rate.Get(), DataRate(1000000));
    Simulator::Destroy();
}

TEST_F(TwinEventSchedulerTest, DelayChangeRaisesOneWayDelay)
{
    const double end = 2.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B", 10000000, 0.002);
    nb.Udp("ab", "A", "B", 1e6, 0.1);
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    TwinEvent delay = LinkEvent(TwinEventType::LinkDelay, 1.0, "A-B");
    delay.delaySeconds = 0.012;
    twin.events->Schedule(delay);
    DelayRecord rec;
    twin.traffic->GetInstalled().at(0).source->TraceConnectWithoutContext(
        "Tx", MakeBoundCallback(&RecordSent, &rec));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordReceived, &rec));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    const double before = rec.Mean(0.5, 1.0);
    const double after = rec.Mean(1.0, 1.9);
    ASSERT_GT(before, 0);
    ASSERT_GT(after, 0);
    EXPECT_NEAR(after - before, 0.010, 1e-6);
    Simulator::Destroy();
}

TEST_F(TwinEventSchedulerTest, RefusedEvents)
{
    Twin twin(Ring().Get(), TwinRoutingMode::ShortestPath, 3.0);
    EXPECT_THROW(twin.events->Schedule(LinkEvent(TwinEventType::LinkDown, 1, "A-C")),
                 TwinBuildError);
    EXPECT_THROW(twin.events->Schedule(LinkEvent(TwinEventType::LinkDown, -1, "A-B")),
                 TwinBuildError);
    TwinEvent oneWayDelay = LinkEvent(TwinEventType::LinkDelay, 1, "A-B");
    oneWayDelay.directionOnly = true;
    EXPECT_THROW(twin.events->Schedule(oneWayDelay), TwinBuildError);
    TwinEvent zero = LinkEvent(TwinEventType::LinkCapacity, 1, "A-B");
    EXPECT_THROW(twin.events->Schedule(zero), TwinBuildError);
    TwinEvent surge;
    surge.id = "surge";
    surge.type = TwinEventType::TrafficSurge;
    surge.demand = "ab";
    surge.timeSeconds = 1;
    EXPECT_TRUE(TwinEventScheduler::IsSupported(TwinEventType::TrafficSurge));
    // A surge changes the demands' applications: without them it is refused.
    try
    {
        twin.events->Schedule(surge);
        ADD_FAILURE() << "traffic surge accepted without AttachTraffic";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("AttachTraffic"), std::string::npos) << e.what();
    }
    TwinEvent unknownNode;
    unknownNode.type = TwinEventType::NodeDown;
    unknownNode.node = "Z";
    EXPECT_THROW(twin.events->Schedule(unknownNode), TwinBuildError);
    // A refused event in a list schedules none of them.
    EXPECT_THROW(twin.events->Schedule({LinkEvent(TwinEventType::LinkDown, 1, "A-B"), surge}),
                 TwinBuildError);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_FALSE(twin.events->IsLinkDown("A-B"));
    Ptr<TwinEventScheduler> detached = CreateObject<TwinEventScheduler>();
    EXPECT_THROW(detached->Schedule(LinkEvent(TwinEventType::LinkDown, 1, "A-B")), TwinBuildError);
    EXPECT_THROW(detached->Attach(CreateObject<TwinBuilder>()), TwinBuildError);
    Simulator::Destroy();
}

} // namespace
} // namespace test
} // namespace ns3
