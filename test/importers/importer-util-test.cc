/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/importer-util.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <unordered_set>

/**
 * @file
 * Tests of the helpers every importer shares: the one number reader, rates in the store's
 * range, unique ids and whole-file reads.
 */

using namespace ns3;

namespace
{

TEST(ImporterUtil, ParseNumberAcceptsDecimalsOnly)
{
    const std::pair<const char*, double> good[] = {{"5", 5},    {"-0.25", -0.25}, {"+1.5e6", 1.5e6},
                                                   {".5", 0.5}, {"5.", 5},        {"1E-3", 1e-3},
                                                   {"0", 0},    {"-7", -7},       {"1e308", 1e308}};
    for (const auto& [text, value] : good)
    {
        auto v = importer::ParseNumber(text);
        ASSERT_TRUE(v.has_value()) << text;
        EXPECT_EQ(*v, value) << text;
    }
    for (const char* text : {"", " 5", "5 ", "0x10", "0x1p3", "inf", "-inf", "nan", "+-1", "--1",
                             "1e400", "1e-400", "1,5", "5e", "e5", ".", "-", "+", "1.2.3"})
    {
        EXPECT_FALSE(importer::ParseNumber(text).has_value()) << "'" << text << "'";
    }
}

TEST(ImporterUtil, ParseUnsignedAcceptsDigitsOnly)
{
    EXPECT_EQ(importer::ParseUnsigned("0").value_or(1), 0U);
    EXPECT_EQ(importer::ParseUnsigned("18446744073709551615").value_or(0), 18446744073709551615ULL);
    for (const char* text : {"", "-1", "+1", " 1", "1.0", "18446744073709551616", "0x1"})
    {
        EXPECT_FALSE(importer::ParseUnsigned(text).has_value()) << "'" << text << "'";
    }
}

TEST(ImporterUtil, ToIntegerNeverConvertsOutOfRange)
{
    EXPECT_EQ(importer::ToInteger(42).value_or(0), 42);
    EXPECT_EQ(importer::ToInteger(-9223372036854775808.0).value_or(0), INT64_MIN);
    EXPECT_FALSE(importer::ToInteger(9223372036854775808.0).has_value());
    EXPECT_FALSE(importer::ToInteger(1e300).has_value());
    EXPECT_FALSE(importer::ToInteger(-1e300).has_value());
    EXPECT_FALSE(importer::ToInteger(1.5).has_value());
}

TEST(ImporterUtil, RateToBpsKeepsTheStoreRange)
{
    std::string problem;
    EXPECT_EQ(importer::RateToBps(1, problem).value_or(0), 1U);
    EXPECT_EQ(importer::RateToBps(9953280000.4, problem).value_or(0), 9953280000ULL);
    // The largest double below 2^63 still fits.
    EXPECT_EQ(importer::RateToBps(9223372036854774784.0, problem).value_or(0),
              9223372036854774784ULL);
    EXPECT_FALSE(importer::RateToBps(9223372036854775808.0, problem).has_value());
    EXPECT_EQ(problem, "above 9223372036854775807 bit/s");
    EXPECT_FALSE(importer::RateToBps(0.4, problem).has_value());
    EXPECT_EQ(problem, "below 1 bit/s");
    EXPECT_FALSE(importer::RateToBps(-5, problem).has_value());
    EXPECT_EQ(problem, "below 1 bit/s");
    EXPECT_FALSE(importer::RateToBps(std::numeric_limits<double>::infinity(), problem));
    EXPECT_EQ(problem, "not finite");
}

TEST(ImporterUtil, UniqueIdAppendsANumber)
{
    std::unordered_set<std::string> used = {"a", "a-reverse"};
    EXPECT_EQ(importer::UniqueId("b", used), "b");
    EXPECT_EQ(importer::UniqueId("a-reverse", used), "a-reverse-2");
    EXPECT_EQ(importer::UniqueId("a-reverse", used), "a-reverse-3");
    EXPECT_EQ(used.count("a-reverse-3"), 1U);
}

TEST(ImporterUtil, TextHelpers)
{
    EXPECT_EQ(importer::Trim(" \t a b \r\n"), "a b");
    EXPECT_EQ(importer::Trim(" \n"), "");
    EXPECT_EQ(importer::Lower("Topology.JSON"), "topology.json");
    EXPECT_EQ(importer::Lower("\xC3\x89"), "\xC3\x89"); // bytes above ASCII are kept
    EXPECT_TRUE(importer::EndsWith("x.native.txt", ".native.txt"));
    EXPECT_FALSE(importer::EndsWith("txt", ".txt"));
    EXPECT_EQ(importer::FormatNumber(0.001), "0.001");
    EXPECT_EQ(importer::FormatNumber(1e300), "1e+300");
}

TEST(ImporterUtil, ReadSourceFileRecordsTheBytesRead)
{
    test::TempDir dir;
    TwinImportResult result;
    std::string path = dir.Write("a.txt", "abc");
    auto text = importer::ReadSourceFile(path, "test file", result);
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(*text, "abc");
    ASSERT_EQ(result.sources.size(), 1U);
    EXPECT_EQ(result.sources[0].sha256, Sha256OfString("abc"));
    EXPECT_EQ(result.sources[0].bytes, 3U);

    TwinImportResult blank;
    EXPECT_FALSE(importer::ReadSourceFile(dir.Write("b.txt", " \n"), "test file", blank));
    ASSERT_EQ(blank.diagnostics.All().size(), 1U);
    EXPECT_EQ(blank.diagnostics.All()[0].message, "the test file is empty");
    EXPECT_EQ(blank.sources.size(), 1U) << "a blank file was still read";

    TwinImportResult missing;
    EXPECT_FALSE(importer::ReadSourceFile(dir.Path() + "/none", "test file", missing));
    ASSERT_EQ(missing.diagnostics.All().size(), 1U);
    EXPECT_EQ(missing.diagnostics.All()[0].message,
              "cannot open the test file: No such file or directory");
    EXPECT_TRUE(missing.sources.empty());

    // A directory opens as a stream but cannot be read.
    TwinImportResult directory;
    EXPECT_FALSE(importer::ReadSourceFile(dir.Path(), "test file", directory));
    ASSERT_EQ(directory.diagnostics.All().size(), 1U);
    EXPECT_NE(directory.diagnostics.All()[0].message.find("cannot read the test file"),
              std::string::npos);
    EXPECT_TRUE(directory.sources.empty());
}

} // namespace
