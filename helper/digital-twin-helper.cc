/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "digital-twin-helper.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/twin-objectives.h"
#include "ns3/uinteger.h"
#include "ns3/version-defines.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DigitalTwinHelper");

DigitalTwinHelper::DigitalTwinHelper()
    : m_builder(CreateObject<TwinBuilder>()), m_traffic(CreateObject<TwinTrafficHelper>()),
      m_collector(CreateObject<TwinResultCollector>())
{
}

DigitalTwinHelper::DigitalTwinHelper(const TwinNetwork& network) : DigitalTwinHelper()
{
    SetNetwork(network);
}

DigitalTwinHelper::~DigitalTwinHelper() = default;

void
DigitalTwinHelper::SetNetwork(const TwinNetwork& network)
{
    if (m_builder->IsBuilt())
    {
        throw TwinBuildError("DigitalTwinHelper::SetNetwork: the twin is already built");
    }
    m_network = network;
    m_hasNetwork = true;
    m_snapshotId = 0;
    m_snapshotDemandSetId = 0;
    m_storePath.clear();
    m_demands = network.demands;
    m_defaultDemands = true;
    m_demandSetId = 0;
    m_trafficSetId = 0;
    m_replayed.clear();
}

void
DigitalTwinHelper::LoadSnapshot(TwinStore& store, const std::string& ref)
{
    std::optional<TwinSnapshotInfo> info = store.FindSnapshot(ref);
    if (!info)
    {
        throw TwinStoreError(store.GetPath() + ": no snapshot '" + ref + "'");
    }
    SetNetwork(store.LoadSnapshot(info->id));
    m_snapshotId = info->id;
    m_snapshotDemandSetId = info->demandSetId;
    m_storePath = store.GetPath();
}

const TwinNetwork&
DigitalTwinHelper::GetNetwork() const
{
    return m_network;
}

int64_t
DigitalTwinHelper::GetSnapshotId() const
{
    return m_snapshotId;
}

void
DigitalTwinHelper::SetRunOptions(const TwinRunOptions& options)
{
    if (m_builder->IsBuilt())
    {
        throw TwinBuildError("DigitalTwinHelper::SetRunOptions: call it before Build()");
    }
    if (options.seed == 0 || options.seed > UINT32_MAX)
    {
        throw TwinBuildError("run options: the RNG seed must be in 1..4294967295");
    }
    if (options.runNumber > static_cast<uint64_t>(INT64_MAX))
    {
        // The store keeps run numbers as SQLite integers (signed 64 bits).
        throw TwinBuildError("run options: the run number must be at most " +
                             std::to_string(INT64_MAX));
    }
    if (!options.duration.IsStrictlyPositive())
    {
        throw TwinBuildError("run options: the duration must be > 0");
    }
    if (!options.sampleInterval.IsStrictlyPositive())
    {
        throw TwinBuildError("run options: the sample interval must be > 0");
    }
    if (options.defaultQueuePackets == 0)
    {
        throw TwinBuildError("run options: the default queue size must be > 0 packets");
    }
    if (options.startJitter.IsStrictlyNegative())
    {
        throw TwinBuildError("run options: the start jitter must be >= 0");
    }
    if (options.drain.IsStrictlyNegative())
    {
        throw TwinBuildError("run options: the drain must be >= 0");
    }
    auto extra = nlohmann::json::parse(
        options.parametersJson.empty() ? "{}" : options.parametersJson, nullptr, false);
    if (!extra.is_object())
    {
        throw TwinBuildError("run options: parameters must be a JSON object, got '" +
                             options.parametersJson + "'");
    }
    m_options = options;
    m_builder->SetRoutingMode(options.routingMode);
    m_builder->SetAttribute("QueueDiscType", StringValue(options.queueDiscType));
    m_builder->SetAttribute("DefaultQueuePackets", UintegerValue(options.defaultQueuePackets));
    m_traffic->SetAttribute("StartJitter", TimeValue(options.startJitter));
    m_traffic->SetAttribute("TcpVariant", StringValue(options.tcpVariant));
    m_collector->SetAttribute("SampleInterval", TimeValue(options.sampleInterval));
    m_optionsSet = true;
}

