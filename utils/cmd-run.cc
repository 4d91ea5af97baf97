/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin run: build a stored snapshot in ns-3, simulate its traffic, store and print results.

#include "cli-common.h"
#include "cli-units.h"

#include "ns3/demand-file-reader.h"
#include "ns3/digital-twin-helper.h"
#include "ns3/names.h"
#include "ns3/simulator.h"

#include <iostream>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * Read a duration option or fail with a usage error naming it.
 * @param vm parsed values
 * @param name option name
 * @return seconds
 */
double
DurationOption(const po::variables_map& vm, const std::string& name)
{
    std::string text = vm[name].as<std::string>();
    auto seconds = ParseDuration(text);
    if (!seconds || *seconds <= 0)
    {
        throw UsageError("--" + name + ": not a positive duration (e.g. 10s, 500ms): '" + text +
                         "'");
    }
    return *seconds;
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
    options.duration = Seconds(DurationOption(vm, "duration"));
    options.sampleInterval = Seconds(DurationOption(vm, "sample-interval"));
    options.seed = vm["seed"].as<uint64_t>();
    options.runNumber = vm["run-number"].as<uint64_t>();
    if (options.seed == 0)
    {
        throw UsageError("--seed must be at least 1");
    }
    auto mode = ParseTwinRoutingMode(vm["routing"].as<std::string>());
    if (!mode)
    {
        throw UsageError("--routing must be auto, configured or shortest-path");
    }
    options.routingMode = *mode;
    options.queueDiscType = vm["queue-disc"].as<std::string>();
    nlohmann::json params = {{"duration_s", options.duration.GetSeconds()},
                             {"sample_interval_s", options.sampleInterval.GetSeconds()},
                             {"routing", vm["routing"].as<std::string>()},
                             {"queue_disc", options.queueDiscType}};
    if (vm.count("demands"))
    {
        params["demands_file"] = vm["demands"].as<std::string>();
    }
    options.parametersJson = params.dump();
    return options;
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
        throw UsageError("name a snapshot (id or hash prefix; see 'dtwin snapshots')");
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
    if (args.vm.count("demands"))
    {
        std::string path = args.vm["demands"].as<std::string>();
        TwinDiagnostics diagnostics;
        std::vector<TwinDemand> demands = ReadDemandFile(path, diagnostics);
        if (!diagnostics.HasErrors())
        {
            ValidateDemands(twin.GetNetwork(), demands, diagnostics);
        }
        for (const auto& d : diagnostics.All())
        {
            std::cerr << d.ToString() << "\n";
        }
        if (diagnostics.HasErrors())
        {
            throw UsageError("demand file " + path + " has errors: nothing run");
        }
        if (demands.empty())
        {
            throw UsageError("demand file " + path + " has no demands");
        }
        twin.SetDemands(demands);
    }
    else if (twin.GetDemands().empty())
    {
        throw UsageError("snapshot " + std::to_string(info.id) +
                         " has no default traffic: pass --demands FILE");
    }
    twin.SetRunOptions(options);
    int64_t runId;
    {
        Progress progress("simulating");
        progress.Update("building " + std::to_string(info.nodeCount) + " nodes");
        twin.Build();
        twin.InstallDemands();
        twin.EnableResults();
        progress.Update(FormatDuration(options.duration.GetSeconds()) + " of simulated time, " +
                        std::to_string(twin.GetDemands().size()) + " demands");
        twin.Run();
        progress.Update("storing results");
        runId = twin.WriteResults(*store);
    }
    for (const auto& note : twin.GetNotes())
    {
        std::cerr << "note: " << note << "\n";
    }
    TwinRunRecord record = *store->FindRun(runId);
    PrintRunSummary(record, store->LoadRunResults(runId), TableFormat::Text);
    std::cout << "run " << runId << " stored in " << store->GetPath() << " (dtwin results " << runId
              << " --flows | --links | --samples)\n";
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
    c.usage = "SNAPSHOT --duration TIME [--demands FILE] [--seed N] [--run-number N] "
              "[--sample-interval TIME] [--routing MODE] [--queue-disc TYPE]";
    c.summary = "build a snapshot in ns-3, simulate its traffic and store the results";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("snapshot", po::value<std::string>(), "snapshot id or hash prefix")(
            "duration", po::value<std::string>(), "simulated time, e.g. 10s (required)")(
            "demands", po::value<std::string>(),
            "demand file (CSV) instead of the snapshot's default traffic")(
            "seed", po::value<uint64_t>()->default_value(1), "RngSeedManager seed")(
            "run-number", po::value<uint64_t>()->default_value(1), "RngSeedManager run number")(
            "sample-interval", po::value<std::string>()->default_value("100ms"),
            "link utilisation sampling interval")("routing",
                                                  po::value<std::string>()->default_value("auto"),
                                                  "auto, configured or shortest-path")(
            "queue-disc", po::value<std::string>()->default_value("ns3::FifoQueueDisc"),
            "queue disc TypeId on every link");
        pos.add("snapshot", 1);
    };
    c.run = Run;
    return c;
}

} // namespace cli
} // namespace ns3
