/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/twin-traffic-mapping.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;
using test::HasDiagnostic;

/**
 * @param node the node to extend
 * @param name interface name
 * @param address "a.b.c.d/len"
 */
void
AddInterface(TwinNode& node, const std::string& name, const std::string& address)
{
    TwinInterface itf;
    itf.name = name;
    itf.addresses.push_back(*TwinIpv4Prefix::Parse(address));
    node.interfaces.push_back(itf);
}

/**
 * A-B-C in a line: /30 links, /32 loopbacks, a /24 LAN on C and, inside it, a second /32
 * loopback on B so that a host route lies within a LAN.
 * @return the network
 */
TwinNetwork
SmallNetwork()
{
    TwinNetwork net;
    net.name = "small";
    TwinNode a{"A", std::nullopt, std::nullopt, {}, {}};
    TwinNode b{"B", std::nullopt, std::nullopt, {}, {}};
    TwinNode c{"C", std::nullopt, std::nullopt, {}, {}};
    AddInterface(a, "lo", "192.0.2.1/32");
    AddInterface(a, "to-b", "10.0.0.1/30");
    AddInterface(b, "lo", "192.0.2.2/32");
    AddInterface(b, "to-a", "10.0.0.2/30");
    AddInterface(b, "to-c", "10.0.0.5/30");
    AddInterface(b, "lo1", "172.16.5.77/32");
    AddInterface(c, "lo", "192.0.2.3/32");
    AddInterface(c, "to-b", "10.0.0.6/30");
    AddInterface(c, "lan", "172.16.5.1/24");
    net.nodes = {a, b, c};
    return net;
}

/** The prefix file most cases use. */
const std::string kPrefixFile = "# border prefixes\n"
                                "172.16.0.0/16,A\n"
                                "198.51.0.0/16, A   # a wide aggregate\n"
                                "198.51.100.0/24,B\n"
                                "\n"
                                "2001:db8::/32,C\n"
                                "2001:db8:1::/48,B\n";

/**
 * @param source source address
 * @param dest destination address
 * @param bytes bytes
 * @param ingress ingress interface index
 * @return a flow record
 */
TwinFlowRecord
Flow(const std::string& source, const std::string& dest, uint64_t bytes, uint32_t ingress = 0)
{
    TwinFlowRecord f;
    f.ipVersion = source.find(':') == std::string::npos ? 4 : 6;
    f.sourceAddress = source;
    f.destAddress = dest;
    f.protocol = 17;
    f.bytes = bytes;
    f.packets = 1;
    f.ingressInterface = ingress;
    return f;
}

/** Rules read from kPrefixFile, with an ingress interface and (optionally) a default. */
class MappingTest : public ::testing::Test
{
protected:
    /**
     * @param defaultNode the default border node ("" for none)
     * @return a mapper over SmallNetwork() with kPrefixFile and ingress 7 -> B
     */
    std::unique_ptr<TwinAddressMapper> Mapper(const std::string& defaultNode)
    {
        TwinDiagnostics diagnostics;
        auto rules =
            ReadTwinBorderPrefixFile(m_dir.Write("border.csv", kPrefixFile), m_net, diagnostics);
        EXPECT_FALSE(diagnostics.HasErrors()) << test::Dump(diagnostics);
        EXPECT_EQ(rules.prefixes.size(), 5U);
        rules.ingressInterfaces[7] = "B";
        rules.defaultNode = defaultNode;
        auto mapper = std::make_unique<TwinAddressMapper>(m_net, rules, diagnostics);
        EXPECT_FALSE(diagnostics.HasErrors()) << test::Dump(diagnostics);
        return mapper;
    }

    TwinNetwork m_net{SmallNetwork()}; //!< the network
    test::TempDir m_dir;               //!< holds the prefix file
};

