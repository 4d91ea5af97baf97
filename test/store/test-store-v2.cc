/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Schema version 2: scenarios, sweeps, the what-if fields of runs (variant, verdict, demand
// samples and results, applied events, objective verdicts), the migration of version 1
// stores and several processes sharing one file.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-store.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <iterator>
#include <limits>
#include <regex>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{
namespace test
{
namespace
{

/// A scenario document as a user writes it (the store keeps the text as it is).
const char* const kScenarioText = R"({
  "ns3-digital-twin-scenario:scenario": {
    "name": "link-failure",
    "base-snapshot": { "bundle-path": "examples/data/abilene" }
  }
}
)";

/**
 * Make a version 1 store the way a version 1 build did: step 1 in one transaction, then the
 * header fields, in WAL mode.
 * @param path the new file
 */
void
CreateVersion1Store(const std::string& path)
{
    std::string step1 = MigrationStepSql(1);
    ASSERT_NE(step1.find("CREATE TABLE runs"), std::string::npos);
    SqliteDatabase db(path);
    db.Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
    EXPECT_EQ(db.QueryText("PRAGMA journal_mode = WAL", "WAL"), "wal");
    db.Execute("BEGIN IMMEDIATE;" + step1 + ";PRAGMA application_id = " +
                   std::to_string(0x4454574E) + "; PRAGMA user_version = 1; COMMIT",
               "create a version 1 store");
}

/**
 * Fill a version 1 store with one snapshot (two nodes, both link directions), a demand set
 * and one run with results, through SQL of version 1 only.
 * @param path the store
 */
void
FillVersion1Store(const std::string& path)
{
    SqliteDatabase db(path);
    db.Execute(R"sql(
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO demand_sets (id, content_hash, source, created_at)
    VALUES (1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'v1.csv',
            '2026-01-02T03:04:05Z');
INSERT INTO demands (demand_set_id, name, source_node, dest_node, protocol, rate_bps, bytes,
                     start_s, stop_s, packet_bytes)
    VALUES (1, 'd1', 'X', 'Y', 'udp', 2000000, 0, 1.0, NULL, 512);
INSERT INTO snapshots (id, content_hash, name, source, importer, demand_set_id, created_at)
    VALUES (1, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'old-net',
            'old.gml', 'gml', 1, '2026-01-02T03:04:05Z');
INSERT INTO nodes (id, snapshot_id, name) VALUES (1, 1, 'X'), (2, 1, 'Y');
INSERT INTO interfaces (id, node_id, name, enabled, speed_bps, mtu_bytes)
    VALUES (1, 1, 'eth0', 1, 1000000000, 1500), (2, 2, 'eth0', 1, 1000000000, 1500);
INSERT INTO interface_addresses (interface_id, position, address, prefix_length)
    VALUES (1, 0, '10.9.0.1', 30), (2, 0, '10.9.0.2', 30);
INSERT INTO links (id, snapshot_id, name, source_interface_id, dest_interface_id,
                   capacity_bps, delay_s, queue_packets, metric)
    VALUES (1, 1, 'X->Y', 1, 2, 1000000000, 0.002, 100, 1),
           (2, 1, 'Y->X', 2, 1, 1000000000, 0.002, 100, 1);
INSERT INTO runs (id, snapshot_id, demand_set_id, parameters_json, seed, run_number,
                  ns3_version, wall_s, simulated_s, event_count, status, created_at)
    VALUES (1, 1, 1, '{"duration_s":5}', 1, 3, '3.37', 0.75, 5.0, 12345, 'completed',
            '2026-01-02T03:04:06Z');
INSERT INTO run_flows (run_id, flow_id, demand_name, source_address, dest_address, protocol,
                       source_port, dest_port, tx_bytes, rx_bytes, tx_packets, rx_packets,
                       lost_packets, delay_mean_s, delay_max_s, jitter_mean_s,
                       throughput_bps, first_tx_s, last_rx_s)
    VALUES (1, 1, 'd1', '10.9.0.1', '10.9.0.2', 17, 49153, 9, 540000, 534600, 1000, 990, 10,
            0.0025, 0.004, 0.0001, 1990000, 1.001, 4.999);
INSERT INTO run_links (run_id, link_id, tx_bytes, tx_packets, queue_drop_packets,
                       mean_utilisation, peak_utilisation)
    VALUES (1, 1, 540000, 1000, 0, 0.25, 0.5), (1, 2, 0, 0, 0, 0, 0);
INSERT INTO run_link_samples (run_id, link_id, time_s, tx_bytes, utilisation, queue_packets)
    VALUES (1, 1, 2.5, 270000, 0.25, 3), (1, 1, 5.0, 270000, 0.5, 0);
COMMIT;
)sql",
               "fill a version 1 store");
}

/** @param path a store @return rows in the tables of runs and their results */
int64_t
RunRows(const std::string& path)
{
    int64_t rows = 0;
    for (const auto& [table, count] : CountRows(path))
    {
        if (table.rfind("run", 0) == 0)
        {
            rows += count;
        }
    }
    return rows;
}

/** A store holding FullNetwork() as a snapshot and kScenarioText as a scenario. */
class StoreV2 : public SavedNetworkFixture
{
protected:
    void SetUp() override
    {
        SavedNetworkFixture::SetUp();
        m_scenario = m_store->SaveScenario("link-failure", kScenarioText, "json",
                                           "scenarios/link-failure.json", nullptr);
    }

    /**
     * @param sweep the sweep (0 = none)
     * @param verdict the run verdict
     * @return a completed run of the snapshot in the scenario
     */
    TwinRunRecord Record(int64_t sweep, const std::string& verdict) const
    {
        TwinRunRecord run;
        run.snapshotId = m_snapshot;
        run.demandSetId = m_demandSet;
        run.parametersJson = R"({"duration_s":10})";
        run.seed = 1;
        run.runNumber = 2;
        run.ns3Version = "3.37";
        run.wallSeconds = 0.5;
        run.simulatedSeconds = 10.0;
        run.eventCount = 4242;
        run.scenarioId = m_scenario;
        run.sweepId = sweep;
        run.variantName = "link-A-B+seed-2";
        run.verdict = verdict;
        return run;
    }

