/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sim-test-networks.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fifo-queue-disc.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/names.h"
#include "ns3/node-list.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/queue.h"
#include "ns3/red-queue-disc.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-network-checks.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

class TwinBuilderTest : public SimTest
{
};

/** @return A - B - C with loopbacks, routes so that every loopback is reachable */
NetworkBuilder
ChainWithRoutes()
{
    NetworkBuilder nb("chain");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B").Link("B", "C");
    // A-B is 10.0.0.0/30 (A .1, B .2); B-C is 10.0.1.0/30 (B .1, C .2).
    nb.Route("A", "10.255.0.2/32", "10.0.0.2")
        .Route("A", "10.255.0.3/32", "10.0.0.2")
        .Route("A", "10.0.1.0/30", "10.0.0.2")
        .Route("B", "10.255.0.1/32", "10.0.0.1")
        .Route("B", "10.255.0.3/32", "10.0.1.2")
        .Route("C", "10.255.0.1/32", "10.0.1.1")
        .Route("C", "10.255.0.2/32", "10.0.1.1")
        .Route("C", "10.0.0.0/30", "10.0.1.1");
    return nb;
}

TEST_F(TwinBuilderTest, NodesNamesAndOrder)
{
    NetworkBuilder nb = ChainWithRoutes();
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    NodeContainer nodes = b->Build(nb.Get());
    ASSERT_EQ(nodes.GetN(), 3u);
    EXPECT_EQ(Names::Find<Node>("A"), nodes.Get(0));
    EXPECT_EQ(Names::Find<Node>("B"), nodes.Get(1));
    EXPECT_EQ(Names::Find<Node>("C"), nodes.Get(2));
    EXPECT_EQ(Names::FindName(nodes.Get(2)), "C");
    EXPECT_EQ(b->GetNode("B"), nodes.Get(1));
    EXPECT_EQ(b->GetNode("Z"), nullptr);
    EXPECT_EQ(b->GetNodeIndex("C"), 2);
    EXPECT_LT(nodes.Get(0)->GetId(), nodes.Get(1)->GetId());
    EXPECT_EQ(b->GetRoutingMode(), TwinRoutingMode::Configured);
}

TEST_F(TwinBuilderTest, NamesWithSlashAreRegisteredSafely)
{
    NetworkBuilder nb;
    nb.Node("pop/1").Node("pop/2").Link("pop/1", "pop/2");
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    EXPECT_EQ(Names::Find<Node>("pop_1"), b->GetNode("pop/1"));
    ASSERT_FALSE(b->GetNotes().empty());
    EXPECT_NE(b->GetNotes().front().find("pop_1"), std::string::npos);
}

TEST_F(TwinBuilderTest, SecondTwinWithSameNamesFailsClearly)
{
    NetworkBuilder nb = ChainWithRoutes();
    CreateObject<TwinBuilder>()->Build(nb.Get());
    Ptr<TwinBuilder> second = CreateObject<TwinBuilder>();
    try
    {
        second->Build(nb.Get());
        FAIL() << "expected TwinBuildError";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("'A' is already registered"), std::string::npos)
            << e.what();
    }
    // Without names it works.
    Ptr<TwinBuilder> third = CreateObject<TwinBuilder>();
    third->SetAttribute("RegisterNames", BooleanValue(false));
    EXPECT_EQ(third->Build(nb.Get()).GetN(), 3u);
}

