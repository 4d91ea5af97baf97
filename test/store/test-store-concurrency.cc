/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Threads, each with its own TwinStore on one new file, doing every kind of write and read at
// once: what several processes sharing a store do, at the level of the C++ API.

#include "store-test-data.h"

#include <atomic>
#include <mutex>
#include <thread>

namespace ns3
{
namespace test
{
namespace
{

/** Threads writing at once. */
constexpr int kThreads = 6;
/** Rounds of writes per thread. */
constexpr int kRounds = 6;
/** Flows per traffic set: enough that a writer holds the lock for a while. */
constexpr uint32_t kFlowsPerSet = 2000;

/** @param i an index @return a mapped flow whose fields depend on i */
TwinMappedFlow
Flow(uint32_t i)
{
    TwinMappedFlow m;
    m.flow.ipVersion = 4;
    m.flow.sourceAddress = "10.0.0." + std::to_string(1 + i % 200);
    m.flow.destAddress = "10.0.1." + std::to_string(1 + i % 100);
    m.flow.protocol = 17;
    m.flow.sourcePort = static_cast<uint16_t>(1024 + i);
    m.flow.destPort = 53;
    m.flow.startSeconds = 1700000000.0 + i * 0.001;
    m.flow.endSeconds = m.flow.startSeconds + 1;
    m.flow.bytes = 100 + i;
    m.flow.packets = 1 + i % 7;
    m.sourceNode = "n0";
    m.destNode = "n1";
    m.sourceRule = "snapshot";
    m.destRule = "snapshot";
    return m;
}

/** What one thread saw. */
struct ThreadOutcome
{
    std::set<int64_t> sharedSnapshots; //!< ids SaveSnapshot gave for the shared network
    int sharedCreated{0};              //!< SaveSnapshot calls that stored it (existed false)
    std::set<int64_t> scenarios;       //!< ids SaveScenario gave for the shared text
    std::set<int64_t> demandSets;      //!< demand sets of its runs (same demands every time)
    std::string error;                 //!< the first exception, if any
};

TEST(StoreThreads, EveryKindOfWriteAndReadAtOnceLosesNothing)
{
    TempDir dir;
    const std::string path = dir.Path() + "/twin.db";
    const TwinNetwork shared = RingNetwork(6, "shared");
    const TwinRunResults results = WhatIfResults(shared, 20, false);
    const std::string scenarioText = R"({"scenario":"shared"})";

    std::vector<ThreadOutcome> outcomes(kThreads);
    std::atomic<int> ready{0};
    auto work = [&](int t)
    {
        ThreadOutcome& out = outcomes[t];
        try
        {
            // All threads open the new file together: creation and migration collide too.
            ready.fetch_add(1);
            while (ready.load() < kThreads)
            {
                std::this_thread::yield();
            }
            TwinStore store(path);
            for (int r = 0; r < kRounds; ++r)
            {
                bool existed = true;
                int64_t snapshot = store.SaveSnapshot(shared, "ring.json", "api", {}, &existed);
                out.sharedSnapshots.insert(snapshot);
                out.sharedCreated += existed ? 0 : 1;
                // A network of its own per thread and round.
                store.SaveSnapshot(
                    RingNetwork(3 + r, "own-" + std::to_string(t) + "-" + std::to_string(r)),
                    "own.json", "api", {}, nullptr);
                int64_t scenario =
                    store.SaveScenario("shared", scenarioText, "json", "s.json", nullptr);
                out.scenarios.insert(scenario);
                int64_t sweep = store.CreateSweep(scenario, snapshot, 1, "run");

                TwinRunRecord run;
                run.snapshotId = snapshot;
                run.scenarioId = scenario;
                run.sweepId = sweep;
                run.variantName = "base";
                run.verdict = "pass";
                run.parametersJson = R"({"duration_s":1})";
                run.ns3Version = "3.37";
                int64_t runId = store.SaveRun(run, results, shared.demands, "ring-demands.csv");
                out.demandSets.insert(store.FindRun(runId)->demandSetId);

                // A traffic set every other round, flow by flow in one transaction.
                if ((t + r) % 2 == 0)
                {
                    TwinTrafficSetInfo info;
                    info.snapshotId = snapshot;
                    info.sourcePath = "capture-" + std::to_string(t) + ".pcap";
                    info.format = "pcap";
                    info.contentSha256 = std::string(64, 'a');
                    info.optionsJson = "{}";
                    auto writer = store.BeginTrafficSet(info);
                    TwinTrafficReadStats stats;
                    for (uint32_t i = 0; i < kFlowsPerSet; ++i)
                    {
                        TwinMappedFlow flow = Flow(i);
                        writer->Add(flow);
                        stats.recordsRead += 1;
                        stats.flows += 1;
                        stats.bytes += flow.flow.bytes;
                    }
                    writer->Commit(stats);
                }

                // Reads that span several statements, while the others write.
                ExpectSameNetwork(shared, store.LoadSnapshot(snapshot));
                EXPECT_EQ(store.LoadRunResults(runId).samples.size(), results.samples.size());
                EXPECT_EQ(store.ListSweepRuns(sweep).size(), 1U);
                store.ListRuns();
                store.ListTrafficSets();
            }
        }
        catch (const std::exception& e)
        {
            out.error = e.what();
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
    {
        threads.emplace_back(work, t);
    }
    for (auto& thread : threads)
    {
        thread.join();
    }

    std::set<int64_t> sharedIds;
    std::set<int64_t> scenarioIds;
    std::set<int64_t> demandSetIds;
    int created = 0;
    for (int t = 0; t < kThreads; ++t)
    {
        EXPECT_EQ(outcomes[t].error, "") << "thread " << t;
        sharedIds.insert(outcomes[t].sharedSnapshots.begin(), outcomes[t].sharedSnapshots.end());
        scenarioIds.insert(outcomes[t].scenarios.begin(), outcomes[t].scenarios.end());
        demandSetIds.insert(outcomes[t].demandSets.begin(), outcomes[t].demandSets.end());
        created += outcomes[t].sharedCreated;
    }
    // Identical content is stored once, by exactly one of the writers.
    EXPECT_EQ(sharedIds.size(), 1U);
    EXPECT_EQ(created, 1);
    EXPECT_EQ(scenarioIds.size(), 1U);
    EXPECT_EQ(demandSetIds.size(), 1U);

    auto rows = CountRows(path);
    const int64_t writes = kThreads * kRounds;
    EXPECT_EQ(rows["snapshots"], 1 + writes);
    EXPECT_EQ(rows["scenarios"], 1);
    EXPECT_EQ(rows["sweeps"], writes);
    EXPECT_EQ(rows["runs"], writes);
    EXPECT_EQ(rows["run_link_samples"], writes * static_cast<int64_t>(results.samples.size()));
    EXPECT_EQ(rows["run_verdicts"], writes * static_cast<int64_t>(results.verdicts.size()));
    EXPECT_EQ(rows["traffic_sets"], writes / 2);
    EXPECT_EQ(rows["traffic_flows"], writes / 2 * kFlowsPerSet);
    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryText("PRAGMA integrity_check", "integrity check"), "ok");
    EXPECT_EQ(db.QueryInt64("SELECT COUNT(*) FROM pragma_foreign_key_check", "foreign keys"), 0);
}

TEST(StoreThreads, WriterQueuesBehindALongTrafficImportAndIsToldWhy)
{
    TempDir dir;
    const std::string path = dir.Path() + "/twin.db";
    TwinStore importer(path);
    const TwinNetwork network = RingNetwork(4, "ring");
    int64_t snapshot = importer.SaveSnapshot(network, "ring.json", "api", {}, nullptr);

    TwinStore other(path);
    std::vector<double> notices;
    other.SetLockWaitNotice([&](double waited) { notices.push_back(waited); },
                            std::chrono::milliseconds(200));
    TwinTrafficSetInfo info;
    info.snapshotId = snapshot;
    info.sourcePath = "big.pcap";
    info.format = "pcap";
    info.contentSha256 = std::string(64, 'b');
    auto writer = importer.BeginTrafficSet(info);
    std::atomic<bool> saved{false};
    std::string error;
    std::thread run(
        [&]()
        {
            try
            {
                TwinRunRecord record;
                record.snapshotId = snapshot;
                other.SaveRun(record, SampleResults(network, 5));
                saved = true;
            }
            catch (const std::exception& e)
            {
                error = e.what();
            }
        });
    // The import keeps streaming for a second: the run waits for it, it does not fail.
    TwinTrafficReadStats stats;
    for (uint32_t i = 0; i < 100; ++i)
    {
        TwinMappedFlow flow = Flow(i);
        writer->Add(flow);
        stats.recordsRead += 1;
        stats.flows += 1;
        stats.bytes += flow.flow.bytes;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_FALSE(saved.load());
    writer->Commit(stats);
    run.join();
    EXPECT_EQ(error, "");
    EXPECT_TRUE(saved.load());
    ASSERT_FALSE(notices.empty()) << "a wait of a second is reported after 200 ms";
    EXPECT_GE(notices.front(), 0.2);
    EXPECT_EQ(importer.ListRuns().size(), 1U);
    EXPECT_EQ(importer.ListTrafficSets().size(), 1U);
}

TEST(StoreThreads, WriteLockWaitThatRunsOutSaysWhatHappened)
{
    TempDir dir;
    const std::string path = dir.Path() + "/twin.db";
    TwinStore store(path);
    SqliteDatabase holder(path);
    holder.Execute("BEGIN IMMEDIATE", "take the write lock");
    SqliteDatabase writer(path);
    int notices = 0;
    writer.SetBusyWait(
        300, [&](double) { ++notices; }, 100);
    std::string message = ErrorOf(
        [&] { SqliteTransaction t(writer, "save it", SqliteTransaction::Mode::Immediate); });
    EXPECT_NE(message.find("twin store '" + path +
                           "': save it: another process kept the store's "
                           "write lock for more than 300 ms"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("nothing was written"), std::string::npos) << message;
    EXPECT_EQ(message.find("database is locked"), std::string::npos) << message;
    EXPECT_EQ(notices, 1);
    holder.Execute("COMMIT", "release the write lock");
    // Once released, the same connection writes.
    SqliteTransaction t(writer, "save it", SqliteTransaction::Mode::Immediate);
    t.Commit();
}

} // namespace
} // namespace test
} // namespace ns3
