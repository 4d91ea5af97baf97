/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The import side (TwinValidator, ValidateDemands) and the simulation side (TwinBuilder,
// TwinTrafficHelper) accept and refuse the same static routes and demands, in the same words:
// a snapshot that imports never fails its runs for these reasons.

#include "sim-test-networks.h"
#include "test-util.h"

#include "ns3/boolean.h"
#include "ns3/demand-file-reader.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-network-checks.h"
#include "ns3/twin-traffic-helper.h"
#include "ns3/twin-validator.h"

#include <cstdint>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

class TwinNetworkChecks : public SimTest
{
};

/** Where the route or demand under test claims to come from. */
const TwinSourceRef kWhere{"input.txt", 40, ""};

/**
 * @param net a network
 * @param mode the routing mode
 * @return the message of the TwinBuildError that building it throws, "" if it builds
 */
std::string
BuildError(const TwinNetwork& net, TwinRoutingMode mode)
{
    Ptr<TwinBuilder> b = CreateObject<TwinBuilder>();
    b->SetAttribute("RegisterNames", BooleanValue(false));
    b->SetRoutingMode(mode);
    try
    {
        b->Build(net);
    }
    catch (const TwinBuildError& e)
    {
        return e.what();
    }
    return "";
}

/**
 * @param diagnostics findings
 * @return the messages of the errors at kWhere
 */
std::vector<std::string>
ErrorsAtWhere(const TwinDiagnostics& diagnostics)
{
    std::vector<std::string> out;
    for (const auto& d : diagnostics.All())
    {
        if (d.severity == TwinDiagnostic::Severity::Error && d.where.file == kWhere.file &&
            d.where.line == kWhere.line)
        {
            out.push_back(d.message);
        }
    }
    return out;
}

TEST_F(TwinNetworkChecks, ValidatorAndBuilderAgreeOnStaticRoutes)
{
    // A - B - C, and D behind A's disabled interface to-D. A's loopback has a subnet of its
    // own, which is on no link. Links: A-B 10.0.0.0/30, B-C 10.0.1.0/30, A-D 10.0.2.0/30.
    NetworkBuilder base("routes");
    base.Node("A").Node("B").Node("C").Node("D");
    base.Link("A", "B").Link("B", "C").Link("A", "D");
    base.NodeRef("A").interfaces[0].addresses.push_back(*TwinIpv4Prefix::Parse("172.16.0.1/24"));
    for (auto& itf : base.NodeRef("A").interfaces)
    {
        itf.enabled = itf.name != "to-D";
    }
    base.Route("B", "10.255.0.1/32", "10.0.0.1");

    struct Case
    {
        std::string nextHop;      //!< next hop or ""
        std::string outInterface; //!< outgoing interface or ""
        bool usable;              //!< the route can be installed
    };
    std::vector<Case> cases = {
        {"10.0.0.2", "", true},      {"10.0.0.2", "to-B", true},
        {"", "to-B", true},          {"", "lo", false},
        {"172.16.0.9", "", false},   {"10.0.0.1", "", false},
        {"10.0.0.1", "to-B", false}, {"10.0.1.2", "", false},
        {"", "to-D", false},         {"10.0.2.2", "", false},
        {"10.0.2.2", "to-D", false}, {"10.0.2.2", "to-B", false},
        {"", "eth7", false},         {"", "", false},
        {"10.255.0.1", "", false},
    };
    for (const auto& c : cases)
    {
        const std::string what = "via '" + c.nextHop + "' out '" + c.outInterface + "'";
        TwinNetwork net = base.Get();
        TwinRoute route;
        route.node = "A";
        route.destination = *TwinIpv4Prefix::Parse("192.0.2.0/24");
        route.nextHop = c.nextHop.empty() ? std::nullopt : TwinIpv4Prefix::ParseAddress(c.nextHop);
        route.outInterface = c.outInterface;
        route.source = kWhere;
        net.routes.push_back(route);

        TwinNetwork validated = net;
        TwinDiagnostics diagnostics;
        TwinValidator::Run(validated, TwinImportOptions(), diagnostics);
        std::vector<std::string> errors = ErrorsAtWhere(diagnostics);
        // Nothing else in the network is wrong.
        EXPECT_EQ(errors.size(), diagnostics.Count(TwinDiagnostic::Severity::Error))
            << what << "\n"
            << test::Dump(diagnostics);

        std::string built = BuildError(net, TwinRoutingMode::Configured);
        if (c.usable)
        {
            EXPECT_TRUE(errors.empty()) << what << "\n" << test::Dump(diagnostics);
            EXPECT_EQ(built, "") << what;
        }
        else
        {
            ASSERT_EQ(errors.size(), 1U) << what << "\n" << test::Dump(diagnostics);
            EXPECT_EQ(built, errors[0] + " (input.txt:40)") << what;
        }
    }
}

TEST_F(TwinNetworkChecks, ValidateDemandsAndTheTrafficHelperAgree)
{
    // A - B - C; E has no interface; F's only address is on a disabled interface.
    NetworkBuilder nb("demands");
    nb.Node("A").Node("B").Node("C").Node("E", false).Node("F", false);
    nb.Link("A", "B").Link("B", "C");
    TwinInterface off;
    off.name = "eth0";
    off.enabled = false;
    off.addresses.push_back(*TwinIpv4Prefix::Parse("10.9.0.1/30"));
    nb.NodeRef("F").interfaces.push_back(off);
    const TwinNetwork net = nb.Get();

    auto udp =
        [](const std::string& id, const std::string& src, const std::string& dst, double rate)
    {
        TwinDemand d;
        d.id = id;
        d.sourceNode = src;
        d.destNode = dst;
        d.rateBps = rate;
        d.startSeconds = 0.1;
        d.source = kWhere;
        return d;
    };
    auto tcp = [](const std::string& id, uint32_t size)
    {
        TwinDemand d;
        d.id = id;
        d.sourceNode = "A";
        d.destNode = "C";
        d.protocol = TwinProtocol::Tcp;
        d.bytes = 10000;
        d.packetBytes = size;
        d.startSeconds = 0.1;
        d.source = kWhere;
        return d;
    };
    auto with = [](TwinDemand d, const std::function<void(TwinDemand&)>& edit)
    {
        edit(d);
        return d;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Case
    {
        std::string what;                //!< the case
        std::vector<TwinDemand> demands; //!< the demand set
        bool usable;                     //!< the set can be simulated
    };
    std::vector<Case> cases = {
        {"udp", {udp("u", "A", "C", 1e6)}, true},
        {"udp at 1 bit/s", {udp("u", "A", "C", 1)}, true},
        {"same tcp sizes", {tcp("t1", 1000), tcp("t2", 1000)}, true},
        {"tcp and udp sizes differ",
         {tcp("t1", 1000), with(udp("u", "A", "C", 1e6), [](auto& d) { d.packetBytes = 200; })},
         true},
        {"udp below 1 bit/s", {udp("u", "A", "C", 0.5)}, false},
        {"udp rate 0", {udp("u", "A", "C", 0)}, false},
        {"udp rate nan", {udp("u", "A", "C", nan)}, false},
        {"udp rate above the limit", {udp("u", "A", "C", 2e15)}, false},
        {"udp payload",
         {with(udp("u", "A", "C", 1e6), [](auto& d) { d.packetBytes = 70000; })},
         false},
        {"mixed tcp sizes", {tcp("t1", 1000), tcp("t2", 1400)}, false},
        {"to a node without interfaces", {udp("u", "A", "E", 1e6)}, false},
        {"from a node with a disabled address", {udp("u", "F", "A", 1e6)}, false},
        {"unknown node", {udp("u", "A", "Z", 1e6)}, false},
        {"same node", {udp("u", "A", "A", 1e6)}, false},
        {"no id", {udp("", "A", "C", 1e6)}, false},
        {"duplicate id", {udp("u", "A", "C", 1e6), udp("u", "C", "A", 1e6)}, false},
        {"packet size 0",
         {with(udp("u", "A", "C", 1e6), [](auto& d) { d.packetBytes = 0; })},
         false},
        {"negative start",
         {with(udp("u", "A", "C", 1e6), [](auto& d) { d.startSeconds = -1; })},
         false},
        {"late start",
         {with(udp("u", "A", "C", 1e6), [](auto& d) { d.startSeconds = 2e6; })},
         false},
        {"infinite stop",
         {with(udp("u", "A", "C", 1e6), [inf](auto& d) { d.stopSeconds = inf; })},
         false},
        {"tcp bytes", {with(tcp("t", 1000), [](auto& d) { d.bytes = UINT64_MAX; })}, false},
    };
    for (const auto& c : cases)
    {
        TwinDiagnostics diagnostics;
        ValidateDemands(net, c.demands, diagnostics);
        std::vector<std::string> errors = ErrorsAtWhere(diagnostics);
        EXPECT_EQ(errors.size(), diagnostics.All().size()) << c.what << "\n"
                                                           << test::Dump(diagnostics);

        Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();
        builder->SetAttribute("RegisterNames", BooleanValue(false));
        builder->Build(net);
        Ptr<TwinTrafficHelper> traffic = CreateObject<TwinTrafficHelper>();
        std::string installed;
        try
        {
            traffic->Install(*builder, c.demands, Seconds(1));
        }
        catch (const TwinBuildError& e)
        {
            installed = e.what();
        }
        if (c.usable)
        {
            EXPECT_TRUE(errors.empty()) << c.what << "\n" << test::Dump(diagnostics);
            EXPECT_EQ(installed, "") << c.what;
            EXPECT_EQ(traffic->GetInstalled().size(), c.demands.size()) << c.what;
        }
        else
        {
            ASSERT_FALSE(errors.empty()) << c.what;
            // The helper names the first problem, where it is, and how many more there are.
            EXPECT_EQ(installed.rfind(errors[0] + " (input.txt:40)", 0), 0U)
                << c.what << ": " << installed << "\nvs " << errors[0];
            EXPECT_TRUE(traffic->GetInstalled().empty()) << c.what;
        }
        Simulator::Destroy();
    }
}

TEST_F(TwinNetworkChecks, ADemandThatNeverSendsIsRefusedInInputAndSkippedInCode)
{
    // The one deliberate difference: a stop that is not after the start is a mistake in a
    // demand file or snapshot, while a network written in code may hold such a demand and the
    // traffic helper skips it with a note.
    NetworkBuilder nb;
    nb.Node("A").Node("B").Link("A", "B");
    nb.Udp("keep", "A", "B", 1e6, 0.1);
    nb.Udp("empty", "A", "B", 1e6, 0.5, 0.5);
    nb.Get().demands.back().source = kWhere;
    const TwinNetwork net = nb.Get();
    TwinDiagnostics diagnostics;
    ValidateDemands(net, net.demands, diagnostics);
    ASSERT_EQ(diagnostics.All().size(), 1U) << test::Dump(diagnostics);
    EXPECT_EQ(diagnostics.All()[0].ToString(),
              "input.txt:40: error: demand 'empty': stop time 0.5 s is not after the start time "
              "0.5 s");
    EXPECT_TRUE(CheckDemands(net, net.demands).empty());

    Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();
    builder->Build(net);
    Ptr<TwinTrafficHelper> traffic = CreateObject<TwinTrafficHelper>();
    traffic->Install(*builder, net.demands, Seconds(1));
    ASSERT_EQ(traffic->GetInstalled().size(), 1U);
    EXPECT_EQ(traffic->GetInstalled()[0].demand.id, "keep");
    ASSERT_EQ(traffic->GetNotes().size(), 1U);
    EXPECT_NE(traffic->GetNotes()[0].find("demand 'empty'"), std::string::npos);
}

} // namespace
} // namespace test
} // namespace ns3