TEST_F(TwinBuilderTest, AddressesInterfacesAndLoopbacks)
{
    NetworkBuilder nb = ChainWithRoutes();
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    Ptr<Ipv4> ipv4 = b->GetNode("B")->GetObject<Ipv4>();
    // Interface 0 is the loopback: 127.0.0.1 plus the node's /32.
    ASSERT_EQ(ipv4->GetNInterfaces(), 3u);
    ASSERT_EQ(ipv4->GetNAddresses(0), 2u);
    EXPECT_EQ(ipv4->GetAddress(0, 1).GetLocal(), Ipv4Address("10.255.0.2"));
    EXPECT_EQ(ipv4->GetAddress(0, 1).GetMask(), Ipv4Mask("255.255.255.255"));
    EXPECT_EQ(b->GetInterfaceIndex("B", "lo"), 0);
    int32_t toA = b->GetInterfaceIndex("B", "to-A");
    int32_t toC = b->GetInterfaceIndex("B", "to-C");
    ASSERT_EQ(toA, 1);
    ASSERT_EQ(toC, 2);
    EXPECT_EQ(ipv4->GetAddress(1, 0).GetLocal(), Ipv4Address("10.0.0.2"));
    EXPECT_EQ(ipv4->GetAddress(1, 0).GetMask(), Ipv4Mask("255.255.255.252"));
    EXPECT_EQ(ipv4->GetAddress(2, 0).GetLocal(), Ipv4Address("10.0.1.1"));
    EXPECT_TRUE(ipv4->IsUp(1));
    EXPECT_TRUE(ipv4->IsUp(2));
    EXPECT_EQ(ipv4->GetNetDevice(1), b->FindLink("B-A")->txDevice);
    EXPECT_EQ(ipv4->GetNetDevice(2), b->FindLink("B-C")->txDevice);
    EXPECT_EQ(b->GetPrimaryAddress("B"), Ipv4Address("10.255.0.2"));
    EXPECT_EQ(b->GetInterfaceIndex("B", "nope"), -1);
}

TEST_F(TwinBuilderTest, PrimaryAddressWithoutLoopbackIsFirstInterfaceAddress)
{
    NetworkBuilder nb;
    nb.Node("A", false).Node("B", false).Link("A", "B");
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    EXPECT_EQ(b->GetPrimaryAddress("A"), Ipv4Address("10.0.0.1"));
    EXPECT_EQ(b->GetPrimaryAddress("B"), Ipv4Address("10.0.0.2"));
}

TEST_F(TwinBuilderTest, LinkParametersPerDirection)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Link("A", "B", 100000000, 0.0125, 42);
    nb.LinkRef("B-A").capacityBps = 25000000;
    nb.LinkRef("B-A").queuePackets = 7;
    nb.NodeRef("A").interfaces[1].mtuBytes = 9000;
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    const auto* ab = b->FindLink("A-B");
    const auto* ba = b->FindLink("B-A");
    ASSERT_TRUE(ab && ba);
    DataRateValue rate;
    ab->txDevice->GetAttribute("DataRate", rate);
    EXPECT_EQ(rate.Get().GetBitRate(), 100000000u);
    ba->txDevice->GetAttribute("DataRate", rate);
    EXPECT_EQ(rate.Get().GetBitRate(), 25000000u);
    EXPECT_EQ(ab->txDevice->GetMtu(), 9000);
    EXPECT_EQ(ba->txDevice->GetMtu(), 1500);
    auto channel = DynamicCast<PointToPointChannel>(ab->txDevice->GetChannel());
    ASSERT_TRUE(channel);
    EXPECT_EQ(channel, ba->txDevice->GetChannel());
    TimeValue delay;
    channel->GetAttribute("Delay", delay);
    EXPECT_EQ(delay.Get(), Seconds(0.0125));
    // FIFO queue discs sized per direction, device queues of one packet.
    auto qab = DynamicCast<FifoQueueDisc>(ab->queueDisc);
    auto qba = DynamicCast<FifoQueueDisc>(ba->queueDisc);
    ASSERT_TRUE(qab && qba);
    EXPECT_EQ(qab->GetMaxSize(), QueueSize("42p"));
    EXPECT_EQ(qba->GetMaxSize(), QueueSize("7p"));
    EXPECT_EQ(ab->txDevice->GetQueue()->GetMaxSize(), QueueSize("1p"));
    auto tc = b->GetNode("A")->GetObject<TrafficControlLayer>();
    EXPECT_EQ(tc->GetRootQueueDiscOnDevice(ab->txDevice), ab->queueDisc);
}

