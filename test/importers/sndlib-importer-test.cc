/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/gml-importer.h"
#include "ns3/sndlib-importer.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;
using test::FindLink;
using test::HasDiagnostic;

/** @return the demand with the id, or nullptr */
const TwinDemand*
FindDemand(const TwinNetwork& net, const std::string& id)
{
    for (const auto& d : net.demands)
    {
        if (d.id == id)
        {
            return &d;
        }
    }
    return nullptr;
}

/** A minimal valid file around the given sections, for error cases. */
std::string
Wrap(const std::string& meta, const std::string& rest)
{
    return "?SNDlib native format; type: network; version: 1.0\n" // line 1
           "META (\n"                                             // line 2
           + meta +                                               // line 3
           ")\n"                                                  // line 4
           + rest;
}

/** Import an SNDlib text written to a temporary file. */
struct SndCase
{
    test::TempDir dir;       //!< holds the file
    std::string path;        //!< the file
    TwinImportResult result; //!< what the importer made

    /** @param text the file content */
    explicit SndCase(const std::string& text)
    {
        path = dir.Write("case.native.txt", text);
        result = SndlibImporter().Import(path, {});
    }
};

/** Two nodes with coordinates, lines 5-8. */
const std::string kNodes = "NODES (\n"
                           "  a ( 10 50 )\n"
                           "  b ( 11 50 )\n"
                           ")\n";

TEST(SndlibImporter, Accepts)
{
    test::TempDir dir;
    SndlibImporter snd;
    EXPECT_EQ(snd.GetFormat(), "sndlib");
    EXPECT_TRUE(snd.Accepts("nets/abilene.native.txt"));
    EXPECT_TRUE(snd.Accepts("GEANT.NATIVE.TXT"));
    EXPECT_TRUE(snd.Accepts("x.sndlib"));
    EXPECT_TRUE(snd.Accepts(dir.Write("net.txt", "?SNDlib native format; type: network\n")));
    EXPECT_FALSE(snd.Accepts(dir.Write("other.txt", "# an ns-3 topology-read file\n")));
    EXPECT_FALSE(snd.Accepts("abilene.xml"));
    EXPECT_FALSE(snd.Accepts("abilene.gml"));
}

TEST(SndlibImporter, Units)
{
    EXPECT_EQ(SndlibImporter::UnitBitsPerSecond("MBITPERSEC").value_or(0), 1e6);
    EXPECT_EQ(SndlibImporter::UnitBitsPerSecond("GBITPERSEC").value_or(0), 1e9);
    EXPECT_EQ(SndlibImporter::UnitBitsPerSecond("KBITPERSEC").value_or(0), 1e3);
    EXPECT_EQ(SndlibImporter::UnitBitsPerSecond("BITPERSEC").value_or(0), 1.0);
    EXPECT_FALSE(SndlibImporter::UnitBitsPerSecond("MBPS").has_value());
}

