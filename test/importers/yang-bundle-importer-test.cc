/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/gml-importer.h"
#include "ns3/yang-bundle-importer.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

/**
 * @file
 * Tests of the YANG snapshot-bundle importer: the bundled Abilene sample, format equivalence
 * (JSON/XML, NMDA/2014 interfaces), topology-only documents, unknown augments and one test
 * per error the importer itself reports.
 */

namespace ns3
{
namespace
{

namespace fs = std::filesystem;
using Severity = TwinDiagnostic::Severity;

/**
 * @param path a file
 * @return its content
 */
std::string
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/**
 * @param text a file's content
 * @param line a 1-based line number
 * @return that line, or empty
 */
std::string
LineAt(const std::string& text, uint32_t line)
{
    std::istringstream in(text);
    std::string l;
    for (uint32_t i = 0; i < line && std::getline(in, l); ++i)
    {
    }
    return line == 0 ? "" : l;
}

/**
 * @param text a file's content
 * @param needle a string in it
 * @return the 1-based line of its first occurrence, 0 if absent
 */
uint32_t
LineOf(const std::string& text, const std::string& needle)
{
    auto pos = text.find(needle);
    if (pos == std::string::npos)
    {
        return 0;
    }
    return static_cast<uint32_t>(std::count(text.begin(), text.begin() + pos, '\n')) + 1;
}

/**
 * Replace the first occurrence of a string; fails the test if it is absent.
 * @param text the text
 * @param from what to replace
 * @param to the replacement
 * @return the changed text
 */
std::string
Replace(std::string text, const std::string& from, const std::string& to)
{
    auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << "fixture lacks: " << from;
    if (pos != std::string::npos)
    {
        text.replace(pos, from.size(), to);
    }
    return text;
}

/**
 * @param result an import result
 * @return all diagnostics, one per line
 */
std::string
Dump(const TwinImportResult& result)
{
    std::string out;
    for (const auto& d : result.diagnostics.All())
    {
        out += d.ToString() + "\n";
    }
    return out;
}

/**
 * @param result an import result
 * @param severity the severity wanted
 * @param needles strings that must all occur in the diagnostic's one-line form
 * @return the first such diagnostic, or nullptr
 */
const TwinDiagnostic*
Find(const TwinImportResult& result, Severity severity, std::initializer_list<std::string> needles)
{
    for (const auto& d : result.diagnostics.All())
    {
        if (d.severity != severity)
        {
            continue;
        }
        std::string text = d.ToString();
        bool all = true;
        for (const auto& n : needles)
        {
            all = all && text.find(n) != std::string::npos;
        }
        if (all)
        {
            return &d;
        }
    }
    return nullptr;
}

/**
 * A copy of a fixture bundle in a temporary directory, to be changed by a test.
 */
class Bundle
{
public:
    /**
     * @param fixture directory below test/data/yang
     */
    explicit Bundle(const std::string& fixture)
    {
        fs::copy(test::SourcePath("test/data/yang/" + fixture), m_dir.Path(),
                 fs::copy_options::recursive);
    }

    /** @return the bundle directory */
    const std::string& Path() const { return m_dir.Path(); }

    /**
     * @param name a file of the bundle
     * @return its full path
     */
    std::string File(const std::string& name) const
    {
        return (fs::path(m_dir.Path()) / name).string();
    }

    /**
     * @param name a file of the bundle
     * @return its content
     */
    std::string Read(const std::string& name) const { return ReadText(File(name)); }

    /**
     * @param name a file of the bundle
     * @param content new content
     * @return its full path
     */
    std::string Write(const std::string& name, const std::string& content) const
    {
        return m_dir.Write(name, content);
    }

    /**
     * Change a file by replacing one string.
     * @param name a file of the bundle
     * @param from what to replace
     * @param to the replacement
     * @return the new content
     */
    std::string Edit(const std::string& name, const std::string& from, const std::string& to) const
    {
        std::string text = Replace(Read(name), from, to);
        Write(name, text);
        return text;
    }

