/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ApplyTwinChangeSet: each kind of edit, idempotence, and edits that break the network.

#include "test-util.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-change-set.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-validator.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

/**
 * @param text "a.b.c.d/len"
 * @return the prefix
 */
TwinIpv4Prefix
P(const std::string& text)
{
    auto p = TwinIpv4Prefix::Parse(text);
    EXPECT_TRUE(p) << text;
    return p.value_or(TwinIpv4Prefix{});
}

/**
 * @param text a dotted address
 * @return it in host order
 */
uint32_t
A(const std::string& text)
{
    auto a = TwinIpv4Prefix::ParseAddress(text);
    EXPECT_TRUE(a) << text;
    return a.value_or(0);
}

/**
 * @param network a network
 * @param node a node-id
 * @param name an interface name
 * @return the interface (fails the test when missing)
 */
const TwinInterface&
Itf(const TwinNetwork& network, const std::string& node, const std::string& name)
{
    const TwinInterface* itf = network.FindInterface(node, name);
    EXPECT_NE(itf, nullptr) << node << " " << name;
    static const TwinInterface none;
    return itf != nullptr ? *itf : none;
}

/**
 * @param network a network
 * @param id a link-id
 * @return its capacity
 */
uint64_t
Capacity(const TwinNetwork& network, const std::string& id)
{
    for (const auto& l : network.links)
    {
        if (l.id == id)
        {
            return l.capacityBps;
        }
    }
    ADD_FAILURE() << "no link " << id;
    return 0;
}

/**
 * @param network a network
 * @param node a node-id
 * @param destination a prefix
 * @return the node's static routes to it
 */
std::vector<TwinRoute>
RoutesTo(const TwinNetwork& network, const std::string& node, const std::string& destination)
{
    std::vector<TwinRoute> found;
    for (const auto& r : network.routes)
    {
        if (r.node == node && r.destination == P(destination))
        {
            found.push_back(r);
        }
    }
    return found;
}

/**
 * @param diagnostics findings
 * @param severity which
 * @return their messages of that severity, joined by newlines
 */
std::string
Messages(const TwinDiagnostics& diagnostics, TwinDiagnostic::Severity severity)
{
    std::string text;
    for (const auto& d : diagnostics.All())
    {
        if (d.severity == severity)
        {
            text += d.ToString() + "\n";
        }
    }
    return text;
}

/**
 * A triangle A-B-C with a /30 per link, 1 Gbit/s interfaces, and two static routes on A:
 * to B-C's subnet over A-B, and to 172.16.0.0/16 over A-C.
 * @return the validated network
 */
TwinNetwork
Triangle()
{
    TwinNetwork net;
    net.name = "triangle";
    auto node = [&net](const std::string& id, std::vector<std::pair<std::string, std::string>> itfs)
    {
        TwinNode n;
        n.id = id;
        for (const auto& [name, address] : itfs)
        {
            TwinInterface i;
            i.name = name;
            i.speedBps = 1000000000;
            i.addresses = {P(address)};
            n.interfaces.push_back(i);
        }
        net.nodes.push_back(n);
    };
    node("A", {{"ab", "10.0.0.1/30"}, {"ac", "10.0.0.9/30"}});
    node("B", {{"ba", "10.0.0.2/30"}, {"bc", "10.0.0.5/30"}});
    node("C", {{"cb", "10.0.0.6/30"}, {"ca", "10.0.0.10/30"}});
    auto link = [&net](const std::string& s, const std::string& st, const std::string& d,
                       const std::string& dt)
    {
        TwinLink l;
        l.id = s + "," + st + "," + d + "," + dt;
        l.sourceNode = s;
        l.sourceTp = st;
        l.destNode = d;
        l.destTp = dt;
        net.links.push_back(l);
    };
    link("A", "ab", "B", "ba");
    link("B", "ba", "A", "ab");
    link("B", "bc", "C", "cb");
    link("C", "cb", "B", "bc");
    link("A", "ac", "C", "ca");
    link("C", "ca", "A", "ac");
    TwinRoute viaB;
    viaB.node = "A";
    viaB.destination = P("10.0.0.4/30");
    viaB.nextHop = A("10.0.0.2");
    viaB.outInterface = "ab";
    net.routes.push_back(viaB);
    TwinRoute viaC;
    viaC.node = "A";
    viaC.destination = P("172.16.0.0/16");
    viaC.nextHop = A("10.0.0.10");
    viaC.outInterface = "ac";
    net.routes.push_back(viaC);
    TwinDiagnostics diagnostics;
    TwinValidator::Run(net, TwinImportOptions{}, diagnostics);
    EXPECT_FALSE(diagnostics.HasErrors()) << Messages(diagnostics, TwinDiagnostic::Severity::Error);
    return net;
}

