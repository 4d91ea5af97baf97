/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/twin-network-checks.h"
#include "ns3/twin-validator.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <optional>
#include <string>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;

/** The file name every element of the test networks claims to come from. */
const std::string kFile = "net.yang";

/**
 * @param line a line of kFile
 * @return the location
 */
TwinSourceRef
At(uint32_t line)
{
    return {kFile, line, ""};
}

/**
 * @return success if a diagnostic of the severity at kFile:line contains the text;
 *         otherwise a failure listing every diagnostic
 */
::testing::AssertionResult
Has(const TwinDiagnostics& diagnostics, Severity severity, uint32_t line, const std::string& text)
{
    for (const auto& d : diagnostics.All())
    {
        if (d.severity == severity && d.where.file == kFile && d.where.line == line &&
            d.message.find(text) != std::string::npos)
        {
            return ::testing::AssertionSuccess();
        }
    }
    auto failure = ::testing::AssertionFailure();
    failure << "no diagnostic at " << kFile << ":" << line << " containing '" << text << "'; got:";
    for (const auto& d : diagnostics.All())
    {
        failure << "\n  " << d.ToString();
    }
    return failure;
}

/**
 * @param name interface name
 * @param line where defined
 * @param address "a.b.c.d/len" or empty
 * @param speed speed in bit/s, if any
 * @return the interface
 */
TwinInterface
Iface(const std::string& name, uint32_t line, const std::string& address = "",
      std::optional<uint64_t> speed = std::nullopt)
{
    TwinInterface i;
    i.name = name;
    i.source = At(line);
    i.mtuBytes = 1500;
    i.speedBps = speed;
    if (!address.empty())
    {
        i.addresses.push_back(*TwinIpv4Prefix::Parse(address));
    }
    return i;
}

/**
 * @return a directed link
 */
TwinLink
Link(const std::string& id, const std::string& a, const std::string& atp, const std::string& b,
     const std::string& btp, uint32_t line, uint64_t capacity = 1000000000)
{
    TwinLink l;
    l.id = id;
    l.sourceNode = a;
    l.sourceTp = atp;
    l.destNode = b;
    l.destTp = btp;
    l.capacityBps = capacity;
    l.delaySeconds = 0.002;
    l.queuePackets = 100;
    l.source = At(line);
    return l;
}

/**
 * A valid network: R1 -- R2 -- R3 with /30 subnets, a static route and a demand. Lines
 * 1-3 are nodes, 10-19 interfaces, 20-23 links, 30 the route, 40 the demand.
 * @return the network
 */
TwinNetwork
Valid()
{
    TwinNetwork net;
    net.name = "valid";
    TwinNode r1{"R1", std::nullopt, std::nullopt, {}, At(1)};
    TwinNode r2{"R2", std::nullopt, std::nullopt, {}, At(2)};
    TwinNode r3{"R3", std::nullopt, std::nullopt, {}, At(3)};
    r1.interfaces.push_back(Iface("eth0", 10, "10.1.0.1/30", 1000000000));
    r1.interfaces.push_back(Iface("lo", 11, "192.168.0.1/32"));
    r2.interfaces.push_back(Iface("eth0", 12, "10.1.0.2/30", 1000000000));
    r2.interfaces.push_back(Iface("eth1", 13, "10.1.0.5/30"));
    r3.interfaces.push_back(Iface("eth0", 14, "10.1.0.6/30"));
    net.nodes = {r1, r2, r3};
    net.links.push_back(Link("l1", "R1", "eth0", "R2", "eth0", 20));
    net.links.push_back(Link("l1r", "R2", "eth0", "R1", "eth0", 21));
    net.links.push_back(Link("l2", "R2", "eth1", "R3", "eth0", 22));
    net.links.push_back(Link("l2r", "R3", "eth0", "R2", "eth1", 23));
    TwinRoute route;
    route.node = "R1";
    route.destination = *TwinIpv4Prefix::Parse("10.1.0.4/30");
    route.nextHop = TwinIpv4Prefix::ParseAddress("10.1.0.2");
    route.source = At(30);
    net.routes.push_back(route);
    TwinDemand demand;
    demand.id = "d1";
    demand.sourceNode = "R1";
    demand.destNode = "R3";
    demand.rateBps = 1e6;
    demand.source = At(40);
    net.demands.push_back(demand);
    return net;
}

/**
 * Run the validator with default options.
 * @param net the network
 * @param strict strict mode
 * @return the diagnostics
 */
TwinDiagnostics
Validate(TwinNetwork& net, bool strict = false)
{
    TwinImportOptions options;
    options.strict = strict;
    TwinDiagnostics d;
    TwinValidator::Run(net, options, d);
    return d;
}