    /**
     * @param options import options
     * @return the import result of YangBundleImporter alone
     */
    TwinImportResult Import(const TwinImportOptions& options = {}) const
    {
        return YangBundleImporter().Import(m_dir.Path(), options);
    }

private:
    test::TempDir m_dir; //!< the copy
};

/**
 * Compare two interfaces, sources excepted.
 * @param a first
 * @param b second
 * @param where context for failure messages
 */
void
ExpectSameInterface(const TwinInterface& a, const TwinInterface& b, const std::string& where)
{
    EXPECT_EQ(a.name, b.name) << where;
    EXPECT_EQ(a.enabled, b.enabled) << where << " " << a.name;
    EXPECT_EQ(a.speedBps, b.speedBps) << where << " " << a.name;
    EXPECT_EQ(a.mtuBytes, b.mtuBytes) << where << " " << a.name;
    EXPECT_EQ(a.addresses, b.addresses) << where << " " << a.name;
}

/**
 * Compare two networks element by element, sources excepted.
 * @param a first
 * @param b second
 */
void
ExpectSameNetwork(const TwinNetwork& a, const TwinNetwork& b)
{
    EXPECT_EQ(a.name, b.name);
    ASSERT_EQ(a.nodes.size(), b.nodes.size());
    for (std::size_t i = 0; i < a.nodes.size(); ++i)
    {
        const auto& na = a.nodes[i];
        const auto& nb = b.nodes[i];
        EXPECT_EQ(na.id, nb.id);
        EXPECT_EQ(na.latitudeDeg, nb.latitudeDeg) << na.id;
        EXPECT_EQ(na.longitudeDeg, nb.longitudeDeg) << na.id;
        ASSERT_EQ(na.interfaces.size(), nb.interfaces.size()) << na.id;
        for (std::size_t k = 0; k < na.interfaces.size(); ++k)
        {
            ExpectSameInterface(na.interfaces[k], nb.interfaces[k], na.id);
        }
    }
    ASSERT_EQ(a.links.size(), b.links.size());
    for (std::size_t i = 0; i < a.links.size(); ++i)
    {
        const auto& la = a.links[i];
        const auto& lb = b.links[i];
        EXPECT_EQ(la.id, lb.id);
        EXPECT_EQ(la.sourceNode, lb.sourceNode) << la.id;
        EXPECT_EQ(la.sourceTp, lb.sourceTp) << la.id;
        EXPECT_EQ(la.destNode, lb.destNode) << la.id;
        EXPECT_EQ(la.destTp, lb.destTp) << la.id;
        EXPECT_EQ(la.capacityBps, lb.capacityBps) << la.id;
        EXPECT_DOUBLE_EQ(la.delaySeconds, lb.delaySeconds) << la.id;
        EXPECT_EQ(la.queuePackets, lb.queuePackets) << la.id;
        EXPECT_EQ(la.metric, lb.metric) << la.id;
    }
    ASSERT_EQ(a.routes.size(), b.routes.size());
    for (std::size_t i = 0; i < a.routes.size(); ++i)
    {
        const auto& ra = a.routes[i];
        const auto& rb = b.routes[i];
        EXPECT_EQ(ra.node, rb.node);
        EXPECT_EQ(ra.destination, rb.destination) << ra.node;
        EXPECT_EQ(ra.nextHop, rb.nextHop) << ra.node << " " << ra.destination.ToString();
        EXPECT_EQ(ra.outInterface, rb.outInterface) << ra.node;
        EXPECT_EQ(ra.metric, rb.metric) << ra.node;
    }
    ASSERT_EQ(a.demands.size(), b.demands.size());
    for (std::size_t i = 0; i < a.demands.size(); ++i)
    {
        EXPECT_EQ(a.demands[i].id, b.demands[i].id);
        EXPECT_EQ(a.demands[i].rateBps, b.demands[i].rateBps);
        EXPECT_EQ(a.demands[i].bytes, b.demands[i].bytes);
    }
}

/**
 * @param a node with coordinates
 * @param b node with coordinates
 * @return great-circle distance in metres (haversine, mean Earth radius)
 */
double
DistanceMetres(const TwinNode& a, const TwinNode& b)
{
    const double rad = std::acos(-1.0) / 180.0;
    double p1 = *a.latitudeDeg * rad;
    double p2 = *b.latitudeDeg * rad;
    double dp = p2 - p1;
    double dl = (*b.longitudeDeg - *a.longitudeDeg) * rad;
    double h =
        std::pow(std::sin(dp / 2), 2) + std::cos(p1) * std::cos(p2) * std::pow(std::sin(dl / 2), 2);
    return 2 * 6371000.0 * std::asin(std::sqrt(h));
}

const TwinInterface*
FindIface(const TwinNetwork& network, const std::string& node, const std::string& name)
{
    return network.FindInterface(node, name);
}

// ---------------------------------------------------------------------------------------
// The bundled Abilene sample

TEST(YangBundleImporter, AbileneBundleImports)
{
    const std::string dir = test::SourcePath("examples/data/abilene");
    YangBundleImporter importer;
    ASSERT_TRUE(importer.Accepts(dir));
    TwinImportResult result = importer.Import(dir, TwinImportOptions{});
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_EQ(result.diagnostics.Count(Severity::Warning), 0u) << Dump(result);
    const TwinNetwork& net = result.network;
    EXPECT_EQ(net.name, "abilene");
    ASSERT_EQ(net.nodes.size(), 11u);
    ASSERT_EQ(net.links.size(), 28u);

    // Every link has its reverse, and its ends' addresses share a /30.
    std::set<std::string> directed;
    for (const auto& l : net.links)
    {
        directed.insert(l.sourceNode + ">" + l.destNode);
    }
    for (const auto& l : net.links)
    {
        EXPECT_TRUE(directed.count(l.destNode + ">" + l.sourceNode)) << l.id;
        const TwinInterface* a = FindIface(net, l.sourceNode, l.sourceTp);
        const TwinInterface* b = FindIface(net, l.destNode, l.destTp);
        ASSERT_TRUE(a && b) << l.id;
        ASSERT_EQ(a->addresses.size(), 1u) << l.id;
        ASSERT_EQ(b->addresses.size(), 1u) << l.id;
        EXPECT_EQ(a->addresses[0].prefixLength, 30) << l.id;
        EXPECT_EQ(a->addresses[0].Network(), b->addresses[0].Network()) << l.id;
        EXPECT_NE(a->addresses[0].address, b->addresses[0].address) << l.id;
        EXPECT_EQ(a->speedBps, std::optional<uint64_t>(9953280000ULL)) << l.id;
        EXPECT_EQ(a->mtuBytes, std::optional<uint32_t>(9000)) << l.id;
        EXPECT_EQ(l.capacityBps, 0u) << "left for the validator: " << l.id;
        // Delay is the great-circle distance at 2e8 m/s (written with 1 ns resolution).
        const TwinNode* na = net.FindNode(l.sourceNode);
        const TwinNode* nb = net.FindNode(l.destNode);
        ASSERT_TRUE(na->latitudeDeg && nb->latitudeDeg) << l.id;
        EXPECT_NEAR(l.delaySeconds, DistanceMetres(*na, *nb) / 2e8, 1e-8) << l.id;
        EXPECT_GT(l.delaySeconds, 0.0005) << l.id;
        EXPECT_EQ(l.metric, static_cast<uint32_t>(std::lround(l.delaySeconds * 1e4))) << l.id;
        EXPECT_EQ(l.queuePackets, TwinImportOptions{}.defaultQueuePackets) << l.id;
    }
    EXPECT_EQ(directed.size(), 28u);

    // One /32 loopback per node, and static routes reaching every other node's loopback and
    // every link subnet the node is not on, with a next hop on one of its own subnets.
    std::map<std::string, TwinIpv4Prefix> loopbacks;
    std::set<uint32_t> linkSubnets;
    for (const auto& n : net.nodes)
    {
        const TwinInterface* lo = FindIface(net, n.id, "lo0");
        ASSERT_NE(lo, nullptr) << n.id;
        ASSERT_EQ(lo->addresses.size(), 1u) << n.id;
        EXPECT_EQ(lo->addresses[0].prefixLength, 32) << n.id;
        loopbacks[n.id] = lo->addresses[0];
        for (const auto& i : n.interfaces)
        {
            EXPECT_TRUE(i.enabled) << n.id << " " << i.name;
            if (i.name != "lo0")
            {
                linkSubnets.insert(i.addresses.at(0).Network());
            }
        }
    }
    EXPECT_EQ(linkSubnets.size(), 14u);
    std::map<std::string, std::set<std::string>> routesOf;
    for (const auto& r : net.routes)
    {
        const TwinNode* node = net.FindNode(r.node);
        ASSERT_NE(node, nullptr) << r.node;
        routesOf[r.node].insert(r.destination.ToString());
        ASSERT_TRUE(r.nextHop.has_value()) << r.node << " " << r.destination.ToString();
        const TwinInterface* out = FindIface(net, r.node, r.outInterface);
        ASSERT_NE(out, nullptr) << r.node << " " << r.outInterface;
        EXPECT_TRUE(out->addresses.at(0).Contains(*r.nextHop))
            << r.node << " " << r.destination.ToString();
    }
    std::size_t expectedRoutes = 0;
    for (const auto& n : net.nodes)
    {
        std::size_t own = 0;
        for (const auto& [id, lo] : loopbacks)
        {
            if (id != n.id)
            {
                EXPECT_TRUE(routesOf[n.id].count(lo.ToString())) << n.id << " -> " << id;
            }
        }
        own = n.interfaces.size() - 1;
        expectedRoutes += (net.nodes.size() - 1) + (linkSubnets.size() - own);
    }
    EXPECT_EQ(net.routes.size(), expectedRoutes);

    // The device in the 2014 form and the XML devices carry the same kind of data.
    for (const char* id : {"KSCYng", "NYCMng", "HSTNng"})
    {
        const TwinNode* n = net.FindNode(id);
        ASSERT_NE(n, nullptr);
        EXPECT_GE(n->interfaces.size(), 3u) << id;
        for (const auto& i : n->interfaces)
        {
            EXPECT_EQ(i.addresses.size(), 1u) << id << " " << i.name;
            if (i.name != "lo0")
            {
                EXPECT_TRUE(i.speedBps.has_value()) << id << " " << i.name;
            }
        }
    }

    // Demands: SNDlib pairs as UDP plus a few TCP bulk transfers, between known nodes.
    std::size_t udp = 0;
    std::size_t tcp = 0;
    for (const auto& d : net.demands)
    {
        EXPECT_NE(net.FindNode(d.sourceNode), nullptr) << d.id;
        EXPECT_NE(net.FindNode(d.destNode), nullptr) << d.id;
        if (d.protocol == TwinProtocol::Udp)
        {
            ++udp;
            EXPECT_GT(d.rateBps, 0) << d.id;
        }
        else
        {
            ++tcp;
            EXPECT_GT(d.bytes, 0u) << d.id;
        }
    }
    EXPECT_EQ(udp, 11u * 10u) << "every ordered pair of the 11 nodes";
    EXPECT_GE(tcp, 1u);

    // Provenance: topology, 11 devices, demands.
    EXPECT_EQ(result.sources.size(), 13u);
    for (const auto& s : result.sources)
    {
        EXPECT_EQ(s.sha256.size(), 64u) << s.path;
        EXPECT_GT(s.bytes, 0u) << s.path;
    }
}

TEST(YangBundleImporter, AbileneSourcesPointAtTheDefiningLines)
{
    const std::string dir = test::SourcePath("examples/data/abilene");
    TwinImportResult result = YangBundleImporter().Import(dir, TwinImportOptions{});
    ASSERT_TRUE(result.Ok()) << Dump(result);
    const std::string topo = ReadText(dir + "/topology.json");
    for (const auto& n : result.network.nodes)
    {
        EXPECT_EQ(n.source.file, dir + "/topology.json");
        EXPECT_NE(LineAt(topo, n.source.line).find("\"node-id\": \"" + n.id + "\""),
                  std::string::npos)
            << n.id << " line " << n.source.line;
        EXPECT_EQ(n.source.path,
                  "/ietf-network:networks/network[network-id='abilene']/node[node-id='" + n.id +
                      "']");
        for (const auto& i : n.interfaces)
        {
            EXPECT_NE(i.source.file.find("/devices/" + n.id + "."), std::string::npos)
                << i.source.file;
            EXPECT_NE(LineAt(ReadText(i.source.file), i.source.line).find(i.name),
                      std::string::npos)
                << n.id << " " << i.name;
        }
    }
    for (const auto& l : result.network.links)
    {
        EXPECT_NE(LineAt(topo, l.source.line).find("\"link-id\": \"" + l.id + "\""),
                  std::string::npos)
            << l.id;
        EXPECT_EQ(l.source.path, "/ietf-network:networks/network[network-id='abilene']/"
                                 "ietf-network-topology:link[link-id='" +
                                     l.id + "']");
    }
    std::map<std::string, std::string> texts;
    for (const auto& r : result.network.routes)
    {
        if (!texts.count(r.source.file))
        {
            texts[r.source.file] = ReadText(r.source.file);
        }
        EXPECT_NE(LineAt(texts[r.source.file], r.source.line).find(r.destination.ToString()),
                  std::string::npos)
            << r.source.ToString();
        EXPECT_NE(r.source.path.find("route[destination-prefix='" + r.destination.ToString()),
                  std::string::npos)
            << r.source.path;
    }
}

TEST(YangBundleImporter, AbileneThroughTheRegistryValidates)
{
    TwinImportResult result = TwinImporterRegistry::Get().Import(
        test::SourcePath("examples/data/abilene"), "", TwinImportOptions{});
    EXPECT_EQ(result.importer, "yang");
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_EQ(result.diagnostics.Count(Severity::Warning), 0u) << Dump(result);
    ASSERT_EQ(result.network.links.size(), 28u);
    for (const auto& l : result.network.links)
    {
        EXPECT_EQ(l.capacityBps, 9953280000ULL) << "capacity from the interface speeds: " << l.id;
    }
}

// ---------------------------------------------------------------------------------------
// Values and format equivalence on the small fixture

TEST(YangBundleImporter, MiniBundleValues)
{
    TwinImportOptions options;
    options.defaultQueuePackets = 77;
    options.defaultDelaySeconds = 0.042;
    Bundle bundle("mini-json");
    TwinImportResult result = bundle.Import(options);
    ASSERT_TRUE(result.Ok()) << Dump(result);
    const TwinNetwork& net = result.network;
    ASSERT_EQ(net.nodes.size(), 3u);
    ASSERT_EQ(net.links.size(), 4u);

    // Link attributes from the augment, defaults from the options.
    const TwinLink& r12 = net.links[0];
    EXPECT_EQ(r12.id, "R1-R2");
    EXPECT_EQ(r12.sourceNode, "R1");
    EXPECT_EQ(r12.sourceTp, "eth0");
    EXPECT_EQ(r12.destNode, "R2");
    EXPECT_EQ(r12.destTp, "eth0");
    EXPECT_DOUBLE_EQ(r12.delaySeconds, 0.0025);
    EXPECT_EQ(r12.queuePackets, 250u);
    EXPECT_EQ(r12.metric, 10u);
    EXPECT_EQ(r12.capacityBps, 0u);
    const TwinLink& r23 = net.links[2];
    EXPECT_EQ(r23.capacityBps, 100000000u);
    EXPECT_EQ(r23.queuePackets, 77u);
    EXPECT_EQ(r23.metric, 1u);
    // No delay given: derived from the nodes' coordinates, not the default.
    EXPECT_NEAR(r23.delaySeconds, DistanceMetres(*net.FindNode("R2"), *net.FindNode("R3")) / 2e8,
                1e-12);
    EXPECT_NE(r23.delaySeconds, options.defaultDelaySeconds);
    EXPECT_NE(Find(result, Severity::Note, {"2 link(s) have no delay"}), nullptr) << Dump(result);

    // Coordinates.
    ASSERT_TRUE(net.nodes[0].latitudeDeg.has_value());
    EXPECT_DOUBLE_EQ(*net.nodes[0].latitudeDeg, 48.8566);
    EXPECT_DOUBLE_EQ(*net.nodes[0].longitudeDeg, 2.3522);

    // Interfaces: speed, MTU, prefix length or netmask.
    const TwinInterface* r2e1 = FindIface(net, "R2", "eth1");
    ASSERT_NE(r2e1, nullptr);
    EXPECT_EQ(r2e1->speedBps, std::optional<uint64_t>(100000000));
    EXPECT_EQ(r2e1->mtuBytes, std::optional<uint32_t>(9000));
    ASSERT_EQ(r2e1->addresses.size(), 1u);
    EXPECT_EQ(r2e1->addresses[0].ToString(), "10.1.23.1/30");
    const TwinInterface* r3e0 = FindIface(net, "R3", "eth0");
    ASSERT_NE(r3e0, nullptr);
    ASSERT_EQ(r3e0->addresses.size(), 1u);
    EXPECT_EQ(r3e0->addresses[0].ToString(), "10.1.23.2/30") << "from netmask 255.255.255.252";
    const TwinInterface* r1lo = FindIface(net, "R1", "lo0");
    ASSERT_NE(r1lo, nullptr);
    EXPECT_FALSE(r1lo->speedBps.has_value());
    EXPECT_FALSE(r1lo->mtuBytes.has_value());
    // eth9 of R3 is no termination point: not imported, and said so.
    EXPECT_EQ(FindIface(net, "R3", "eth9"), nullptr);
    EXPECT_NE(Find(result, Severity::Note, {"R3.json", "'eth9'", "not termination points"}),
              nullptr)
        << Dump(result);

    // Routes: simple next hop, next hop with interface, next-hop list, interface only.
    ASSERT_EQ(net.routes.size(), 7u);
    std::vector<const TwinRoute*> toR3;
    for (const auto& r : net.routes)
    {
        if (r.node == "R2" && r.destination.ToString() == "10.1.255.3/32")
        {
            toR3.push_back(&r);
        }
    }
    ASSERT_EQ(toR3.size(), 2u) << "a next-hop list of two entries gives two routes";
    EXPECT_EQ(toR3[0]->nextHop, TwinIpv4Prefix::ParseAddress("10.1.23.2"));
    EXPECT_EQ(toR3[0]->outInterface, "eth1");
    EXPECT_FALSE(toR3[1]->nextHop.has_value());
    EXPECT_EQ(toR3[1]->outInterface, "eth1");
    EXPECT_NE(toR3[1]->source.path.find("next-hop[index='2']"), std::string::npos)
        << toR3[1]->source.path;
    EXPECT_NE(LineAt(bundle.Read("devices/R2.json"), toR3[1]->source.line).find("\"2\""),
              std::string::npos)
        << toR3[1]->source.line;
    const TwinRoute& def = net.routes.back();
    EXPECT_EQ(def.node, "R3");
    EXPECT_EQ(def.destination.ToString(), "0.0.0.0/0");
    EXPECT_FALSE(def.nextHop.has_value());
    EXPECT_EQ(def.outInterface, "eth0");

    // Demands from demands.csv.
    ASSERT_EQ(net.demands.size(), 2u);
    EXPECT_EQ(net.demands[0].sourceNode, "R1");
    EXPECT_EQ(net.demands[1].protocol, TwinProtocol::Tcp);
}

TEST(YangBundleImporter, XmlAndJsonGiveEqualNetworks)
{
    YangBundleImporter importer;
    auto json = importer.Import(test::SourcePath("test/data/yang/mini-json"), {});
    auto xml = importer.Import(test::SourcePath("test/data/yang/mini-xml"), {});
    ASSERT_TRUE(json.Ok()) << Dump(json);
    ASSERT_TRUE(xml.Ok()) << Dump(xml);
    ExpectSameNetwork(json.network, xml.network);
    // Lines are found in XML too.
    const std::string topo = ReadText(test::SourcePath("test/data/yang/mini-xml/topology.xml"));
    for (const auto& l : xml.network.links)
    {
        EXPECT_NE(LineAt(topo, l.source.line).find("<nt:link-id>" + l.id + "<"), std::string::npos)
            << l.id;
    }
}

TEST(YangBundleImporter, NmdaAndLegacyInterfacesAreEqual)
{
    YangBundleImporter importer;
    auto nmda = importer.Import(test::SourcePath("test/data/yang/mini-json"), {});
    auto legacy = importer.Import(test::SourcePath("test/data/yang/mini-legacy"), {});
    ASSERT_TRUE(nmda.Ok()) << Dump(nmda);
    ASSERT_TRUE(legacy.Ok()) << Dump(legacy);
    ASSERT_NE(ReadText(test::SourcePath("test/data/yang/mini-legacy/devices/R1.json"))
                  .find("ietf-interfaces:interfaces-state"),
              std::string::npos);
    ExpectSameNetwork(nmda.network, legacy.network);
    // The speeds come from interfaces-state only in the 2014 form.
    EXPECT_EQ(FindIface(legacy.network, "R1", "eth0")->speedBps,
              std::optional<uint64_t>(1000000000));
}

TEST(YangBundleImporter, LegacyAdminStatusDownDisablesInterface)
{
    Bundle bundle("mini-legacy");
    std::string text = bundle.Read("devices/R1.json");
    // Without a configured 'enabled', the state's admin-status decides.
    text = Replace(text, "\"enabled\": true,", "");
    text = Replace(text, "\"enabled\": true,", "");
    auto pos = text.find("interfaces-state\"");
    ASSERT_NE(pos, std::string::npos);
    auto admin = text.find("\"admin-status\": \"up\"", text.find("\"name\": \"eth0\"", pos));
    ASSERT_NE(admin, std::string::npos);
    text.replace(admin, 20, "\"admin-status\": \"down\"");
    bundle.Write("devices/R1.json", text);
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_FALSE(FindIface(result.network, "R1", "eth0")->enabled);
    EXPECT_TRUE(FindIface(result.network, "R1", "lo0")->enabled);
}

TEST(YangBundleImporter, NetconfAndRestconfEnvelopesAreRemoved)
{
    Bundle bundle("mini-xml");
    std::string inner = bundle.Read("devices/R1.xml");
    bundle.Write("devices/R1.xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rpc-reply message-id=\"101\"\n"
                 "    xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n<data>\n" +
                     inner + "</data>\n</rpc-reply>\n");
    bundle.Write("devices/R2.xml", "<data xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n" +
                                       bundle.Read("devices/R2.xml") + "</data>\n");
    fs::remove(bundle.File("devices/R3.xml"));
    bundle.Write("devices/R3.json",
                 "{\"ietf-restconf:data\":\n" +
                     ReadText(test::SourcePath("test/data/yang/mini-json/devices/R3.json")) +
                     "}\n");
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_EQ(result.diagnostics.Count(Severity::Warning), 0u) << Dump(result);
    auto plain = YangBundleImporter().Import(test::SourcePath("test/data/yang/mini-xml"), {});
    ExpectSameNetwork(plain.network, result.network);
    // Lines still point into the file as written.
    const TwinInterface* eth0 = FindIface(result.network, "R1", "eth0");
    EXPECT_EQ(eth0->source.line, LineOf(bundle.Read("devices/R1.xml"), "<name>eth0</name>"));
}

// ---------------------------------------------------------------------------------------
// Topology only

TEST(YangBundleImporter, TopologyOnlyDocument)
{
    const std::string file = test::SourcePath("test/data/yang/topology-only.json");
    YangBundleImporter importer;
    EXPECT_TRUE(importer.Accepts(file));
    TwinImportOptions options;
    options.defaultDelaySeconds = 0.004;
    auto result = importer.Import(file, options);
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Note,
                   {"topology-only.json", "no device data found", "addresses will be assigned"}),
              nullptr)
        << Dump(result);
    EXPECT_EQ(result.network.nodes.size(), 3u);
    EXPECT_EQ(result.network.links.size(), 4u);
    EXPECT_TRUE(result.network.routes.empty());
    for (const auto& n : result.network.nodes)
    {
        for (const auto& i : n.interfaces)
        {
            EXPECT_TRUE(i.addresses.empty()) << n.id << " " << i.name;
            EXPECT_EQ(i.source.file, file);
        }
    }
    for (const auto& l : result.network.links)
    {
        EXPECT_DOUBLE_EQ(l.delaySeconds, 0.004) << "no delay, no coordinates: the default";
    }
    EXPECT_EQ(result.sources.size(), 1u);
}

