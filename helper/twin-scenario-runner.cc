/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-scenario-runner.h"

#include "digital-twin-helper.h"
#include "twin-event-scheduler.h"

#include "ns3/demand-file-reader.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-objectives.h"
#include "ns3/yang-context.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>

namespace fs = std::filesystem;

namespace ns3
{

namespace
{

/**
 * @param seconds a time
 * @return it in whole microseconds (scenario times have microsecond resolution)
 */
int64_t
Micros(double seconds)
{
    return std::llround(seconds * 1e6);
}

/**
 * Shorten the requested interval so it divides the duration and every objective window
 * boundary, if that keeps it at 1 ms or more.
 * @param scenario the scenario
 * @param requested requested interval
 * @param notes where a note goes when the boundaries are not on a 1 ms grid
 * @return the interval in seconds
 */
double
ChooseSampleInterval(const TwinScenario& scenario, Time requested, std::vector<std::string>& notes)
{
    int64_t g = requested.GetMicroSeconds();
    auto fold = [&g](double seconds)
    {
        int64_t us = Micros(seconds);
        if (us > 0)
        {
            g = std::gcd(g, us);
        }
    };
    fold(scenario.durationSeconds);
    for (const auto& o : scenario.objectives)
    {
        fold(o.windowStartSeconds);
        if (o.windowEndSeconds)
        {
            fold(*o.windowEndSeconds);
        }
    }
    if (g < 1000)
    {
        notes.push_back("objective windows are not on a 1 ms grid: the sampling intervals they "
                        "cut count by the share inside the window");
        return requested.GetSeconds();
    }
    if (g != requested.GetMicroSeconds())
    {
        std::ostringstream text;
        text << "sampling every " << static_cast<double>(g) / 1e3
             << " ms so that objective windows consist of whole intervals";
        notes.push_back(text.str());
    }
    return static_cast<double>(g) / 1e6;
}

/**
 * A base snapshot imported from a bundle, stored only once the scenario checks out.
 */
struct PendingImport
{
    std::string path;          //!< the bundle
    TwinImportResult imported; //!< what the importer produced
};

/**
 * Find the scenario's base snapshot in the store, or import its bundle (without storing it).
 * @param prepared the scenario being prepared (snapshot and network are set when found)
 * @param store the store
 * @param diagnostics where problems go
 * @param limits the input limits of the bundle import
 * @return the import to store later, if the base is a bundle; nothing otherwise
 * @throws TwinScenarioError if the base cannot be found or imported
 */
std::optional<PendingImport>
ResolveBase(TwinPreparedScenario& prepared, TwinStore& store, TwinDiagnostics& diagnostics,
            const TwinInputLimits& limits)
{
    const TwinScenarioBase& base = prepared.scenario.base;
    auto fail = [&]()
    {
        throw TwinScenarioError("the base snapshot of " + prepared.path + " cannot be used",
                                diagnostics);
    };
    if (base.kind == TwinScenarioBase::Kind::BundlePath)
    {
        auto path = ResolveScenarioBundlePath(prepared.scenario, "", diagnostics);
        if (!path)
        {
            fail();
        }
        TwinImportOptions importOptions;
        importOptions.limits = limits;
        PendingImport pending{*path, TwinImporterRegistry::Get().Import(*path, "", importOptions)};
        if (!pending.imported.Ok())
        {
            diagnostics.Error(base.source, "the base snapshot bundle '" + *path +
                                               "' does not import (errors follow)");
            diagnostics.Append(pending.imported.diagnostics);
            fail();
        }
        prepared.network = pending.imported.network;
        return pending;
    }
    std::string ref = base.kind == TwinScenarioBase::Kind::SnapshotId
                          ? std::to_string(base.snapshotId)
                          : base.contentHash;
    std::optional<TwinSnapshotInfo> info;
    try
    {
        info = store.FindSnapshot(ref);
    }
    catch (const TwinStoreError& e)
    {
        diagnostics.Error(base.source, e.what());
        fail();
    }
    if (!info)
    {
        diagnostics.Error(base.source,
                          "no snapshot '" + ref + "' in the twin store " + store.GetPath());
        fail();
    }
    prepared.snapshot = *info;
    prepared.network = store.LoadSnapshot(info->id);
    return std::nullopt;
}

/**
 * Store an imported base snapshot (or find the identical stored one).
 * @param prepared the scenario (snapshot and snapshotImported are set)
 * @param store the store
 * @param pending the import
 */
void
StoreBase(TwinPreparedScenario& prepared, TwinStore& store, const PendingImport& pending)
{
    TwinProvenance provenance;
    for (const auto& f : pending.imported.sources)
    {
        provenance.files.emplace_back(f.path, f.sha256);
    }
    for (const auto& d : pending.imported.diagnostics.All())
    {
        if (d.severity != TwinDiagnostic::Severity::Error)
        {
            provenance.diagnostics.push_back(d.ToString());
        }
    }
    bool existed = false;
    int64_t id = store.SaveSnapshot(pending.imported.network, pending.path,
                                    pending.imported.importer, provenance, &existed);
    prepared.snapshotImported = !existed;
    prepared.snapshot = *store.FindSnapshot(std::to_string(id));
    // As stored (canonical order and values), so runs simulate exactly the stored snapshot.
    prepared.network = store.LoadSnapshot(id);
}

/**
 * Check the scenario's traffic set against the store and the base snapshot, and put the
 * demands that replay it in place of the snapshot's (for the check of the scenario).
 * @param prepared the scenario, its base network loaded
 * @param store the store
 * @param baseIsNew the base is a bundle not stored yet (its snapshot id is not known)
 * @param diagnostics where errors go
 * @throws TwinScenarioError if the set is unknown, of another snapshot, or cannot be replayed
 */
void
PrepareReplay(TwinPreparedScenario& prepared, TwinStore& store, bool baseIsNew,
              TwinDiagnostics& diagnostics)
{
    const TwinScenarioTrafficSet& wanted = *prepared.scenario.traffic.trafficSet;
    std::string name = "traffic set " + std::to_string(wanted.id);
    auto fail = [&]()
    {
        throw TwinScenarioError("the " + name + " of " + prepared.path + " cannot be replayed",
                                diagnostics);
    };
    std::optional<TwinTrafficSetInfo> set = store.FindTrafficSet(wanted.id);
    if (!set)
    {
        diagnostics.Error(wanted.source, "no " + name + " in the twin store " + store.GetPath() +
                                             " (see 'dtwin traffic')");
        fail();
    }
    // A bundle base is stored only after the check: compare its content with the set's.
    auto setSnapshot = store.FindSnapshot(std::to_string(set->snapshotId));
    bool sameSnapshot = baseIsNew ? setSnapshot && setSnapshot->contentHash ==
                                                       TwinStore::ContentHash(prepared.network)
                                  : set->snapshotId == prepared.snapshot.id;
    if (!sameSnapshot)
    {
        diagnostics.Error(wanted.source,
                          name + " was mapped onto snapshot " + std::to_string(set->snapshotId) +
                              ", not onto the scenario's base snapshot; import the traffic "
                              "again against the base (dtwin import-traffic --snapshot)");
        fail();
    }
    TwinTrafficReplayOptions options;
    options.timeScale = wanted.timeScale;
    options.trafficScale = wanted.trafficScale;
    options.protocols = wanted.protocols;
    options.usePacketSequences = wanted.usePacketSequences;
    if (wanted.windowStartSeconds || wanted.windowEndSeconds)
    {
        std::optional<double> origin = DigitalTwinHelper::TrafficStartSeconds(store, wanted.id);
        if (origin)
        {
            if (wanted.windowStartSeconds)
            {
                options.windowStartSeconds = *origin + *wanted.windowStartSeconds;
            }
            if (wanted.windowEndSeconds)
            {
                options.windowEndSeconds = *origin + *wanted.windowEndSeconds;
            }
        }
    }
    // The same demands the run builds (LoadTraffic): with packet sequences when the run uses
    // them, since a window clips packets by their own times, not by the record's span.
    const bool withPackets = set->packetSequences && options.usePacketSequences;
    std::vector<TwinMappedFlow> flows;
    store.ForEachTrafficFlow(
        wanted.id, [&flows](const TwinMappedFlow& f) { flows.push_back(f); }, withPackets);
    TwinDiagnostics replayDiagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, replayDiagnostics);
    for (const auto& d : replayDiagnostics.All())
    {
        if (d.severity == TwinDiagnostic::Severity::Error)
        {
            diagnostics.Error(wanted.source, name + ": " + d.message);
        }
        else
        {
            prepared.notes.push_back(name + ": " + d.message);
        }
    }
    if (replayDiagnostics.HasErrors())
    {
        fail();
    }
    if (replay.demands.empty())
    {
        diagnostics.Error(wanted.source,
                          name + " has no flow between two different nodes to replay in the "
                                 "window and protocols asked for");
        fail();
    }
    prepared.network.demands = std::move(replay.demands);
    prepared.replay = options;
    prepared.trafficSetId = wanted.id;
}

/**
 * @param network a network
 * @param factor capacity multiplier
 * @return the network with every link's capacity multiplied (at least 1 bit/s)
 */
TwinNetwork
ScaleCapacities(const TwinNetwork& network, double factor)
{
    TwinNetwork scaled = network;
    for (auto& link : scaled.links)
    {
        double capacity = std::round(static_cast<double>(link.capacityBps) * factor);
        link.capacityBps = static_cast<uint64_t>(std::max(1.0, capacity));
    }
    return scaled;
}

/**
 * @param demands demands
 * @param factor traffic multiplier
 * @return the demands with UDP rates and TCP byte counts multiplied (unlimited TCP stays so)
 */
std::vector<TwinDemand>
ScaleDemands(const std::vector<TwinDemand>& demands, double factor)
{
    std::vector<TwinDemand> scaled = demands;
    for (auto& d : scaled)
    {
        if (d.protocol == TwinProtocol::Udp)
        {
            d.rateBps *= factor;
        }
        else if (d.bytes > 0)
        {
            double bytes = std::round(static_cast<double>(d.bytes) * factor);
            d.bytes = static_cast<uint64_t>(std::max(1.0, bytes));
        }
    }
    return scaled;
}

/**
 * RunTwinScenarioVariant without the clean-up on failure.
 * @param store the store
 * @param prepared the scenario
 * @param variant the variant
 * @param scenarioId stored scenario
 * @param sweepId sweep
 * @param options run options
 * @param simulated progress, or null
 * @return the outcome
 */
TwinVariantOutcome RunVariant(TwinStore& store, const TwinPreparedScenario& prepared,
                              const TwinScenarioVariant& variant, int64_t scenarioId,
                              int64_t sweepId, const TwinScenarioRunOptions& options,
                              std::atomic<double>* simulated);

/**
 * LinkSample trace sink: note how far the run got.
 * @param simulated where to store it
 * @param sample the sample just taken
 */
void
NoteSimulated(std::atomic<double>* simulated, const TwinLinkSample& sample)
{
    simulated->store(sample.timeSeconds, std::memory_order_relaxed);
}

/**
 * @param variants expanded variants
 * @param names the names to keep (empty: all)
 * @return the named variants, each once, in expansion order
 */
std::vector<TwinScenarioVariant>
SelectVariants(const std::vector<TwinScenarioVariant>& variants,
               const std::vector<std::string>& names)
{
    if (names.empty())
    {
        return variants;
    }
    std::vector<TwinScenarioVariant> chosen;
    for (const auto& v : variants)
    {
        if (std::find(names.begin(), names.end(), v.name) != names.end())
        {
            chosen.push_back(v);
        }
    }
    return chosen;
}

/**
 * Check what the run options ask of a checked scenario, before anything is stored.
 * @param prepared the scenario (its network not stored yet)
 * @param options the options
 * @throws TwinScenarioError naming the problem
 */
void
CheckRunOptions(const TwinPreparedScenario& prepared, const TwinScenarioRunOptions& options)
{
    TwinDiagnostics diagnostics;
    if (options.sampleInterval < MilliSeconds(1))
    {
        diagnostics.Error(prepared.scenario.source, "the sampling interval must be at least 1 ms");
    }
    auto variants = ExpandTwinScenario(prepared.scenario, prepared.network);
    for (const auto& name : options.variantNames)
    {
        bool known = std::any_of(variants.begin(), variants.end(),
                                 [&name](const TwinScenarioVariant& v) { return v.name == name; });
        if (!known)
        {
            std::string some;
            for (std::size_t i = 0; i < variants.size() && i < 5; ++i)
            {
                some += (i ? ", " : "") + variants[i].name;
            }
            diagnostics.Error(prepared.scenario.source,
                              "the scenario has no variant '" + name + "' (it has " +
                                  std::to_string(variants.size()) + ": " + some +
                                  (variants.size() > 5 ? ", ..." : "") + ")");
        }
    }
    if (options.singleRun && variants.size() != 1)
    {
        diagnostics.Error(prepared.scenario.source,
                          "an incident replays one timeline, but this file declares " +
                              std::to_string(variants.size()) +
                              " runs (a sweep or several seeds): use dtwin run for those");
    }
    if (diagnostics.HasErrors())
    {
        throw TwinScenarioError("scenario " + prepared.path + " cannot be run as asked",
                                diagnostics);
    }
}

} // namespace

