/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin run SCENARIO, sweeps with --jobs, dtwin diff and dtwin replay, as a user runs them.

#include "cli-harness.h"

#include "ns3/twin-store.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

namespace ns3
{
namespace test
{
namespace
{

/** Scenario commands on the triangle fixtures (test/data/scenario). */
class ScenarioCliTest : public CliTest
{
protected:
    /**
     * Write a scenario derived from a fixture into the test directory.
     * @param fixture file in test/data/scenario
     * @param from text to replace
     * @param to replacement
     * @return its path
     */
    std::string Derived(const std::string& fixture, const std::string& from, const std::string& to)
    {
        std::string text = Slurp(SourcePath("test/data/scenario/" + fixture));
        auto pos = text.find(from);
        EXPECT_NE(pos, std::string::npos) << from;
        text.replace(pos, from.size(), to);
        text.replace(text.find("triangle-demands.csv"), 20,
                     SourcePath("test/data/scenario/triangle-demands.csv"));
        m_dir.Write(fixture, text);
        return m_dir.Path() + "/" + fixture;
    }
};

TEST_F(ScenarioCliTest, RunJudgesObjectivesAndExitsThreeOnViolation)
{
    CliResult r = Dtwin({"run", "test/data/scenario/triangle-failure.json"});
    EXPECT_EQ(r.exitCode, 3) << r.out << r.err;
    EXPECT_NE(r.out.find("ab-load-after"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("FAIL"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("udp-loss-after"), std::string::npos) << r.out;
    EXPECT_EQ(Query("SELECT COUNT(*) FROM runs WHERE verdict = 'fail' AND scenario_id IS NOT NULL "
                    "AND variant_name = 'base'"),
              1);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM scenarios"), 1);

    // The same verdicts as JSON, for a pipeline.
    CliResult json = Dtwin({"run", "test/data/scenario/triangle-failure.json", "--format", "json"});
    EXPECT_EQ(json.exitCode, 3) << json.err;
    auto rows = nlohmann::json::parse(json.out);
    ASSERT_EQ(rows.size(), 4U);
    std::map<std::string, std::string> results;
    for (const auto& row : rows)
    {
        results[row["objective"]] = row["result"];
    }
    EXPECT_EQ(results["ab-load-after"], "FAIL");
    EXPECT_EQ(results["udp-loss-after"], "pass");
    EXPECT_EQ(results["bc-transfer"], "pass");
    EXPECT_EQ(Query("SELECT COUNT(*) FROM scenarios"), 1) << "identical text is stored once";

    // Met objectives: exit 0.
    std::string relaxed = Derived("triangle-failure.json", R"("max-utilisation": "0.3")",
                                  R"("max-utilisation": "0.6")");
    CliResult ok = Dtwin({"run", relaxed});
    EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
}

TEST_F(ScenarioCliTest, BadScenariosExitOneAndStoreNothing)
{
    std::string unknownLink =
        Derived("triangle-failure.json", R"("link": "A-C")", R"("link": "A-X")");
    CliResult r = Dtwin({"run", unknownLink});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("A-X"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("triangle-failure.json"), std::string::npos) << r.err;

    std::string late = Derived("triangle-failure.json", R"("time-s": "2")", R"("time-s": "7")");
    CliResult afterEnd = Dtwin({"run", late});
    EXPECT_EQ(afterEnd.exitCode, 1) << afterEnd.err;

    std::string unknownClass = Derived("triangle-failure.json", R"("class": "udp", "max-loss)",
                                       R"("class": "voip", "max-loss)");
    CliResult cls = Dtwin({"run", unknownClass});
    EXPECT_EQ(cls.exitCode, 1) << cls.err;
    EXPECT_NE(cls.err.find("voip"), std::string::npos) << cls.err;

    CliResult tooBig = Dtwin({"run", "test/data/scenario/triangle-n-1.json", "--max-runs", "2"});
    EXPECT_EQ(tooBig.exitCode, 1) << tooBig.err;

    CliResult snapshotOption =
        Dtwin({"run", "test/data/scenario/triangle-failure.json", "--duration", "3s"});
    EXPECT_EQ(snapshotOption.exitCode, 1) << snapshotOption.err;

    if (std::filesystem::exists(Db()))
    {
        EXPECT_EQ(Query("SELECT COUNT(*) FROM runs"), 0);
        EXPECT_EQ(Query("SELECT COUNT(*) FROM snapshots"), 0);
        EXPECT_EQ(Query("SELECT COUNT(*) FROM scenarios"), 0);
    }
}

TEST_F(ScenarioCliTest, SweepRanksWorstFirstAndJobsGiveTheSameRuns)
{
    CliResult serial = Dtwin({"run", "test/data/scenario/triangle-n-1.json", "--format", "json"});
    EXPECT_EQ(serial.exitCode, 3) << serial.err;
    auto ranking = nlohmann::json::parse(serial.out);
    ASSERT_EQ(ranking.size(), 3U);
    EXPECT_EQ(ranking[0]["variant"], "link-A-C");
    EXPECT_EQ(ranking[0]["verdict"], "fail");
    EXPECT_EQ(ranking[0]["objectives_failed"], 2);
    EXPECT_EQ(ranking[0]["objectives"], 2);
    EXPECT_EQ(ranking[1]["verdict"], "pass");
    EXPECT_EQ(ranking[2]["verdict"], "pass");

    CliResult parallel =
        Dtwin({"run", "test/data/scenario/triangle-n-1.json", "--jobs", "2", "--format", "json"});
    EXPECT_EQ(parallel.exitCode, 3) << parallel.err;
    auto ranking2 = nlohmann::json::parse(parallel.out);
    ASSERT_EQ(ranking2.size(), 3U);
    EXPECT_EQ(ranking2[0]["variant"], "link-A-C");

    // Two sweeps of three runs, and the worker processes simulated exactly what the serial
    // run did (same seeds, same variants): every verdict's measurement matches.
    EXPECT_EQ(Query("SELECT COUNT(*) FROM sweeps"), 2);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM runs"), 6);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM run_verdicts v1 JOIN runs r1 ON r1.id = v1.run_id "
                    "JOIN runs r2 ON r2.variant_name = r1.variant_name AND r2.sweep_id = 2 "
                    "JOIN run_verdicts v2 ON v2.run_id = r2.id AND v2.objective_name = "
                    "v1.objective_name AND v2.element = v1.element AND v2.bound = v1.bound "
                    "WHERE r1.sweep_id = 1 AND v1.measured IS v2.measured"),
              Query("SELECT COUNT(*) FROM run_verdicts v JOIN runs r ON r.id = v.run_id WHERE "
                    "r.sweep_id = 1"));