TEST(YangBundleImporter, TopologyOnlyThroughTheRegistryGetsAddresses)
{
    auto result = TwinImporterRegistry::Get().Import(
        test::SourcePath("test/data/yang/topology-only.json"), "", TwinImportOptions{});
    EXPECT_EQ(result.importer, "yang");
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Note, {"no device data found"}), nullptr) << Dump(result);
    std::size_t addressed = 0;
    for (const auto& n : result.network.nodes)
    {
        for (const auto& i : n.interfaces)
        {
            addressed += i.addresses.empty() ? 0 : 1;
        }
    }
    EXPECT_GT(addressed, 0u) << "the validator assigns addresses: " << Dump(result);
}

TEST(YangBundleImporter, BundleWithoutDevicesIsTopologyOnly)
{
    Bundle bundle("mini-json");
    fs::remove_all(bundle.File("devices"));
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Note, {"topology.json", "no device data found"}), nullptr)
        << Dump(result);
    EXPECT_TRUE(result.network.routes.empty());
    EXPECT_EQ(result.network.demands.size(), 2u);
}

// ---------------------------------------------------------------------------------------
// Unknown augments

TEST(YangBundleImporter, UnknownAugmentIsAWarning)
{
    const std::string file = test::SourcePath("test/data/yang/vendor-augment.json");
    auto result = YangBundleImporter().Import(file, {});
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_EQ(result.network.nodes.size(), 3u);
    EXPECT_EQ(result.network.links.size(), 4u);
    const TwinDiagnostic* node = Find(
        result, Severity::Warning,
        {"vendor-augment.json", "'acme-topology'", "node[node-id='R1']/acme-topology:node-info"});
    ASSERT_NE(node, nullptr) << Dump(result);
    EXPECT_EQ(node->where.line, LineOf(ReadText(file), "\"acme-topology:node-info\""));
    EXPECT_NE(Find(result, Severity::Warning, {"'acme-topology'", "3 instance(s)", "tp-info"}),
              nullptr)
        << Dump(result);
    EXPECT_NE(Find(result, Severity::Warning,
                   {"'ietf-l3-unicast-topology'", "network-types/ietf-l3-unicast-topology"}),
              nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, UnknownAugmentIsAnErrorWhenStrict)
{
    TwinImportOptions options;
    options.strict = true;
    auto result = YangBundleImporter().Import(
        test::SourcePath("test/data/yang/vendor-augment.json"), options);
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"vendor-augment.json", "'acme-topology'", "strict"}),
              nullptr)
        << Dump(result);
    EXPECT_EQ(result.diagnostics.Count(Severity::Warning), 0u) << Dump(result);
}

