/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Scenario runs through the helper API: event semantics against what ns-3 must do (traffic on
// a failed link stops at the failure; with recomputed routing it resumes on the other path
// after the convergence delay; as configured, it stays lost), sweeps, and what is stored.

#include "test-util.h"

#include "ns3/twin-builder.h"
#include "ns3/twin-objectives.h"
#include "ns3/twin-scenario-runner.h"
#include "ns3/twin-store.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <tuple>

namespace ns3
{
namespace test
{
namespace
{

/**
 * @param path a file
 * @return its content
 */
std::string
ReadText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/**
 * @param text a text
 * @param from what to replace (must occur)
 * @param to the replacement
 * @return the text with every occurrence replaced
 */
std::string
Replace(std::string text, const std::string& from, const std::string& to)
{
    EXPECT_NE(text.find(from), std::string::npos) << from;
    for (std::size_t pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size()))
    {
        text.replace(pos, from.size(), to);
    }
    return text;
}

/** A store and the triangle fixtures in a temporary directory. */
class ScenarioRunnerTest : public ::testing::Test
{
protected:
    /**
     * Write a copy of a triangle scenario whose paths work from any directory.
     * @param name fixture file in test/data/scenario
     * @param edits (from, to) replacements applied to its text
     * @return the copy's path
     */
    std::string Fixture(const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& edits = {})
    {
        std::string text = ReadText(SourcePath("test/data/scenario/" + name));
        text = Replace(text, "test/data/scenario/triangle.gml",
                       SourcePath("test/data/scenario/triangle.gml"));
        for (const auto& [from, to] : edits)
        {
            text = Replace(text, from, to);
        }
        m_dir.Write("triangle-demands.csv",
                    ReadText(SourcePath("test/data/scenario/triangle-demands.csv")));
        m_dir.Write(name, text);
        return m_dir.Path() + "/" + name;
    }

    /**
     * Prepare and run the only variant of a scenario.
     * @param path the scenario
     * @return the outcome
     */
    TwinVariantOutcome RunOnly(const std::string& path)
    {
        TwinPreparedScenario prepared = PrepareTwinScenario(path, {}, Store(), m_options);
        EXPECT_EQ(prepared.variants.size(), 1U);
        int64_t scenario = Store().SaveScenario(prepared.scenario.name, prepared.text,
                                                prepared.format, path, nullptr);
        int64_t sweep = Store().CreateSweep(scenario, prepared.snapshot.id, 1, "run");
        return RunTwinScenarioVariant(Store(), prepared, prepared.variants.front(), scenario, sweep,
                                      m_options);
    }

    /** @return the test's store */
    TwinStore& Store()
    {
        if (!m_store)
        {
            m_store = std::make_unique<TwinStore>(m_dir.Path() + "/twin.db");
        }
        return *m_store;
    }

    /**
     * @param results a run's results
     * @param link a directed link-id
     * @param from interval end after this time (exclusive)
     * @param to interval end up to this time (inclusive)
     * @return bytes the link sent in intervals ending in (from, to]
     */
    static uint64_t LinkBytes(const TwinRunResults& results, const std::string& link, double from,
                              double to)
    {
        uint64_t bytes = 0;
        for (const auto& s : results.samples)
        {
            if (s.linkId == link && s.timeSeconds > from + 1e-9 && s.timeSeconds <= to + 1e-9)
            {
                bytes += s.txBytes;
            }
        }
        return bytes;
    }

    /**
     * @param results a run's results
     * @param demand a demand id
     * @param from interval end after this time
     * @param to interval end up to this time
     * @return (packets sent, packets received) in intervals ending in (from, to]
     */
    static std::pair<uint64_t, uint64_t> DemandPackets(const TwinRunResults& results,
                                                       const std::string& demand, double from,
                                                       double to)
    {
        std::pair<uint64_t, uint64_t> counts{0, 0};
        for (const auto& s : results.demandSamples)
        {
            if (s.demandId == demand && s.timeSeconds > from + 1e-9 && s.timeSeconds <= to + 1e-9)
            {
                counts.first += s.txPackets;
                counts.second += s.rxPackets;
            }
        }
        return counts;
    }

    TempDir m_dir;                      //!< fixtures and store
    std::unique_ptr<TwinStore> m_store; //!< the store
    TwinScenarioRunOptions m_options;   //!< run options (defaults)
};

TEST_F(ScenarioRunnerTest, FailedLinkStopsTrafficAndRecomputedRoutesResumeIt)
{
    TwinVariantOutcome out = RunOnly(Fixture("triangle-failure.json"));
    const TwinRunResults& r = out.results;

    // A-C carries a-c until the failure at 2 s, then nothing (in either direction).
    EXPECT_GT(LinkBytes(r, "A-C", 1.0, 2.0), 40000U);
    EXPECT_EQ(LinkBytes(r, "A-C", 2.0, 5.0), 0U);
    EXPECT_EQ(LinkBytes(r, "C-A", 2.0, 5.0), 0U);
    // Until the new routes are installed (2.2 s) nothing takes the other path...
    EXPECT_EQ(LinkBytes(r, "A-B", 0.0, 2.2), 0U);
    auto [sentGap, receivedGap] = DemandPackets(r, "a-c", 2.0, 2.2);
    EXPECT_GT(sentGap, 90U) << "4 Mbit/s of 1000-byte datagrams is 100 packets in 0.2 s";
    EXPECT_EQ(receivedGap, 0U);
    // ... and then a-c (4 Mbit/s plus headers) goes A-B-C: 0.1 s of it is ~51 kB per interval.
    uint64_t detour = LinkBytes(r, "A-B", 2.3, 5.0);
    double perInterval = static_cast<double>(detour) / 27.0;
    EXPECT_NEAR(perInterval, 4e6 * 0.1 / 8 * 1030 / 1000, 2000);
    auto [sentAfter, receivedAfter] = DemandPackets(r, "a-c", 2.3, 5.0);
    EXPECT_GT(sentAfter, 1000U);
    EXPECT_NEAR(static_cast<double>(receivedAfter), static_cast<double>(sentAfter), 2.0);

    // The events as applied, and the verdicts: loss after the reroute is fine, the detour
    // overloads A-B for the 30 % objective.
    ASSERT_GE(r.events.size(), 1U);
    EXPECT_EQ(r.events.front().eventId, "ac-down");
    EXPECT_EQ(r.events.front().type, "link-down");
    EXPECT_DOUBLE_EQ(r.events.front().timeSeconds, 2.0);
    std::map<std::string, TwinObjectiveSummary> byId;
    for (const auto& s : SummariseTwinVerdicts(r.verdicts))
    {
        byId[s.objectiveId] = s;
    }
    ASSERT_EQ(byId.size(), 4U);
    EXPECT_TRUE(byId["udp-loss-after"].passed);
    EXPECT_TRUE(byId["ac-delay-after"].passed);
    EXPECT_TRUE(byId["bc-transfer"].passed);
    EXPECT_FALSE(byId["ab-load-after"].passed);
    ASSERT_TRUE(byId["ab-load-after"].worst.measured);
    EXPECT_NEAR(*byId["ab-load-after"].worst.measured, 0.412, 0.01);
    EXPECT_EQ(out.record.verdict, "fail");

    // Stored as run of the scenario, with everything the report needs.
    auto stored = Store().FindRun(out.runId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->verdict, "fail");
    EXPECT_EQ(stored->variantName, "base");
    EXPECT_GT(stored->scenarioId, 0);
    TwinRunResults loaded = Store().LoadRunResults(out.runId);
    EXPECT_EQ(loaded.verdicts.size(), r.verdicts.size());
    EXPECT_EQ(loaded.events.size(), r.events.size());
    EXPECT_EQ(loaded.demandSamples.size(), r.demandSamples.size());
}

TEST_F(ScenarioRunnerTest, AsConfiguredRoutingLeavesTrafficLost)
{
    TwinVariantOutcome out = RunOnly(Fixture(
        "triangle-failure.json",
        {{R"("routing": { "reaction": "recompute", "convergence-delay-s": "0.2" },)", ""}}));
    const TwinRunResults& r = out.results;
    auto [sent, received] = DemandPackets(r, "a-c", 2.0, 5.0);
    EXPECT_GT(sent, 1400U);
    EXPECT_EQ(received, 0U) << "nothing reroutes a-c when routes stay as configured";
    EXPECT_EQ(LinkBytes(r, "A-B", 0.0, 5.0), 0U);
    std::map<std::string, TwinObjectiveSummary> byId;
    for (const auto& s : SummariseTwinVerdicts(r.verdicts))
    {
        byId[s.objectiveId] = s;
    }
    EXPECT_FALSE(byId["udp-loss-after"].passed);
    ASSERT_TRUE(byId["udp-loss-after"].worst.measured);
    EXPECT_DOUBLE_EQ(*byId["udp-loss-after"].worst.measured, 1.0);
}

TEST_F(ScenarioRunnerTest, ConvergenceDelayShiftsTheResumption)
{
    // With 0.6 s instead of 0.2 s, the detour starts 0.4 s later.
    TwinVariantOutcome out =
        RunOnly(Fixture("triangle-failure.json",
                        {{R"("convergence-delay-s": "0.2")", R"("convergence-delay-s": "0.6")"}}));
    const TwinRunResults& r = out.results;
    EXPECT_EQ(LinkBytes(r, "A-B", 0.0, 2.6), 0U);
    EXPECT_EQ(DemandPackets(r, "a-c", 2.0, 2.6).second, 0U);
    EXPECT_GT(LinkBytes(r, "A-B", 2.6, 2.8), 20000U);
}

TEST_F(ScenarioRunnerTest, SweepVariantsRunTheirOwnFailure)
{
    std::string path = Fixture("triangle-n-1.json");
    TwinPreparedScenario prepared = PrepareTwinScenario(path, {}, Store(), m_options);
    ASSERT_EQ(prepared.variants.size(), 3U);
    int64_t scenario =
        Store().SaveScenario(prepared.scenario.name, prepared.text, prepared.format, path, nullptr);
    int64_t sweep = Store().CreateSweep(scenario, prepared.snapshot.id, 3, "run");
    std::map<std::string, std::string> verdicts;
    for (const auto& v : prepared.variants)
    {
        auto out = RunTwinScenarioVariant(Store(), prepared, v, scenario, sweep, m_options);
        verdicts[v.name] = out.record.verdict;
        ASSERT_FALSE(out.results.events.empty());
        EXPECT_EQ(out.results.events.front().origin, "sweep");
    }
    EXPECT_EQ(verdicts["link-A-B"], "pass");
    EXPECT_EQ(verdicts["link-B-C"], "pass");
    EXPECT_EQ(verdicts["link-A-C"], "fail");
    EXPECT_EQ(Store().ListSweepRuns(sweep).size(), 3U);
}

TEST_F(ScenarioRunnerTest, BadScenarioStoresNothing)
{
    std::string path = Fixture("triangle-failure.json", {{R"("link": "A-C")", R"("link": "A-D")"}});
    try
    {
        PrepareTwinScenario(path, {}, Store(), m_options);
        FAIL() << "a link that does not exist must be refused";
    }
    catch (const TwinScenarioError& e)
    {
        ASSERT_TRUE(e.GetDiagnostics().HasErrors());
        std::string first = e.GetDiagnostics().All().front().ToString();
        EXPECT_NE(first.find("triangle-failure.json"), std::string::npos) << first;
        EXPECT_NE(first.find("A-D"), std::string::npos) << first;
    }
    EXPECT_TRUE(Store().ListSnapshots().empty()) << "the base bundle must not be stored either";
}

/**
 * Store a traffic set on a snapshot of the triangle: a UDP flow A -> C (250 packets of 1000
 * bytes over 1 s, 2 Mbit/s) and a TCP transfer B -> C of 100 kB.
 * @param store the store
 * @param snapshot the snapshot
 * @return the set id
 */
int64_t
StoreTriangleTraffic(TwinStore& store, int64_t snapshot)
{
    TwinTrafficSetInfo info;
    info.snapshotId = snapshot;
    info.sourcePath = "triangle.pcap";
    info.format = "pcap";
    info.contentSha256 = std::string(64, 'e');
    info.optionsJson = "{}";
    auto writer = store.BeginTrafficSet(info);
    TwinTrafficReadStats stats;
    const std::vector<std::tuple<std::string, std::string, uint8_t, uint64_t, uint64_t>> flows = {
        {"A", "C", 17, 250000, 250}, {"B", "C", 6, 100000, 80}};
    uint64_t line = 1;
    for (const auto& [src, dst, protocol, bytes, packets] : flows)
    {
        TwinMappedFlow m;
        m.flow.sourceAddress = "192.0.2." + std::to_string(line);
        m.flow.destAddress = "198.51.100." + std::to_string(line);
        m.flow.protocol = protocol;
        m.flow.sourcePort = 7000;
        m.flow.destPort = 8000;
        m.flow.startSeconds = 1800000000.0 + 0.5 * static_cast<double>(line - 1);
        m.flow.endSeconds = m.flow.startSeconds + 1.0;
        m.flow.bytes = bytes;
        m.flow.packets = packets;
        m.flow.tcpFlags = protocol == 6 ? 0x1b : 0;
        m.flow.source.line = line++;
        m.sourceNode = src;
        m.destNode = dst;
        m.sourceRule = "snapshot";
        m.destRule = "snapshot";
        writer->Add(m);
        stats.recordsRead += packets;
        stats.flows += 1;
        stats.bytes += bytes;
    }
    return writer->Commit(stats);
}

/**
 * @param base the base-snapshot member's JSON
 * @param trafficSet the traffic-set container's JSON
 * @param sweep a sweep member's JSON, or empty
 * @return a scenario replaying a traffic set on the triangle, with a UDP loss objective
 */
std::string
ReplayScenario(const std::string& base, const std::string& trafficSet,
               const std::string& sweep = "")
{
    return R"({ "ns3-digital-twin-scenario:scenario": {
    "name": "triangle-replay",
    "base-snapshot": )" +
           base + R"(,
    "duration-s": "3",
    "traffic": {
      "traffic-set": )" +
           trafficSet + R"(,
      "class": [ { "name": "udp", "protocol": "udp" } ]
    },
    "objectives": { "objective": [
      { "id": "udp-loss", "class": "udp", "max-loss-ratio": "0.01" } ] })" +
           (sweep.empty() ? std::string() : ",\n    \"sweep\": " + sweep) + R"(
  } })";
}