TEST(SndlibImporter, AbileneLikeFixture)
{
    std::string path = test::SourcePath("test/data/sndlib/abilene-like.native.txt");
    TwinImportResult r = SndlibImporter().Import(path, {});
    ASSERT_TRUE(r.Ok()) << r.diagnostics.All()[0].ToString();
    const TwinNetwork& net = r.network;
    EXPECT_EQ(r.importer, "sndlib");
    EXPECT_EQ(net.name, "abilene-like");
    EXPECT_EQ(net.nodes.size(), 5U);
    EXPECT_EQ(net.links.size(), 10U);

    // SNDlib gives ( longitude latitude ).
    const TwinNode* atl = net.FindNode("ATLAng");
    ASSERT_NE(atl, nullptr);
    EXPECT_DOUBLE_EQ(atl->longitudeDeg.value_or(0), -85.5);
    EXPECT_DOUBLE_EQ(atl->latitudeDeg.value_or(0), 34.5);
    EXPECT_EQ(atl->source.line, 11U);

    // Capacity in META units (Mbit/s); the listed source is the forward direction.
    const TwinLink* fwd = FindLink(net, "ATLAng_IPLSng");
    const TwinLink* rev = FindLink(net, "ATLAng_IPLSng-reverse");
    ASSERT_NE(fwd, nullptr);
    ASSERT_NE(rev, nullptr);
    EXPECT_EQ(fwd->sourceNode, "IPLSng");
    EXPECT_EQ(fwd->destNode, "ATLAng");
    EXPECT_EQ(fwd->sourceTp, "to-ATLAng");
    EXPECT_EQ(rev->sourceNode, "ATLAng");
    EXPECT_EQ(rev->sourceTp, "to-IPLSng");
    EXPECT_EQ(fwd->capacityBps, 2480000000ULL);
    EXPECT_EQ(rev->capacityBps, 2480000000ULL);
    EXPECT_EQ(FindLink(net, "CHINng_NYCMng")->capacityBps, 9920000000ULL);
    EXPECT_EQ(fwd->source.line, 19U);
    EXPECT_NE(net.FindInterface("ATLAng", "to-IPLSng"), nullptr);

    // Chicago - New York, about 1140 km: 5.7 ms.
    EXPECT_NEAR(FindLink(net, "CHINng_NYCMng")->delaySeconds, 5.7e-3, 0.1e-3);

    // The demand matrix: values in Mbit/s become UDP rates; the zero demand is skipped.
    EXPECT_EQ(net.demands.size(), 4U);
    const TwinDemand* d = FindDemand(net, "ATLAng_CHINng");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->sourceNode, "ATLAng");
    EXPECT_EQ(d->destNode, "CHINng");
    EXPECT_EQ(d->protocol, TwinProtocol::Udp);
    EXPECT_DOUBLE_EQ(d->rateBps, 120.5e6);
    EXPECT_DOUBLE_EQ(d->startSeconds, 0);
    EXPECT_FALSE(d->stopSeconds.has_value());
    EXPECT_EQ(d->source.line, 27U);
    EXPECT_DOUBLE_EQ(FindDemand(net, "IPLSng_NYCMng")->rateBps, 2.25e6);
    EXPECT_EQ(FindDemand(net, "WASHng_IPLSng"), nullptr);
    EXPECT_TRUE(
        HasDiagnostic(r.diagnostics, Severity::Note, path, 0, "1 demands of value 0 were skipped"));
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Note, path, 34,
                              "section ADMISSIBLE_PATHS is not used"));
    EXPECT_EQ(r.diagnostics.Count(Severity::Warning), 0U);

    ASSERT_EQ(r.sources.size(), 1U);
    EXPECT_EQ(r.sources[0].bytes, std::filesystem::file_size(path));
}

TEST(SndlibImporter, ModuleCapacitiesAndGigabitUnit)
{
    std::string path = test::SourcePath("test/data/sndlib/modules-only.sndlib");
    TwinImportOptions options;
    options.defaultDelaySeconds = 0.003;
    TwinImportResult r = SndlibImporter().Import(path, options);
    ASSERT_TRUE(r.Ok());
    const TwinNetwork& net = r.network;
    // Smallest module: 10 of 40 and 10 Gbit/s.
    EXPECT_EQ(FindLink(net, "at1.at_ch1.ch")->capacityBps, 10000000000ULL);
    EXPECT_EQ(FindLink(net, "at1.at_de1.de")->capacityBps, 2500000000ULL);
    EXPECT_TRUE(HasDiagnostic(
        r.diagnostics, Severity::Warning, path, 16,
        "2 links have pre-installed capacity 0; their smallest module capacity is used "
        "instead: at1.at_ch1.ch, at1.at_de1.de"));
    // No capacity at all: 0 is left for the validator's default.
    EXPECT_EQ(FindLink(net, "de1.de_xx")->capacityBps, 0U);
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Warning, path, 19,
                              "link 'de1.de_xx' has neither pre-installed nor module capacity"));
    // "xx" has no coordinates.
    EXPECT_DOUBLE_EQ(FindLink(net, "de1.de_xx")->delaySeconds, 0.003);
    EXPECT_GT(FindLink(net, "at1.at_de1.de")->delaySeconds, 0.0025);
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Note, path, 16,
                              "1 links join a node without coordinates"));
    ASSERT_EQ(net.demands.size(), 1U);
    EXPECT_DOUBLE_EQ(net.demands[0].rateBps, 1.5e9);
}

