/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A failed link direction carries no packets (doc/scenarios.md): its samples, totals and peak
// show no transmission from the failure on, whichever routing mode keeps feeding it.

#include "event-test-support.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/twin-event-scheduler.h"
#include "ns3/twin-result-collector.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/** Link results of a direction that fails during the run. */
class FixDownLink : public SimTest
{
};

/** Capacity of every link of the triangle. */
constexpr double kCapacityBps = 10e6;
/** A 1000-byte datagram on the wire: UDP, IPv4 and point-to-point headers added. */
constexpr uint64_t kWireBytes = 1000 + 28 + 2;
/** Utilisation of the first demand (2 Mbit/s of 1000-byte datagrams) on a 10 Mbit/s link. */
constexpr double kFirstUtilisation = 2e6 / (8 * 1000) * kWireBytes * 8 / kCapacityBps;

/**
 * The triangle A-B-C (NetworkBuilder addresses: A-B 10.0.0.1/.2, B-C 10.0.1.1/.2, A-C
 * 10.0.2.1/.2; loopbacks 10.255.0.1 to .3) with two UDP demands from A to B: 2 Mbit/s from
 * 0.101 s (its datagrams leave at 0.105 + 0.004 k s, so none is on the wire at 1 s) and
 * 6 Mbit/s from 1.2 s, after the failure, which would triple the utilisation of A-B were its
 * transmissions counted. Configured routes send everything over the direct links.
 * @return the network builder
 */
NetworkBuilder
Triangle()
{
    NetworkBuilder nb("triangle");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000, 0.002)
        .Link("B", "C", 10000000, 0.002)
        .Link("A", "C", 10000000, 0.002);
    nb.Route("A", "10.255.0.2/32", "10.0.0.2").Route("A", "10.255.0.3/32", "10.0.2.2");
    nb.Route("B", "10.255.0.1/32", "10.0.0.1").Route("B", "10.255.0.3/32", "10.0.1.2");
    nb.Route("C", "10.255.0.1/32", "10.0.2.1").Route("C", "10.255.0.2/32", "10.0.1.1");
    nb.Udp("first", "A", "B", 2e6, 0.101);
    nb.Udp("late", "A", "B", 6e6, 1.2);
    return nb;
}

/**
 * @param type LinkDown or NodeDown
 * @param target the link or node
 * @param directionOnly only the named link direction
 * @return the event at 1 s
 */
TwinEvent
FailureAtOne(TwinEventType type, const std::string& target, bool directionOnly = false)
{
    TwinEvent e;
    e.id = "failure";
    e.type = type;
    e.timeSeconds = 1.0;
    if (type == TwinEventType::NodeDown)
    {
        e.node = target;
    }
    else
    {
        e.link = target;
    }
    e.directionOnly = directionOnly;
    return e;
}

/**
 * Run the triangle for 2 s with 100 ms samples.
 * @param twin the helper
 * @param mode routing mode
 * @param beforeRun schedules the events
 */
void
RunTriangle(DigitalTwinHelper& twin, TwinRoutingMode mode,
            const std::function<void(TwinEventScheduler&)>& beforeRun)
{
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.sampleInterval = MilliSeconds(100);
    options.routingMode = mode;
    twin.SetNetwork(Triangle().Get());
    twin.SetRunOptions(options);
    twin.Build();
    twin.InstallDemands();
    twin.EnableResults();
    beforeRun(*twin.GetEventScheduler());
    twin.Run();
}

/**
 * @param r results
 * @param id link id
 * @return the link's result (fails the test if absent)
 */
TwinLinkResult
LinkResult(const TwinRunResults& r, const std::string& id)
{
    for (const auto& l : r.links)
    {
        if (l.linkId == id)
        {
            return l;
        }
    }
    ADD_FAILURE() << "no link result " << id;
    return {};
}

/**
 * Check a direction that worked until 1 s, carrying the first demand only, and was down
 * afterwards: samples, totals, mean and peak utilisation.
 * @param r results of a 2 s run
 * @param id the direction
 */
