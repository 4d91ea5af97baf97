/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Every input the fuzz targets (fuzz/) found crashing, hanging or leaking, kept in
// test/data/fuzz-regressions/<target>/, run through the same entry point as its target. Each
// must now end with a diagnostic; an optional <input>.expect file holds text one of the
// diagnostics must contain (the message the user gets).

#include "../../fuzz/fuzz-entries.h"
#include "test-util.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

namespace fs = std::filesystem;

/** @return the regression inputs of a target (not the .expect files), sorted */
std::vector<fs::path>
RegressionInputs(const std::string& target)
{
    std::vector<fs::path> inputs;
    fs::path dir = test::SourcePath("test/data/fuzz-regressions/" + target);
    if (!fs::is_directory(dir))
    {
        return inputs;
    }
    for (const auto& entry : fs::directory_iterator(dir))
    {
        if (entry.is_regular_file() && entry.path().extension() != ".expect")
        {
            inputs.push_back(entry.path());
        }
    }
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

/** @return the text with trailing white space removed */
std::string
TrimEnd(std::string text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    {
        text.pop_back();
    }
    return text;
}

class FuzzRegression : public ::testing::TestWithParam<std::string>
{
};

TEST_P(FuzzRegression, EveryFoundInputEndsWithADiagnostic)
{
    const std::string target = GetParam();
    for (const fs::path& input : RegressionInputs(target))
    {
        SCOPED_TRACE(input.string());
        test::TempDir scratch;
        TwinDiagnostics diagnostics;
        ASSERT_NO_THROW(diagnostics = fuzz::RunFuzzTarget(
                            target, fuzz::FuzzReadFile(input.string()), scratch.Path()));
        EXPECT_FALSE(diagnostics.All().empty()) << "no diagnostic for a bad input";
        fs::path expect = input.string() + ".expect";
        if (fs::exists(expect))
        {
            std::string wanted = TrimEnd(fuzz::FuzzReadFile(expect.string()));
            bool found = std::any_of(diagnostics.All().begin(), diagnostics.All().end(),
                                     [&wanted](const TwinDiagnostic& d)
                                     { return d.message.find(wanted) != std::string::npos; });
            EXPECT_TRUE(found) << "no diagnostic contains '" << wanted << "':\n"
                               << test::Dump(diagnostics);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegression, ::testing::ValuesIn(fuzz::FuzzTargets()),
                         [](const ::testing::TestParamInfo<std::string>& info)
                         {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// The entry points reach the readers: a valid fixture goes through without an error (so a
// regression input that passes above is not passing because the harness reads nothing).
TEST(FuzzEntries, ValidFixturesPassWithoutErrors)
{
    const std::vector<std::pair<std::string, std::string>> fixtures = {
        {"yang-json", "test/data/yang/mini-json/devices/R1.json"},
        {"yang-json", "test/data/yang/topology-only.json"},
        {"yang-xml", "test/data/yang/mini-xml/devices/R1.xml"},
        {"yang-xml", "test/data/yang/mini-xml/topology.xml"},
        {"gml", "test/data/gml/abilene-like.gml"},
        {"sndlib", "test/data/sndlib/abilene-like.native.txt"},
        {"scenario", "test/data/scenario/triangle-failure.json"},
        {"change-set", "test/data/scenario/triangle-remedy.json"},
        {"demands", "test/data/scenario/triangle-demands.csv"},
    };
    for (const auto& [target, fixture] : fixtures)
    {
        SCOPED_TRACE(target + " " + fixture);
        test::TempDir scratch;
        TwinDiagnostics diagnostics = fuzz::RunFuzzTarget(
            target, fuzz::FuzzReadFile(test::SourcePath(fixture)), scratch.Path());
        EXPECT_FALSE(diagnostics.HasErrors()) << test::Dump(diagnostics);
    }
}

TEST(FuzzEntries, BadInputsOfEveryTargetGiveAnError)
{
    for (const std::string& target : fuzz::FuzzTargets())
    {
        SCOPED_TRACE(target);
        test::TempDir scratch;
        TwinDiagnostics diagnostics = fuzz::RunFuzzTarget(target, "\x01{<", scratch.Path());
        EXPECT_TRUE(diagnostics.HasErrors()) << test::Dump(diagnostics);
    }
}

} // namespace