const TwinRunOptions&
DigitalTwinHelper::GetRunOptions() const
{
    return m_options;
}

NodeContainer
DigitalTwinHelper::Build()
{
    if (!m_hasNetwork)
    {
        throw TwinBuildError("DigitalTwinHelper::Build: no network (SetNetwork or "
                             "LoadSnapshot first)");
    }
    if (m_optionsSet)
    {
        // The seed applies to random variables created from here on. Without options the
        // global setting (e.g. --RngSeed on the command line) stays.
        RngSeedManager::SetSeed(static_cast<uint32_t>(m_options.seed));
        RngSeedManager::SetRun(m_options.runNumber);
    }
    NodeContainer nodes = m_builder->Build(m_network);
    m_scheduler = CreateObject<TwinEventScheduler>();
    m_scheduler->Attach(m_builder);
    return nodes;
}

void
DigitalTwinHelper::RequireBuilt(const std::string& what) const
{
    if (!m_builder->IsBuilt())
    {
        throw TwinBuildError("DigitalTwinHelper::" + what + ": call Build() first");
    }
}

NodeContainer
DigitalTwinHelper::GetNodes() const
{
    return m_builder->GetNodes();
}

Ptr<Node>
DigitalTwinHelper::GetNode(const std::string& name) const
{
    RequireBuilt("GetNode");
    Ptr<Node> node = m_builder->GetNode(name);
    if (!node)
    {
        std::string known;
        for (std::size_t i = 0; i < m_network.nodes.size() && i < 20; ++i)
        {
            known += (i ? ", " : "") + m_network.nodes[i].id;
        }
        if (m_network.nodes.size() > 20)
        {
            known += ", ...";
        }
        throw TwinBuildError("network '" + m_network.name + "' has no node '" + name +
                             "' (nodes: " + known + ")");
    }
    return node;
}

void
DigitalTwinHelper::SetDemands(const std::vector<TwinDemand>& demands, int64_t demandSetId)
{
    if (m_installedFor)
    {
        throw TwinBuildError("DigitalTwinHelper::SetDemands: demands are already installed");
    }
    m_demands = demands;
    m_defaultDemands = false;
    m_demandSetId = demandSetId;
    // Demands set in code replay nothing recorded (LoadTraffic sets these again).
    m_trafficSetId = 0;
    m_replayed.clear();
}

namespace
{
/** Thrown to end a walk over a traffic set's flows early. */
struct StopWalk
{
};
} // namespace

std::optional<double>
DigitalTwinHelper::TrafficStartSeconds(TwinStore& store, int64_t setId)
{
    std::optional<double> start;
    try
    {
        // Flows come in start-time order: the first one is the earliest.
        store.ForEachTrafficFlow(setId,
                                 [&start](const TwinMappedFlow& f)
                                 {
                                     start = f.flow.startSeconds;
                                     throw StopWalk();
                                 });
    }
    catch (const StopWalk&)
    {
    }
    return start;
}