TEST(YangBundleImporter, UnknownNamespaceInXmlDevice)
{
    Bundle bundle("mini-xml");
    bundle.Edit("devices/R2.xml", "    <name>eth1</name>\n",
                "    <name>eth1</name>\n    <port xmlns=\"urn:example:acme-port\"><fec>rs</fec>"
                "</port>\n");
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Warning,
                   {"R2.xml", "urn:example:acme-port", "interface[name='eth1']"}),
              nullptr)
        << Dump(result);
    EXPECT_EQ(FindIface(result.network, "R2", "eth1")->speedBps,
              std::optional<uint64_t>(100000000));
}

TEST(YangBundleImporter, UnknownAugmentWithEmptyArray)
{
    // libyang cannot hold an empty array of unknown data; real exports have them.
    Bundle bundle("mini-json");
    bundle.Edit("topology.json", "\"node-id\": \"R1\",",
                "\"node-id\": \"R1\",\n \"acme-topology:tags\": {\"list\": [\n ], \"x\": 1},");
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Warning, {"'acme-topology'", "acme-topology:tags"}), nullptr)
        << Dump(result);
    // An empty array of a known list is still fine and still known.
    bundle.Edit("topology.json", "\"node-id\": \"R1\",",
                "\"node-id\": \"R1\",\n \"supporting-node\": [],");
    auto again = bundle.Import();
    EXPECT_TRUE(again.Ok()) << Dump(again);
}

