/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The events added after the first set: route add/remove, traffic surges, change sets, and the
// applied-event record. Every test runs a small network and checks what ns-3 did.

#include "event-test-support.h"

#include "ns3/bulk-send-application.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/**
 * A ring A-B-C-D-A, 10 Mb/s, 1 Mb/s of UDP from A to B. Addresses (NetworkBuilder): A-B
 * 10.0.0.1/.2, B-C 10.0.1.1/.2, C-D 10.0.2.1/.2, D-A 10.0.3.1 (D) / 10.0.3.2 (A); loopbacks
 * 10.255.0.1 (A) to .4 (D). D-A has metric 5, so that D reaches B through C.
 * @return the network builder
 */
NetworkBuilder
Ring()
{
    NetworkBuilder nb("ring");
    nb.Node("A").Node("B").Node("C").Node("D");
    nb.Link("A", "B").Link("B", "C").Link("C", "D").Link("D", "A", 10000000, 0.002, 0, 5);
    nb.Udp("ab", "A", "B", 1e6, 0.1);
    return nb;
}

/**
 * The ring with configured routes to B's loopback: A direct, D via C, C direct.
 * @return the network builder
 */
NetworkBuilder
ConfiguredRing()
{
    NetworkBuilder nb = Ring();
    nb.Route("A", "10.255.0.2/32", "10.0.0.2");
    nb.Route("D", "10.255.0.2/32", "10.0.2.1");
    nb.Route("C", "10.255.0.2/32", "10.0.1.1");
    return nb;
}

/**
 * @param text "a.b.c.d/len"
 * @return the prefix
 */
TwinIpv4Prefix
Prefix(const std::string& text)
{
    return *TwinIpv4Prefix::Parse(text);
}

/**
 * @param node node-id
 * @param destination prefix text
 * @param nextHop next-hop address text (empty: none)
 * @param outInterface outgoing interface (empty: none)
 * @return the route
 */
TwinRoute
Route(const std::string& node, const std::string& destination, const std::string& nextHop,
      const std::string& outInterface = "")
{
    TwinRoute r;
    r.node = node;
    r.destination = Prefix(destination);
    if (!nextHop.empty())
    {
        r.nextHop = *TwinIpv4Prefix::ParseAddress(nextHop);
    }
    r.outInterface = outInterface;
    return r;
}

/**
 * @param id event id
 * @param time when
 * @param route the route to add
 * @return a route-add event
 */
TwinEvent
RouteAdd(const std::string& id, double time, const TwinRoute& route)
{
    TwinEvent e;
    e.id = id;
    e.type = TwinEventType::RouteAdd;
    e.timeSeconds = time;
    e.node = route.node;
    e.route = route;
    return e;
}

/**
 * @param id event id
 * @param time when
 * @param node node-id
 * @param destination prefix text
 * @return a route-remove event
 */
TwinEvent
RouteRemove(const std::string& id, double time, const std::string& node, const std::string& dest)
{
    TwinEvent e;
    e.id = id;
    e.type = TwinEventType::RouteRemove;
    e.timeSeconds = time;
    e.node = node;
    e.route.node = node;
    e.route.destination = Prefix(dest);
    return e;
}

/**
 * @param id event id
 * @param time when
 * @param demand demand id (empty: a class)
 * @param cls class name (empty: a demand)
 * @param factor rate multiplier
 * @param duration length (< 0: to the end)
 * @return a traffic-surge event
 */
TwinEvent
Surge(const std::string& id, double time, const std::string& demand, const std::string& cls,
      double factor, double duration)
{
    TwinEvent e;
    e.id = id;
    e.type = TwinEventType::TrafficSurge;
    e.timeSeconds = time;
    e.demand = demand;
    e.trafficClass = cls;
    e.factor = factor;
    if (duration >= 0)
    {
        e.surgeDurationSeconds = duration;
    }
    return e;
}

/**
 * @param id event id
 * @param time when
 * @param nodes the per-node edits
 * @return a change-set event
 */
TwinEvent
ChangeSet(const std::string& id, double time, const std::vector<TwinNodeEdit>& nodes)
{
    TwinEvent e;
    e.id = id;
    e.type = TwinEventType::ChangeSet;
    e.timeSeconds = time;
    e.changeSet.nodes = nodes;
    return e;
}

/**
 * @param node node-id
 * @param itf interface name
 * @return a node edit with one (empty) interface edit
 */
