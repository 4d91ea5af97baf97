/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_SCENARIO_RUNNER_H
#define TWIN_SCENARIO_RUNNER_H

#include "ns3/nstime.h"
#include "ns3/scenario-reader.h"
#include "ns3/twin-network.h"
#include "ns3/twin-results.h"
#include "ns3/twin-scenario.h"
#include "ns3/twin-store.h"
#include "ns3/twin-traffic-demands.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Runs scenario files: resolves the base snapshot (importing a bundle into the store when the
 * scenario names one), checks the scenario against it, and runs each variant of its sweep as
 * one stored run with its objective verdicts.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * A scenario that cannot be run as written: every finding, with file and data path.
 */
class TwinScenarioError : public std::runtime_error
{
public:
    /**
     * @param message summary
     * @param diagnostics the findings
     */
    TwinScenarioError(const std::string& message, TwinDiagnostics diagnostics)
        : std::runtime_error(message), m_diagnostics(std::move(diagnostics))
    {
    }

    /** @return the findings */
    const TwinDiagnostics& GetDiagnostics() const { return m_diagnostics; }

private:
    TwinDiagnostics m_diagnostics; //!< the findings
};

/**
 * @ingroup digital-twin
 * How scenario runs are simulated (what a scenario file does not say).
 */
struct TwinScenarioRunOptions
{
    /**
     * Sampling interval of links and demands. It is shortened to the largest interval that
     * divides the duration and every objective window boundary (on a 1 ms grid), so windows
     * consist of whole intervals.
     */
    Time sampleInterval{MilliSeconds(100)};
    /** Time after the end for packets in flight to arrive (they count as delivered). */
    Time drain{Seconds(1)};
    /**
     * Each demand starts up to this much later than its start time, drawn per seed, so that
     * the seeds of a scenario sample different phases of the traffic (0: every seed runs the
     * same deterministic traffic).
     */
    Time startJitter{MilliSeconds(10)};
    std::string queueDiscType{"ns3::FifoQueueDisc"}; //!< root queue disc of every link
    std::string tcpVariant{"ns3::TcpCubic"};         //!< TCP congestion control TypeId
    TwinScenarioCheckOptions check;                  //!< limits of the check
    TwinInputLimits limits; //!< limits of the files read (scenario, demands, base bundle)
    /** Run only the variants with these names (empty: all); an unknown name is an error. */
    std::vector<std::string> variantNames;
    /** Refuse a scenario that expands to more than one run (an incident replays one). */
    bool singleRun{false};
};

/**
 * @ingroup digital-twin
 * A scenario ready to run: read, its base snapshot stored, checked, expanded.
 */
struct TwinPreparedScenario
{
    TwinScenario scenario;           //!< the scenario (events as given)
    std::string path;                //!< the file
    std::string text;                //!< its text, as stored with the runs
    std::string format;              //!< "json" or "xml"
    TwinSnapshotInfo snapshot;       //!< the base snapshot
    bool snapshotImported{false};    //!< the bundle was imported as a new snapshot
    TwinNetwork network;             //!< the base snapshot's network
    std::vector<TwinDemand> demands; //!< traffic before scaling
    bool demandsFromFile{false};     //!< the scenario's demand file replaced them
    /**
     * The scenario replays a traffic set: how (window in epoch seconds; traffic scale before
     * scale-factor and the variant's traffic factor). demands then hold the replay's demands
     * as the check saw them.
     */
    std::optional<TwinTrafficReplayOptions> replay;
    int64_t trafficSetId{0};                   //!< the traffic set replayed (0 = none)
    std::vector<TwinScenarioVariant> variants; //!< runs of the sweep, in expansion order
    double sampleIntervalSeconds{0.1};         //!< interval the runs sample with
    std::vector<std::string> notes;            //!< things the user should know
};

/**
 * @ingroup digital-twin
 * Read a scenario file, find its base snapshot in the store (importing a bundle path, which
 * finds an identical stored snapshot instead of storing it twice), replace the demands by its
 * demand file if it names one, check it against the snapshot and expand its sweep.
 * @param path the file
 * @param extraEvents events appended to the scenario's timeline before it is checked (a
 *        trainee's remedy); their origin is kept
 * @param store the store the base snapshot is found in or imported into
 * @param options run options
 * @param snapshotId use this stored snapshot as the base instead of resolving the scenario's
 *        reference (a sweep worker uses the one its parent resolved)
 * @return the prepared scenario (variants filtered by options.variantNames)
 * @throws TwinScenarioError if the file, its base snapshot, its demand file, its check
 *         against the snapshot or the options have errors (unknown variant names, more than
 *         one run with options.singleRun, a sampling interval under 1 ms); nothing is stored
 *         then: an imported base snapshot is stored only once everything checks out
 */
TwinPreparedScenario PrepareTwinScenario(const std::string& path,
                                         const std::vector<TwinEvent>& extraEvents,
                                         TwinStore& store, const TwinScenarioRunOptions& options,
                                         std::optional<int64_t> snapshotId = std::nullopt);

/**
 * @ingroup digital-twin
 * What one variant's run produced.
 */
struct TwinVariantOutcome
{
    int64_t runId{0};               //!< stored run id
    TwinRunRecord record;           //!< the run record
    TwinRunResults results;         //!< its results, verdicts included
    std::vector<std::string> notes; //!< notes of the build
};

/**
 * @ingroup digital-twin
 * Simulate one variant of a prepared scenario and store the run, its results and verdicts.
 * Scale and traffic factors multiply UDP rates and TCP byte counts; a capacity factor
 * multiplies every link's capacity (the run then simulates, and stores, a derived
 * snapshot); a swept failure becomes link-down or node-down events at the failure time.
 * Leaves the simulator destroyed and ns3::Names cleared.
 * @param store the store
 * @param prepared the scenario
 * @param variant one of prepared.variants
 * @param scenarioId the stored scenario (TwinStore::SaveScenario)
 * @param sweepId the sweep the run belongs to (TwinStore::CreateSweep)
 * @param options run options
 * @param simulated if not null, receives the simulated time as the run advances (for a
 *        progress display on another thread)
 * @return the outcome
 * @throws TwinBuildError if the twin cannot be built or run as asked
 * @throws TwinStoreError if the store fails (nothing of the run is stored then)
 */
TwinVariantOutcome RunTwinScenarioVariant(TwinStore& store, const TwinPreparedScenario& prepared,
                                          const TwinScenarioVariant& variant, int64_t scenarioId,
                                          int64_t sweepId, const TwinScenarioRunOptions& options,
                                          std::atomic<double>* simulated = nullptr);

/**
 * @ingroup digital-twin
 * The events a variant adds to the scenario's timeline (its swept failure), origin "sweep".
 * @param variant the variant
 * @return link-down events (direction-only, one per failed direction) or a node-down event
 */
std::vector<TwinEvent> TwinVariantEvents(const TwinScenarioVariant& variant);

} // namespace ns3

#endif /* TWIN_SCENARIO_RUNNER_H */