    // Both sweeps ended complete, the parallel one too (its workers do not own it).
    CliResult sweeps = Dtwin({"sweeps", "--format", "json"});
    ASSERT_EQ(sweeps.exitCode, 0) << sweeps.err;
    auto sweepRows = nlohmann::json::parse(sweeps.out);
    ASSERT_EQ(sweepRows.size(), 2U);
    for (const auto& row : sweepRows)
    {
        EXPECT_EQ(row["state"], "complete") << row;
        EXPECT_EQ(row["planned"], 3) << row;
        EXPECT_EQ(row["stored"], 3) << row;
        EXPECT_EQ(row["failed"], 1) << row;
        EXPECT_EQ(row["passed"], 2) << row;
        EXPECT_EQ(row["name"], "triangle-n-1") << row;
        EXPECT_NE(row["ended"], "") << row;
    }

    // One variant only.
    CliResult one = Dtwin({"run", "test/data/scenario/triangle-n-1.json", "--variant", "link-A-B"});
    EXPECT_EQ(one.exitCode, 0) << one.err;
    CliResult unknown =
        Dtwin({"run", "test/data/scenario/triangle-n-1.json", "--variant", "link-X-Y"});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("link-A-B"), std::string::npos) << unknown.err;
}

TEST_F(ScenarioCliTest, DiffShowsWhatChangedBetweenRuns)
{
    ASSERT_EQ(Dtwin({"run", "test/data/scenario/triangle-n-1.json"}).exitCode, 3);
    // Runs 1..3 are link-A-B, link-B-C, link-A-C (expansion order).
    CliResult objectives = Dtwin({"diff", "1", "3", "--objectives", "--format", "json"});
    ASSERT_EQ(objectives.exitCode, 0) << objectives.err;
    auto rows = nlohmann::json::parse(objectives.out);
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0]["change"], "regressed");
    EXPECT_EQ(rows[0]["a"], "pass");
    EXPECT_EQ(rows[0]["b"], "FAIL");

    CliResult links = Dtwin({"diff", "1", "3", "--links", "--format", "json"});
    ASSERT_EQ(links.exitCode, 0) << links.err;
    auto linkRows = nlohmann::json::parse(links.out);
    bool sawAc = false;
    for (const auto& row : linkRows)
    {
        if (row["link"] == "A-C")
        {
            sawAc = true;
            EXPECT_LT(row["mean_util_pct_delta"].get<double>(), 0) << "A-C fails in run 3";
        }
    }
    EXPECT_TRUE(sawAc);

    // The TCP demand's row is its data flow (1 MB in about a second), not its acknowledgements.
    CliResult flows = Dtwin({"diff", "1", "3", "--flows", "--format", "json"});
    ASSERT_EQ(flows.exitCode, 0) << flows.err;
    bool sawBc = false;
    for (const auto& row : nlohmann::json::parse(flows.out))
    {
        if (row["flow"] == "b-c")
        {
            sawBc = true;
            EXPECT_GT(row["rx_bps_a"].get<double>(), 8e6 / 3 * 0.9) << row;
        }
    }
    EXPECT_TRUE(sawBc) << flows.out;

    CliResult text = Dtwin({"diff", "1", "3"});
    EXPECT_EQ(text.exitCode, 0);
    for (const char* section : {"Objectives", "Flows", "Links", "a-c"})
    {
        EXPECT_NE(text.out.find(section), std::string::npos) << section << "\n" << text.out;
    }
    EXPECT_EQ(Dtwin({"diff", "1", "99"}).exitCode, 1);
}