TEST_F(TwinBuilderTest, DefaultQueueSizeAndOtherQueueDisc)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Link("A", "B");
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->SetAttribute("DefaultQueuePackets", UintegerValue(33));
    b->SetAttribute("QueueDiscType", StringValue("ns3::RedQueueDisc"));
    b->SetQueueDiscAttribute("MinTh", DoubleValue(3));
    b->SetQueueDiscAttribute("MaxTh", DoubleValue(9));
    b->Build(nb.Get());
    auto red = DynamicCast<RedQueueDisc>(b->FindLink("A-B")->queueDisc);
    ASSERT_TRUE(red);
    EXPECT_EQ(red->GetMaxSize(), QueueSize("33p"));
    DoubleValue minTh;
    red->GetAttribute("MinTh", minTh);
    EXPECT_EQ(minTh.Get(), 3);
}

TEST_F(TwinBuilderTest, StaticRoutesInstalledLikeByHand)
{
    NetworkBuilder nb = ChainWithRoutes();
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    auto list =
        DynamicCast<Ipv4ListRouting>(b->GetNode("A")->GetObject<Ipv4>()->GetRoutingProtocol());
    ASSERT_TRUE(list);
    ASSERT_EQ(list->GetNRoutingProtocols(), 1u);
    int16_t priority = -1;
    auto st = DynamicCast<Ipv4StaticRouting>(list->GetRoutingProtocol(0, priority));
    ASSERT_TRUE(st);
    EXPECT_EQ(priority, 0);
    // Connected 10.0.0.0/30, loopback 127/8 and 10.255.0.1/32, plus the three configured.
    bool foundHostRoute = false;
    for (uint32_t i = 0; i < st->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry r = st->GetRoute(i);
        if (r.GetDest() == Ipv4Address("10.255.0.3") && r.IsHost())
        {
            foundHostRoute = true;
            EXPECT_EQ(r.GetGateway(), Ipv4Address("10.0.0.2"));
            EXPECT_EQ(r.GetInterface(), 1u);
        }
    }
    EXPECT_TRUE(foundHostRoute);
    EXPECT_EQ(b->GetRoutingGraph(), nullptr);
}

TEST_F(TwinBuilderTest, LoopbackAddressesAreReachable)
{
    // A UDP datagram from A to C's loopback arrives (through B, with static routes).
    NetworkBuilder nb = ChainWithRoutes();
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 9));
    auto sink = DynamicCast<PacketSink>(sinkHelper.Install(b->GetNode("C")).Get(0));
    Ptr<Socket> s = Socket::CreateSocket(b->GetNode("A"), UdpSocketFactory::GetTypeId());
    s->Bind(InetSocketAddress(Ipv4Address("10.255.0.1"), 0));
    Simulator::Schedule(
        Seconds(0.1), [&]()
        { s->SendTo(Create<Packet>(123), 0, InetSocketAddress(Ipv4Address("10.255.0.3"), 9)); });
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(sink->GetTotalRx(), 123u);
}

TEST_F(TwinBuilderTest, DisabledInterfaceIsDown)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B").Link("B", "C").Link("A", "C");
    nb.NodeRef("C").interfaces[2].enabled = false; // C's "to-A"
    TwinInterface spare;
    spare.name = "spare";
    spare.enabled = false;
    spare.addresses.push_back(*TwinIpv4Prefix::Parse("192.0.2.1/32"));
    nb.NodeRef("C").interfaces.push_back(spare);
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    Ptr<Ipv4> c = b->GetNode("C")->GetObject<Ipv4>();
    int32_t toA = b->GetInterfaceIndex("C", "to-A");
    ASSERT_GT(toA, 0);
    EXPECT_FALSE(c->IsUp(static_cast<uint32_t>(toA)));
    EXPECT_EQ(b->GetInterfaceIndex("C", "spare"), -1);
    EXPECT_EQ(c->GetInterfaceForAddress(Ipv4Address("192.0.2.1")), -1);
    // Shortest paths avoid the dead link: A reaches C via B.
    auto graph = b->GetRoutingGraph();
    ASSERT_TRUE(graph);
    EXPECT_EQ(graph->GetPath(0, 2), (std::vector<uint32_t>{0, 1, 2}));
}