TEST(Validator, ValidNetworkHasNoFindingsAndIsUnchanged)
{
    TwinNetwork net = Valid();
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(d.All().empty()) << test::Dump(d);
    EXPECT_EQ(net.links.size(), 4U);
    EXPECT_EQ(net.nodes[0].interfaces[0].addresses.size(), 1U);
    // A second run finds nothing new: the validator's completion is idempotent.
    TwinDiagnostics again = Validate(net);
    EXPECT_TRUE(again.All().empty()) << test::Dump(again);
}

TEST(Validator, DuplicateNodeId)
{
    TwinNetwork net = Valid();
    TwinNode dup{"R2", std::nullopt, std::nullopt, {}, At(4)};
    net.nodes.push_back(dup);
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 4, "duplicate node id 'R2' (first defined at net.yang:2)"));
}

TEST(Validator, DuplicateLinkId)
{
    TwinNetwork net = Valid();
    net.links[2].id = "l1";
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(
        Has(d, Severity::Error, 22, "duplicate link id 'l1' (first defined at net.yang:20)"));
}

TEST(Validator, DuplicateInterfaceName)
{
    TwinNetwork net = Valid();
    net.nodes[2].interfaces.push_back(Iface("eth0", 15));
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 15, "duplicate interface 'R3:eth0'"));
}

TEST(Validator, DuplicateDemandId)
{
    TwinNetwork net = Valid();
    TwinDemand second = net.demands[0];
    second.source = At(41);
    net.demands.push_back(second);
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(
        Has(d, Severity::Error, 41, "duplicate demand id 'd1' (first defined at net.yang:40)"));
}

TEST(Validator, LinkToMissingNode)
{
    TwinNetwork net = Valid();
    net.links[2].destNode = "R9";
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 22, "link 'l2': destination node 'R9' does not exist"));
}

TEST(Validator, LinkToMissingTerminationPoint)
{
    TwinNetwork net = Valid();
    net.links[0].sourceTp = "eth7";
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 20,
                    "link 'l1': source termination point 'eth7' is not an interface of node 'R1'"));
}

TEST(Validator, LinkWithoutTerminationPoint)
{
    TwinNetwork net = Valid();
    net.links[1].destTp.clear();
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 21, "link 'l1r': no destination termination point"));
}

TEST(Validator, TerminationPointOnTwoLinks)
{
    TwinNetwork net = Valid();
    // R2:eth0 is already the source of l1r; a second link from it is not point-to-point.
    net.links.push_back(Link("l3", "R2", "eth0", "R3", "eth0", 24));
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 24,
                    "termination point 'R2:eth0' is already the source of link 'l1r'"));
}

TEST(Validator, NodesWithoutInterfacesGetThemFromTerminationPoints)
{
    TwinNetwork net;
    net.nodes.push_back({"A", std::nullopt, std::nullopt, {}, At(1)});
    net.nodes.push_back({"B", std::nullopt, std::nullopt, {}, At(2)});
    net.links.push_back(Link("ab", "A", "p1", "B", "p9", 5));
    net.links.push_back(Link("ba", "B", "p9", "A", "p1", 6));
    TwinDiagnostics d = Validate(net);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    ASSERT_NE(net.FindInterface("A", "p1"), nullptr);
    ASSERT_NE(net.FindInterface("B", "p9"), nullptr);
    EXPECT_TRUE(Has(d, Severity::Note, 5, "2 interfaces were created"));
}

TEST(Validator, MissingReverseIsAddedWithWarning)
{
    TwinNetwork net = Valid();
    net.links[3].capacityBps = 5000000;
    net.links[3].delaySeconds = 0.007;
    net.links[3].queuePackets = 42;
    net.links.erase(net.links.begin() + 2); // drop l2, keep only l2r
    TwinDiagnostics d = Validate(net);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    EXPECT_TRUE(
        Has(d, Severity::Warning, 23,
            "link 'l2r' (R3:eth0 -> R2:eth1) has no reverse direction; added 'l2r-reverse'"));
    ASSERT_EQ(net.links.size(), 4U);
    const TwinLink& added = net.links.back();
    EXPECT_EQ(added.id, "l2r-reverse");
    EXPECT_EQ(added.sourceNode, "R2");
    EXPECT_EQ(added.sourceTp, "eth1");
    EXPECT_EQ(added.destNode, "R3");
    EXPECT_EQ(added.destTp, "eth0");
    EXPECT_EQ(added.capacityBps, 5000000U);
    EXPECT_DOUBLE_EQ(added.delaySeconds, 0.007);
    EXPECT_EQ(added.queuePackets, 42U);
}

