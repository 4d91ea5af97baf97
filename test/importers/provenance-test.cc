/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/gml-importer.h"
#include "ns3/sndlib-importer.h"
#include "ns3/yang-bundle-importer.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <sys/inotify.h>
#include <unistd.h>

/**
 * @file
 * Provenance: the digest recorded for a source file is the digest of the bytes that were
 * parsed. A reader that opens the file a second time to hash it can hash other bytes than
 * it parsed (the file may change in between), so each source must be opened exactly once.
 */

using namespace ns3;

namespace
{

/**
 * Counts how often a file is opened, with inotify (no change to the code under test). Reads
 * are watched too: inotify merges identical events that follow each other, and the reads
 * between two opens keep them apart.
 */
class OpenCounter
{
public:
    /** @param path the file to watch */
    explicit OpenCounter(const std::string& path) : m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC))
    {
        m_ok = m_fd >= 0 && inotify_add_watch(m_fd, path.c_str(), IN_OPEN | IN_ACCESS) >= 0;
    }

    ~OpenCounter()
    {
        if (m_fd >= 0)
        {
            close(m_fd);
        }
    }

    OpenCounter(const OpenCounter&) = delete;
    OpenCounter& operator=(const OpenCounter&) = delete;

    /** @return true if the file is watched */
    bool Ok() const { return m_ok; }

    /** @return the opens since construction (events are queued before open returns) */
    std::size_t Opens()
    {
        alignas(inotify_event) char buffer[4096];
        while (true)
        {
            ssize_t n = read(m_fd, buffer, sizeof(buffer));
            if (n <= 0)
            {
                break;
            }
            for (char* p = buffer; p < buffer + n;)
            {
                auto* event = reinterpret_cast<inotify_event*>(p);
                m_opens += (event->mask & IN_OPEN) != 0 ? 1 : 0;
                p += sizeof(inotify_event) + event->len;
            }
        }
        return m_opens;
    }

private:
    int m_fd;               //!< the inotify instance
    bool m_ok{false};       //!< the watch was added
    std::size_t m_opens{0}; //!< opens counted so far
};

/** A GML graph whose name tells which read it came from. */
std::string
Graph(const std::string& name)
{
    return "graph [\n  label \"" + name +
           "\"\n  node [ id 0 label \"A\" ]\n"
           "  node [ id 1 label \"B\" ]\n  edge [ source 0 target 1 ]\n]\n";
}

TEST(Provenance, GmlSourceIsReadOnceAndHashedAsParsed)
{
    test::TempDir dir;
    const std::string text = Graph("first");
    std::string path = dir.Write("net.gml", text);
    OpenCounter opens(path);
    ASSERT_TRUE(opens.Ok());
    TwinImportResult r = GmlImporter().Import(path, {});
    ASSERT_TRUE(r.Ok());
    EXPECT_EQ(r.network.name, "first");
    ASSERT_EQ(r.sources.size(), 1U);
    EXPECT_EQ(r.sources[0].sha256, Sha256OfString(text));
    EXPECT_EQ(r.sources[0].bytes, text.size());
    EXPECT_EQ(opens.Opens(), 1U) << "the file was opened again after it was parsed";
}

TEST(Provenance, SndlibSourceIsReadOnceAndHashedAsParsed)
{
    test::TempDir dir;
    const std::string text = "?SNDlib native format; type: network; version: 1.0\n"
                             "META (\n  unit = MBITPERSEC\n)\n"
                             "NODES (\n  a ( 10 50 )\n  b ( 11 50 )\n)\n"
                             "LINKS (\n  l ( a b ) 10 0 0 0 ( )\n)\n";
    std::string path = dir.Write("net.native.txt", text);
    OpenCounter opens(path);
    ASSERT_TRUE(opens.Ok());
    TwinImportResult r = SndlibImporter().Import(path, {});
    ASSERT_TRUE(r.Ok());
    ASSERT_EQ(r.sources.size(), 1U);
    EXPECT_EQ(r.sources[0].sha256, Sha256OfString(text));
    EXPECT_EQ(r.sources[0].bytes, text.size());
    EXPECT_EQ(opens.Opens(), 1U) << "the file was opened again after it was parsed";
}

TEST(Provenance, BundleDemandsAreReadOnceAndHashedAsParsed)
{
    test::TempDir dir;
    std::filesystem::copy(test::SourcePath("test/data/yang/mini-json"), dir.Path(),
                          std::filesystem::copy_options::recursive);
    const std::string text = "id,source,destination,protocol,rate_bps\nd1,R1,R3,udp,1000\n";
    std::string path = dir.Write("demands.csv", text);
    OpenCounter opens(path);
    ASSERT_TRUE(opens.Ok());
    TwinImportResult r = YangBundleImporter().Import(dir.Path(), {});
    ASSERT_TRUE(r.Ok());
    ASSERT_EQ(r.network.demands.size(), 1U);
    const TwinSourceFile* demands = nullptr;
    for (const auto& s : r.sources)
    {
        demands = s.path == path ? &s : demands;
    }
    ASSERT_NE(demands, nullptr);
    EXPECT_EQ(demands->sha256, Sha256OfString(text));
    EXPECT_EQ(demands->bytes, text.size());
    EXPECT_EQ(opens.Opens(), 1U) << "the file was opened again after it was parsed";
}

} // namespace