TwinPreparedScenario
PrepareTwinScenario(const std::string& path, const std::vector<TwinEvent>& extraEvents,
                    TwinStore& store, const TwinScenarioRunOptions& options,
                    std::optional<int64_t> snapshotId)
{
    TwinPreparedScenario prepared;
    prepared.path = path;
    TwinScenarioReadResult read = ReadTwinScenario(path, options.limits);
    if (!read.Ok())
    {
        throw TwinScenarioError("scenario file " + path + " has errors", read.diagnostics);
    }
    // The text that was parsed is the text stored with the runs.
    prepared.text = std::move(read.text);
    prepared.format =
        YangFormatOf(path, prepared.text) == YangFormat::Xml ? std::string("xml") : "json";
    prepared.scenario = std::move(read.scenario);
    for (const auto& e : extraEvents)
    {
        prepared.scenario.events.push_back(e);
    }

    TwinDiagnostics diagnostics;
    std::optional<PendingImport> pending;
    if (snapshotId)
    {
        auto info = store.FindSnapshot(std::to_string(*snapshotId));
        if (!info)
        {
            diagnostics.Error(prepared.scenario.base.source, "no snapshot " +
                                                                 std::to_string(*snapshotId) +
                                                                 " in " + store.GetPath());
            throw TwinScenarioError("the base snapshot of " + path + " cannot be used",
                                    diagnostics);
        }
        prepared.snapshot = *info;
        prepared.network = store.LoadSnapshot(info->id);
    }
    else
    {
        pending = ResolveBase(prepared, store, diagnostics, options.limits);
    }

    const std::string& demandFile = prepared.scenario.traffic.demandFile;
    if (!demandFile.empty())
    {
        fs::path file(demandFile);
        if (file.is_relative())
        {
            file = fs::path(path).parent_path() / file;
        }
        std::vector<TwinDemand> demands =
            ReadDemandFile(file.string(), diagnostics, options.limits);
        if (!diagnostics.HasErrors())
        {
            ValidateDemands(prepared.network, demands, diagnostics);
        }
        if (diagnostics.HasErrors())
        {
            throw TwinScenarioError(
                "the demand file " + file.string() + " of " + path + " has errors", diagnostics);
        }
        prepared.network.demands = std::move(demands);
        prepared.demandsFromFile = true;
    }
    if (prepared.scenario.traffic.trafficSet)
    {
        PrepareReplay(prepared, store, pending.has_value(), diagnostics);
    }
    if (prepared.network.demands.empty())
    {
        diagnostics.Error(prepared.scenario.source,
                          "there is no traffic to simulate: the base snapshot has no default "
                          "demands and the scenario names no demand-file");
        throw TwinScenarioError("scenario " + path + " has no traffic", diagnostics);
    }

    TwinDiagnostics check = CheckTwinScenario(prepared.scenario, prepared.network, options.check);
    if (check.HasErrors())
    {
        throw TwinScenarioError("scenario " + path + " does not fit its base snapshot", check);
    }
    CheckRunOptions(prepared, options);
    if (pending)
    {
        // Only a scenario that checks out stores anything, its imported base included.
        std::vector<TwinDemand> demands = std::move(prepared.network.demands);
        StoreBase(prepared, store, *pending);
        if (prepared.demandsFromFile || prepared.replay)
        {
            prepared.network.demands = std::move(demands);
        }
    }
    prepared.demands = prepared.network.demands;
    prepared.variants = SelectVariants(ExpandTwinScenario(prepared.scenario, prepared.network),
                                       options.variantNames);
    prepared.sampleIntervalSeconds =
        ChooseSampleInterval(prepared.scenario, options.sampleInterval, prepared.notes);
    if (prepared.scenario.routing.reaction == TwinRoutingReaction::Recompute &&
        !prepared.network.routes.empty())
    {
        prepared.notes.push_back(
            "routes are recomputed on failures: the snapshot's " +
            std::to_string(prepared.network.routes.size()) +
            " configured static routes are replaced by shortest paths from the start");
    }
    return prepared;
}