TEST(Validator, AddedReverseGetsAFreeId)
{
    TwinNetwork net;
    for (const char* id : {"A", "B", "C", "D"})
    {
        net.nodes.push_back({id, std::nullopt, std::nullopt, {}, At(1)});
    }
    // "x" lacks its reverse, and the id "x-reverse" is taken by an unrelated one-way link.
    net.links.push_back(Link("x", "A", "p", "B", "q", 5));
    net.links.push_back(Link("x-reverse", "C", "r", "D", "s", 6));
    TwinDiagnostics d = Validate(net);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    ASSERT_EQ(net.links.size(), 4U);
    EXPECT_EQ(net.links[2].id, "x-reverse-2");
    EXPECT_EQ(net.links[2].sourceNode, "B");
    EXPECT_EQ(net.links[3].id, "x-reverse-reverse");
    EXPECT_TRUE(Has(d, Severity::Warning, 5, "added 'x-reverse-2'"));
}

TEST(Validator, MissingReverseIsAnErrorWhenStrict)
{
    TwinNetwork net = Valid();
    net.links.erase(net.links.begin() + 2);
    TwinDiagnostics d = Validate(net, true);
    EXPECT_TRUE(Has(d, Severity::Error, 23,
                    "link 'l2r' (R3:eth0 -> R2:eth1) has no reverse direction (strict mode)"));
    EXPECT_EQ(net.links.size(), 3U);
}

TEST(Validator, DifferentSpeedsUseTheLower)
{
    TwinNetwork net = Valid();
    net.nodes[1].interfaces[1].speedBps = 10000000000ULL; // R2:eth1 10G
    net.nodes[2].interfaces[0].speedBps = 100000000ULL;   // R3:eth0 100M
    net.links[2].capacityBps = 0;
    net.links[3].capacityBps = 0;
    TwinDiagnostics d = Validate(net);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    EXPECT_TRUE(Has(d, Severity::Warning, 22,
                    "interfaces R2:eth1 (10 Gbit/s) and R3:eth0 (100 Mbit/s) have different "
                    "speeds; the lower, 100 Mbit/s, is used"));
    // One warning for the pair, not one per direction.
    EXPECT_EQ(d.Count(Severity::Warning), 1U) << test::Dump(d);
    EXPECT_EQ(net.links[2].capacityBps, 100000000U);
    EXPECT_EQ(net.links[3].capacityBps, 100000000U);
}

TEST(Validator, CapacityFromInterfacesOrDefault)
{
    TwinNetwork net = Valid();
    for (auto& l : net.links)
    {
        l.capacityBps = 0;
    }
    // l1: both ends 1 Gbit/s; l2: only R3:eth0 has a speed; add l3 with no speed at all.
    net.nodes[2].interfaces[0].speedBps = 40000000ULL;
    net.nodes[0].interfaces.push_back(Iface("eth2", 16, "10.1.0.9/30"));
    net.nodes[2].interfaces.push_back(Iface("eth2", 17, "10.1.0.10/30"));
    net.links.push_back(Link("l3", "R1", "eth2", "R3", "eth2", 24, 0));
    net.links.push_back(Link("l3r", "R3", "eth2", "R1", "eth2", 25, 0));
    TwinImportOptions options;
    options.defaultCapacityBps = 123456789;
    TwinDiagnostics d;
    TwinValidator::Run(net, options, d);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    EXPECT_EQ(net.links[0].capacityBps, 1000000000U);
    EXPECT_EQ(net.links[2].capacityBps, 40000000U);
    EXPECT_EQ(net.links[3].capacityBps, 40000000U);
    EXPECT_EQ(net.links[4].capacityBps, 123456789U);
    EXPECT_EQ(net.links[5].capacityBps, 123456789U);
    EXPECT_TRUE(Has(d, Severity::Note, 24,
                    "2 directed links have no capacity and no interface speed; they use the "
                    "default capacity 123.457 Mbit/s"));
    EXPECT_EQ(d.Count(Severity::Note), 1U) << test::Dump(d);
}

TEST(Validator, ZeroCapacityAfterDerivation)
{
    TwinNetwork net = Valid();
    net.links[2].capacityBps = 0;
    TwinImportOptions options;
    options.defaultCapacityBps = 0;
    TwinDiagnostics d;
    TwinValidator::Run(net, options, d);
    EXPECT_TRUE(Has(d, Severity::Error, 22, "link 'l2': capacity is 0 bit/s"));
}