TwinNodeEdit
InterfaceEdit(const std::string& node, const std::string& itf)
{
    TwinNodeEdit edit;
    edit.node = node;
    edit.interfaces.emplace_back();
    edit.interfaces.back().name = itf;
    return edit;
}

/**
 * @param twin a twin
 * @param node node-id
 * @param destination prefix text
 * @return how many entries the node's static routing has for the prefix
 */
uint32_t
StaticRoutesTo(const Twin& twin, const std::string& node, const std::string& destination)
{
    TwinIpv4Prefix p = Prefix(destination);
    Ptr<Ipv4StaticRouting> routing =
        Ipv4StaticRoutingHelper().GetStaticRouting(twin.builder->GetNode(node)->GetObject<Ipv4>());
    uint32_t n = 0;
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry e = routing->GetRoute(i);
        n += e.GetDestNetwork() == Ipv4Address(p.Network()) &&
                     e.GetDestNetworkMask() == Ipv4Mask(p.Mask())
                 ? 1
                 : 0;
    }
    return n;
}

/**
 * @param app an OnOffApplication
 * @return its DataRate in bit/s
 */
uint64_t
RateOf(Ptr<Application> app)
{
    DataRateValue rate;
    app->GetAttribute("DataRate", rate);
    return rate.Get().GetBitRate();
}

/**
 * @param events applied events
 * @param id an event id
 * @return the first applied event with the id, or nullptr
 */
const TwinAppliedEvent*
Applied(const std::vector<TwinAppliedEvent>& events, const std::string& id)
{
    for (const auto& e : events)
    {
        if (e.eventId == id)
        {
            return &e;
        }
    }
    return nullptr;
}

/**
 * @param text a text
 * @param part a part of it
 * @return success if the text contains the part
 */
