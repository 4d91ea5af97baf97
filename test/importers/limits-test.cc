/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Input limits (TwinInputLimits): every bound stops an input with an error that names the
// file, says which limit and how to raise it, and raising the limit lets the same input in.

#include "test-util.h"

#include "ns3/demand-file-reader.h"
#include "ns3/importer-util.h"
#include "ns3/pcap-flow-reader.h"
#include "ns3/scenario-reader.h"
#include "ns3/twin-importer.h"
#include "ns3/yang-context.h"

#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;

/**
 * @param nodes how many nodes
 * @return a GML ring of that many nodes (as many links)
 */
std::string
GmlRing(int nodes)
{
    std::string text = "graph [\n";
    for (int i = 0; i < nodes; ++i)
    {
        text += "  node [ id " + std::to_string(i) + " label \"n" + std::to_string(i) + "\" ]\n";
    }
    for (int i = 0; i < nodes; ++i)
    {
        text += "  edge [ source " + std::to_string(i) + " target " +
                std::to_string((i + 1) % nodes) + " ]\n";
    }
    return text + "]\n";
}

/**
 * @param depth how many levels
 * @return a JSON document nesting arrays that deep inside one object
 */
std::string
DeepJson(int depth)
{
    return "{\"a\":\n" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}\n";
}

/**
 * @param text a diagnostic collection dump
 * @param what what must occur in it
 * @return whether it does, with the dump on failure
 */