/**
 * @param node a node-id
 * @param line a line number for its source
 * @return an empty node edit
 */
TwinNodeEdit
NodeEdit(const std::string& node, uint32_t line)
{
    TwinNodeEdit e;
    e.node = node;
    e.source.file = "change.json";
    e.source.line = line;
    return e;
}

/**
 * @param name an interface name
 * @param line a line number for its source
 * @return an empty interface edit
 */
TwinInterfaceEdit
ItfEdit(const std::string& name, uint32_t line)
{
    TwinInterfaceEdit e;
    e.name = name;
    e.source.file = "change.json";
    e.source.line = line;
    return e;
}

/**
 * Every kind of edit on node A: disable ac, speed up ab, add an address to ab, and move the
 * route to B-C's subnet to metric 5 (removing it first, then adding it back).
 * @return the change set
 */
TwinChangeSet
EveryKind()
{
    TwinNodeEdit a = NodeEdit("A", 3);
    TwinInterfaceEdit ac = ItfEdit("ac", 5);
    ac.enabled = false;
    TwinInterfaceEdit ab = ItfEdit("ab", 8);
    ab.speedBps = 10000000000ULL;
    ab.addAddresses = {P("192.168.1.1/24")};
    a.interfaces = {ac, ab};
    a.removeRoutes = {P("10.0.0.4/30")};
    TwinRoute r;
    r.destination = P("10.0.0.4/30");
    r.nextHop = A("10.0.0.2");
    r.outInterface = "ab";
    r.metric = 5;
    a.addRoutes = {r};
    TwinChangeSet cs;
    cs.nodes = {a};
    return cs;
}

TEST(ChangeSetApply, EveryKindOfEditChangesTheDerivedNetworkOnly)
{
    const TwinNetwork base = Triangle();
    TwinDiagnostics diagnostics;
    TwinChangeSetApplyStats stats;
    TwinNetwork derived = ApplyTwinChangeSet(base, EveryKind(), diagnostics, &stats);
    ASSERT_FALSE(diagnostics.HasErrors()) << Messages(diagnostics, TwinDiagnostic::Severity::Error);
    EXPECT_EQ(stats.edits, 5u); // state, speed, address, route removal, route addition
    EXPECT_EQ(stats.changed, 5u);
    EXPECT_EQ(stats.inPlace, 0u);

    EXPECT_FALSE(Itf(derived, "A", "ac").enabled);
    EXPECT_EQ(Itf(derived, "A", "ab").speedBps, 10000000000ULL);
    // The speed is the capacity of the direction that starts at the interface only.
    EXPECT_EQ(Capacity(derived, "A,ab,B,ba"), 10000000000ULL);
    EXPECT_EQ(Capacity(derived, "B,ba,A,ab"), 1000000000ULL);
    const auto& abAddresses = Itf(derived, "A", "ab").addresses;
    ASSERT_EQ(abAddresses.size(), 2u);
    EXPECT_EQ(abAddresses[1], P("192.168.1.1/24"));
    auto moved = RoutesTo(derived, "A", "10.0.0.4/30");
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].metric, 5u);
    // The route over the disabled interface is inactive: out of the derived snapshot, said.
    EXPECT_TRUE(RoutesTo(derived, "A", "172.16.0.0/16").empty());
    EXPECT_NE(Messages(diagnostics, TwinDiagnostic::Severity::Warning)
                  .find("172.16.0.0/16 via 10.0.0.10 out ac metric 0 on node 'A' is inactive"),
              std::string::npos)
        << Messages(diagnostics, TwinDiagnostic::Severity::Warning);

    // Pure: the base is untouched.
    EXPECT_TRUE(Itf(base, "A", "ac").enabled);
    EXPECT_EQ(Capacity(base, "A,ab,B,ba"), 1000000000ULL);
    EXPECT_EQ(RoutesTo(base, "A", "172.16.0.0/16").size(), 1u);
}

