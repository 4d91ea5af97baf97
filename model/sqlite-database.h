/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SQLITE_DATABASE_H
#define SQLITE_DATABASE_H

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

/**
 * @file
 * @ingroup digital-twin
 * Thin RAII wrappers over the SQLite C API for the twin store: a connection, a prepared
 * statement and a transaction guard. Every failure throws TwinStoreError naming the file,
 * what was being done and SQLite's own message.
 */

namespace ns3
{

class SqliteStatement;

/**
 * @ingroup digital-twin
 * One SQLite connection (owns the sqlite3 handle).
 */
class SqliteDatabase
{
public:
    /**
     * Open (and create if missing) a database file for reading and writing. Nothing is read
     * yet: SQLite opens lazily, so a file that is not a database is only detected by the
     * first statement.
     * @param path the file
     * @throws TwinStoreError if the file cannot be opened
     */
    explicit SqliteDatabase(const std::string& path);
    /** Close the connection; statements made from it must be gone by then. */
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    /** @return the file path */
    const std::string& GetPath() const { return m_path; }

    /** @return the raw handle, owned by this object */
    sqlite3* Handle() const { return m_db; }

    /**
     * Set how long a statement waits for another connection's lock before failing.
     * @param milliseconds the timeout
     */
    void SetBusyTimeout(int milliseconds);

    /**
     * Wait for other connections' locks like SetBusyTimeout, and tell someone about long
     * waits: a person waiting for another process's import should know why nothing happens.
     * @param milliseconds how long one lock may be waited for before the statement fails
     * @param notice called while a statement waits, once the wait has lasted noticeAfterMs
     *        and then every 30 s, with the seconds waited so far; may be empty; what it
     *        throws is ignored
     * @param noticeAfterMs wait before the first notice
     */
    void SetBusyWait(int milliseconds, std::function<void(double)> notice, int noticeAfterMs);

    /** @return the lock wait set by SetBusyTimeout or SetBusyWait, in milliseconds (0: none) */
    int GetBusyTimeout() const { return m_busyTimeoutMs; }

    /**
     * Run SQL text without parameters (schema statements, pragmas, transaction control).
     * Never use it for values: those go through SqliteStatement bindings.
     * @param sql one or more statements
     * @param purpose what is being done, for the error message
     * @throws TwinStoreError on failure
     */
    void Execute(const std::string& sql, const std::string& purpose);

    /**
     * Run a query that yields one integer (e.g. "PRAGMA user_version").
     * @param sql the query, without parameters
     * @param purpose what is being done, for the error message
     * @return the first column of the first row
     * @throws TwinStoreError on failure or if there is no row
     */
    int64_t QueryInt64(const std::string& sql, const std::string& purpose);

    /**
     * Run a query that yields one text value (e.g. "PRAGMA journal_mode=WAL").
     * @param sql the query, without parameters
     * @param purpose what is being done, for the error message
     * @return the first column of the first row
     * @throws TwinStoreError on failure or if there is no row
     */
    std::string QueryText(const std::string& sql, const std::string& purpose);

    /** @return SQLite's message for the most recent failed call on this connection */
    std::string LastErrorMessage() const;

    /**
     * Some statements fail at once when another connection holds a lock, without waiting on
     * the busy timeout (e.g. a change of journal mode); callers that must wait retry them.
     * @return true if the most recent failed call on this connection failed because the
     *         database was locked by another connection (SQLITE_BUSY)
     */
    bool LastErrorWasBusy() const;

    /** @return the rowid of the last successful INSERT on this connection */
    int64_t LastInsertRowId() const;

    /**
     * Throw the error for a failed call, with the file, purpose and sqlite3_errmsg.
     * @param purpose what was being done
     * @param code the SQLite result code
     */
    [[noreturn]] void Fail(const std::string& purpose, int code) const;

private:
    /**
     * SQLite's busy handler for SetBusyWait.
     * @param self the SqliteDatabase
     * @param count how often it was called for this lock already (0: the first time)
     * @return 1 to try again, 0 to fail with SQLITE_BUSY
     */
    static int BusyHandler(void* self, int count);

    std::string m_path;                                //!< file path, for messages
    sqlite3* m_db{nullptr};                            //!< the connection
    int m_busyTimeoutMs{0};                            //!< lock wait before failing
    std::function<void(double)> m_busyNotice;          //!< told about long waits (may be empty)
    int m_busyNoticeAfterMs{0};                        //!< wait before the first notice
    std::chrono::steady_clock::time_point m_busySince; //!< start of the current wait
    double m_nextNoticeSeconds{0};                     //!< wait at which to notify next
};

/**
 * @ingroup digital-twin
 * A prepared statement (owns the sqlite3_stmt). Parameters are 1-based, columns 0-based,
 * as in the C API. After a statement finishes (Step returned false, or Run), it is reset
 * and may be bound and run again.
 */
class SqliteStatement
{
public:
    /**
     * Prepare a statement.
     * @param db the connection; must outlive the statement
     * @param sql one SQL statement with ? parameters
     * @param purpose what the statement does, for error messages
     * @throws TwinStoreError if the SQL does not compile
     */
    SqliteStatement(SqliteDatabase& db, const std::string& sql, const std::string& purpose);
    /** Finalize the statement. */
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    /** @param other statement to take over */
    SqliteStatement(SqliteStatement&& other) noexcept;
    /** @param other statement to take over @return this */
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;

