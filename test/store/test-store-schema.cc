/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Opening, creating and migrating store files, and refusing files that are not ours.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <set>

namespace ns3
{
namespace test
{
namespace
{

/// The application id the store writes ("DTWN").
constexpr int64_t kApplicationId = 0x4454574E;

/**
 * @param db a connection
 * @param type "table" or "view"
 * @return the names of the schema objects of that type
 */
std::set<std::string>
SchemaNames(SqliteDatabase& db, const std::string& type)
{
    SqliteStatement select(db,
                           "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE "
                           "'sqlite_%'",
                           "list schema objects");
    select.BindText(1, type);
    std::set<std::string> names;
    while (select.Step())
    {
        names.insert(select.ColumnText(0));
    }
    return names;
}

/** @param path a file @return its bytes */
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/**
 * @param call something that should throw TwinStoreError
 * @return the message, or "" if nothing was thrown
 */
template <typename F>
std::string
ErrorOf(F call)
{
    try
    {
        call();
    }
    catch (const TwinStoreError& e)
    {
        return e.what();
    }
    return "";
}

TEST(StoreSchema, NewFileGetsCurrentSchema)
{
    TempDir dir;
    std::string path = dir.Path() + "/new.db";
    {
        TwinStore store(path);
        EXPECT_EQ(store.GetPath(), path);
        EXPECT_TRUE(store.ListSnapshots().empty());
        EXPECT_TRUE(store.ListRuns().empty());
    }
    EXPECT_GE(TwinStore::SchemaVersion(), 1);
    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), TwinStore::SchemaVersion());
    EXPECT_EQ(db.QueryInt64("PRAGMA application_id", "app id"), kApplicationId);

    std::set<std::string> tables = SchemaNames(db, "table");
    for (const auto& t : StoreTables())
    {
        EXPECT_EQ(tables.count(t), 1u) << "missing table " << t;
    }
    EXPECT_EQ(tables.size(), StoreTables().size());
    std::set<std::string> views = SchemaNames(db, "view");
    for (const char* v :
         {"snapshot_summary", "node_addresses", "link_topology", "route_table", "run_summary",
          "flow_results", "link_results", "link_utilisation", "traffic_summary", "replay_flows"})
    {
        EXPECT_EQ(views.count(v), 1u) << "missing view " << v;
    }
    // Every view must compile against the tables (a broken view only fails when queried).
    for (const auto& v : views)
    {
        EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM " + v, "query view " + v), 0) << v;
    }
}

TEST(StoreSchema, JournalIsWal)
{
    TempDir dir;
    std::string path = dir.Path() + "/wal.db";
    TwinStore store(path);
    SqliteDatabase db(path);
    // The journal mode of a WAL database is persistent: any connection sees it.
    EXPECT_EQ(db.QueryText("PRAGMA journal_mode", "journal mode"), "wal");
}

TEST(StoreSchema, EveryForeignKeyColumnIsIndexed)
{
    // Unindexed child keys make every parent delete (and cascade) scan the child table.
    TempDir dir;
    std::string path = dir.Path() + "/fk.db";
    TwinStore store(path);
    SqliteDatabase db(path);
    for (const auto& table : StoreTables())
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

TEST(StoreSchema, MigratesEmptyVersionZeroFile)
{
    TempDir dir;
    std::string path = dir.Path() + "/old.db";
    {
        // A real SQLite file (with a written header) at user_version 0 and no objects.
        SqliteDatabase db(path);
        db.Execute("CREATE TABLE scratch (x); DROP TABLE scratch; PRAGMA user_version = 0",
                   "prepare a version 0 file");
    }
    ASSERT_GT(std::filesystem::file_size(path), 0u);
    {
        TwinStore store(path);
        bool existed = true;
        EXPECT_GT(store.SaveSnapshot(FullNetwork(), "net.json", "test", {}, &existed), 0);
        EXPECT_FALSE(existed);
    }
    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), TwinStore::SchemaVersion());
    EXPECT_EQ(db.QueryInt64("PRAGMA application_id", "app id"), kApplicationId);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM snapshots", "count"), 1);
}

TEST(StoreSchema, MigratesOwnVersionZeroFileAndReopensWithoutChange)
{
    // A file that carries our application id but no schema yet, e.g. created by a process
    // that died before its migration committed.
    TempDir dir;
    std::string path = dir.Path() + "/v0.db";
    {
        SqliteDatabase db(path);
        db.Execute("PRAGMA application_id = " + std::to_string(kApplicationId), "mark the file");
    }
    int64_t id = 0;
    {
        TwinStore store(path);
        id = store.SaveSnapshot(FullNetwork(), "net.json", "test", {}, nullptr);
    }
    auto before = CountRows(path);
    std::string schemaBefore;
    {
        SqliteDatabase db(path);
        schemaBefore =
            db.QueryText("SELECT group_concat(sql, ';') FROM sqlite_master", "read schema");
    }
    {
        // Reopening a current store must not migrate or touch anything.
        TwinStore store(path);
        ExpectSameNetwork(FullNetwork(), store.LoadSnapshot(id));
    }
    EXPECT_EQ(CountRows(path), before);
    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryText("SELECT group_concat(sql, ';') FROM sqlite_master", "read schema"),
              schemaBefore);
    EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), TwinStore::SchemaVersion());
}

