/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sqlite-database.h"

#include "twin-store.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sqlite3.h>
#include <thread>
#include <utility>

namespace ns3
{

namespace
{

/**
 * @param path the database file
 * @param purpose what was being done
 * @param message SQLite's message
 * @return the text of a store error
 */
std::string
FormatError(const std::string& path, const std::string& purpose, const std::string& message)
{
    return "twin store '" + path + "': " + purpose + ": " + message;
}

} // namespace

SqliteDatabase::SqliteDatabase(const std::string& path) : m_path(path)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK)
    {
        // SQLite allocates a handle even on failure; it carries the message and must be closed.
        std::string message = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw TwinStoreError(FormatError(path, "cannot open the file", message));
    }
    sqlite3_extended_result_codes(m_db, 1);
}

SqliteDatabase::~SqliteDatabase()
{
    // Statements are owned by their SqliteStatement objects, which must be gone by now;
    // sqlite3_close_v2 still defers the close if one was leaked, rather than failing.
    sqlite3_close_v2(m_db);
}

void
SqliteDatabase::SetBusyTimeout(int milliseconds)
{
    int rc = sqlite3_busy_timeout(m_db, milliseconds);
    if (rc != SQLITE_OK)
    {
        Fail("set the busy timeout", rc);
    }
    m_busyTimeoutMs = milliseconds;
}

void
SqliteDatabase::SetBusyWait(int milliseconds, std::function<void(double)> notice, int noticeAfterMs)
{
    m_busyNotice = std::move(notice);
    m_busyNoticeAfterMs = noticeAfterMs;
    int rc = sqlite3_busy_handler(m_db, &SqliteDatabase::BusyHandler, this);
    if (rc != SQLITE_OK)
    {
        Fail("set the busy handler", rc);
    }
    m_busyTimeoutMs = milliseconds;
}

int
SqliteDatabase::BusyHandler(void* self, int count)
{
    auto* db = static_cast<SqliteDatabase*>(self);
    auto now = std::chrono::steady_clock::now();
    if (count == 0)
    {
        db->m_busySince = now;
        db->m_nextNoticeSeconds = db->m_busyNoticeAfterMs / 1000.0;
    }
    double waited = std::chrono::duration<double>(now - db->m_busySince).count();
    if (waited * 1000.0 >= db->m_busyTimeoutMs)
    {
        return 0;
    }
    if (db->m_busyNotice && waited >= db->m_nextNoticeSeconds)
    {
        db->m_nextNoticeSeconds = waited + 30.0;
        try
        {
            db->m_busyNotice(waited);
        }
        catch (...)
        {
            // A notice that fails must not turn a wait into an error (nor cross the C API).
        }
    }
    // Short sleeps first, as SQLite's own busy timeout: most locks are held for milliseconds.
    static const int kDelaysMs[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    constexpr int kDelayCount = sizeof(kDelaysMs) / sizeof(kDelaysMs[0]);
    int delay = kDelaysMs[std::min(count, kDelayCount - 1)];
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    return 1;
}

void
SqliteDatabase::Execute(const std::string& sql, const std::string& purpose)
{
    char* error = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK)
    {
        std::string message = error != nullptr ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw TwinStoreError(FormatError(m_path, purpose, message));
    }
}

int64_t
SqliteDatabase::QueryInt64(const std::string& sql, const std::string& purpose)
{
    SqliteStatement statement(*this, sql, purpose);
    if (!statement.Step())
    {
        throw TwinStoreError(FormatError(m_path, purpose, "the query returned no row"));
    }
    int64_t value = statement.ColumnInt64(0);
    statement.Reset();
    return value;
}

std::string
SqliteDatabase::QueryText(const std::string& sql, const std::string& purpose)
{
    SqliteStatement statement(*this, sql, purpose);
    if (!statement.Step())
    {
        throw TwinStoreError(FormatError(m_path, purpose, "the query returned no row"));
    }
    std::string value = statement.ColumnText(0);
    statement.Reset();
    return value;
}