TEST(SndlibImporter, MetaUnit)
{
    SndCase missing(
        Wrap("  granularity = 1day\n", kNodes + "LINKS (\n  l ( a b ) 10 0 0 0 ( )\n)\n"));
    ASSERT_TRUE(missing.result.Ok());
    EXPECT_TRUE(HasDiagnostic(missing.result.diagnostics, Severity::Warning, missing.path, 2,
                              "META gives no unit; capacities and demands are read as MBITPERSEC"));
    EXPECT_EQ(missing.result.network.links[0].capacityBps, 10000000U);

    SndCase unknown(Wrap("  unit = PACKETS\n", kNodes));
    EXPECT_FALSE(unknown.result.Ok());
    EXPECT_TRUE(HasDiagnostic(unknown.result.diagnostics, Severity::Error, unknown.path, 2,
                              "unknown META unit 'PACKETS'"));

    SndCase kbit(Wrap("  unit = KBITPERSEC\n", kNodes + "LINKS (\n  l ( a b ) 64 0 0 0 ( )\n)\n"));
    ASSERT_TRUE(kbit.result.Ok());
    EXPECT_EQ(kbit.result.network.links[0].capacityBps, 64000U);
}

TEST(SndlibImporter, SyntaxErrors)
{
    struct Case
    {
        std::string text;
        uint32_t line;
        const char* message;
    };

    const std::string unit = "  unit = MBITPERSEC\n";
    const Case cases[] = {
        {Wrap(unit, kNodes + "LINKS (\n  l ( a b 10 0 0 0 ( )\n)\n"), 10,
         "expected ')' after the two nodes of link l, found '10'"},
        {Wrap(unit, kNodes + "LINKS (\n  l ( a b ) ten 0 0 0 ( )\n)\n"), 10,
         "expected a number for the pre-installed capacity of link l, found 'ten'"},
        {Wrap(unit, "NODES (\n  a ( 10 )\n)\n"), 6,
         "expected a number for the latitude of node a, found ')'"},
        {Wrap(unit, kNodes + "DEMANDS (\n  d ( a b ) 1 5\n)\n"), 11,
         "expected the max path length of demand d, found ')'"},
        {Wrap(unit, kNodes + "LINKS (\n  l ( a b ) 1 0 0 0 ( )\n"), 10,
         "end of file, expected a link id or ')' closing LINKS"},
        {Wrap(unit, kNodes + "EXTRA (\n  ( x\n"), 9,
         "the section opened here is not closed by ')'"},
        {Wrap(unit, kNodes + "( NODES )\n"), 9, "expected a section name, found '('"},
        {"META (\n  unit = MBITPERSEC\n", 1, "the META section opened here is not closed"},
        {"META (\n  unit MBITPERSEC\n)\n", 2, "META entry 'unit MBITPERSEC' has no '='"},
    };
    for (const auto& c : cases)
    {
        SndCase s(c.text);
        EXPECT_FALSE(s.result.Ok()) << c.text;
        EXPECT_TRUE(HasDiagnostic(s.result.diagnostics, Severity::Error, s.path, c.line,
                                  std::string("SNDlib syntax error: ") + c.message))
            << c.text;
    }
}

TEST(SndlibImporter, ContentErrors)
{
    SndCase c(Wrap("  unit = MBITPERSEC\n",
                   "NODES (\n"                     // 5
                   "  a ( 10 50 )\n"               // 6
                   "  b ( 11 50 )\n"               // 7
                   "  a ( 12 50 )\n"               // 8
                   "  far ( 500 50 )\n"            // 9
                   ")\n"                           // 10
                   "LINKS (\n"                     // 11
                   "  l1 ( a zz ) 10 0 0 0 ( )\n"  // 12
                   "  l2 ( a a ) 10 0 0 0 ( )\n"   // 13
                   "  l3 ( a b ) 10 0 0 0 ( )\n"   // 14
                   "  l3 ( b a ) 10 0 0 0 ( )\n"   // 15
                   "  l4 ( b a ) 10 0 0 0 ( )\n"   // 16
                   "  l5 ( b far ) -1 0 0 0 ( )\n" // 17
                   ")\n"));
    const auto& d = c.result.diagnostics;
    EXPECT_FALSE(c.result.Ok());
    EXPECT_TRUE(HasDiagnostic(d, Severity::Warning, c.path, 9,
                              "node 'far': coordinates (500, 50) are not longitude/latitude"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, c.path, 12, "link 'l1': node 'zz' is not in NODES"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Warning, c.path, 16,
                              "link 'l4' is parallel to an earlier link between 'b' and 'a'"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 17, "link 'l5': a capacity is negative"));
}

