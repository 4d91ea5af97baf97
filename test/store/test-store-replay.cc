/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Schema step 4, run side: the traffic set a run replayed (runs.traffic_set_id) and its
// replayed flows (run_replay_flows, view replay_flows).

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"
#include "ns3/twin-traffic.h"

#include <cmath>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/**
 * A mapped UDP flow from node A to node B.
 * @param i its index (every field depends on it)
 * @return the flow
 */
TwinMappedFlow
Flow(uint32_t i)
{
    TwinMappedFlow m;
    m.flow.sourceAddress = "10.1.0." + std::to_string(i + 1);
    m.flow.destAddress = "10.2.0." + std::to_string(i + 1);
    m.flow.protocol = 17;
    m.flow.sourcePort = static_cast<uint16_t>(5000 + i);
    m.flow.destPort = 53;
    m.flow.startSeconds = 1800000000.0 + i;
    m.flow.endSeconds = m.flow.startSeconds + 2.0;
    m.flow.bytes = 10000 * (i + 1);
    m.flow.packets = 10 * (i + 1);
    m.flow.source.file = "cap.pcap";
    m.flow.source.line = i + 1;
    m.sourceNode = "A";
    m.destNode = "B";
    m.sourceRule = "snapshot";
    m.destRule = "snapshot";
    return m;
}

/** Runs that replay a traffic set of the saved snapshot. */
class StoreReplay : public SavedNetworkFixture
{
protected:
    /** Save the network and a traffic set of three flows. */
    void SetUp() override
    {
        SavedNetworkFixture::SetUp();
        m_set = StoreSet(m_snapshot);
        m_store->ForEachTrafficFlow(m_set, [this](const TwinMappedFlow& f)
                                    { m_flowIds.push_back(f.flowId); });
        ASSERT_EQ(m_flowIds.size(), 3u);
    }

    /**
     * @param snapshot the snapshot the set is mapped on
     * @return the id of a new set of three flows
     */
    int64_t StoreSet(int64_t snapshot)
    {
        TwinTrafficSetInfo info;
        info.snapshotId = snapshot;
        info.sourcePath = "cap.pcap";
        info.format = "pcap";
        info.contentSha256 = std::string(64, 'a');
        info.optionsJson = "{}";
        auto writer = m_store->BeginTrafficSet(info);
        TwinTrafficReadStats stats;
        for (uint32_t i = 0; i < 3; ++i)
        {
            TwinMappedFlow f = Flow(i);
            writer->Add(f);
            stats.recordsRead += f.flow.packets;
            stats.flows += 1;
            stats.bytes += f.flow.bytes;
        }
        return writer->Commit(stats);
    }

    /** @return a run record of the snapshot that replays the set */
    TwinRunRecord Record() const
    {
        TwinRunRecord run;
        run.snapshotId = m_snapshot;
        run.parametersJson = R"({"duration_s":10})";
        run.ns3Version = "3.37";
        run.simulatedSeconds = 10;
        run.trafficSetId = m_set;
        return run;
    }

    /** @return results whose first demands replay the three flows (one as a copy) */
    TwinRunResults Results() const
    {
        TwinRunResults results = WhatIfResults(m_network, 2, false);
        results.verdicts.clear();
        // A third demand: the copy of the first flow.
        TwinDemandResult copy = results.demands.at(0);
        copy.demandId += "#1";
        copy.receivedBytes += 11;
        results.demands.push_back(copy);
        const char* modes[] = {"packets", "rate", "tcp"};
        for (uint32_t i = 0; i < 3; ++i)
        {
            TwinReplayedFlow r;
            r.demandId = results.demands.at(i).demandId;
            r.flowId = m_flowIds[i == 2 ? 0 : i];
            r.copy = i == 2 ? 1 : 0;
            r.mode = modes[i];
            r.recordedStartSeconds = 0.25 * i;
            r.recordedDurationSeconds = 2.0 + i;
            r.recordedBytes = 10000 * (i + 1) + 7;
            r.recordedPackets = 10 * (i + 1) + 3;
            results.replayed.push_back(r);
        }
        return results;
    }