    int64_t m_scenario{0}; //!< the stored scenario
};

TEST_F(StoreV2, EveryNewFieldRoundTrips)
{
    int64_t sweep = m_store->CreateSweep(m_scenario, m_snapshot, 14, "run");
    TwinRunResults results = WhatIfResults(m_network, 6, true);
    TwinRunRecord record = Record(sweep, "fail");
    int64_t id = m_store->SaveRun(record, results);

    for (const auto& run :
         {*m_store->FindRun(id), m_store->ListRuns().at(0), m_store->ListSweepRuns(sweep).at(0)})
    {
        EXPECT_EQ(run.id, id);
        EXPECT_EQ(run.scenarioId, m_scenario);
        EXPECT_EQ(run.sweepId, sweep);
        EXPECT_EQ(run.variantName, "link-A-B+seed-2");
        EXPECT_EQ(run.verdict, "fail");
        EXPECT_EQ(run.snapshotId, m_snapshot);
        EXPECT_EQ(run.eventCount, 4242u);
    }
    ExpectSameResults(results, m_store->LoadRunResults(id));
    TwinStore other(m_path);
    ExpectSameResults(results, other.LoadRunResults(id));

    auto counts = CountRows(m_path);
    EXPECT_EQ(counts["run_demand_samples"], 6 * 2);
    EXPECT_EQ(counts["run_demands"], 2);
    EXPECT_EQ(counts["run_events"], 3);
    EXPECT_EQ(counts["run_verdicts"], 4);

    // A passing run of the same sweep, and one with no scenario at all.
    int64_t passing = m_store->SaveRun(Record(sweep, "pass"), WhatIfResults(m_network, 2, false));
    TwinRunRecord plain = Record(0, "");
    plain.scenarioId = 0;
    plain.variantName = "";
    int64_t plainId = m_store->SaveRun(plain, SampleResults(m_network, 2));
    auto runs = m_store->ListSweepRuns(sweep);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].id, id);
    EXPECT_EQ(runs[1].id, passing);
    EXPECT_EQ(runs[1].verdict, "pass");

    auto found = m_store->FindRun(plainId);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->scenarioId, 0);
    EXPECT_EQ(found->sweepId, 0);
    EXPECT_EQ(found->variantName, "");
    EXPECT_EQ(found->verdict, "");
    TwinRunResults none = m_store->LoadRunResults(plainId);
    EXPECT_TRUE(none.demandSamples.empty() && none.demands.empty() && none.events.empty() &&
                none.verdicts.empty());
    // "None" is NULL in the file, never an empty string or 0.
    SqliteDatabase db(m_path);
    SqliteStatement nulls(db,
                          "SELECT scenario_id IS NULL, sweep_id IS NULL, variant_name IS NULL, "
                          "verdict IS NULL FROM runs WHERE id = ?",
                          "read the new columns");
    nulls.BindInt64(1, plainId);
    ASSERT_TRUE(nulls.Step());
    for (int c = 0; c < 4; ++c)
    {
        EXPECT_EQ(nulls.ColumnInt64(c), 1) << "column " << c;
    }
    nulls.Reset();
}

TEST_F(StoreV2, VacuouslyMetObjectiveIsStored)
{
    // An objective with nothing to judge (max-fct-s on a class of UDP demands) is met: one
    // verdict without element or measurement, which passes.
    int64_t sweep = m_store->CreateSweep(m_scenario, m_snapshot, 1, "run");
    TwinRunResults results = WhatIfResults(m_network, 2, false);
    TwinVerdict vacuous;
    vacuous.objectiveId = "udp-fct";
    vacuous.targetKind = "class";
    vacuous.targetId = "udp";
    vacuous.bound = "max-fct-s";
    vacuous.limit = 4;
    vacuous.passed = true;
    vacuous.windowEndSeconds = 10;
    vacuous.holdsFromSeconds = 0;
    results.verdicts.push_back(vacuous);
    int64_t id = m_store->SaveRun(Record(sweep, "pass"), results);
    auto loaded = m_store->LoadRunResults(id).verdicts;
    ASSERT_EQ(loaded.size(), results.verdicts.size());
    EXPECT_EQ(m_store->LoadRunVerdicts(id).size(), loaded.size());
    EXPECT_THROW(m_store->LoadRunVerdicts(id + 100), TwinStoreError);
    EXPECT_EQ(loaded.back().element, "");
    EXPECT_TRUE(loaded.back().passed);
    EXPECT_FALSE(loaded.back().measured.has_value());

    // Without a measurement, an element that was judged cannot pass.
    TwinRunResults wrong = results;
    wrong.verdicts.back().element = "udp-A-C";
    EXPECT_THROW(m_store->SaveRun(Record(sweep, "pass"), wrong), TwinStoreError);
    EXPECT_EQ(m_store->ListSweepRuns(sweep).size(), 1u);
}

TEST_F(StoreV2, DemandSamplesComeBackByDemandThenTime)
{
    // Saved interval by interval (time-major), as a sampler may produce them.
    TwinRunResults results;
    for (int t = 3; t >= 1; --t)
    {
        for (const char* demand : {"video", "backup"})
        {
            TwinDemandSample s;
            s.demandId = demand;
            s.timeSeconds = 0.5 * t;
            s.txPackets = static_cast<uint64_t>(t);
            results.demandSamples.push_back(s);
        }
    }
    int64_t id = m_store->SaveRun(Record(0, ""), results);
    auto loaded = m_store->LoadRunResults(id).demandSamples;
    ASSERT_EQ(loaded.size(), 6u);
    // Demands in order of first appearance (not by name), each in time order.
    const char* names[] = {"video", "video", "video", "backup", "backup", "backup"};
    for (std::size_t i = 0; i < loaded.size(); ++i)
    {
        EXPECT_EQ(loaded[i].demandId, names[i]) << i;
        EXPECT_EQ(loaded[i].timeSeconds, 0.5 * static_cast<double>(i % 3 + 1)) << i;
        EXPECT_EQ(loaded[i].txPackets, i % 3 + 1) << i;
    }
}