::testing::AssertionResult
Contains(const std::string& text, const std::string& part)
{
    if (text.find(part) != std::string::npos)
    {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

class EventSchedulerExtraTest : public SimTest
{
};

// --- Static routes -----------------------------------------------------------------------

TEST_F(EventSchedulerExtraTest, RouteAddSteersAFlowOverTheComputedPathAndRemoveRestoresIt)
{
    // Shortest-path routing sends A -> B over the direct link; a static route on A wins over
    // the computed one (static routing sits above TwinRouting) until it is removed.
    const double t1 = 1.0;
    const double t2 = 2.0;
    const double end = 3.0;
    Twin twin(Ring().Get(), TwinRoutingMode::ShortestPath, end);
    twin.events->Schedule({RouteAdd("via-d", t1, Route("A", "10.255.0.2/32", "10.0.3.1")),
                           RouteRemove("back", t2, "A", "10.255.0.2/32")});
    Record txAB;
    Record txAD;
    Record txDC;
    Record delivered;
    DelayRecord delay;
    twin.Tx("A-B")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAB));
    twin.Tx("A-D")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAD));
    twin.Tx("D-C")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txDC));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));
    twin.Demand().source->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordSent, &delay));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordReceived, &delay));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    // 125 packets/s. Before: direct link only.
    EXPECT_GT(txAB.Count(0, t1), 100u);
    EXPECT_EQ(txAD.Count(0, t1), 0u);
    // With the route: A-D-C-B, nothing on A-B, nothing lost.
    EXPECT_EQ(txAB.Count(t1 + 0.01, t2), 0u);
    EXPECT_GT(txAD.Count(t1, t2), 120u);
    EXPECT_GT(txDC.Count(t1, t2), 120u);
    EXPECT_GT(delivered.Count(t1 + 0.02, t2), 120u);
    // Three hops instead of one: two more link delays (2 ms) and transmissions (0.8 ms).
    EXPECT_NEAR(delay.Mean(t1 + 0.01, t2) - delay.Mean(0.2, t1), 2 * 0.0028, 0.0005);
    // Removed: back on the computed path.
    EXPECT_GT(txAB.Count(t2, end), 120u);
    EXPECT_EQ(txAD.Count(t2 + 0.01, end), 0u);
    EXPECT_EQ(StaticRoutesTo(twin, "A", "10.255.0.2/32"), 0u);
    const auto& applied = twin.events->GetAppliedEvents();
    ASSERT_EQ(applied.size(), 2u);
    EXPECT_TRUE(Contains(applied[0].detail, "10.255.0.2/32 via 10.0.3.1 out to-D"));
    EXPECT_TRUE(Contains(applied[1].detail, "1 route to 10.255.0.2/32 removed"));
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, RouteAddReplacesTheConfiguredRouteToThePrefix)
{
    const double t1 = 1.0;
    const double end = 2.0;
    Twin twin(ConfiguredRing().Get(), TwinRoutingMode::Configured, end);
    ASSERT_EQ(StaticRoutesTo(twin, "A", "10.255.0.2/32"), 1u);
    twin.events->Schedule(RouteAdd("via-d", t1, Route("A", "10.255.0.2/32", "10.0.3.1")));
    Record txAB;
    Record txAD;
    Record delivered;
    twin.Tx("A-B")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAB));
    twin.Tx("A-D")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAD));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_GT(txAB.Count(0, t1), 100u);
    EXPECT_EQ(txAD.Count(0, t1), 0u);
    EXPECT_EQ(txAB.Count(t1 + 0.01, end), 0u);
    EXPECT_GT(txAD.Count(t1, end), 120u);
    EXPECT_GT(delivered.Count(t1 + 0.02, end), 120u);
    // Replaced, not added beside the old one.
    EXPECT_EQ(StaticRoutesTo(twin, "A", "10.255.0.2/32"), 1u);
    ASSERT_EQ(twin.events->GetAppliedEvents().size(), 1u);
    EXPECT_TRUE(Contains(twin.events->GetAppliedEvents()[0].detail, "replacing 1 route"));
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, RouteRemoveMakesAFlowUnroutable)
{
    const double t1 = 1.0;
    const double end = 2.0;
    Twin twin(ConfiguredRing().Get(), TwinRoutingMode::Configured, end);
    twin.events->Schedule({RouteRemove("gone", t1, "A", "10.255.0.2/32"),
                           RouteRemove("twice", t1 + 0.5, "A", "10.255.0.2/32")});
    Record txA;
    Record delivered;
    twin.Demand().source->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordPacket, &txA));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_GT(delivered.Count(0, t1), 100u);
    // The application keeps sending; nothing has a route any more.
    EXPECT_GT(txA.Count(t1, end), 120u);
    EXPECT_EQ(delivered.Count(t1 + 0.01, end), 0u);
    EXPECT_EQ(StaticRoutesTo(twin, "A", "10.255.0.2/32"), 0u);
    // A second removal finds nothing and says so; the run goes on.
    const auto& applied = twin.events->GetAppliedEvents();
    ASSERT_EQ(applied.size(), 2u);
    EXPECT_TRUE(Contains(applied[0].detail, "1 route to 10.255.0.2/32 removed"));
    EXPECT_EQ(applied[1].detail, "no such route: 10.255.0.2/32");
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, ARouteThatCannotBeInstalledIsReportedAndTheOldOneStays)
{
    const double end = 1.5;
    Twin twin(ConfiguredRing().Get(), TwinRoutingMode::Configured, end);
    // 10.9.9.9 is in no subnet of A.
    twin.events->Schedule(RouteAdd("bad", 1.0, Route("A", "10.255.0.2/32", "10.9.9.9")));
    Record delivered;
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));
    Simulator::Stop(Seconds(end));
    Simulator::Run();
    ASSERT_EQ(twin.events->GetAppliedEvents().size(), 1u);
    EXPECT_TRUE(Contains(twin.events->GetAppliedEvents()[0].detail, "not installed"));
    EXPECT_TRUE(Contains(twin.events->GetAppliedEvents()[0].detail, "next hop 10.9.9.9"));
    EXPECT_EQ(StaticRoutesTo(twin, "A", "10.255.0.2/32"), 1u);
    EXPECT_GT(delivered.Count(1.0, end), 60u);
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, AddedRouteSurvivesAnInterfaceFlapInShortestPathMode)
{
    // ns-3's static routing forgets the routes of an interface set down; the scheduler puts
    // its routes back when the interface comes up.
    const double end = 3.0;
    Twin twin(Ring().Get(), TwinRoutingMode::ShortestPath, end);
    twin.events->Schedule({RouteAdd("via-d", 0.5, Route("A", "10.255.0.2/32", "10.0.3.1")),
                           LinkEvent(TwinEventType::LinkDown, 1.0, "A-D"),
                           LinkEvent(TwinEventType::LinkUp, 2.0, "A-D")});
    Record txAD;
    twin.Tx("A-D")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAD));
    uint32_t whileDown = 99;
    Simulator::Schedule(Seconds(1.5),
                        [&]() { whileDown = StaticRoutesTo(twin, "A", "10.255.0.2/32"); });
    Simulator::Stop(Seconds(end));
    Simulator::Run();
    EXPECT_EQ(whileDown, 0u);
    EXPECT_EQ(StaticRoutesTo(twin, "A", "10.255.0.2/32"), 1u);
    EXPECT_GT(txAD.Count(0.5, 1.0), 50u);
    EXPECT_GT(txAD.Count(2.01, end), 110u);
    Simulator::Destroy();
}

