/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_STORE_H
#define TWIN_STORE_H

#include "twin-network.h"
#include "twin-results.h"
#include "twin-traffic.h"

#include <chrono>
#include <cstdint>
#include <functional>
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
class SqliteStatement;
class SqliteTransaction;
class TwinStore;

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
 * A scenario document as stored: the exact text that was run, kept once per content.
 */
struct TwinScenarioInfo
{
    int64_t id{0};           //!< scenario id
    std::string name;        //!< the scenario's name leaf
    std::string contentHash; //!< hex SHA-256 of the text
    std::string format;      //!< "json" or "xml"
    std::string sourcePath;  //!< file the user ran (first time stored)
    std::string text;        //!< the document
    std::string createdAt;   //!< ISO 8601 UTC
};

/**
 * @ingroup digital-twin
 * One invocation of a scenario: all its variants times seeds, run serially or by several
 * processes. Runs point to it.
 */
struct TwinSweepInfo
{
    int64_t id{0};           //!< sweep id
    int64_t scenarioId{0};   //!< the scenario
    int64_t snapshotId{0};   //!< the base snapshot
    uint64_t plannedRuns{0}; //!< variants times seeds
    std::string kind;        //!< "run" (dtwin run) or "replay" (dtwin replay)
    std::string createdAt;   //!< ISO 8601 UTC
    uint64_t storedRuns{0};  //!< runs stored in it so far
    uint64_t passedRuns{0};  //!< stored runs whose verdict is "pass"
    uint64_t failedRuns{0};  //!< stored runs whose verdict is "fail"
    uint64_t errorRuns{0};   //!< stored runs whose simulation failed (status "failed")
    std::string endedAt;     //!< ISO 8601 UTC when its process ended it, empty while not
    std::string ownerHost;   //!< host name of the process that runs it (empty: unknown)
    int64_t ownerPid{0};     //!< that process's id (0: unknown)
    std::string ownerStart;  //!< that process's boot id and start time, tells a reused pid
    /**
     * "complete" (ended with every planned run), "incomplete" (ended with fewer), "running"
     * (not ended, and its process lives or is on another host) or "abandoned" (not ended,
     * and its process on this host is gone: killed, or crashed).
     */
    std::string state;
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
 * A stored set of collected traffic (one capture or flow export, imported against one
 * snapshot): where it came from, how it was read and what reading it gave.
 */
struct TwinTrafficSetInfo
{
    int64_t id{0};               //!< traffic set id (ignored by BeginTrafficSet)
    int64_t snapshotId{0};       //!< the snapshot its addresses were mapped on
    std::string sourcePath;      //!< the capture or export file as the user named it
    std::string format;          //!< reader format name ("pcap", "ipfix", "netflow-v5"...)
    std::string contentSha256;   //!< hex SHA-256 of the input file
    bool anonymised{false};      //!< addresses were anonymised before they were stored
    std::string optionsJson;     //!< the read and mapping options, a JSON object
    uint64_t recordsRead{0};     //!< packets or flow records read (set at Commit)
    uint64_t recordsSkipped{0};  //!< bad ones skipped (set at Commit)
    uint64_t flows{0};           //!< flows stored (set at Commit)
    uint64_t bytes{0};           //!< bytes of the stored flows (set at Commit)
    std::string createdAt;       //!< ISO 8601 UTC (ignored by BeginTrafficSet)
    bool packetSequences{false}; //!< packet sequences are stored (set once AddPackets ran)
};

/**
 * @ingroup digital-twin
 * A stored change set (module ns3-digital-twin-change-set): the exact document, kept once per
 * content.
 */
struct TwinChangeSetInfo
{
    int64_t id{0};           //!< change set id
    std::string contentHash; //!< hex SHA-256 of the text
    std::string format;      //!< "json" or "xml"
    std::string description; //!< the document's description, or empty
    std::string sourcePath;  //!< file it was read from (first time stored)
    std::string text;        //!< the document
    std::string createdAt;   //!< ISO 8601 UTC
};

/**
 * @ingroup digital-twin
 * A snapshot derived from a base snapshot by applying a change set.
 */
struct TwinDerivedSnapshotInfo
{
    int64_t snapshotId{0};     //!< the derived snapshot (the base itself if nothing changed)
    int64_t baseSnapshotId{0}; //!< the snapshot the change set was applied to
    int64_t changeSetId{0};    //!< the change set
    std::string createdAt;     //!< ISO 8601 UTC
};

/**
 * @ingroup digital-twin
 * A verification: a change set applied to a baseline snapshot, and a scenario swept on the
 * derived snapshot. It passes only when every planned run was stored and every objective
 * verdict of every run passed (and there was at least one verdict).
 */
struct TwinVerificationInfo
{
    int64_t id{0};                 //!< verification id
    int64_t changeSetId{0};        //!< the change set
    int64_t baselineSnapshotId{0}; //!< the snapshot it was applied to
    int64_t derivedSnapshotId{0};  //!< the snapshot the scenario ran on
    int64_t scenarioId{0};         //!< the scenario
    int64_t sweepId{0};            //!< the sweep of its runs (0 once the sweep is deleted)
    uint64_t runs{0};              //!< runs stored in the sweep
    uint64_t passedRuns{0};        //!< of which every verdict passed
    bool passed{false};            //!< every objective of every planned run held
    std::string user;              //!< who verified
    std::string createdAt;         //!< ISO 8601 UTC
};

/**
 * @ingroup digital-twin
 * One row of the append-only audit table: a step that changed something (in the store or on
 * a device), who did it, and how it ended.
 */
struct TwinAuditEntry
{
    int64_t id{0};          //!< entry id (ignored by AppendAudit)
    std::string time;       //!< ISO 8601 UTC with milliseconds (empty: the store sets now)
    std::string user;       //!< operating-system user who ran the step (not empty)
    std::string action;     //!< what was done, e.g. "change-set.add", "push.edit-config"
    std::string device;     //!< node-id of the device touched, or empty
    int64_t changeSetId{0}; //!< the change set concerned (0 = none)
    std::string detail;     //!< free text: what exactly (never key material)
    std::string outcome;    //!< how it ended, e.g. "ok", "failed", "refused", "rolled-back"
};

/**
 * @ingroup digital-twin
 * Which audit entries ListAudit returns; empty fields do not filter.
 */
struct TwinAuditFilter
{
    int64_t changeSetId{0}; //!< only entries about this change set (0 = all)
    std::string device;     //!< only entries about this device
    std::string action;     //!< only entries with this action
    std::string since;      //!< only entries at or after this ISO 8601 time
    uint64_t limit{0};      //!< at most this many, the newest (0 = all)
};

/**
 * @ingroup digital-twin
 * Writes one traffic set as the flows come (memory stays bounded), in one IMMEDIATE
 * transaction of its store's connection: nothing of the set is visible to others before
 * Commit, and a writer destroyed without Commit (e.g. by an exception) rolls all of it back.
 * Obtained from TwinStore::BeginTrafficSet; must not outlive its store. While it is open the
 * store's connection is inside its transaction: other writes through the same TwinStore fail.
 */
class TwinTrafficWriter
{
public:
    /** Roll back unless committed; never throws. */
    ~TwinTrafficWriter();
    TwinTrafficWriter(const TwinTrafficWriter&) = delete;
    TwinTrafficWriter& operator=(const TwinTrafficWriter&) = delete;