TwinDiagnostics
DigitalTwinHelper::LoadTraffic(TwinStore& store, int64_t setId,
                               const TwinTrafficReplayOptions& options)
{
    std::string what = "DigitalTwinHelper::LoadTraffic: traffic set " + std::to_string(setId);
    if (!m_hasNetwork)
    {
        throw TwinBuildError(what + ": set or load the network first");
    }
    if (m_installedFor)
    {
        throw TwinBuildError(what + ": demands are already installed");
    }
    if (m_snapshotId != 0 && store.GetPath() != m_storePath)
    {
        throw TwinBuildError(what + " of " + store.GetPath() + ": the snapshot was loaded from " +
                             m_storePath +
                             ", and a set's flows are mapped onto a snapshot of "
                             "its own store");
    }
    std::optional<TwinTrafficSetInfo> set = store.FindTrafficSet(setId);
    if (!set)
    {
        throw TwinStoreError(store.GetPath() + ": no traffic set " + std::to_string(setId));
    }
    if (m_snapshotId != 0 && set->snapshotId != m_snapshotId)
    {
        throw TwinBuildError(what + " was mapped onto snapshot " + std::to_string(set->snapshotId) +
                             ", not snapshot " + std::to_string(m_snapshotId) +
                             "; import it again against it");
    }
    std::vector<TwinMappedFlow> flows;
    bool withPackets = set->packetSequences && options.usePacketSequences;
    store.ForEachTrafficFlow(
        setId, [&flows](const TwinMappedFlow& f) { flows.push_back(f); }, withPackets);
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    if (diagnostics.HasErrors())
    {
        std::string message = what + " cannot be replayed as asked:";
        for (const auto& d : diagnostics.All())
        {
            if (d.severity == TwinDiagnostic::Severity::Error)
            {
                message += "\n  " + d.message;
            }
        }
        throw TwinBuildError(message);
    }
    if (replay.demands.empty())
    {
        throw TwinBuildError(
            what + " has no flow between two different nodes to replay" +
            (options.protocols.empty() && !options.windowStartSeconds && !options.windowEndSeconds
                 ? std::string()
                 : std::string(" in the window and protocols asked for")));
    }
    if (replay.flows.size() != replay.demands.size())
    {
        throw TwinBuildError(what + ": " + std::to_string(replay.demands.size()) + " demands but " +
                             std::to_string(replay.flows.size()) +
                             " replayed flows (TwinDemandsFromTraffic broke its contract)");
    }
    if (m_snapshotId == 0)
    {
        // A network set in code (e.g. a changed copy of the set's snapshot) must have the
        // nodes the flows were mapped onto.
        std::set<std::string> nodes;
        for (const auto& n : m_network.nodes)
        {
            nodes.insert(n.id);
        }
        for (const auto& d : replay.demands)
        {
            for (const std::string& node : {d.sourceNode, d.destNode})
            {
                if (nodes.count(node) == 0)
                {
                    throw TwinBuildError(what + " (mapped onto snapshot " +
                                         std::to_string(set->snapshotId) + ") has flows of node '" +
                                         node + "', which the network '" + m_network.name +
                                         "' does not have");
                }
            }
        }
    }
    SetDemands(replay.demands);
    m_trafficStorePath = store.GetPath();
    m_trafficSetId = setId;
    m_replayed = std::move(replay.flows);
    return diagnostics;
}

int64_t
DigitalTwinHelper::GetTrafficSetId() const
{
    return m_trafficSetId;
}

const std::vector<TwinReplayedFlow>&
DigitalTwinHelper::GetReplayedFlows() const
{
    return m_replayed;
}

const std::vector<TwinDemand>&
DigitalTwinHelper::GetDemands() const
{
    return m_demands;
}

int64_t
DigitalTwinHelper::AssignStreams(int64_t stream)
{
    m_streamBase = stream;
    return m_traffic->AssignStreams(stream);
}

ApplicationContainer
DigitalTwinHelper::InstallDemands()
{
    RequireBuilt("InstallDemands");
    if (m_installedFor)
    {
        throw TwinBuildError("DigitalTwinHelper::InstallDemands: already installed");
    }
    // Fixed streams: the same seed and run number give the same draws in any program.
    m_traffic->AssignStreams(m_streamBase);
    ApplicationContainer apps = m_traffic->Install(*m_builder, m_demands, m_options.duration);
    if (!m_demands.empty() && m_traffic->GetInstalled().empty())
    {
        // Every demand was skipped (nothing was installed): a run would measure nothing.
        std::string why;
        for (const auto& note : m_traffic->GetNotes())
        {
            why += "; " + note;
        }
        throw TwinBuildError("none of the " + std::to_string(m_demands.size()) +
                             " demands sends within the " +
                             std::to_string(m_options.duration.GetSeconds()) + " s run" + why);
    }
    m_installedFor = m_options.duration;
    m_scheduler->AttachTraffic(m_traffic);
    return apps;
}

