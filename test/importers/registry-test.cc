/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/twin-importer.h"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace ns3;

namespace
{

/**
 * @param relative a path below the repository
 * @return the file's content
 */
std::string
ReadSource(const std::string& relative)
{
    std::ifstream in(test::SourcePath(relative));
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/**
 * @param result an import result
 * @param text a part of a message
 * @return true if an error at result's path contains the text
 */
::testing::AssertionResult
HasError(const TwinImportResult& result, const std::string& file, const std::string& text)
{
    for (const auto& d : result.diagnostics.All())
    {
        if (d.severity == TwinDiagnostic::Severity::Error && d.where.file == file &&
            d.message.find(text) != std::string::npos)
        {
            return ::testing::AssertionSuccess();
        }
    }
    auto failure = ::testing::AssertionFailure();
    failure << "no error at " << file << " containing '" << text << "'; got:";
    for (const auto& d : result.diagnostics.All())
    {
        failure << "\n  " << d.ToString();
    }
    return failure;
}

TEST(Registry, KnowsTheResearchFormats)
{
    auto formats = TwinImporterRegistry::Get().Formats();
    EXPECT_NE(std::find(formats.begin(), formats.end(), "gml"), formats.end());
    EXPECT_NE(std::find(formats.begin(), formats.end(), "sndlib"), formats.end());
    EXPECT_TRUE(std::is_sorted(formats.begin(), formats.end()));
    ASSERT_NE(TwinImporterRegistry::Get().Find("gml"), nullptr);
    EXPECT_EQ(TwinImporterRegistry::Get().Find("gml")->GetFormat(), "gml");
    EXPECT_EQ(TwinImporterRegistry::Get().Find("no-such-format"), nullptr);
}

TEST(Registry, DetectsByExtensionAndFirstLine)
{
    test::TempDir dir;
    const auto& registry = TwinImporterRegistry::Get();
    auto detect = [&registry](const std::string& path)
    {
        auto importer = registry.Detect(path);
        return importer ? importer->GetFormat() : std::string("none");
    };
    EXPECT_EQ(detect(test::SourcePath("test/data/gml/abilene-like.gml")), "gml");
    EXPECT_EQ(detect(test::SourcePath("test/data/sndlib/abilene-like.native.txt")), "sndlib");
    EXPECT_EQ(detect(test::SourcePath("test/data/sndlib/modules-only.sndlib")), "sndlib");
    EXPECT_EQ(detect(dir.Write("plain-name.txt", "?SNDlib native format\n")), "sndlib");
    EXPECT_EQ(detect(dir.Write("notes.txt", "just some notes\n")), "none");
    EXPECT_EQ(detect(dir.Write("topology.dat", "graph [ ]\n")), "none");
}

TEST(Registry, ImportDetectsAndValidates)
{
    std::string path = test::SourcePath("test/data/gml/abilene-like.gml");
    TwinImportOptions options;
    options.defaultCapacityBps = 2500000000ULL;
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", options);
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r.importer, "gml");
    // The validator ran: capacities are complete and every link end has an address.
    for (const auto& l : r.network.links)
    {
        EXPECT_GT(l.capacityBps, 0U) << l.id;
        const TwinInterface* i = r.network.FindInterface(l.sourceNode, l.sourceTp);
        ASSERT_NE(i, nullptr) << l.id;
        EXPECT_EQ(i->addresses.size(), 1U) << l.id;
        EXPECT_EQ(i->mtuBytes.value_or(0), options.defaultMtuBytes);
    }
    EXPECT_EQ(r.network.links.front().capacityBps, 9953280000ULL); // LinkSpeedRaw kept
    EXPECT_EQ(r.network.links.back().capacityBps, options.defaultCapacityBps);
}

TEST(Registry, FormatOverridesDetection)
{
    test::TempDir dir;
    // A GML file under a name no importer recognises.
    std::string path = dir.Write("topology.dat", ReadSource("test/data/gml/parallel.gml"));
    TwinImportResult detected = TwinImporterRegistry::Get().Import(path, "", {});
    EXPECT_FALSE(detected.Ok());
    EXPECT_TRUE(HasError(detected, path, "cannot tell the format from the name; use --format"));

    TwinImportResult forced = TwinImporterRegistry::Get().Import(path, "gml", {});
    ASSERT_TRUE(forced.Ok());
    EXPECT_EQ(forced.importer, "gml");
    EXPECT_EQ(forced.network.nodes.size(), 2U);

    // Forcing the wrong reader gives that reader's syntax error, with the file named.
    TwinImportResult wrong = TwinImporterRegistry::Get().Import(
        test::SourcePath("test/data/gml/parallel.gml"), "sndlib", {});
    EXPECT_FALSE(wrong.Ok());
    EXPECT_TRUE(
        HasError(wrong, test::SourcePath("test/data/gml/parallel.gml"), "SNDlib syntax error"));
}

TEST(Registry, UnknownFormat)
{
    std::string path = test::SourcePath("test/data/gml/parallel.gml");
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "graphml", {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasError(r, path, "unknown format 'graphml' (known: "));
    EXPECT_TRUE(HasError(r, path, "gml"));
}

TEST(Registry, MissingFile)
{
    TwinImportResult r = TwinImporterRegistry::Get().Import("/nonexistent/net.gml", "", {});
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasError(r, "/nonexistent/net.gml", "no such file or directory"));
}

