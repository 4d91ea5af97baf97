/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_CLI_COMMON_H
#define DTWIN_CLI_COMMON_H

#include "cli-table.h"

#include "ns3/twin-importer.h"
#include "ns3/twin-network.h"
#include "ns3/twin-store.h"

#include <boost/program_options.hpp>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * @file
 * What every dtwin sub-command shares: the exit-code contract, option parsing with the common
 * options (--db, --help), and opening the store.
 */

namespace ns3
{
namespace cli
{

/** Exit codes of dtwin (documented in doc/cli.md). */
enum ExitCode
{
    EXIT_OK = 0,                //!< success
    EXIT_BAD_INPUT = 1,         //!< bad input or usage
    EXIT_INTERNAL = 2,          //!< internal error
    EXIT_OBJECTIVES_FAILED = 3, //!< a scenario ran, and one of its objectives is violated
    EXIT_DRIFT = 4,             //!< sync drift/push: a device differs from the snapshot
    EXIT_PUSH_FAILED = 5,       //!< sync push failed; every device touched was rolled back
    EXIT_PUSH_INCOMPLETE = 6,   //!< sync push failed and a device could not be restored
};

/**
 * The user asked for something that cannot be done as asked (bad option, unknown id,
 * invalid input file). Exit code 1.
 */
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * Parsed options of one sub-command plus the common ones.
 */
struct ParsedArgs
{
    boost::program_options::variables_map vm; //!< all values
    std::string db;                           //!< --db
    bool help{false};                         //!< --help given
    TwinInputLimits limits;                   //!< --limit NAME=VALUE, for every file read
};

/**
 * One sub-command.
 */
struct Command
{
    std::string name;    //!< as typed
    std::string usage;   //!< synopsis after "dtwin NAME"
    std::string summary; //!< one line for the command list
    /** Adds the command's own options and positional arguments. */
    std::function<void(boost::program_options::options_description&,
                       boost::program_options::positional_options_description&)>
        declare;
    /** Runs the command; returns the exit code. */
    std::function<int(const ParsedArgs&)> run;
};

/** @return every sub-command, in the order --help lists them */
const std::vector<Command>& Commands();

/**
 * Open the store named by --db, turning open failures into UsageError (the user's file).
 * @param args parsed arguments
 * @return the open store
 */
std::unique_ptr<TwinStore> OpenStore(const ParsedArgs& args);

/**
 * Resolve a snapshot reference (id or hash prefix) or fail with UsageError.
 * @param store the store
 * @param ref the reference as typed
 * @return the snapshot
 */
TwinSnapshotInfo RequireSnapshot(TwinStore& store, const std::string& ref);

/**
 * Read --format (default table).
 * @param args parsed arguments
 * @return the format
 */
TableFormat FormatOption(const ParsedArgs& args);

/**
 * Resolve a --tcp-variant value: an ns-3 TCP congestion control named in full
 * ("ns3::TcpCubic"), without the namespace ("TcpCubic") or by its short name ("cubic"), in
 * any case.
 * @param name the value given
 * @return the TypeId name, e.g. "ns3::TcpCubic"
 * @throws UsageError naming the variants ns-3 has when none matches
 */
std::string ResolveTcpVariant(const std::string& name);

/**
 * @return the user running dtwin, from the password database (the uid if it has no entry):
 *         who the audit table names
 */
std::string CurrentUser();

/**
 * Append an entry to the store's audit table in the name of the current user.
 * @param store the store
 * @param action what was done, e.g. "change-set-apply", "push-dry-run"
 * @param changeSetId the change set it concerns (0 = none)
 * @param detail what exactly
 * @param outcome how it ended, e.g. "ok", "refused", "failed"
 */
void AppendAudit(TwinStore& store, const std::string& action, int64_t changeSetId,
                 const std::string& detail, const std::string& outcome);

/**
 * Print every diagnostic to standard error, one a line, so the user sees warnings as well as
 * errors before a command goes on or fails.
 * @param diagnostics what an importer or reader reported
 * @return the number of errors among them
 */
std::size_t PrintDiagnostics(const TwinDiagnostics& diagnostics);

/**
 * Totals of a run's results, as the KPI summary and the report show them.
 */
struct RunTotals
{
    uint64_t txPackets{0};                  //!< packets sent, all flows
    uint64_t rxPackets{0};                  //!< packets received
    uint64_t lostPackets{0};                //!< packets FlowMonitor declared lost
    uint64_t rxBytes{0};                    //!< bytes received
    double delayMeanSeconds{0};             //!< mean delay of the received packets
    double delayMaxSeconds{0};              //!< largest delay
    uint64_t queueDrops{0};                 //!< packets dropped by queues, all links
    const TwinLinkResult* busiest{nullptr}; //!< link direction with the highest peak
    std::size_t saturatedLinks{0};          //!< link directions whose peak reached 0.9
};

/**
 * @param results a run's results
 * @return their totals (busiest points into results)
 */
RunTotals SumRunResults(const TwinRunResults& results);

/**
 * Print the KPI summary of a run (the table `dtwin run` and `dtwin results` show).
 * @param run the run record
 * @param results its results
 * @param format output format
 */
void PrintRunSummary(const TwinRunRecord& run, const TwinRunResults& results, TableFormat format);

/**
 * Report progress on stderr while long work runs, only when stderr is a terminal. Prints
 * nothing during the first second.
 */
class Progress
{
public:
    /**
     * @param what a short label, e.g. "importing"
     */
    explicit Progress(std::string what);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    /**
     * Update the status shown after the label (thread-safe); ends a Track().
     * @param status short text, e.g. "storing results"
     */
    void Update(const std::string& status);
    /**
     * Show a status that changes while the work runs: the display thread calls the function
     * each time it prints (every half second), until the next Update() or Track().
     * @param status returns the current status; it runs on the display thread, so it must
     *        only read thread-safe state (e.g. a std::atomic)
     */
    void Track(std::function<std::string()> status);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl; //!< worker thread state
};

// Sub-command entry points, one per file.
/** @return the import command */
Command ImportCommand();
/** @return the snapshots command */
Command SnapshotsCommand();
/** @return the show command */
Command ShowCommand();
/** @return the run command */
Command RunCommand();
/** @return the sync command (pull, drift, push against real devices) */
Command SyncCommand();
/** @return the change-set command (store, apply, verify change sets) */
Command ChangeSetCommand();
/** @return the runs command */
Command RunsCommand();
/** @return the sweeps command */
Command SweepsCommand();
/** @return the results command */
Command ResultsCommand();
Command DiffCommand();
Command ReplayCommand();
Command ImportTrafficCommand();
Command TrafficCommand();

} // namespace cli
} // namespace ns3

#endif