TEST_F(TwinBuilderTest, DisabledLinkedInterfaceAcceptsNothing)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B").Link("B", "C").Link("A", "C");
    nb.NodeRef("C").interfaces[2].enabled = false; // C's "to-A", 10.0.2.2/30
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    Ptr<Ipv4> c = b->GetNode("C")->GetObject<Ipv4>();
    int32_t toA = b->GetInterfaceIndex("C", "to-A");
    ASSERT_GT(toA, 0);
    EXPECT_EQ(c->GetNAddresses(static_cast<uint32_t>(toA)), 0u);
    EXPECT_EQ(c->GetInterfaceForAddress(Ipv4Address("10.0.2.2")), -1);
    EXPECT_TRUE(std::any_of(b->GetNotes().begin(), b->GetNotes().end(),
                            [](const std::string& n)
                            { return n.find("'to-A' is disabled") != std::string::npos; }));

    // B sends one datagram to the disabled interface's address and one to C's enabled one;
    // only the second arrives (ns-3's weak end-system model would accept both otherwise).
    PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 9));
    auto sink = DynamicCast<PacketSink>(sinkHelper.Install(b->GetNode("C")).Get(0));
    Ptr<Socket> s = Socket::CreateSocket(b->GetNode("B"), UdpSocketFactory::GetTypeId());
    s->Bind(InetSocketAddress(Ipv4Address("10.255.0.2"), 0));
    Simulator::Schedule(
        Seconds(0.1), [&]()
        { s->SendTo(Create<Packet>(100), 0, InetSocketAddress(Ipv4Address("10.0.2.2"), 9)); });
    Simulator::Schedule(
        Seconds(0.2),
        [&]() { s->SendTo(Create<Packet>(23), 0, InetSocketAddress(Ipv4Address("10.0.1.2"), 9)); });
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(sink->GetTotalRx(), 23u);
}

/**
 * @param net a network
 * @return the message of the TwinBuildError building it throws ("" if none)
 */
std::string
BuildError(const TwinNetwork& net, TwinRoutingMode mode = TwinRoutingMode::Auto)
{
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->SetRoutingMode(mode);
    try
    {
        b->Build(net);
    }
    catch (const TwinBuildError& e)
    {
        Names::Clear();
        return e.what();
    }
    Names::Clear();
    return "";
}