std::vector<TwinEvent>
TwinVariantEvents(const TwinScenarioVariant& variant)
{
    std::vector<TwinEvent> events;
    for (const auto& link : variant.failedLinks)
    {
        TwinEvent e;
        e.id = "sweep-" + variant.name + "-" + std::to_string(events.size() + 1);
        e.timeSeconds = variant.failureTimeSeconds;
        e.type = TwinEventType::LinkDown;
        e.link = link;
        e.directionOnly = true;
        e.origin = "sweep";
        events.push_back(e);
    }
    if (!variant.failedNode.empty())
    {
        TwinEvent e;
        e.id = "sweep-" + variant.name;
        e.timeSeconds = variant.failureTimeSeconds;
        e.type = TwinEventType::NodeDown;
        e.node = variant.failedNode;
        e.origin = "sweep";
        events.push_back(e);
    }
    return events;
}

TwinVariantOutcome
RunTwinScenarioVariant(TwinStore& store, const TwinPreparedScenario& prepared,
                       const TwinScenarioVariant& variant, int64_t scenarioId, int64_t sweepId,
                       const TwinScenarioRunOptions& options, std::atomic<double>* simulated)
{
    try
    {
        return RunVariant(store, prepared, variant, scenarioId, sweepId, options, simulated);
    }
    catch (...)
    {
        // Leave ns-3 clean for the next variant or program.
        DigitalTwinHelper::Reset();
        throw;
    }
}

