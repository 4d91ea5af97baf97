/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin run: build a stored snapshot in ns-3, simulate its traffic, store and print results.

#include "cli-common.h"
#include "cli-scenario.h"
#include "cli-units.h"

#include "ns3/demand-file-reader.h"
#include "ns3/digital-twin-helper.h"
#include "ns3/names.h"
#include "ns3/scenario-reader.h"
#include "ns3/simulator.h"
#include "ns3/twin-traffic-demands.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/** Longest --duration: far beyond any packet-level run, far below ns-3's Time range. */
constexpr double kMaxDurationSeconds = 1e6;
/** Shortest --sample-interval. */
constexpr double kMinSampleIntervalSeconds = 1e-6;
/** Offered packets per simulated second above which `run` warns that it will be slow. */
constexpr double kSlowPacketsPerSecond = 500000;

/**
 * Read a duration option or fail with a usage error naming it.
 * @param vm parsed values
 * @param name option name
 * @param minSeconds smallest accepted value
 * @param minText the smallest value as the message shows it
 * @return seconds
 */
double
DurationOption(const po::variables_map& vm, const std::string& name, double minSeconds,
               const std::string& minText)
{
    std::string text = vm[name].as<std::string>();
    auto seconds = ParseDuration(text);
    if (!seconds || *seconds <= 0)
    {
        throw UsageError("--" + name + ": not a positive duration (e.g. 10s, 500ms): '" + text +
                         "'");
    }
    // Time counts nanoseconds in an int64: out-of-range values must not reach it.
    if (*seconds < minSeconds || *seconds > kMaxDurationSeconds)
    {
        throw UsageError("--" + name + " must be from " + minText +
                         " to 1000000 s (about 11.6 days), got '" + text + "'");
    }
    return *seconds;
}

/**
 * Read a whole-number option given as text (program_options would wrap "-1" around).
 * @param vm parsed values
 * @param name option name
 * @param min smallest accepted value
 * @param max largest accepted value
 * @return the value
 */
uint64_t
WholeNumberOption(const po::variables_map& vm, const std::string& name, uint64_t min, uint64_t max)
{
    std::string text = vm[name].as<std::string>();
    uint64_t value = 0;
    bool ok = !text.empty() && text.size() <= 20 &&
              text.find_first_not_of("0123456789") == std::string::npos;
    if (ok)
    {
        errno = 0;
        value = std::strtoull(text.c_str(), nullptr, 10);
        ok = errno != ERANGE && value >= min && value <= max;
    }
    if (!ok)
    {
        throw UsageError("--" + name + " must be a whole number from " + std::to_string(min) +
                         " to " + std::to_string(max) + ", got '" + text + "'");
    }
    return value;
}

/**
 * Run options from the command line.
 * @param vm parsed values
 * @return the options
 */
TwinRunOptions
RunOptionsFrom(const po::variables_map& vm)
{
    TwinRunOptions options;
    options.duration = Seconds(DurationOption(vm, "duration", 1e-9, "1 ns"));
    options.sampleInterval =
        Seconds(DurationOption(vm, "sample-interval", kMinSampleIntervalSeconds, "1 us"));
    options.seed = WholeNumberOption(vm, "seed", 1, UINT32_MAX);
    options.runNumber = WholeNumberOption(vm, "run-number", 0, static_cast<uint64_t>(INT64_MAX));
    auto mode = ParseTwinRoutingMode(vm["routing"].as<std::string>());
    if (!mode)
    {
        throw UsageError("--routing must be auto, configured or shortest-path");
    }
    options.routingMode = *mode;
    options.queueDiscType = vm["queue-disc"].as<std::string>();
    options.tcpVariant = ResolveTcpVariant(vm["tcp-variant"].as<std::string>());
    nlohmann::json params = {{"duration_s", options.duration.GetSeconds()},
                             {"sample_interval_s", options.sampleInterval.GetSeconds()},
                             {"routing", vm["routing"].as<std::string>()},
                             {"queue_disc", options.queueDiscType},
                             {"tcp_variant", options.tcpVariant}};
    if (vm.count("demands"))
    {
        params["demands_file"] = vm["demands"].as<std::string>();
    }
    options.parametersJson = params.dump();
    return options;
}

