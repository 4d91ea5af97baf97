/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DIGITAL_TWIN_HELPER_H
#define DIGITAL_TWIN_HELPER_H

#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-event-scheduler.h"
#include "ns3/twin-network.h"
#include "ns3/twin-result-collector.h"
#include "ns3/twin-results.h"
#include "ns3/twin-store.h"
#include "ns3/twin-traffic-demands.h"
#include "ns3/twin-traffic-helper.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The researcher's entry point: load a snapshot, build it, add traffic, run, store results.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Everything that describes one run besides the network and its demands. The defaults are
 * what `dtwin run` uses without options.
 */
struct TwinRunOptions
{
    Time duration{Seconds(10)};                         //!< simulated time
    uint64_t seed{1};                                   //!< RngSeedManager seed (> 0)
    uint64_t runNumber{1};                              //!< RngSeedManager run number (< 2^63)
    Time sampleInterval{MilliSeconds(100)};             //!< link sampling interval
    TwinRoutingMode routingMode{TwinRoutingMode::Auto}; //!< which routes to install
    std::string queueDiscType{"ns3::FifoQueueDisc"};    //!< root queue disc of every link
    uint32_t defaultQueuePackets{100};                  //!< queue limit of links without one
    Time startJitter{Seconds(0)};                       //!< random delay of demand starts
    std::string tcpVariant{"ns3::TcpCubic"};            //!< TCP congestion control TypeId
    /**
     * Time after `duration` in which the simulation goes on so that packets in flight arrive
     * (>= 0). Applications stop at `duration` and nothing is sampled after it, but packets
     * sent before it and received in the drain count as delivered (per-demand samples, sinks,
     * FlowMonitor). The run's simulatedSeconds stays `duration`.
     */
    Time drain{Seconds(0)};
    int64_t demandSetId{0};           //!< stored set of SetDemands' demands (0: none)
    std::string parametersJson{"{}"}; //!< extra parameters (a JSON object) kept with the run
};

/**
 * @ingroup digital-twin
 * Builds and runs one twin. A run in a few calls:
 *
 * @code
 *   TwinStore store("twin.db");
 *   DigitalTwinHelper twin;
 *   twin.LoadSnapshot(store, "3");          // id or hash prefix
 *   twin.SetRunOptions(options);            // optional
 *   NodeContainer nodes = twin.Build();
 *   twin.InstallDemands();                  // the snapshot's demands, or SetDemands() first
 *   twin.EnableResults();
 *   twin.GetEventScheduler()->Schedule(events); // optional: a scenario's timeline
 *   twin.Run();                             // options.duration (+ options.drain)
 *   int64_t runId = twin.WriteResults(store);
 *   Simulator::Destroy();
 * @endcode
 *
 * One helper runs one simulation. ns-3 state is global: before a second twin in the same
 * process call DigitalTwinHelper::Reset() (Simulator::Destroy() and Names::Clear()).
 */
class DigitalTwinHelper
{
public:
    /** Create a helper without a network (SetNetwork or LoadSnapshot next). */
    DigitalTwinHelper();
    /** @param network the network to simulate */
    explicit DigitalTwinHelper(const TwinNetwork& network);
    /**
     * Destructor. It does not touch the simulator: the twin's nodes, and the result
     * collector's trace sinks on them, live until Reset() (or Simulator::Destroy()), which
     * must come before the simulator runs again.
     */
    ~DigitalTwinHelper();
    /** Not copyable: one helper owns one simulation's objects. */
    DigitalTwinHelper(const DigitalTwinHelper&) = delete;
    /** Not copyable. @return this */
    DigitalTwinHelper& operator=(const DigitalTwinHelper&) = delete;

    /**
     * Simulate a network given in code (not from a store).
     * @param network the network; its demands become the default demands
     */
    void SetNetwork(const TwinNetwork& network);
    /**
     * Simulate a stored snapshot.
     * @param store the store
     * @param ref a snapshot id or a prefix (>= 6 hex digits) of its content hash
     * @throws TwinStoreError if there is no such snapshot or the prefix is ambiguous
     */
    void LoadSnapshot(TwinStore& store, const std::string& ref);
    /** @return the network to simulate */
    const TwinNetwork& GetNetwork() const;
    /** @return the snapshot id it was loaded as, 0 if set in code */
    int64_t GetSnapshotId() const;

    /**
     * Set the run options. Call before Build().
     * @param options the options
     * @throws TwinBuildError for a seed outside 1..2^32-1, a run number above 2^63-1, a
     *         non-positive duration or interval, a negative start jitter or drain, or
     *         parametersJson that is not a JSON object
     */
    void SetRunOptions(const TwinRunOptions& options);
    /** @return the run options */
    const TwinRunOptions& GetRunOptions() const;