TEST(Registry, ValidatorFindingsComeThroughTheRegistry)
{
    // SNDlib demands are validated like any others: a demand to an unknown node is an error
    // naming its line.
    test::TempDir dir;
    std::string path =
        dir.Write("bad.native.txt", "?SNDlib native format; type: network; version: 1.0\n"
                                    "META (\n  unit = MBITPERSEC\n)\n"
                                    "NODES (\n  a ( 10 50 )\n  b ( 11 50 )\n)\n"
                                    "LINKS (\n  l ( a b ) 10 0 0 0 ( )\n)\n"
                                    "DEMANDS (\n  d ( a zz ) 1 5 UNLIMITED\n)\n");
    TwinImportResult r = TwinImporterRegistry::Get().Import(path, "", {});
    EXPECT_EQ(r.importer, "sndlib");
    EXPECT_FALSE(r.Ok());
    bool found = false;
    for (const auto& d : r.diagnostics.All())
    {
        found = found || (d.where.file == path && d.where.line == 13 &&
                          d.message == "demand 'd': destination node 'zz' is not in the network");
    }
    EXPECT_TRUE(found);
}

TEST(Registry, Sha256OfFileReportsReadErrors)
{
    // A directory opens as a stream but cannot be read: no digest of partial content.
    test::TempDir dir;
    uint64_t bytes = 12345;
    EXPECT_EQ(Sha256OfFile(dir.Path(), &bytes), "");
    // A readable file still gets its digest and size.
    std::string file = dir.Write("abc.txt", "abc");
    EXPECT_EQ(Sha256OfFile(file, &bytes),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(bytes, 3U);
    EXPECT_EQ(Sha256OfString("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/** An importer whose reader fails with an exception, as a bug or bad_alloc would. */
class ThrowingImporter : public TwinImporter
{
public:
    std::string GetFormat() const override { return "test-throwing"; }
    std::string GetDescription() const override { return "throws"; }
    bool Accepts(const std::string&) const override { return false; }
    TwinImportResult Import(const std::string&, const TwinImportOptions&) const override
    {
        throw std::runtime_error("reader failed");
    }
};

TEST(Registry, ImportNeverThrows)
{
    TwinImporterRegistry registry;
    registry.Register(std::make_shared<ThrowingImporter>());
    std::string path = test::SourcePath("test/data/gml/parallel.gml");
    TwinImportResult r;
    EXPECT_NO_THROW(r = registry.Import(path, "test-throwing", {}));
    EXPECT_FALSE(r.Ok());
    EXPECT_TRUE(HasError(r, path, "the test-throwing reader failed: reader failed"));
}

} // namespace