TEST(StoreSchema, FailedMigrationRollsBack)
{
    TempDir dir;
    std::string path = dir.Path() + "/clash.db";
    {
        // Our id at version 0, but a table in the way of step 1: the step fails half-way.
        SqliteDatabase db(path);
        db.Execute("PRAGMA application_id = " + std::to_string(kApplicationId) +
                       "; CREATE TABLE runs (x)",
                   "prepare a clashing file");
    }
    std::string message = ErrorOf([&] { TwinStore store(path); });
    EXPECT_NE(message.find("version 1"), std::string::npos) << message;
    EXPECT_NE(message.find("runs"), std::string::npos) << message;

    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), 0);
    // Tables that step 1 creates before "runs" were rolled back with it.
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM sqlite_master WHERE name = 'snapshots'",
                            "look for snapshots"),
              0);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM sqlite_master", "count objects"), 1);
}

TEST(StoreSchema, RefusesNewerVersion)
{
    TempDir dir;
    std::string path = dir.Path() + "/future.db";
    int future = TwinStore::SchemaVersion() + 1;
    {
        SqliteDatabase db(path);
        db.Execute("PRAGMA application_id = " + std::to_string(kApplicationId) +
                       "; PRAGMA user_version = " + std::to_string(future) +
                       "; CREATE TABLE future_table (x)",
                   "prepare a newer store");
    }
    std::string message = ErrorOf([&] { TwinStore store(path); });
    EXPECT_NE(message.find("newer"), std::string::npos) << message;
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find(std::to_string(future)), std::string::npos) << message;

    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryInt64("PRAGMA user_version", "version"), future);
    // Refused before anything was changed: not even the journal mode.
    EXPECT_EQ(db.QueryText("PRAGMA journal_mode", "journal mode"), "delete");
}

TEST(StoreSchema, RefusesNonSqliteFile)
{
    TempDir dir;
    std::string text;
    for (int i = 0; i < 100; ++i)
    {
        text += "graph [ node [ id " + std::to_string(i) + " ] ]\n";
    }
    std::string path = dir.Write("topology.gml", text);
    std::string message = ErrorOf([&] { TwinStore store(path); });
    EXPECT_NE(message.find("not an SQLite database"), std::string::npos) << message;
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_EQ(ReadFile(path), text);
}

TEST(StoreSchema, RefusesOtherSqliteDatabases)
{
    TempDir dir;
    std::string plain = dir.Path() + "/app.db";
    {
        SqliteDatabase db(plain);
        db.Execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
                   "create a foreign database");
    }
    std::string message = ErrorOf([&] { TwinStore store(plain); });
    EXPECT_NE(message.find("not a twin store"), std::string::npos) << message;
    {
        SqliteDatabase db(plain);
        EXPECT_EQ(db.QueryText("PRAGMA journal_mode", "journal mode"), "delete");
        EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM sqlite_master", "count"), 1);
    }

    std::string other = dir.Path() + "/other-app.db";
    {
        SqliteDatabase db(other);
        db.Execute("PRAGMA application_id = 1234", "mark as another application");
    }
    message = ErrorOf([&] { TwinStore store(other); });
    EXPECT_NE(message.find("not a twin store"), std::string::npos) << message;
    EXPECT_NE(message.find("application_id 0x000004d2"), std::string::npos) << message;

    std::string versioned = dir.Path() + "/versioned.db";
    {
        SqliteDatabase db(versioned);
        db.Execute("PRAGMA user_version = 3", "set a version without our id");
    }
    message = ErrorOf([&] { TwinStore store(versioned); });
    EXPECT_NE(message.find("not a twin store"), std::string::npos) << message;
}

TEST(StoreSchema, UnopenablePathNamesTheFile)
{
    EXPECT_NE(ErrorOf([] { TwinStore store(""); }).find("no file path"), std::string::npos);

    TempDir dir;
    std::string path = dir.Path() + "/missing-directory/store.db";
    std::string message = ErrorOf([&] { TwinStore store(path); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("cannot open"), std::string::npos) << message;
}

TEST(StoreSchema, InMemoryStoreWorks)
{
    // For programs that want the store API without a file (nothing is kept).
    TwinStore store(":memory:");
    int64_t id = store.SaveSnapshot(FullNetwork(), "net.json", "test", {}, nullptr);
    ExpectSameNetwork(FullNetwork(), store.LoadSnapshot(id));
}

TEST(StoreSchema, ForeignKeysAreEnforced)
{
    TempDir dir;
    std::string path = dir.Path() + "/fk.db";
    TwinStore store(path);
    int64_t snapshot = store.SaveSnapshot(FullNetwork(), "net.json", "test", {}, nullptr);

    // The store relies on the foreign keys (no look-up of its own) to reject these.
    TwinRunRecord run;
    run.snapshotId = snapshot + 1000;
    std::string message = ErrorOf([&] { store.SaveRun(run, {}); });
    EXPECT_NE(message.find("FOREIGN KEY constraint failed"), std::string::npos) << message;
    run.snapshotId = snapshot;
    run.demandSetId = 987654;
    message = ErrorOf([&] { store.SaveRun(run, {}); });
    EXPECT_NE(message.find("FOREIGN KEY constraint failed"), std::string::npos) << message;
    EXPECT_NE(message.find("demand set 987654"), std::string::npos) << message;
    EXPECT_TRUE(store.ListRuns().empty());

    SqliteDatabase db(path);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM pragma_foreign_key_check", "check keys"), 0);
}

} // namespace
} // namespace test
} // namespace ns3