TEST(ChangeSetApply, RemovalsAndAdditionsOfAddressesAndRoutes)
{
    const TwinNetwork base = Triangle();
    TwinNodeEdit c = NodeEdit("C", 1);
    TwinInterfaceEdit ca = ItfEdit("ca", 2);
    ca.removeAddresses = {A("10.0.0.10")};
    ca.addAddresses = {P("10.0.0.10/30"), P("10.9.9.1/32")};
    c.interfaces = {ca};
    TwinNodeEdit a = NodeEdit("A", 4);
    a.removeRoutes = {P("172.16.1.7/16")}; // host bits: the network is meant
    TwinChangeSet cs;
    cs.nodes = {c, a};
    TwinDiagnostics diagnostics;
    TwinChangeSetApplyStats stats;
    TwinNetwork derived = ApplyTwinChangeSet(base, cs, diagnostics, &stats);
    ASSERT_FALSE(diagnostics.HasErrors()) << Messages(diagnostics, TwinDiagnostic::Severity::Error);
    EXPECT_EQ(stats.changed, 4u);
    const auto& addresses = Itf(derived, "C", "ca").addresses;
    ASSERT_EQ(addresses.size(), 2u); // removed, then added back, then one more
    EXPECT_EQ(addresses[0], P("10.0.0.10/30"));
    EXPECT_EQ(addresses[1], P("10.9.9.1/32"));
    EXPECT_TRUE(RoutesTo(derived, "A", "172.16.0.0/16").empty());
    EXPECT_EQ(RoutesTo(derived, "A", "10.0.0.4/30").size(), 1u);
}

TEST(ChangeSetApply, ApplyingAChangeAlreadyInPlaceChangesNothing)
{
    const TwinNetwork base = Triangle();
    TwinDiagnostics first;
    TwinNetwork once = ApplyTwinChangeSet(base, EveryKind(), first);
    ASSERT_FALSE(first.HasErrors());

    TwinDiagnostics second;
    TwinChangeSetApplyStats stats;
    TwinNetwork twice = ApplyTwinChangeSet(once, EveryKind(), second, &stats);
    ASSERT_FALSE(second.HasErrors()) << Messages(second, TwinDiagnostic::Severity::Error);
    // Removing then adding the same route is two edits that cancel out; every other edit is
    // already in place and says so.
    EXPECT_EQ(stats.changed, 2u) << "only the removal and re-addition of the route";
    EXPECT_EQ(stats.inPlace, 3u);
    EXPECT_EQ(second.Count(TwinDiagnostic::Severity::Note), 3u)
        << Messages(second, TwinDiagnostic::Severity::Note);
    EXPECT_NE(Messages(second, TwinDiagnostic::Severity::Note)
                  .find("change.json:5: note: node 'A': interface ac disabled: already in "
                        "place, nothing changes"),
              std::string::npos)
        << Messages(second, TwinDiagnostic::Severity::Note);
    EXPECT_FALSE(Itf(twice, "A", "ac").enabled);
    EXPECT_EQ(Itf(twice, "A", "ab").addresses.size(), 2u);
    EXPECT_EQ(RoutesTo(twice, "A", "10.0.0.4/30").size(), 1u);
    EXPECT_EQ(twice.routes.size(), once.routes.size());

    // Without the removal, the same change is wholly in place.
    TwinChangeSet addOnly = EveryKind();
    addOnly.nodes[0].removeRoutes.clear();
    TwinDiagnostics third;
    TwinNetwork thrice = ApplyTwinChangeSet(once, addOnly, third, &stats);
    EXPECT_FALSE(third.HasErrors());
    EXPECT_EQ(stats.changed, 0u);
    EXPECT_EQ(stats.inPlace, stats.edits);
    EXPECT_EQ(thrice.routes.size(), once.routes.size());
}