void
DigitalTwinHelper::EnableResults()
{
    TimeValue interval;
    m_collector->GetAttribute("SampleInterval", interval);
    EnableResults(interval.Get());
}

void
DigitalTwinHelper::EnableResults(Time interval)
{
    RequireBuilt("EnableResults");
    if (m_ran)
    {
        throw TwinBuildError("DigitalTwinHelper::EnableResults: the simulation has already run; "
                             "call it before Run()");
    }
    if (!interval.IsStrictlyPositive())
    {
        throw TwinBuildError("DigitalTwinHelper::EnableResults: the interval must be > 0");
    }
    m_collector->SetAttribute("SampleInterval", TimeValue(interval));
    // A failed direction carries nothing, although configured routes keep feeding it.
    m_collector->SetEventScheduler(m_scheduler);
    m_collector->Install(m_builder, m_traffic);
}

void
DigitalTwinHelper::Run()
{
    Run(m_options.duration);
}

void
DigitalTwinHelper::Run(Time duration)
{
    RequireBuilt("Run");
    if (m_ran)
    {
        throw TwinBuildError("DigitalTwinHelper::Run: this twin has already run");
    }
    if (!duration.IsStrictlyPositive())
    {
        throw TwinBuildError("DigitalTwinHelper::Run: the duration must be > 0");
    }
    if (m_installedFor && duration > *m_installedFor)
    {
        throw TwinBuildError("DigitalTwinHelper::Run: demands were installed for a " +
                             std::to_string(m_installedFor->GetSeconds()) +
                             " s run; set TwinRunOptions::duration before InstallDemands()");
    }
    // Fails here, not after hours of simulation with all memory taken. The drain is not
    // sampled.
    m_collector->CheckSampleBudget(duration);
    m_options.duration = duration;
    uint64_t eventsBefore = Simulator::GetEventCount();
    Time simBefore = Simulator::Now();
    if (m_installedFor && duration < *m_installedFor && m_options.drain.IsStrictlyPositive())
    {
        // The drain only lets packets in flight arrive: no source sends after the duration.
        for (const auto& d : m_traffic->GetInstalled())
        {
            if (d.source && d.stop > duration)
            {
                d.source->SetStopTime(duration);
            }
        }
    }
    if (m_collector->IsInstalled())
    {
        // Scheduled before the stop, so that it also runs without a drain.
        Simulator::Schedule(duration, &TwinResultCollector::StopSampling, m_collector);
    }
    Simulator::Stop(duration + m_options.drain);
    auto wallStart = std::chrono::steady_clock::now();
    Simulator::Run();
    auto wallEnd = std::chrono::steady_clock::now();
    m_ran = true;
    m_collector->Finish();
    m_collector->SetEvents(m_scheduler->GetAppliedEvents());

    m_record = TwinRunRecord();
    m_record.snapshotId = m_snapshotId;
    m_record.seed = RngSeedManager::GetSeed();
    m_record.runNumber = RngSeedManager::GetRun();
    m_record.ns3Version = Ns3Version();
    m_record.wallSeconds = std::chrono::duration<double>(wallEnd - wallStart).count();
    // The drain is not part of the simulated time of the run (a simulation without events
    // left may also end earlier).
    m_record.simulatedSeconds = std::min(Simulator::Now() - simBefore, duration).GetSeconds();
    m_record.eventCount = Simulator::GetEventCount() - eventsBefore;
    m_record.status = "completed";
    m_record.parametersJson = ParametersJson();
    m_record.scenarioId = m_scenarioId;
    m_record.sweepId = m_sweepId;
    m_record.variantName = m_variantName;
    m_record.trafficSetId = m_trafficSetId;
    m_resultsWithReplay.reset();
}

void
DigitalTwinHelper::SetRunLabels(int64_t scenarioId, int64_t sweepId, const std::string& variantName)
{
    if (scenarioId < 0 || sweepId < 0)
    {
        throw TwinBuildError("DigitalTwinHelper::SetRunLabels: scenario and sweep ids must be "
                             ">= 0 (0: none)");
    }
    if (m_record.id != 0)
    {
        throw TwinBuildError("DigitalTwinHelper::SetRunLabels: the run is already stored as run " +
                             std::to_string(m_record.id));
    }
    m_scenarioId = scenarioId;
    m_sweepId = sweepId;
    m_variantName = variantName;
    m_record.scenarioId = scenarioId;
    m_record.sweepId = sweepId;
    m_record.variantName = variantName;
}