TEST(Validator, AbsurdInterfaceValues)
{
    TwinNetwork net = Valid();
    net.nodes[0].interfaces[0].speedBps = 0;
    net.nodes[1].interfaces[0].mtuBytes = 67;
    net.nodes[1].interfaces[1].mtuBytes = 68; // the minimum itself is fine
    net.nodes[2].interfaces[0].addresses[0].prefixLength = 33;
    net.nodes[0].interfaces[1].addresses[0].prefixLength = 0;
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 10, "interface 'R1:eth0': speed is 0 bit/s"));
    EXPECT_TRUE(Has(d, Severity::Error, 12,
                    "interface 'R2:eth0': MTU 67 bytes is below the IPv4 minimum of 68"));
    EXPECT_TRUE(
        Has(d, Severity::Error, 14, "interface 'R3:eth0': address 10.1.0.6 has prefix length 33"));
    EXPECT_TRUE(
        Has(d, Severity::Error, 11, "interface 'R1:lo': address 192.168.0.1 has prefix length 0"));
    EXPECT_FALSE(Has(d, Severity::Error, 13, "MTU"));
}

TEST(Validator, AbsurdLinkDelays)
{
    TwinNetwork net = Valid();
    net.links[0].delaySeconds = -0.001;
    net.links[1].delaySeconds = std::numeric_limits<double>::quiet_NaN();
    net.links[2].delaySeconds = std::numeric_limits<double>::infinity();
    net.links[3].queuePackets = 0; // builder default: allowed
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 20, "link 'l1': delay -0.001 s is negative or not finite"));
    EXPECT_TRUE(Has(d, Severity::Error, 21, "link 'l1r': delay nan s is negative or not finite"));
    EXPECT_TRUE(Has(d, Severity::Error, 22, "link 'l2': delay inf s"));
    EXPECT_EQ(d.Count(Severity::Error), 3U) << test::Dump(d);
}

TEST(Validator, SameAddressTwice)
{
    TwinNetwork net = Valid();
    net.nodes[2].interfaces.push_back(Iface("lo", 15, "192.168.0.1/32"));
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(
        Has(d, Severity::Error, 15,
            "address 192.168.0.1 of interface 'R3:lo' is also assigned to 'R1:lo' (net.yang:11)"));
}

TEST(Validator, OverlappingSubnetsOnDifferentLinks)
{
    TwinNetwork net = Valid();
    // l2 now uses 10.1.0.0/29, which holds l1's 10.1.0.0/30.
    net.nodes[1].interfaces[1].addresses[0] = *TwinIpv4Prefix::Parse("10.1.0.5/29");
    net.nodes[2].interfaces[0].addresses[0] = *TwinIpv4Prefix::Parse("10.1.0.6/29");
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 10,
                    "subnet 10.1.0.1/30 of interface 'R1:eth0' (link 'l1') overlaps subnet "
                    "10.1.0.5/29 of 'R2:eth1' (link 'l2'"));
    // Both ends of one link in the same subnet are not an overlap.
    TwinNetwork ok = Valid();
    TwinDiagnostics none = Validate(ok);
    EXPECT_EQ(none.Count(Severity::Error), 0U);
}

TEST(Validator, LinkEndsInDifferentSubnets)
{
    TwinNetwork net = Valid();
    net.nodes[2].interfaces[0].addresses[0] = *TwinIpv4Prefix::Parse("10.1.0.9/30");
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Warning, 22,
                    "link 'l2': the addresses of R2:eth1 and R3:eth0 share no subnet"));
}

TEST(Validator, StaticRoutes)
{
    TwinNetwork net = Valid();
    TwinRoute base = net.routes[0];
    TwinRoute offSubnet = base;
    offSubnet.nextHop = TwinIpv4Prefix::ParseAddress("10.1.0.6");
    offSubnet.source = At(31);
    TwinRoute unknownNode = base;
    unknownNode.node = "R7";
    unknownNode.source = At(32);
    TwinRoute unknownIface = base;
    unknownIface.outInterface = "ge-0/0/0";
    unknownIface.source = At(33);
    TwinRoute viaInterface = base;
    viaInterface.nextHop.reset();
    viaInterface.outInterface = "eth0";
    viaInterface.source = At(34);
    TwinRoute nothing = base;
    nothing.nextHop.reset();
    nothing.source = At(35);
    net.routes = {base, offSubnet, unknownNode, unknownIface, viaInterface, nothing};
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 31,
                    "route to 10.1.0.4/30 on node 'R1': next hop 10.1.0.6 is on no connected "
                    "subnet of the node"));
    EXPECT_TRUE(
        Has(d, Severity::Error, 32, "route to 10.1.0.4/30 on node 'R7': the node does not exist"));
    EXPECT_TRUE(Has(d, Severity::Error, 33,
                    "outgoing interface 'ge-0/0/0' is not an interface of the node"));
    EXPECT_TRUE(Has(d, Severity::Error, 35, "neither a next hop nor an outgoing interface"));
    EXPECT_EQ(d.Count(Severity::Error), 4U) << test::Dump(d);
}