TEST(YangBundleImporter, SeveralNetworksPickTheOneWithLinks)
{
    Bundle bundle("mini-json");
    bundle.Edit("topology.json", "\"network\": [",
                "\"network\": [\n{\"network-id\": \"overlay\", \"node\": [{\"node-id\": \"X\"}]},");
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_EQ(result.network.name, "mini");
    EXPECT_NE(Find(result, Severity::Note,
                   {"topology.json", "2 networks", "'overlay'", "importing 'mini'"}),
              nullptr)
        << Dump(result);
}

// ---------------------------------------------------------------------------------------
// Errors the importer reports

TEST(YangBundleImporter, MalformedJson)
{
    Bundle bundle("mini-json");
    std::string text = bundle.Edit("topology.json", "\"tp-id\": \"eth1\"", "\"tp-id\": eth1\"");
    uint32_t line = LineOf(text, "eth1\"");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    const TwinDiagnostic* d = Find(result, Severity::Error, {"topology.json", "malformed JSON"});
    ASSERT_NE(d, nullptr) << Dump(result);
    EXPECT_NEAR(static_cast<double>(d->where.line), line, 1.0) << Dump(result);
}

TEST(YangBundleImporter, MalformedXml)
{
    Bundle bundle("mini-xml");
    std::string text = bundle.Edit("devices/R2.xml", "<name>eth1</name>", "<name>eth1</nam>");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    const TwinDiagnostic* d = Find(result, Severity::Error, {"R2.xml", "malformed XML"});
    ASSERT_NE(d, nullptr) << Dump(result);
    EXPECT_EQ(d->where.line, LineOf(text, "</nam>")) << Dump(result);
}

