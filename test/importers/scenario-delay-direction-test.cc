/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A link-delay event cannot be direction-only (a point-to-point link has one delay): the
// scenario check refuses it, before a run would store the scenario and fail.

#include "test-util.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-importer.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;

namespace
{

/** A link of the sample. */
const std::string kLink = "NYCMng,to-CHIN,CHINng,to-NYCM";

/**
 * @param directionOnly the link-delay's direction-only member as JSON text, empty: none
 * @return a scenario whose third line starts the link-delay event "slow"
 */
std::string
DelayScenario(const std::string& directionOnly)
{
    return "{\"ns3-digital-twin-scenario:scenario\": {\"name\": \"delay\",\n"
           "\"base-snapshot\": {\"bundle-path\": \"examples/data/abilene\"}, \"duration-s\": "
           "\"10\",\n"
           "\"events\": {\"event\": [{\"id\": \"slow\", \"time-s\": \"2\",\n"
           "  \"link-delay\": {\"link\": \"" +
           kLink + "\", \"delay-s\": \"0.02\"" +
           (directionOnly.empty() ? "" : ", \"direction-only\": " + directionOnly) + "}}]}\n}}\n";
}

/**
 * Read a scenario (it must parse) and check it against the sample.
 * @param file the scenario file
 * @return the check's diagnostics
 */
TwinDiagnostics
Check(const std::string& file)
{
    auto read = ReadTwinScenario(file);
    EXPECT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    return CheckTwinScenario(read.scenario, test::AbileneSample(), {});
}

TEST(ScenarioDelayDirection, DirectionOnlyDelayIsRefusedAtItsLeaf)
{
    test::TempDir dir;
    std::string file = dir.Write("delay.json", DelayScenario("true"));
    auto read = ReadTwinScenario(file);
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    ASSERT_EQ(read.scenario.events.size(), 1u);
    ASSERT_TRUE(read.scenario.events[0].directionOnly);

    TwinDiagnostics d = CheckTwinScenario(read.scenario, test::AbileneSample(), {});
    ASSERT_EQ(d.Count(TwinDiagnostic::Severity::Error), 1u) << test::Dump(d);
    const TwinDiagnostic& e = d.All().at(0);
    EXPECT_EQ(e.severity, TwinDiagnostic::Severity::Error);
    EXPECT_EQ(e.where.file, file);
    EXPECT_EQ(e.where.line, read.scenario.events[0].source.line);
    EXPECT_GT(e.where.line, 0u);
    const std::string leaf = "/events/event[id='slow']/link-delay/direction-only";
    ASSERT_GE(e.where.path.size(), leaf.size()) << e.where.path;
    EXPECT_EQ(e.where.path.substr(e.where.path.size() - leaf.size()), leaf);
    EXPECT_NE(e.message.find("event 'slow'"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("cannot be direction-only"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("one propagation delay for both directions"), std::string::npos)
        << e.message;
    // The whole line a user sees names the file, the line and the path.
    const std::string shown = e.ToString();
    EXPECT_NE(shown.find(file + ":" + std::to_string(e.where.line)), std::string::npos) << shown;
    EXPECT_NE(shown.find(leaf), std::string::npos) << shown;
}

TEST(ScenarioDelayDirection, BothDirectionsDelayIsAccepted)
{
    test::TempDir dir;
    TwinDiagnostics absent = Check(dir.Write("absent.json", DelayScenario("")));
    EXPECT_FALSE(absent.HasErrors()) << test::Dump(absent);
    TwinDiagnostics no = Check(dir.Write("false.json", DelayScenario("false")));
    EXPECT_FALSE(no.HasErrors()) << test::Dump(no);
}

TEST(ScenarioDelayDirection, OtherDirectionOnlyLinkEventsStayAllowed)
{
    // Capacity and state are per direction on a point-to-point link; only the delay is not.
    test::TempDir dir;
    std::string file = dir.Write(
        "others.json",
        "{\"ns3-digital-twin-scenario:scenario\": {\"name\": \"others\",\n"
        "\"base-snapshot\": {\"bundle-path\": \"examples/data/abilene\"}, \"duration-s\": \"10\",\n"
        "\"events\": {\"event\": [\n"
        "{\"id\": \"cap\", \"time-s\": \"1\", \"link-capacity\": {\"link\": \"" +
            kLink + "\", \"capacity-bps\": \"1000000\", \"direction-only\": true}},\n" +
            "{\"id\": \"down\", \"time-s\": \"2\", \"link-down\": {\"link\": \"" + kLink +
            "\", \"direction-only\": true}}]}\n}}\n");
    TwinDiagnostics d = Check(file);
    EXPECT_FALSE(d.HasErrors()) << test::Dump(d);
}

} // namespace