TEST_F(StoreV2, IdenticalScenarioTextIsStoredOnce)
{
    bool existed = false;
    int64_t again = m_store->SaveScenario("link-failure", kScenarioText, "json",
                                          "elsewhere/copy.json", &existed);
    EXPECT_EQ(again, m_scenario);
    EXPECT_TRUE(existed);

    auto info = m_store->FindScenario(m_scenario);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->id, m_scenario);
    EXPECT_EQ(info->name, "link-failure");
    EXPECT_EQ(info->text, kScenarioText);
    EXPECT_EQ(info->format, "json");
    EXPECT_EQ(info->sourcePath, "scenarios/link-failure.json"); // the first save's
    EXPECT_EQ(info->contentHash, Sha256OfString(kScenarioText));
    EXPECT_TRUE(std::regex_match(info->createdAt, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
        << info->createdAt;

    // One more space is another document.
    std::string changed = std::string(kScenarioText) + " ";
    int64_t other = m_store->SaveScenario("link-failure", changed, "json", "b.json", &existed);
    EXPECT_NE(other, m_scenario);
    EXPECT_FALSE(existed);
    EXPECT_EQ(m_store->FindScenario(other)->text, changed);

    // The hash is the SHA-256 of the text (known answer for "abc").
    int64_t abc = m_store->SaveScenario("abc", "abc", "xml", "abc.xml", nullptr);
    EXPECT_EQ(m_store->FindScenario(abc)->contentHash,
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(m_store->FindScenario(abc)->format, "xml");
    EXPECT_FALSE(m_store->FindScenario(abc + 1).has_value());
    EXPECT_EQ(CountRows(m_path)["scenarios"], 3);
}

TEST_F(StoreV2, InvalidScenariosAreRefused)
{
    std::string message =
        ErrorOf([&] { m_store->SaveScenario("s", "text", "yaml", "s.yaml", nullptr); });
    EXPECT_NE(message.find("format 'yaml'"), std::string::npos) << message;
    EXPECT_NE(message.find(m_path), std::string::npos) << message;
    message = ErrorOf([&] { m_store->SaveScenario("", "text", "json", "s.json", nullptr); });
    EXPECT_NE(message.find("no name"), std::string::npos) << message;
    EXPECT_EQ(CountRows(m_path)["scenarios"], 1);
}

TEST_F(StoreV2, SweepsAreListedWithTheirRuns)
{
    TwinNetwork ring = RingNetwork(4, "ring-4");
    int64_t ringSnapshot = m_store->SaveSnapshot(ring, "ring.gml", "gml", {}, nullptr);
    int64_t replayScenario =
        m_store->SaveScenario("replay", "<scenario/>", "xml", "replay.xml", nullptr);

    int64_t a = m_store->CreateSweep(m_scenario, m_snapshot, 3, "run");
    int64_t b = m_store->CreateSweep(replayScenario, ringSnapshot, 1, "replay");
    EXPECT_LT(a, b);

    auto sweeps = m_store->ListSweeps();
    ASSERT_EQ(sweeps.size(), 2u);
    EXPECT_EQ(sweeps[0].id, a);
    EXPECT_EQ(sweeps[0].scenarioId, m_scenario);
    EXPECT_EQ(sweeps[0].snapshotId, m_snapshot);
    EXPECT_EQ(sweeps[0].plannedRuns, 3u);
    EXPECT_EQ(sweeps[0].kind, "run");
    EXPECT_TRUE(
        std::regex_match(sweeps[0].createdAt, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    auto found = m_store->FindSweep(b);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->scenarioId, replayScenario);
    EXPECT_EQ(found->snapshotId, ringSnapshot);
    EXPECT_EQ(found->plannedRuns, 1u);
    EXPECT_EQ(found->kind, "replay");
    EXPECT_FALSE(m_store->FindSweep(b + 1).has_value());

    // Runs of the two sweeps interleaved, and one outside any sweep.
    std::vector<int64_t> ofA;
    for (int i = 0; i < 3; ++i)
    {
        TwinRunRecord run = Record(a, i == 1 ? "fail" : "pass");
        run.variantName = "variant-" + std::to_string(i);
        ofA.push_back(m_store->SaveRun(run, WhatIfResults(m_network, 1, i == 1)));
        if (i == 0)
        {
            TwinRunRecord replay = Record(b, "");
            replay.snapshotId = ringSnapshot;
            replay.demandSetId = 0;
            replay.scenarioId = replayScenario;
            replay.status = "failed";
            m_store->SaveRun(replay, {});
            m_store->SaveRun(Record(0, ""), {});
        }
    }
    auto runs = m_store->ListSweepRuns(a);
    ASSERT_EQ(runs.size(), 3u);
    for (std::size_t i = 0; i < runs.size(); ++i)
    {
        EXPECT_EQ(runs[i].id, ofA[i]);
        EXPECT_EQ(runs[i].variantName, "variant-" + std::to_string(i));
    }
    ASSERT_EQ(m_store->ListSweepRuns(b).size(), 1u);
    EXPECT_EQ(m_store->ListSweepRuns(b)[0].status, "failed");
    // The sweep records count verdicts the way sweep_summary does.
    auto infoA = m_store->FindSweep(a);
    auto infoB = m_store->FindSweep(b);
    ASSERT_TRUE(infoA && infoB);
    EXPECT_EQ(infoA->storedRuns, 3u);
    EXPECT_EQ(infoA->passedRuns, 2u);
    EXPECT_EQ(infoA->failedRuns, 1u);
    EXPECT_EQ(infoA->errorRuns, 0u);
    EXPECT_EQ(infoB->storedRuns, 1u);
    EXPECT_EQ(infoB->passedRuns + infoB->failedRuns, 0u);
    EXPECT_EQ(infoB->errorRuns, 1u);
    EXPECT_EQ(m_store->ListSweeps().at(0).failedRuns, 1u);
    std::string message = ErrorOf([&] { m_store->ListSweepRuns(b + 1); });
    EXPECT_NE(message.find("no sweep with id " + std::to_string(b + 1)), std::string::npos)
        << message;

    SqliteDatabase db(m_path);
    SqliteStatement summary(db,
                            "SELECT kind, scenario, network, planned_runs, stored_runs, "
                            "passed_runs, failed_runs, error_runs FROM sweep_summary ORDER BY id",
                            "read sweep_summary");
    ASSERT_TRUE(summary.Step());
    EXPECT_EQ(summary.ColumnText(0), "run");
    EXPECT_EQ(summary.ColumnText(1), "link-failure");
    EXPECT_EQ(summary.ColumnText(2), m_network.name);
    EXPECT_EQ(summary.ColumnInt64(3), 3);
    EXPECT_EQ(summary.ColumnInt64(4), 3);
    EXPECT_EQ(summary.ColumnInt64(5), 2);
    EXPECT_EQ(summary.ColumnInt64(6), 1);
    EXPECT_EQ(summary.ColumnInt64(7), 0);
    ASSERT_TRUE(summary.Step());
    EXPECT_EQ(summary.ColumnText(0), "replay");
    EXPECT_EQ(summary.ColumnText(1), "replay");
    EXPECT_EQ(summary.ColumnText(2), "ring-4");
    EXPECT_EQ(summary.ColumnInt64(4), 1);
    EXPECT_EQ(summary.ColumnInt64(5), 0);
    EXPECT_EQ(summary.ColumnInt64(6), 0);
    EXPECT_EQ(summary.ColumnInt64(7), 1);
    EXPECT_FALSE(summary.Step());
}

TEST_F(StoreV2, SweepStateTellsRunningEndedAndAbandoned)
{
    int64_t sweep = m_store->CreateSweep(m_scenario, m_snapshot, 2, "run");
    auto state = [&](int64_t id) { return m_store->FindSweep(id)->state; };
    auto opened = m_store->FindSweep(sweep);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->state, "running");
    EXPECT_EQ(opened->ownerPid, static_cast<int64_t>(getpid()));
    EXPECT_FALSE(opened->ownerHost.empty());
    EXPECT_FALSE(opened->ownerStart.empty());
    EXPECT_TRUE(opened->endedAt.empty());
    EXPECT_EQ(opened->storedRuns, 0u);

    // Ended with one of two runs: incomplete; ending again changes nothing.
    m_store->SaveRun(Record(sweep, "pass"), WhatIfResults(m_network, 1, false));
    m_store->EndSweep(sweep);
    auto ended = m_store->FindSweep(sweep);
    EXPECT_EQ(ended->state, "incomplete");
    EXPECT_EQ(ended->storedRuns, 1u);
    EXPECT_TRUE(std::regex_match(ended->endedAt, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    SqliteDatabase db(m_path);
    db.Execute("UPDATE sweeps SET ended_at = '2000-01-01T00:00:00Z' WHERE id = " +
                   std::to_string(sweep),
               "date the end back");
    m_store->EndSweep(sweep);
    EXPECT_EQ(m_store->FindSweep(sweep)->endedAt, "2000-01-01T00:00:00Z");

    // Ended with every planned run: complete.
    int64_t whole = m_store->CreateSweep(m_scenario, m_snapshot, 1, "run");
    m_store->SaveRun(Record(whole, "fail"), WhatIfResults(m_network, 1, true));
    EXPECT_EQ(state(whole), "running");
    m_store->EndSweep(whole);
    EXPECT_EQ(state(whole), "complete");

    // Not ended: the owner's liveness decides. A pid that has exited, and this process's pid
    // with another start key (a reused pid), are gone; a process on another host is not judged.
    int64_t open = m_store->CreateSweep(m_scenario, m_snapshot, 1, "run");
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0)
    {
        _exit(0);
    }
    ASSERT_EQ(waitpid(child, nullptr, 0), child);
    auto setOwner = [&](const std::string& assignments)
    {
        db.Execute("UPDATE sweeps SET " + assignments + " WHERE id = " + std::to_string(open),
                   "change the owner");
    };
    setOwner("owner_pid = " + std::to_string(child));
    EXPECT_EQ(state(open), "abandoned");
    setOwner("owner_pid = " + std::to_string(getpid()) + ", owner_start = 'another-boot/1'");
    EXPECT_EQ(state(open), "abandoned");
    setOwner("owner_host = 'elsewhere', owner_pid = " + std::to_string(child));
    EXPECT_EQ(state(open), "running");
    setOwner("owner_host = NULL, owner_pid = NULL, owner_start = NULL");
    EXPECT_EQ(state(open), "running");
    m_store->EndSweep(open);
    EXPECT_EQ(state(open), "incomplete");

    SqliteStatement summary(db, "SELECT id, state FROM sweep_summary ORDER BY id",
                            "read sweep_summary");
    for (const char* expected : {"incomplete", "complete", "incomplete"})
    {
        ASSERT_TRUE(summary.Step());
        EXPECT_EQ(summary.ColumnText(1), expected) << "sweep " << summary.ColumnInt64(0);
    }
    std::string message = ErrorOf([&] { m_store->EndSweep(open + 1); });
    EXPECT_NE(message.find("no sweep with id " + std::to_string(open + 1)), std::string::npos)
        << message;
}

TEST_F(StoreV2, InvalidSweepsStoreNothing)
{
    std::string message =
        ErrorOf([&] { m_store->CreateSweep(m_scenario + 50, m_snapshot, 2, "run"); });
    EXPECT_NE(message.find("no scenario with id " + std::to_string(m_scenario + 50)),
              std::string::npos)
        << message;
    message = ErrorOf([&] { m_store->CreateSweep(m_scenario, m_snapshot + 50, 2, "run"); });
    EXPECT_NE(message.find("no snapshot with id " + std::to_string(m_snapshot + 50)),
              std::string::npos)
        << message;
    message = ErrorOf([&] { m_store->CreateSweep(m_scenario, m_snapshot, 2, "batch"); });
    EXPECT_NE(message.find("kind 'batch'"), std::string::npos) << message;
    message = ErrorOf([&] { m_store->CreateSweep(m_scenario, m_snapshot, 0, "run"); });
    EXPECT_NE(message.find("at least one run"), std::string::npos) << message;
    message = ErrorOf(
        [&] {
            m_store->CreateSweep(m_scenario, m_snapshot, std::numeric_limits<uint64_t>::max(),
                                 "run");
        });
    EXPECT_NE(message.find("exceeds"), std::string::npos) << message;
    EXPECT_TRUE(m_store->ListSweeps().empty());
    EXPECT_EQ(CountRows(m_path)["sweeps"], 0);
}

TEST_F(StoreV2, InvalidRunsStoreNothing)
{
    int64_t sweep = m_store->CreateSweep(m_scenario, m_snapshot, 5, "run");
    int64_t otherScenario = m_store->SaveScenario("other", "{}", "json", "other.json", nullptr);
    TwinRunResults good = WhatIfResults(m_network, 4, true);
    auto before = CountRows(m_path);
    ASSERT_EQ(RunRows(m_path), 0);

    // Each case: what to change, and a part of the expected message.
    struct Case
    {
        std::string name;                                          //!< what is wrong
        std::function<void(TwinRunRecord&, TwinRunResults&)> make; //!< makes it wrong
        std::string message;                                       //!< expected in the error
    };

    const std::vector<Case> cases = {
        {"verdict", [](TwinRunRecord& r, TwinRunResults&) { r.verdict = "maybe"; },
         "verdict 'maybe'"},
        {"verdict contradicts", [](TwinRunRecord& r, TwinRunResults&) { r.verdict = "pass"; },
         "contradicts its 4 objective verdicts (2 failed)"},
        {"verdict missing", [](TwinRunRecord& r, TwinRunResults&) { r.verdict = ""; },
         "which make it 'fail'"},
        {"unknown sweep", [sweep](TwinRunRecord& r, TwinRunResults&) { r.sweepId = sweep + 100; },
         "no sweep with id " + std::to_string(sweep + 100)},
        {"unknown scenario",
         [this](TwinRunRecord& r, TwinRunResults&)
         {
             r.sweepId = 0;
             r.scenarioId = m_scenario + 100;
         },
         "no scenario with id " + std::to_string(m_scenario + 100)},
        {"sweep of another scenario",
         [otherScenario](TwinRunRecord& r, TwinRunResults&) { r.scenarioId = otherScenario; },
         "is of scenario " + std::to_string(m_scenario)},
        {"sweep without scenario", [](TwinRunRecord& r, TwinRunResults&) { r.scenarioId = 0; },
         "the run names scenario 0"},
        {"event origin",
         [](TwinRunRecord&, TwinRunResults& x) { x.events.back().origin = "operator"; },
         "CHECK constraint failed"},
        {"target kind",
         [](TwinRunRecord&, TwinRunResults& x) { x.verdicts.back().targetKind = "node"; },
         "CHECK constraint failed"},
        {"passed without measurement",
         [](TwinRunRecord&, TwinRunResults& x)
         {
             x.verdicts.back().measured.reset();
             x.verdicts.back().margin.reset();
         },
         "CHECK constraint failed"},
        {"margin without measurement",
         [](TwinRunRecord&, TwinRunResults& x) { x.verdicts.back().measured.reset(); },
         "CHECK constraint failed"},
        {"window ends before it starts",
         [](TwinRunRecord&, TwinRunResults& x) { x.verdicts.back().windowEndSeconds = 1.0; },
         "CHECK constraint failed"},
        {"demand protocol",
         [](TwinRunRecord&, TwinRunResults& x) { x.demands.back().protocol = "sctp"; },
         "CHECK constraint failed"},
        {"duplicate demand result",
         [](TwinRunRecord&, TwinRunResults& x) { x.demands.push_back(x.demands.front()); },
         "UNIQUE constraint failed: run_demands.run_id, run_demands.demand_name"},
        {"duplicate demand sample",
         [](TwinRunRecord&, TwinRunResults& x)
         { x.demandSamples.push_back(x.demandSamples.front()); },
         "UNIQUE constraint failed"},
        {"NaN delay sum",
         [](TwinRunRecord&, TwinRunResults& x)
         { x.demandSamples.back().delaySumSeconds = std::numeric_limits<double>::quiet_NaN(); },
         "is NaN"},
        {"NaN margin",
         [](TwinRunRecord&, TwinRunResults& x)
         { x.verdicts.front().margin = std::numeric_limits<double>::quiet_NaN(); },
         "is NaN"},
    };
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.name);
        TwinRunRecord run = Record(sweep, "fail");
        TwinRunResults results = good;
        c.make(run, results);
        std::string message = ErrorOf([&] { m_store->SaveRun(run, results); });
        EXPECT_NE(message.find(c.message), std::string::npos) << message;
        // Also with the run's own demands: the demand set is rolled back with the run.
        std::vector<TwinDemand> demands = m_network.demands;
        demands.front().rateBps += 1;
        message = ErrorOf([&] { m_store->SaveRun(run, results, demands, "own.csv"); });
        EXPECT_NE(message.find(c.message), std::string::npos) << message;
        EXPECT_EQ(CountRows(m_path), before);
    }
    EXPECT_TRUE(m_store->ListSweepRuns(sweep).empty());

    // And the same write, unchanged, succeeds.
    int64_t id = m_store->SaveRun(Record(sweep, "fail"), good);
    ExpectSameResults(good, m_store->LoadRunResults(id));
}

TEST_F(StoreV2, FailureInTheLastTableRollsBackTheRun)
{
    {
        SqliteDatabase db(m_path);
        db.Execute("CREATE TRIGGER fail_verdict BEFORE INSERT ON run_verdicts "
                   "WHEN NEW.bound = 'min-throughput-bps' "
                   "BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                   "add a failing trigger");
    }
    auto before = CountRows(m_path);
    std::vector<TwinDemand> demands = m_network.demands;
    demands.front().id = "new-demand";
    std::string message = ErrorOf(
        [&]
        { m_store->SaveRun(Record(0, "fail"), WhatIfResults(m_network, 5, true), demands, "x"); });
    EXPECT_NE(message.find("forced failure"), std::string::npos) << message;
    EXPECT_NE(message.find("insert verdict"), std::string::npos) << message;
    EXPECT_EQ(CountRows(m_path), before);
}

TEST_F(StoreV2, ViewsSummariseVerdictsAndDemands)
{
    TwinRunResults results = WhatIfResults(m_network, 3, true);
    int64_t id = m_store->SaveRun(Record(0, "fail"), results);
    SqliteDatabase db(m_path);

    SqliteStatement objectives(db,
                               "SELECT objective, target_kind, target, passed, verdicts, failed, "
                               "worst_element, worst_bound, worst_margin, worst_relative_margin, "
                               "holds_from_s FROM run_verdict_summary WHERE run_id = ? "
                               "ORDER BY first_verdict_id",
                               "read run_verdict_summary");
    objectives.BindInt64(1, id);
    // "sla": the loss bound fails (margin -0.04, relative -4), the delay bound holds.
    ASSERT_TRUE(objectives.Step());
    EXPECT_EQ(objectives.ColumnText(0), "sla");
    EXPECT_EQ(objectives.ColumnText(1), "demand");
    EXPECT_EQ(objectives.ColumnText(2), "video");
    EXPECT_EQ(objectives.ColumnInt64(3), 0);
    EXPECT_EQ(objectives.ColumnInt64(4), 2);
    EXPECT_EQ(objectives.ColumnInt64(5), 1);
    EXPECT_EQ(objectives.ColumnText(6), "video");
    EXPECT_EQ(objectives.ColumnText(7), "max-loss-ratio");
    EXPECT_DOUBLE_EQ(objectives.ColumnDouble(8), *results.verdicts[0].margin);
    EXPECT_DOUBLE_EQ(objectives.ColumnDouble(9), *results.verdicts[0].margin / 0.01);
    EXPECT_TRUE(objectives.IsNull(10)); // the loss bound holds in no final interval
    // "core": the unmeasured link bound ranks worst; grouped apart from "core" on a class.
    ASSERT_TRUE(objectives.Step());
    EXPECT_EQ(objectives.ColumnText(0), "core");
    EXPECT_EQ(objectives.ColumnText(1), "link");
    EXPECT_EQ(objectives.ColumnInt64(3), 0);
    EXPECT_EQ(objectives.ColumnText(7), "max-utilisation");
    EXPECT_TRUE(objectives.IsNull(8));
    EXPECT_TRUE(objectives.IsNull(9));
    ASSERT_TRUE(objectives.Step());
    EXPECT_EQ(objectives.ColumnText(0), "core");
    EXPECT_EQ(objectives.ColumnText(1), "class");
    EXPECT_EQ(objectives.ColumnText(2), "gold");
    EXPECT_EQ(objectives.ColumnInt64(3), 1);
    EXPECT_EQ(objectives.ColumnInt64(5), 0);
    EXPECT_EQ(objectives.ColumnDouble(9), 1.25e6); // zero limit: the margin itself
    EXPECT_EQ(objectives.ColumnDouble(10), 2.0);
    EXPECT_FALSE(objectives.Step());

    SqliteStatement run(db,
                        "SELECT scenario, variant_name, verdict, failed_verdicts, flow_count "
                        "FROM run_summary WHERE id = ?",
                        "read run_summary");
    run.BindInt64(1, id);
    ASSERT_TRUE(run.Step());
    EXPECT_EQ(run.ColumnText(0), "link-failure");
    EXPECT_EQ(run.ColumnText(1), "link-A-B+seed-2");
    EXPECT_EQ(run.ColumnText(2), "fail");
    EXPECT_EQ(run.ColumnInt64(3), 2);
    EXPECT_EQ(run.ColumnInt64(4), 2);
    run.Reset();

    SqliteStatement demands(db,
                            "SELECT demand, source_node, dest_node, protocol, received_ratio, "
                            "transfer_s FROM demand_results WHERE run_id = ? ORDER BY demand",
                            "read demand_results");
    demands.BindInt64(1, id);
    ASSERT_TRUE(demands.Step());
    EXPECT_EQ(demands.ColumnText(0), "backup");
    EXPECT_EQ(demands.ColumnText(1), "C 'quoted' node");
    EXPECT_EQ(demands.ColumnText(3), "tcp");
    EXPECT_DOUBLE_EQ(demands.ColumnDouble(4), 999001.0 / 1000001.0);
    EXPECT_DOUBLE_EQ(demands.ColumnDouble(5), *results.demands[1].completionSeconds - 0.25);
    ASSERT_TRUE(demands.Step());
    EXPECT_EQ(demands.ColumnText(0), "video");
    EXPECT_EQ(demands.ColumnText(2), "C 'quoted' node");
    EXPECT_TRUE(demands.IsNull(5));
    EXPECT_FALSE(demands.Step());

    SqliteStatement series(db,
                           "SELECT time_s, delay_mean_s, delivered_ratio FROM demand_timeseries "
                           "WHERE run_id = ? AND demand = 'backup' ORDER BY time_s",
                           "read demand_timeseries");
    series.BindInt64(1, id);
    std::size_t i = 3; // backup's samples follow video's three
    while (series.Step())
    {
        const TwinDemandSample& s = results.demandSamples.at(i++);
        EXPECT_EQ(series.ColumnDouble(0), s.timeSeconds);
        EXPECT_DOUBLE_EQ(series.ColumnDouble(1),
                         s.delaySumSeconds / static_cast<double>(s.rxPackets));
        EXPECT_DOUBLE_EQ(series.ColumnDouble(2), static_cast<double>(s.deliveredPackets) /
                                                     static_cast<double>(s.txPackets));
    }
    EXPECT_EQ(i, 6u);
}

TEST_F(StoreV2, DeletingASweepOrSnapshotCascades)
{
    int64_t sweep = m_store->CreateSweep(m_scenario, m_snapshot, 2, "run");
    m_store->SaveRun(Record(sweep, "fail"), WhatIfResults(m_network, 3, true));
    int64_t outside = m_store->SaveRun(Record(0, "pass"), WhatIfResults(m_network, 3, false));
    SqliteDatabase db(m_path);
    db.Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
    // A scenario in use cannot be deleted.
    std::string message = ErrorOf([&] { db.Execute("DELETE FROM scenarios", "delete scenarios"); });
    EXPECT_NE(message.find("FOREIGN KEY constraint failed"), std::string::npos) << message;

    SqliteStatement delSweep(db, "DELETE FROM sweeps WHERE id = ?", "delete a sweep");
    delSweep.BindInt64(1, sweep);
    delSweep.Run();
    auto runs = m_store->ListRuns();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].id, outside);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM run_verdicts WHERE run_id <> " +
                                std::to_string(outside),
                            "count verdicts of deleted runs"),
              0);

    db.Execute("DELETE FROM snapshots", "delete the snapshot");
    for (const auto& [table, rows] : CountRows(m_path))
    {
        // Demand sets and scenarios live on their own.
        if (table != "demand_sets" && table != "demands" && table != "scenarios")
        {
            EXPECT_EQ(rows, 0) << table;
        }
    }
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM pragma_foreign_key_check", "check"), 0);
}

