/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/gml-importer.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;
using test::FindLink;
using test::HasDiagnostic;

/** Import a GML text written to a temporary file. */
struct GmlCase
{
    test::TempDir dir;       //!< holds the file
    std::string path;        //!< the file
    TwinImportResult result; //!< what the importer made

    /**
     * @param text the GML
     * @param options import options
     */
    explicit GmlCase(const std::string& text, const TwinImportOptions& options = {})
    {
        path = dir.Write("case.gml", text);
        result = GmlImporter().Import(path, options);
    }
};

TEST(GmlImporter, AcceptsByExtension)
{
    GmlImporter gml;
    EXPECT_EQ(gml.GetFormat(), "gml");
    EXPECT_TRUE(gml.Accepts("topologies/Abilene.gml"));
    EXPECT_TRUE(gml.Accepts("GEANT.GML"));
    EXPECT_FALSE(gml.Accepts("abilene.native.txt"));
    EXPECT_FALSE(gml.Accepts("gml"));
}

TEST(GmlImporter, GreatCircleDistance)
{
    // A quarter meridian and one degree of the equator follow from the radius alone.
    const double r = 6371e3;
    EXPECT_NEAR(GreatCircleMeters(0, 0, 90, 0), r * M_PI / 2, 1e-6);
    EXPECT_NEAR(GreatCircleMeters(0, 10, 0, 11), r * M_PI / 180, 1e-6);
    EXPECT_NEAR(GreatCircleMeters(10, 20, 10, 20), 0, 1e-9);
    // Antipodes: half the circumference, no NaN from rounding.
    EXPECT_NEAR(GreatCircleMeters(0, 0, 0, 180), r * M_PI, 1e-3);
    EXPECT_DOUBLE_EQ(FibreDelaySeconds(2e8), 1.0);
}

TEST(GmlImporter, AbileneLikeFixture)
{
    std::string path = test::SourcePath("test/data/gml/abilene-like.gml");
    TwinImportOptions options;
    options.defaultQueuePackets = 77;
    TwinImportResult r = GmlImporter().Import(path, options);
    ASSERT_TRUE(r.Ok()) << (r.diagnostics.All().empty() ? "" : r.diagnostics.All()[0].ToString());
    const TwinNetwork& net = r.network;
    EXPECT_EQ(r.importer, "gml");
    EXPECT_EQ(net.name, "AbileneLike");
    EXPECT_EQ(net.nodes.size(), 11U);
    EXPECT_EQ(net.links.size(), 28U);

    // Labels become id-safe node-ids.
    for (const char* id : {"NewYork", "Chicago", "WashingtonDC", "LosAngeles", "KansasCity"})
    {
        EXPECT_NE(net.FindNode(id), nullptr) << id;
    }
    const TwinNode* ny = net.FindNode("NewYork");
    ASSERT_NE(ny, nullptr);
    EXPECT_DOUBLE_EQ(ny->latitudeDeg.value_or(0), 40.71427);
    EXPECT_DOUBLE_EQ(ny->longitudeDeg.value_or(0), -74.00597);
    EXPECT_EQ(ny->source.file, path);
    EXPECT_EQ(ny->source.line, 7U);

    // Every edge end is an interface named after the peer; degrees follow from the edges.
    EXPECT_EQ(ny->interfaces.size(), 2U);
    EXPECT_NE(net.FindInterface("NewYork", "to-Chicago"), nullptr);
    EXPECT_NE(net.FindInterface("Chicago", "to-NewYork"), nullptr);
    EXPECT_EQ(net.FindNode("KansasCity")->interfaces.size(), 3U);
    EXPECT_EQ(net.FindNode("Atlanta")->interfaces.size(), 3U);

    // LinkSpeedRaw is the capacity of both directions; edges without it are left at 0.
    const TwinLink* nyChi = FindLink(net, "NewYork-Chicago");
    const TwinLink* chiNy = FindLink(net, "Chicago-NewYork");
    ASSERT_NE(nyChi, nullptr);
    ASSERT_NE(chiNy, nullptr);
    EXPECT_EQ(nyChi->capacityBps, 9953280000ULL);
    EXPECT_EQ(chiNy->capacityBps, 9953280000ULL);
    EXPECT_EQ(nyChi->sourceTp, "to-Chicago");
    EXPECT_EQ(nyChi->destTp, "to-NewYork");
    EXPECT_EQ(chiNy->sourceNode, "Chicago");
    EXPECT_EQ(chiNy->destTp, "to-Chicago");
    EXPECT_EQ(nyChi->queuePackets, 77U);
    const TwinLink* den = FindLink(net, "Denver-KansasCity");
    ASSERT_NE(den, nullptr);
    EXPECT_EQ(den->capacityBps, 0U);
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Note, path, 4,
                              "12 of 14 edges have no LinkSpeedRaw"));

    // New York - Chicago is about 1145 km along the great circle: 5.7 ms in fibre.
    double meters = GreatCircleMeters(40.71427, -74.00597, 41.85003, -87.65005);
    EXPECT_NEAR(meters / 1000, 1145, 5);
    EXPECT_NEAR(nyChi->delaySeconds, 5.73e-3, 0.03e-3);
    EXPECT_DOUBLE_EQ(nyChi->delaySeconds, chiNy->delaySeconds);
    EXPECT_EQ(nyChi->source.line, 73U);

    // Provenance.
    ASSERT_EQ(r.sources.size(), 1U);
    EXPECT_EQ(r.sources[0].path, path);
    EXPECT_EQ(r.sources[0].sha256.size(), 64U);
    EXPECT_EQ(r.sources[0].bytes, std::filesystem::file_size(path));
}

