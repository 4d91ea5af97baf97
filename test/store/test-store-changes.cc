/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Schema version 5: change sets, derived snapshots, verifications and the append-only audit
// table.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"

#include <gtest/gtest.h>

namespace ns3
{
namespace test
{
namespace
{

/// A change-set document (the store keeps text; it does not parse it).
const char* const kChangeText = R"({"ns3-digital-twin-change-set:change-set": {"node": [
  {"node-id": "A", "interface": [{"name": "a-b", "enabled": false}]}]}})";

/** A store with a ring as the base snapshot, a change set and the network it derives. */
class StoreChanges : public StoreFixture
{
protected:
    void SetUp() override
    {
        StoreFixture::SetUp();
        m_base = RingNetwork(4, "ring-4");
        m_baseId = m_store->SaveSnapshot(m_base, "ring.gml", "gml", {}, nullptr);
        m_derived = m_base;
        m_derived.links.front().capacityBps *= 2;
        m_changeSet = m_store->SaveChangeSet(kChangeText, "json", "double one link", "c.json");
        m_scenario = m_store->SaveScenario("check", "{}", "json", "check.json", nullptr);
    }

    /**
     * @param snapshot the snapshot the run simulated
     * @param sweep its sweep
     * @param pass its verdict and that of its objective verdicts
     * @return the stored run id
     */
    int64_t SaveRun(int64_t snapshot, int64_t sweep, bool pass)
    {
        TwinRunRecord run;
        run.snapshotId = snapshot;
        run.demandSetId = m_store->FindSnapshot(std::to_string(snapshot))->demandSetId;
        run.parametersJson = "{}";
        run.seed = 1;
        run.runNumber = 1;
        run.ns3Version = "3.37";
        run.wallSeconds = 0.1;
        run.simulatedSeconds = 10;
        run.scenarioId = m_scenario;
        run.sweepId = sweep;
        run.variantName = "base";
        run.verdict = pass ? "pass" : "fail";
        return m_store->SaveRun(run, WhatIfResults(m_derived, 2, !pass));
    }

    TwinNetwork m_base;     //!< the base network
    TwinNetwork m_derived;  //!< what the change set gives
    int64_t m_baseId{0};    //!< the base snapshot
    int64_t m_changeSet{0}; //!< the change set
    int64_t m_scenario{0};  //!< a scenario
};

TEST_F(StoreChanges, ChangeSetsAreKeptOncePerContent)
{
    bool existed = true;
    int64_t again = m_store->SaveChangeSet(kChangeText, "json", "other words", "d.json", &existed);
    EXPECT_EQ(again, m_changeSet);
    EXPECT_TRUE(existed);
    int64_t other =
        m_store->SaveChangeSet(std::string(kChangeText) + "\n", "json", "", "e.json", &existed);
    EXPECT_NE(other, m_changeSet);
    EXPECT_FALSE(existed);

    auto info = m_store->FindChangeSet(std::to_string(m_changeSet));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->text, kChangeText);
    EXPECT_EQ(info->format, "json");
    EXPECT_EQ(info->description, "double one link"); // the first store's
    EXPECT_EQ(info->sourcePath, "c.json");
    EXPECT_EQ(info->contentHash.size(), 64u);
    EXPECT_FALSE(info->createdAt.empty());
    auto byHash = m_store->FindChangeSet(info->contentHash.substr(0, 10));
    ASSERT_TRUE(byHash);
    EXPECT_EQ(byHash->id, m_changeSet);
    EXPECT_FALSE(m_store->FindChangeSet("999"));
    EXPECT_FALSE(m_store->FindChangeSet("abc"));

    auto all = m_store->ListChangeSets();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, m_changeSet);
    EXPECT_EQ(all[1].id, other);

    EXPECT_THROW(m_store->SaveChangeSet(kChangeText, "yaml", "", "x"), TwinStoreError);
    EXPECT_THROW(m_store->SaveChangeSet("", "json", "", "x"), TwinStoreError);
}

TEST_F(StoreChanges, SameBaseAndChangeSetGiveTheSameDerivedSnapshot)
{
    bool existed = true;
    int64_t derived = m_store->SaveDerivedSnapshot(m_baseId, m_changeSet, m_derived, &existed);
    EXPECT_FALSE(existed);
    EXPECT_NE(derived, m_baseId);
    ExpectSameNetwork(m_derived, m_store->LoadSnapshot(derived));
    auto snapshot = m_store->FindSnapshot(std::to_string(derived));
    ASSERT_TRUE(snapshot);
    EXPECT_EQ(snapshot->importer, "change-set");
    EXPECT_EQ(snapshot->demandSetId, m_store->FindSnapshot(std::to_string(m_baseId))->demandSetId);

    // Once linked, the pair names that snapshot, whatever network is passed again.
    EXPECT_EQ(m_store->SaveDerivedSnapshot(m_baseId, m_changeSet, m_base, &existed), derived);
    EXPECT_TRUE(existed);
    auto link = m_store->FindDerivedSnapshot(m_baseId, m_changeSet);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->snapshotId, derived);
    EXPECT_EQ(link->baseSnapshotId, m_baseId);
    EXPECT_EQ(link->changeSetId, m_changeSet);

    // A change set that changes nothing derives the base itself.
    int64_t noop = m_store->SaveChangeSet("{}", "json", "", "noop.json");
    EXPECT_EQ(m_store->SaveDerivedSnapshot(m_baseId, noop, m_base), m_baseId);
    EXPECT_FALSE(m_store->FindDerivedSnapshot(derived, noop));

    EXPECT_THROW(m_store->SaveDerivedSnapshot(999, m_changeSet, m_derived), TwinStoreError);
    EXPECT_THROW(m_store->SaveDerivedSnapshot(m_baseId, 999, m_derived), TwinStoreError);
}