TEST(YangBundleImporter, SchemaViolationPrefixLength)
{
    Bundle bundle("mini-json");
    std::string text =
        bundle.Edit("devices/R1.json", "\"prefix-length\": 30", "\"prefix-length\": 40");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    const TwinDiagnostic* d =
        Find(result, Severity::Error,
             {"R1.json", "schema violation", "interface[name='eth0']/ietf-ip:ipv4/address", "40"});
    ASSERT_NE(d, nullptr) << Dump(result);
    EXPECT_NE(d->where.path.find("prefix-length"), std::string::npos) << d->ToString();
    EXPECT_EQ(d->where.line, LineOf(text, "\"prefix-length\": 40"));
}

TEST(YangBundleImporter, SchemaViolationSpeed)
{
    for (const char* bad : {"\"fast\"", "\"-5\"", "\"18446744073709551616\""})
    {
        Bundle bundle("mini-json");
        bundle.Edit("devices/R2.json", "\"speed\": \"100000000\"",
                    std::string("\"speed\": ") + bad);
        auto result = bundle.Import();
        EXPECT_FALSE(result.Ok()) << bad;
        EXPECT_NE(Find(result, Severity::Error,
                       {"R2.json", "schema violation", "interface[name='eth1']/speed"}),
                  nullptr)
            << bad << "\n"
            << Dump(result);
    }
}

TEST(YangBundleImporter, SchemaViolationMissingKey)
{
    Bundle bundle("mini-json");
    bundle.Edit("topology.json", "\"link-id\": \"R2-R3\",", "");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error,
                   {"topology.json", "schema violation", "link-id", "ietf-network-topology:link"}),
              nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, SchemaViolationUndefinedElement)
{
    Bundle bundle("mini-json");
    bundle.Edit("devices/R3.json", "\"speed\":", "\"speeed\":");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error,
                   {"R3.json", "schema violation", "'speeed'", "ietf-interfaces",
                    "interface[name='eth0']"}),
              nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, SchemaViolationDanglingLeafref)
{
    // Found by validation, not by parsing: outgoing-interface must name an interface.
    Bundle bundle("mini-json");
    std::string text = bundle.Edit("devices/R3.json", "\"outgoing-interface\": \"eth0\"",
                                   "\"outgoing-interface\": \"eth7\"");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    const TwinDiagnostic* d =
        Find(result, Severity::Error, {"R3.json", "schema violation", "outgoing-interface"});
    ASSERT_NE(d, nullptr) << Dump(result);
    EXPECT_NE(d->message.find("eth7"), std::string::npos) << d->ToString();
}