TEST_F(ScenarioRunnerTest, TrafficSetIsReplayedAndJudged)
{
    // The base: the triangle as the failure fixture stores it.
    TwinPreparedScenario base =
        PrepareTwinScenario(Fixture("triangle-failure.json"), {}, Store(), m_options);
    int64_t snapshot = base.snapshot.id;
    int64_t setId = StoreTriangleTraffic(Store(), snapshot);

    m_dir.Write(
        "replay.json",
        ReplayScenario(R"({ "snapshot-id": ")" + std::to_string(snapshot) + "\" }",
                       R"({ "id": ")" + std::to_string(setId) + R"(", "packets": "rate" })"));
    TwinVariantOutcome out = RunOnly(m_dir.Path() + "/replay.json");
    EXPECT_EQ(out.record.trafficSetId, setId);
    EXPECT_EQ(out.record.verdict, "pass");
    ASSERT_EQ(out.results.replayed.size(), 2u);
    EXPECT_EQ(out.results.replayed[0].mode, "rate");
    EXPECT_EQ(out.results.replayed[1].mode, "tcp");
    auto stored = Store().FindRun(out.runId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->trafficSetId, setId);
    EXPECT_EQ(Store().LoadRunResults(out.runId).replayed.size(), 2u);
    // The objective judged the replayed UDP flow's demand.
    ASSERT_FALSE(out.results.verdicts.empty());
    EXPECT_EQ(out.results.verdicts[0].element, out.results.replayed[0].demandId);
}