TEST(Validator, StaticRoutesMustBeInstallable)
{
    // The builder installs a route on a linked, enabled interface towards a neighbour: the
    // validator refuses what it could not install, so no imported snapshot fails every run.
    TwinNetwork net = Valid();
    // R1's loopback gets a subnet of its own: an interface subnet, but on no link.
    net.nodes[0].interfaces[1].addresses.push_back(*TwinIpv4Prefix::Parse("172.16.0.1/24"));
    // A spare interface on R2, on no link and disabled.
    net.nodes[1].interfaces.push_back(Iface("eth9", 15, "10.9.0.1/30"));
    net.nodes[1].interfaces.back().enabled = false;
    TwinRoute base = net.routes[0];
    auto make = [&base](uint32_t line, const std::string& node, const std::string& destination,
                        const std::string& nextHop, const std::string& outInterface)
    {
        TwinRoute r = base;
        r.node = node;
        r.destination = *TwinIpv4Prefix::Parse(destination);
        r.nextHop = nextHop.empty() ? std::nullopt : TwinIpv4Prefix::ParseAddress(nextHop);
        r.outInterface = outInterface;
        r.source = At(line);
        return r;
    };
    net.routes = {
        base,
        make(50, "R1", "192.0.2.0/24", "", "lo"),           // out of the loopback
        make(51, "R1", "192.0.2.0/24", "172.16.0.9", ""),   // via the loopback's subnet
        make(52, "R1", "192.0.2.0/24", "10.1.0.1", ""),     // to itself
        make(53, "R1", "192.0.2.0/24", "10.1.0.1", "eth0"), // to itself, named interface
        make(54, "R2", "192.0.2.0/24", "10.1.0.6", "eth0"), // next hop behind eth1
        make(55, "R2", "192.0.2.0/24", "", "eth9"),         // disabled
        make(56, "R2", "192.0.2.0/24", "10.9.0.2", ""),     // behind a disabled interface
        make(57, "R2", "192.0.2.0/24", "10.1.0.6", "eth1"), // fine: both agree
        make(58, "R2", "192.0.2.0/24", "", "eth1"),         // fine: interface only
        make(59, "R3", "0.0.0.0/0", "10.1.0.5", ""),        // fine: default route
    };
    TwinDiagnostics d = Validate(net);
    const std::string r1 = "route to 192.0.2.0/24 on node 'R1': ";
    const std::string r2 = "route to 192.0.2.0/24 on node 'R2': ";
    EXPECT_TRUE(Has(d, Severity::Error, 50, r1 + "outgoing interface 'lo' is on no link"));
    EXPECT_TRUE(Has(d, Severity::Error, 51,
                    r1 + "next hop 172.16.0.9 is on no connected subnet of the node"));
    EXPECT_TRUE(Has(d, Severity::Error, 52,
                    r1 + "next hop 10.1.0.1 is an address of the node itself (interface "
                         "'eth0')"));
    EXPECT_TRUE(Has(d, Severity::Error, 53,
                    r1 + "next hop 10.1.0.1 is an address of the node itself (interface "
                         "'eth0')"));
    EXPECT_TRUE(Has(d, Severity::Error, 54,
                    r2 + "next hop 10.1.0.6 is not in the subnet of outgoing interface 'eth0' "
                         "(10.1.0.2/30)"));
    EXPECT_TRUE(Has(d, Severity::Error, 55, r2 + "outgoing interface 'eth9' is disabled"));
    EXPECT_TRUE(Has(d, Severity::Error, 56,
                    r2 + "next hop 10.9.0.2 is on no connected subnet of the node"));
    EXPECT_EQ(d.Count(Severity::Error), 7U) << test::Dump(d);

    // The validator reports exactly what the shared check finds, route by route.
    std::vector<TwinRouteCheck> checks = CheckStaticRoutes(net);
    ASSERT_EQ(checks.size(), net.routes.size());
    for (std::size_t r = 0; r < checks.size(); ++r)
    {
        const uint32_t line = net.routes[r].source.line;
        if (checks[r].error.empty())
        {
            EXPECT_TRUE(line == 30 || line >= 57) << line << ": " << test::Dump(d);
        }
        else
        {
            EXPECT_TRUE(Has(d, Severity::Error, line, checks[r].error));
        }
    }
    EXPECT_EQ(checks[1].outInterface, "");
    EXPECT_EQ(checks[0].outInterface, "eth0"); // resolved from the next hop
    EXPECT_EQ(checks[8].outInterface, "eth1");
    EXPECT_EQ(checks[10].outInterface, "eth0");
}