// --- Traffic surges ------------------------------------------------------------------------

TEST_F(EventSchedulerExtraTest, UdpSurgeDoublesTheRateForItsDurationThenRestoresIt)
{
    const double end = 3.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B", 100000000);
    nb.Udp("ab", "A", "B", 1e6, 0.1);
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    twin.events->AttachTraffic(twin.traffic);
    twin.events->Schedule(Surge("x2", 1.0, "ab", "", 2, 1.0));
    Record delivered;
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    // Bytes per second (a window edge may cut one 1000-byte packet).
    const double before = delivered.Bytes(0.2, 1.0) / 0.8;
    const double during = delivered.Bytes(1.02, 2.0) / 0.98;
    const double after = delivered.Bytes(2.02, 3.0) / 0.98;
    EXPECT_NEAR(before, 125000, 2000);
    EXPECT_NEAR(during / before, 2.0, 0.03);
    EXPECT_NEAR(after / before, 1.0, 0.03);
    EXPECT_EQ(RateOf(twin.Demand().source), 1000000u);
    const auto& applied = twin.events->GetAppliedEvents();
    ASSERT_EQ(applied.size(), 2u);
    EXPECT_EQ(applied[0].detail, "x2 for 1 s");
    EXPECT_EQ(applied[1].eventId, "x2/end");
    EXPECT_DOUBLE_EQ(applied[1].timeSeconds, 2.0);
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, OverlappingSurgesMultiplyAndRestoreExactly)
{
    // x1.1 on the demand over [1, 3), x3 on its class over [2, 4): rates r, 1.1r, 3.3r, 3r, r.
    const double end = 5.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B", 100000000);
    nb.Udp("ab", "A", "B", 1e6, 0.1);
    nb.Udp("ba", "B", "A", 1e6, 0.1);
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    TwinTrafficClass fromA;
    fromA.name = "from-a";
    fromA.demands = {"ab"};
    TwinTrafficClass udp;
    udp.name = "udp";
    udp.protocol = TwinProtocol::Udp;
    twin.events->AttachTraffic(twin.traffic);
    twin.events->SetTrafficClasses({fromA, udp});
    twin.events->Schedule(
        {Surge("a", 1.0, "", "from-a", 1.1, 2.0), Surge("b", 2.0, "", "udp", 3, 2.0)});
    Record delivered;
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));
    std::vector<uint64_t> rates;
    std::vector<uint64_t> otherRates;
    for (double t : {0.5, 1.5, 2.5, 3.5, 4.5})
    {
        Simulator::Schedule(Seconds(t),
                            [&]()
                            {
                                rates.push_back(RateOf(twin.Demand("ab").source));
                                otherRates.push_back(RateOf(twin.Demand("ba").source));
                            });
    }

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_EQ(rates, (std::vector<uint64_t>{1000000, 1100000, 3300000, 3000000, 1000000}));
    // "ba" is in class "udp" only.
    EXPECT_EQ(otherRates, (std::vector<uint64_t>{1000000, 1000000, 3000000, 3000000, 1000000}));
    const double base = delivered.Bytes(0.2, 1.0) / 0.8;
    for (auto [from, to, factor] :
         {std::make_tuple(1.02, 2.0, 1.1), std::make_tuple(2.02, 3.0, 3.3),
          std::make_tuple(3.02, 4.0, 3.0), std::make_tuple(4.02, 5.0, 1.0)})
    {
        EXPECT_NEAR(delivered.Bytes(from, to) / (to - from) / base, factor, 0.03 * factor)
            << "window " << from << "-" << to;
    }
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, TcpSurgeMultipliesTheBytesStillToSend)
{
    const uint64_t bytes = 1000000;
    const double t = 0.5;
    const double end = 6.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B", 10000000);
    nb.Tcp("ab", "A", "B", bytes, 0.1);
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    twin.events->AttachTraffic(twin.traffic);
    twin.events->Schedule(Surge("x2", t, "ab", "", 2, -1));
    Record handedOver;
    twin.Demand().source->TraceConnectWithoutContext("Tx",
                                                     MakeBoundCallback(&RecordPacket, &handedOver));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    // Bytes handed to TCP before the surge (the surge applies before anything else at t).
    const uint64_t sent = handedOver.Bytes(0, t);
    ASSERT_GT(sent, 0u);
    ASSERT_LT(sent, bytes);
    const uint64_t expected = sent + 2 * (bytes - sent);
    UintegerValue maxBytes;
    twin.Demand().source->GetAttribute("MaxBytes", maxBytes);
    EXPECT_EQ(maxBytes.Get(), expected);
    EXPECT_EQ(twin.Sink()->GetTotalRx(), expected);
    ASSERT_EQ(twin.events->GetAppliedEvents().size(), 1u);
    EXPECT_TRUE(Contains(twin.events->GetAppliedEvents()[0].detail,
                         std::to_string(bytes - sent) + " bytes left -> " +
                             std::to_string(2 * (bytes - sent))));
    Simulator::Destroy();
}