TEST_F(ScenarioRunnerTest, TrafficSetOptionsAndSweepScaleTheReplay)
{
    TwinPreparedScenario base =
        PrepareTwinScenario(Fixture("triangle-failure.json"), {}, Store(), m_options);
    int64_t setId = StoreTriangleTraffic(Store(), base.snapshot.id);
    // A bundle base is matched by content; only UDP, from 0.2 s on; the sweep doubles it.
    m_dir.Write("replay.json",
                ReplayScenario(R"({ "bundle-path": ")" +
                                   SourcePath("test/data/scenario/triangle.gml") + R"(" })",
                               R"({ "id": ")" + std::to_string(setId) +
                                   R"(", "protocol": ["udp"], "window-start-s": "0.2" })",
                               R"({ "traffic-factor": ["2"] })"));
    TwinPreparedScenario prepared =
        PrepareTwinScenario(m_dir.Path() + "/replay.json", {}, Store(), m_options);
    EXPECT_EQ(prepared.trafficSetId, setId);
    ASSERT_TRUE(prepared.replay);
    EXPECT_EQ(prepared.replay->protocols, std::set<uint8_t>{17});
    ASSERT_TRUE(prepared.replay->windowStartSeconds);
    EXPECT_DOUBLE_EQ(*prepared.replay->windowStartSeconds, 1800000000.2);
    ASSERT_EQ(prepared.demands.size(), 1u);
    ASSERT_FALSE(prepared.variants.empty());
    int64_t scenario = Store().SaveScenario(prepared.scenario.name, prepared.text, prepared.format,
                                            "replay.json", nullptr);
    int64_t sweep =
        Store().CreateSweep(scenario, prepared.snapshot.id, prepared.variants.size(), "run");
    auto out = RunTwinScenarioVariant(Store(), prepared, prepared.variants.front(), scenario, sweep,
                                      m_options);
    // Traffic factor 2: the flow and one copy, each with 0.8 s of the recorded second.
    ASSERT_EQ(out.results.replayed.size(), 2u);
    EXPECT_EQ(out.results.replayed[1].copy, 1u);
    EXPECT_LT(out.results.replayed[0].recordedBytes, 250000u);
    EXPECT_GT(out.results.replayed[0].recordedBytes, 150000u);
}