TEST(SndlibImporter, DuplicatesAndSelfLoopsAreJudgedByTheValidator)
{
    // Duplicate ids and self-loops get the messages of the common validation, as in every
    // other format.
    test::TempDir dir;
    std::string path = dir.Write("dup.native.txt", Wrap("  unit = MBITPERSEC\n",
                                                        "NODES (\n"                   // 5
                                                        "  a ( 10 50 )\n"             // 6
                                                        "  b ( 11 50 )\n"             // 7
                                                        "  a ( 12 50 )\n"             // 8
                                                        ")\n"                         // 9
                                                        "LINKS (\n"                   // 10
                                                        "  l2 ( a a ) 10 0 0 0 ( )\n" // 11
                                                        "  l3 ( a b ) 10 0 0 0 ( )\n" // 12
                                                        "  l3 ( b a ) 10 0 0 0 ( )\n" // 13
                                                        ")\n"));
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    EXPECT_FALSE(r.Ok());
    const auto& d = r.diagnostics;
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, path, 8,
                              "duplicate node id 'a' (first defined at " + path + ":6)"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, path, 13,
                              "duplicate link id 'l3' (first defined at " + path + ":12)"));
    std::size_t duplicates = 0;
    for (const auto& x : d.All())
    {
        duplicates += x.message.find("duplicate") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(duplicates, 2U);

    std::string loop =
        dir.Write("loop.native.txt", Wrap("  unit = MBITPERSEC\n",
                                          kNodes + "LINKS (\n"                   // 9
                                                   "  l1 ( a b ) 10 0 0 0 ( )\n" // 10
                                                   "  l2 ( a a ) 10 0 0 0 ( )\n" // 11
                                                   ")\n"));
    TwinImportResult l = TwinImporterRegistry::Get().Import(loop, "", {});
    ASSERT_TRUE(l.Ok());
    EXPECT_TRUE(
        HasDiagnostic(l.diagnostics, Severity::Warning, loop, 11,
                      "link 'l2' (a:to-a -> a:to-a~2) connects node 'a' to itself (self-loop); "
                      "dropped with its reverse direction 'l2-reverse'"));
    EXPECT_EQ(l.network.links.size(), 2U);
    EXPECT_EQ(l.network.FindNode("a")->interfaces.size(), 1U);
}

TEST(SndlibImporter, ReverseIdsDoNotCollideWithListedIds)
{
    // "L1-reverse" is a real link; the reverse direction of L1 must get another id.
    test::TempDir dir;
    std::string path =
        dir.Write("rev.native.txt", Wrap("  unit = MBITPERSEC\n",
                                         "NODES (\n  a ( 10 50 )\n  b ( 11 50 )\n  c ( 12 50 )\n)\n"
                                         "LINKS (\n"
                                         "  L1 ( a b ) 10 0 0 0 ( )\n"
                                         "  L1-reverse ( b c ) 10 0 0 0 ( )\n"
                                         ")\n"));
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    ASSERT_TRUE(r.Ok()) << r.diagnostics.All().front().ToString();
    ASSERT_EQ(r.network.links.size(), 4U);
    const TwinLink* listed = FindLink(r.network, "L1-reverse");
    ASSERT_NE(listed, nullptr);
    EXPECT_EQ(listed->sourceNode, "b");
    EXPECT_EQ(listed->destNode, "c");
    const TwinLink* back = FindLink(r.network, "L1-reverse-2");
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->sourceNode, "b");
    EXPECT_EQ(back->destNode, "a");
    EXPECT_NE(FindLink(r.network, "L1-reverse-reverse"), nullptr);
}

