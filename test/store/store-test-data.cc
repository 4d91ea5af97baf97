/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "store-test-data.h"

#include "ns3/sqlite-database.h"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

namespace ns3
{
namespace test
{

namespace
{

/**
 * @param text "a.b.c.d/len"
 * @return the prefix (the test data is well-formed)
 */
TwinIpv4Prefix
Prefix(const std::string& text)
{
    auto p = TwinIpv4Prefix::Parse(text);
    EXPECT_TRUE(p.has_value()) << text;
    return p.value_or(TwinIpv4Prefix{});
}

/**
 * @param file a file name
 * @param line a line
 * @return a source location
 */
TwinSourceRef
At(const std::string& file, uint32_t line)
{
    TwinSourceRef ref;
    ref.file = file;
    ref.line = line;
    ref.path = "/network[" + std::to_string(line) + "]";
    return ref;
}

/**
 * @param source node
 * @param sourceTp its interface
 * @param dest node
 * @param destTp its interface
 * @param capacity bit/s
 * @param delay seconds
 * @param queue packets
 * @param metric routing metric
 * @return a directed link named "source,sourceTp->dest,destTp"
 */
TwinLink
Link(const std::string& source, const std::string& sourceTp, const std::string& dest,
     const std::string& destTp, uint64_t capacity, double delay, uint32_t queue, uint32_t metric)
{
    TwinLink l;
    l.id = source + "," + sourceTp + "->" + dest + "," + destTp;
    l.sourceNode = source;
    l.sourceTp = sourceTp;
    l.destNode = dest;
    l.destTp = destTp;
    l.capacityBps = capacity;
    l.delaySeconds = delay;
    l.queuePackets = queue;
    l.metric = metric;
    l.source = At("links.json", 40 + metric);
    return l;
}

} // namespace

TwinNetwork
FullNetwork()
{
    TwinNetwork net;
    net.name = "full-network";

    TwinNode a;
    a.id = "A";
    a.latitudeDeg = 48.137154;
    a.longitudeDeg = 11.576124;
    a.source = At("net.json", 3);
    TwinInterface a0;
    a0.name = "eth0";
    a0.enabled = true;
    a0.speedBps = 10000000000ULL;
    a0.mtuBytes = 9000;
    a0.addresses = {Prefix("10.0.0.1/30"), Prefix("192.168.7.1/24")};
    a0.source = At("net.json", 5);
    TwinInterface a1;
    a1.name = "eth1";
    a1.enabled = false; // disabled, no speed, no MTU, no address
    a1.source = At("net.json", 9);
    a.interfaces = {a0, a1};

    TwinNode b;
    b.id = "B";
    b.latitudeDeg = -33.868820; // southern and western hemispheres
    b.longitudeDeg = -151.209296;
    TwinInterface b0;
    b0.name = "eth0";
    b0.speedBps = 10000000000ULL;
    b0.mtuBytes = 1500;
    b0.addresses = {Prefix("10.0.0.2/30")};
    TwinInterface b1;
    b1.name = "ge-0/0/1.100"; // vendor-style name with slashes and dots
    b1.speedBps = 400000000000ULL;
    b1.addresses = {Prefix("10.0.1.1/31")};
    b.interfaces = {b0, b1};

    TwinNode c;
    c.id = "C 'quoted' node"; // quotes would break SQL built from strings
    TwinInterface c0;
    c0.name = "eth0";
    c0.speedBps = 400000000000ULL;
    c0.mtuBytes = 1500;
    c0.addresses = {Prefix("10.0.1.0/31")};
    c.interfaces = {c0};

    net.nodes = {a, b, c};

    net.links = {
        Link("A", "eth0", "B", "eth0", 10000000000ULL, 0.0123456789012345, 250, 10),
        Link("B", "eth0", "A", "eth0", 10000000000ULL, 0.0123456789012345, 250, 11),
        Link("B", "ge-0/0/1.100", "C 'quoted' node", "eth0", 400000000000ULL, 1e-9, 0, 1),
        Link("C 'quoted' node", "eth0", "B", "ge-0/0/1.100", 400000000000ULL, 2.5e-6, 17, 2),
    };

    TwinRoute r1;
    r1.node = "A";
    r1.destination = Prefix("10.0.1.0/31");
    r1.nextHop = TwinIpv4Prefix::ParseAddress("10.0.0.2");
    r1.outInterface = "eth0";
    r1.metric = 20;
    r1.source = At("routes.json", 2);
    TwinRoute r2;
    r2.node = "C 'quoted' node";
    r2.destination = Prefix("0.0.0.0/0");
    r2.nextHop = TwinIpv4Prefix::ParseAddress("10.0.1.1");
    TwinRoute r3;
    r3.node = "B";
    r3.destination = Prefix("192.168.7.0/24");
    r3.outInterface = "eth0"; // interface only, no next hop
    r3.metric = 1;
    net.routes = {r1, r2, r3};

    TwinDemand d1;
    d1.id = "video";
    d1.sourceNode = "A";
    d1.destNode = "C 'quoted' node";
    d1.protocol = TwinProtocol::Udp;
    d1.rateBps = 1.5e6;
    d1.startSeconds = 1.0;
    d1.stopSeconds = 9.75;
    d1.packetBytes = 512;
    d1.source = At("demands.csv", 2);
    TwinDemand d2;
    d2.id = "backup";
    d2.sourceNode = "C 'quoted' node";
    d2.destNode = "A";
    d2.protocol = TwinProtocol::Tcp;
    d2.bytes = 123456789;
    d2.startSeconds = 0.25;
    d2.packetBytes = 1448;
    net.demands = {d1, d2};
    return net;
}

TwinNetwork
RingNetwork(uint32_t nodes, const std::string& name)
{
    TwinNetwork net;
    net.name = name;
    auto nodeName = [](uint32_t i) { return "n" + std::to_string(i); };
    // Link i joins node i (eth0) and node i+1 (eth1) on 10.0.0.0 + 4i /30.
    auto linkBase = [](uint32_t i) { return (10u << 24) + 4 * i; };
    for (uint32_t i = 0; i < nodes; ++i)
    {
        TwinNode node;
        node.id = nodeName(i);
        node.latitudeDeg = -60.0 + 0.01 * i;
        node.longitudeDeg = 0.02 * i;
        TwinInterface east;
        east.name = "eth0";
        east.speedBps = 1000000000;
        east.mtuBytes = 1500;
        east.addresses = {TwinIpv4Prefix{linkBase(i) + 1, 30}};
        TwinInterface west;
        west.name = "eth1";
        west.speedBps = 1000000000;
        west.mtuBytes = 1500;
        west.addresses = {TwinIpv4Prefix{linkBase((i + nodes - 1) % nodes) + 2, 30}};
        node.interfaces = {east, west};
        net.nodes.push_back(node);
    }
    for (uint32_t i = 0; i < nodes; ++i)
    {
        std::string a = nodeName(i);
        std::string b = nodeName((i + 1) % nodes);
        double delay = 0.001 + 1e-6 * i;
        net.links.push_back(Link(a, "eth0", b, "eth1", 1000000000, delay, 100, 1));
        net.links.push_back(Link(b, "eth1", a, "eth0", 1000000000, delay, 100, 1));
    }
    for (uint32_t i = 0; i < nodes; ++i)
    {
        TwinRoute r;
        r.node = nodeName(i);
        r.destination = TwinIpv4Prefix{0, 0};
        r.nextHop = linkBase(i) + 2;
        r.outInterface = "eth0";
        r.metric = i % 7;
        net.routes.push_back(r);

        TwinDemand d;
        d.id = "d" + std::to_string(i);
        d.sourceNode = nodeName(i);
        d.destNode = nodeName((i + nodes / 2) % nodes);
        d.rateBps = 1e6 + i;
        d.startSeconds = 1.0;
        d.stopSeconds = 10.0;
        net.demands.push_back(d);
    }
    return net;
}

TwinRunResults
SampleResults(const TwinNetwork& network, uint32_t samplesPerLink)
{
    TwinRunResults results;
    uint32_t i = 0;
    for (const auto& d : network.demands)
    {
        const TwinNode* src = network.FindNode(d.sourceNode);
        const TwinNode* dst = network.FindNode(d.destNode);
        TwinFlowResult f;
        f.flowId = i + 1;
        f.demandId = d.id;
        f.sourceAddress = TwinIpv4Prefix::AddressToString(src->interfaces[0].addresses[0].address);
        f.destAddress = TwinIpv4Prefix::AddressToString(dst->interfaces[0].addresses[0].address);
        f.protocol = d.protocol == TwinProtocol::Tcp ? 6 : 17;
        f.sourcePort = static_cast<uint16_t>(49153 + i);
        f.destPort = 9;
        f.txPackets = 1000 + i;
        f.rxPackets = 990 + i;
        f.lostPackets = 10;
        f.txBytes = f.txPackets * 540;
        f.rxBytes = f.rxPackets * 540;
        f.delayMeanSeconds = 0.0123 + 1e-7 * i;
        f.delayMaxSeconds = 0.0456 + 1e-7 * i;
        f.jitterMeanSeconds = 1.25e-4;
        f.throughputBps = 1.49e6 - i;
        f.firstTxSeconds = d.startSeconds + 1e-3;
        f.lastRxSeconds = 9.8125;
        results.flows.push_back(f);
        ++i;
    }
    uint32_t j = 0;
    for (const auto& l : network.links)
    {
        TwinLinkResult r;
        r.linkId = l.id;
        r.txBytes = 5000000 + j;
        r.txPackets = 5000 + j;
        r.queueDropPackets = j % 3;
        r.meanUtilisation = 0.125 + 0.001 * j;
        r.peakUtilisation = 0.75 + 0.0001 * j;
        results.links.push_back(r);
        ++j;
    }
    for (uint32_t t = 0; t < samplesPerLink; ++t)
    {
        uint32_t k = 0;
        for (const auto& l : network.links)
        {
            TwinLinkSample s;
            s.linkId = l.id;
            s.timeSeconds = 0.1 * (t + 1);
            s.txBytes = 1000 * t + k;
            s.utilisation = static_cast<double>((t * 7 + k) % 100) / 100.0;
            s.queuePackets = (t + k) % 50;
            results.samples.push_back(s);
            ++k;
        }
    }
    return results;
}

TwinRunResults
WhatIfResults(const TwinNetwork& network, uint32_t samplesPerDemand, bool failOne)
{
    TwinRunResults results = SampleResults(network, 3);
    uint32_t i = 0;
    for (const auto& d : network.demands)
    {
        for (uint32_t t = 0; t < samplesPerDemand; ++t)
        {
            TwinDemandSample s;
            s.demandId = d.id;
            s.timeSeconds = 0.1 * (t + 1);
            s.txPackets = 100 + 10 * i + t;
            s.txBytes = s.txPackets * 540;
            s.rxPackets = 95 + 10 * i + t;
            s.rxBytes = s.rxPackets * 540 + 1;
            s.delaySumSeconds = 0.0123 * static_cast<double>(s.rxPackets) + 1e-9 * t;
            s.deliveredPackets = 90 + 10 * i + t;
            results.demandSamples.push_back(s);
        }
        TwinDemandResult r;
        r.demandId = d.id;
        r.protocol = d.protocol == TwinProtocol::Tcp ? "tcp" : "udp";
        r.startSeconds = d.startSeconds;
        r.offeredBytes = 1000000 + i;
        r.receivedBytes = 999000 + i;
        if (d.protocol == TwinProtocol::Tcp)
        {
            r.completionSeconds = 7.125 + 0.001 * i; // UDP demands have none
        }
        results.demands.push_back(r);
        ++i;
    }

    TwinAppliedEvent down;
    down.timeSeconds = 2.5;
    down.eventId = "cut 'fibre'";
    down.type = "link-down";
    down.target = network.links.front().id;
    down.detail = "";
    down.origin = "scenario";
    TwinAppliedEvent capacity;
    capacity.timeSeconds = 2.5; // same time: order is kept by position, not time
    capacity.eventId = "sweep-capacity";
    capacity.type = "link-capacity";
    capacity.target = network.links.back().id;
    capacity.detail = "capacity 4976640000 bit/s";
    capacity.origin = "sweep";
    TwinAppliedEvent up;
    up.timeSeconds = 6.0;
    up.eventId = "repair";
    up.type = "link-up";
    up.target = network.links.front().id;
    up.detail = "after remedy \u00e9"; // text is kept byte for byte
    up.origin = "remedy";
    results.events = {down, capacity, up};

    // Objective "sla" on the first demand: two bounds; "core" on a link: one bound that
    // could not be measured (optional fields absent), and one that holds.
    const std::string demand = network.demands.front().id;
    TwinVerdict loss;
    loss.objectiveId = "sla";
    loss.targetKind = "demand";
    loss.targetId = demand;
    loss.element = demand;
    loss.bound = "max-loss-ratio";
    loss.limit = 0.01;
    loss.measured = failOne ? 0.05 : 0.002;
    loss.passed = !failOne;
    loss.margin = loss.limit - *loss.measured;
    loss.windowStartSeconds = 1.0;
    loss.windowEndSeconds = 10.0;
    if (!failOne)
    {
        loss.holdsFromSeconds = 1.5;
    }
    TwinVerdict delay = loss;
    delay.bound = "max-delay-s";
    delay.limit = 0.05;
    delay.measured = 0.0125;
    delay.passed = true;
    delay.margin = delay.limit - *delay.measured;
    delay.holdsFromSeconds = 1.0;
    TwinVerdict unmeasured;
    unmeasured.objectiveId = "core";
    unmeasured.targetKind = "link";
    unmeasured.targetId = network.links.front().id;
    unmeasured.element = network.links.front().id;
    unmeasured.bound = "max-utilisation";
    unmeasured.limit = 0.8;
    unmeasured.passed = false; // no measurement always fails
    unmeasured.windowStartSeconds = 0;
    unmeasured.windowEndSeconds = 10.0;
    TwinVerdict throughput;
    throughput.objectiveId = "core";
    throughput.targetKind = "class";
    throughput.targetId = "gold";
    throughput.element = demand;
    throughput.bound = "min-throughput-bps";
    throughput.limit = 0;
    throughput.measured = 1.25e6;
    throughput.passed = true;
    throughput.margin = 1.25e6;
    throughput.windowStartSeconds = 2.0;
    throughput.windowEndSeconds = 2.0; // an empty window is allowed
    throughput.holdsFromSeconds = 2.0;
    results.verdicts = {loss, delay};
    if (failOne)
    {
        results.verdicts.push_back(unmeasured);
    }
    results.verdicts.push_back(throughput);
    return results;
}

void
ExpectSameDemands(const std::vector<TwinDemand>& expected, const std::vector<TwinDemand>& actual)
{
    ASSERT_EQ(expected.size(), actual.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        const TwinDemand& e = expected[i];
        const TwinDemand& a = actual[i];
        SCOPED_TRACE("demand " + e.id);
        EXPECT_EQ(e.id, a.id);
        EXPECT_EQ(e.sourceNode, a.sourceNode);
        EXPECT_EQ(e.destNode, a.destNode);
        EXPECT_EQ(e.protocol, a.protocol);
        EXPECT_EQ(e.rateBps, a.rateBps);
        EXPECT_EQ(e.bytes, a.bytes);
        EXPECT_EQ(e.startSeconds, a.startSeconds);
        EXPECT_EQ(e.stopSeconds, a.stopSeconds);
        EXPECT_EQ(e.packetBytes, a.packetBytes);
    }
}

void
ExpectSameNetwork(const TwinNetwork& expected, const TwinNetwork& actual)
{
    EXPECT_EQ(expected.name, actual.name);
    ASSERT_EQ(expected.nodes.size(), actual.nodes.size());
    for (std::size_t n = 0; n < expected.nodes.size(); ++n)
    {
        const TwinNode& e = expected.nodes[n];
        const TwinNode& a = actual.nodes[n];
        SCOPED_TRACE("node " + e.id);
        EXPECT_EQ(e.id, a.id);
        EXPECT_EQ(e.latitudeDeg, a.latitudeDeg);
        EXPECT_EQ(e.longitudeDeg, a.longitudeDeg);
        ASSERT_EQ(e.interfaces.size(), a.interfaces.size());
        for (std::size_t i = 0; i < e.interfaces.size(); ++i)
        {
            const TwinInterface& ei = e.interfaces[i];
            const TwinInterface& ai = a.interfaces[i];
            SCOPED_TRACE("interface " + ei.name);
            EXPECT_EQ(ei.name, ai.name);
            EXPECT_EQ(ei.enabled, ai.enabled);
            EXPECT_EQ(ei.speedBps, ai.speedBps);
            EXPECT_EQ(ei.mtuBytes, ai.mtuBytes);
            EXPECT_EQ(ei.addresses, ai.addresses);
        }
    }
    ASSERT_EQ(expected.links.size(), actual.links.size());
    for (std::size_t l = 0; l < expected.links.size(); ++l)
    {
        const TwinLink& e = expected.links[l];
        const TwinLink& a = actual.links[l];
        SCOPED_TRACE("link " + e.id);
        EXPECT_EQ(e.id, a.id);
        EXPECT_EQ(e.sourceNode, a.sourceNode);
        EXPECT_EQ(e.sourceTp, a.sourceTp);
        EXPECT_EQ(e.destNode, a.destNode);
        EXPECT_EQ(e.destTp, a.destTp);
        EXPECT_EQ(e.capacityBps, a.capacityBps);
        EXPECT_EQ(e.delaySeconds, a.delaySeconds);
        EXPECT_EQ(e.queuePackets, a.queuePackets);
        EXPECT_EQ(e.metric, a.metric);
    }
    ASSERT_EQ(expected.routes.size(), actual.routes.size());
    for (std::size_t r = 0; r < expected.routes.size(); ++r)
    {
        const TwinRoute& e = expected.routes[r];
        const TwinRoute& a = actual.routes[r];
        SCOPED_TRACE("route " + e.destination.ToString() + " on " + e.node);
        EXPECT_EQ(e.node, a.node);
        EXPECT_EQ(e.destination, a.destination);
        EXPECT_EQ(e.nextHop, a.nextHop);
        EXPECT_EQ(e.outInterface, a.outInterface);
        EXPECT_EQ(e.metric, a.metric);
    }
    ExpectSameDemands(expected.demands, actual.demands);
}

void
ExpectSameResults(const TwinRunResults& expected, const TwinRunResults& actual)
{
    ASSERT_EQ(expected.flows.size(), actual.flows.size());
    for (std::size_t i = 0; i < expected.flows.size(); ++i)
    {
        const TwinFlowResult& e = expected.flows[i];
        const TwinFlowResult& a = actual.flows[i];
        SCOPED_TRACE("flow " + std::to_string(e.flowId));
        EXPECT_EQ(e.flowId, a.flowId);
        EXPECT_EQ(e.demandId, a.demandId);
        EXPECT_EQ(e.sourceAddress, a.sourceAddress);
        EXPECT_EQ(e.destAddress, a.destAddress);
        EXPECT_EQ(e.protocol, a.protocol);
        EXPECT_EQ(e.sourcePort, a.sourcePort);
        EXPECT_EQ(e.destPort, a.destPort);
        EXPECT_EQ(e.txBytes, a.txBytes);
        EXPECT_EQ(e.rxBytes, a.rxBytes);
        EXPECT_EQ(e.txPackets, a.txPackets);
        EXPECT_EQ(e.rxPackets, a.rxPackets);
        EXPECT_EQ(e.lostPackets, a.lostPackets);
        EXPECT_EQ(e.delayMeanSeconds, a.delayMeanSeconds);
        EXPECT_EQ(e.delayMaxSeconds, a.delayMaxSeconds);
        EXPECT_EQ(e.jitterMeanSeconds, a.jitterMeanSeconds);
        EXPECT_EQ(e.throughputBps, a.throughputBps);
        EXPECT_EQ(e.firstTxSeconds, a.firstTxSeconds);
        EXPECT_EQ(e.lastRxSeconds, a.lastRxSeconds);
    }
    ASSERT_EQ(expected.links.size(), actual.links.size());
    for (std::size_t i = 0; i < expected.links.size(); ++i)
    {
        const TwinLinkResult& e = expected.links[i];
        const TwinLinkResult& a = actual.links[i];
        SCOPED_TRACE("link " + e.linkId);
        EXPECT_EQ(e.linkId, a.linkId);
        EXPECT_EQ(e.txBytes, a.txBytes);
        EXPECT_EQ(e.txPackets, a.txPackets);
        EXPECT_EQ(e.queueDropPackets, a.queueDropPackets);
        EXPECT_EQ(e.meanUtilisation, a.meanUtilisation);
        EXPECT_EQ(e.peakUtilisation, a.peakUtilisation);
    }
    ASSERT_EQ(expected.samples.size(), actual.samples.size());
    for (std::size_t i = 0; i < expected.samples.size(); ++i)
    {
        const TwinLinkSample& e = expected.samples[i];
        const TwinLinkSample& a = actual.samples[i];
        SCOPED_TRACE("sample " + std::to_string(i));
        EXPECT_EQ(e.linkId, a.linkId);
        EXPECT_EQ(e.timeSeconds, a.timeSeconds);
        EXPECT_EQ(e.txBytes, a.txBytes);
        EXPECT_EQ(e.utilisation, a.utilisation);
        EXPECT_EQ(e.queuePackets, a.queuePackets);
    }
    ASSERT_EQ(expected.demandSamples.size(), actual.demandSamples.size());
    for (std::size_t i = 0; i < expected.demandSamples.size(); ++i)
    {
        const TwinDemandSample& e = expected.demandSamples[i];
        const TwinDemandSample& a = actual.demandSamples[i];
        SCOPED_TRACE("demand sample " + std::to_string(i));
        EXPECT_EQ(e.demandId, a.demandId);
        EXPECT_EQ(e.timeSeconds, a.timeSeconds);
        EXPECT_EQ(e.txPackets, a.txPackets);
        EXPECT_EQ(e.txBytes, a.txBytes);
        EXPECT_EQ(e.rxPackets, a.rxPackets);
        EXPECT_EQ(e.rxBytes, a.rxBytes);
        EXPECT_EQ(e.delaySumSeconds, a.delaySumSeconds);
        EXPECT_EQ(e.deliveredPackets, a.deliveredPackets);
    }
    ASSERT_EQ(expected.demands.size(), actual.demands.size());
    for (std::size_t i = 0; i < expected.demands.size(); ++i)
    {
        const TwinDemandResult& e = expected.demands[i];
        const TwinDemandResult& a = actual.demands[i];
        SCOPED_TRACE("demand result " + e.demandId);
        EXPECT_EQ(e.demandId, a.demandId);
        EXPECT_EQ(e.protocol, a.protocol);
        EXPECT_EQ(e.startSeconds, a.startSeconds);
        EXPECT_EQ(e.offeredBytes, a.offeredBytes);
        EXPECT_EQ(e.receivedBytes, a.receivedBytes);
        EXPECT_EQ(e.completionSeconds, a.completionSeconds);
    }
    ASSERT_EQ(expected.events.size(), actual.events.size());
    for (std::size_t i = 0; i < expected.events.size(); ++i)
    {
        const TwinAppliedEvent& e = expected.events[i];
        const TwinAppliedEvent& a = actual.events[i];
        SCOPED_TRACE("event " + std::to_string(i));
        EXPECT_EQ(e.timeSeconds, a.timeSeconds);
        EXPECT_EQ(e.eventId, a.eventId);
        EXPECT_EQ(e.type, a.type);
        EXPECT_EQ(e.target, a.target);
        EXPECT_EQ(e.detail, a.detail);
        EXPECT_EQ(e.origin, a.origin);
    }
    ASSERT_EQ(expected.verdicts.size(), actual.verdicts.size());
    for (std::size_t i = 0; i < expected.verdicts.size(); ++i)
    {
        const TwinVerdict& e = expected.verdicts[i];
        const TwinVerdict& a = actual.verdicts[i];
        SCOPED_TRACE("verdict " + std::to_string(i));
        EXPECT_EQ(e.objectiveId, a.objectiveId);
        EXPECT_EQ(e.targetKind, a.targetKind);
        EXPECT_EQ(e.targetId, a.targetId);
        EXPECT_EQ(e.element, a.element);
        EXPECT_EQ(e.bound, a.bound);
        EXPECT_EQ(e.limit, a.limit);
        EXPECT_EQ(e.measured, a.measured);
        EXPECT_EQ(e.passed, a.passed);
        EXPECT_EQ(e.margin, a.margin);
        EXPECT_EQ(e.windowStartSeconds, a.windowStartSeconds);
        EXPECT_EQ(e.windowEndSeconds, a.windowEndSeconds);
        EXPECT_EQ(e.holdsFromSeconds, a.holdsFromSeconds);
    }
    ASSERT_EQ(expected.replayed.size(), actual.replayed.size());
    for (std::size_t i = 0; i < expected.replayed.size(); ++i)
    {
        const TwinReplayedFlow& e = expected.replayed[i];
        const TwinReplayedFlow& a = actual.replayed[i];
        SCOPED_TRACE("replayed flow " + e.demandId);
        EXPECT_EQ(e.demandId, a.demandId);
        EXPECT_EQ(e.flowId, a.flowId);
        EXPECT_EQ(e.copy, a.copy);
        EXPECT_EQ(e.mode, a.mode);
        EXPECT_EQ(e.recordedStartSeconds, a.recordedStartSeconds);
        EXPECT_EQ(e.recordedDurationSeconds, a.recordedDurationSeconds);
        EXPECT_EQ(e.recordedBytes, a.recordedBytes);
        EXPECT_EQ(e.recordedPackets, a.recordedPackets);
    }
}

std::vector<std::string>
StoreTables()
{
    return {"demand_sets",
            "demands",
            "snapshots",
            "snapshot_files",
            "snapshot_diagnostics",
            "nodes",
            "interfaces",
            "interface_addresses",
            "links",
            "routes",
            "runs",
            "run_flows",
            "run_links",
            "run_link_samples",
            "scenarios",
            "sweeps",
            "run_demand_samples",
            "run_demands",
            "run_events",
            "run_verdicts",
            "traffic_sets",
            "traffic_flows",
            "traffic_packets",
            "run_replay_flows",
            "change_sets",
            "derived_snapshots",
            "verifications",
            "audit_log"};
}

std::map<std::string, int64_t>
CountRows(const std::string& path)
{
    SqliteDatabase db(path);
    std::map<std::string, int64_t> counts;
    for (const auto& table : StoreTables())
    {
        // Table names come from the fixed list above, never from data.
        counts[table] = db.QueryInt64("SELECT count(*) FROM " + table, "count " + table);
    }
    return counts;
}

std::string
ErrorOf(const std::function<void()>& call)
{
    try
    {
        call();
    }
    catch (const TwinStoreError& e)
    {
        return e.what();
    }
    return "";
}

/** @param path a file @return its text */
std::string
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/**
 * The statements of one released migration step, read from the store's source, so that a
 * store of that version can be made here exactly as that build made it.
 * @param version the step
 * @return its SQL text
 */
std::string
MigrationStepSql(int version)
{
    std::string source = ReadText(SourcePath("model/twin-store.cc"));
    std::string open = "kSchemaV" + std::to_string(version) + " = R\"sql(";
    std::size_t begin = source.find(open);
    if (begin == std::string::npos)
    {
        ADD_FAILURE() << "no step " << version << " in model/twin-store.cc";
        return "";
    }
    begin += open.size();
    std::size_t end = source.find(")sql\"", begin);
    if (end == std::string::npos)
    {
        ADD_FAILURE() << "step " << version << " is not terminated";
        return "";
    }
    return source.substr(begin, end - begin);
}

/**
 * @param path a store
 * @return every schema object as "type name: sql", sorted
 */
std::set<std::string>
SchemaOf(const std::string& path)
{
    SqliteDatabase db(path);
    SqliteStatement select(db,
                           "SELECT type || ' ' || name || ': ' || coalesce(sql, '') "
                           "FROM sqlite_master",
                           "read the schema");
    std::set<std::string> objects;
    while (select.Step())
    {
        objects.insert(select.ColumnText(0));
    }
    return objects;
}

void
ExpectCurrentSchema(const std::string& path)
{
    {
        SqliteDatabase db(path);
        EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), TwinStore::SchemaVersion());
        EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM pragma_foreign_key_check", "check"), 0);
    }
    TempDir fresh;
    std::string freshPath = fresh.Path() + "/new.db";
    {
        TwinStore created(freshPath);
    }
    EXPECT_EQ(SchemaOf(path), SchemaOf(freshPath)) << "a migrated store equals a new one";
}

} // namespace test
} // namespace ns3
