/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Runs and their results: round trip, atomic write-back, views, several connections.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <gtest/gtest.h>
#include <limits>
#include <mutex>
#include <regex>
#include <thread>

namespace ns3
{
namespace test
{
namespace
{

/** A store with the full network saved as snapshot m_snapshot. */
class StoreRuns : public SavedNetworkFixture
{
protected:
    /** @return a completed run record of the snapshot with its demand set */
    TwinRunRecord Record() const
    {
        TwinRunRecord run;
        run.id = 777;                // ignored by SaveRun
        run.createdAt = "yesterday"; // ignored by SaveRun
        run.snapshotId = m_snapshot;
        run.demandSetId = m_demandSet;
        run.parametersJson = R"({"duration_s":10,"queue":"fifo"})";
        run.seed = 12345;
        run.runNumber = 7;
        run.ns3Version = "3.37";
        run.wallSeconds = 1.25;
        run.simulatedSeconds = 10.0;
        run.eventCount = 9876543210ULL;
        run.status = "completed";
        return run;
    }

    /** @return rows in the four run tables together */
    int64_t RunRows() const
    {
        auto counts = CountRows(m_path);
        return counts["runs"] + counts["run_flows"] + counts["run_links"] +
               counts["run_link_samples"];
    }
};

TEST_F(StoreRuns, RunRoundTrip)
{
    TwinRunResults results = SampleResults(m_network, 25);
    int64_t id = m_store->SaveRun(Record(), results);
    EXPECT_GT(id, 0);
    EXPECT_NE(id, 777);

    auto run = m_store->FindRun(id);
    ASSERT_TRUE(run.has_value());
    TwinRunRecord expected = Record();
    EXPECT_EQ(run->id, id);
    EXPECT_EQ(run->snapshotId, expected.snapshotId);
    EXPECT_EQ(run->demandSetId, expected.demandSetId);
    EXPECT_EQ(run->parametersJson, expected.parametersJson);
    EXPECT_EQ(run->seed, expected.seed);
    EXPECT_EQ(run->runNumber, expected.runNumber);
    EXPECT_EQ(run->ns3Version, expected.ns3Version);
    EXPECT_EQ(run->wallSeconds, expected.wallSeconds);
    EXPECT_EQ(run->simulatedSeconds, expected.simulatedSeconds);
    EXPECT_EQ(run->eventCount, expected.eventCount);
    EXPECT_EQ(run->status, expected.status);
    EXPECT_TRUE(std::regex_match(run->createdAt, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
        << run->createdAt;

    ExpectSameResults(results, m_store->LoadRunResults(id));
    // And through another connection.
    TwinStore other(m_path);
    ExpectSameResults(results, other.LoadRunResults(id));

    auto counts = CountRows(m_path);
    EXPECT_EQ(counts["run_flows"], static_cast<int64_t>(results.flows.size()));
    EXPECT_EQ(counts["run_links"], static_cast<int64_t>(results.links.size()));
    EXPECT_EQ(counts["run_link_samples"], 25 * static_cast<int64_t>(m_network.links.size()));
}

TEST_F(StoreRuns, ListFindAndUnknownIds)
{
    TwinRunRecord first = Record();
    TwinRunRecord second = Record();
    second.demandSetId = 0; // no demand set
    second.status = "failed";
    second.parametersJson = ""; // stored as an empty object
    int64_t a = m_store->SaveRun(first, SampleResults(m_network, 1));
    int64_t b = m_store->SaveRun(second, {});

    auto runs = m_store->ListRuns();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].id, a);
    EXPECT_EQ(runs[1].id, b);
    EXPECT_EQ(runs[1].demandSetId, 0);
    EXPECT_EQ(runs[1].status, "failed");
    EXPECT_EQ(runs[1].parametersJson, "{}");
    TwinRunResults none = m_store->LoadRunResults(b);
    EXPECT_TRUE(none.flows.empty() && none.links.empty() && none.samples.empty());

    EXPECT_FALSE(m_store->FindRun(b + 1).has_value());
    std::string message = ErrorOf([&] { m_store->LoadRunResults(b + 1); });
    EXPECT_NE(message.find("no run with id " + std::to_string(b + 1)), std::string::npos)
        << message;
}

TEST_F(StoreRuns, InvalidRecordsAreRefused)
{
    TwinRunRecord run = Record();
    run.parametersJson = "[1, 2]";
    std::string message = ErrorOf([&] { m_store->SaveRun(run, {}); });
    EXPECT_NE(message.find("not a JSON object"), std::string::npos) << message;
    run.parametersJson = "{broken";
    EXPECT_THROW(m_store->SaveRun(run, {}), TwinStoreError);

    run = Record();
    run.status = "running";
    message = ErrorOf([&] { m_store->SaveRun(run, {}); });
    EXPECT_NE(message.find("CHECK constraint failed"), std::string::npos) << message;
    EXPECT_EQ(RunRows(), 0);
}

TEST_F(StoreRuns, FailedWriteBackLeavesNothing)
{
    TwinRunResults results = SampleResults(m_network, 10);

    // A link that is not in the snapshot, after flows and some link results were written.
    TwinRunResults unknownLink = results;
    unknownLink.links[2].linkId = "no-such-link";
    std::string message = ErrorOf([&] { m_store->SaveRun(Record(), unknownLink); });
    EXPECT_NE(message.find("no-such-link"), std::string::npos) << message;
    EXPECT_EQ(RunRows(), 0);

    // NaN in the last flow: SQLite would store NULL, the store refuses.
    TwinRunResults nan = results;
    nan.flows.back().jitterMeanSeconds = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(m_store->SaveRun(Record(), nan), TwinStoreError);
    EXPECT_EQ(RunRows(), 0);

    // A duplicate flow id violates the unique key.
    TwinRunResults duplicate = results;
    duplicate.flows.push_back(duplicate.flows.front());
    message = ErrorOf([&] { m_store->SaveRun(Record(), duplicate); });
    EXPECT_NE(message.find("UNIQUE constraint failed"), std::string::npos) << message;
    EXPECT_EQ(RunRows(), 0);

    {
        // A trigger added through another connection fails the write-back half-way
        // through the samples, the last table written.
        SqliteDatabase db(m_path);
        db.Execute("CREATE TRIGGER fail_sample BEFORE INSERT ON run_link_samples "
                   "WHEN NEW.time_s > 0.55 BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                   "add a failing trigger");
    }
    message = ErrorOf([&] { m_store->SaveRun(Record(), results); });
    EXPECT_NE(message.find("forced failure"), std::string::npos) << message;
    EXPECT_EQ(RunRows(), 0);
    EXPECT_TRUE(m_store->ListRuns().empty());

    {
        SqliteDatabase db(m_path);
        db.Execute("DROP TRIGGER fail_sample", "remove the trigger");
    }
    int64_t id = m_store->SaveRun(Record(), results);
    ExpectSameResults(results, m_store->LoadRunResults(id));
}

TEST_F(StoreRuns, ViewsJoinNames)
{
    TwinRunResults results = SampleResults(m_network, 4);
    int64_t id = m_store->SaveRun(Record(), results);
    SqliteDatabase db(m_path);

    SqliteStatement flows(db,
                          "SELECT demand, source_node, dest_node, protocol, offered_bps, "
                          "rx_packets FROM flow_results WHERE run_id = ? ORDER BY flow_id",
                          "read flow_results");
    flows.BindInt64(1, id);
    ASSERT_TRUE(flows.Step());
    EXPECT_EQ(flows.ColumnText(0), "video");
    EXPECT_EQ(flows.ColumnText(1), "A");
    EXPECT_EQ(flows.ColumnText(2), "C 'quoted' node");
    EXPECT_EQ(flows.ColumnText(3), "udp");
    EXPECT_EQ(flows.ColumnDouble(4), m_network.demands[0].rateBps);
    EXPECT_EQ(flows.ColumnUint64(5), results.flows[0].rxPackets);
    ASSERT_TRUE(flows.Step());
    EXPECT_EQ(flows.ColumnText(0), "backup");
    EXPECT_EQ(flows.ColumnText(1), "C 'quoted' node");
    EXPECT_EQ(flows.ColumnText(2), "A");
    EXPECT_EQ(flows.ColumnText(3), "tcp");
    EXPECT_FALSE(flows.Step());

    SqliteStatement summary(db,
                            "SELECT network, flow_count, rx_packets, lost_packets, "
                            "peak_utilisation FROM run_summary WHERE id = ?",
                            "read run_summary");
    summary.BindInt64(1, id);
    ASSERT_TRUE(summary.Step());
    EXPECT_EQ(summary.ColumnText(0), m_network.name);
    EXPECT_EQ(summary.ColumnInt64(1), 2);
    EXPECT_EQ(summary.ColumnDouble(2),
              static_cast<double>(results.flows[0].rxPackets + results.flows[1].rxPackets));
    EXPECT_EQ(summary.ColumnDouble(3), 20.0);
    double peak = 0;
    for (const auto& l : results.links)
    {
        peak = std::max(peak, l.peakUtilisation);
    }
    EXPECT_EQ(summary.ColumnDouble(4), peak);
    summary.Reset();

    SqliteStatement links(db,
                          "SELECT link, source_node, dest_node, capacity_bps, tx_bytes "
                          "FROM link_results WHERE run_id = ? ORDER BY link",
                          "read link_results");
    links.BindInt64(1, id);
    int rows = 0;
    while (links.Step())
    {
        const TwinLink* l = nullptr;
        for (const auto& candidate : m_network.links)
        {
            if (candidate.id == links.ColumnText(0))
            {
                l = &candidate;
            }
        }
        ASSERT_NE(l, nullptr) << links.ColumnText(0);
        EXPECT_EQ(links.ColumnText(1), l->sourceNode);
        EXPECT_EQ(links.ColumnText(2), l->destNode);
        EXPECT_EQ(links.ColumnUint64(3), l->capacityBps);
        ++rows;
    }
    EXPECT_EQ(rows, 4);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM link_utilisation WHERE source_node = 'A'",
                            "count samples of A"),
              4);
}

TEST_F(StoreRuns, TwoConnectionsWriteAlternately)
{
    TwinStore second(m_path);
    TwinNetwork ring = RingNetwork(6, "ring-6");
    int64_t ringId = second.SaveSnapshot(ring, "ring.gml", "gml", {}, nullptr);
    // Each connection sees what the other committed.
    EXPECT_EQ(m_store->ListSnapshots().size(), 2u);
    ExpectSameNetwork(ring, m_store->LoadSnapshot(ringId));

    TwinRunRecord run = Record();
    run.snapshotId = ringId;
    run.demandSetId = m_store->FindSnapshot(std::to_string(ringId))->demandSetId;
    int64_t a = m_store->SaveRun(run, SampleResults(ring, 3));
    int64_t b = second.SaveRun(Record(), SampleResults(m_network, 2));
    int64_t c = m_store->SaveRun(Record(), {});
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    ASSERT_EQ(second.ListRuns().size(), 3u);
    ExpectSameResults(SampleResults(ring, 3), second.LoadRunResults(a));
    ExpectSameResults(SampleResults(m_network, 2), m_store->LoadRunResults(b));

    // Saving the same network again through the other connection finds it.
    bool existed = false;
    EXPECT_EQ(second.SaveSnapshot(FullNetwork(), "x", "y", {}, &existed), m_snapshot);
    EXPECT_TRUE(existed);
}

TEST_F(StoreRuns, ConcurrentWritersWaitForEachOther)
{
    // Two threads, each with its own connection, write at the same time; the busy timeout
    // serialises them instead of failing.
    constexpr int kRunsPerWriter = 15;
    TwinRunResults results = SampleResults(m_network, 50);
    std::atomic<int> failures{0};
    std::string firstError;
    std::mutex errorMutex;
    auto writer = [&]()
    {
        try
        {
            TwinStore store(m_path);
            for (int i = 0; i < kRunsPerWriter; ++i)
            {
                store.SaveRun(Record(), results);
                store.ListSnapshots();
            }
        }
        catch (const std::exception& e)
        {
            ++failures;
            std::lock_guard<std::mutex> lock(errorMutex);
            firstError = e.what();
        }
    };
    std::thread t1(writer);
    std::thread t2(writer);
    t1.join();
    t2.join();
    EXPECT_EQ(failures.load(), 0) << firstError;
    auto runs = m_store->ListRuns();
    ASSERT_EQ(runs.size(), 2u * kRunsPerWriter);
    for (const auto& run : runs)
    {
        EXPECT_EQ(m_store->LoadRunResults(run.id).samples.size(), results.samples.size());
    }
}

TEST_F(StoreRuns, DeletingASnapshotCascades)
{
    // What a person does in the sqlite3 shell (with foreign keys on, as doc/store.md says).
    int64_t run = m_store->SaveRun(Record(), SampleResults(m_network, 5));
    EXPECT_GT(run, 0);
    {
        SqliteDatabase db(m_path);
        db.Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
        SqliteStatement del(db, "DELETE FROM snapshots WHERE id = ?", "delete a snapshot");
        del.BindInt64(1, m_snapshot);
        del.Run();
        EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM pragma_foreign_key_check", "check"), 0);
    }
    auto counts = CountRows(m_path);
    for (const auto& [table, rows] : counts)
    {
        // Demand sets live on their own: they may serve other snapshots.
        if (table != "demand_sets" && table != "demands")
        {
            EXPECT_EQ(rows, 0) << table;
        }
    }
    EXPECT_EQ(counts["demand_sets"], 1);
}

} // namespace
} // namespace test
} // namespace ns3
