/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin runs / dtwin results, and the KPI summary that dtwin run prints too.

#include "cli-common.h"
#include "cli-scenario.h"
#include "cli-units.h"

#include "ns3/twin-replay-comparison.h"
#include "ns3/twin-traffic-demands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

RunTotals
SumRunResults(const TwinRunResults& results)
{
    RunTotals t;
    double delaySum = 0;
    for (const auto& f : results.flows)
    {
        t.txPackets += f.txPackets;
        t.rxPackets += f.rxPackets;
        t.lostPackets += f.lostPackets;
        t.rxBytes += f.rxBytes;
        delaySum += f.delayMeanSeconds * static_cast<double>(f.rxPackets);
        t.delayMaxSeconds = std::max(t.delayMaxSeconds, f.delayMaxSeconds);
    }
    t.delayMeanSeconds = t.rxPackets ? delaySum / static_cast<double>(t.rxPackets) : 0;
    for (const auto& l : results.links)
    {
        t.queueDrops += l.queueDropPackets;
        if (t.busiest == nullptr || l.peakUtilisation > t.busiest->peakUtilisation)
        {
            t.busiest = &l;
        }
        t.saturatedLinks += l.peakUtilisation >= 0.9 ? 1 : 0;
    }
    return t;
}

void
PrintRunSummary(const TwinRunRecord& run, const TwinRunResults& results, TableFormat format)
{
    const RunTotals totals = SumRunResults(results);
    const uint64_t txPackets = totals.txPackets;
    const uint64_t rxPackets = totals.rxPackets;
    const uint64_t lost = totals.lostPackets;
    const uint64_t rxBytes = totals.rxBytes;
    const double delayMax = totals.delayMaxSeconds;
    const uint64_t drops = totals.queueDrops;
    const TwinLinkResult* busiest = totals.busiest;
    const std::size_t saturated = totals.saturatedLinks;
    // FlowMonitor counts a packet lost only after its timeout; what was still travelling when
    // the run ended is neither received nor lost.
    double lossPercent =
        txPackets ? 100.0 * static_cast<double>(lost) / static_cast<double>(txPackets) : 0.0;
    uint64_t inFlight = txPackets - std::min(txPackets, rxPackets + lost);
    const double delayMean = totals.delayMeanSeconds;
    double deliveredBps =
        run.simulatedSeconds > 0 ? static_cast<double>(rxBytes) * 8 / run.simulatedSeconds : 0;
    char loss[32];
    std::snprintf(loss, sizeof(loss), "%.3f %%", lossPercent);

    Summary s("kpi");
    s.Add("run", run.id, "run");
    s.Add("snapshot", run.snapshotId, "snapshot");
    s.Add("seed", run.seed, "");
    s.Add("run_number", run.runNumber, "seed / run number",
          std::to_string(run.seed) + " / " + std::to_string(run.runNumber));
    s.Add("simulated_s", run.simulatedSeconds, "simulated", FormatDuration(run.simulatedSeconds));
    s.Add("wall_s", run.wallSeconds, "wall clock", FormatDuration(run.wallSeconds));
    s.Add("events", run.eventCount, "events");
    s.Add("flows", results.flows.size(), "flows");
    s.Add("tx_packets", txPackets, "");
    s.Add("rx_packets", rxPackets, "packets sent / received",
          std::to_string(txPackets) + " / " + std::to_string(rxPackets));
    s.Add("lost_packets", lost, "packets lost");
    s.Add("in_flight_packets", inFlight, "packets in flight at end");
    s.Add("loss_percent", lossPercent, "loss", loss);
    s.Add("delay_mean_s", delayMean, "mean delay", FormatDuration(delayMean));
    s.Add("delay_max_s", delayMax, "max delay", FormatDuration(delayMax));
    s.Add("delivered_bytes", rxBytes, "");
    s.Add("delivered_bps", deliveredBps, "delivered",
          FormatBytes(static_cast<double>(rxBytes)) + " (" + FormatRate(deliveredBps) + ")");
    s.Add("queue_drop_packets", drops, "queue drops");
    s.Add("busiest_link", busiest ? nlohmann::json(busiest->linkId) : nlohmann::json(), "");
    s.Add("busiest_link_peak_utilisation",
          busiest ? nlohmann::json(busiest->peakUtilisation) : nlohmann::json(), "busiest link",
          busiest
              ? busiest->linkId + " (peak " +
                    std::to_string(static_cast<int>(busiest->peakUtilisation * 100 + 0.5)) + " %)"
              : std::string("-"));
    s.Add("saturated_links", saturated, "links >= 90 % peak");
    s.Print(std::cout, format);
}