TEST(SndlibImporter, RatesOutsideTheStoreRangeAreErrors)
{
    // 1e30 Tbit/s does not fit a signed 64-bit integer; 0.4 bit/s rounds to 0, which would
    // silently become the default capacity.
    SndCase huge(
        Wrap("  unit = TBITPERSEC\n", kNodes + "LINKS (\n  l ( a b ) 1e30 0 0 0 ( )\n)\n"));
    EXPECT_FALSE(huge.result.Ok());
    EXPECT_TRUE(HasDiagnostic(huge.result.diagnostics, Severity::Error, huge.path, 10,
                              "link 'l': capacity 1e+42 bit/s is not a usable bit rate (above "
                              "9223372036854775807 bit/s)"));

    SndCase tiny(Wrap("  unit = BITPERSEC\n", kNodes + "LINKS (\n  l ( a b ) 0.4 0 0 0 ( )\n)\n"));
    EXPECT_FALSE(tiny.result.Ok());
    EXPECT_TRUE(
        HasDiagnostic(tiny.result.diagnostics, Severity::Error, tiny.path, 10,
                      "link 'l': capacity 0.4 bit/s is not a usable bit rate (below 1 bit/s)"));

    SndCase module(
        Wrap("  unit = GBITPERSEC\n", kNodes + "LINKS (\n  l ( a b ) 0 0 0 0 ( 1e10 1 )\n)\n"));
    EXPECT_FALSE(module.result.Ok());
    EXPECT_TRUE(HasDiagnostic(module.result.diagnostics, Severity::Error, module.path, 10,
                              "link 'l': capacity 1e+19 bit/s is not a usable bit rate"));
}

TEST(SndlibImporter, NumbersAreDecimalOnly)
{
    SndCase hex(Wrap("  unit = MBITPERSEC\n", kNodes + "LINKS (\n  l ( a b ) 0x10 0 0 0 ( )\n)\n"));
    EXPECT_FALSE(hex.result.Ok());
    EXPECT_TRUE(
        HasDiagnostic(hex.result.diagnostics, Severity::Error, hex.path, 10,
                      "SNDlib syntax error: expected a number for the pre-installed capacity of "
                      "link l, found '0x10'"));
}

TEST(SndlibImporter, InterfaceNamesStayUniqueWhenIdsHoldDashes)
{
    // "to-b-2" is both the name for the second a-b link and for the link to node "b-2".
    test::TempDir dir;
    std::string path =
        dir.Write("dash.native.txt", "?SNDlib native format; type: network; version: 1.0\n"
                                     "META (\n  unit = MBITPERSEC\n)\n"
                                     "NODES (\n  a ( 10 50 )\n  b ( 11 50 )\n  b-2 ( 12 50 )\n)\n"
                                     "LINKS (\n"
                                     "  l1 ( a b ) 10 0 0 0 ( )\n"
                                     "  l2 ( a b-2 ) 10 0 0 0 ( )\n"
                                     "  l3 ( a b ) 10 0 0 0 ( )\n"
                                     ")\n");
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    ASSERT_TRUE(r.Ok());
    const TwinNode* a = r.network.FindNode("a");
    ASSERT_NE(a, nullptr);
    ASSERT_EQ(a->interfaces.size(), 3U);
    EXPECT_EQ(a->interfaces[0].name, "to-b");
    EXPECT_EQ(a->interfaces[1].name, "to-b-2");
    EXPECT_EQ(a->interfaces[2].name, "to-b-2~2");
    EXPECT_EQ(FindLink(r.network, "l3")->sourceTp, "to-b-2~2");
    EXPECT_EQ(FindLink(r.network, "l3-reverse")->destTp, "to-b-2~2");
}

TEST(SndlibImporter, XmlIsRefusedClearly)
{
    test::TempDir dir;
    std::string path = dir.Write("abilene.xml", "<?xml version=\"1.0\"?>\n<network "
                                                "xmlns=\"http://sndlib.zib.de/network\"/>\n");
    TwinImportResult r = SndlibImporter().Import(path, {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Error, path, 1,
                              "only the SNDlib native format is read"));
}

TEST(SndlibImporter, MissingFile)
{
    TwinImportResult r = SndlibImporter().Import("/nonexistent/x.native.txt", {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasDiagnostic(r.diagnostics, Severity::Error, "/nonexistent/x.native.txt", 0,
                              "cannot open"));
}

TEST(SndlibImporter, RealGeant)
{
    const std::string path = test::ReferenceDataPath("sndlib/geant.native.txt");
    if (!std::filesystem::exists(path))
    {
        GTEST_SKIP() << path << " is not available";
    }
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r.importer, "sndlib");
    EXPECT_EQ(r.network.nodes.size(), 22U);
    EXPECT_EQ(r.network.links.size(), 2 * 36U);
    // A full directed matrix over 22 nodes.
    EXPECT_EQ(r.network.demands.size(), 22U * 21U);
    for (const auto& l : r.network.links)
    {
        EXPECT_EQ(l.capacityBps, 40000000000ULL) << l.id; // module 40000 Mbit/s
    }
}

} // namespace