    /**
     * Store one flow.
     * @param flow the flow (empty nodes and rules are stored as NULL: unmapped)
     * @throws TwinStoreError for an invalid value (bad IP version, end before start, a rule
     *         without a node...), after Commit, or on a store failure
     */
    void Add(const TwinMappedFlow& flow);

    /**
     * Store one chunk of a flow's packet sequence (a TwinPacketSink's arguments). Chunks may
     * come before their flow; Commit checks that every chunk belongs to a stored flow and that
     * each flow with packets has them all (their count and bytes match the flow's).
     * @param firstPacket 1-based capture index of the flow's first packet
     * @param chunk chunk number within the flow (0, 1, ... in order)
     * @param packets the chunk's packets, in capture order (not empty)
     * @throws TwinStoreError for an empty or out-of-order chunk, after Commit, or on a store
     *         failure
     */
    void AddPackets(uint64_t firstPacket, uint32_t chunk,
                    const std::vector<TwinPacketRecord>& packets);

    /**
     * Write the set's counters and commit.
     * @param stats what reading gave; stats.flows and stats.bytes must equal what was added
     * @return the traffic set id
     * @throws TwinStoreError if the counts disagree, if already committed, or if the commit
     *         fails (the set is then rolled back)
     */
    int64_t Commit(const TwinTrafficReadStats& stats);