namespace
{

/**
 * @param values absolute errors (sorted here)
 * @param q quantile, 0..1
 * @return the nearest-rank quantile, or nothing for no values
 */
std::optional<double>
Quantile(std::vector<double> values, double q)
{
    if (values.empty())
    {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least q of the values at or below it.
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[rank == 0 ? 0 : rank - 1];
}

/**
 * dtwin results RUN --replay: each replayed flow, recorded against replayed.
 * @param store the store
 * @param run the run
 * @param results its results
 * @param format output format
 * @return exit code
 */
int
PrintReplay(TwinStore& store, const TwinRunRecord& run, const TwinRunResults& results,
            TableFormat format)
{
    if (results.replayed.empty())
    {
        std::cerr << "dtwin: run " << run.id
                  << " replayed no recorded traffic (only runs of 'dtwin run SNAPSHOT --traffic "
                     "SET' have flows to compare)\n";
        return EXIT_BAD_INPUT;
    }
    // The recorded 5-tuples, while the traffic set is still stored.
    std::map<int64_t, TwinFlowRecord> recorded;
    if (run.trafficSetId != 0)
    {
        std::set<int64_t> wanted;
        for (const auto& r : results.replayed)
        {
            wanted.insert(r.flowId);
        }
        store.ForEachTrafficFlow(run.trafficSetId,
                                 [&](const TwinMappedFlow& f)
                                 {
                                     if (wanted.count(f.flowId) > 0)
                                     {
                                         recorded.emplace(f.flowId, f.flow);
                                     }
                                 });
    }
    auto orNull = [](const std::optional<double>& v)
    { return v ? nlohmann::json(*v) : nlohmann::json(); };
    Table t({"flow", "copy", "demand", "mode", "protocol", "source", "source_port", "destination",
             "destination_port", "recorded_bytes", "recorded_s", "recorded_bps", "delivered_bytes",
             "completion_s", "replayed_bps", "loss", "throughput_error_pct"});
    std::vector<double> errors;
    for (const auto& c : CompareTwinReplay(results, run.simulatedSeconds))
    {
        auto f = recorded.find(c.recorded.flowId);
        nlohmann::json none;
        std::optional<double> error;
        if (c.recordedThroughputBps > 0)
        {
            error = 100.0 * (c.replayedThroughputBps - c.recordedThroughputBps) /
                    c.recordedThroughputBps;
            errors.push_back(std::fabs(*error));
        }
        bool known = f != recorded.end();
        t.AddRow({c.recorded.flowId ? nlohmann::json(c.recorded.flowId) : none, c.recorded.copy,
                  c.recorded.demandId, c.recorded.mode,
                  known ? nlohmann::json(TwinReplayProtocolName(f->second.protocol))
                        : nlohmann::json(c.protocol),
                  known ? nlohmann::json(f->second.sourceAddress) : none,
                  known ? nlohmann::json(f->second.sourcePort) : none,
                  known ? nlohmann::json(f->second.destAddress) : none,
                  known ? nlohmann::json(f->second.destPort) : none, c.recorded.recordedBytes,
                  c.recorded.recordedDurationSeconds, c.recordedThroughputBps, c.deliveredBytes,
                  orNull(c.completionSeconds), c.replayedThroughputBps, orNull(c.lossRatio),
                  orNull(error)});
    }
    t.Print(std::cout, format);
    if (format == TableFormat::Text)
    {
        auto median = Quantile(errors, 0.5);
        auto p90 = Quantile(errors, 0.9);
        char line[160];
        if (median && p90)
        {
            std::snprintf(line, sizeof(line),
                          "%zu replayed flows; absolute throughput error: median %.1f %%, "
                          "90th percentile %.1f %%",
                          results.replayed.size(), *median, *p90);
        }
        else
        {
            std::snprintf(line, sizeof(line),
                          "%zu replayed flows; none has a recorded throughput to compare",
                          results.replayed.size());
        }
        std::cout << line << "\n";
    }
    return EXIT_OK;
}

/**
 * Run the runs command.
 * @param args parsed arguments
 * @return exit code
 */
int
Runs(const ParsedArgs& args)
{
    TableFormat format = FormatOption(args);
    auto store = OpenStore(args);
    Table t({"run", "snapshot", "demand_set", "seed", "run_number", "simulated_s", "wall_s",
             "events", "status", "scenario", "sweep", "variant", "verdict", "traffic_set",
             "created"});
    auto id = [](int64_t value) { return value ? nlohmann::json(value) : nlohmann::json(); };
    for (const auto& r : store->ListRuns())
    {
        t.AddRow({r.id, r.snapshotId, id(r.demandSetId), r.seed, r.runNumber, r.simulatedSeconds,
                  r.wallSeconds, r.eventCount, r.status, id(r.scenarioId), id(r.sweepId),
                  r.variantName, r.verdict, id(r.trafficSetId), r.createdAt});
    }
    t.Print(std::cout, format);
    return EXIT_OK;
}

/**
 * Run the sweeps command: one row per sweep with its state.
 * @param args parsed arguments
 * @return exit code
 */
int
Sweeps(const ParsedArgs& args)
{
    TableFormat format = FormatOption(args);
    auto store = OpenStore(args);
    Table t({"sweep", "kind", "scenario", "name", "snapshot", "planned", "stored", "passed",
             "failed", "errors", "state", "owner", "created", "ended"});
    std::map<int64_t, std::string> names;
    for (const auto& w : store->ListSweeps())
    {
        if (!names.count(w.scenarioId))
        {
            auto scenario = store->FindScenario(w.scenarioId);
            names[w.scenarioId] = scenario ? scenario->name : "";
        }
        std::string owner =
            w.ownerPid > 0 ? w.ownerHost + ":" + std::to_string(w.ownerPid) : std::string();
        t.AddRow({w.id, w.kind, w.scenarioId, names[w.scenarioId], w.snapshotId, w.plannedRuns,
                  w.storedRuns, w.passedRuns, w.failedRuns, w.errorRuns, w.state, owner,
                  w.createdAt, w.endedAt});
    }
    t.Print(std::cout, format);
    return EXIT_OK;
}

/**
 * Run the results command.
 * @param args parsed arguments
 * @return exit code
 */
int
Results(const ParsedArgs& args)
{
    if (!args.vm.count("run"))
    {
        throw UsageError("name a run id (see 'dtwin runs')");
    }
    TableFormat format = FormatOption(args);
    auto store = OpenStore(args);
    std::string ref = args.vm["run"].as<std::string>();
    std::optional<TwinRunRecord> run;
    if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos && ref.size() < 19)
    {
        run = store->FindRun(std::stoll(ref));
    }
    if (!run)
    {
        throw UsageError("no run '" + ref + "' in " + store->GetPath() + " (see 'dtwin runs')");
    }
    TwinRunResults results = store->LoadRunResults(run->id);
    if (args.vm.count("flows"))
    {
        Table t({"flow", "demand", "protocol", "source", "source_port", "destination",
                 "destination_port", "tx_packets", "rx_packets", "lost_packets", "tx_bytes",
                 "rx_bytes", "delay_mean_s", "delay_max_s", "jitter_mean_s", "throughput_bps"});
        for (const auto& f : results.flows)
        {
            std::string proto = f.protocol == 6    ? "tcp"
                                : f.protocol == 17 ? "udp"
                                                   : std::to_string(f.protocol);
            t.AddRow({f.flowId, f.demandId, proto, f.sourceAddress, f.sourcePort, f.destAddress,
                      f.destPort, f.txPackets, f.rxPackets, f.lostPackets, f.txBytes, f.rxBytes,
                      f.delayMeanSeconds, f.delayMaxSeconds, f.jitterMeanSeconds, f.throughputBps});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    if (args.vm.count("links"))
    {
        Table t({"link", "tx_packets", "tx_bytes", "queue_drop_packets", "utilisation_mean",
                 "utilisation_peak"});
        for (const auto& l : results.links)
        {
            t.AddRow({l.linkId, l.txPackets, l.txBytes, l.queueDropPackets, l.meanUtilisation,
                      l.peakUtilisation});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    if (args.vm.count("samples"))
    {
        Table t({"link", "time_s", "tx_bytes", "utilisation", "queue_packets"});
        for (const auto& s : results.samples)
        {
            t.AddRow({s.linkId, s.timeSeconds, s.txBytes, s.utilisation, s.queuePackets});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    if (args.vm.count("demands"))
    {
        Table t({"demand", "time_s", "tx_packets", "tx_bytes", "rx_packets", "rx_bytes",
                 "delay_sum_s", "delivered_packets"});
        for (const auto& s : results.demandSamples)
        {
            t.AddRow({s.demandId, s.timeSeconds, s.txPackets, s.txBytes, s.rxPackets, s.rxBytes,
                      s.delaySumSeconds, s.deliveredPackets});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    if (args.vm.count("events"))
    {
        PrintEventTimeline(results.events, std::nullopt, format);
        return EXIT_OK;
    }
    if (args.vm.count("verdicts"))
    {
        PrintVerdictRows(results.verdicts, format);
        return EXIT_OK;
    }
    if (args.vm.count("replay"))
    {
        return PrintReplay(*store, *run, results, format);
    }
    PrintRunSummary(*run, results, format);
    if (!results.verdicts.empty() && format == TableFormat::Text)
    {
        PrintVerdictTable(results.verdicts, format);
    }
    return EXIT_OK;
}

} // namespace

Command
RunsCommand()
{
    Command c;
    c.name = "runs";
    c.usage = "[--format table|csv|json]";
    c.summary = "list stored runs";
    c.declare = [](po::options_description& opts, po::positional_options_description&)
    { opts.add_options()("format", po::value<std::string>(), "table (default), csv or json"); };
    c.run = Runs;
    return c;
}

Command
SweepsCommand()
{
    Command c;
    c.name = "sweeps";
    c.usage = "[--format table|csv|json]";
    c.summary = "list sweeps (scenario invocations) with their state";
    c.declare = [](po::options_description& opts, po::positional_options_description&)
    { opts.add_options()("format", po::value<std::string>(), "table (default), csv or json"); };
    c.run = Sweeps;
    return c;
}

Command
ResultsCommand()
{
    Command c;
    c.name = "results";
    c.usage = "RUN [--flows|--links|--samples|--demands|--events|--verdicts|--replay] "
              "[--format table|csv|json]";
    c.summary = "show a run's KPI summary (and verdicts), or one kind of its results";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("run", po::value<std::string>(), "run id")("flows",
                                                                      "per-flow statistics")(
            "links", "per-link-direction totals")("samples", "per-link utilisation over time")(
            "demands", "per-demand traffic over time (scenario runs)")(
            "events", "events applied during the run")("verdicts", "every objective verdict")(
            "replay", "each replayed flow: recorded against replayed (runs with --traffic)")(
            "format", po::value<std::string>(), "table (default), csv or json");
        pos.add("run", 1);
    };
    c.run = Results;
    return c;
}

} // namespace cli
} // namespace ns3