TEST_F(MappingTest, LongestMatchWins)
{
    auto mapper = Mapper("");
    // A /32 loopback of B inside C's /24 LAN inside A's /16 of the prefix file.
    auto m = mapper->Map(Flow("172.16.5.77", "172.16.5.20", 100));
    EXPECT_EQ(m.sourceNode, "B");
    EXPECT_EQ(m.sourceRule, "snapshot");
    EXPECT_EQ(m.destNode, "C");
    EXPECT_EQ(m.destRule, "snapshot");
    m = mapper->Map(Flow("172.16.9.9", "172.16.5.1", 100));
    EXPECT_EQ(m.sourceNode, "A");
    EXPECT_EQ(m.sourceRule, "prefix-file");
    EXPECT_EQ(m.destNode, "C");
    // Within the prefix file, the /24 beats the /16.
    m = mapper->Map(Flow("198.51.100.7", "198.51.7.1", 100));
    EXPECT_EQ(m.sourceNode, "B");
    EXPECT_EQ(m.sourceRule, "prefix-file");
    EXPECT_EQ(m.destNode, "A");
    EXPECT_EQ(m.destRule, "prefix-file");
    // On a /30 each end owns its own address; the rest of the subnet goes to the first node.
    m = mapper->Map(Flow("10.0.0.2", "10.0.0.1", 100));
    EXPECT_EQ(m.sourceNode, "B");
    EXPECT_EQ(m.destNode, "A");
    m = mapper->Map(Flow("10.0.0.6", "10.0.0.5", 100));
    EXPECT_EQ(m.sourceNode, "C");
    EXPECT_EQ(m.destNode, "B");
    m = mapper->Map(Flow("10.0.0.3", "192.0.2.3", 100));
    EXPECT_EQ(m.sourceNode, "A");
    EXPECT_EQ(m.destNode, "C");
    // Just outside a /30: not the link's.
    m = mapper->Map(Flow("10.0.0.8", "10.0.0.9", 100));
    EXPECT_EQ(m.sourceNode, "");
    EXPECT_EQ(m.sourceRule, "");
    EXPECT_EQ(m.destNode, "");
}

TEST_F(MappingTest, RulesInOrder)
{
    auto mapper = Mapper("C");
    // The snapshot comes before the ingress interface.
    auto m = mapper->Map(Flow("192.0.2.1", "203.0.113.1", 10, 7));
    EXPECT_EQ(m.sourceNode, "A");
    EXPECT_EQ(m.sourceRule, "snapshot");
    // The destination never uses the ingress interface: no prefix matches, so the default.
    EXPECT_EQ(m.destNode, "C");
    EXPECT_EQ(m.destRule, "default");
    // Outside the network: the ingress interface comes before the prefix file.
    m = mapper->Map(Flow("198.51.7.1", "192.0.2.2", 10, 7));
    EXPECT_EQ(m.sourceNode, "B");
    EXPECT_EQ(m.sourceRule, "ingress-interface");
    // An ingress interface without a rule falls through to the prefix file.
    m = mapper->Map(Flow("198.51.7.1", "192.0.2.2", 10, 99));
    EXPECT_EQ(m.sourceNode, "A");
    EXPECT_EQ(m.sourceRule, "prefix-file");
    // Nothing matches: the default.
    m = mapper->Map(Flow("203.0.113.9", "198.51.100.1", 10));
    EXPECT_EQ(m.sourceNode, "C");
    EXPECT_EQ(m.sourceRule, "default");
    EXPECT_EQ(m.destNode, "B");
    EXPECT_EQ(m.destRule, "prefix-file");

    auto report = mapper->Report();
    EXPECT_EQ(report.sourceRuleFlows["snapshot"], 1U);
    EXPECT_EQ(report.sourceRuleFlows["ingress-interface"], 1U);
    EXPECT_EQ(report.sourceRuleFlows["prefix-file"], 1U);
    EXPECT_EQ(report.sourceRuleFlows["default"], 1U);
    EXPECT_EQ(report.destRuleFlows["snapshot"], 2U);
    EXPECT_EQ(report.destRuleFlows["prefix-file"], 1U);
    EXPECT_EQ(report.destRuleFlows["default"], 1U);
    EXPECT_EQ(report.destRuleFlows.count("ingress-interface"), 0U);
}