TEST(GmlImporter, MissingCoordinatesUseTheDefaultDelay)
{
    TwinImportOptions options;
    options.defaultDelaySeconds = 0.004;
    GmlCase c("graph [\n"
              "  node [ id 1 label \"A\" Latitude 10 Longitude 20 ]\n"
              "  node [ id 2 label \"B\" ]\n"
              "  node [ id 3 label \"C\" Latitude 95 Longitude 20 ]\n"
              "  edge [ source 1 target 2 ]\n"
              "  edge [ source 1 target 3 ]\n"
              "]\n",
              options);
    ASSERT_TRUE(c.result.Ok());
    ASSERT_EQ(c.result.network.links.size(), 4U);
    EXPECT_DOUBLE_EQ(c.result.network.links[0].delaySeconds, 0.004);
    EXPECT_DOUBLE_EQ(c.result.network.links[2].delaySeconds, 0.004);
    EXPECT_TRUE(HasDiagnostic(
        c.result.diagnostics, Severity::Warning, c.path, 4,
        "node 'C': coordinates (Latitude 95, Longitude 20) are incomplete or out of range"));
    EXPECT_TRUE(
        HasDiagnostic(c.result.diagnostics, Severity::Note, c.path, 1,
                      "2 of 3 nodes have no coordinates; 2 edges use the default delay 0.004 s"));
}

TEST(GmlImporter, SelfLoopIsDropped)
{
    // The importer passes the self-loop on; the common validation drops it (one warning for
    // both directions) together with the interfaces made only for it.
    std::string path = test::SourcePath("test/data/gml/self-loop.gml");
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r.network.links.size(), 2U);
    EXPECT_TRUE(
        HasDiagnostic(r.diagnostics, Severity::Warning, path, 5,
                      "link 'B-B' (B:to-B -> B:to-B~2) connects node 'B' to itself (self-loop); "
                      "dropped with its reverse direction 'B-B'"));
    std::size_t loops = 0;
    for (const auto& d : r.diagnostics.All())
    {
        loops += d.message.find("self-loop") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(loops, 1U);
    ASSERT_NE(r.network.FindNode("B"), nullptr);
    ASSERT_EQ(r.network.FindNode("B")->interfaces.size(), 1U);
    EXPECT_EQ(r.network.FindNode("B")->interfaces[0].name, "to-A");

    TwinImportOptions strict;
    strict.strict = true;
    TwinImportResult s = TwinImporterRegistry::Get().Import(path, "", strict);
    EXPECT_FALSE(s.Ok());
    EXPECT_TRUE(HasDiagnostic(s.diagnostics, Severity::Error, path, 5, "to itself (self-loop)"));
}