    int64_t m_set{0};               //!< the stored traffic set
    std::vector<int64_t> m_flowIds; //!< its flow ids, in start order
};

TEST_F(StoreReplay, ReplayedFlowsAndTrafficSetRoundTrip)
{
    TwinRunResults results = Results();
    int64_t runId = m_store->SaveRun(Record(), results);

    auto found = m_store->FindRun(runId);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->trafficSetId, m_set);
    ASSERT_EQ(m_store->ListRuns().size(), 1u);
    EXPECT_EQ(m_store->ListRuns()[0].trafficSetId, m_set);
    ExpectSameResults(results, m_store->LoadRunResults(runId));

    // A run without traffic keeps a NULL set and no replayed flows.
    TwinRunRecord plain = Record();
    plain.trafficSetId = 0;
    TwinRunResults none = WhatIfResults(m_network, 1, false);
    none.verdicts.clear();
    int64_t plainId = m_store->SaveRun(plain, none);
    EXPECT_EQ(m_store->FindRun(plainId)->trafficSetId, 0);
    EXPECT_TRUE(m_store->LoadRunResults(plainId).replayed.empty());
}

TEST_F(StoreReplay, ViewJoinsTheRecordedFlowAndTheDemandResult)
{
    TwinRunResults results = Results();
    int64_t runId = m_store->SaveRun(Record(), results);
    SqliteDatabase db(m_path);
    SqliteStatement select(db,
                           "SELECT demand, flow_id, set_id, mode, source_address, dest_port, "
                           "source_node, recorded_throughput_bps, received_bytes "
                           "FROM replay_flows WHERE run_id = ? ORDER BY recorded_start_s",
                           "read the view");
    select.BindInt64(1, runId);
    for (uint32_t i = 0; i < 3; ++i)
    {
        ASSERT_TRUE(select.Step()) << i;
        const TwinReplayedFlow& r = results.replayed[i];
        EXPECT_EQ(select.ColumnText(0), r.demandId);
        EXPECT_EQ(select.ColumnInt64(1), r.flowId);
        EXPECT_EQ(select.ColumnInt64(2), m_set);
        EXPECT_EQ(select.ColumnText(3), r.mode);
        uint32_t flow = i == 2 ? 0 : i;
        EXPECT_EQ(select.ColumnText(4), Flow(flow).flow.sourceAddress);
        EXPECT_EQ(select.ColumnInt64(5), 53);
        EXPECT_EQ(select.ColumnText(6), "A");
        EXPECT_DOUBLE_EQ(select.ColumnDouble(7), r.recordedBytes * 8.0 / r.recordedDurationSeconds);
        EXPECT_EQ(select.ColumnUint64(8), results.demands[i].receivedBytes);
    }
    EXPECT_FALSE(select.Step());
}