TEST_F(MappingTest, Ipv6OnlyThroughBorderRules)
{
    auto mapper = Mapper("");
    auto m = mapper->Map(Flow("2001:db8:1::5", "2001:db8:2::1", 10));
    EXPECT_EQ(m.sourceNode, "B");
    EXPECT_EQ(m.sourceRule, "prefix-file");
    EXPECT_EQ(m.destNode, "C");
    EXPECT_EQ(m.destRule, "prefix-file");
    m = mapper->Map(Flow("2001:db9::1", "fe80::1", 10));
    EXPECT_EQ(m.sourceNode, "");
    EXPECT_EQ(m.destNode, "");
    // The ingress interface does not depend on the address family.
    m = mapper->Map(Flow("2001:db9::1", "2001:db8::1", 10, 7));
    EXPECT_EQ(m.sourceNode, "B");
    EXPECT_EQ(m.sourceRule, "ingress-interface");
    // An IPv4-mapped IPv6 address is the IPv4 host it names.
    m = mapper->Map(Flow("::ffff:10.0.0.2", "::ffff:172.16.5.9", 10));
    EXPECT_EQ(m.sourceNode, "B");
    EXPECT_EQ(m.sourceRule, "snapshot");
    EXPECT_EQ(m.destNode, "C");

    auto withDefault = Mapper("A");
    m = withDefault->Map(Flow("2001:db9::1", "fe80::1", 10));
    EXPECT_EQ(m.sourceNode, "A");
    EXPECT_EQ(m.sourceRule, "default");
    EXPECT_EQ(m.destNode, "A");
    EXPECT_EQ(m.destRule, "default");
}

TEST_F(MappingTest, UnmappedCountedWithBytes)
{
    auto mapper = Mapper("");
    mapper->Map(Flow("203.0.113.1", "192.0.2.1", 500));
    mapper->Map(Flow("203.0.113.1", "192.0.2.1", 700));
    mapper->Map(Flow("192.0.2.2", "203.0.113.2", 300));
    mapper->Map(Flow("203.0.113.3", "203.0.113.2", 50));
    mapper->Map(Flow("not-an-address", "192.0.2.3", 5));
    auto r = mapper->Report();
    EXPECT_EQ(r.flows, 5U);
    EXPECT_EQ(r.bytes, 1555U);
    EXPECT_EQ(r.unmappedSourceFlows, 4U);
    EXPECT_EQ(r.unmappedSourceBytes, 1255U);
    EXPECT_EQ(r.unmappedDestFlows, 2U);
    EXPECT_EQ(r.unmappedDestBytes, 350U);
    EXPECT_EQ(r.invalidAddresses, 1U);
    ASSERT_EQ(r.topUnmapped.size(), 4U);
    EXPECT_EQ(r.topUnmapped[0].first, "203.0.113.1");
    EXPECT_EQ(r.topUnmapped[0].second, 1200U);
    EXPECT_EQ(r.topUnmapped[1].first, "203.0.113.2");
    EXPECT_EQ(r.topUnmapped[1].second, 350U);
    EXPECT_EQ(r.topUnmapped[2].first, "203.0.113.3");
    EXPECT_EQ(r.topUnmapped[3].first, "not-an-address");
    EXPECT_TRUE(r.topUnmappedComplete);
    EXPECT_EQ(r.nodes["A"].flowsAsDest, 2U);
    EXPECT_EQ(r.nodes["A"].bytesAsDest, 1200U);
    EXPECT_EQ(r.nodes["B"].bytesAsSource, 300U);

    auto lines = RenderTwinMappingReport(r);
    std::string text;
    for (const auto& l : lines)
    {
        text += l + "\n";
    }
    EXPECT_NE(text.find("unmapped sources: 4 flows, 1255 bytes"), std::string::npos) << text;
    EXPECT_NE(text.find("203.0.113.1: 1200 bytes"), std::string::npos) << text;
    EXPECT_NE(text.find("addresses that did not parse: 1"), std::string::npos) << text;

    mapper->ResetReport();
    EXPECT_EQ(mapper->Report().flows, 0U);
    EXPECT_TRUE(mapper->Report().topUnmapped.empty());
}

