/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sim-test-networks.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/simulator.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-routing.h"
#include "ns3/udp-socket-factory.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

/** Graph-only helper: nodes 0..n-1 and bidirectional edges with interface numbers. */
struct Graph
{
    Ptr<TwinRoutingGraph> g = CreateObject<TwinRoutingGraph>();
    std::vector<uint32_t> nextIf; //!< next free interface index per node

    explicit Graph(uint32_t n)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            g->AddNode("n" + std::to_string(i));
            nextIf.push_back(1);
        }
    }

    /** Add a <-> b with a metric; returns the edge index of a -> b (b -> a is +1). */
    uint32_t Link(uint32_t a, uint32_t b, uint32_t metric = 1)
    {
        uint32_t ia = nextIf[a]++;
        uint32_t ib = nextIf[b]++;
        uint32_t e = g->AddEdge(a, ia, b, ib, Ipv4Address(0x0a000000 + b), metric);
        g->AddEdge(b, ib, a, ia, Ipv4Address(0x0a000000 + a), metric);
        return e;
    }

    std::vector<uint32_t> Path(uint32_t from, uint32_t to) { return g->GetPath(from, to); }
};

using Path = std::vector<uint32_t>;

TEST(TwinRoutingGraph, ChainPathsAndDistances)
{
    Graph chain(5);
    for (uint32_t i = 0; i + 1 < 5; ++i)
    {
        chain.Link(i, i + 1);
    }
    EXPECT_EQ(chain.Path(0, 4), (Path{0, 1, 2, 3, 4}));
    EXPECT_EQ(chain.Path(4, 1), (Path{4, 3, 2, 1}));
    EXPECT_EQ(chain.Path(2, 2), (Path{2}));
    EXPECT_EQ(chain.g->GetTree(4).distance[0], 4u);
    EXPECT_EQ(chain.g->GetTree(0).distance[4], 4u);
}

TEST(TwinRoutingGraph, RingTakesTheShorterWay)
{
    Graph ring(6);
    for (uint32_t i = 0; i < 6; ++i)
    {
        ring.Link(i, (i + 1) % 6);
    }
    EXPECT_EQ(ring.Path(0, 2), (Path{0, 1, 2}));
    EXPECT_EQ(ring.Path(0, 4), (Path{0, 5, 4}));
    // 0 -> 3 has two 3-hop paths: the first link added (0-1) wins the tie.
    EXPECT_EQ(ring.Path(0, 3), (Path{0, 1, 2, 3}));
}

TEST(TwinRoutingGraph, DiamondFollowsMetrics)
{
    // 0 -> 1 -> 3 costs 1 + 10, 0 -> 2 -> 3 costs 5 + 5.
    Graph d(4);
    d.Link(0, 1, 1);
    d.Link(1, 3, 10);
    d.Link(0, 2, 5);
    d.Link(2, 3, 5);
    EXPECT_EQ(d.Path(0, 3), (Path{0, 2, 3}));
    EXPECT_EQ(d.g->GetTree(3).distance[0], 10u);
    // With hop count (all metrics equal) it would be the first path; make it cheaper.
    Graph h(4);
    h.Link(0, 1, 1);
    h.Link(1, 3, 1);
    h.Link(0, 2, 1);
    h.Link(2, 3, 1);
    EXPECT_EQ(h.Path(0, 3), (Path{0, 1, 3}));
}

TEST(TwinRoutingGraph, TieBreakIsByLinkOrderAndDeterministic)
{
    // Same diamond, links added in a different order: the earlier link wins the tie.
    Graph a(4);
    a.Link(0, 2);
    a.Link(2, 3);
    a.Link(0, 1);
    a.Link(1, 3);
    EXPECT_EQ(a.Path(0, 3), (Path{0, 2, 3}));
    for (int i = 0; i < 3; ++i)
    {
        a.g->Invalidate();
        EXPECT_EQ(a.Path(0, 3), (Path{0, 2, 3}));
    }
}

TEST(TwinRoutingGraph, UnreachableDestination)
{
    Graph g(4);
    g.Link(0, 1);
    g.Link(2, 3);
    EXPECT_TRUE(g.Path(0, 3).empty());
    EXPECT_EQ(g.g->GetNextEdge(0, 3), -1);
    EXPECT_EQ(g.Path(0, 1), (Path{0, 1}));
}

