/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sim-test-networks.h"
#include "test-util.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ns3
{
namespace test
{
namespace
{

class DigitalTwinHelperTest : public SimTest
{
};

/** @return a small ring with default demands */
TwinNetwork
Ring()
{
    NetworkBuilder nb("ring4");
    nb.Node("ATLA").Node("CHIN").Node("DNVR").Node("HSTN");
    nb.Link("ATLA", "CHIN").Link("CHIN", "DNVR").Link("DNVR", "HSTN").Link("HSTN", "ATLA");
    nb.Udp("d1", "ATLA", "DNVR", 2e6, 0.1);
    nb.Tcp("d2", "HSTN", "CHIN", 50000, 0.2);
    return nb.Get();
}

TEST_F(DigitalTwinHelperTest, StoreRoundTrip)
{
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    bool existed = true;
    int64_t snapshotId = store.SaveSnapshot(Ring(), "ring.json", "test", {}, &existed);
    ASSERT_FALSE(existed);
    auto info = store.FindSnapshot(std::to_string(snapshotId));
    ASSERT_TRUE(info);

    DigitalTwinHelper twin;
    // By hash prefix.
    twin.LoadSnapshot(store, info->contentHash.substr(0, 8));
    EXPECT_EQ(twin.GetSnapshotId(), snapshotId);
    EXPECT_EQ(twin.GetNetwork().nodes.size(), 4u);
    TwinRunOptions options;
    options.duration = Seconds(1);
    options.seed = 3;
    options.runNumber = 4;
    options.sampleInterval = MilliSeconds(250);
    options.parametersJson = R"({"experiment":"unit-test"})";
    twin.SetRunOptions(options);
    NodeContainer nodes = twin.Build();
    EXPECT_EQ(nodes.GetN(), 4u);
    EXPECT_EQ(twin.GetNode("DNVR"), nodes.Get(2));
    EXPECT_EQ(twin.InstallDemands().GetN(), 4u); // two sinks, two sources
    twin.EnableResults();
    twin.Run();
    ASSERT_TRUE(twin.HasRun());

    const TwinRunRecord& rec = twin.GetRunRecord();
    EXPECT_EQ(rec.seed, 3u);
    EXPECT_EQ(rec.runNumber, 4u);
    EXPECT_DOUBLE_EQ(rec.simulatedSeconds, 1.0);
    EXPECT_GT(rec.eventCount, 1000u);
    EXPECT_GT(rec.wallSeconds, 0);
    EXPECT_EQ(rec.ns3Version, "ns-3.37");
    auto params = nlohmann::json::parse(rec.parametersJson);
    EXPECT_EQ(params["experiment"], "unit-test");
    EXPECT_EQ(params["routing_mode"], "shortest-path");
    EXPECT_EQ(params["queue_disc"], "ns3::FifoQueueDisc");
    EXPECT_DOUBLE_EQ(params["sample_interval_s"].get<double>(), 0.25);
    EXPECT_DOUBLE_EQ(params["duration_s"].get<double>(), 1.0);

    const TwinRunResults& results = twin.GetResults();
    EXPECT_EQ(results.links.size(), 8u);
    EXPECT_EQ(results.samples.size(), 8u * 4u);
    EXPECT_EQ(results.flows.size(), 3u); // UDP, TCP data, TCP acks

    int64_t runId = twin.WriteResults(store);
    EXPECT_GT(runId, 0);
    EXPECT_EQ(twin.GetRunRecord().id, runId);
    auto stored = store.FindRun(runId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->snapshotId, snapshotId);
    EXPECT_EQ(stored->demandSetId, info->demandSetId);
    EXPECT_EQ(stored->eventCount, rec.eventCount);
    EXPECT_EQ(stored->seed, 3u);
    TwinRunResults back = store.LoadRunResults(runId);
    ASSERT_EQ(back.flows.size(), results.flows.size());
    EXPECT_EQ(back.samples.size(), results.samples.size());
    for (std::size_t i = 0; i < back.flows.size(); ++i)
    {
        EXPECT_EQ(back.flows[i].demandId, results.flows[i].demandId);
        EXPECT_EQ(back.flows[i].rxBytes, results.flows[i].rxBytes);
    }
}

TEST_F(DigitalTwinHelperTest, NetworkFromCodeIsStoredWithTheRun)
{
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    DigitalTwinHelper twin(Ring());
    twin.Build();
    std::vector<TwinDemand> demands = {Ring().demands[0]};
    demands[0].id = "only";
    twin.SetDemands(demands);
    twin.InstallDemands();
    twin.EnableResults(MilliSeconds(500));
    twin.Run(Seconds(1));
    int64_t runId = twin.WriteResults(store);
    auto run = store.FindRun(runId);
    ASSERT_TRUE(run);
    auto snapshots = store.ListSnapshots();
    ASSERT_EQ(snapshots.size(), 1u);
    EXPECT_EQ(run->snapshotId, snapshots[0].id);
    ASSERT_NE(run->demandSetId, 0);
    EXPECT_NE(run->demandSetId, snapshots[0].demandSetId);
    auto stored = store.LoadDemandSet(run->demandSetId);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].id, "only");
    EXPECT_EQ(store.LoadRunResults(runId).flows.size(), 1u);
}

TEST_F(DigitalTwinHelperTest, RunSnapshotInOneCall)
{
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    int64_t snapshotId = store.SaveSnapshot(Ring(), "ring.json", "test", {}, nullptr);
    TwinRunOptions options;
    options.duration = Seconds(0.5);
    std::vector<std::string> notes;
    int64_t runId = DigitalTwinHelper::RunSnapshot(store, std::to_string(snapshotId), options,
                                                   std::nullopt, &notes);
    auto run = store.FindRun(runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, "completed");
    EXPECT_FALSE(store.LoadRunResults(runId).flows.empty());
    // It cleaned up: a second run in the same process works.
    int64_t second =
        DigitalTwinHelper::RunSnapshot(store, std::to_string(snapshotId), options, std::nullopt);
    EXPECT_NE(second, runId);
    EXPECT_EQ(store.ListRuns().size(), 2u);
}

TEST_F(DigitalTwinHelperTest, MisuseIsReported)
{
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    DigitalTwinHelper twin;
    EXPECT_THROW(twin.LoadSnapshot(store, "42"), TwinStoreError);
    EXPECT_THROW(twin.Build(), TwinBuildError);
    twin.SetNetwork(Ring());
    EXPECT_THROW(twin.Run(Seconds(1)), TwinBuildError);
    EXPECT_THROW(twin.InstallDemands(), TwinBuildError);
    TwinRunOptions bad;
    bad.seed = 0;
    EXPECT_THROW(twin.SetRunOptions(bad), TwinBuildError);
    bad.seed = 1ULL << 32;
    EXPECT_THROW(twin.SetRunOptions(bad), TwinBuildError);
    bad.seed = 1;
    bad.runNumber = 1ULL << 63; // more than the store's signed 64-bit integers hold
    EXPECT_THROW(twin.SetRunOptions(bad), TwinBuildError);
    bad.runNumber = 1;
    bad.parametersJson = "[1,2]";
    EXPECT_THROW(twin.SetRunOptions(bad), TwinBuildError);
    twin.Build();
    try
    {
        twin.GetNode("SEAT");
        FAIL() << "expected TwinBuildError";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("no node 'SEAT' (nodes: ATLA, CHIN, DNVR, HSTN)"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(twin.WriteResults(store), TwinBuildError);
    twin.InstallDemands(); // installed for the default 10 s
    EXPECT_THROW(twin.Run(Seconds(20)), TwinBuildError);
}

TEST_F(DigitalTwinHelperTest, NegativeStartJitterIsRefused)
{
    DigitalTwinHelper twin(Ring());
    TwinRunOptions options;
    options.startJitter = MilliSeconds(-1);
    try
    {
        twin.SetRunOptions(options);
        FAIL() << "expected TwinBuildError";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("start jitter"), std::string::npos) << e.what();
    }
    options.startJitter = MilliSeconds(0);
    EXPECT_NO_THROW(twin.SetRunOptions(options));
}

TEST_F(DigitalTwinHelperTest, ResultsAreCollectedBeforeAndWrittenOnceAfterTheRun)
{
    TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    DigitalTwinHelper twin(Ring());
    TwinRunOptions options;
    options.duration = Seconds(0.5);
    twin.SetRunOptions(options);
    twin.Build();
    twin.InstallDemands();
    twin.Run();
    // Collecting now would only give an empty result set.
    EXPECT_THROW(twin.EnableResults(), TwinBuildError);
    EXPECT_TRUE(twin.GetResults().flows.empty());
    int64_t runId = twin.WriteResults(store);
    try
    {
        twin.WriteResults(store);
        FAIL() << "expected TwinBuildError";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("already stored as run " + std::to_string(runId)),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(store.ListRuns().size(), 1u);
    EXPECT_EQ(twin.GetRunRecord().id, runId);
}

/**
 * Build the ring and run it with results, the collector allowing at most maxSamples samples.
 * @param duration run duration
 * @param interval sample interval
 * @param maxSamples the collector's MaxSamples
 * @param samples receives the number of link samples kept (when the run happened)
 * @param demandSamples receives the number of demand samples kept (when the run happened)
 * @return the TwinBuildError message ("" if the run happened)
 */
std::string
RunWithSampleBudget(Time duration, Time interval, uint64_t maxSamples, std::size_t* samples,
                    std::size_t* demandSamples)
{
    DigitalTwinHelper twin(Ring());
    TwinRunOptions options;
    options.duration = duration;
    options.sampleInterval = interval;
    twin.SetRunOptions(options);
    twin.GetResultCollector()->SetAttribute("MaxSamples", UintegerValue(maxSamples));
    twin.Build();
    twin.InstallDemands();
    twin.EnableResults();
    std::string message;
    try
    {
        twin.Run();
        *samples = twin.GetResults().samples.size();
        *demandSamples = twin.GetResults().demandSamples.size();
        EXPECT_EQ(twin.GetResultCollector()->GetSamplesNotKept(), 0u);
    }
    catch (const TwinBuildError& e)
    {
        message = e.what();
        // Refused before the simulation started.
        EXPECT_FALSE(twin.HasRun());
        EXPECT_EQ(Simulator::Now(), Seconds(0));
        EXPECT_EQ(Simulator::GetEventCount(), 0u);
    }
    DigitalTwinHelper::Reset();
    return message;
}

TEST_F(DigitalTwinHelperTest, SampleBudgetIsCheckedBeforeRunning)
{
    UintegerValue cap;
    CreateObject<TwinResultCollector>()->GetAttribute("MaxSamples", cap);
    EXPECT_EQ(cap.Get(), 10000000u);

    // 8 link directions and 2 demands; 1 s in 10 ms steps is 100 samples each.
    std::size_t samples = 0;
    std::size_t demandSamples = 0;
    std::string message =
        RunWithSampleBudget(Seconds(1), MilliSeconds(10), 999, &samples, &demandSamples);
    EXPECT_NE(message.find("1000 samples"), std::string::npos) << message;
    EXPECT_NE(message.find("8 link directions and 2 demands"), std::string::npos) << message;
    EXPECT_NE(message.find("MaxSamples"), std::string::npos) << message;
    EXPECT_EQ(RunWithSampleBudget(Seconds(1), MilliSeconds(10), 1000, &samples, &demandSamples),
              "");
    EXPECT_EQ(samples, 800u);
    EXPECT_EQ(demandSamples, 200u);
    // 300 ms steps: 0.3, 0.6, 0.9 and the last, shorter one at 1 s.
    EXPECT_NE(RunWithSampleBudget(Seconds(1), MilliSeconds(300), 39, &samples, &demandSamples), "");
    EXPECT_EQ(RunWithSampleBudget(Seconds(1), MilliSeconds(300), 40, &samples, &demandSamples), "");
    EXPECT_EQ(samples, 32u);
    EXPECT_EQ(demandSamples, 8u);
}

TEST_F(DigitalTwinHelperTest, FailedSaveStoresNoDemandSet)
{
    TempDir dir;
    std::string path = dir.Path() + "/twin.db";
    TwinStore store(path);
    int64_t snapshotId = store.SaveSnapshot(Ring(), "ring.json", "test", {}, nullptr);
    auto demandSets = [&path]()
    {
        SqliteDatabase db(path);
        return db.QueryInt64("SELECT COUNT(*) FROM demand_sets", "count demand sets");
    };
    const int64_t setsBefore = demandSets();
    {
        SqliteDatabase db(path);
        db.Execute("CREATE TRIGGER fail_run BEFORE INSERT ON runs "
                   "BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                   "add a failing trigger");
    }
    DigitalTwinHelper twin;
    twin.LoadSnapshot(store, std::to_string(snapshotId));
    TwinRunOptions options;
    options.duration = Seconds(0.5);
    twin.SetRunOptions(options);
    twin.Build();
    std::vector<TwinDemand> demands = {Ring().demands[0]};
    demands[0].id = "only";
    twin.SetDemands(demands);
    twin.InstallDemands();
    twin.EnableResults();
    twin.Run();
    EXPECT_THROW(twin.WriteResults(store), TwinStoreError);
    EXPECT_EQ(demandSets(), setsBefore);
    EXPECT_TRUE(store.ListRuns().empty());

    // Once the store accepts runs again, the same twin can be written.
    {
        SqliteDatabase db(path);
        db.Execute("DROP TRIGGER fail_run", "remove the trigger");
    }
    int64_t runId = twin.WriteResults(store);
    EXPECT_EQ(demandSets(), setsBefore + 1);
    auto run = store.FindRun(runId);
    ASSERT_TRUE(run);
    auto stored = store.LoadDemandSet(run->demandSetId);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].id, "only");
}

} // namespace
} // namespace test
} // namespace ns3