namespace
{

TwinVariantOutcome
RunVariant(TwinStore& store, const TwinPreparedScenario& prepared,
           const TwinScenarioVariant& variant, int64_t scenarioId, int64_t sweepId,
           const TwinScenarioRunOptions& options, std::atomic<double>* simulated)
{
    const TwinScenario& scenario = prepared.scenario;
    TwinVariantOutcome outcome;

    DigitalTwinHelper twin;
    if (variant.capacityFactor != 1)
    {
        twin.SetNetwork(ScaleCapacities(prepared.network, variant.capacityFactor));
    }
    else
    {
        twin.LoadSnapshot(store, std::to_string(prepared.snapshot.id));
    }
    const double trafficFactor = scenario.traffic.scaleFactor * variant.trafficFactor;
    if (prepared.replay)
    {
        // The replay scales the recorded volume itself (copies of flows above 1).
        TwinTrafficReplayOptions replay = *prepared.replay;
        replay.trafficScale *= trafficFactor;
        // Its notes were given when the scenario was prepared (same set, same options; a
        // sweep's traffic factor only scales the volume).
        twin.LoadTraffic(store, prepared.trafficSetId, replay);
    }
    else if (prepared.demandsFromFile || trafficFactor != 1 || variant.capacityFactor != 1)
    {
        twin.SetDemands(ScaleDemands(prepared.demands, trafficFactor));
    }

    const bool recompute = scenario.routing.reaction == TwinRoutingReaction::Recompute;
    nlohmann::json parameters = {
        {"scenario", scenario.name},
        {"variant", variant.name},
        {"scale-factor", scenario.traffic.scaleFactor},
        {"traffic-factor", variant.trafficFactor},
        {"capacity-factor", variant.capacityFactor},
        {"routing-reaction", recompute ? "recompute" : "as-configured"},
    };
    if (recompute)
    {
        parameters["convergence-delay-s"] = scenario.routing.convergenceDelaySeconds;
    }
    if (prepared.replay)
    {
        parameters["traffic-set"] = prepared.trafficSetId;
    }
    parameters["tcp-variant"] = options.tcpVariant;

    TwinRunOptions run;
    run.duration = Seconds(scenario.durationSeconds);
    run.seed = 1;
    run.runNumber = variant.seed;
    run.sampleInterval = Seconds(prepared.sampleIntervalSeconds);
    // Recomputed routing needs the twin's own shortest-path routing, whatever the snapshot
    // configures; as-configured keeps the snapshot's routes (or computes them once).
    run.routingMode = recompute ? TwinRoutingMode::ShortestPath : TwinRoutingMode::Auto;
    run.queueDiscType = options.queueDiscType;
    run.tcpVariant = options.tcpVariant;
    run.drain = options.drain;
    run.startJitter = options.startJitter;
    run.parametersJson = parameters.dump();
    twin.SetRunOptions(run);
    twin.SetRunLabels(scenarioId, sweepId, variant.name);

    twin.Build();
    twin.InstallDemands();
    twin.EnableResults();
    if (simulated)
    {
        twin.GetResultCollector()->TraceConnectWithoutContext(
            "LinkSample", MakeBoundCallback(&NoteSimulated, simulated));
    }
    Ptr<TwinEventScheduler> scheduler = twin.GetEventScheduler();
    scheduler->SetTrafficClasses(scenario.traffic.classes);
    scheduler->SetRoutingReaction(scenario.routing);
    std::vector<TwinEvent> events = scenario.events;
    for (auto& e : TwinVariantEvents(variant))
    {
        events.push_back(std::move(e));
    }
    // Same-time events apply in the order given; the swept failure comes after the file's.
    std::stable_sort(events.begin(), events.end(),
                     [](const TwinEvent& a, const TwinEvent& b)
                     { return a.timeSeconds < b.timeSeconds; });
    scheduler->Schedule(events);

    twin.Run();
    std::vector<TwinVerdict> verdicts =
        EvaluateTwinObjectives(scenario, twin.GetDemands(), twin.GetNetwork(), twin.GetResults(),
                               scenario.durationSeconds);
    twin.SetVerdicts(verdicts);
    outcome.runId = twin.WriteResults(store);
    outcome.record = twin.GetRunRecord();
    outcome.results = twin.GetResults();
    outcome.notes = twin.GetNotes();
    DigitalTwinHelper::Reset();
    return outcome;
}

} // namespace

} // namespace ns3