TEST_F(MappingTest, ReportTotalsConsistent)
{
    auto mapper = Mapper("");
    const std::vector<std::string> addresses = {
        "192.0.2.1",    "10.0.0.2",    "172.16.5.77",   "172.16.5.200", "172.16.44.1",
        "198.51.100.3", "203.0.113.5", "2001:db8:1::1", "2001:db9::1",  "bogus"};
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, addresses.size() - 1);
    std::uniform_int_distribution<uint64_t> size(40, 1500000);
    std::uniform_int_distribution<uint32_t> ingress(0, 8);
    uint64_t bytes = 0;
    const uint64_t flows = 5000;
    for (uint64_t i = 0; i < flows; ++i)
    {
        auto f = Flow(addresses[pick(rng)], addresses[pick(rng)], size(rng), ingress(rng));
        bytes += f.bytes;
        mapper->Map(f);
    }
    auto r = mapper->Report();
    EXPECT_EQ(r.flows, flows);
    EXPECT_EQ(r.bytes, bytes);
    uint64_t sourceBytes = r.unmappedSourceBytes;
    uint64_t destBytes = r.unmappedDestBytes;
    uint64_t sourceFlows = r.unmappedSourceFlows;
    uint64_t destFlows = r.unmappedDestFlows;
    for (const auto& [node, c] : r.nodes)
    {
        sourceBytes += c.bytesAsSource;
        destBytes += c.bytesAsDest;
        sourceFlows += c.flowsAsSource;
        destFlows += c.flowsAsDest;
    }
    EXPECT_EQ(sourceBytes, bytes);
    EXPECT_EQ(destBytes, bytes);
    EXPECT_EQ(sourceFlows, flows);
    EXPECT_EQ(destFlows, flows);
    uint64_t sourceRuleFlows = r.unmappedSourceFlows;
    for (const auto& [rule, n] : r.sourceRuleFlows)
    {
        sourceRuleFlows += n;
    }
    EXPECT_EQ(sourceRuleFlows, flows);
    // Every rule but the default (there is none) was exercised by this mix.
    EXPECT_EQ(r.sourceRuleFlows.size(), 3U);
    EXPECT_GT(r.unmappedSourceFlows, 0U);
}

TEST(BorderPrefixFile, BadLinesNamedByFileAndLine)
{
    test::TempDir dir;
    TwinNetwork net = SmallNetwork();
    auto path = dir.Write("bad.csv",
                          "172.16.0.0/16,A\n"   // 1
                          "# comment\n"         // 2
                          "10.300.0.0/16,B\n"   // 3
                          "10.1.0.0/33,B\n"     // 4
                          "10.2.0.0/16,Z\n"     // 5
                          "10.3.0.0/16\n"       // 6
                          "2001:db8::/129,C\n"  // 7
                          "10.4.0.1/16,C\n"     // 8
                          "172.16.0.0/16,B\n"   // 9
                          "172.16.0.0/16,A\n"   // 10
                          "2001:db8::/32,C\n"); // 11
    TwinDiagnostics diagnostics;
    auto rules = ReadTwinBorderPrefixFile(path, net, diagnostics);
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Error, path, 3, "bad prefix '10.300.0.0/16'"));
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Error, path, 4, "bad prefix"));
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Error, path, 5, "unknown node 'Z'"));
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Error, path, 6, "expected 'prefix,node'"));
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Error, path, 7, "bad prefix"));
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Warning, path, 8, "10.4.0.0/16"));
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Error, path, 9, "maps it to 'A'"));
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Warning, path, 10, "repeats"));
    EXPECT_EQ(diagnostics.Count(Severity::Error), 6U) << test::Dump(diagnostics);
    ASSERT_EQ(rules.prefixes.size(), 3U);
    EXPECT_EQ(rules.prefixes[1].prefix.ToString(), "10.4.0.0/16");
    EXPECT_EQ(rules.prefixes[1].source.line, 8U);
    EXPECT_EQ(rules.prefixes[2].prefix.ipVersion, 6);

    TwinDiagnostics missing;
    ReadTwinBorderPrefixFile(dir.Path() + "/absent.csv", net, missing);
    EXPECT_TRUE(missing.HasErrors());
}