TEST(Validator, RouteOutOfAnInterfaceThatIsDisabledOnItsLink)
{
    TwinNetwork net = Valid();
    net.nodes[1].interfaces[1].enabled = false; // R2:eth1, on link l2
    TwinRoute base = net.routes[0];
    TwinRoute out = base;
    out.node = "R2";
    out.destination = *TwinIpv4Prefix::Parse("192.0.2.0/24");
    out.nextHop.reset();
    out.outInterface = "eth1";
    out.source = At(50);
    TwinRoute via = out;
    via.outInterface.clear();
    via.nextHop = TwinIpv4Prefix::ParseAddress("10.1.0.6");
    via.source = At(51);
    net.routes = {base, out, via};
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 50,
                    "route to 192.0.2.0/24 on node 'R2': outgoing interface 'eth1' is disabled"));
    EXPECT_TRUE(Has(d, Severity::Error, 51,
                    "route to 192.0.2.0/24 on node 'R2': next hop 10.1.0.6 is on no connected "
                    "subnet of the node"));
    EXPECT_EQ(d.Count(Severity::Error), 2U) << test::Dump(d);
}

TEST(Validator, Demands)
{
    TwinNetwork net = Valid();
    TwinDemand base = net.demands[0];
    auto make = [&base](const std::string& id, uint32_t line)
    {
        TwinDemand d = base;
        d.id = id;
        d.source = At(line);
        return d;
    };
    TwinDemand unknownSrc = make("u1", 41);
    unknownSrc.sourceNode = "Nowhere";
    TwinDemand unknownDst = make("u2", 42);
    unknownDst.destNode = "Elsewhere";
    TwinDemand same = make("same", 43);
    same.destNode = "R1";
    TwinDemand zeroRate = make("zero", 44);
    zeroRate.rateBps = 0;
    TwinDemand negativeRate = make("neg", 45);
    negativeRate.rateBps = -5;
    TwinDemand early = make("early", 46);
    early.startSeconds = -1;
    TwinDemand backwards = make("back", 47);
    backwards.startSeconds = 5;
    backwards.stopSeconds = 2;
    TwinDemand tcp = make("tcp", 48);
    tcp.protocol = TwinProtocol::Tcp;
    tcp.rateBps = 0; // a TCP demand needs no rate
    tcp.bytes = 0;   // 0 = unlimited
    net.demands = {base,         unknownSrc, unknownDst, same, zeroRate,
                   negativeRate, early,      backwards,  tcp};
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(
        Has(d, Severity::Error, 41, "demand 'u1': source node 'Nowhere' is not in the network"));
    EXPECT_TRUE(Has(d, Severity::Error, 42,
                    "demand 'u2': destination node 'Elsewhere' is not in the network"));
    EXPECT_TRUE(Has(d, Severity::Error, 43,
                    "demand 'same': source and destination are the same node 'R1'"));
    EXPECT_TRUE(Has(d, Severity::Error, 44,
                    "demand 'zero': udp rate 0 bit/s is below the minimum of 1 "
                    "bit/s"));
    EXPECT_TRUE(Has(d, Severity::Error, 45, "demand 'neg': udp rate -5 bit/s"));
    EXPECT_TRUE(Has(d, Severity::Error, 46, "demand 'early': start time -1 s is negative"));
    EXPECT_TRUE(Has(d, Severity::Error, 47,
                    "demand 'back': stop time 2 s is not after the start time 5 s"));
    EXPECT_EQ(d.Count(Severity::Error), 7U) << test::Dump(d);
}

TEST(Validator, AssignsAddressesWhenThereAreNone)
{
    TwinNetwork net = Valid();
    net.routes.clear();
    for (auto& n : net.nodes)
    {
        for (auto& i : n.interfaces)
        {
            i.addresses.clear();
            i.mtuBytes.reset();
        }
    }
    // Link order decides the subnets: make l2 come first.
    std::swap(net.links[0], net.links[2]);
    std::swap(net.links[1], net.links[3]);
    TwinImportOptions options;
    options.defaultMtuBytes = 9000;
    TwinDiagnostics d;
    TwinValidator::Run(net, options, d);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    auto address = [&net](const std::string& node, const std::string& iface)
    {
        const TwinInterface* i = net.FindInterface(node, iface);
        return i != nullptr && i->addresses.size() == 1 ? i->addresses[0].ToString() : "none";
    };
    EXPECT_EQ(address("R2", "eth1"), "10.0.0.1/30");
    EXPECT_EQ(address("R3", "eth0"), "10.0.0.2/30");
    EXPECT_EQ(address("R1", "eth0"), "10.0.0.5/30");
    EXPECT_EQ(address("R2", "eth0"), "10.0.0.6/30");
    EXPECT_EQ(address("R1", "lo"), "none"); // on no link
    EXPECT_EQ(net.FindInterface("R1", "lo")->mtuBytes.value_or(0), 9000U);
    EXPECT_EQ(d.Count(Severity::Note), 1U) << test::Dump(d);
    const TwinDiagnostic& note = d.All()[0];
    EXPECT_EQ(note.where.file, kFile);
    EXPECT_NE(note.message.find("assigned one /30 per link from 10.0.0.0/8 to 2 links"),
              std::string::npos)
        << note.message;
    EXPECT_NE(note.message.find("routes will be computed"), std::string::npos) << note.message;
}