// --- Change sets -----------------------------------------------------------------------------

TEST_F(EventSchedulerExtraTest, DisablingAnInterfaceDropsOnlyTheDirectionStartingAtIt)
{
    const double end = 3.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B");
    nb.Udp("ab", "A", "B", 1e6, 0.1);
    nb.Udp("ba", "B", "A", 1e6, 0.1);
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    TwinNodeEdit off = InterfaceEdit("A", "to-B");
    off.interfaces[0].enabled = false;
    TwinNodeEdit on = off;
    on.interfaces[0].enabled = true;
    twin.events->Schedule({ChangeSet("off", 1.0, {off}), ChangeSet("on", 2.0, {on})});
    Record ab;
    Record ba;
    twin.Demand("ab").sink->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &ab));
    twin.Demand("ba").sink->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &ba));
    bool abDown = false;
    bool baDown = true;
    Simulator::Schedule(Seconds(1.5),
                        [&]()
                        {
                            abDown = twin.events->IsLinkDown("A-B");
                            baDown = twin.events->IsLinkDown("B-A");
                        });

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_TRUE(abDown);
    EXPECT_FALSE(baDown);
    EXPECT_GT(ab.Count(0.2, 1.0), 95u);
    EXPECT_EQ(ab.Count(1.01, 2.0), 0u);
    EXPECT_GT(ab.Count(2.02, end), 115u);
    EXPECT_GT(ba.Count(1.0, 2.0), 120u);
    const auto& applied = twin.events->GetAppliedEvents();
    ASSERT_EQ(applied.size(), 2u);
    EXPECT_EQ(applied[0].target, "A");
    EXPECT_EQ(applied[0].detail, "interface to-B disabled");
    EXPECT_EQ(applied[1].detail, "interface to-B enabled");
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, InterfaceSpeedSetsTheCapacityOfItsDirection)
{
    const double end = 4.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B", 10000000);
    nb.Udp("ab", "A", "B", 20e6, 0.1);
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    TwinNodeEdit slow = InterfaceEdit("A", "to-B");
    slow.interfaces[0].speedBps = 5000000;
    twin.events->Schedule(ChangeSet("slow", 2.0, {slow}));
    Record delivered;
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    const double before = delivered.Bytes(1.0, 2.0) * 8.0;
    const double after = delivered.Bytes(3.0, 4.0) * 8.0;
    EXPECT_NEAR(before, 10e6 * 1000 / 1030, 0.02 * 10e6);
    EXPECT_NEAR(after / before, 0.5, 0.02);
    DataRateValue rate;
    twin.Tx("A-B")->GetAttribute("DataRate", rate);
    EXPECT_EQ(rate.Get(), DataRate(5000000));
    twin.Tx("B-A")->GetAttribute("DataRate", rate);
    EXPECT_EQ(rate.Get(), DataRate(10000000));
    EXPECT_EQ(twin.events->GetAppliedEvents().at(0).detail, "interface to-B speed 5000000 bit/s");
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, AddedAddressBecomesReachableByAConfiguredRoute)
{
    // A routes 192.168.7.0/24 to B, which owns no such address until a change set adds
    // 192.168.7.1 to its loopback; a second change set removes it again.
    const double end = 3.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B");
    nb.Route("A", "192.168.7.0/24", "10.0.0.2");
    Twin twin(nb.Get(), TwinRoutingMode::Configured, end);
    TwinNodeEdit add = InterfaceEdit("B", "lo");
    add.interfaces[0].addAddresses.push_back(Prefix("192.168.7.1/32"));
    TwinNodeEdit remove = InterfaceEdit("B", "lo");
    remove.interfaces[0].removeAddresses.push_back(Prefix("192.168.7.1/32").address);
    twin.events->Schedule({ChangeSet("add", 1.0, {add}), ChangeSet("remove", 2.0, {remove})});

    const uint16_t port = 9000;
    PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    auto sink = DynamicCast<PacketSink>(sinkHelper.Install(twin.builder->GetNode("B")).Get(0));
    OnOffHelper onoff("ns3::UdpSocketFactory", InetSocketAddress("192.168.7.1", port));
    onoff.SetConstantRate(DataRate(1000000), 1000);
    ApplicationContainer source = onoff.Install(twin.builder->GetNode("A"));
    source.Start(Seconds(0.1));
    Record delivered;
    sink->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_EQ(delivered.Count(0, 1.0), 0u);
    EXPECT_GT(delivered.Count(1.01, 2.0), 120u);
    EXPECT_EQ(delivered.Count(2.01, end), 0u);
    const auto& applied = twin.events->GetAppliedEvents();
    ASSERT_EQ(applied.size(), 2u);
    EXPECT_EQ(applied[0].detail, "address 192.168.7.1/32 added to lo");
    EXPECT_EQ(applied[1].detail, "address 192.168.7.1 removed from lo");
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, ChangeSetReroutesAndTakesALinkOutOfService)
{
    // The remedy of the shipped incident scenario on the ring: A's route to B's loopback is
    // replaced by one via D, and the A-B link is disabled at both ends.
    const double t = 1.0;
    const double end = 2.5;
    Twin twin(ConfiguredRing().Get(), TwinRoutingMode::Configured, end);
    TwinNodeEdit a = InterfaceEdit("A", "to-B");
    a.interfaces[0].enabled = false;
    a.removeRoutes.push_back(Prefix("10.255.0.2/32"));
    a.removeRoutes.push_back(Prefix("10.99.0.0/16"));
    a.addRoutes.push_back(Route("A", "10.255.0.2/32", "", "to-D"));
    TwinNodeEdit b = InterfaceEdit("B", "to-A");
    b.interfaces[0].enabled = false;
    twin.events->Schedule(ChangeSet("remedy", t, {a, b}));
    Record rxAB;
    Record txAD;
    Record delivered;
    twin.Rx("A-B")->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&RecordPacket, &rxAB));
    twin.Tx("A-D")->TraceConnectWithoutContext("MacTx", MakeBoundCallback(&RecordPacket, &txAD));
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));

    Simulator::Stop(Seconds(end));
    Simulator::Run();

    EXPECT_GT(rxAB.Count(0, t), 100u);
    EXPECT_EQ(rxAB.Count(t, end), 0u);
    EXPECT_GT(txAD.Count(t, end), 180u);
    EXPECT_GT(delivered.Count(t + 0.02, end), 180u);
    EXPECT_TRUE(twin.events->IsLinkDown("A-B"));
    EXPECT_TRUE(twin.events->IsLinkDown("B-A"));
    const auto& applied = twin.events->GetAppliedEvents();
    ASSERT_EQ(applied.size(), 1u);
    EXPECT_EQ(applied[0].target, "A, B");
    EXPECT_EQ(applied[0].detail, "A: interface to-B disabled, no such route: 10.99.0.0/16, "
                                 "1 route removed, 1 route added; B: interface to-A disabled");
    Simulator::Destroy();
}