    /**
     * @param index 1-based parameter
     * @param value the value
     * @return this
     */
    SqliteStatement& BindInt64(int index, int64_t value);
    /**
     * Bind an unsigned value; SQLite integers are signed 64-bit.
     * @param index 1-based parameter
     * @param value the value
     * @return this
     * @throws TwinStoreError if the value exceeds the largest signed 64-bit integer
     */
    SqliteStatement& BindUint64(int index, uint64_t value);
    /**
     * @param index 1-based parameter
     * @param value the value
     * @return this
     * @throws TwinStoreError for NaN, which SQLite would silently turn into NULL
     */
    SqliteStatement& BindDouble(int index, double value);
    /**
     * @param index 1-based parameter
     * @param value the value (copied by SQLite)
     * @return this
     */
    SqliteStatement& BindText(int index, const std::string& value);
    /**
     * @param index 1-based parameter
     * @param bytes the value's bytes, stored as a BLOB (copied by SQLite)
     * @return this
     */
    SqliteStatement& BindBlob(int index, const std::string& bytes);
    /**
     * @param index 1-based parameter
     * @return this
     */
    SqliteStatement& BindNull(int index);
    /**
     * Bind a value or NULL.
     * @param index 1-based parameter
     * @param value the value or nothing
     * @return this
     */
    SqliteStatement& BindOptionalInt64(int index, const std::optional<int64_t>& value);
    /**
     * Bind a value or NULL.
     * @param index 1-based parameter
     * @param value the value or nothing
     * @return this
     */
    SqliteStatement& BindOptionalDouble(int index, const std::optional<double>& value);
    /**
     * Bind text, or NULL when it is empty.
     * @param index 1-based parameter
     * @param value the text
     * @return this
     */
    SqliteStatement& BindTextOrNull(int index, const std::string& value);

    /**
     * Advance the statement.
     * @return true if a row is available, false when done (the statement is then reset)
     * @throws TwinStoreError on failure (the statement is reset)
     */
    bool Step();
    /**
     * Run a statement that returns no rows, then reset it for reuse.
     * @param detail optional words naming the element being written, for error messages
     * @throws TwinStoreError on failure
     */
    void Run(const std::string& detail = "");
    /** Reset the statement and clear its bindings. */
    void Reset();

    /** @param column 0-based column @return true if the value is NULL */
    bool IsNull(int column) const;
    /** @param column 0-based column @return the value as a signed integer */
    int64_t ColumnInt64(int column) const;
    /**
     * @param column 0-based column
     * @return the value as an unsigned integer
     * @throws TwinStoreError if the stored value is negative
     */
    uint64_t ColumnUint64(int column) const;
    /** @param column 0-based column @return the value as a double */
    double ColumnDouble(int column) const;
    /** @param column 0-based column @return the value as text ("" for NULL) */
    std::string ColumnText(int column) const;
    /** @param column 0-based column @return the value's bytes as a BLOB ("" for NULL) */
    std::string ColumnBlob(int column) const;
    /** @param column 0-based column @return the value, or nothing for NULL */
    std::optional<int64_t> ColumnOptionalInt64(int column) const;
    /** @param column 0-based column @return the value, or nothing for NULL */
    std::optional<double> ColumnOptionalDouble(int column) const;

private:
    /**
     * Throw for a failed call on this statement.
     * @param code the SQLite result code
     * @param detail extra words for the message (may be empty)
     */
    [[noreturn]] void Fail(int code, const std::string& detail) const;
    /**
     * @param index 1-based parameter
     * @return its name in the SQL (":name"), or "#index" for an anonymous one
     */
    std::string ParameterName(int index) const;
    /**
     * Check the result of a bind call.
     * @param code the result
     * @param index the parameter
     */
    void CheckBind(int code, int index) const;

    SqliteDatabase* m_db{nullptr}; //!< the connection (not owned)
    sqlite3_stmt* m_stmt{nullptr}; //!< the statement
    std::string m_purpose;         //!< what it does, for messages
};

/**
 * @ingroup digital-twin
 * A transaction that rolls back when it goes out of scope without Commit(), e.g. because an
 * exception is propagating.
 */
class SqliteTransaction
{
public:
    /** How the transaction takes locks. */
    enum class Mode
    {
        Deferred, //!< read transaction; takes the write lock only when writing
        Immediate //!< takes the write lock at once (waits on the busy timeout)
    };

    /**
     * Begin a transaction.
     * @param db the connection
     * @param purpose what the transaction does, for error messages
     * @param mode how to lock
     * @throws TwinStoreError if it cannot begin (e.g. the write lock times out)
     */
    SqliteTransaction(SqliteDatabase& db, const std::string& purpose, Mode mode);
    /** Roll back unless committed; never throws. */
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    /**
     * Commit the transaction.
     * @throws TwinStoreError if the commit fails (the transaction is then rolled back)
     */
    void Commit();

private:
    SqliteDatabase& m_db;  //!< the connection
    std::string m_purpose; //!< for messages
    bool m_open{true};     //!< false once committed or rolled back
};

} // namespace ns3

#endif /* SQLITE_DATABASE_H */