    /**
     * Seed the RNG, build the network, and attach a new event scheduler to it
     * (GetEventScheduler).
     * @return the nodes in snapshot order
     * @throws TwinBuildError if the network cannot be built
     */
    NodeContainer Build();
    /** @return the nodes in snapshot order (after Build) */
    NodeContainer GetNodes() const;
    /**
     * @param name a node-id of the snapshot
     * @return its node
     * @throws TwinBuildError if not built or no node has that id
     */
    Ptr<Node> GetNode(const std::string& name) const;

    /**
     * Replace the default demands (call before InstallDemands).
     * @param demands the demands
     * @param demandSetId their id in the store, if they are stored (0: stored by
     *        WriteResults when not empty)
     */
    void SetDemands(const std::vector<TwinDemand>& demands, int64_t demandSetId = 0);
    /**
     * Replay a stored traffic set (dtwin traffic) instead of the default demands: read its
     * flows (with their packet sequences when the set has them and options.usePacketSequences
     * asks for them), turn them into demands (TwinDemandsFromTraffic) and SetDemands them.
     * The run then records the set (TwinRunRecord::trafficSetId) and which recorded flow each
     * demand replays (TwinRunResults::replayed, for the demands that were installed).
     * @param store the store the snapshot was loaded from (LoadSnapshot); for a network set
     *        in code (e.g. a changed copy of a stored snapshot), the store of the set
     * @param setId the traffic set; it must have been mapped onto the loaded snapshot, or
     *        onto nodes that the network set in code has
     * @param options window (epoch seconds), scaling, protocol filter, packet mode
     * @return the notes and warnings of building the demands (flows skipped, and why)
     * @throws TwinBuildError if there is no network, the snapshot was loaded from another
     *         store, the demands are installed already, the set is of another snapshot (or
     *         names nodes the network set in code lacks), the options are invalid (with every
     *         error found), or no flow is left to replay
     * @throws TwinStoreError for an unknown set or a store failure
     */
    TwinDiagnostics LoadTraffic(TwinStore& store, int64_t setId,
                                const TwinTrafficReplayOptions& options);
    /** @return the traffic set LoadTraffic loaded (0: none) */
    int64_t GetTrafficSetId() const;
    /** @return the recorded flow each demand of LoadTraffic replays, in demand order */
    const std::vector<TwinReplayedFlow>& GetReplayedFlows() const;
    /**
     * @param store a store
     * @param setId a traffic set in it
     * @return the earliest start of its flows, seconds since the Unix epoch (the origin of
     *         relative replay windows), or nothing for a set without flows
     * @throws TwinStoreError for an unknown set or a store failure
     */
    static std::optional<double> TrafficStartSeconds(TwinStore& store, int64_t setId);

    /**
     * Use fixed random streams for the twin's random variables (the demand start jitter),
     * so that a run is reproducible whatever else the program created before. Without this
     * call the twin uses streams starting at 0.
     * @param stream first stream index
     * @return the number of streams the twin uses
     */
    int64_t AssignStreams(int64_t stream);
    /** @return the demands InstallDemands installs */
    const std::vector<TwinDemand>& GetDemands() const;
    /**
     * Install the demands as applications (after Build), and let the event scheduler change
     * them (TwinEventScheduler::AttachTraffic, for traffic surges). Demands outside the run
     * are skipped with a note (TwinTrafficHelper::Install).
     * @return the applications
     * @throws TwinBuildError for invalid demands, or when there are demands but every one of
     *         them was skipped (the run would measure nothing)
     */
    ApplicationContainer InstallDemands();

    /**
     * Collect flow and link results with the options' sample interval (after Build, before
     * Run).
     * @throws TwinBuildError if not built, already enabled, or the simulation has run
     */
    void EnableResults();
    /**
     * Collect flow and link results (after Build, before Run).
     * @param interval link sampling interval
     * @throws TwinBuildError if not built, already enabled, the simulation has run, or the
     *         interval is not positive
     */
    void EnableResults(Time interval);

    /** Run for the options' duration (and drain). */
    void Run();
    /**
     * Run the simulation, recording wall time, simulated time and event count. The simulator
     * stops at duration + the options' drain; results are sampled up to duration (see
     * TwinRunOptions::drain). Afterwards the results hold the events the scheduler applied.
     * @param duration simulated time
     * @throws TwinBuildError if not built, already run, longer than the duration the
     *         demands were installed for, or (with results enabled) needing more samples than
     *         ns3::TwinResultCollector::MaxSamples; nothing is simulated then
     */
    void Run(Time duration);
    /** @return true after Run */
    bool HasRun() const;

    /**
     * Label the run as a variant of a stored scenario; copied into the run record. Call any
     * time before WriteResults.
     * @param scenarioId stored scenario it runs (0: none)
     * @param sweepId stored sweep it belongs to (0: none)
     * @param variantName variant name, e.g. "link-A-B+seed-2" (may be empty)
     * @throws TwinBuildError if an id is negative or the run is already stored
     */
    void SetRunLabels(int64_t scenarioId, int64_t sweepId, const std::string& variantName);
    /**
     * Keep objective verdicts with the results, and set the record's verdict to
     * TwinRunVerdict(verdicts) ("pass", "fail", or "" without verdicts). Call after Run,
     * before WriteResults.
     * @param verdicts the verdicts (e.g. from EvaluateTwinObjectives)
     * @throws TwinBuildError if the simulation has not run or the run is already stored
     */
    void SetVerdicts(const std::vector<TwinVerdict>& verdicts);