void
DigitalTwinHelper::SetVerdicts(const std::vector<TwinVerdict>& verdicts)
{
    if (!m_ran)
    {
        throw TwinBuildError("DigitalTwinHelper::SetVerdicts: the simulation has not run");
    }
    if (m_record.id != 0)
    {
        throw TwinBuildError("DigitalTwinHelper::SetVerdicts: the run is already stored as run " +
                             std::to_string(m_record.id));
    }
    m_collector->SetVerdicts(verdicts);
    m_resultsWithReplay.reset();
    m_record.verdict = TwinRunVerdict(verdicts);
}

bool
DigitalTwinHelper::HasRun() const
{
    return m_ran;
}

std::string
DigitalTwinHelper::ParametersJson() const
{
    nlohmann::json p =
        nlohmann::json::parse(m_options.parametersJson.empty() ? "{}" : m_options.parametersJson);
    StringValue qdisc;
    UintegerValue queuePackets;
    QueueSizeValue deviceQueue;
    TimeValue jitter;
    TimeValue interval;
    m_builder->GetAttribute("QueueDiscType", qdisc);
    m_builder->GetAttribute("DefaultQueuePackets", queuePackets);
    m_builder->GetAttribute("DeviceQueueSize", deviceQueue);
    m_traffic->GetAttribute("StartJitter", jitter);
    m_collector->GetAttribute("SampleInterval", interval);
    std::ostringstream deviceQueueText;
    deviceQueueText << deviceQueue.Get();
    // Values actually in effect; the caller's own parameters are kept alongside.
    p["duration_s"] = m_options.duration.GetSeconds();
    p["routing_mode"] = ToString(m_builder->GetRoutingMode());
    p["queue_disc"] = qdisc.Get();
    p["default_queue_packets"] = queuePackets.Get();
    p["device_queue"] = deviceQueueText.str();
    p["start_jitter_s"] = jitter.Get().GetSeconds();
    p["drain_s"] = m_options.drain.GetSeconds();
    p["results"] = m_collector->IsFinished();
    if (m_collector->IsFinished())
    {
        p["sample_interval_s"] = interval.Get().GetSeconds();
    }
    p["demands"] = m_traffic->GetInstalled().size();
    return p.dump();
}

const TwinRunRecord&
DigitalTwinHelper::GetRunRecord() const
{
    return m_record;
}

const TwinRunResults&
DigitalTwinHelper::GetResults() const
{
    if (!m_ran || m_replayed.empty())
    {
        return m_collector->GetResults();
    }
    if (!m_resultsWithReplay)
    {
        // Only demands with a result: one outside the run was not installed, and the store
        // keeps a replayed flow only next to its demand's result.
        m_resultsWithReplay = m_collector->GetResults();
        std::set<std::string> withResult;
        for (const auto& d : m_resultsWithReplay->demands)
        {
            withResult.insert(d.demandId);
        }
        for (const auto& r : m_replayed)
        {
            if (withResult.count(r.demandId) > 0)
            {
                m_resultsWithReplay->replayed.push_back(r);
            }
        }
    }
    return *m_resultsWithReplay;
}

