/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// SaveRun with the run's own demands: the demand set is written in the run's transaction, so
// a run that fails to save leaves no demand set behind.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"

#include <gtest/gtest.h>
#include <memory>

namespace ns3
{
namespace test
{
namespace
{

/** A store with the full network saved as a snapshot, and demands of its own for a run. */
class StoreRunDemands : public SavedNetworkFixture
{
protected:
    void SetUp() override
    {
        SavedNetworkFixture::SetUp();
        ASSERT_NE(m_demandSet, 0);
        // Different from the snapshot's default demands: a new set.
        m_demands = m_network.demands;
        for (auto& d : m_demands)
        {
            d.id += "-experiment";
            d.startSeconds += 1;
        }
    }

    /** @return a completed run record of the snapshot */
    TwinRunRecord Record() const
    {
        TwinRunRecord run;
        run.snapshotId = m_snapshot;
        run.demandSetId = 424242; // ignored: the demands given with the run decide
        run.parametersJson = R"({"duration_s":10})";
        run.seed = 3;
        run.runNumber = 1;
        run.ns3Version = "ns-3.37";
        run.wallSeconds = 0.5;
        run.simulatedSeconds = 10.0;
        run.eventCount = 1000;
        return run;
    }

    std::vector<TwinDemand> m_demands; //!< the run's own demands
};

TEST_F(StoreRunDemands, DemandsAreStoredWithTheRun)
{
    auto before = CountRows(m_path);
    TwinRunResults results = SampleResults(m_network, 3);
    int64_t runId = m_store->SaveRun(Record(), results, m_demands, "experiment.csv");
    auto after = CountRows(m_path);
    EXPECT_EQ(after["demand_sets"], before["demand_sets"] + 1);
    EXPECT_EQ(after["demands"], before["demands"] + static_cast<int64_t>(m_demands.size()));

    auto run = m_store->FindRun(runId);
    ASSERT_TRUE(run);
    EXPECT_NE(run->demandSetId, 0);
    EXPECT_NE(run->demandSetId, m_demandSet);
    EXPECT_NE(run->demandSetId, 424242);
    ExpectSameDemands(m_demands, m_store->LoadDemandSet(run->demandSetId));
    ExpectSameResults(results, m_store->LoadRunResults(runId));

    // The same demands again: the stored set is reused.
    int64_t second = m_store->SaveRun(Record(), results, m_demands, "again.csv");
    EXPECT_EQ(m_store->FindRun(second)->demandSetId, run->demandSetId);
    EXPECT_EQ(CountRows(m_path)["demand_sets"], after["demand_sets"]);

    // The snapshot's own demands map to its default set.
    int64_t third = m_store->SaveRun(Record(), results, m_network.demands, "snapshot");
    EXPECT_EQ(m_store->FindRun(third)->demandSetId, m_demandSet);
}

TEST_F(StoreRunDemands, FailedSaveLeavesNoDemandSet)
{
    const auto before = CountRows(m_path);
    TwinRunResults results = SampleResults(m_network, 3);

    // A result naming a link the snapshot does not have, found after the demands were written.
    TwinRunResults unknownLink = results;
    unknownLink.links.back().linkId = "no-such-link";
    EXPECT_THROW(m_store->SaveRun(Record(), unknownLink, m_demands, "experiment.csv"),
                 TwinStoreError);
    EXPECT_EQ(CountRows(m_path), before);

    // A snapshot that does not exist: the run row itself fails.
    TwinRunRecord orphan = Record();
    orphan.snapshotId = m_snapshot + 100;
    EXPECT_THROW(m_store->SaveRun(orphan, results, m_demands, "experiment.csv"), TwinStoreError);
    EXPECT_EQ(CountRows(m_path), before);

    // A failure in the last table written.
    {
        SqliteDatabase db(m_path);
        db.Execute("CREATE TRIGGER fail_sample BEFORE INSERT ON run_link_samples "
                   "BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
                   "add a failing trigger");
    }
    EXPECT_THROW(m_store->SaveRun(Record(), results, m_demands, "experiment.csv"), TwinStoreError);
    EXPECT_EQ(CountRows(m_path), before);
    EXPECT_TRUE(m_store->ListRuns().empty());
}

} // namespace
} // namespace test
} // namespace ns3
