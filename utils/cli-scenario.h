/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_CLI_SCENARIO_H
#define DTWIN_CLI_SCENARIO_H

#include "cli-common.h"

#include "ns3/twin-objectives.h"
#include "ns3/twin-results.h"
#include "ns3/twin-scenario-runner.h"

#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * What dtwin run (with a scenario file), dtwin replay and dtwin diff share: running prepared
 * scenarios, and showing verdicts to people.
 */

namespace ns3
{
namespace cli
{

/**
 * @param bound a bound's leaf name, e.g. "max-delay-s"
 * @param value a value in the bound's unit
 * @return the value for people, e.g. "12.3 ms", "0.52 %", "4.1 Gbit/s"
 */
std::string FormatBoundValue(const std::string& bound, std::optional<double> value);

/**
 * @param summary an objective summary
 * @return "holds", "violated" and where, in words for the verdict table
 */
std::string DescribeWorst(const TwinObjectiveSummary& summary);

/**
 * Print one row per objective: target, result, worst element, measured vs limit, margin and
 * from when it holds.
 * @param verdicts the verdicts of one run
 * @param format output format
 */
void PrintVerdictTable(const std::vector<TwinVerdict>& verdicts, TableFormat format);

/**
 * Print every verdict (one row per objective, element and bound).
 * @param verdicts the verdicts
 * @param format output format
 */
void PrintVerdictRows(const std::vector<TwinVerdict>& verdicts, TableFormat format);

/**
 * Print the events applied in a run.
 * @param events the events
 * @param wallClockStart the incident's wall-clock start (ISO 8601), if the run replays one
 * @param format output format
 */
void PrintEventTimeline(const std::vector<TwinAppliedEvent>& events,
                        const std::optional<std::string>& wallClockStart, TableFormat format);

/**
 * Print objectives of two runs side by side, with what changed: "recovered" (violated in the
 * first, met in the second), "regressed", "still violated", "met in both".
 * @param a summaries of the first run
 * @param b summaries of the second run
 * @param labelA column label of the first run, e.g. "a" or "incident"
 * @param labelB column label of the second run
 * @param format output format
 */
void PrintObjectiveComparison(const std::vector<TwinObjectiveSummary>& a,
                              const std::vector<TwinObjectiveSummary>& b, const std::string& labelA,
                              const std::string& labelB, TableFormat format);

/**
 * @param wallClockStart an RFC 3339 date-and-time
 * @param seconds simulated seconds after it
 * @return the wall-clock time then, RFC 3339 in UTC with milliseconds
 */
std::string WallClockAt(const std::string& wallClockStart, double seconds);

/**
 * @param wallClockStart an RFC 3339 date-and-time (an incident's start)
 * @param wallClock another one
 * @return seconds from the start to it, or none if malformed or before the start
 */
std::optional<double> WallClockOffset(const std::string& wallClockStart,
                                      const std::string& wallClock);

/**
 * Scenario run options from the command line (--sample-interval, --drain, --queue-disc,
 * --max-runs).
 * @param args parsed arguments
 * @return the options
 */
TwinScenarioRunOptions ScenarioRunOptionsFrom(const ParsedArgs& args);

/**
 * Prepare a scenario, printing its diagnostics; a scenario with errors is a UsageError.
 * @param path the file
 * @param extraEvents events to add (a remedy)
 * @param store the store
 * @param options run options
 * @param snapshotId base snapshot to use instead of the scenario's reference, if any
 * @return the prepared scenario
 */
TwinPreparedScenario PrepareOrExplain(const std::string& path,
                                      const std::vector<TwinEvent>& extraEvents, TwinStore& store,
                                      const TwinScenarioRunOptions& options,
                                      std::optional<int64_t> snapshotId = std::nullopt);

/**
 * Run one variant in this process with a progress display; build errors are UsageErrors.
 * @param store the store
 * @param prepared the scenario
 * @param variant the variant
 * @param scenarioId stored scenario
 * @param sweepId sweep
 * @param options run options
 * @param label what the progress display says
 * @return the outcome
 */
TwinVariantOutcome RunVariantWithProgress(TwinStore& store, const TwinPreparedScenario& prepared,
                                          const TwinScenarioVariant& variant, int64_t scenarioId,
                                          int64_t sweepId, const TwinScenarioRunOptions& options,
                                          const std::string& label);

/**
 * Ends a sweep when the command that opened it is done with it, also when an error ends the
 * command, so that only a killed process leaves a sweep "abandoned".
 */
class SweepEnd
{
public:
    /**
     * @param store the store (may be reset and reopened meanwhile, e.g. around --jobs workers)
     * @param sweepId the sweep this process opened
     */
    SweepEnd(std::unique_ptr<TwinStore>& store, int64_t sweepId);
    /** Ends the sweep if Now was not called; a failure is only reported on stderr. */
    ~SweepEnd();
    SweepEnd(const SweepEnd&) = delete;
    SweepEnd& operator=(const SweepEnd&) = delete;
    /** End the sweep now. @throws TwinStoreError as TwinStore::EndSweep */
    void Now();

private:
    std::unique_ptr<TwinStore>& m_store; //!< the store
    int64_t m_sweepId;                   //!< the sweep
    bool m_ended{false};                 //!< Now has run
};

/**
 * dtwin run SCENARIO-FILE: run every variant (serially or with --jobs worker processes),
 * print the verdicts or the sweep ranking.
 * @param args parsed arguments of dtwin run
 * @param path the scenario file
 * @return EXIT_OK when every objective holds, EXIT_OBJECTIVES_FAILED when one fails
 */
int RunScenarioFile(const ParsedArgs& args, const std::string& path);

} // namespace cli
} // namespace ns3

#endif