TEST_F(ScenarioRunnerTest, TrafficSetMustExistAndBelongToTheBase)
{
    TwinPreparedScenario base =
        PrepareTwinScenario(Fixture("triangle-failure.json"), {}, Store(), m_options);
    int64_t setId = StoreTriangleTraffic(Store(), base.snapshot.id);
    TwinNetwork other = base.network;
    other.name = "other";
    other.links.front().capacityBps *= 2;
    int64_t otherSnapshot = Store().SaveSnapshot(other, "other.json", "test", {}, nullptr);

    struct Case
    {
        int64_t snapshot;    //!< base snapshot id
        std::string set;     //!< traffic-set JSON
        std::string message; //!< part of the first error
    };
    std::vector<Case> cases = {
        {base.snapshot.id, R"({ "id": "99" })", "no traffic set 99"},
        {otherSnapshot, R"({ "id": ")" + std::to_string(setId) + "\" }",
         "was mapped onto snapshot"},
        {base.snapshot.id,
         R"({ "id": ")" + std::to_string(setId) + R"(", "window-start-s": "50" })",
         "no flow between"},
        {base.snapshot.id, R"({ "id": ")" + std::to_string(setId) + R"(", "protocol": ["icmp"] })",
         "no flow between"},
    };
    const std::size_t runs = Store().ListRuns().size();
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.message);
        m_dir.Write(
            "bad.json",
            ReplayScenario(R"({ "snapshot-id": ")" + std::to_string(c.snapshot) + "\" }", c.set));
        try
        {
            PrepareTwinScenario(m_dir.Path() + "/bad.json", {}, Store(), m_options);
            ADD_FAILURE() << "accepted";
        }
        catch (const TwinScenarioError& e)
        {
            ASSERT_TRUE(e.GetDiagnostics().HasErrors());
            std::string first = e.GetDiagnostics().All().front().ToString();
            EXPECT_NE(first.find(c.message), std::string::npos) << first;
            EXPECT_NE(first.find("bad.json"), std::string::npos) << first;
        }
    }
    EXPECT_EQ(Store().ListRuns().size(), runs);
}

} // namespace
} // namespace test
} // namespace ns3
