/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The scenario module's traffic/traffic-set: a stored traffic set as a scenario's traffic.

#include "test-util.h"

#include "ns3/scenario-reader.h"

#include <gtest/gtest.h>
#include <set>
#include <string>

namespace ns3
{
namespace
{

/**
 * @param traffic the traffic container's members
 * @return a scenario on stored snapshot 1 with that traffic
 */
std::string
Scenario(const std::string& traffic)
{
    return R"({ "ns3-digital-twin-scenario:scenario": {
  "name": "replay",
  "base-snapshot": { "snapshot-id": "1" },
  "duration-s": "10",
  "traffic": { )" +
           traffic + R"( }
} })";
}

/**
 * @param text a scenario
 * @return what reading it gave
 */
TwinScenarioReadResult
Read(const std::string& text)
{
    test::TempDir dir;
    return ReadTwinScenario(dir.Write("s.json", text));
}

/**
 * @param read a failed read
 * @param part text one error must contain (message or data path)
 */
void
ExpectError(const TwinScenarioReadResult& read, const std::string& part)
{
    ASSERT_FALSE(read.Ok());
    bool found = false;
    for (const auto& d : read.diagnostics.All())
    {
        found = found || d.ToString().find(part) != std::string::npos;
    }
    EXPECT_TRUE(found) << part << " not in:\n" << test::Dump(read.diagnostics);
}

TEST(ScenarioTrafficSet, EveryLeafIsRead)
{
    auto read = Read(Scenario(R"("traffic-set": { "id": "7", "window-start-s": "10",
        "window-end-s": "70.5", "time-scale": "2", "traffic-scale": "0.5",
        "protocol": ["udp", "icmp"], "packets": "rate" }, "scale-factor": "3")"));
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    const TwinScenarioTraffic& t = read.scenario.traffic;
    ASSERT_TRUE(t.trafficSet);
    EXPECT_EQ(t.trafficSet->id, 7);
    EXPECT_EQ(t.trafficSet->windowStartSeconds, 10.0);
    EXPECT_EQ(t.trafficSet->windowEndSeconds, 70.5);
    EXPECT_DOUBLE_EQ(t.trafficSet->timeScale, 2);
    EXPECT_DOUBLE_EQ(t.trafficSet->trafficScale, 0.5);
    EXPECT_EQ(t.trafficSet->protocols, (std::set<uint8_t>{17, 1}));
    EXPECT_FALSE(t.trafficSet->usePacketSequences);
    EXPECT_NE(t.trafficSet->source.path.find("traffic-set"), std::string::npos)
        << t.trafficSet->source.path;
    EXPECT_TRUE(t.demandFile.empty());
    EXPECT_DOUBLE_EQ(t.scaleFactor, 3);
}

TEST(ScenarioTrafficSet, DefaultsWhenOmitted)
{
    auto read = Read(Scenario(R"("traffic-set": { "id": "2" })"));
    ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    const auto& set = read.scenario.traffic.trafficSet;
    ASSERT_TRUE(set);
    EXPECT_FALSE(set->windowStartSeconds);
    EXPECT_FALSE(set->windowEndSeconds);
    EXPECT_DOUBLE_EQ(set->timeScale, 1);
    EXPECT_DOUBLE_EQ(set->trafficScale, 1);
    EXPECT_TRUE(set->protocols.empty());
    EXPECT_TRUE(set->usePacketSequences);

    auto none = Read(Scenario(R"("scale-factor": "1")"));
    ASSERT_TRUE(none.Ok()) << test::Dump(none.diagnostics);
    EXPECT_FALSE(none.scenario.traffic.trafficSet);
}

TEST(ScenarioTrafficSet, InvalidTrafficSetsAreRefused)
{
    // A demand file and a traffic set are two answers to one question.
    ExpectError(Read(Scenario(R"("demand-file": "d.csv", "traffic-set": { "id": "1" })")),
                "traffic");
    ExpectError(Read(Scenario(R"("traffic-set": { "window-start-s": "1" })")), "id");
    ExpectError(Read(Scenario(R"("traffic-set": { "id": "0" })")), "traffic-set/id");
    ExpectError(Read(Scenario(R"("traffic-set": { "id": "1", "window-start-s": "5",
        "window-end-s": "5" })")),
                "the replay window must end after it starts");
    ExpectError(Read(Scenario(R"("traffic-set": { "id": "1", "time-scale": "0" })")), "time-scale");
    ExpectError(Read(Scenario(R"("traffic-set": { "id": "1", "protocol": ["sctp"] })")),
                "protocol");
    ExpectError(Read(Scenario(R"("traffic-set": { "id": "1", "packets": "bursts" })")), "packets");
}

} // namespace
} // namespace ns3