TEST(Validator, LinkEndWithoutAddressWhenOthersHaveOneIsAnError)
{
    // Addresses are assigned all or nothing: with some configured, a link end without one
    // is a gap in the device data, not something to fill in.
    TwinNetwork net = Valid();
    for (auto& i : net.nodes[2].interfaces)
    {
        i.addresses.clear();
    }
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(net.nodes[2].interfaces[0].addresses.empty());
    EXPECT_EQ(d.Count(Severity::Note), 0U) << test::Dump(d);
    EXPECT_TRUE(Has(d, Severity::Error, 14,
                    "interface 'R3:eth0' (an end of link 'l2') has no IPv4 address"));
    // And with no address at all, R3 cannot receive the demand.
    EXPECT_TRUE(Has(d, Severity::Error, 40,
                    "demand 'd1': destination node 'R3' has no IPv4 address on an enabled "
                    "interface"));
    EXPECT_EQ(d.Count(Severity::Error), 2U) << test::Dump(d);

    // A disabled interface carries no traffic: it may stay without an address (R3 keeps
    // one on its loopback for the demand).
    TwinNetwork disabled = Valid();
    disabled.nodes[2].interfaces[0].addresses.clear();
    disabled.nodes[2].interfaces[0].enabled = false;
    disabled.nodes[2].interfaces.push_back(Iface("lo", 15, "192.168.0.3/32"));
    TwinDiagnostics none = Validate(disabled);
    EXPECT_FALSE(none.HasErrors()) << test::Dump(none);
}

TEST(Validator, SelfLoopIsDroppedWithAWarning)
{
    TwinNetwork net = Valid();
    // R2:eth1 -> R2:eth2 and back: a link from a node to itself.
    net.nodes[1].interfaces.push_back(Iface("eth2", 16, "10.1.0.13/30"));
    net.nodes[1].interfaces.push_back(Iface("eth3", 17));
    net.links.push_back(Link("loop", "R2", "eth2", "R2", "eth3", 24));
    net.links.push_back(Link("loop-back", "R2", "eth3", "R2", "eth2", 25));
    // One direction of a single-interface loop: the reviewer's A:x -> A:x.
    net.links.push_back(Link("same-tp", "R1", "lo", "R1", "lo", 26));
    TwinDiagnostics d = Validate(net);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    EXPECT_TRUE(Has(d, Severity::Warning, 24,
                    "link 'loop' (R2:eth2 -> R2:eth3) connects node 'R2' to itself (self-loop); "
                    "dropped with its reverse direction 'loop-back'"));
    EXPECT_TRUE(Has(d, Severity::Warning, 26,
                    "link 'same-tp' (R1:lo -> R1:lo) connects node 'R1' to itself (self-loop); "
                    "dropped"));
    EXPECT_EQ(d.Count(Severity::Warning), 2U) << test::Dump(d);
    ASSERT_EQ(net.links.size(), 4U);
    for (const auto& l : net.links)
    {
        EXPECT_NE(l.sourceNode, l.destNode) << l.id;
    }
    // R1:lo is no longer an end of anything and keeps its one address; the loop's
    // interface with an address stays, the one without (nothing else uses it) goes.
    EXPECT_EQ(net.FindInterface("R1", "lo")->addresses.size(), 1U);
    EXPECT_NE(net.FindInterface("R2", "eth2"), nullptr);
    EXPECT_EQ(net.FindInterface("R2", "eth3"), nullptr);

    TwinNetwork strict = Valid();
    strict.links.push_back(Link("same-tp", "R1", "lo", "R1", "lo", 26));
    TwinDiagnostics s = Validate(strict, true);
    EXPECT_TRUE(Has(s, Severity::Error, 26,
                    "link 'same-tp' (R1:lo -> R1:lo) connects node 'R1' to itself (self-loop) "
                    "(strict mode)"));
    EXPECT_EQ(s.Count(Severity::Error), 1U) << test::Dump(s);
}