TEST_F(StoreChanges, AVerificationPassesOnlyWhenEveryPlannedRunMetEveryObjective)
{
    int64_t derived = m_store->SaveDerivedSnapshot(m_baseId, m_changeSet, m_derived);
    EXPECT_THROW(m_store->RecordVerification(m_changeSet, derived, 1, "alice"), TwinStoreError)
        << "the change set was not applied to the derived snapshot";

    int64_t sweep = m_store->CreateSweep(m_scenario, derived, 2, "run");
    SaveRun(derived, sweep, true);
    TwinVerificationInfo half = m_store->RecordVerification(m_changeSet, m_baseId, sweep, "alice");
    EXPECT_FALSE(half.passed) << "one of two planned runs is not proof";
    EXPECT_EQ(half.runs, 1u);
    EXPECT_EQ(half.passedRuns, 1u);
    EXPECT_FALSE(m_store->FindPassingVerification(m_changeSet, m_baseId));

    SaveRun(derived, sweep, true);
    TwinVerificationInfo full = m_store->RecordVerification(m_changeSet, m_baseId, sweep, "alice");
    EXPECT_TRUE(full.passed);
    EXPECT_EQ(full.runs, 2u);
    EXPECT_EQ(full.derivedSnapshotId, derived);
    EXPECT_EQ(full.baselineSnapshotId, m_baseId);
    EXPECT_EQ(full.scenarioId, m_scenario);
    EXPECT_EQ(full.sweepId, sweep);
    EXPECT_EQ(full.user, "alice");

    int64_t failing = m_store->CreateSweep(m_scenario, derived, 2, "run");
    SaveRun(derived, failing, true);
    SaveRun(derived, failing, false);
    TwinVerificationInfo failed =
        m_store->RecordVerification(m_changeSet, m_baseId, failing, "bob");
    EXPECT_FALSE(failed.passed);
    EXPECT_EQ(failed.passedRuns, 1u);

    // The newest passing one, for exactly this change set and baseline.
    auto passing = m_store->FindPassingVerification(m_changeSet, m_baseId);
    ASSERT_TRUE(passing);
    EXPECT_EQ(passing->id, full.id);
    EXPECT_FALSE(m_store->FindPassingVerification(m_changeSet, derived));
    int64_t other = m_store->SaveChangeSet("{\"other\": 1}", "json", "", "o.json");
    EXPECT_FALSE(m_store->FindPassingVerification(other, m_baseId));

    auto list = m_store->ListVerifications();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].id, half.id);
    EXPECT_EQ(list[2].id, failed.id);
    EXPECT_EQ(m_store->ListVerifications(other).size(), 0u);

    // A sweep on any other snapshot than the derived one verifies nothing.
    int64_t onBase = m_store->CreateSweep(m_scenario, m_baseId, 1, "run");
    EXPECT_THROW(m_store->RecordVerification(m_changeSet, m_baseId, onBase, "alice"),
                 TwinStoreError);
    EXPECT_THROW(m_store->RecordVerification(m_changeSet, m_baseId, 999, "alice"), TwinStoreError);
    EXPECT_THROW(m_store->RecordVerification(m_changeSet, m_baseId, sweep, ""), TwinStoreError);
}