int64_t
DigitalTwinHelper::WriteResults(TwinStore& store)
{
    if (!m_ran)
    {
        throw TwinBuildError("DigitalTwinHelper::WriteResults: the simulation has not run");
    }
    if (m_record.id != 0)
    {
        throw TwinBuildError("DigitalTwinHelper::WriteResults: the results are already stored as "
                             "run " +
                             std::to_string(m_record.id) + " in " + m_writtenTo);
    }
    int64_t snapshotId = m_snapshotId;
    int64_t defaultSetId = m_snapshotDemandSetId;
    if (snapshotId == 0 || store.GetPath() != m_storePath)
    {
        TwinProvenance provenance;
        provenance.diagnostics = GetNotes();
        bool existed = false;
        snapshotId = store.SaveSnapshot(m_network, "(in memory)", "api", provenance, &existed);
        auto info = store.FindSnapshot(std::to_string(snapshotId));
        defaultSetId = info ? info->demandSetId : 0;
    }
    int64_t demandSetId = m_defaultDemands ? defaultSetId : m_demandSetId;
    if (!m_defaultDemands && demandSetId == 0)
    {
        demandSetId = m_options.demandSetId;
    }
    TwinRunRecord record = m_record;
    record.snapshotId = snapshotId;
    record.demandSetId = demandSetId;
    const TwinRunResults* results = &GetResults();
    TwinRunResults unlinked;
    if (record.trafficSetId != 0 && store.GetPath() != m_trafficStorePath)
    {
        // The traffic set lives in the snapshot's store: in another store the run keeps what
        // was recorded of each flow but cannot name the set or its flows.
        record.trafficSetId = 0;
        unlinked = *results;
        for (auto& r : unlinked.replayed)
        {
            r.flowId = 0;
        }
        results = &unlinked;
    }
    int64_t runId = 0;
    if (!m_defaultDemands && demandSetId == 0 && !m_demands.empty())
    {
        // The demand set goes into the run's transaction: a failed save leaves neither.
        runId = store.SaveRun(record, *results, m_demands, "(in memory)");
        auto stored = store.FindRun(runId);
        record.demandSetId = stored ? stored->demandSetId : 0;
    }
    else
    {
        runId = store.SaveRun(record, *results);
    }
    m_record.snapshotId = record.snapshotId;
    m_record.trafficSetId = record.trafficSetId;
    m_record.demandSetId = record.demandSetId;
    m_record.id = runId;
    m_writtenTo = store.GetPath();
    return runId;
}

std::vector<std::string>
DigitalTwinHelper::GetNotes() const
{
    std::vector<std::string> notes = m_builder->GetNotes();
    const auto& traffic = m_traffic->GetNotes();
    notes.insert(notes.end(), traffic.begin(), traffic.end());
    return notes;
}

Ptr<TwinBuilder>
DigitalTwinHelper::GetBuilder() const
{
    return m_builder;
}

Ptr<TwinTrafficHelper>
DigitalTwinHelper::GetTrafficHelper() const
{
    return m_traffic;
}

Ptr<TwinResultCollector>
DigitalTwinHelper::GetResultCollector() const
{
    return m_collector;
}

Ptr<TwinEventScheduler>
DigitalTwinHelper::GetEventScheduler() const
{
    return m_scheduler;
}

int64_t
DigitalTwinHelper::RunSnapshot(TwinStore& store, const std::string& ref,
                               const TwinRunOptions& options,
                               const std::optional<std::vector<TwinDemand>>& demands,
                               std::vector<std::string>* notes)
{
    int64_t runId = 0;
    {
        DigitalTwinHelper twin;
        twin.LoadSnapshot(store, ref);
        twin.SetRunOptions(options);
        try
        {
            twin.Build();
            if (demands)
            {
                twin.SetDemands(*demands, options.demandSetId);
            }
            twin.InstallDemands();
            twin.EnableResults(options.sampleInterval);
            twin.Run(options.duration);
            runId = twin.WriteResults(store);
        }
        catch (...)
        {
            Reset();
            throw;
        }
        if (notes)
        {
            *notes = twin.GetNotes();
        }
    }
    Reset();
    return runId;
}

void
DigitalTwinHelper::Reset()
{
    Simulator::Destroy();
    Names::Clear();
}

std::string
DigitalTwinHelper::Ns3Version()
{
    std::string version =
        "ns-" + std::to_string(NS3_VERSION_MAJOR) + "." + std::to_string(NS3_VERSION_MINOR);
    if (NS3_VERSION_PATCH != 0)
    {
        version += "." + std::to_string(NS3_VERSION_PATCH);
    }
    return version;
}

} // namespace ns3