/**
 * A rough measure of how much work a run is: the packets its demands offer per simulated
 * second, averaged over the run. UDP sends rate / packet size while active, even into a full
 * queue; TCP sends its bytes in segments, at most as fast as the source's fastest link (an
 * unlimited transfer exactly that fast).
 * @param network the network
 * @param demands the demands
 * @param durationSeconds the run's duration
 * @return packets per simulated second
 */
double
OfferedPacketsPerSecond(const TwinNetwork& network, const std::vector<TwinDemand>& demands,
                        double durationSeconds)
{
    double packets = 0;
    for (const auto& d : demands)
    {
        double stop = std::min(d.stopSeconds.value_or(durationSeconds), durationSeconds);
        double active = stop - d.startSeconds;
        if (!(active > 0) || d.packetBytes == 0)
        {
            continue;
        }
        double bits = 0;
        if (d.protocol == TwinProtocol::Udp)
        {
            bits = d.rateBps * active;
        }
        else
        {
            uint64_t fastest = 0;
            for (const auto& l : network.links)
            {
                fastest = l.sourceNode == d.sourceNode ? std::max(fastest, l.capacityBps) : fastest;
            }
            bits = static_cast<double>(fastest) * active;
            if (d.bytes > 0)
            {
                bits = std::min(bits, static_cast<double>(d.bytes) * 8);
            }
        }
        packets += bits / (8.0 * d.packetBytes);
    }
    return packets / durationSeconds;
}

/**
 * @param count a large number
 * @return it in words, e.g. "1.25 million" or "650 thousand"
 */
std::string
InWords(double count)
{
    char text[64];
    if (count >= 1e9)
    {
        std::snprintf(text, sizeof(text), "%.3g billion", count / 1e9);
    }
    else if (count >= 1e6)
    {
        std::snprintf(text, sizeof(text), "%.3g million", count / 1e6);
    }
    else
    {
        std::snprintf(text, sizeof(text), "%.3g thousand", count / 1e3);
    }
    return text;
}

/**
 * LinkSample trace sink: remember how far the simulation got (read by the progress display,
 * on another thread).
 * @param simulated where to store the time
 * @param sample the sample just taken
 */
void
NoteSimulatedTime(std::atomic<double>* simulated, const TwinLinkSample& sample)
{
    simulated->store(sample.timeSeconds, std::memory_order_relaxed);
}

/**
 * One end of --window: seconds after the set's earliest flow start (a duration) or an
 * ISO 8601 wall-clock time.
 * @param text the end as given (not empty)
 * @param origin the set's earliest flow start, epoch seconds
 * @return epoch seconds
 */
double
WindowEnd(const std::string& text, double origin)
{
    if (auto seconds = ParseDuration(text))
    {
        return origin + *seconds;
    }
    std::string error;
    if (auto micros = ParseTwinWallClock(text, &error))
    {
        return static_cast<double>(*micros) * 1e-6;
    }
    throw UsageError("--window: '" + text +
                     "' is neither a duration after the first recorded flow (e.g. 30s, 1.5min) "
                     "nor an ISO 8601 time (e.g. 2026-11-25T10:00:00Z)" +
                     (error.empty() ? std::string() : ": " + error));
}

/**
 * The replay options of dtwin run --traffic.
 * @param args parsed arguments (--window, --time-scale, --traffic-scale, --protocol, --packets)
 * @param store the store
 * @param setId the traffic set
 * @param params the run parameters, which get the options
 * @return the options
 */