::testing::AssertionResult
Mentions(const TwinDiagnostics& diagnostics, const std::string& what)
{
    std::string dump = test::Dump(diagnostics);
    if (dump.find(what) != std::string::npos)
    {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "'" << what << "' not in:\n" << dump;
}

TEST(InputLimits, DefaultsAreFarAboveRealNetworksAndBelowMemoryExhaustion)
{
    TwinInputLimits limits;
    // The largest public topologies (Topology Zoo, SNDlib) have under 1000 nodes.
    EXPECT_GE(limits.maxNodes, 10000u);
    EXPECT_LE(limits.maxNodes, 1000000u);
    EXPECT_GE(limits.maxFileBytes, 64u << 20);
    EXPECT_LE(limits.maxFileBytes, 1ULL << 30);
    EXPECT_GE(limits.maxNestingDepth, 32u);
    EXPECT_LE(limits.maxNestingDepth, kTwinMaxNestingDepthCeiling);
}

TEST(InputLimits, SetByNameWithSuffixes)
{
    TwinInputLimits limits;
    EXPECT_EQ(SetTwinInputLimit(limits, "nodes=200000"), "");
    EXPECT_EQ(limits.maxNodes, 200000u);
    EXPECT_EQ(SetTwinInputLimit(limits, "links=7"), "");
    EXPECT_EQ(limits.maxLinks, 7u);
    EXPECT_EQ(SetTwinInputLimit(limits, "routes=8"), "");
    EXPECT_EQ(limits.maxRoutes, 8u);
    EXPECT_EQ(SetTwinInputLimit(limits, "demands=9"), "");
    EXPECT_EQ(limits.maxDemands, 9u);
    EXPECT_EQ(SetTwinInputLimit(limits, "depth=200"), "");
    EXPECT_EQ(limits.maxNestingDepth, 200u);
    EXPECT_EQ(SetTwinInputLimit(limits, "open-flows=3"), "");
    EXPECT_EQ(limits.maxOpenFlows, 3u);
    EXPECT_EQ(SetTwinInputLimit(limits, "template-fields=10"), "");
    EXPECT_EQ(limits.maxTemplateFields, 10u);
    EXPECT_EQ(SetTwinInputLimit(limits, "file-bytes=2G"), "");
    EXPECT_EQ(limits.maxFileBytes, 2ULL << 30);
    EXPECT_EQ(SetTwinInputLimit(limits, "file-bytes=512k"), "");
    EXPECT_EQ(limits.maxFileBytes, 512u << 10);
    EXPECT_EQ(SetTwinInputLimit(limits, "file-bytes=1000"), "");
    EXPECT_EQ(limits.maxFileBytes, 1000u);
}

TEST(InputLimits, RefusesBadAssignments)
{
    TwinInputLimits limits;
    EXPECT_NE(SetTwinInputLimit(limits, "nodes").find("NAME=VALUE"), std::string::npos);
    EXPECT_NE(SetTwinInputLimit(limits, "vertices=5").find("unknown limit 'vertices'"),
              std::string::npos);
    EXPECT_NE(SetTwinInputLimit(limits, "nodes=0").find("above 0"), std::string::npos);
    EXPECT_NE(SetTwinInputLimit(limits, "nodes=-1").find("whole number"), std::string::npos);
    EXPECT_NE(SetTwinInputLimit(limits, "nodes=1e6").find("whole number"), std::string::npos);
    EXPECT_NE(SetTwinInputLimit(limits, "nodes=99999999999999999999").find("whole number"),
              std::string::npos);
    EXPECT_NE(SetTwinInputLimit(limits, "file-bytes=99999999999G").find("whole number"),
              std::string::npos);
    EXPECT_NE(SetTwinInputLimit(limits, "depth=1001").find("cannot exceed 1000"),
              std::string::npos);
    // Refused assignments leave the limits as they were.
    EXPECT_EQ(limits.maxNodes, TwinInputLimits().maxNodes);
    EXPECT_EQ(limits.maxNestingDepth, TwinInputLimits().maxNestingDepth);
}

TEST(InputLimits, NodeAndLinkCountsStopTheImportAndCanBeRaised)
{
    test::TempDir dir;
    std::string path = dir.Write("ring.gml", GmlRing(12));
    TwinImportOptions options;
    options.limits.maxNodes = 11;
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", options);
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(test::HasDiagnostic(r.diagnostics, Severity::Error, path, 0,
                                    "12 nodes exceed the limit of 11 (raise it with --limit "
                                    "nodes=N)"))
        << test::Dump(r.diagnostics);

    options.limits.maxNodes = 12;
    options.limits.maxLinks = 23; // 12 edges are 24 directed links
    r = TwinImporterRegistry::Get().Import(path, "", options);
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(Mentions(r.diagnostics, "24 links exceed the limit of 23"));

    options.limits.maxLinks = 24;
    r = TwinImporterRegistry::Get().Import(path, "", options);
    EXPECT_TRUE(r.Ok()) << test::Dump(r.diagnostics);
    EXPECT_EQ(r.network.nodes.size(), 12u);
}

TEST(InputLimits, RouteAndDemandCountsAreChecked)
{
    TwinNetwork net;
    net.routes.resize(5);
    net.demands.resize(3);
    TwinInputLimits limits;
    limits.maxRoutes = 4;
    limits.maxDemands = 2;
    TwinDiagnostics d;
    EXPECT_FALSE(CheckTwinNetworkLimits(net, limits, "x.json", d));
    EXPECT_TRUE(Mentions(d, "5 routes exceed the limit of 4 (raise it with --limit routes=N)"));
    EXPECT_TRUE(Mentions(d, "3 demands exceed the limit of 2 (raise it with --limit demands=N)"));
    limits.maxRoutes = 5;
    limits.maxDemands = 3;
    TwinDiagnostics ok;
    EXPECT_TRUE(CheckTwinNetworkLimits(net, limits, "x.json", ok));
    EXPECT_FALSE(ok.HasErrors());
}

TEST(InputLimits, FileSizeIsCheckedBeforeReading)
{
    test::TempDir dir;
    std::string text = GmlRing(3);
    std::string path = dir.Write("ring.gml", text);
    TwinImportOptions options;
    options.limits.maxFileBytes = text.size() - 1;
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", options);
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(test::HasDiagnostic(r.diagnostics, Severity::Error, path, 0,
                                    "the GML file is too large: " + std::to_string(text.size()) +
                                        " bytes exceed the limit of " +
                                        std::to_string(text.size() - 1) +
                                        " (raise it with --limit file-bytes=N)"))
        << test::Dump(r.diagnostics);
    // Nothing was read, so nothing is recorded as a source.
    EXPECT_TRUE(r.sources.empty());
    options.limits.maxFileBytes = text.size();
    EXPECT_TRUE(TwinImporterRegistry::Get().Import(path, "", options).Ok());
}

TEST(InputLimits, FileSizeOfAPipeIsCheckedWhileReading)
{
    // /dev/zero has no size: the reader must stop once it has read past the limit.
    TwinDiagnostics d;
    auto text = importer::ReadTextFile("/dev/zero", "GML file", d, 100000);
    EXPECT_FALSE(text.has_value());
    EXPECT_TRUE(Mentions(d, "the GML file is too large:"));
    EXPECT_TRUE(Mentions(d, "exceed the limit of 100000"));
}

TEST(InputLimits, GmlNestingFollowsTheLimit)
{
    test::TempDir dir;
    // graph [ a [ a [ ... ] ] ]: the graph list plus 9 more levels.
    std::string text = "graph [\n";
    for (int i = 0; i < 9; ++i)
    {
        text += "a [\n";
    }
    text += std::string(9, ']') + "\n" + GmlRing(2).substr(8);
    std::string path = dir.Write("deep.gml", text);
    TwinImportOptions options;
    options.limits.maxNestingDepth = 9;
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", options);
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(test::HasDiagnostic(r.diagnostics, Severity::Error, path, 10,
                                    "10 levels exceed the limit of 9 (raise it with --limit "
                                    "depth=N)"))
        << test::Dump(r.diagnostics);
    options.limits.maxNestingDepth = 10;
    r = TwinImporterRegistry::Get().Import(path, "", options);
    EXPECT_FALSE(Mentions(r.diagnostics, "levels exceed").operator bool())
        << test::Dump(r.diagnostics);
}

TEST(InputLimits, NestingScannerCountsOnlyStructure)
{
    TwinDiagnostics d;
    // Brackets in strings (with escaped quotes) do not nest.
    EXPECT_TRUE(importer::CheckNestingDepth("{\"a\": \"[[[[\\\"{{{{\", \"b\": [1]}", false, 2,
                                            "f.json", d));
    EXPECT_FALSE(importer::CheckNestingDepth("{\"a\": [[1]]}", false, 2, "f.json", d));
    // XML: comments, CDATA, declarations, processing instructions and empty elements do not
    // nest; quoted '>' in attributes does not end a tag.
    std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE x>\n<a x=\"1>2\">\n<!-- <b><b><b> -->\n"
                      "<![CDATA[<c><c><c>]]>\n<e/><e/>\n<f><g/></f>\n</a>\n";
    TwinDiagnostics x;
    EXPECT_TRUE(importer::CheckNestingDepth(xml, true, 2, "f.xml", x)) << test::Dump(x);
    EXPECT_FALSE(importer::CheckNestingDepth(xml, true, 1, "f.xml", x));
    EXPECT_TRUE(test::HasDiagnostic(x, Severity::Error, "f.xml", 7,
                                    "2 levels exceed the limit of 1 (raise it with --limit "
                                    "depth=N)"))
        << test::Dump(x);
}

TEST(InputLimits, ScenarioNestingIsCheckedBeforeLibyang)
{
    test::TempDir dir;
    std::string path = dir.Write("deep.json", DeepJson(100));
    TwinScenarioReadResult r = ReadTwinScenario(path);
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(test::HasDiagnostic(r.diagnostics, Severity::Error, path, 2,
                                    "65 levels exceed the limit of 64"))
        << test::Dump(r.diagnostics);
    // Raised, the document reaches libyang, which has its own say about it.
    TwinInputLimits limits;
    limits.maxNestingDepth = 100;
    r = ReadTwinScenario(path, limits);
    EXPECT_FALSE(r.Ok());
    EXPECT_FALSE(Mentions(r.diagnostics, "levels exceed").operator bool());

    std::string xml = "<change-set xmlns=\"urn:x\">\n" + std::string(80 * 3, ' ');
    for (int i = 0; i < 80; ++i)
    {
        xml += "<n>";
    }
    std::string xmlPath = dir.Write("deep.xml", xml);
    TwinChangeSetReadResult c = ReadTwinChangeSet(xmlPath);
    EXPECT_TRUE(test::HasDiagnostic(c.diagnostics, Severity::Error, xmlPath, 2,
                                    "65 levels exceed the limit of 64"))
        << test::Dump(c.diagnostics);
}

TEST(InputLimits, ScenarioFileSizeIsChecked)
{
    test::TempDir dir;
    std::string path = dir.Write("big.json", DeepJson(3));
    TwinInputLimits limits;
    limits.maxFileBytes = 4;
    TwinScenarioReadResult r = ReadTwinScenario(path, limits);
    EXPECT_TRUE(Mentions(r.diagnostics, "the scenario file is too large"));
    TwinChangeSetReadResult c = ReadTwinChangeSet(path, limits);
    EXPECT_TRUE(Mentions(c.diagnostics, "the change-set file is too large"));
}

TEST(InputLimits, YangContextRefusesNestingBeyondTheCeiling)
{
    // The safety net for every caller of YangContext::Parse (sync replies, fuzzers).
    auto context = YangContext::Shared();
    YangDataTree tree;
    auto messages =
        context->Parse(DeepJson(kTwinMaxNestingDepthCeiling + 5), YangFormat::Json, true, tree);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_NE(messages[0].message.find("1001 levels exceed the limit of 1000"), std::string::npos)
        << messages[0].message;
    EXPECT_EQ(messages[0].line, 2u);
    EXPECT_EQ(tree.Get(), nullptr);
}

TEST(InputLimits, BundleFilesAreCheckedForNesting)
{
    test::TempDir dir;
    std::filesystem::copy(test::SourcePath("test/data/yang/mini-json"), dir.Path() + "/b",
                          std::filesystem::copy_options::recursive);
    std::string topology = dir.Path() + "/b/topology.json";
    dir.Write("b/topology.json", "{\"ietf-network:networks\":\n" + DeepJson(70) + "}\n");
    TwinImportResult r = TwinImporterRegistry::Get().Import(dir.Path() + "/b", "", {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(test::HasDiagnostic(r.diagnostics, Severity::Error, topology, 3,
                                    "65 levels exceed the limit of 64"))
        << test::Dump(r.diagnostics);
}

TEST(InputLimits, DemandRowsStopAtTheLimit)
{
    std::string csv = "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,packet_bytes\n"
                      "a,X,Y,udp,1e6,,0,1,\n"
                      "b,X,Y,udp,1e6,,0,1,\n"
                      "c,X,Y,udp,1e6,,0,1,\n";
    TwinDiagnostics d;
    auto demands = ParseDemandCsv(csv, "d.csv", d, 2);
    EXPECT_EQ(demands.size(), 2u);
    EXPECT_TRUE(test::HasDiagnostic(d, Severity::Error, "d.csv", 4,
                                    "3 demands exceed the limit of 2 (raise it with --limit "
                                    "demands=N)"))
        << test::Dump(d);
    TwinDiagnostics ok;
    EXPECT_EQ(ParseDemandCsv(csv, "d.csv", ok, 3).size(), 3u);
    EXPECT_FALSE(ok.HasErrors()) << test::Dump(ok);
}

/**
 * @param flows how many UDP flows (one packet each, distinct source ports)
 * @return a pcap file (LINKTYPE_RAW, little-endian) of them, one millisecond apart
 */
std::string
UdpFlowsCapture(int flows)
{
    auto le32 = [](std::string& out, uint32_t v)
    {
        for (int i = 0; i < 4; ++i)
        {
            out += static_cast<char>((v >> (8 * i)) & 0xff);
        }
    };
    std::string out;
    le32(out, 0xa1b2c3d4);
    out += std::string("\x02\x00\x04\x00", 4); // version 2.4
    le32(out, 0);
    le32(out, 0);
    le32(out, 65535);
    le32(out, 101); // LINKTYPE_RAW
    for (int i = 0; i < flows; ++i)
    {
        // IPv4 10.0.0.1 -> 10.0.0.2, UDP from port 1000 + i to 53, no payload
        unsigned char packet[28] = {0x45, 0, 0,  28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0,
                                    0,    1, 10, 0,  0, 2, 0, 0, 0,  53, 0, 8, 0,  0};
        packet[20] = static_cast<unsigned char>((1000 + i) >> 8);
        packet[21] = static_cast<unsigned char>((1000 + i) & 0xff);
        le32(out, 1);
        le32(out, static_cast<uint32_t>(1000 * i));
        le32(out, sizeof(packet));
        le32(out, sizeof(packet));
        out.append(reinterpret_cast<const char*>(packet), sizeof(packet));
    }
    return out;
}

TEST(InputLimits, OpenFlowsOfACaptureAreBounded)
{
    test::TempDir dir;
    std::string path = dir.Write("scan.pcap", UdpFlowsCapture(5));
    TwinTrafficReadOptions options;
    options.maxOpenFlows = 4;
    TwinDiagnostics d;
    uint64_t delivered = 0;
    ReadPcapFlows(
        path, options, [&](const TwinFlowRecord&) { ++delivered; }, d);
    EXPECT_TRUE(test::HasDiagnostic(d, Severity::Error, path, 5,
                                    "packet 5: 5 open flows exceed the limit of 4 (raise it with "
                                    "--limit open-flows=N)"))
        << test::Dump(d);
    EXPECT_EQ(delivered, 0u);

    options.maxOpenFlows = 5;
    TwinDiagnostics ok;
    delivered = 0;
    ReadPcapFlows(
        path, options, [&](const TwinFlowRecord&) { ++delivered; }, ok);
    EXPECT_FALSE(ok.HasErrors()) << test::Dump(ok);
    EXPECT_EQ(delivered, 5u);
}

} // namespace