TEST_F(StoreReplay, InvalidReplayedFlowsStoreNothing)
{
    int64_t otherSnapshot =
        m_store->SaveSnapshot(RingNetwork(3, "ring"), "ring.gml", "gml", {}, nullptr);
    int64_t otherSet = StoreSet(otherSnapshot);
    int64_t sameSnapshotSet = StoreSet(m_snapshot);
    int64_t foreignFlow = 0;
    m_store->ForEachTrafficFlow(sameSnapshotSet, [&foreignFlow](const TwinMappedFlow& f)
                                { foreignFlow = f.flowId; });
    ASSERT_NE(foreignFlow, 0);

    struct Case
    {
        std::string name;                                          //!< what is wrong
        std::function<void(TwinRunRecord&, TwinRunResults&)> make; //!< makes it wrong
        std::string message;                                       //!< part of the error
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<Case> cases = {
        {"unknown demand",
         [](TwinRunRecord&, TwinRunResults& s) { s.replayed[0].demandId = "nobody"; },
         "no such demand"},
        {"demand twice",
         [](TwinRunRecord&, TwinRunResults& s) { s.replayed[1].demandId = s.replayed[0].demandId; },
         "replays two flows"},
        {"mode", [](TwinRunRecord&, TwinRunResults& s) { s.replayed[0].mode = "burst"; },
         "mode 'burst'"},
        {"negative duration",
         [](TwinRunRecord&, TwinRunResults& s) { s.replayed[1].recordedDurationSeconds = -1; },
         "not negative"},
        {"NaN start",
         [nan](TwinRunRecord&, TwinRunResults& s) { s.replayed[2].recordedStartSeconds = nan; },
         "finite"},
        {"negative flow id", [](TwinRunRecord&, TwinRunResults& s) { s.replayed[0].flowId = -4; },
         "negative"},
        {"flow without set", [](TwinRunRecord& r, TwinRunResults&) { r.trafficSetId = 0; },
         "names no traffic set"},
        {"unknown set", [this](TwinRunRecord& r, TwinRunResults&) { r.trafficSetId = m_set + 99; },
         "no traffic set with id"},
        {"flow of another set",
         [foreignFlow](TwinRunRecord&, TwinRunResults& s) { s.replayed[1].flowId = foreignFlow; },
         "not " + std::to_string(m_set)},
        {"unknown flow", [](TwinRunRecord&, TwinRunResults& s) { s.replayed[1].flowId = 1000000; },
         "not stored"},
        {"count out of range",
         [](TwinRunRecord&, TwinRunResults& s)
         { s.replayed[0].recordedBytes = std::numeric_limits<uint64_t>::max(); },
         "exceeds"},
    };
    auto before = CountRows(m_path);
    for (const auto& c : cases)
    {
        SCOPED_TRACE(c.name);
        TwinRunRecord record = Record();
        TwinRunResults results = Results();
        c.make(record, results);
        std::string error = ErrorOf([&]() { m_store->SaveRun(record, results); });
        EXPECT_NE(error.find(c.message), std::string::npos) << error;
        EXPECT_EQ(CountRows(m_path), before);
    }
    // The valid version of the same run saves.
    EXPECT_GT(m_store->SaveRun(Record(), Results()), 0);
    // A set of another snapshot may be named (a variant simulates a changed copy of the set's
    // snapshot), but then its flows must be that set's.
    TwinRunRecord record = Record();
    record.trafficSetId = otherSet;
    TwinRunResults results = Results();
    EXPECT_NE(ErrorOf([&]() { m_store->SaveRun(record, results); }).find("which is of"),
              std::string::npos);
    for (auto& r : results.replayed)
    {
        r.flowId = 0;
    }
    EXPECT_GT(m_store->SaveRun(record, results), 0);
}

TEST_F(StoreReplay, DeletingARunOrItsTrafficSetCascades)
{
    int64_t kept = m_store->SaveRun(Record(), Results());
    int64_t dropped = m_store->SaveRun(Record(), Results());
    SqliteDatabase db(m_path);
    db.Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
    auto replayRows = [&db](int64_t run)
    {
        return db.QueryInt64("SELECT count(*) FROM run_replay_flows WHERE run_id = " +
                                 std::to_string(run),
                             "count replayed flows");
    };
    EXPECT_EQ(replayRows(dropped), 3);
    db.Execute("DELETE FROM runs WHERE id = " + std::to_string(dropped), "delete a run");
    EXPECT_EQ(replayRows(dropped), 0);
    EXPECT_EQ(replayRows(kept), 3);

    // Deleting the traffic set keeps the run and what it recorded, without the flow link.
    db.Execute("DELETE FROM traffic_sets WHERE id = " + std::to_string(m_set),
               "delete the traffic set");
    auto run = m_store->FindRun(kept);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->trafficSetId, 0);
    TwinRunResults loaded = m_store->LoadRunResults(kept);
    TwinRunResults expected = Results();
    ASSERT_EQ(loaded.replayed.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
    {
        EXPECT_EQ(loaded.replayed[i].flowId, 0);
        EXPECT_EQ(loaded.replayed[i].demandId, expected.replayed[i].demandId);
        EXPECT_EQ(loaded.replayed[i].recordedBytes, expected.replayed[i].recordedBytes);
    }
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM replay_flows WHERE run_id = " +
                                std::to_string(kept) + " AND source_address IS NULL",
                            "read the view"),
              3);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM pragma_foreign_key_check", "check"), 0);
}