TEST(GmlImporter, ParallelEdgesAreKept)
{
    std::string path = test::SourcePath("test/data/gml/parallel.gml");
    TwinImportResult r = GmlImporter().Import(path, {});
    ASSERT_TRUE(r.Ok());
    const TwinNetwork& net = r.network;
    ASSERT_EQ(net.links.size(), 4U);
    EXPECT_TRUE(
        HasDiagnostic(r.diagnostics, Severity::Warning, path, 5,
                      "parallel edge between 'B' and 'A' (another one is at line 4); kept as a "
                      "separate link 'B-A-2'"));
    const TwinLink* second = FindLink(net, "B-A-2");
    ASSERT_NE(second, nullptr);
    EXPECT_NE(FindLink(net, "A-B-2"), nullptr);
    EXPECT_EQ(second->sourceTp, "to-A-2");
    EXPECT_EQ(second->destTp, "to-B-2");
    EXPECT_EQ(second->capacityBps, 100000000U);
    EXPECT_EQ(FindLink(net, "A-B")->capacityBps, 1000000000U);
    EXPECT_EQ(net.FindNode("A")->interfaces.size(), 2U);
    // One degree of the equator: 111.19 km, 0.556 ms.
    EXPECT_NEAR(second->delaySeconds, 6371e3 * M_PI / 180 / 2e8, 1e-12);
}

TEST(GmlImporter, DisconnectedComponents)
{
    // Reported by the common validation, which every format goes through.
    std::string path = test::SourcePath("test/data/gml/disconnected.gml");
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    EXPECT_TRUE(r.Ok());
    EXPECT_TRUE(
        HasDiagnostic(r.diagnostics, Severity::Warning, path, 0,
                      "the network has 3 disconnected components (nodes per component: 3, 2, 1)"));

    TwinImportOptions strict;
    strict.strict = true;
    TwinImportResult s = TwinImporterRegistry::Get().Import(path, "", strict);
    EXPECT_FALSE(s.Ok());
    EXPECT_TRUE(
        HasDiagnostic(s.diagnostics, Severity::Error, path, 0, "3 disconnected components"));
}

TEST(GmlImporter, ConnectedGraphHasNoComponentWarning)
{
    TwinImportResult r =
        TwinImporterRegistry::Get().Import(test::SourcePath("test/data/gml/self-loop.gml"), "", {});
    for (const auto& d : r.diagnostics.All())
    {
        EXPECT_EQ(d.message.find("disconnected"), std::string::npos) << d.ToString();
    }
}

TEST(GmlImporter, UnclosedListNamesWhereItOpened)
{
    std::string path = test::SourcePath("test/data/gml/unclosed-list.gml");
    TwinImportResult r = GmlImporter().Import(path, {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Error, path, 3,
                              "GML syntax error: the list opened here is not closed"));
}

TEST(GmlImporter, SyntaxErrors)
{
    struct Case
    {
        const char* text;
        uint32_t line;
        const char* message;
    };

    const Case cases[] = {
        {"graph [\n  node [ id 0 label \"A ]\n]\n", 2, "the string value of 'label' is not closed"},
        {"graph [\n  node [\n    id\n  ]\n]\n", 4,
         "expected a number, a string or '[' after 'id', found ']'"},
        {"graph [\n  node [ id 0 } ]\n]\n", 2, "expected a key, found '}'"},
        {"graph [\n  node [ id 0x ]\n]\n", 2, "'0x' (the value of 'id') is not a number"},
        {"graph [ ]\n]\n", 2, "']' without a matching '['"},
        {"graph", 1, "end of file: key 'graph' has no value"},
    };
    for (const auto& c : cases)
    {
        GmlCase g(c.text);
        EXPECT_FALSE(g.result.Ok()) << c.text;
        EXPECT_TRUE(HasDiagnostic(g.result.diagnostics, Severity::Error, g.path, c.line, c.message))
            << c.text;
    }
}