TEST(Validator, ReverseThatWouldReuseAnInterfaceIsNotAdded)
{
    // A:x -> B:y and B:y -> C:z, both one-way: the reverse of the first would make B:y the
    // source of two links. That is the problem to report, not the overlapping subnets that
    // addresses assigned to such a network would have.
    TwinNetwork net;
    for (const char* id : {"A", "B", "C"})
    {
        net.nodes.push_back({id, std::nullopt, std::nullopt, {}, At(1)});
    }
    net.links.push_back(Link("ab", "A", "x", "B", "y", 5));
    net.links.push_back(Link("bc", "B", "y", "C", "z", 6));
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 5,
                    "link 'ab' (A:x -> B:y) has no reverse direction, and none can be added: "
                    "termination point 'B:y' is already the source of link 'bc'"));
    for (const auto& x : d.All())
    {
        EXPECT_EQ(x.message.find("overlaps"), std::string::npos) << x.ToString();
    }
    // The reverse of "bc" would make B:y the destination of "ab" and of itself.
    EXPECT_TRUE(Has(d, Severity::Error, 6,
                    "link 'bc' (B:y -> C:z) has no reverse direction, and none can be added: "
                    "termination point 'B:y' is already the destination of link 'ab'"));
}

TEST(Validator, RatesAboveTheStoreRangeAreErrors)
{
    // The store keeps integers as signed 64-bit: the validator, not the store, must notice.
    const uint64_t tooFast = 9223372036854775808ULL; // 2^63
    TwinNetwork net = Valid();
    net.nodes[0].interfaces[0].speedBps = tooFast;
    net.links[2].capacityBps = tooFast;
    net.links[3].capacityBps = 9223372036854775807ULL; // 2^63 - 1 is fine
    TwinDiagnostics d = Validate(net);
    EXPECT_TRUE(Has(d, Severity::Error, 10,
                    "interface 'R1:eth0': speed 9223372036854775808 bit/s is above the largest "
                    "rate the store can keep (9223372036854775807 bit/s)"));
    EXPECT_TRUE(Has(d, Severity::Error, 22,
                    "link 'l2': capacity 9223372036854775808 bit/s is above the largest rate"));
    EXPECT_EQ(d.Count(Severity::Error), 2U) << test::Dump(d);
}

TEST(Validator, DisconnectedNetworkIsReportedForEveryFormat)
{
    TwinNetwork net = Valid();
    net.nodes.push_back({"R4", std::nullopt, std::nullopt, {}, At(4)});
    TwinDiagnostics d = Validate(net);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    EXPECT_TRUE(Has(d, Severity::Warning, 0,
                    "the network has 2 disconnected components (nodes per component: 3, 1)"));
    TwinNetwork strict = Valid();
    strict.nodes.push_back({"R4", std::nullopt, std::nullopt, {}, At(4)});
    TwinDiagnostics s = Validate(strict, true);
    EXPECT_TRUE(Has(s, Severity::Error, 0, "2 disconnected components"));
}

TEST(Validator, RouteDestinationHostBitsAreCleared)
{
    TwinNetwork net = Valid();
    net.routes[0].destination = *TwinIpv4Prefix::Parse("10.1.0.6/30");
    TwinDiagnostics d = Validate(net);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
    EXPECT_TRUE(Has(d, Severity::Warning, 30,
                    "route to 10.1.0.6/30 on node 'R1': the destination has host bits set; "
                    "using 10.1.0.4/30"));
    EXPECT_EQ(net.routes[0].destination.ToString(), "10.1.0.4/30");
    // Normalised once: a second run has nothing to say.
    TwinDiagnostics again = Validate(net);
    EXPECT_TRUE(again.All().empty()) << test::Dump(again);
}

TEST(Validator, DiagnosticsNameDataPaths)
{
    // Formats without lines (YANG instance data) name the element by data path.
    TwinNetwork net = Valid();
    net.links[0].source = {"topology.json", 0,
                           "/ietf-network:networks/network[network-id='n']/link[link-id='l1']"};
    net.links[0].destNode = "R9";
    TwinDiagnostics d = Validate(net);
    ASSERT_TRUE(d.HasErrors());
    bool found = false;
    for (const auto& x : d.All())
    {
        found =
            found ||
            x.ToString() ==
                "topology.json: /ietf-network:networks/network[network-id='n']/link[link-id='l1']: "
                "error: link 'l1': destination node 'R9' does not exist";
    }
    EXPECT_TRUE(found) << test::Dump(d);
}

} // namespace