TEST_F(EventSchedulerExtraTest, EnablingAnInterfaceDisabledInTheSnapshotConfiguresIt)
{
    const double end = 2.0;
    NetworkBuilder nb("pair");
    nb.Node("A").Node("B").Link("A", "B");
    nb.Udp("ab", "A", "B", 1e6, 0.1);
    nb.NodeRef("B").interfaces[1].enabled = false; // to-A
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, end);
    TwinNodeEdit on = InterfaceEdit("B", "to-A");
    on.interfaces[0].enabled = true;
    twin.events->Schedule(ChangeSet("on", 1.0, {on}));
    Record delivered;
    twin.Sink()->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordSinkRx, &delivered));
    Simulator::Stop(Seconds(end));
    Simulator::Run();
    EXPECT_EQ(delivered.Count(0, 1.0), 0u);
    EXPECT_GT(delivered.Count(1.02, end), 115u);
    Ptr<Ipv4> ipv4 = twin.builder->GetNode("B")->GetObject<Ipv4>();
    auto ifIndex = static_cast<uint32_t>(twin.builder->GetInterfaceIndex("B", "to-A"));
    EXPECT_TRUE(ipv4->IsUp(ifIndex));
    ASSERT_EQ(ipv4->GetNAddresses(ifIndex), 1u);
    EXPECT_EQ(ipv4->GetAddress(ifIndex, 0).GetLocal(), Ipv4Address("10.0.0.2"));
    EXPECT_EQ(twin.events->GetAppliedEvents().at(0).detail,
              "interface to-A enabled with 1 address");
    Simulator::Destroy();
}