TEST(YangBundleImporter, SchemaViolationMissingMandatoryLeaf)
{
    Bundle bundle("mini-json");
    std::string text = bundle.Read("devices/R1.json");
    text = Replace(text, "\"type\": \"iana-if-type:ethernetCsmacd\",", "");
    bundle.Write("devices/R1.json", text);
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    const TwinDiagnostic* d =
        Find(result, Severity::Error, {"R1.json", "schema violation", "type"});
    ASSERT_NE(d, nullptr) << Dump(result);
    EXPECT_NE(d->where.path.find("interface"), std::string::npos) << d->ToString();
}

TEST(YangBundleImporter, DeviceForUnknownNode)
{
    Bundle bundle("mini-json");
    bundle.Write("devices/R9.json", bundle.Read("devices/R1.json"));
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"R9.json", "'R9'", "not in the topology"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, TerminationPointWithoutInterfaceData)
{
    Bundle bundle("mini-json");
    bundle.Edit("topology.json",
                "{\n                \"tp-id\": \"eth0\"\n              }\n            ]\n          "
                "},\n          {\n            \"node-id\": \"R2\"",
                "{\n                \"tp-id\": \"eth0\"\n              },\n              {\n"
                "                \"tp-id\": \"eth5\"\n              }\n            ]\n          "
                "},\n          {\n            \"node-id\": \"R2\"");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    const TwinDiagnostic* d =
        Find(result, Severity::Error,
             {"topology.json", "termination point without interface data", "R1.json", "'eth5'"});
    ASSERT_NE(d, nullptr) << Dump(result);
    EXPECT_NE(d->where.path.find("node[node-id='R1']/ietf-network-topology:termination-point"),
              std::string::npos)
        << d->ToString();
    EXPECT_EQ(d->where.line, LineOf(bundle.Read("topology.json"), "\"tp-id\": \"eth5\""));
}

TEST(YangBundleImporter, NodeWithoutDeviceFile)
{
    Bundle bundle("mini-json");
    fs::remove(bundle.File("devices/R3.json"));
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Warning, {"topology.json", "no device file for node 'R3'"}),
              nullptr)
        << Dump(result);
    TwinImportOptions strict;
    strict.strict = true;
    auto rejected = bundle.Import(strict);
    EXPECT_FALSE(rejected.Ok());
    EXPECT_NE(Find(rejected, Severity::Error, {"no device file for node 'R3'"}), nullptr)
        << Dump(rejected);
}

TEST(YangBundleImporter, TwoDeviceFilesForOneNode)
{
    Bundle bundle("mini-json");
    bundle.Write("devices/R1.xml",
                 ReadText(test::SourcePath("test/data/yang/mini-xml/devices/R1.xml")));
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"R1.xml", "two device files", "R1.json"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, SpecialNextHop)
{
    Bundle bundle("mini-json");
    bundle.Edit("devices/R3.json", "\"outgoing-interface\": \"eth0\"",
                "\"special-next-hop\": \"blackhole\"");
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Warning,
                   {"R3.json", "route[destination-prefix='0.0.0.0/0']", "'blackhole'", "skipped"}),
              nullptr)
        << Dump(result);
    EXPECT_EQ(result.network.routes.size(), 6u);
    TwinImportOptions strict;
    strict.strict = true;
    EXPECT_FALSE(bundle.Import(strict).Ok());
}

TEST(YangBundleImporter, NonContiguousNetmask)
{
    Bundle bundle("mini-json");
    bundle.Edit("devices/R3.json", "255.255.255.252", "255.255.0.255");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"R3.json", "255.255.0.255", "not contiguous"}),
              nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, MissingTopologyFile)
{
    Bundle bundle("mini-json");
    fs::remove(bundle.File("topology.json"));
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    const TwinDiagnostic* d =
        Find(result, Severity::Error, {bundle.Path(), "topology.json or topology.xml"});
    ASSERT_NE(d, nullptr) << Dump(result);
    EXPECT_FALSE(YangBundleImporter().Accepts(bundle.Path()));
}

TEST(YangBundleImporter, EmptyTopologyFile)
{
    Bundle bundle("mini-json");
    bundle.Write("topology.json", "  \n");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {bundle.File("topology.json"), "file is empty"}),
              nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, EmptyDeviceFile)
{
    Bundle bundle("mini-json");
    bundle.Write("devices/R2.json", "");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"R2.json", "file is empty"}), nullptr) << Dump(result);
}