TEST(StoreMigration, Version1StoreIsMigratedAndKeepsItsRuns)
{
    TempDir dir;
    std::string path = dir.Path() + "/v1.db";
    CreateVersion1Store(path);
    FillVersion1Store(path);
    auto v1Schema = SchemaOf(path);
    {
        SqliteDatabase db(path);
        ASSERT_EQ(db.QueryInt64("PRAGMA user_version", "version"), 1);
        ASSERT_EQ(db.QueryInt64("SELECT count(*) FROM pragma_table_info('runs') "
                                "WHERE name = 'verdict'",
                                "look for a version 2 column"),
                  0);
    }

    TwinStore store(path);
    ExpectCurrentSchema(path);
    EXPECT_NE(SchemaOf(path), v1Schema);

    auto runs = store.ListRuns();
    ASSERT_EQ(runs.size(), 1u);
    const TwinRunRecord& run = runs[0];
    EXPECT_EQ(run.id, 1);
    EXPECT_EQ(run.snapshotId, 1);
    EXPECT_EQ(run.demandSetId, 1);
    EXPECT_EQ(run.parametersJson, R"({"duration_s":5})");
    EXPECT_EQ(run.runNumber, 3u);
    EXPECT_EQ(run.eventCount, 12345u);
    EXPECT_EQ(run.createdAt, "2026-01-02T03:04:06Z");
    EXPECT_EQ(run.scenarioId, 0);
    EXPECT_EQ(run.sweepId, 0);
    EXPECT_EQ(run.variantName, "");
    EXPECT_EQ(run.verdict, "");

    TwinRunResults results = store.LoadRunResults(1);
    ASSERT_EQ(results.flows.size(), 1u);
    EXPECT_EQ(results.flows[0].demandId, "d1");
    EXPECT_EQ(results.flows[0].rxPackets, 990u);
    ASSERT_EQ(results.links.size(), 2u);
    EXPECT_EQ(results.links[0].linkId, "X->Y");
    ASSERT_EQ(results.samples.size(), 2u);
    EXPECT_EQ(results.samples[1].utilisation, 0.5);
    EXPECT_TRUE(results.demandSamples.empty());
    EXPECT_TRUE(results.demands.empty());
    EXPECT_TRUE(results.events.empty());
    EXPECT_TRUE(results.verdicts.empty());
    TwinNetwork network = store.LoadSnapshot(1);
    EXPECT_EQ(network.name, "old-net");
    EXPECT_EQ(network.links.size(), 2u);
    ASSERT_EQ(network.demands.size(), 1u);

    // The old run shows in the re-created view, and the store takes what-if runs.
    {
        SqliteDatabase db(path);
        EXPECT_EQ(db.QueryText("SELECT network FROM run_summary WHERE id = 1", "read view"),
                  "old-net");
        EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM run_summary WHERE verdict IS NULL AND "
                                "scenario_id IS NULL AND failed_verdicts = 0",
                                "read view"),
                  1);
    }
    int64_t scenario = store.SaveScenario("s", "{}", "json", "s.json", nullptr);
    int64_t sweep = store.CreateSweep(scenario, 1, 1, "run");
    TwinRunRecord next = run;
    next.scenarioId = scenario;
    next.sweepId = sweep;
    next.variantName = "base";
    TwinRunResults whatIf;
    whatIf.demandSamples = {TwinDemandSample{"d1", 1.0, 10, 5400, 9, 4860, 0.02, 9}};
    whatIf.events = {TwinAppliedEvent{0.5, "e", "link-down", "X->Y", "", "scenario"}};
    int64_t id = store.SaveRun(next, whatIf);
    EXPECT_EQ(id, 2);
    ExpectSameResults(whatIf, store.LoadRunResults(id));
    EXPECT_EQ(store.ListSweepRuns(sweep).size(), 1u);
}