TEST(GmlImporter, StructureErrors)
{
    GmlCase noGraph("Creator \"x\"\nnode [ id 0 ]\n");
    EXPECT_TRUE(HasDiagnostic(noGraph.result.diagnostics, Severity::Error, noGraph.path, 0,
                              "no 'graph [ ... ]' list"));

    GmlCase empty("graph [\n  label \"x\"\n]\n");
    EXPECT_TRUE(HasDiagnostic(empty.result.diagnostics, Severity::Error, empty.path, 1,
                              "the graph has no nodes"));

    GmlCase c("graph [\n"
              "  node [ id 0 label \"A\" ]\n"
              "  node [ label \"NoId\" ]\n"
              "  node [ id 0 label \"Again\" ]\n"
              "  edge [ source 0 target 9 ]\n"
              "  edge [ source 0 ]\n"
              "  node \"text\"\n"
              "]\n");
    const auto& d = c.result.diagnostics;
    EXPECT_FALSE(c.result.Ok());
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 3, "node has no integer 'id'"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 4,
                              "duplicate node id 0 (first defined at " + c.path + ":2)"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 5, "edge 0 -> 9: node 9 does not exist"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 6, "edge has no 'target'"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 7, "'node' must be a list"));
}

TEST(GmlImporter, LabelsBecomeUniqueSafeIds)
{
    GmlCase c("graph [\n"
              "  node [ id 0 label \"St. Louis (MO)\" ]\n"
              "  node [ id 1 label \"St Louis MO\" ]\n"
              "  node [ id 2 label \"Z&amp;rich\" ]\n"
              "  node [ id 3 label \"--\" ]\n"
              "  node [ id 4 ]\n"
              "  edge [ source 0 target 1 ]\n"
              "  edge [ source 1 target 2 ]\n"
              "  edge [ source 2 target 3 ]\n"
              "  edge [ source 3 target 4 ]\n"
              "]\n");
    ASSERT_TRUE(c.result.Ok());
    const auto& nodes = c.result.network.nodes;
    ASSERT_EQ(nodes.size(), 5U);
    EXPECT_EQ(nodes[0].id, "St.LouisMO");
    EXPECT_EQ(nodes[1].id, "StLouisMO");
    EXPECT_EQ(nodes[2].id, "Zrich");
    EXPECT_EQ(nodes[3].id, "n3");
    EXPECT_EQ(nodes[4].id, "n4");

    GmlCase dup("graph [\n"
                "  node [ id 7 label \"Paris\" ]\n"
                "  node [ id 8 label \"Paris\" ]\n"
                "  edge [ source 7 target 8 ]\n"
                "]\n");
    ASSERT_TRUE(dup.result.Ok());
    EXPECT_EQ(dup.result.network.nodes[1].id, "Paris_8");
    EXPECT_TRUE(HasDiagnostic(dup.result.diagnostics, Severity::Warning, dup.path, 3,
                              "it is called 'Paris_8'"));
}

TEST(GmlImporter, CommentsAndDirectedGraphs)
{
    GmlCase c("# a comment line\n"
              "graph [ directed 1\n"
              "  node [ id 0 label \"A\" ] # trailing comment\n"
              "  node [ id 1 label \"B\" ]\n"
              "  edge [ source 0 target 1 LinkSpeedRaw -5 ]\n"
              "]\n");
    ASSERT_TRUE(c.result.Ok());
    EXPECT_EQ(c.result.network.links.size(), 2U);
    EXPECT_TRUE(HasDiagnostic(c.result.diagnostics, Severity::Warning, c.path, 2, "'directed 1'"));
    EXPECT_TRUE(
        HasDiagnostic(c.result.diagnostics, Severity::Warning, c.path, 5,
                      "LinkSpeedRaw '-5' is not a usable bit rate (below 1 bit/s); ignored"));
}

TEST(GmlImporter, DeepNestingIsASyntaxErrorNotACrash)
{
    // 100 000 nested lists (400 KB) would overflow the stack of a recursive reader.
    std::string deep = "graph [\n";
    for (int i = 0; i < 100000; ++i)
    {
        deep += "a [ ";
    }
    deep += "\n]\n";
    TwinImportResult r = GmlImporter::ImportText(deep, "deep.gml", {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Error, "deep.gml", 2,
                              "GML syntax error: lists nest too deep: 65 levels exceed the "
                              "limit of 64 (raise it with --limit depth=N)"));

    // 64 levels, the graph included, are fine.
    std::string ok = "graph [ node [ id 0 label \"A\" ] x ";
    for (int i = 0; i < 62; ++i)
    {
        ok += "[ a ";
    }
    ok += "[ ]";
    for (int i = 0; i < 62; ++i)
    {
        ok += " ]";
    }
    ok += " ]\n";
    TwinImportResult fine = GmlImporter::ImportText(ok, "ok.gml", {});
    EXPECT_TRUE(fine.Ok()) << fine.diagnostics.All().front().ToString();
}

