/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_STORE_H
#define TWIN_STORE_H

#include "twin-network.h"
#include "twin-results.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The twin store: one SQLite file with immutable, content-hashed snapshots, demand sets,
 * runs and their results. Schema in doc/store.md.
 */

namespace ns3
{

class SqliteDatabase;

/**
 * @ingroup digital-twin
 * A store operation failed (I/O, corruption, constraint, unknown id). The message names the
 * file and what was being done.
 */
class TwinStoreError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * @ingroup digital-twin
 * One row of the snapshot list.
 */
struct TwinSnapshotInfo
{
    int64_t id{0};           //!< snapshot id
    std::string contentHash; //!< hex SHA-256 of the canonical content
    std::string source;      //!< path the user imported
    std::string importer;    //!< format name of the importer
    std::string name;        //!< network name
    uint64_t nodeCount{0};   //!< nodes
    uint64_t linkCount{0};   //!< directed links
    uint64_t routeCount{0};  //!< static routes
    int64_t demandSetId{0};  //!< default traffic (0 = none)
    std::string createdAt;   //!< ISO 8601 UTC
};

/**
 * @ingroup digital-twin
 * Provenance of a snapshot: files, importer and the diagnostics of its import.
 */
struct TwinProvenance
{
    std::vector<std::pair<std::string, std::string>> files; //!< (path, sha256) per file
    std::vector<std::string> diagnostics;                   //!< warnings and notes, one line each
};

/**
 * @ingroup digital-twin
 * The SQLite twin store. Opening migrates the schema forward (PRAGMA user_version), turns on
 * WAL and foreign keys. Every write is one transaction. Not thread-safe; several processes
 * may share one file (writers wait on a busy timeout).
 */
class TwinStore
{
public:
    /**
     * Open or create a store.
     * @param path the SQLite file
     * @throws TwinStoreError if it cannot be opened, is not a twin store, or is newer than
     *         this build understands
     */
    explicit TwinStore(const std::string& path);
    ~TwinStore();
    TwinStore(const TwinStore&) = delete;
    TwinStore& operator=(const TwinStore&) = delete;

    /** @return the schema version this build writes */
    static int SchemaVersion();
    /** @return the file path */
    const std::string& GetPath() const;

    /**
     * Hex SHA-256 of the canonical form of a network (node, link, route and demand content;
     * independent of source file names and locations).
     * @param network the network
     * @return the hash
     */
    static std::string ContentHash(const TwinNetwork& network);

    /**
     * Store a snapshot, or find the identical one already stored. Demands in the network
     * become the snapshot's default demand set.
     * @param network a validated network
     * @param source what the user imported (path)
     * @param importer format name
     * @param provenance files and diagnostics
     * @param existed set to true when an identical snapshot was already there
     * @return the snapshot id
     */
    int64_t SaveSnapshot(const TwinNetwork& network, const std::string& source,
                         const std::string& importer, const TwinProvenance& provenance,
                         bool* existed);
    /** @return all snapshots, oldest first */
    std::vector<TwinSnapshotInfo> ListSnapshots();
    /**
     * @param ref an id, or a prefix of at least 6 hex digits of a content hash
     * @return the snapshot, or nothing
     * @throws TwinStoreError if a hash prefix is ambiguous
     */
    std::optional<TwinSnapshotInfo> FindSnapshot(const std::string& ref);
    /**
     * @param id a snapshot id
     * @return the network as stored (routes and demands included)
     * @throws TwinStoreError for an unknown id
     */
    TwinNetwork LoadSnapshot(int64_t id);
    /** @param id snapshot id @return its provenance */
    TwinProvenance LoadProvenance(int64_t id);

    /**
     * Store a demand set, or find the identical one.
     * @param demands the demands
     * @param source where they came from
     * @return demand set id
     */
    int64_t SaveDemandSet(const std::vector<TwinDemand>& demands, const std::string& source);
    /** @param id demand set id @return its demands @throws TwinStoreError if unknown */
    std::vector<TwinDemand> LoadDemandSet(int64_t id);

    /**
     * Store a finished run and all its results in one transaction.
     * @param run the record (id and createdAt are ignored)
     * @param results flows, links, samples
     * @return the new run id
     */
    int64_t SaveRun(const TwinRunRecord& run, const TwinRunResults& results);
    /**
     * Store a finished run, all its results and the demands it simulated in one
     * transaction: the demands are stored as a demand set (or the identical stored set is
     * used), and its id replaces run.demandSetId. If anything fails, nothing is stored, not
     * even the demand set.
     * @param run the record (id, createdAt and demandSetId are ignored)
     * @param results flows, links, samples
     * @param demands the demands of the run
     * @param demandSource where the demands came from
     * @return the new run id
     */
    int64_t SaveRun(const TwinRunRecord& run, const TwinRunResults& results,
                    const std::vector<TwinDemand>& demands, const std::string& demandSource);
    /** @return all runs, oldest first */
    std::vector<TwinRunRecord> ListRuns();
    /** @param id run id @return the run, or nothing */
    std::optional<TwinRunRecord> FindRun(int64_t id);
    /** @param id run id @return its results @throws TwinStoreError if unknown */
    TwinRunResults LoadRunResults(int64_t id);

private:
    /**
     * SaveRun, with the demands (if not null) stored as a demand set in the same transaction.
     * @param run the record
     * @param results its results
     * @param demands the demands to store, or nullptr to keep run.demandSetId
     * @param demandSource where the demands came from
     * @return the new run id
     */
    int64_t SaveRunWithDemands(const TwinRunRecord& run, const TwinRunResults& results,
                               const std::vector<TwinDemand>* demands,
                               const std::string& demandSource);

    std::string m_path;                   //!< file path
    std::unique_ptr<SqliteDatabase> m_db; //!< the connection
};

} // namespace ns3

#endif /* TWIN_STORE_H */