TEST_F(TwinBuilderTest, ErrorsNameTheProblem)
{
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.LinkRef("A-B").destNode = "X";
        EXPECT_NE(BuildError(nb.Get()).find("link 'A-B': destination node 'X' does not exist"),
                  std::string::npos);
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.LinkRef("B-C").sourceTp = "ge-9";
        EXPECT_NE(BuildError(nb.Get()).find("node 'B' has no interface 'ge-9'"), std::string::npos);
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.Get().routes[0].nextHop.reset();
        nb.Get().routes[0].outInterface = "eth7";
        nb.Get().routes[0].source.file = "devices/A.json";
        nb.Get().routes[0].source.line = 17;
        std::string msg = BuildError(nb.Get());
        EXPECT_EQ(msg, "route to 10.255.0.2/32 on node 'A': outgoing interface 'eth7' is not an "
                       "interface of the node (devices/A.json:17)");
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.Get().routes[1].nextHop = *TwinIpv4Prefix::ParseAddress("10.9.9.9");
        EXPECT_NE(BuildError(nb.Get()).find("next hop 10.9.9.9 is on no connected subnet"),
                  std::string::npos);
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.Get().links.pop_back(); // C-B gone
        EXPECT_NE(BuildError(nb.Get()).find("has no reverse direction"), std::string::npos);
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.LinkRef("A-B").delaySeconds = 0.5;
        EXPECT_NE(BuildError(nb.Get()).find("different delays"), std::string::npos);
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.LinkRef("A-B").capacityBps = 0;
        EXPECT_NE(BuildError(nb.Get()).find("capacity is 0"), std::string::npos);
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        nb.Get().nodes.push_back(nb.Get().nodes[0]);
        EXPECT_NE(BuildError(nb.Get()).find("duplicate node-id 'A'"), std::string::npos);
    }
    {
        NetworkBuilder nb = ChainWithRoutes();
        Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
        b->SetAttribute("QueueDiscType", StringValue("ns3::NoSuchQueueDisc"));
        EXPECT_THROW(b->Build(nb.Get()), TwinBuildError);
    }
    // Nothing was registered by the failed builds.
    EXPECT_EQ(Names::Find<Node>("A"), nullptr);
}

TEST_F(TwinBuilderTest, RoutesItCannotInstallAreRefusedWithTheValidatorsWords)
{
    // Each route is one the builder used to accept, or refuse only in its own words.
    struct Case
    {
        std::string what;                          //!< the change
        std::function<void(NetworkBuilder&)> edit; //!< applied to ChainWithRoutes()
        std::string expect;                        //!< the whole message
    };
    auto route = [](NetworkBuilder& nb, const std::string& hop, const std::string& out)
    {
        TwinRoute r;
        r.node = "A";
        r.destination = *TwinIpv4Prefix::Parse("192.0.2.0/24");
        r.nextHop = hop.empty() ? std::nullopt : TwinIpv4Prefix::ParseAddress(hop);
        r.outInterface = out;
        r.source = {"devices/A.json", 40, ""};
        nb.Get().routes.push_back(r);
    };
    const std::string a = "route to 192.0.2.0/24 on node 'A': ";
    const std::string at = " (devices/A.json:40)";
    std::vector<Case> cases = {
        {"out of the loopback", [&](NetworkBuilder& nb) { route(nb, "", "lo"); },
         a + "outgoing interface 'lo' is on no link" + at},
        {"to its own address", [&](NetworkBuilder& nb) { route(nb, "10.0.0.1", ""); },
         a + "next hop 10.0.0.1 is an address of the node itself (interface 'to-B')" + at},
        {"out of a disabled interface",
         [&](NetworkBuilder& nb)
         {
             nb.Node("D");
             nb.Link("A", "D");
             nb.NodeRef("A").interfaces.back().enabled = false;
             route(nb, "", "to-D");
         },
         a + "outgoing interface 'to-D' is disabled" + at},
        {"next hop and interface disagree",
         [&](NetworkBuilder& nb)
         {
             nb.Node("D");
             nb.Link("A", "D"); // 10.0.2.0/30
             route(nb, "10.0.2.2", "to-B");
         },
         a +
             "next hop 10.0.2.2 is not in the subnet of outgoing interface 'to-B' "
             "(10.0.0.1/30)" +
             at},
    };
    for (const auto& c : cases)
    {
        NetworkBuilder nb = ChainWithRoutes();
        c.edit(nb);
        EXPECT_EQ(BuildError(nb.Get()), c.expect) << c.what;
        // The shared check says the same, and so does the validator (see twin-network-checks-
        // test.cc): the builder adds where the route came from.
        TwinRouteCheck check = CheckStaticRoute(nb.Get(), nb.Get().routes.back());
        EXPECT_EQ(check.error + at, c.expect) << c.what;
    }
    // Through an interface that agrees with the next hop, the route builds and is installed.
    NetworkBuilder nb = ChainWithRoutes();
    route(nb, "10.0.0.2", "to-B");
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->Build(nb.Get());
    Ptr<Ipv4StaticRouting> routing =
        Ipv4StaticRoutingHelper().GetStaticRouting(b->GetNode("A")->GetObject<Ipv4>());
    bool found = false;
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry e = routing->GetRoute(i);
        found =
            found ||
            (e.GetDest() == Ipv4Address("192.0.2.0") && e.GetGateway() == Ipv4Address("10.0.0.2") &&
             e.GetInterface() == static_cast<uint32_t>(b->GetInterfaceIndex("A", "to-B")));
    }
    EXPECT_TRUE(found);
}