// --- The applied-event record ------------------------------------------------------------

TEST_F(EventSchedulerExtraTest, AppliedEventsRecordEveryTypeInTheOrderTheyTookEffect)
{
    NetworkBuilder nb = Ring();
    nb.Udp("late", "A", "C", 1e6, 5.0); // starts after the run: skipped by the traffic helper
    Twin twin(nb.Get(), TwinRoutingMode::ShortestPath, 2.5);
    twin.events->AttachTraffic(twin.traffic);
    TwinTrafficClass cls;
    cls.name = "everything";
    cls.protocol = TwinProtocol::Udp;
    twin.events->SetTrafficClasses({cls});

    TwinEvent capacity = LinkEvent(TwinEventType::LinkCapacity, 0.5, "A-B");
    capacity.id = "cap";
    capacity.capacityBps = 4976640000;
    TwinEvent down = LinkEvent(TwinEventType::LinkDown, 1.0, "B-C");
    down.id = "down";
    down.origin = "sweep";
    down.directionOnly = true;
    TwinEvent surge = Surge("surge", 1.0, "", "everything", 3, 0.5);
    surge.origin = "remedy";
    TwinEvent up = LinkEvent(TwinEventType::LinkUp, 1.2, "B-C");
    up.id = "up";
    up.directionOnly = true;
    TwinEvent nodeDown;
    nodeDown.id = "c-down";
    nodeDown.type = TwinEventType::NodeDown;
    nodeDown.timeSeconds = 1.3;
    nodeDown.node = "C";
    TwinEvent nodeUp = nodeDown;
    nodeUp.id = "c-up";
    nodeUp.type = TwinEventType::NodeUp;
    nodeUp.timeSeconds = 1.4;
    TwinEvent delay = LinkEvent(TwinEventType::LinkDelay, 1.6, "C-D");
    delay.id = "delay";
    delay.delaySeconds = 0.012;
    TwinEvent add = RouteAdd("add", 1.7, Route("A", "10.255.0.2/32", "10.0.3.1"));
    TwinEvent remove = RouteRemove("remove", 1.8, "A", "10.255.0.2/32");
    TwinNodeEdit edit = InterfaceEdit("D", "to-C");
    edit.interfaces[0].speedBps = 2000000;
    TwinEvent change = ChangeSet("change", 1.9, {edit});
    // Given out of time order: the record follows simulated time.
    twin.events->Schedule(
        {change, capacity, down, surge, up, nodeDown, nodeUp, delay, add, remove});

    Simulator::Stop(Seconds(2.5));
    Simulator::Run();

    const auto& applied = twin.events->GetAppliedEvents();
    struct Expected
    {
        double time;
        std::string id;
        std::string type;
        std::string target;
        std::string detail;
        std::string origin;
    };

    std::vector<Expected> expected{
        {0.5, "cap", "link-capacity", "A-B", "capacity 4976640000 bit/s, both directions",
         "scenario"},
        {1.0, "down", "link-down", "B-C", "this direction only", "sweep"},
        {1.0, "surge", "traffic-surge", "everything",
         "x3 for 0.5 s; demand 'late' is not installed: ignored", "remedy"},
        {1.2, "up", "link-up", "B-C", "this direction only", "scenario"},
        {1.3, "c-down", "node-down", "C", "4 link directions down", "scenario"},
        {1.4, "c-up", "node-up", "C", "4 link directions up", "scenario"},
        {1.5, "surge/end", "traffic-surge", "everything", "x3 ended, 1 UDP rate divided back",
         "remedy"},
        {1.6, "delay", "link-delay", "C-D", "delay 0.012 s", "scenario"},
        {1.7, "add", "route-add", "A", "route 10.255.0.2/32 via 10.0.3.1 out to-D, metric 0 added",
         "scenario"},
        {1.8, "remove", "route-remove", "A", "1 route to 10.255.0.2/32 removed", "scenario"},
        {1.9, "change", "change-set", "D", "interface to-C speed 2000000 bit/s", "scenario"},
    };
    ASSERT_EQ(applied.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        SCOPED_TRACE("applied event " + std::to_string(i) + " " + applied[i].eventId);
        EXPECT_DOUBLE_EQ(applied[i].timeSeconds, expected[i].time);
        EXPECT_EQ(applied[i].eventId, expected[i].id);
        EXPECT_EQ(applied[i].type, expected[i].type);
        EXPECT_EQ(applied[i].target, expected[i].target);
        EXPECT_EQ(applied[i].detail, expected[i].detail);
        EXPECT_EQ(applied[i].origin, expected[i].origin);
    }
    EXPECT_TRUE(Applied(applied, "surge/end"));
    Simulator::Destroy();
}