TEST(ChangeSetApply, EditsThatCannotApplyAreErrorsNamingTheEdit)
{
    const TwinNetwork base = Triangle();
    auto errorsOf = [&base](const TwinChangeSet& cs)
    {
        TwinDiagnostics diagnostics;
        TwinNetwork result = ApplyTwinChangeSet(base, cs, diagnostics);
        EXPECT_TRUE(diagnostics.HasErrors());
        EXPECT_TRUE(Itf(result, "A", "ac").enabled) << "the base comes back unchanged";
        return Messages(diagnostics, TwinDiagnostic::Severity::Error);
    };

    TwinChangeSet unknownNode;
    unknownNode.nodes = {NodeEdit("Z", 7)};
    unknownNode.nodes[0].removeRoutes = {P("10.0.0.0/8")};
    EXPECT_NE(errorsOf(unknownNode)
                  .find("change.json:7: error: node 'Z': static routes to "
                        "10.0.0.0/8 removed: the network has no node 'Z'"),
              std::string::npos);

    TwinChangeSet unknownItf;
    unknownItf.nodes = {NodeEdit("A", 1)};
    TwinInterfaceEdit nope = ItfEdit("nope", 9);
    nope.enabled = false;
    unknownItf.nodes[0].interfaces = {nope};
    EXPECT_NE(errorsOf(unknownItf)
                  .find("change.json:9: error: node 'A': interface nope disabled: "
                        "node 'A' has no interface 'nope'"),
              std::string::npos);

    TwinChangeSet zeroSpeed;
    zeroSpeed.nodes = {NodeEdit("A", 1)};
    TwinInterfaceEdit slow = ItfEdit("ab", 2);
    slow.speedBps = 0;
    zeroSpeed.nodes[0].interfaces = {slow};
    EXPECT_NE(errorsOf(zeroSpeed).find("speed must be > 0"), std::string::npos);

    TwinChangeSet otherLength;
    otherLength.nodes = {NodeEdit("A", 1)};
    TwinInterfaceEdit wider = ItfEdit("ab", 2);
    wider.addAddresses = {P("10.0.0.1/29")};
    otherLength.nodes[0].interfaces = {wider};
    EXPECT_NE(errorsOf(otherLength).find("the interface has this address as 10.0.0.1/30"),
              std::string::npos);

    // A route whose next hop is on no subnet of the node cannot be installed.
    TwinChangeSet badRoute;
    badRoute.nodes = {NodeEdit("A", 1)};
    TwinRoute r;
    r.destination = P("192.0.2.0/24");
    r.nextHop = A("198.51.100.1");
    r.source.file = "change.json";
    r.source.line = 12;
    badRoute.nodes[0].addRoutes = {r};
    std::string routeErrors = errorsOf(badRoute);
    EXPECT_NE(routeErrors.find("change.json:12: error: node 'A': static route 192.0.2.0/24 via "
                               "198.51.100.1 metric 0 added: cannot be installed"),
              std::string::npos)
        << routeErrors;

    // An address that overlaps another link's subnet breaks the network: the validator's
    // finding, on the edit that caused it.
    TwinChangeSet overlap;
    overlap.nodes = {NodeEdit("A", 1), NodeEdit("C", 20)};
    TwinInterfaceEdit ok = ItfEdit("ab", 2);
    ok.addAddresses = {P("192.168.7.1/24")};
    overlap.nodes[0].interfaces = {ok};
    TwinInterfaceEdit clash = ItfEdit("ca", 21);
    clash.addAddresses = {P("10.0.0.1/30")};
    overlap.nodes[1].interfaces = {clash};
    std::string overlapErrors = errorsOf(overlap);
    EXPECT_NE(overlapErrors.find("change.json:21: error: node 'C': address 10.0.0.1/30 added to "
                                 "ca breaks the network: "),
              std::string::npos)
        << overlapErrors;
    EXPECT_EQ(overlapErrors.find("192.168.7.1"), std::string::npos) << overlapErrors;

    EXPECT_NE(errorsOf(TwinChangeSet{}).find("edits no node"), std::string::npos);
}

TEST(ChangeSetApply, ShippedRemedyOnTheBundledSample)
{
    TwinImportResult sample = TwinImporterRegistry::Get().Import(
        SourcePath("examples/data/abilene"), "", TwinImportOptions{});
    ASSERT_FALSE(sample.diagnostics.HasErrors());
    TwinChangeSetReadResult remedy =
        ReadTwinChangeSet(SourcePath("scenarios/remedy-dnvr-reroute.json"));
    ASSERT_TRUE(remedy.Ok());

    TwinDiagnostics diagnostics;
    TwinChangeSetApplyStats stats;
    TwinNetwork derived = ApplyTwinChangeSet(sample.network, remedy.changeSet, diagnostics, &stats);
    ASSERT_FALSE(diagnostics.HasErrors()) << Messages(diagnostics, TwinDiagnostic::Severity::Error);
    EXPECT_EQ(stats.edits, 35u); // two interfaces and 33 routes
    EXPECT_EQ(stats.changed, stats.edits);
    EXPECT_FALSE(Itf(derived, "DNVRng", "to-KSCY").enabled);
    EXPECT_FALSE(Itf(derived, "KSCYng", "to-DNVR").enabled);
    auto moved = RoutesTo(derived, "DNVRng", "10.0.255.1/32");
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].outInterface, "to-SNVA");
    for (const auto& r : derived.routes)
    {
        EXPECT_FALSE((r.node == "DNVRng" && r.outInterface == "to-KSCY") ||
                     (r.node == "KSCYng" && r.outInterface == "to-DNVR"))
            << "a route over the disabled link stayed: " << r.destination.ToString();
    }

    TwinDiagnostics again;
    ApplyTwinChangeSet(derived, remedy.changeSet, again, &stats);
    EXPECT_FALSE(again.HasErrors());
    EXPECT_EQ(stats.changed, 0u);
    EXPECT_EQ(stats.inPlace, 35u);
}

} // namespace
} // namespace test
} // namespace ns3