TEST(StoreMigration, FailedStepTwoLeavesTheVersion1StoreIntact)
{
    TempDir dir;
    std::string path = dir.Path() + "/clash.db";
    CreateVersion1Store(path);
    FillVersion1Store(path);
    {
        // A table in the way of step 2, after its ALTER TABLE statements.
        SqliteDatabase db(path);
        db.Execute("CREATE TABLE run_events (x)", "add a clashing table");
    }
    auto before = SchemaOf(path);
    std::string message = ErrorOf([&] { TwinStore store(path); });
    EXPECT_NE(message.find("version 2"), std::string::npos) << message;
    EXPECT_NE(message.find("run_events"), std::string::npos) << message;
    EXPECT_EQ(SchemaOf(path), before);
    {
        SqliteDatabase db(path);
        EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), 1);
        EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM runs", "count runs"), 1);
        db.Execute("DROP TABLE run_events", "remove the clash");
    }
    TwinStore store(path);
    EXPECT_EQ(store.ListRuns().size(), 1u);
}

/**
 * Run a body in each of several child processes, started together.
 * @param children number of processes
 * @param dir where the children leave their error messages
 * @param body what child i does; it fails by throwing
 * @return one line per child that failed: its index and error (empty: all succeeded)
 */
std::vector<std::string>
RunChildren(int children, const TempDir& dir, const std::function<void(int)>& body)
{
    int gate[2];
    if (pipe(gate) != 0)
    {
        return {std::string("pipe: ") + std::strerror(errno)};
    }
    std::vector<pid_t> pids;
    for (int i = 0; i < children; ++i)
    {
        pid_t pid = fork();
        if (pid == 0)
        {
            // Child: wait until the parent opens the gate (closes its end), then work.
            close(gate[1]);
            char byte;
            while (read(gate[0], &byte, 1) < 0 && errno == EINTR)
            {
            }
            int status = 0;
            std::string error;
            try
            {
                body(i);
            }
            catch (const std::exception& e)
            {
                error = e.what();
                status = 1;
            }
            if (status != 0)
            {
                std::ofstream(dir.Path() + "/child-" + std::to_string(i) + ".err") << error;
            }
            _exit(status); // no destructors, no gtest teardown in the child
        }
        if (pid < 0)
        {
            ADD_FAILURE() << "fork: " << std::strerror(errno);
            break;
        }
        pids.push_back(pid);
    }
    close(gate[0]);
    close(gate[1]); // all children start now
    std::vector<std::string> failures;
    for (std::size_t i = 0; i < pids.size(); ++i)
    {
        int status = 0;
        if (waitpid(pids[i], &status, 0) != pids[i])
        {
            failures.push_back(std::to_string(i) + ": waitpid: " + std::strerror(errno));
            continue;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        {
            failures.push_back(std::to_string(i) + ": status " + std::to_string(status) + ": " +
                               ReadText(dir.Path() + "/child-" + std::to_string(i) + ".err"));
        }
    }
    return failures;
}

/** Number of child processes of the concurrency tests. */
constexpr int kChildren = 4;
/** Runs each child saves. */
constexpr int kRunsPerChild = 20;

TEST(StoreConcurrency, ProcessesCreateAndFillOneFreshStore)
{
    // As `dtwin run --jobs 4`: every process opens the same new file (the first open creates
    // and migrates it) and saves its runs while the others do.
    TwinNetwork network = FullNetwork();
    for (int round = 0; round < 3; ++round)
    {
        SCOPED_TRACE("round " + std::to_string(round));
        TempDir dir;
        std::string path = dir.Path() + "/shared.db";
        auto failures = RunChildren(
            kChildren, dir,
            [&](int child)
            {
                TwinStore store(path);
                int64_t snapshot = store.SaveSnapshot(network, "net.json", "test", {}, nullptr);
                int64_t scenario =
                    store.SaveScenario("link-failure", kScenarioText, "json", "s.json", nullptr);
                int64_t sweep = store.CreateSweep(scenario, snapshot, kRunsPerChild, "run");
                for (int i = 0; i < kRunsPerChild; ++i)
                {
                    TwinRunRecord run;
                    run.snapshotId = snapshot;
                    run.scenarioId = scenario;
                    run.sweepId = sweep;
                    run.seed = static_cast<uint64_t>(child);
                    run.runNumber = static_cast<uint64_t>(i);
                    run.variantName =
                        "child-" + std::to_string(child) + "-run-" + std::to_string(i);
                    bool fail = i % 2 == 1;
                    run.verdict = fail ? "fail" : "pass";
                    store.SaveRun(run, WhatIfResults(network, 50, fail), network.demands, "jobs");
                }
            });
        for (const auto& f : failures)
        {
            ADD_FAILURE() << "child " << f;
        }

        TwinStore store(path);
        EXPECT_EQ(store.ListSnapshots().size(), 1u);
        auto sweeps = store.ListSweeps();
        ASSERT_EQ(sweeps.size(), static_cast<std::size_t>(kChildren));
        std::set<std::string> variants;
        for (const auto& sweep : sweeps)
        {
            auto runs = store.ListSweepRuns(sweep.id);
            ASSERT_EQ(runs.size(), static_cast<std::size_t>(kRunsPerChild));
            for (const auto& run : runs)
            {
                variants.insert(run.variantName);
                EXPECT_EQ(run.variantName, "child-" + std::to_string(run.seed) + "-run-" +
                                               std::to_string(run.runNumber));
                ExpectSameResults(WhatIfResults(network, 50, run.runNumber % 2 == 1),
                                  store.LoadRunResults(run.id));
            }
        }
        EXPECT_EQ(variants.size(), static_cast<std::size_t>(kChildren * kRunsPerChild));
        auto counts = CountRows(path);
        EXPECT_EQ(counts["scenarios"], 1);
        EXPECT_EQ(counts["demand_sets"], 1);
        EXPECT_EQ(counts["runs"], kChildren * kRunsPerChild);
        SqliteDatabase db(path);
        EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM sweep_summary WHERE stored_runs = "
                                "planned_runs AND passed_runs = failed_runs",
                                "read sweep_summary"),
                  kChildren);
    }
}

TEST(StoreConcurrency, ProcessesOpeningAVersion1StoreMigrateItOnce)
{
    TempDir dir;
    std::string path = dir.Path() + "/v1.db";
    CreateVersion1Store(path);
    FillVersion1Store(path);
    auto failures = RunChildren(kChildren, dir,
                                [&](int child)
                                {
                                    TwinStore store(path);
                                    TwinRunRecord run = *store.FindRun(1);
                                    run.variantName = "child-" + std::to_string(child);
                                    store.SaveRun(run, {});
                                });
    for (const auto& f : failures)
    {
        ADD_FAILURE() << "child " << f;
    }
    TempDir fresh;
    {
        TwinStore created(fresh.Path() + "/new.db");
    }
    EXPECT_EQ(SchemaOf(path), SchemaOf(fresh.Path() + "/new.db"));
    TwinStore store(path);
    EXPECT_EQ(store.ListRuns().size(), 1u + kChildren);
}

} // namespace
} // namespace test
} // namespace ns3