TEST(TwinRoutingGraph, InvalidateAfterLinkDown)
{
    Graph ring(4);
    uint32_t e01 = ring.Link(0, 1);
    ring.Link(1, 2);
    ring.Link(2, 3);
    ring.Link(3, 0);
    int invalidations = 0;
    ring.g->TraceConnectWithoutContext("RoutesInvalidated",
                                       Callback<void>([&invalidations]() { ++invalidations; }));
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 1}));
    EXPECT_EQ(ring.g->GetNCachedTrees(), 1u);

    // Interface 1 of node 0 (its end of 0-1) goes down: both directions are unusable.
    ring.g->SetInterfaceUp(0, ring.g->GetEdge(e01).fromIf, false);
    EXPECT_EQ(invalidations, 1);
    EXPECT_EQ(ring.g->GetNCachedTrees(), 0u);
    EXPECT_FALSE(ring.g->IsEdgeUsable(e01));
    EXPECT_FALSE(ring.g->IsEdgeUsable(e01 + 1));
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 3, 2, 1}));
    EXPECT_EQ(ring.Path(1, 0), (Path{1, 2, 3, 0}));

    ring.g->SetInterfaceUp(0, ring.g->GetEdge(e01).fromIf, true);
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 1}));

    // Administrative down of one direction only.
    ring.g->SetEdgeUp(e01, false);
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 3, 2, 1}));
    EXPECT_EQ(ring.Path(1, 0), (Path{1, 0}));
}

TEST(TwinRoutingGraph, NoRecomputeUntilInvalidated)
{
    Graph ring(4);
    uint32_t e01 = ring.Link(0, 1);
    ring.Link(1, 2);
    ring.Link(2, 3);
    ring.Link(3, 0);
    ring.g->SetAttribute("RecomputeOnChange", BooleanValue(false));
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 1}));
    ring.g->SetEdgeUp(e01, false);
    // Stale until the hook is called (what a convergence model does later).
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 1}));
    ring.g->Invalidate();
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 3, 2, 1}));
}

TEST(TwinRoutingGraph, ConvergenceDelay)
{
    Graph ring(4);
    uint32_t e01 = ring.Link(0, 1);
    ring.Link(1, 2);
    ring.Link(2, 3);
    ring.Link(3, 0);
    ring.g->SetAttribute("ConvergenceDelay", TimeValue(MilliSeconds(50)));
    EXPECT_EQ(ring.Path(0, 1), (Path{0, 1}));
    Path before;
    Path after;
    Simulator::Schedule(Seconds(1), [&]() { ring.g->SetEdgeUp(e01, false); });
    Simulator::Schedule(Seconds(1.049), [&]() { before = ring.Path(0, 1); });
    Simulator::Schedule(Seconds(1.051), [&]() { after = ring.Path(0, 1); });
    Simulator::Run();
    Simulator::Destroy();
    EXPECT_EQ(before, (Path{0, 1}));
    EXPECT_EQ(after, (Path{0, 3, 2, 1}));
}

TEST(TwinRoutingGraph, AddressOwnership)
{
    Graph g(3);
    g.Link(0, 1);
    g.g->AddAddress(1, Ipv4Address("10.9.0.1"), Ipv4Mask("255.255.255.252"));
    g.g->AddAddress(2, Ipv4Address("10.9.0.2"), Ipv4Mask("255.255.255.252"));
    g.g->AddAddress(2, Ipv4Address("192.168.7.1"), Ipv4Mask("255.255.255.255"));
    g.g->AddAddress(0, Ipv4Address("127.0.0.1"), Ipv4Mask("255.0.0.0"));
    EXPECT_EQ(g.g->FindOwner(Ipv4Address("10.9.0.1")), 1);
    EXPECT_EQ(g.g->FindOwner(Ipv4Address("10.9.0.2")), 2);
    EXPECT_EQ(g.g->FindOwner(Ipv4Address("192.168.7.1")), 2);
    // Not an interface address: the first node attached to the subnet.
    EXPECT_EQ(g.g->FindOwner(Ipv4Address("10.9.0.3")), 1);
    EXPECT_EQ(g.g->FindOwner(Ipv4Address("127.0.0.1")), -1);
    EXPECT_EQ(g.g->FindOwner(Ipv4Address("172.16.0.1")), -1);
    g.g->RemoveAddress(2, Ipv4Address("192.168.7.1"));
    EXPECT_EQ(g.g->FindOwner(Ipv4Address("192.168.7.1")), -1);
}

// --- In a built network ------------------------------------------------------------------

class TwinRoutingSim : public SimTest
{
};

/** @return the TwinRouting of a node built in shortest-path mode */
Ptr<TwinRouting>
RoutingOf(Ptr<Node> node)
{
    auto list = DynamicCast<Ipv4ListRouting>(node->GetObject<Ipv4>()->GetRoutingProtocol());
    int16_t priority = 0;
    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
    {
        auto r = DynamicCast<TwinRouting>(list->GetRoutingProtocol(i, priority));
        if (r)
        {
            EXPECT_EQ(priority, 0);
            return r;
        }
    }
    return nullptr;
}