TEST_F(ScenarioCliTest, ReplayShowsTheTimelineAndWhatTheRemedyRecovered)
{
    const std::string incident = "test/data/scenario/triangle-incident.json";
    CliResult alone = Dtwin({"replay", incident});
    EXPECT_EQ(alone.exitCode, 3) << alone.out << alone.err;
    // Wall-clock stamps (one written in +02:00) mapped to simulated time and back to UTC.
    EXPECT_NE(alone.out.find("2026-10-14T09:00:01.300Z"), std::string::npos) << alone.out;
    EXPECT_NE(alone.out.find("flap-up"), std::string::npos) << alone.out;

    CliResult remedied =
        Dtwin({"replay", incident, "--remedy", "test/data/scenario/triangle-remedy.json", "--at",
               "2026-10-14T09:00:03Z", "--format", "json"});
    // The late windows hold with the remedy; the one starting at the failure cannot.
    EXPECT_EQ(remedied.exitCode, 3) << remedied.err;
    auto json = nlohmann::json::parse(remedied.out);
    std::map<std::string, nlohmann::json> rows;
    for (const auto& row : json)
    {
        rows[row["objective"]] = row;
    }
    ASSERT_EQ(rows.size(), 4U) << remedied.out;
    EXPECT_EQ(rows["ac-loss-late"]["incident"], "FAIL");
    EXPECT_EQ(rows["ac-loss-late"]["remedy"], "pass");
    EXPECT_EQ(rows["ac-loss-late"]["change"], "recovered");
    EXPECT_EQ(rows["ca-loss-late"]["change"], "recovered");
    EXPECT_EQ(rows["ac-loss-all"]["remedy"], "FAIL");
    // Traffic comes back in the first interval after the remedy at 3 s.
    ASSERT_TRUE(rows["ac-loss-all"]["remedy_holds_from_s"].is_number()) << rows["ac-loss-all"];
    EXPECT_NEAR(rows["ac-loss-all"]["remedy_holds_from_s"].get<double>(), 3.0, 0.101);
    EXPECT_EQ(rows["bc-transfer"]["change"], "met in both");

    // Both replays are stored as one replay sweep each; the remedy event is in the timeline.
    EXPECT_EQ(Query("SELECT COUNT(*) FROM sweeps WHERE kind = 'replay'"), 2);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM run_events WHERE origin = 'remedy' AND time_s = 3"), 1);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM runs WHERE variant_name = 'incident+remedy'"), 1);

    // The same remedy in simulated seconds gives the same measurements.
    CliResult seconds = Dtwin(
        {"replay", incident, "--remedy", "test/data/scenario/triangle-remedy.json", "--at", "3s"});
    EXPECT_EQ(seconds.exitCode, 3) << seconds.err;
    EXPECT_EQ(Query("SELECT COUNT(*) FROM run_verdicts a JOIN run_verdicts b ON "
                    "a.objective_name = b.objective_name AND a.bound = b.bound WHERE a.run_id = 3 "
                    "AND b.run_id = 5 AND a.measured IS b.measured"),
              Query("SELECT COUNT(*) FROM run_verdicts WHERE run_id = 3"));

    // Bad remedies: unknown interface, a time after the end, --at without --remedy.
    m_dir.Write(
        "bad-remedy.json",
        Slurp(SourcePath("test/data/scenario/triangle-remedy.json"))
            .replace(Slurp(SourcePath("test/data/scenario/triangle-remedy.json")).find("to-C"), 4,
                     "to-Z"));
    int64_t runs = Query("SELECT COUNT(*) FROM runs");
    CliResult badInterface =
        Dtwin({"replay", incident, "--remedy", m_dir.Path() + "/bad-remedy.json", "--at", "3s"});
    EXPECT_EQ(badInterface.exitCode, 1);
    EXPECT_NE(badInterface.err.find("to-Z"), std::string::npos) << badInterface.err;
    CliResult late = Dtwin(
        {"replay", incident, "--remedy", "test/data/scenario/triangle-remedy.json", "--at", "9s"});
    EXPECT_EQ(late.exitCode, 1) << late.err;
    EXPECT_EQ(Dtwin({"replay", incident, "--at", "3s"}).exitCode, 1);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM runs"), runs) << "bad input stores nothing";
}