    /** @return flows added so far */
    uint64_t GetFlowCount() const;

private:
    friend class TwinStore;

    /**
     * Begin the transaction and insert the set row.
     * @param store the store (its writer flag is cleared on destruction)
     * @param db the store's connection
     * @param info the set
     */
    TwinTrafficWriter(TwinStore& store, SqliteDatabase& db, const TwinTrafficSetInfo& info);

    TwinStore& m_store;                               //!< owner of the connection
    SqliteDatabase& m_db;                             //!< the connection
    std::unique_ptr<SqliteTransaction> m_transaction; //!< open until Commit or destruction
    std::unique_ptr<SqliteStatement> m_insert;        //!< prepared flow insert
    std::unique_ptr<SqliteStatement> m_insertPackets; //!< prepared chunk insert (AddPackets)
    int64_t m_setId{0};                               //!< the set row
    uint64_t m_flows{0};                              //!< flows added
    uint64_t m_bytes{0};                              //!< their bytes
    bool m_committed{false};                          //!< Commit succeeded
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
     * Have long waits for another process's lock reported (e.g. while another process
     * imports a large capture, writes queue for up to the store's lock wait, 10 minutes).
     * @param notice called during a wait once it has lasted `after`, then every 30 s, with the
     *        seconds waited so far; empty: no notices
     * @param after wait before the first notice
     */
    void SetLockWaitNotice(const std::function<void(double)>& notice,
                           std::chrono::milliseconds after);

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
     * @param run the record (id and createdAt are ignored); a sweep's run carries the sweep's
     *        scenario id, and its verdict agrees with TwinRunVerdict(results.verdicts);
     *        trafficSetId (0: none) names a stored traffic set (of any snapshot: a variant may
     *        simulate a changed copy of the set's snapshot)
     * @param results flows, links, samples, demand samples and results, events, verdicts, and
     *        the replayed flows: each names a distinct demand of results.demands, a mode
     *        "packets", "rate" or "tcp", finite times, and a flow (0: none) of
     *        run.trafficSetId
     * @return the new run id
     * @throws TwinStoreError for invalid values, unknown ids or a store failure (nothing of
     *         the run is stored then)
     */
    int64_t SaveRun(const TwinRunRecord& run, const TwinRunResults& results);
    /**
     * Store a finished run, all its results and the demands it simulated in one
     * transaction: the demands are stored as a demand set (or the identical stored set is
     * used), and its id replaces run.demandSetId. If anything fails, nothing is stored, not
     * even the demand set.
     * @param run the record (id, createdAt and demandSetId are ignored; otherwise as above)
     * @param results the results, as above
     * @param demands the demands of the run
     * @param demandSource where the demands came from
     * @return the new run id
     */
    int64_t SaveRun(const TwinRunRecord& run, const TwinRunResults& results,
                    const std::vector<TwinDemand>& demands, const std::string& demandSource);
    /** @return all runs, oldest first */
    std::vector<TwinRunRecord> ListRuns();
    /**
     * @param id run id
     * @return the run (trafficSetId 0 when it replayed none or its set was deleted), or
     *         nothing
     */
    std::optional<TwinRunRecord> FindRun(int64_t id);
    /**
     * @param id run id
     * @return its results, the replayed flows in the order saved (flowId 0 once the traffic
     *         set is deleted)
     * @throws TwinStoreError if unknown
     */
    TwinRunResults LoadRunResults(int64_t id);
    /**
     * @param id run id
     * @return its objective verdicts only (what rankings need, without the samples)
     * @throws TwinStoreError if unknown
     */
    std::vector<TwinVerdict> LoadRunVerdicts(int64_t id);

    /**
     * Store a scenario document, or find the one with identical text.
     * @param name the scenario's name
     * @param text the document
     * @param format "json" or "xml"
     * @param sourcePath the file it was read from
     * @param existed set to true when the identical text was already stored (may be null)
     * @return the scenario id
     * @throws TwinStoreError for an empty name, a format other than json/xml, or a store failure
     */
    int64_t SaveScenario(const std::string& name, const std::string& text,
                         const std::string& format, const std::string& sourcePath, bool* existed);
    /** @param id scenario id @return the scenario, or nothing */
    std::optional<TwinScenarioInfo> FindScenario(int64_t id);

    /**
     * Open a sweep (before its runs are stored), owned by this process (host, pid and start
     * time are stored with it) until EndSweep.
     * @param scenarioId a stored scenario
     * @param snapshotId its base snapshot
     * @param plannedRuns how many runs it will have
     * @param kind "run" or "replay"
     * @return the sweep id
     * @throws TwinStoreError for an unknown scenario or snapshot, no planned run, or another kind
     */
    int64_t CreateSweep(int64_t scenarioId, int64_t snapshotId, uint64_t plannedRuns,
                        const std::string& kind);
    /**
     * Mark a sweep as ended by its process: from then on it is "complete" or "incomplete"
     * (whether every planned run is stored), never "running" or "abandoned". Ending a sweep
     * that has ended already changes nothing.
     * @param id sweep id
     * @throws TwinStoreError for an unknown sweep
     */
    void EndSweep(int64_t id);
    /** @param id sweep id @return the sweep, or nothing */
    std::optional<TwinSweepInfo> FindSweep(int64_t id);
    /** @return all sweeps, oldest first */
    std::vector<TwinSweepInfo> ListSweeps();
    /**
     * @param sweepId sweep id
     * @return its stored runs, in id order
     * @throws TwinStoreError for an unknown sweep
     */
    std::vector<TwinRunRecord> ListSweepRuns(int64_t sweepId);

    /**
     * Start storing a traffic set: takes the write lock until the writer commits or is
     * destroyed. Only one writer per store object at a time.
     * @param info snapshot id, source path, format, sha256, anonymised flag and options JSON
     *        (id, createdAt and the counters are ignored)
     * @return the writer
     * @throws TwinStoreError for an unknown snapshot, invalid info, another open writer, or a
     *         store failure (e.g. the write lock times out)
     */
    std::unique_ptr<TwinTrafficWriter> BeginTrafficSet(const TwinTrafficSetInfo& info);
    /** @return all committed traffic sets, oldest first */
    std::vector<TwinTrafficSetInfo> ListTrafficSets();
    /** @param id traffic set id @return the set, or nothing */
    std::optional<TwinTrafficSetInfo> FindTrafficSet(int64_t id);
    /**
     * Stream the flows of a set in start-time order (ties in insertion order), one row in
     * memory at a time, in one read transaction.
     * @param setId traffic set id
     * @param visit called for each flow (TwinMappedFlow::flowId set); an exception it throws
     *        ends the walk and propagates
     * @param withPackets also fill TwinMappedFlow::packets from the stored packet sequences
     *        (left empty for flows that have none)
     * @throws TwinStoreError for an unknown set, a damaged packet sequence, or a store failure
     */
    void ForEachTrafficFlow(int64_t setId, const std::function<void(const TwinMappedFlow&)>& visit,
                            bool withPackets = false);

    /**
     * Store a change-set document, or find the one with identical text.
     * @param text the document
     * @param format "json" or "xml"
     * @param description the document's description (may be empty)
     * @param sourcePath the file it was read from
     * @param existed set to true when the identical text was already stored (may be null)
     * @return the change set id
     * @throws TwinStoreError for an empty text, a format other than json/xml, or a store failure
     */
    int64_t SaveChangeSet(const std::string& text, const std::string& format,
                          const std::string& description, const std::string& sourcePath,
                          bool* existed = nullptr);
    /**
     * @param ref an id, or a prefix of at least 6 hex digits of a content hash
     * @return the change set, or nothing
     * @throws TwinStoreError if a hash prefix is ambiguous
     */
    std::optional<TwinChangeSetInfo> FindChangeSet(const std::string& ref);
    /** @return all change sets, oldest first */
    std::vector<TwinChangeSetInfo> ListChangeSets();

    /**
     * Store the snapshot a change set derives from a base snapshot, and link the three. The
     * same base and change set give the same derived snapshot: when the link exists its
     * snapshot id is returned and the network is not stored again.
     * @param baseSnapshotId the base snapshot
     * @param changeSetId the change set
     * @param network the derived network (ApplyTwinChangeSet of the base's network)
     * @param existed set to true when the link was already stored (may be null)
     * @return the derived snapshot id (the base's own id when the change set changed nothing)
     * @throws TwinStoreError for an unknown base snapshot or change set, or a store failure
     */
    int64_t SaveDerivedSnapshot(int64_t baseSnapshotId, int64_t changeSetId,
                                const TwinNetwork& network, bool* existed = nullptr);
    /**
     * @param baseSnapshotId a base snapshot
     * @param changeSetId a change set
     * @return the derived snapshot link, or nothing when the change set was not applied to it
     */
    std::optional<TwinDerivedSnapshotInfo> FindDerivedSnapshot(int64_t baseSnapshotId,
                                                               int64_t changeSetId);

    /**
     * Record the verification of a change set on a baseline by a finished sweep. Whether it
     * passed is judged here from the stored runs, never taken from the caller: every planned
     * run stored, each with verdict "pass", no failing objective verdict, at least one verdict.
     * @param changeSetId the change set
     * @param baselineSnapshotId the snapshot it was applied to (SaveDerivedSnapshot ran)
     * @param sweepId the sweep of the scenario on the derived snapshot
     * @param user who verified (not empty)
     * @return the stored verification
     * @throws TwinStoreError when the change set was not applied to the baseline, the sweep is
     *         unknown or ran on another snapshot than the derived one, or on a store failure
     */
    TwinVerificationInfo RecordVerification(int64_t changeSetId, int64_t baselineSnapshotId,
                                            int64_t sweepId, const std::string& user);
    /**
     * @param changeSetId a change set
     * @param baselineSnapshotId a baseline snapshot
     * @return the newest passing verification of the change set on exactly this baseline, or
     *         nothing
     */
    std::optional<TwinVerificationInfo> FindPassingVerification(int64_t changeSetId,
                                                                int64_t baselineSnapshotId);
    /**
     * @param changeSetId only this change set's (0 = all)
     * @return verifications, oldest first
     */
    std::vector<TwinVerificationInfo> ListVerifications(int64_t changeSetId = 0);

    /**
     * Append one entry to the audit table (which refuses updates and deletes).
     * @param entry the entry (id ignored; time set to now when empty)
     * @return the entry id
     * @throws TwinStoreError for an empty user, action or outcome, an unknown change set, or a
     *         store failure
     */
    int64_t AppendAudit(const TwinAuditEntry& entry);
    /**
     * @param filter which entries
     * @return the entries, oldest first
     */
    std::vector<TwinAuditEntry> ListAudit(const TwinAuditFilter& filter = {});

private:
    friend class TwinTrafficWriter;

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
    bool m_trafficWriterOpen{false};      //!< a TwinTrafficWriter holds the connection
};

} // namespace ns3

#endif /* TWIN_STORE_H */