    /** @return the run record (complete after Run; id set by WriteResults) */
    const TwinRunRecord& GetRunRecord() const;
    /**
     * @return the results (empty unless EnableResults was called); after Run they include
     *         the replayed flows of LoadTraffic whose demands have results
     */
    const TwinRunResults& GetResults() const;
    /**
     * Store the run and its results (one SaveRun call, one transaction). A network set in
     * code, or loaded from a different store, is first stored as a snapshot there; demands
     * set in code without a demand set id are stored as a demand set in the run's
     * transaction. A run is stored once: a failed call may be repeated, a successful one not.
     * @param store the store
     * @return the run id
     * @throws TwinBuildError if the simulation has not run or the run is already stored
     * @throws TwinStoreError if the store fails (then nothing of the run is stored)
     */
    int64_t WriteResults(TwinStore& store);

    /** @return notes of the builder and the traffic helper */
    std::vector<std::string> GetNotes() const;
    /** @return the builder (attributes may be set before Build) */
    Ptr<TwinBuilder> GetBuilder() const;
    /** @return the traffic helper */
    Ptr<TwinTrafficHelper> GetTrafficHelper() const;
    /** @return the result collector (attributes may be set before EnableResults) */
    Ptr<TwinResultCollector> GetResultCollector() const;
    /**
     * The event scheduler of the twin: schedule scenario events on it after InstallDemands
     * and before Run. It is created and attached by Build().
     * @return the scheduler (null before Build)
     */
    Ptr<TwinEventScheduler> GetEventScheduler() const;

    /**
     * A whole run: load, build, install demands, collect, run, store; then
     * Simulator::Destroy() and Names::Clear().
     * @param store the store
     * @param ref snapshot id or hash prefix
     * @param options run options
     * @param demands demands replacing the snapshot's (options.demandSetId names their
     *        stored set, if any)
     * @param notes if not null, receives the notes of the build
     * @return the run id
     */
    static int64_t RunSnapshot(TwinStore& store, const std::string& ref,
                               const TwinRunOptions& options,
                               const std::optional<std::vector<TwinDemand>>& demands,
                               std::vector<std::string>* notes = nullptr);
    /** Destroy the simulator and clear ns3::Names, so another twin can be built. */
    static void Reset();
    /** @return the ns-3 version string recorded with runs, e.g. "ns-3.37" */
    static std::string Ns3Version();

private:
    /** @param what the call @throws TwinBuildError unless built */
    void RequireBuilt(const std::string& what) const;
    /** @return the run parameters as a JSON object text */
    std::string ParametersJson() const;

    TwinNetwork m_network;                    //!< what to simulate
    bool m_hasNetwork{false};                 //!< a network was given
    int64_t m_snapshotId{0};                  //!< snapshot id in m_storePath
    int64_t m_snapshotDemandSetId{0};         //!< the snapshot's default demand set
    std::string m_storePath;                  //!< store the snapshot was loaded from
    TwinRunOptions m_options;                 //!< run options
    bool m_optionsSet{false};                 //!< SetRunOptions was called
    std::vector<TwinDemand> m_demands;        //!< demands to install
    bool m_defaultDemands{true};              //!< m_demands are the snapshot's
    int64_t m_demandSetId{0};                 //!< demand set of SetDemands
    Ptr<TwinBuilder> m_builder;               //!< builds the network
    Ptr<TwinTrafficHelper> m_traffic;         //!< installs the demands
    Ptr<TwinResultCollector> m_collector;     //!< collects results
    Ptr<TwinEventScheduler> m_scheduler;      //!< applies scenario events (after Build)
    std::optional<Time> m_installedFor;       //!< run duration the demands were installed for
    int64_t m_streamBase{0};                  //!< first random stream of the twin
    bool m_ran{false};                        //!< Run() done
    TwinRunRecord m_record;                   //!< the run record
    int64_t m_scenarioId{0};                  //!< SetRunLabels: scenario
    int64_t m_sweepId{0};                     //!< SetRunLabels: sweep
    std::string m_variantName;                //!< SetRunLabels: variant
    std::string m_writtenTo;                  //!< store the run was written to
    int64_t m_trafficSetId{0};                //!< LoadTraffic: the replayed set
    std::string m_trafficStorePath;           //!< LoadTraffic: the store of the set
    std::vector<TwinReplayedFlow> m_replayed; //!< LoadTraffic: flow of each demand
    /** The collector's results with the replayed flows (built on demand after Run). */
    mutable std::optional<TwinRunResults> m_resultsWithReplay;
};

} // namespace ns3

#endif /* DIGITAL_TWIN_HELPER_H */