std::string
SqliteDatabase::LastErrorMessage() const
{
    return sqlite3_errmsg(m_db);
}

bool
SqliteDatabase::LastErrorWasBusy() const
{
    // The extended codes (e.g. SQLITE_BUSY_RECOVERY) share the primary code's low byte.
    return (sqlite3_extended_errcode(m_db) & 0xff) == SQLITE_BUSY;
}

int64_t
SqliteDatabase::LastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

void
SqliteDatabase::Fail(const std::string& purpose, int code) const
{
    std::string message = sqlite3_errmsg(m_db);
    if (message == "not an error")
    {
        message = sqlite3_errstr(code);
    }
    throw TwinStoreError(FormatError(m_path, purpose, message));
}

SqliteStatement::SqliteStatement(SqliteDatabase& db, const std::string& sql,
                                 const std::string& purpose)
    : m_db(&db), m_purpose(purpose)
{
    int rc = sqlite3_prepare_v2(db.Handle(), sql.c_str(), static_cast<int>(sql.size() + 1), &m_stmt,
                                nullptr);
    if (rc != SQLITE_OK)
    {
        db.Fail(purpose + " (preparing the statement)", rc);
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_purpose(std::move(other.m_purpose))
{
}

SqliteStatement&
SqliteStatement::operator=(SqliteStatement&& other) noexcept
{
    if (this != &other)
    {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_purpose = std::move(other.m_purpose);
    }
    return *this;
}

void
SqliteStatement::Fail(int code, const std::string& detail) const
{
    std::string purpose = detail.empty() ? m_purpose : m_purpose + " " + detail;
    m_db->Fail(purpose, code);
}

std::string
SqliteStatement::ParameterName(int index) const
{
    const char* name = sqlite3_bind_parameter_name(m_stmt, index);
    return name != nullptr ? name : "#" + std::to_string(index);
}

void
SqliteStatement::CheckBind(int code, int index) const
{
    if (code != SQLITE_OK)
    {
        Fail(code, "(binding parameter " + ParameterName(index) + ")");
    }
}

SqliteStatement&
SqliteStatement::BindInt64(int index, int64_t value)
{
    CheckBind(sqlite3_bind_int64(m_stmt, index, value), index);
    return *this;
}

SqliteStatement&
SqliteStatement::BindUint64(int index, uint64_t value)
{
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    {
        throw TwinStoreError(FormatError(m_db->GetPath(), m_purpose,
                                         "parameter " + ParameterName(index) + " value " +
                                             std::to_string(value) +
                                             " exceeds the SQLite integer range"));
    }
    return BindInt64(index, static_cast<int64_t>(value));
}

SqliteStatement&
SqliteStatement::BindDouble(int index, double value)
{
    if (std::isnan(value))
    {
        throw TwinStoreError(FormatError(m_db->GetPath(), m_purpose,
                                         "parameter " + ParameterName(index) +
                                             " is NaN, which SQLite cannot store"));
    }
    CheckBind(sqlite3_bind_double(m_stmt, index, value), index);
    return *this;
}

SqliteStatement&
SqliteStatement::BindText(int index, const std::string& value)
{
    CheckBind(sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                  SQLITE_UTF8),
              index);
    return *this;
}

SqliteStatement&
SqliteStatement::BindBlob(int index, const std::string& bytes)
{
    CheckBind(sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
              index);
    return *this;
}

SqliteStatement&
SqliteStatement::BindNull(int index)
{
    CheckBind(sqlite3_bind_null(m_stmt, index), index);
    return *this;
}

SqliteStatement&
SqliteStatement::BindOptionalInt64(int index, const std::optional<int64_t>& value)
{
    return value ? BindInt64(index, *value) : BindNull(index);
}

SqliteStatement&
SqliteStatement::BindOptionalDouble(int index, const std::optional<double>& value)
{
    return value ? BindDouble(index, *value) : BindNull(index);
}

SqliteStatement&
SqliteStatement::BindTextOrNull(int index, const std::string& value)
{
    return value.empty() ? BindNull(index) : BindText(index, value);
}

bool
SqliteStatement::Step()
{
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
    {
        return true;
    }
    if (rc == SQLITE_DONE)
    {
        Reset();
        return false;
    }
    // Take the message before resetting, then leave the statement reusable.
    std::string purpose = m_purpose;
    std::string message = sqlite3_errmsg(m_db->Handle());
    Reset();
    throw TwinStoreError(FormatError(m_db->GetPath(), purpose, message));
}

void
SqliteStatement::Run(const std::string& detail)
{
    int rc;
    while ((rc = sqlite3_step(m_stmt)) == SQLITE_ROW)
    {
    }
    if (rc != SQLITE_DONE)
    {
        std::string purpose = detail.empty() ? m_purpose : m_purpose + " " + detail;
        std::string message = sqlite3_errmsg(m_db->Handle());
        Reset();
        throw TwinStoreError(FormatError(m_db->GetPath(), purpose, message));
    }
    Reset();
}

void
SqliteStatement::Reset()
{
    // sqlite3_reset repeats the last step's error, which was already reported.
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool
SqliteStatement::IsNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int64_t
SqliteStatement::ColumnInt64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

uint64_t
SqliteStatement::ColumnUint64(int column) const
{
    int64_t value = sqlite3_column_int64(m_stmt, column);
    if (value < 0)
    {
        throw TwinStoreError(FormatError(m_db->GetPath(), m_purpose,
                                         "column " + std::to_string(column) + " holds " +
                                             std::to_string(value) +
                                             " where a non-negative integer is expected"));
    }
    return static_cast<uint64_t>(value);
}

double
SqliteStatement::ColumnDouble(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string
SqliteStatement::ColumnText(int column) const
{
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    if (text == nullptr)
    {
        return "";
    }
    int bytes = sqlite3_column_bytes(m_stmt, column);
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

std::string
SqliteStatement::ColumnBlob(int column) const
{
    // sqlite3_column_blob returns NULL for an empty blob too: the length decides.
    const void* data = sqlite3_column_blob(m_stmt, column);
    int bytes = sqlite3_column_bytes(m_stmt, column);
    if (data == nullptr || bytes <= 0)
    {
        return "";
    }
    return std::string(static_cast<const char*>(data), static_cast<std::size_t>(bytes));
}

std::optional<int64_t>
SqliteStatement::ColumnOptionalInt64(int column) const
{
    if (IsNull(column))
    {
        return std::nullopt;
    }
    return ColumnInt64(column);
}

std::optional<double>
SqliteStatement::ColumnOptionalDouble(int column) const
{
    if (IsNull(column))
    {
        return std::nullopt;
    }
    return ColumnDouble(column);
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db, const std::string& purpose, Mode mode)
    : m_db(db), m_purpose(purpose)
{
    try
    {
        m_db.Execute(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED",
                     purpose + " (beginning the transaction)");
    }
    catch (const TwinStoreError&)
    {
        if (mode != Mode::Immediate || !m_db.LastErrorWasBusy())
        {
            throw;
        }
        // SQLite only says "database is locked": say who and for how long, and that nothing
        // was changed.
        int waited = m_db.GetBusyTimeout();
        throw TwinStoreError(FormatError(
            m_db.GetPath(), purpose,
            "another process kept the store's write lock for more than " +
                (waited < 1000 ? std::to_string(waited) + " ms"
                               : std::to_string(waited / 1000) + " s") +
                " (a long import or an open sqlite3 transaction?); nothing was written, try "
                "again when it has finished"));
    }
}

SqliteTransaction::~SqliteTransaction()
{
    // A failed statement may already have ended the transaction (e.g. SQLITE_FULL), so
    // only roll back what is still open; errors cannot be reported from a destructor.
    if (m_open && sqlite3_get_autocommit(m_db.Handle()) == 0)
    {
        sqlite3_exec(m_db.Handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void
SqliteTransaction::Commit()
{
    m_db.Execute("COMMIT", m_purpose + " (committing)");
    m_open = false;
}

} // namespace ns3