TEST_F(StoreChanges, AuditIsAppendOnly)
{
    TwinAuditEntry a;
    a.user = "alice";
    a.action = "push.edit-config";
    a.device = "A";
    a.changeSetId = m_changeSet;
    a.detail = "interface a-b disabled";
    a.outcome = "ok";
    int64_t first = m_store->AppendAudit(a);
    TwinAuditEntry b = a;
    b.device = "B";
    b.outcome = "rolled-back";
    b.time = "2026-11-26T10:00:00.000Z";
    int64_t second = m_store->AppendAudit(b);
    TwinAuditEntry c;
    c.user = "bob";
    c.action = "sync.pull";
    c.outcome = "failed";
    int64_t third = m_store->AppendAudit(c);
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);

    auto all = m_store->ListAudit();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].user, "alice");
    EXPECT_EQ(all[0].device, "A");
    EXPECT_EQ(all[0].changeSetId, m_changeSet);
    EXPECT_EQ(all[0].detail, "interface a-b disabled");
    EXPECT_EQ(all[0].time.size(), 24u) << all[0].time; // set by the store, in milliseconds
    EXPECT_EQ(all[1].time, "2026-11-26T10:00:00.000Z");
    EXPECT_EQ(all[2].device, "");
    EXPECT_EQ(all[2].changeSetId, 0);

    TwinAuditFilter byDevice;
    byDevice.device = "B";
    ASSERT_EQ(m_store->ListAudit(byDevice).size(), 1u);
    EXPECT_EQ(m_store->ListAudit(byDevice)[0].outcome, "rolled-back");
    TwinAuditFilter byChange;
    byChange.changeSetId = m_changeSet;
    EXPECT_EQ(m_store->ListAudit(byChange).size(), 2u);
    TwinAuditFilter newest;
    newest.limit = 2;
    auto two = m_store->ListAudit(newest);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0].id, second);
    EXPECT_EQ(two[1].id, third);
    TwinAuditFilter byAction;
    byAction.action = "sync.pull";
    EXPECT_EQ(m_store->ListAudit(byAction).size(), 1u);

    TwinAuditEntry bad = c;
    bad.user = "";
    EXPECT_THROW(m_store->AppendAudit(bad), TwinStoreError);
    bad = c;
    bad.changeSetId = 999;
    EXPECT_THROW(m_store->AppendAudit(bad), TwinStoreError);

    // Not even plain SQL through another connection changes or removes a row.
    SqliteDatabase db(m_path);
    EXPECT_THROW(
        db.Execute("UPDATE audit_log SET outcome = 'ok' WHERE id = " + std::to_string(second),
                   "rewrite history"),
        TwinStoreError);
    EXPECT_THROW(db.Execute("DELETE FROM audit_log", "erase history"), TwinStoreError);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM audit_log", "count"), 3);
    EXPECT_EQ(
        db.QueryText("SELECT outcome FROM audit_log WHERE id = " + std::to_string(second), "read"),
        "rolled-back");
}

TEST(StoreMigrationV5, Version4StoreIsMigratedAndKeepsItsSnapshots)
{
    TempDir dir;
    std::string path = dir.Path() + "/v4.db";
    {
        std::string steps = MigrationStepSql(1) + ";" + MigrationStepSql(2) + ";" +
                            MigrationStepSql(3) + ";" + MigrationStepSql(4);
        SqliteDatabase db(path);
        db.Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
        db.Execute("BEGIN IMMEDIATE;" + steps + ";PRAGMA application_id = " +
                       std::to_string(0x4454574E) + "; PRAGMA user_version = 4; COMMIT",
                   "create a version 4 store");
        db.Execute("INSERT INTO snapshots (id, content_hash, name, source, importer) VALUES "
                   "(1, 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd', "
                   "'v4-net', 'v4.gml', 'gml')",
                   "fill a version 4 store");
    }
    {
        TwinStore store(path);
        auto snapshot = store.FindSnapshot("1");
        ASSERT_TRUE(snapshot);
        EXPECT_EQ(snapshot->name, "v4-net");
        EXPECT_TRUE(store.ListChangeSets().empty());
        EXPECT_TRUE(store.ListAudit().empty());
        int64_t cs = store.SaveChangeSet(kChangeText, "json", "", "c.json");
        TwinAuditEntry e;
        e.user = "alice";
        e.action = "change-set.add";
        e.changeSetId = cs;
        e.outcome = "ok";
        store.AppendAudit(e);
        EXPECT_EQ(store.ListAudit().size(), 1u);
    }
    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), TwinStore::SchemaVersion());
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                            "tbl_name = 'audit_log'",
                            "count triggers"),
              2);
    EXPECT_THROW(db.Execute("DELETE FROM audit_log", "erase history"), TwinStoreError);
    ExpectCurrentSchema(path);

    // Every foreign-key column of the new tables leads an index (parent deletes never scan).
    for (const char* table : {"change_sets", "derived_snapshots", "verifications", "audit_log"})
    {
        SqliteStatement fks(db, "SELECT \"from\" FROM pragma_foreign_key_list(?)",
                            "list foreign keys");
        fks.BindText(1, table);
        while (fks.Step())
        {
            std::string column = fks.ColumnText(0);
            SqliteStatement idx(db,
                                "SELECT count(*) FROM pragma_index_list(?1) l "
                                "JOIN pragma_index_info(l.name) i ON i.seqno = 0 "
                                "WHERE i.name = ?2",
                                "find an index led by a column");
            idx.BindText(1, table).BindText(2, column);
            ASSERT_TRUE(idx.Step());
            EXPECT_GT(idx.ColumnInt64(0), 0) << table << "." << column << " has no index";
            idx.Reset();
        }
    }
}

} // namespace
} // namespace test
} // namespace ns3
