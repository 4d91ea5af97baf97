/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The RAII SQLite wrappers: typed binding, error messages, transaction guard.

#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>

namespace ns3
{
namespace test
{
namespace
{

/** A scratch database with one table of every column type. */
class SqliteWrapper : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_path = m_dir.Path() + "/scratch.db";
        m_db = std::make_unique<SqliteDatabase>(m_path);
        m_db->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, "
                      "s TEXT, n INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0))",
                      "create the scratch table");
    }

    /** @return rows in t */
    int64_t Rows() { return m_db->QueryInt64("SELECT count(*) FROM t", "count rows"); }

    TempDir m_dir;                        //!< holds the file
    std::string m_path;                   //!< the file
    std::unique_ptr<SqliteDatabase> m_db; //!< the connection
};

TEST_F(SqliteWrapper, TypedValuesRoundTrip)
{
    SqliteStatement insert(*m_db, "INSERT INTO t (i, r, s) VALUES (?, ?, ?)", "insert");
    const std::string text = std::string("tab\there, quote ' and NUL ") + '\0' + " and \xC3\xA9";
    insert.BindInt64(1, std::numeric_limits<int64_t>::min())
        .BindDouble(2, 0.1 + 0.2)
        .BindText(3, text);
    insert.Run();
    insert.BindUint64(1, static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        .BindDouble(2, -std::numeric_limits<double>::infinity())
        .BindTextOrNull(3, "");
    insert.Run();
    insert.BindOptionalInt64(1, std::nullopt).BindOptionalDouble(2, 2.5e-300);
    insert.Run();

    SqliteStatement select(*m_db, "SELECT i, r, s FROM t ORDER BY id", "select");
    ASSERT_TRUE(select.Step());
    EXPECT_EQ(select.ColumnInt64(0), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(select.ColumnDouble(1), 0.1 + 0.2);
    EXPECT_EQ(select.ColumnText(2), text);
    ASSERT_TRUE(select.Step());
    EXPECT_EQ(select.ColumnUint64(0), static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
    EXPECT_EQ(select.ColumnDouble(1), -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(select.IsNull(2));
    EXPECT_EQ(select.ColumnText(2), "");
    ASSERT_TRUE(select.Step());
    EXPECT_EQ(select.ColumnOptionalInt64(0), std::nullopt);
    EXPECT_EQ(select.ColumnOptionalDouble(1), std::optional<double>(2.5e-300));
    EXPECT_FALSE(select.Step());
    // A finished statement was reset and runs again from the start.
    ASSERT_TRUE(select.Step());
    EXPECT_EQ(select.ColumnInt64(0), std::numeric_limits<int64_t>::min());
}

TEST_F(SqliteWrapper, RefusesValuesSqliteWouldAlter)
{
    SqliteStatement insert(*m_db, "INSERT INTO t (i, r) VALUES (?, ?)", "insert");
    EXPECT_THROW(insert.BindUint64(1, std::numeric_limits<uint64_t>::max()), TwinStoreError);
    // SQLite would store NaN as NULL.
    EXPECT_THROW(insert.BindDouble(2, std::nan("")), TwinStoreError);
    EXPECT_EQ(Rows(), 0);

    m_db->Execute("INSERT INTO t (i) VALUES (-5)", "insert a negative value");
    SqliteStatement select(*m_db, "SELECT i FROM t", "select");
    ASSERT_TRUE(select.Step());
    EXPECT_THROW(select.ColumnUint64(0), TwinStoreError);
}

TEST_F(SqliteWrapper, ErrorsNameFilePurposeAndCause)
{
    try
    {
        SqliteStatement bad(*m_db, "SELECT nope FROM t", "read the nope column");
        FAIL() << "preparing invalid SQL did not throw";
    }
    catch (const TwinStoreError& e)
    {
        std::string message = e.what();
        EXPECT_NE(message.find(m_path), std::string::npos) << message;
        EXPECT_NE(message.find("read the nope column"), std::string::npos) << message;
        EXPECT_NE(message.find("no such column: nope"), std::string::npos) << message;
    }

    SqliteStatement insert(*m_db, "INSERT INTO t (n) VALUES (?)", "insert counter");
    insert.BindInt64(1, -1);
    try
    {
        insert.Run("for item 7");
        FAIL() << "a CHECK violation did not throw";
    }
    catch (const TwinStoreError& e)
    {
        std::string message = e.what();
        EXPECT_NE(message.find("insert counter for item 7"), std::string::npos) << message;
        EXPECT_NE(message.find("CHECK constraint failed"), std::string::npos) << message;
    }
    // The statement was reset and its bindings cleared: it can be used again.
    insert.BindInt64(1, 3);
    insert.Run();
    EXPECT_EQ(Rows(), 1);

    EXPECT_THROW(m_db->Execute("INSERT INTO missing VALUES (1)", "insert"), TwinStoreError);
    EXPECT_THROW(m_db->QueryInt64("SELECT i FROM t WHERE 0", "empty query"), TwinStoreError);
}

TEST_F(SqliteWrapper, TransactionRollsBackUnlessCommitted)
{
    {
        SqliteTransaction tx(*m_db, "insert and abandon", SqliteTransaction::Mode::Immediate);
        m_db->Execute("INSERT INTO t (i) VALUES (1)", "insert");
        EXPECT_EQ(Rows(), 1);
    }
    EXPECT_EQ(Rows(), 0);

    try
    {
        SqliteTransaction tx(*m_db, "insert then fail", SqliteTransaction::Mode::Immediate);
        m_db->Execute("INSERT INTO t (i) VALUES (1)", "insert");
        m_db->Execute("INSERT INTO t (n) VALUES (-1)", "violate the check");
        tx.Commit();
        FAIL() << "the CHECK violation did not throw";
    }
    catch (const TwinStoreError&)
    {
    }
    EXPECT_EQ(Rows(), 0);

    {
        SqliteTransaction tx(*m_db, "insert and commit", SqliteTransaction::Mode::Deferred);
        m_db->Execute("INSERT INTO t (i) VALUES (2)", "insert");
        tx.Commit();
    }
    EXPECT_EQ(Rows(), 1);
    // A second connection sees only committed data.
    SqliteDatabase other(m_path);
    EXPECT_EQ(other.QueryInt64("SELECT i FROM t", "read"), 2);
}

TEST_F(SqliteWrapper, LockedByAnotherConnectionIsRecognised)
{
    // Leaving rollback mode upgrades a read lock to a write lock; while another connection
    // holds the write lock, SQLite fails that at once instead of waiting on the busy timeout
    // (waiting could deadlock). The store retries exactly this case.
    SqliteDatabase other(m_path);
    other.SetBusyTimeout(5000);
    m_db->Execute("BEGIN IMMEDIATE", "hold the write lock");
    auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(other.QueryText("PRAGMA journal_mode = WAL", "switch to WAL"), TwinStoreError);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
    EXPECT_TRUE(other.LastErrorWasBusy()) << other.LastErrorMessage();
    m_db->Execute("COMMIT", "release the lock");
    EXPECT_EQ(other.QueryText("PRAGMA journal_mode = WAL", "switch to WAL"), "wal");

    // Other failures are not "busy".
    EXPECT_THROW(m_db->Execute("INSERT INTO t (n) VALUES (-1)", "break a check"), TwinStoreError);
    EXPECT_FALSE(m_db->LastErrorWasBusy()) << m_db->LastErrorMessage();
    EXPECT_THROW(m_db->QueryInt64("SELECT nothing FROM t", "bad column"), TwinStoreError);
    EXPECT_FALSE(m_db->LastErrorWasBusy()) << m_db->LastErrorMessage();
}

TEST_F(SqliteWrapper, NotADatabaseIsReportedOnFirstUse)
{
    std::string path = m_dir.Write("text.db", std::string(4096, 'x'));
    SqliteDatabase db(path); // SQLite opens lazily
    try
    {
        db.QueryInt64("PRAGMA user_version", "read the version");
        FAIL() << "reading a text file as a database did not throw";
    }
    catch (const TwinStoreError& e)
    {
        std::string message = e.what();
        EXPECT_NE(message.find("file is not a database"), std::string::npos) << message;
    }
}

} // namespace
} // namespace test
} // namespace ns3