void
ExpectCarriedUntilOneSecond(const TwinRunResults& r, const std::string& id)
{
    SCOPED_TRACE(id);
    auto samples = LinkSamples(r, id);
    ASSERT_EQ(samples.size(), 20u);
    uint64_t bytes = 0;
    double busy = 0;
    for (const auto& s : samples)
    {
        if (s.timeSeconds > 1.0 + 1e-9)
        {
            EXPECT_EQ(s.txBytes, 0u) << s.timeSeconds;
            EXPECT_EQ(s.utilisation, 0.0) << s.timeSeconds;
        }
        else if (s.timeSeconds > 0.25)
        {
            // 25 datagrams per interval.
            EXPECT_EQ(s.txBytes, 25 * kWireBytes) << s.timeSeconds;
            EXPECT_NEAR(s.utilisation, kFirstUtilisation, 1e-6) << s.timeSeconds;
        }
        bytes += s.txBytes;
        busy += s.utilisation * 0.1;
    }
    // The first datagram leaves at 0.105 s, the last at 0.997 s.
    const uint64_t packets = 224;
    EXPECT_EQ(bytes, packets * kWireBytes);
    TwinLinkResult l = LinkResult(r, id);
    EXPECT_EQ(l.txBytes, bytes);
    EXPECT_EQ(l.txPackets, packets);
    EXPECT_NEAR(l.meanUtilisation, busy / 2.0, 1e-9);
    EXPECT_NEAR(l.meanUtilisation, packets * kWireBytes * 8 / kCapacityBps / 2.0, 1e-9);
    EXPECT_NEAR(l.peakUtilisation, kFirstUtilisation, 1e-6);
}

/**
 * @param r results
 * @param id link id
 * @param from only samples after this time
 * @return the smallest utilisation of the link's samples after from
 */
double
LeastUtilisationAfter(const TwinRunResults& r, const std::string& id, double from)
{
    double least = 1.0;
    for (const auto& s : LinkSamples(r, id))
    {
        if (s.timeSeconds > from + 1e-9)
        {
            least = std::min(least, s.utilisation);
        }
    }
    return least;
}

TEST_F(FixDownLink, ConfiguredRoutesKeepFeedingAFailedLinkThatCarriesNothing)
{
    DigitalTwinHelper twin;
    RunTriangle(twin, TwinRoutingMode::Configured,
                [](TwinEventScheduler& s)
                { s.Schedule(FailureAtOne(TwinEventType::LinkDown, "A-B")); });
    ASSERT_EQ(twin.GetBuilder()->GetRoutingMode(), TwinRoutingMode::Configured);
    const TwinRunResults& r = twin.GetResults();
    ExpectCarriedUntilOneSecond(r, "A-B");
    // The routes stay as configured: nothing goes round through C.
    EXPECT_EQ(LinkResult(r, "A-C").txBytes, 0u);
    // Sent into the dead link, nothing of the late demand arrives.
    for (const auto& d : r.demands)
    {
        if (d.demandId == "late")
        {
            EXPECT_GT(d.offeredBytes, 0u);
            EXPECT_EQ(d.receivedBytes, 0u);
        }
    }
}

TEST_F(FixDownLink, ConfiguredRoutesIntoADownNodeCarryNothing)
{
    DigitalTwinHelper twin;
    RunTriangle(twin, TwinRoutingMode::Configured,
                [](TwinEventScheduler& s)
                { s.Schedule(FailureAtOne(TwinEventType::NodeDown, "B")); });
    ExpectCarriedUntilOneSecond(twin.GetResults(), "A-B");
}

TEST_F(FixDownLink, ShortestPathSetsTheInterfacesDownAndReroutes)
{
    // Both directions down: the interfaces go down and nothing is transmitted on A-B; half a
    // second later the routes lead through C.
    DigitalTwinHelper twin;
    RunTriangle(twin, TwinRoutingMode::ShortestPath,
                [](TwinEventScheduler& s)
                {
                    TwinScenarioRouting routing;
                    routing.reaction = TwinRoutingReaction::Recompute;
                    routing.convergenceDelaySeconds = 0.5;
                    s.SetRoutingReaction(routing);
                    s.Schedule(FailureAtOne(TwinEventType::LinkDown, "A-B"));
                });
    const TwinRunResults& r = twin.GetResults();
    ExpectCarriedUntilOneSecond(r, "A-B");
    // Both demands (8 Mbit/s) through C once the routes have converged.
    EXPECT_GT(LeastUtilisationAfter(r, "A-C", 1.6), 0.7);
    EXPECT_GT(LeastUtilisationAfter(r, "C-B", 1.6), 0.7);
}