TwinTrafficReplayOptions
ReplayOptionsFrom(const ParsedArgs& args, TwinStore& store, int64_t setId, nlohmann::json& params)
{
    TwinTrafficReplayOptions options;
    params["traffic_set"] = setId;
    for (const char* name : {"time-scale", "traffic-scale"})
    {
        if (args.vm.count(name))
        {
            double value = args.vm[name].as<double>();
            if (!(value > 0) || !std::isfinite(value))
            {
                throw UsageError(std::string("--") + name + " must be positive");
            }
            (std::string(name) == "time-scale" ? options.timeScale : options.trafficScale) = value;
        }
    }
    params["time_scale"] = options.timeScale;
    params["traffic_scale"] = options.trafficScale;
    if (args.vm.count("protocol"))
    {
        for (const auto& p : args.vm["protocol"].as<std::vector<std::string>>())
        {
            if (p == "tcp" || p == "udp" || p == "icmp")
            {
                options.protocols.insert(p == "tcp" ? 6 : p == "udp" ? 17 : 1);
            }
            else
            {
                throw UsageError("--protocol must be tcp, udp or icmp");
            }
        }
        params["protocols"] = args.vm["protocol"].as<std::vector<std::string>>();
    }
    std::string packets =
        args.vm.count("packets") ? args.vm["packets"].as<std::string>() : "sequences";
    if (packets != "sequences" && packets != "rate")
    {
        throw UsageError("--packets must be sequences (replay captured packets as recorded) or "
                         "rate (at each flow's mean rate)");
    }
    options.usePacketSequences = packets == "sequences";
    params["packets"] = packets;
    if (args.vm.count("window"))
    {
        std::string text = args.vm["window"].as<std::string>();
        auto dots = text.find("..");
        if (dots == std::string::npos || text.find("..", dots + 2) != std::string::npos ||
            text.size() == 2)
        {
            throw UsageError("--window must be FROM..TO, FROM.. or ..TO (e.g. 10s..40s), got '" +
                             text + "'");
        }
        std::optional<double> origin = DigitalTwinHelper::TrafficStartSeconds(store, setId);
        if (!origin)
        {
            throw UsageError("traffic set " + std::to_string(setId) + " has no flows");
        }
        std::string from = text.substr(0, dots);
        std::string to = text.substr(dots + 2);
        if (!from.empty())
        {
            options.windowStartSeconds = WindowEnd(from, *origin);
        }
        if (!to.empty())
        {
            options.windowEndSeconds = WindowEnd(to, *origin);
        }
        if (options.windowStartSeconds && options.windowEndSeconds &&
            !(*options.windowEndSeconds > *options.windowStartSeconds))
        {
            throw UsageError("--window '" + text + "' ends before it starts");
        }
        params["window"] = text;
    }
    return options;
}

/**
 * @param replayed the replayed flows of a run
 * @return e.g. "3 as packet sequences, 2 at their mean rate, 1 as TCP transfers"
 */
std::string
ReplayModes(const std::vector<TwinReplayedFlow>& replayed)
{
    std::size_t packets = 0;
    std::size_t rate = 0;
    std::size_t tcp = 0;
    for (const auto& r : replayed)
    {
        (r.mode == "packets" ? packets : r.mode == "rate" ? rate : tcp) += 1;
    }
    return std::to_string(packets) + " as packet sequences, " + std::to_string(rate) +
           " at their mean rate, " + std::to_string(tcp) + " as TCP transfers";
}

/**
 * Run the run command.
 * @param args parsed arguments
 * @return exit code
 */