TEST_F(ScenarioCliTest, RefusedOptionsStoreNothingInAFreshStore)
{
    const std::string sweep = "test/data/scenario/triangle-n-1.json";
    const std::string incident = "test/data/scenario/triangle-incident.json";
    const std::string remedy = "test/data/scenario/triangle-remedy.json";
    const std::vector<std::vector<std::string>> refused = {
        {"run", sweep, "--variant", "link-X-Y"},
        {"run", sweep, "--jobs", "0"},
        {"run", sweep, "--sample-interval", "100us"},
        {"run", "no/such/scenario.json"},
        {"replay", sweep},
        {"replay", incident, "--remedy", remedy, "--at", "9s"},
        {"replay", incident, "--remedy", remedy},
        {"replay", incident, "--remedy", remedy, "--at", "2026-10-14T08:59:59Z"},
    };
    // The scenario's own problems: a snapshot the store does not have, contradictory events.
    std::string missingSnapshot =
        Derived("triangle-failure.json", R"("bundle-path": "test/data/scenario/triangle.gml")",
                R"("snapshot-id": "42")");
    std::string contradiction = Derived("triangle-n-1.json", R"("traffic":)",
                                        R"("events": { "event": [
            { "id": "down", "time-s": "2", "link-down": { "link": "A-B" } },
            { "id": "up", "time-s": "2", "link-up": { "link": "B-A" } } ] },
          "traffic":)");
    std::vector<std::vector<std::string>> all = refused;
    all.push_back({"run", missingSnapshot});
    all.push_back({"run", contradiction});
    for (const auto& args : all)
    {
        CliResult r = Dtwin(args);
        std::string line;
        for (const auto& a : args)
        {
            line += a + " ";
        }
        EXPECT_EQ(r.exitCode, 1) << line << "\n" << r.err;
        EXPECT_FALSE(r.err.empty()) << line;
        if (std::filesystem::exists(Db()))
        {
            for (const char* table : {"snapshots", "scenarios", "sweeps", "runs"})
            {
                EXPECT_EQ(Query(std::string("SELECT COUNT(*) FROM ") + table), 0)
                    << table << " after " << line;
            }
        }
    }
    CliResult missing = Dtwin({"run", "no/such/scenario.json"});
    EXPECT_NE(missing.err.find("no scenario file"), std::string::npos) << missing.err;
}