TEST(YangBundleImporter, EmptyBundleDirectory)
{
    test::TempDir dir;
    auto result = YangBundleImporter().Import(dir.Path(), {});
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {dir.Path(), "empty bundle directory"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, MissingPath)
{
    test::TempDir dir;
    auto result = YangBundleImporter().Import(dir.Path() + "/nothing", {});
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"nothing", "no such file or directory"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, BothTopologyForms)
{
    Bundle bundle("mini-json");
    bundle.Write("topology.xml",
                 ReadText(test::SourcePath("test/data/yang/mini-xml/topology.xml")));
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"both topology.json and topology.xml"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, NoNetworkInDocument)
{
    test::TempDir dir;
    std::string file = dir.Write("t.json", "{\"ietf-network:networks\": {}}\n");
    auto result = YangBundleImporter().Import(file, {});
    EXPECT_FALSE(result.Ok());
    EXPECT_NE(Find(result, Severity::Error, {"t.json", "no network"}), nullptr) << Dump(result);
}

// ---------------------------------------------------------------------------------------
// Detection

TEST(YangBundleImporter, Accepts)
{
    YangBundleImporter importer;
    EXPECT_EQ(importer.GetFormat(), "yang");
    EXPECT_TRUE(importer.Accepts(test::SourcePath("test/data/yang/mini-xml")));
    EXPECT_TRUE(importer.Accepts(test::SourcePath("test/data/yang/mini-xml/topology.xml")));
    EXPECT_TRUE(importer.Accepts(test::SourcePath("test/data/yang/topology-only.json")));
    // A device file, or XML/JSON of another kind, is not a topology.
    EXPECT_FALSE(importer.Accepts(test::SourcePath("test/data/yang/mini-json/devices/R1.json")));
    test::TempDir dir;
    EXPECT_FALSE(importer.Accepts(dir.Write("network.xml", "<network><nodes/></network>\n")));
    EXPECT_FALSE(importer.Accepts(dir.Write("x.gml", "graph [ ]\n")));
    EXPECT_FALSE(importer.Accepts(dir.Path()));
}

// ---------------------------------------------------------------------------------------
// Found in review: checks every format needs, and the devices/ directory

TEST(YangBundleImporter, SomeDevicesMissingLeavesUnaddressedLinkEndsAnError)
{
    // Addresses are assigned only when no interface has one; with R1's device file alone,
    // the link ends on R2 and R3 have none, which the validation must not let pass.
    Bundle bundle("mini-json");
    fs::remove(bundle.File("devices/R2.json"));
    fs::remove(bundle.File("devices/R3.json"));
    auto result = TwinImporterRegistry::Get().Import(bundle.Path(), "", {});
    EXPECT_FALSE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Error,
                   {"topology.json", "interface 'R2:eth0' (an end of link", "no IPv4 address"}),
              nullptr)
        << Dump(result);
    EXPECT_NE(Find(result, Severity::Error, {"interface 'R3:eth0'", "no IPv4 address"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, RatesAboveTheStoreRangeAreErrors)
{
    // uint64 speeds and capacities above 2^63-1 are valid YANG but cannot be stored.
    Bundle bundle("mini-json");
    bundle.Edit("devices/R1.json", "\"speed\": \"1000000000\"",
                "\"speed\": \"18446744073709551615\"");
    bundle.Edit("topology.json", "\"capacity\": \"100000000\"",
                "\"capacity\": \"9223372036854775808\"");
    auto result = TwinImporterRegistry::Get().Import(bundle.Path(), "", {});
    EXPECT_FALSE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Error,
                   {"R1.json", "speed 18446744073709551615 bit/s is above the largest rate"}),
              nullptr)
        << Dump(result);
    EXPECT_NE(Find(result, Severity::Error,
                   {"topology.json", "capacity 9223372036854775808 bit/s is above the largest"}),
              nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, DisconnectedTopologyIsReported)
{
    test::TempDir dir;
    std::string text = ReadText(test::SourcePath("test/data/yang/topology-only.json"));
    std::string file = dir.Write(
        "island.json", Replace(text, "\"node\": [", "\"node\": [ { \"node-id\": \"R4\" },"));
    auto result = TwinImporterRegistry::Get().Import(file, "", {});
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Warning,
                   {"island.json", "2 disconnected components (nodes per component: 3, 1)"}),
              nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, DevicesThatIsNotADirectoryIsAnError)
{
    Bundle bundle("mini-json");
    fs::remove_all(bundle.File("devices"));
    bundle.Write("devices", "not a directory\n");
    auto result = bundle.Import();
    EXPECT_FALSE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Error, {"devices", "is not a directory"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, UnreadableDevicesDirectoryIsAnError)
{
    if (geteuid() == 0)
    {
        GTEST_SKIP() << "permissions do not stop root";
    }
    Bundle bundle("mini-json");
    fs::permissions(bundle.File("devices"), fs::perms::none);
    auto result = bundle.Import();
    fs::permissions(bundle.File("devices"), fs::perms::owner_all);
    EXPECT_FALSE(result.Ok()) << Dump(result);
    EXPECT_NE(Find(result, Severity::Error, {"devices", "cannot list the device files"}), nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, DeviceFileExtensionsIgnoreCaseAndOtherEntriesWarn)
{
    Bundle bundle("mini-json");
    fs::rename(bundle.File("devices/R1.json"), bundle.File("devices/R1.JSON"));
    bundle.Write("devices/old/R2.json", bundle.Read("devices/R2.json"));
    bundle.Write("devices/README.txt", "exported 2026-01-01\n");
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    EXPECT_EQ(Find(result, Severity::Warning, {"R1.JSON"}), nullptr) << Dump(result);
    EXPECT_EQ(Find(result, Severity::Warning, {"no device file for node 'R1'"}), nullptr)
        << Dump(result);
    ASSERT_NE(FindIface(result.network, "R1", "eth0"), nullptr);
    EXPECT_FALSE(FindIface(result.network, "R1", "eth0")->addresses.empty());
    EXPECT_NE(Find(result, Severity::Warning, {"old", "not a device file (a directory); ignored"}),
              nullptr)
        << Dump(result);
    EXPECT_NE(
        Find(result, Severity::Warning, {"README.txt", "not a .json or .xml device file; ignored"}),
        nullptr)
        << Dump(result);
}

TEST(YangBundleImporter, DerivedDelayIsTheSharedGreatCircleDelay)
{
    Bundle bundle("mini-json");
    auto result = bundle.Import();
    ASSERT_TRUE(result.Ok()) << Dump(result);
    const TwinNetwork& net = result.network;
    auto expected = DelayFromCoordinates(*net.FindNode("R2"), *net.FindNode("R3"));
    ASSERT_TRUE(expected.has_value());
    EXPECT_EQ(net.links[2].delaySeconds, *expected);
}

// ---------------------------------------------------------------------------------------
// Real exports (reference data, only when present on this machine)

TEST(YangBundleImporter, RealWorldExports)
{
    const std::string dir = test::ReferenceDataPath("yang-instance");
    if (!fs::exists(dir + "/mp_attr.json") || !fs::exists(dir + "/bf_l3s1.json"))
    {
        GTEST_SKIP() << "reference data not available";
    }
    auto mp = YangBundleImporter().Import(dir + "/mp_attr.json", {});
    ASSERT_TRUE(mp.Ok()) << Dump(mp);
    EXPECT_EQ(mp.network.name, "system-monitor");
    EXPECT_NE(Find(mp, Severity::Warning, {"'ops-topology'"}), nullptr) << Dump(mp);
    auto bf = YangBundleImporter().Import(dir + "/bf_l3s1.json", {});
    ASSERT_TRUE(bf.Ok()) << Dump(bf);
    EXPECT_EQ(bf.network.name, "layer3");
    EXPECT_GT(bf.network.links.size(), 0u);
    EXPECT_NE(Find(bf, Severity::Warning, {"'ietf-l3-unicast-topology'"}), nullptr) << Dump(bf);
}

} // namespace
} // namespace ns3