int
Run(const ParsedArgs& args)
{
    if (!args.vm.count("snapshot"))
    {
        throw UsageError("name a snapshot (id or hash prefix; see 'dtwin snapshots') or a "
                         "scenario file");
    }
    {
        // A file is a scenario; anything else names a snapshot.
        std::string ref = args.vm["snapshot"].as<std::string>();
        std::error_code ec;
        if (std::filesystem::is_regular_file(ref, ec))
        {
            return RunScenarioFile(args, ref);
        }
        auto endsWith = [&ref](const std::string& suffix)
        {
            return ref.size() >= suffix.size() &&
                   ref.compare(ref.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        if (ref.find('/') != std::string::npos || endsWith(".json") || endsWith(".xml"))
        {
            throw UsageError("no scenario file '" + ref + "'" +
                             (ec ? ": " + ec.message() : std::string()));
        }
        for (const char* scenarioOnly : {"jobs", "variant", "worker-sweep", "max-runs", "drain"})
        {
            if (args.vm.count(scenarioOnly))
            {
                throw UsageError(std::string("--") + scenarioOnly +
                                 " applies to scenario files ('" + ref +
                                 "' is not a file, so it names a snapshot)");
            }
        }
    }
    if (!args.vm.count("duration"))
    {
        throw UsageError("--duration is required (e.g. --duration 10s)");
    }
    TwinRunOptions options = RunOptionsFrom(args.vm);
    auto store = OpenStore(args);
    TwinSnapshotInfo info = RequireSnapshot(*store, args.vm["snapshot"].as<std::string>());

    DigitalTwinHelper twin;
    twin.LoadSnapshot(*store, std::to_string(info.id));
    if (args.vm.count("demands") && args.vm.count("traffic"))
    {
        throw UsageError("--traffic and --demands both give the traffic: name one");
    }
    if (!args.vm.count("traffic"))
    {
        for (const char* replayOnly :
             {"window", "time-scale", "traffic-scale", "protocol", "packets"})
        {
            if (args.vm.count(replayOnly))
            {
                throw UsageError(std::string("--") + replayOnly +
                                 " applies to a replay: add --traffic SET");
            }
        }
    }
    if (args.vm.count("demands"))
    {
        std::string path = args.vm["demands"].as<std::string>();
        TwinDiagnostics diagnostics;
        std::vector<TwinDemand> demands = ReadDemandFile(path, diagnostics, args.limits);
        if (!diagnostics.HasErrors())
        {
            ValidateDemands(twin.GetNetwork(), demands, diagnostics);
        }
        if (PrintDiagnostics(diagnostics) > 0)
        {
            throw UsageError("demand file " + path + " has errors: nothing run");
        }
        if (demands.empty())
        {
            throw UsageError("demand file " + path + " has no demands");
        }
        twin.SetDemands(demands);
    }
    else if (args.vm.count("traffic"))
    {
        int64_t setId = args.vm["traffic"].as<int64_t>();
        auto set = store->FindTrafficSet(setId);
        if (!set)
        {
            throw UsageError("no traffic set " + std::to_string(setId) + " in " + store->GetPath() +
                             " (see 'dtwin traffic')");
        }
        nlohmann::json params = nlohmann::json::parse(options.parametersJson);
        TwinTrafficReplayOptions replay = ReplayOptionsFrom(args, *store, setId, params);
        options.parametersJson = params.dump();
        try
        {
            PrintDiagnostics(twin.LoadTraffic(*store, setId, replay));
        }
        catch (const TwinBuildError& e)
        {
            throw UsageError(e.what());
        }
    }
    else if (twin.GetDemands().empty())
    {
        throw UsageError("snapshot " + std::to_string(info.id) +
                         " has no default traffic: pass --demands FILE");
    }

    const double duration = options.duration.GetSeconds();
    double offered = OfferedPacketsPerSecond(twin.GetNetwork(), twin.GetDemands(), duration);
    if (offered > kSlowPacketsPerSecond)
    {
        std::cerr << "note: the demands offer about " << InWords(offered)
                  << " packets per simulated second; ns-3 simulates every packet on every hop, "
                     "so this run will be slow (minutes or more per simulated second). A "
                     "shorter --duration, or a demand file with scaled-down rates (--demands), "
                     "makes it faster.\n";
    }

    // Where the simulation is, for the progress display: set by the collector's own sampling,
    // so watching adds no simulator event and the run is the same with or without a terminal.
    std::atomic<double> simulated{0};
    twin.GetResultCollector()->TraceConnectWithoutContext(
        "LinkSample", MakeBoundCallback(&NoteSimulatedTime, &simulated));
    int64_t runId;
    try
    {
        twin.SetRunOptions(options);
        Progress progress("simulating");
        progress.Update("building " + std::to_string(info.nodeCount) + " nodes");
        twin.Build();
        twin.InstallDemands();
        twin.EnableResults();
        progress.Track(
            [&simulated, duration]()
            {
                double now = simulated.load(std::memory_order_relaxed);
                char percent[16];
                std::snprintf(percent, sizeof(percent), "%.0f %%", 100 * now / duration);
                return (now > 0 ? FormatDuration(now) : std::string("0 s")) + " of " +
                       FormatDuration(duration) + " (" + percent + ")";
            });
        twin.Run();
        progress.Update("storing results");
        runId = twin.WriteResults(*store);
    }
    catch (const TwinBuildError& e)
    {
        // The snapshot, the options or the demands cannot be simulated as given: the user's
        // input, not a bug. Nothing was stored.
        throw UsageError(e.what());
    }
    for (const auto& note : twin.GetNotes())
    {
        std::cerr << "note: " << note << "\n";
    }
    // The helper holds what was just written: no need to read it back from the store.
    PrintRunSummary(twin.GetRunRecord(), twin.GetResults(), TableFormat::Text);
    const auto& replayed = twin.GetResults().replayed;
    if (twin.GetTrafficSetId() != 0)
    {
        std::size_t notInstalled = twin.GetReplayedFlows().size() - replayed.size();
        std::cout << "replayed " << replayed.size() << " flows of traffic set "
                  << twin.GetTrafficSetId() << ": " << ReplayModes(replayed)
                  << (notInstalled > 0 ? " (" + std::to_string(notInstalled) +
                                             " more not installed: see the notes above)"
                                       : std::string())
                  << "\n";
    }
    std::cout << "run " << runId << " stored in " << store->GetPath() << " (dtwin results " << runId
              << (replayed.empty() ? "" : " --replay |") << " --flows | --links | --samples)\n";
    Simulator::Destroy();
    Names::Clear();
    return EXIT_OK;
}

} // namespace

Command
RunCommand()
{
    Command c;
    c.name = "run";
    c.usage = "SNAPSHOT --duration TIME [--demands FILE | --traffic SET [--window FROM..TO] "
              "[--time-scale X] [--traffic-scale X] [--protocol P]... [--packets MODE]] "
              "[--seed N] [--run-number N] "
              "[--sample-interval TIME] [--routing MODE] [--queue-disc TYPE]\n"
              "       dtwin run SCENARIO-FILE [--jobs N] [--variant NAME]... [--top N] "
              "[--sample-interval TIME] [--drain TIME] [--queue-disc TYPE] [--max-runs N] "
              "[--format FORMAT]";
    c.summary = "simulate a snapshot's traffic, or run a scenario file and judge its objectives";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("snapshot", po::value<std::string>(), "snapshot id or hash prefix")(
            "duration", po::value<std::string>(), "simulated time, e.g. 10s (required)")(
            "demands", po::value<std::string>(),
            "demand file (CSV) instead of the snapshot's default traffic")(
            "seed", po::value<std::string>()->default_value("1"),
            "RngSeedManager seed, 1 to 4294967295")("run-number",
                                                    po::value<std::string>()->default_value("1"),
                                                    "RngSeedManager run number")(
            "sample-interval", po::value<std::string>()->default_value("100ms"),
            "link utilisation sampling interval")("routing",
                                                  po::value<std::string>()->default_value("auto"),
                                                  "auto, configured or shortest-path")(
            "queue-disc", po::value<std::string>()->default_value("ns3::FifoQueueDisc"),
            "queue disc TypeId on every link")("tcp-variant",
                                               po::value<std::string>()->default_value("Cubic"),
                                               "TCP congestion control of TCP demands: Cubic (ns-3 "
                                               "3.37 default), NewReno, Bbr, ... (ns-3's)")(
            "jobs", po::value<unsigned>(), "scenario: worker processes running variants at once")(
            "variant", po::value<std::vector<std::string>>(),
            "scenario: run only this variant (repeatable)")(
            "top", po::value<std::size_t>(), "scenario sweep: variants shown (default 20, 0: all)")(
            "drain", po::value<std::string>(),
            "scenario: time after the end for packets in flight to arrive (default 1s)")(
            "max-runs", po::value<uint64_t>(), "scenario: largest sweep allowed (default 1000)")(
            "start-jitter", po::value<std::string>(),
            "scenario: demands start up to this much late, drawn per seed (default 10ms)")(
            "format", po::value<std::string>(), "scenario: table (default), csv or json")(
            "traffic", po::value<int64_t>(),
            "replay a stored traffic set (dtwin traffic) instead of the default demands")(
            "time-scale", po::value<double>(), "--traffic: recorded times divided by this")(
            "traffic-scale", po::value<double>(), "--traffic: volume multiplied by this")(
            "protocol", po::value<std::vector<std::string>>(),
            "--traffic: replay only tcp, udp or icmp flows (repeatable)")(
            "window", po::value<std::string>(),
            "--traffic: replay only FROM..TO, each a time after the first recorded flow (30s) "
            "or an ISO 8601 time; either may be left out")(
            "packets", po::value<std::string>(),
            "--traffic: sequences (default: captured packets as recorded) or rate (each flow "
            "at its mean rate)")("worker-sweep", po::value<int64_t>(),
                                 "internal: run as a worker of this sweep")(
            "worker-snapshot", po::value<int64_t>(), "internal: base snapshot of the worker");
        pos.add("snapshot", 1);
    };
    c.run = Run;
    return c;
}

} // namespace cli
} // namespace ns3