TEST_F(ScenarioCliTest, ObjectiveWithNothingToJudgeIsMet)
{
    // max-fct-s on the UDP class judges no flow: met, stored, and not the worst objective.
    std::string path = Derived("triangle-failure.json", R"("objective": [)",
                               R"("objective": [
        { "id": "udp-fct", "class": "udp", "max-fct-s": "1" },)");
    CliResult r = Dtwin({"run", path, "--format", "json"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    auto rows = nlohmann::json::parse(r.out);
    ASSERT_EQ(rows.size(), 5U);
    EXPECT_EQ(rows[0]["objective"], "udp-fct");
    EXPECT_EQ(rows[0]["result"], "pass");
    EXPECT_EQ(Query("SELECT COUNT(*) FROM run_verdicts WHERE element = '' AND passed = 1"), 1);
}

TEST_F(ScenarioCliTest, TrafficSetScenarioReplaysAndJudges)
{
    // The base: the triangle, stored by a first scenario run.
    ASSERT_EQ(Dtwin({"run", "test/data/scenario/triangle-failure.json"}).exitCode, 3);
    int64_t setId = 0;
    {
        TwinStore store(Db());
        TwinTrafficSetInfo info;
        info.snapshotId = 1;
        info.sourcePath = "triangle.pcap";
        info.format = "pcap";
        info.contentSha256 = std::string(64, 'd');
        info.optionsJson = "{}";
        auto writer = store.BeginTrafficSet(info);
        TwinMappedFlow m;
        m.flow.sourceAddress = "192.0.2.1";
        m.flow.destAddress = "192.0.2.2";
        m.flow.protocol = 17;
        m.flow.sourcePort = 1000;
        m.flow.destPort = 2000;
        m.flow.startSeconds = 1800000000;
        m.flow.endSeconds = 1800000001;
        m.flow.bytes = 125000; // 1 Mbit/s for 1 s
        m.flow.packets = 125;
        m.flow.source.line = 1;
        m.sourceNode = "A";
        m.destNode = "C";
        m.sourceRule = "snapshot";
        m.destRule = "snapshot";
        writer->Add(m);
        TwinTrafficReadStats stats;
        stats.recordsRead = 125;
        stats.flows = 1;
        stats.bytes = 125000;
        setId = writer->Commit(stats);
    }
    auto scenario = [&](const std::string& maxUtilisation)
    {
        return m_dir.Write("replay-" + maxUtilisation + ".json",
                           R"({ "ns3-digital-twin-scenario:scenario": {
  "name": "triangle-replay",
  "base-snapshot": { "snapshot-id": "1" },
  "duration-s": "3",
  "traffic": { "traffic-set": { "id": ")" +
                               std::to_string(setId) + R"(" },
               "class": [ { "name": "udp", "protocol": "udp" } ] },
  "objectives": { "objective": [
    { "id": "udp-loss", "class": "udp", "max-loss-ratio": "0.01" },
    { "id": "ac-load", "link": "A-C", "direction-only": true,
      "max-utilisation": ")" + maxUtilisation +
                               R"(" } ] }
} })");
    };
    // 1 Mbit/s on a 10 Mbit/s link: about 10 % at its peak.
    CliResult ok = Dtwin({"run", scenario("0.5")});
    EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
    EXPECT_EQ(Query("SELECT traffic_set_id FROM runs WHERE id = 2"), setId);
    EXPECT_EQ(Query("SELECT count(*) FROM run_replay_flows WHERE run_id = 2"), 1);
    CliResult replay = Dtwin({"results", "2", "--replay", "--format", "json"});
    ASSERT_EQ(replay.exitCode, 0) << replay.err;
    auto rows = nlohmann::json::parse(replay.out);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0]["recorded_bytes"], 125000);
    EXPECT_EQ(rows[0]["loss"], 0);

    CliResult tight = Dtwin({"run", scenario("0.01")});
    EXPECT_EQ(tight.exitCode, 3) << tight.out << tight.err;
    EXPECT_NE(tight.out.find("ac-load"), std::string::npos) << tight.out;

    // A set that does not exist: exit 1, nothing stored.
    const int64_t runs = Rows("runs");
    std::string missing = Slurp(scenario("0.5"));
    missing.replace(missing.find("\"id\": \"" + std::to_string(setId)),
                    8 + std::to_string(setId).size(), "\"id\": \"77\"");
    CliResult bad = Dtwin({"run", m_dir.Write("missing.json", missing)});
    EXPECT_EQ(bad.exitCode, 1) << bad.out << bad.err;
    EXPECT_NE(bad.err.find("no traffic set 77"), std::string::npos) << bad.err;
    EXPECT_EQ(Rows("runs"), runs);
}

} // namespace
} // namespace test
} // namespace ns3