TEST(AddressMapper, UnknownNodesRefused)
{
    TwinNetwork net = SmallNetwork();
    TwinBorderRules rules;
    rules.defaultNode = "nowhere";
    rules.ingressInterfaces[3] = "X";
    TwinBorderPrefix p;
    p.prefix = *TwinAddressPrefix::Parse("10.9.0.0/16");
    p.node = "Y";
    p.source = TwinSourceRef{"rules.csv", 4, ""};
    rules.prefixes.push_back(p);
    TwinDiagnostics diagnostics;
    try
    {
        TwinAddressMapper mapper(net, rules, diagnostics);
        FAIL() << "rules with unknown nodes were accepted";
    }
    catch (const std::invalid_argument& e)
    {
        std::string what = e.what();
        EXPECT_NE(what.find("'nowhere'"), std::string::npos) << what;
        EXPECT_NE(what.find("ingress interface 3"), std::string::npos) << what;
        EXPECT_NE(what.find("rules.csv:4"), std::string::npos) << what;
    }
    EXPECT_EQ(diagnostics.Count(Severity::Error), 3U) << test::Dump(diagnostics);
    EXPECT_TRUE(HasDiagnostic(diagnostics, Severity::Error, "rules.csv", 4, "unknown node 'Y'"));
}

TEST(AddressMapper, DuplicateSnapshotAddressWarned)
{
    TwinNetwork net = SmallNetwork();
    AddInterface(net.nodes[2], "dup", "192.0.2.1/32");
    TwinDiagnostics diagnostics;
    TwinAddressMapper mapper(net, TwinBorderRules{}, diagnostics);
    EXPECT_EQ(diagnostics.Count(Severity::Warning), 1U) << test::Dump(diagnostics);
    EXPECT_EQ(mapper.Map(Flow("192.0.2.1", "192.0.2.3", 1)).sourceNode, "A");
}

TEST(AddressMapper, MapsAMillionFlowsOnAThousandNodes)
{
    // 1000 nodes, each with a loopback /32, a /30 to the next and a /24 LAN.
    TwinNetwork net;
    net.name = "large";
    for (uint32_t i = 0; i < 1000; ++i)
    {
        TwinNode node{"n" + std::to_string(i), std::nullopt, std::nullopt, {}, {}};
        auto loopback = TwinIpv4Prefix{0xC0000000U + i, 32};
        auto link = TwinIpv4Prefix{0x0A000000U + i * 4 + 1, 30};
        auto lan = TwinIpv4Prefix{0xAC000001U + (i << 8), 24};
        TwinInterface itf;
        itf.name = "all";
        itf.addresses = {loopback, link, lan};
        node.interfaces.push_back(itf);
        net.nodes.push_back(node);
    }
    TwinBorderRules rules;
    rules.defaultNode = "n0";
    TwinBorderPrefix p;
    p.prefix = *TwinAddressPrefix::Parse("198.51.0.0/16");
    p.node = "n999";
    rules.prefixes.push_back(p);
    TwinDiagnostics diagnostics;
    TwinAddressMapper mapper(net, rules, diagnostics);

    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> node(0, 999);
    std::uniform_int_distribution<uint32_t> host(2, 254);
    const uint64_t flows = 1000000;
    // Text addresses, as the readers deliver them (BM_MapFlows times the same mapping).
    std::vector<TwinFlowRecord> records(100000);
    for (auto& f : records)
    {
        f.sourceAddress =
            TwinIpv4Prefix::AddressToString(0xAC000000U + (node(rng) << 8) + host(rng));
        f.destAddress = host(rng) % 4 == 0
                            ? "198.51.3.4"
                            : TwinIpv4Prefix::AddressToString(0xC0000000U + node(rng));
        f.bytes = 1000;
    }
    uint64_t mappedToLan = 0;
    for (uint64_t i = 0; i < flows; ++i)
    {
        auto m = mapper.Map(records[i % records.size()]);
        mappedToLan += m.sourceRule == "snapshot" ? 1 : 0;
    }
    EXPECT_EQ(mappedToLan, flows);
    auto r = mapper.Report();
    EXPECT_EQ(r.flows, flows);
    EXPECT_EQ(r.unmappedSourceFlows + r.unmappedDestFlows, 0U);
    EXPECT_GT(r.destRuleFlows["prefix-file"], 0U);
}

} // namespace