TEST_F(FixDownLink, ShortestPathFeedsAFailedDirectionUntilRoutesConverge)
{
    // Only A-B fails: its interfaces stay up, and until the routes converge (1.5 s) A keeps
    // transmitting into it. Those packets are lost and not carried.
    DigitalTwinHelper twin;
    RunTriangle(twin, TwinRoutingMode::ShortestPath,
                [](TwinEventScheduler& s)
                {
                    TwinScenarioRouting routing;
                    routing.reaction = TwinRoutingReaction::Recompute;
                    routing.convergenceDelaySeconds = 0.5;
                    s.SetRoutingReaction(routing);
                    s.Schedule(FailureAtOne(TwinEventType::LinkDown, "A-B", true));
                });
    const TwinRunResults& r = twin.GetResults();
    ExpectCarriedUntilOneSecond(r, "A-B");
    for (const auto& s : r.demandSamples)
    {
        if (s.demandId == "first" && s.timeSeconds > 1.0 + 1e-9 && s.timeSeconds < 1.5 - 1e-9)
        {
            EXPECT_GT(s.txPackets, 0u) << s.timeSeconds;
            EXPECT_EQ(s.deliveredPackets, 0u) << s.timeSeconds;
        }
    }
    EXPECT_GT(LeastUtilisationAfter(r, "A-C", 1.6), 0.7);
    // The reverse direction still works.
    EXPECT_FALSE(twin.GetEventScheduler()->IsLinkDown("B-A"));
}

TEST_F(FixDownLink, WithoutFailureTheSameTrafficIsCounted)
{
    // The counterpart: no event, both demands on A-B throughout.
    DigitalTwinHelper twin;
    RunTriangle(twin, TwinRoutingMode::Configured, [](TwinEventScheduler&) {});
    const TwinRunResults& r = twin.GetResults();
    EXPECT_GT(LeastUtilisationAfter(r, "A-B", 1.3), 0.8);
    EXPECT_GT(LinkResult(r, "A-B").peakUtilisation, 0.8);
}

/**
 * Run the triangle for 2 s with a collector installed by hand and A-B failing at 1 s under
 * configured routes.
 * @param withScheduler give the collector the scheduler
 * @return the results
 */
TwinRunResults
RunCollectorByHand(bool withScheduler)
{
    Twin twin(Triangle().Get(), TwinRoutingMode::Configured, 2.0);
    Ptr<TwinResultCollector> collector = CreateObject<TwinResultCollector>();
    if (withScheduler)
    {
        collector->SetEventScheduler(twin.events);
    }
    collector->Install(twin.builder, twin.traffic);
    twin.events->Schedule(FailureAtOne(TwinEventType::LinkDown, "A-B"));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    collector->Finish();
    TwinRunResults r = collector->GetResults();
    collector->Dispose();
    return r;
}

TEST_F(FixDownLink, CollectorWithoutSchedulerCountsEveryTransmission)
{
    // Nothing tells the collector of the failure: the device's transmissions count.
    TwinRunResults r = RunCollectorByHand(false);
    EXPECT_GT(LeastUtilisationAfter(r, "A-B", 1.3), 0.8);
    EXPECT_GT(LinkResult(r, "A-B").txPackets, 224u + 600u);
}

TEST_F(FixDownLink, CollectorWithSchedulerLeavesTheFailedDirectionOut)
{
    ExpectCarriedUntilOneSecond(RunCollectorByHand(true), "A-B");
}

TEST_F(FixDownLink, SchedulerAnswersByLinkIndex)
{
    Twin twin(Triangle().Get(), TwinRoutingMode::Configured, 2.0);
    uint32_t ab = twin.builder->FindLink("A-B")->linkIndex;
    uint32_t ba = twin.builder->FindLink("B-A")->linkIndex;
    uint32_t cb = twin.builder->FindLink("C-B")->linkIndex;
    TwinEvent down = FailureAtOne(TwinEventType::LinkDown, "A-B", true);
    twin.events->Apply(down);
    EXPECT_TRUE(twin.events->IsLinkIndexDown(ab));
    EXPECT_FALSE(twin.events->IsLinkIndexDown(ba));
    TwinEvent nodeDown = FailureAtOne(TwinEventType::NodeDown, "B");
    twin.events->Apply(nodeDown);
    EXPECT_TRUE(twin.events->IsLinkIndexDown(ba));
    EXPECT_TRUE(twin.events->IsLinkIndexDown(cb));
    const auto n = static_cast<uint32_t>(twin.builder->GetLinks().size());
    EXPECT_THROW(twin.events->IsLinkIndexDown(n), TwinBuildError);
    EXPECT_THROW(CreateObject<TwinEventScheduler>()->IsLinkIndexDown(0), TwinBuildError);
}

} // namespace
} // namespace test
} // namespace ns3