TEST(StoreMigrationV4, Version3RunsReadBackWithoutReplayAndNewRunsReplay)
{
    TempDir dir;
    std::string path = dir.Path() + "/v3.db";
    {
        // A version 3 store as a version 3 build made it, with a run and a traffic set.
        std::string steps =
            MigrationStepSql(1) + ";" + MigrationStepSql(2) + ";" + MigrationStepSql(3);
        SqliteDatabase db(path);
        db.Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
        db.Execute("BEGIN IMMEDIATE;" + steps + ";PRAGMA application_id = " +
                       std::to_string(0x4454574E) + "; PRAGMA user_version = 3; COMMIT",
                   "create a version 3 store");
        db.Execute(R"sql(
BEGIN;
INSERT INTO snapshots (id, content_hash, name, source, importer, created_at)
    VALUES (1, 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', 'v3-net',
            'v3.gml', 'gml', '2026-05-01T00:00:00Z');
INSERT INTO runs (id, snapshot_id, parameters_json, seed, run_number, ns3_version, wall_s,
                  simulated_s, event_count, status, created_at)
    VALUES (1, 1, '{}', 1, 1, '3.37', 0.5, 10.0, 77, 'completed', '2026-05-01T00:00:01Z');
INSERT INTO run_demands (run_id, demand_name, protocol, start_s, offered_bytes,
                         received_bytes)
    VALUES (1, 'd', 'udp', 0, 1000, 900);
INSERT INTO traffic_sets (id, snapshot_id, source_path, format, content_sha256, anonymised,
                          options_json, records_read, records_skipped, flows, bytes)
    VALUES (1, 1, 'c.pcap', 'pcap',
            'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 0, '{}', 2, 0,
            1, 1000);
INSERT INTO traffic_flows (id, set_id, ip_version, source_address, dest_address, protocol,
                           source_port, dest_port, start_s, end_s, bytes, packets, tcp_flags,
                           sampling_interval, scaled, ingress_interface, source_node,
                           dest_node, source_rule, dest_rule)
    VALUES (1, 1, 4, '10.0.0.1', '10.0.0.2', 17, 1, 2, 100, 101, 1000, 2, 0, 1, 0, 0, 'X',
            'Y', 'snapshot', 'snapshot');
COMMIT;
)sql",
                   "fill a version 3 store");
    }
    TwinStore store(path);
    auto run = store.FindRun(1);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->trafficSetId, 0);
    EXPECT_EQ(run->eventCount, 77u);
    EXPECT_TRUE(store.LoadRunResults(1).replayed.empty());

    // The migrated store takes a replay of its old traffic set.
    TwinRunRecord replay = *run;
    replay.trafficSetId = 1;
    TwinRunResults results;
    TwinDemandResult demand;
    demand.demandId = "t-udp-X-Y-1";
    demand.protocol = "udp";
    results.demands.push_back(demand);
    TwinReplayedFlow flow;
    flow.demandId = demand.demandId;
    flow.flowId = 1;
    flow.mode = "rate";
    flow.recordedDurationSeconds = 1;
    flow.recordedBytes = 1000;
    flow.recordedPackets = 2;
    results.replayed.push_back(flow);
    int64_t id = store.SaveRun(replay, results);
    EXPECT_EQ(store.FindRun(id)->trafficSetId, 1);
    ASSERT_EQ(store.LoadRunResults(id).replayed.size(), 1u);
    EXPECT_EQ(store.LoadRunResults(id).replayed[0].flowId, 1);
}

} // namespace
} // namespace test
} // namespace ns3