// --- Refusals --------------------------------------------------------------------------------

TEST_F(EventSchedulerExtraTest, InvalidNewEventsAreRefusedBeforeTheRun)
{
    Twin twin(Ring().Get(), TwinRoutingMode::ShortestPath, 3.0);
    for (auto type : {TwinEventType::LinkDown, TwinEventType::LinkUp, TwinEventType::NodeDown,
                      TwinEventType::NodeUp, TwinEventType::LinkCapacity, TwinEventType::LinkDelay,
                      TwinEventType::RouteAdd, TwinEventType::RouteRemove,
                      TwinEventType::TrafficSurge, TwinEventType::ChangeSet})
    {
        EXPECT_TRUE(TwinEventScheduler::IsSupported(type)) << TwinEventTypeName(type);
    }
    auto refused = [&twin](const TwinEvent& e, const std::string& words)
    {
        try
        {
            twin.events->Schedule(e);
            ADD_FAILURE() << e.id << " accepted";
        }
        catch (const TwinBuildError& error)
        {
            EXPECT_TRUE(Contains(error.what(), words));
            EXPECT_TRUE(Contains(error.what(), "event '" + e.id + "'"));
        }
    };
    refused(RouteAdd("no-node", 1, Route("Z", "10.255.0.2/32", "10.0.0.2")), "unknown node 'Z'");
    refused(RouteAdd("neither", 1, Route("A", "10.255.0.2/32", "")),
            "neither a next hop nor an outgoing interface");
    refused(RouteAdd("no-itf", 1, Route("A", "10.255.0.2/32", "", "to-Z")),
            "node 'A' has no interface 'to-Z'");
    TwinEvent longPrefix = RouteRemove("long", 1, "A", "10.255.0.2/32");
    longPrefix.route.destination.prefixLength = 33;
    refused(longPrefix, "prefix length 33");
    // Surges need the demands, then valid names and values.
    refused(Surge("early", 1, "ab", "", 2, 1), "AttachTraffic");
    twin.events->AttachTraffic(twin.traffic);
    refused(Surge("unknown", 1, "zz", "", 2, 1), "unknown demand 'zz'");
    refused(Surge("no-class", 1, "", "gold", 2, 1), "unknown traffic class 'gold'");
    refused(Surge("both", 1, "ab", "gold", 2, 1), "exactly one demand or class");
    refused(Surge("zero", 1, "ab", "", 0, 1), "factor must be > 0");
    refused(Surge("short", 1, "ab", "", 2, 0), "duration must be > 0");
    TwinTrafficClass cls;
    cls.name = "gold";
    cls.demands = {"ab", "zz"};
    twin.events->SetTrafficClasses({cls});
    refused(Surge("bad-class", 1, "", "gold", 2, 1), "lists unknown demand 'zz'");
    TwinNodeEdit noItf = InterfaceEdit("A", "to-Z");
    refused(ChangeSet("cs-itf", 1, {noItf}), "node 'A' has no interface 'to-Z'");
    TwinNodeEdit zeroSpeed = InterfaceEdit("A", "to-B");
    zeroSpeed.interfaces[0].speedBps = 0;
    refused(ChangeSet("cs-speed", 1, {zeroSpeed}), "speed must be > 0");
    TwinNodeEdit noNode;
    noNode.node = "Z";
    refused(ChangeSet("cs-node", 1, {noNode}), "unknown node 'Z'");
    // Nothing was scheduled.
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_TRUE(twin.events->GetAppliedEvents().empty());
    Simulator::Destroy();
}

} // namespace
} // namespace test
} // namespace ns3