TEST_F(TwinBuilderTest, NamesThatCollideAfterMappingAreABuildError)
{
    NetworkBuilder nb;
    nb.Node("pop/1").Node("pop_1").Link("pop/1", "pop_1");
    uint32_t nodesBefore = NodeList::GetNNodes();
    std::string msg = BuildError(nb.Get());
    EXPECT_NE(msg.find("'pop/1' and 'pop_1'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("RegisterNames"), std::string::npos) << msg;
    EXPECT_EQ(NodeList::GetNNodes(), nodesBefore);
    // Without names the network builds.
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->SetAttribute("RegisterNames", BooleanValue(false));
    EXPECT_EQ(b->Build(nb.Get()).GetN(), 2u);
}

TEST_F(TwinBuilderTest, FailedBuildCreatesNothingAndCanBeRetried)
{
    NetworkBuilder nb = ChainWithRoutes();
    uint32_t nodesBefore = NodeList::GetNNodes();
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();

    // A broken network first: it leaves no state behind in the builder.
    NetworkBuilder broken = ChainWithRoutes();
    broken.LinkRef("A-B").destNode = "X";
    EXPECT_THROW(b->Build(broken.Get()), TwinBuildError);
    EXPECT_EQ(NodeList::GetNNodes(), nodesBefore);

    // A name taken by something else: found before any node is created.
    Names::Add("B", CreateObject<TwinBuilder>());
    EXPECT_THROW(b->Build(nb.Get()), TwinBuildError);
    EXPECT_EQ(NodeList::GetNNodes(), nodesBefore);
    EXPECT_EQ(Names::Find<Node>("A"), nullptr);
    Names::Clear();

    // A queue disc attribute the type does not have: also before anything is created.
    Ptr<TwinBuilder> other = CreateObject<TwinBuilder>();
    other->SetQueueDiscAttribute("NoSuchAttribute", UintegerValue(1));
    try
    {
        other->Build(nb.Get());
        FAIL() << "expected TwinBuildError";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("NoSuchAttribute"), std::string::npos) << e.what();
    }
    EXPECT_EQ(NodeList::GetNNodes(), nodesBefore);
    EXPECT_EQ(Names::Find<Node>("A"), nullptr);

    // The cause removed, the same builder builds the network.
    EXPECT_FALSE(b->IsBuilt());
    NodeContainer nodes = b->Build(nb.Get());
    ASSERT_EQ(nodes.GetN(), 3u);
    EXPECT_TRUE(b->IsBuilt());
    EXPECT_EQ(NodeList::GetNNodes(), nodesBefore + 3);
    EXPECT_EQ(b->GetNode("C"), nodes.Get(2));
    EXPECT_EQ(Names::Find<Node>("B"), nodes.Get(1));
    EXPECT_EQ(b->GetLinks().size(), 4u);
    EXPECT_EQ(b->GetInterfaceIndex("B", "to-C"), 2);
    EXPECT_TRUE(b->GetNotes().empty());
    // Built once: a second Build is refused.
    EXPECT_THROW(b->Build(nb.Get()), TwinBuildError);
}

/**
 * @param type a queue disc TypeId name
 * @return the message of the TwinBuildError building a small network with it ("" if none)
 */
std::string
QueueDiscError(const std::string& type)
{
    NetworkBuilder nb;
    nb.Node("A").Node("B").Link("A", "B", 10000000, 0.002, 42);
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->SetAttribute("QueueDiscType", StringValue(type));
    uint32_t nodesBefore = NodeList::GetNNodes();
    std::string message;
    try
    {
        b->Build(nb.Get());
        // Built: the snapshot's limit must be in effect.
        QueueSizeValue size;
        EXPECT_TRUE(b->FindLink("A-B")->queueDisc->GetAttributeFailSafe("MaxSize", size))
            << type << " was built without a size limit";
        EXPECT_EQ(size.Get(), QueueSize("42p")) << type;
    }
    catch (const TwinBuildError& e)
    {
        message = e.what();
        EXPECT_EQ(NodeList::GetNNodes(), nodesBefore) << type;
    }
    Names::Clear();
    return message;
}

TEST_F(TwinBuilderTest, MultiQueueDiscIsRefused)
{
    std::string msg = QueueDiscError("ns3::MqQueueDisc");
    EXPECT_NE(msg.find("ns3::MqQueueDisc"), std::string::npos) << msg;
    EXPECT_NE(msg.find("multi-queue"), std::string::npos) << msg;
}

TEST_F(TwinBuilderTest, QueueDiscWithoutSizeLimitIsRefused)
{
    std::string msg = QueueDiscError("ns3::PrioQueueDisc");
    EXPECT_NE(msg.find("ns3::PrioQueueDisc"), std::string::npos) << msg;
    EXPECT_NE(msg.find("MaxSize"), std::string::npos) << msg;
    msg = QueueDiscError("ns3::QueueDisc");
    EXPECT_NE(msg.find("ns3::QueueDisc"), std::string::npos) << msg;
    msg = QueueDiscError("ns3::Object");
    EXPECT_NE(msg.find("not a registered ns-3 queue disc type"), std::string::npos) << msg;
}

TEST_F(TwinBuilderTest, SingleQueueDiscsTakeTheSnapshotLimit)
{
    for (const char* type :
         {"ns3::FifoQueueDisc", "ns3::PfifoFastQueueDisc", "ns3::RedQueueDisc",
          "ns3::CoDelQueueDisc", "ns3::FqCoDelQueueDisc", "ns3::PieQueueDisc", "ns3::TbfQueueDisc"})
    {
        EXPECT_EQ(QueueDiscError(type), "") << type;
    }
}

TEST_F(TwinBuilderTest, RoutingModes)
{
    {
        NetworkBuilder nb = ChainWithRoutes();
        Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
        b->SetRoutingMode(TwinRoutingMode::ShortestPath);
        b->Build(nb.Get());
        EXPECT_EQ(b->GetRoutingMode(), TwinRoutingMode::ShortestPath);
        EXPECT_TRUE(b->GetRoutingGraph());
        ASSERT_FALSE(b->GetNotes().empty());
        EXPECT_NE(b->GetNotes()[0].find("8 static routes are not installed"), std::string::npos);
    }
    Names::Clear();
    {
        NetworkBuilder nb;
        nb.Node("A").Node("B").Link("A", "B");
        Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
        b->SetAttribute("RoutingMode", EnumValue(static_cast<int>(TwinRoutingMode::Configured)));
        b->Build(nb.Get());
        EXPECT_EQ(b->GetRoutingMode(), TwinRoutingMode::Configured);
        EXPECT_FALSE(b->GetRoutingGraph());
    }
    EXPECT_EQ(ParseTwinRoutingMode("shortest-path"), TwinRoutingMode::ShortestPath);
    EXPECT_EQ(ParseTwinRoutingMode("configured"), TwinRoutingMode::Configured);
    EXPECT_EQ(ParseTwinRoutingMode("auto"), TwinRoutingMode::Auto);
    EXPECT_FALSE(ParseTwinRoutingMode("ospf"));
}

} // namespace
} // namespace test
} // namespace ns3
