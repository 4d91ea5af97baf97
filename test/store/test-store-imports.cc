/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Real importer output through the store: round trip and deduplication of re-imports.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/twin-importer.h"
#include "ns3/twin-store.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

/**
 * Import a source, store it, load it back and compare; import it again and check that the
 * same snapshot is found.
 * @param store the store
 * @param path the source
 * @param mustImport fail (rather than skip) if the importer rejects the source
 * @return true if the source was imported (and checked)
 */
bool
ImportRoundTrip(TwinStore& store, const std::string& path, bool mustImport)
{
    SCOPED_TRACE(path);
    const auto& registry = TwinImporterRegistry::Get();
    TwinImportResult result = registry.Import(path, "", TwinImportOptions{});
    if (!result.Ok())
    {
        std::string errors;
        for (const auto& d : result.diagnostics.All())
        {
            errors += d.ToString() + "\n";
        }
        if (mustImport)
        {
            ADD_FAILURE() << "import failed:\n" << errors;
        }
        return false;
    }
    TwinProvenance provenance;
    for (const auto& f : result.sources)
    {
        provenance.files.emplace_back(f.path, f.sha256);
    }
    for (const auto& d : result.diagnostics.All())
    {
        provenance.diagnostics.push_back(d.ToString());
    }
    bool existed = true;
    int64_t id = store.SaveSnapshot(result.network, path, result.importer, provenance, &existed);
    EXPECT_FALSE(existed);
    ExpectSameNetwork(result.network, store.LoadSnapshot(id));
    TwinProvenance loaded = store.LoadProvenance(id);
    EXPECT_EQ(loaded.files, provenance.files);
    EXPECT_EQ(loaded.diagnostics, provenance.diagnostics);

    TwinImportResult again = registry.Import(path, "", TwinImportOptions{});
    if (!again.Ok())
    {
        ADD_FAILURE() << "the second import failed";
        return false;
    }
    EXPECT_EQ(store.SaveSnapshot(again.network, path, again.importer, {}, &existed), id);
    EXPECT_TRUE(existed);
    return true;
}

TEST(StoreImports, RepositoryDataRoundTrips)
{
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    for (const char* rel : {"examples/data/abilene", "test/data/gml/abilene-like.gml",
                            "test/data/sndlib/abilene-like.native.txt"})
    {
        std::string path = SourcePath(rel);
        if (std::filesystem::exists(path))
        {
            ImportRoundTrip(store, path, true);
        }
    }
}

TEST(StoreImports, TheNameIsContentSoARenamedFileIsANewSnapshot)
{
    // doc/store.md: the network name is hashed, and a GML graph without a label (like an
    // SNDlib file) is named after its file. The same file twice is one snapshot; the same
    // graph under another file name is another.
    TempDir dir;
    const std::string graph = "graph [\n  node [ id 0 label \"A\" ]\n  node [ id 1 label \"B\" ]\n"
                              "  edge [ source 0 target 1 ]\n]\n";
    std::string first = dir.Write("lab.gml", graph);
    std::string renamed = dir.Write("lab-copy.gml", graph);
    TwinStore store(dir.Path() + "/twin.db");
    const auto& registry = TwinImporterRegistry::Get();
    TwinImportResult a = registry.Import(first, "", {});
    TwinImportResult again = registry.Import(first, "", {});
    TwinImportResult b = registry.Import(renamed, "", {});
    ASSERT_TRUE(a.Ok() && again.Ok() && b.Ok());
    EXPECT_EQ(a.network.name, "lab");
    EXPECT_EQ(b.network.name, "lab-copy");
    bool existed = false;
    int64_t id = store.SaveSnapshot(a.network, first, a.importer, {}, &existed);
    EXPECT_EQ(store.SaveSnapshot(again.network, first, again.importer, {}, &existed), id);
    EXPECT_TRUE(existed);
    EXPECT_NE(store.SaveSnapshot(b.network, renamed, b.importer, {}, &existed), id);
    EXPECT_FALSE(existed);
}

TEST(StoreImports, SharedReferenceDataRoundTrips)
{
    const std::string root = test::ReferenceDataPath("");
    if (!std::filesystem::is_directory(root))
    {
        GTEST_SKIP() << root << " is not available";
    }
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    int imported = 0;
    for (const char* sub : {"topologyzoo", "sndlib"})
    {
        std::filesystem::path folder = std::filesystem::path(root) / sub;
        if (!std::filesystem::is_directory(folder))
        {
            continue;
        }
        for (const auto& entry : std::filesystem::directory_iterator(folder))
        {
            std::string name = entry.path().filename().string();
            if (name.find("LICENSE") == std::string::npos)
            {
                // The importers decide what they accept; the store must keep what they give.
                imported += ImportRoundTrip(store, entry.path().string(), false) ? 1 : 0;
            }
        }
    }
    EXPECT_GT(imported, 0) << "no reference file could be imported";
    EXPECT_EQ(store.ListSnapshots().size(), static_cast<std::size_t>(imported));
}

} // namespace
} // namespace test
} // namespace ns3