TEST_F(TwinRoutingSim, RoutesFollowTheGraphInTheStack)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C").Node("D");
    nb.Link("A", "B").Link("B", "D").Link("A", "C").Link("C", "D", 10000000, 0.002, 0, 5);
    Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();
    builder->Build(nb.Get());
    ASSERT_EQ(builder->GetRoutingMode(), TwinRoutingMode::ShortestPath);
    Ptr<TwinRouting> a = RoutingOf(builder->GetNode("A"));
    ASSERT_TRUE(a);
    // D's loopback 10.255.0.4 via B (A-B is link 0: 10.0.0.1/2).
    Ptr<Ipv4Route> r = a->Lookup(Ipv4Address("10.255.0.4"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->GetGateway(), Ipv4Address("10.0.0.2"));
    EXPECT_EQ(r->GetOutputDevice(), builder->FindLink("A-B")->txDevice);
    // Directly connected: no gateway.
    r = a->Lookup(Ipv4Address("10.0.2.2"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->GetGateway(), Ipv4Address::GetAny());
    EXPECT_EQ(r->GetOutputDevice(), builder->FindLink("A-C")->txDevice);
    // Own loopback: through the loopback device.
    r = a->Lookup(Ipv4Address("10.255.0.1"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->GetOutputDevice(), builder->GetNode("A")->GetObject<Ipv4>()->GetNetDevice(0));
    // Nobody owns it.
    EXPECT_FALSE(a->Lookup(Ipv4Address("172.16.1.1")));
    // Only trees toward destinations that were asked for exist.
    EXPECT_EQ(builder->GetRoutingGraph()->GetNCachedTrees(), 1u);
}

TEST_F(TwinRoutingSim, LinkDownReroutesAndUnreachableDrops)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C").Node("D").Node("E");
    nb.Link("A", "B").Link("B", "C").Link("A", "D").Link("D", "C");
    // E hangs off C only.
    nb.Link("C", "E");
    Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();
    builder->Build(nb.Get());
    Ptr<TwinRouting> a = RoutingOf(builder->GetNode("A"));
    Ptr<Ipv4Route> r = a->Lookup(Ipv4Address("10.255.0.3"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->GetOutputDevice(), builder->FindLink("A-B")->txDevice);

    // B's interface toward C goes down (through Ipv4, as a failure model would do it).
    const auto* bc = builder->FindLink("B-C");
    builder->GetNode("B")->GetObject<Ipv4>()->SetDown(bc->sourceIf);
    r = a->Lookup(Ipv4Address("10.255.0.3"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->GetOutputDevice(), builder->FindLink("A-D")->txDevice);

    // Cut C-E: E becomes unreachable.
    const auto* ce = builder->FindLink("C-E");
    builder->GetNode("C")->GetObject<Ipv4>()->SetDown(ce->sourceIf);
    EXPECT_FALSE(a->Lookup(Ipv4Address("10.255.0.5")));

    // A local send to it fails: no route.
    Ptr<Socket> s = Socket::CreateSocket(builder->GetNode("A"), UdpSocketFactory::GetTypeId());
    s->Bind();
    int sent = -2;
    Simulator::Schedule(Seconds(0.1),
                        [&]() {
                            sent = s->SendTo(Create<Packet>(100), 0,
                                             InetSocketAddress(Ipv4Address("10.255.0.5"), 9));
                        });
    Simulator::Run();
    EXPECT_EQ(sent, -1);
    EXPECT_EQ(s->GetErrno(), Socket::ERROR_NOROUTETOHOST);
    EXPECT_FALSE(RoutingOf(builder->GetNode("B"))->Lookup(Ipv4Address("10.255.0.5")));
}

TEST_F(TwinRoutingSim, ForwardedPacketWithoutRouteIsDropped)
{
    // A - B - C; C also owns 10.255.0.3. Build, then fail B-C's interface on B only after
    // the packet has left A: B must drop it (DROP_NO_ROUTE).
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000, 0.010).Link("B", "C");
    Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();
    builder->Build(nb.Get());
    uint32_t drops = 0;
    Callback<void, const Ipv4Header&, Ptr<const Packet>, Ipv4L3Protocol::DropReason, Ptr<Ipv4>,
             uint32_t>
        dropCb(
            [&drops](const Ipv4Header&, Ptr<const Packet>, Ipv4L3Protocol::DropReason reason,
                     Ptr<Ipv4>, uint32_t)
            {
                if (reason == Ipv4L3Protocol::DROP_NO_ROUTE)
                {
                    ++drops;
                }
            });
    builder->GetNode("B")->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext("Drop", dropCb);
    Ptr<Socket> s = Socket::CreateSocket(builder->GetNode("A"), UdpSocketFactory::GetTypeId());
    s->Bind();
    Simulator::Schedule(
        Seconds(0.1), [&]()
        { s->SendTo(Create<Packet>(100), 0, InetSocketAddress(Ipv4Address("10.255.0.3"), 9)); });
    const auto* bc = builder->FindLink("B-C");
    Simulator::Schedule(Seconds(0.105),
                        [&]() { builder->GetNode("B")->GetObject<Ipv4>()->SetDown(bc->sourceIf); });
    Simulator::Run();
    EXPECT_EQ(drops, 1u);
}

} // namespace
} // namespace test
} // namespace ns3