TEST(GmlImporter, LinkSpeedOutsideTheStoreRangeIsIgnored)
{
    // 1.5e19 bit/s does not fit the store's signed 64-bit integers; 0.4 bit/s rounds to 0.
    GmlCase c("graph [\n"
              "  node [ id 0 label \"A\" ]\n"
              "  node [ id 1 label \"B\" ]\n"
              "  node [ id 2 label \"C\" ]\n"
              "  edge [ source 0 target 1 LinkSpeedRaw 1.5e19 ]\n"
              "  edge [ source 1 target 2 LinkSpeedRaw 0.4 ]\n"
              "]\n");
    ASSERT_TRUE(c.result.Ok());
    EXPECT_EQ(FindLink(c.result.network, "A-B")->capacityBps, 0U);
    EXPECT_EQ(FindLink(c.result.network, "B-C")->capacityBps, 0U);
    EXPECT_TRUE(
        HasDiagnostic(c.result.diagnostics, Severity::Warning, c.path, 5,
                      "LinkSpeedRaw '1.5e19' is not a usable bit rate (above 9223372036854775807 "
                      "bit/s); ignored"));
    EXPECT_TRUE(
        HasDiagnostic(c.result.diagnostics, Severity::Warning, c.path, 6,
                      "LinkSpeedRaw '0.4' is not a usable bit rate (below 1 bit/s); ignored"));
}

TEST(GmlImporter, IdsOutsideTheIntegerRangeAreErrors)
{
    GmlCase c("graph [\n"
              "  node [ id 1e300 label \"A\" ]\n"
              "  node [ id 1 label \"B\" ]\n"
              "  node [ id 2 label \"C\" ]\n"
              "  edge [ source 1 target -1e300 ]\n"
              "  edge [ source 1 target 2 ]\n"
              "]\n");
    EXPECT_FALSE(c.result.Ok());
    EXPECT_TRUE(HasDiagnostic(c.result.diagnostics, Severity::Error, c.path, 2,
                              "node id 1e+300 is not an integer in the range of a 64-bit id"));
    EXPECT_TRUE(HasDiagnostic(c.result.diagnostics, Severity::Error, c.path, 5,
                              "edge 1 -> -1e+300: node -1e+300 does not exist"));
}

TEST(GmlImporter, NumbersAreDecimalOnly)
{
    // One strict number reader for every format: no hexadecimal, infinity or NaN.
    for (const char* value : {"0x10", "0x1p3", "-inf", "1e400"})
    {
        GmlCase c(std::string("graph [\n  node [ id ") + value + " ]\n]\n");
        EXPECT_FALSE(c.result.Ok()) << value;
        EXPECT_TRUE(
            HasDiagnostic(c.result.diagnostics, Severity::Error, c.path, 2,
                          std::string("'") + value + "' (the value of 'id') is not a number"))
            << value;
    }
}

TEST(GmlImporter, MissingFile)
{
    TwinImportResult r = GmlImporter().Import("/nonexistent/x.gml", {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(
        HasDiagnostic(r.diagnostics, Severity::Error, "/nonexistent/x.gml", 0, "cannot open"));
}

TEST(GmlImporter, RealTopologyZooGeant2012)
{
    const std::string path = test::ReferenceDataPath("topologyzoo/Geant2012.gml");
    if (!std::filesystem::exists(path))
    {
        GTEST_SKIP() << path << " is not available";
    }
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r.importer, "gml");
    EXPECT_EQ(r.network.nodes.size(), 40U);
    EXPECT_EQ(r.network.links.size(), 2 * 61U);
    for (const auto& l : r.network.links)
    {
        EXPECT_GT(l.capacityBps, 0U) << l.id;
        EXPECT_GT(l.delaySeconds, 0) << l.id;
    }
}

} // namespace
