/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin sync ACTION ...: the sync agent against real devices over NETCONF (doc/sync.md).
// pull: collect every device of an inventory into a snapshot; drift: compare the devices
// with a snapshot.

#include "cli-common.h"

#include "ns3/twin-sync.h"

#include <iomanip>
#include <iostream>
#include <set>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * Read the inventory, printing its diagnostics.
 * @param path the inventory file
 * @return the inventory
 * @throws UsageError when it has errors
 */
TwinInventory
LoadInventory(const std::string& path)
{
    auto result = TwinReadInventory(path);
    std::size_t errors = PrintDiagnostics(result.diagnostics);
    if (!result.Ok())
    {
        throw UsageError(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         " in the inventory '" + path + "'");
    }
    return std::move(result.inventory);
}

/**
 * @param args parsed arguments
 * @return --jobs, checked
 */
std::size_t
JobsOption(const ParsedArgs& args)
{
    unsigned jobs = args.vm["jobs"].as<unsigned>();
    if (jobs == 0 || jobs > 64)
    {
        throw UsageError("--jobs must be between 1 and 64");
    }
    return jobs;
}

/**
 * @param args parsed arguments
 * @param count how many action arguments the action takes at least
 * @param most at most
 * @param usage the action's synopsis for messages
 * @return the action's arguments
 */
std::vector<std::string>
ActionArgs(const ParsedArgs& args, std::size_t count, std::size_t most, const std::string& usage)
{
    std::vector<std::string> list;
    if (args.vm.count("args"))
    {
        list = args.vm["args"].as<std::vector<std::string>>();
    }
    if (list.size() < count || list.size() > most)
    {
        throw UsageError("usage: dtwin sync " + usage);
    }
    return list;
}

/**
 * dtwin sync pull INVENTORY.
 * @param args parsed arguments
 * @return exit code
 */
int
Pull(const ParsedArgs& args)
{
    const auto list = ActionArgs(args, 1, 1, "pull INVENTORY");
    TwinInventory inventory = LoadInventory(list[0]);
    TwinPullOptions options;
    options.maxParallel = JobsOption(args);
    options.importOptions.strict = args.vm.count("strict") > 0;
    if (args.vm.count("keep-bundle"))
    {
        options.bundleDir = args.vm["keep-bundle"].as<std::string>();
    }
    auto store = OpenStore(args);
    TwinPullResult result;
    {
        Progress progress("pulling " + std::to_string(inventory.devices.size()) + " devices");
        try
        {
            result = TwinPull(inventory, *store, options);
        }
        catch (const TwinSyncError& e)
        {
            throw UsageError(std::string(e.what()) + "\nnothing stored");
        }
    }
    std::size_t errors = PrintDiagnostics(result.import.diagnostics);
    if (!result.import.Ok())
    {
        throw UsageError(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         " in the pulled data: nothing stored");
    }
    auto info = store->FindSnapshot(std::to_string(result.snapshotId));
    const TwinNetwork& n = result.import.network;
    std::cout << (result.existed ? "unchanged: already stored as snapshot " : "snapshot ")
              << result.snapshotId << " (" << info->contentHash.substr(0, 12) << ") "
              << (result.existed ? "" : "pulled ") << "from " << result.devices.size()
              << (result.devices.size() == 1 ? " device" : " devices") << " of " << inventory.path
              << ": " << n.nodes.size() << " nodes, " << n.links.size() << " links, "
              << n.routes.size() << " routes\n";
    std::cout << std::fixed << std::setprecision(2) << "read in " << result.collectSeconds
              << " s, pull took " << result.totalSeconds << " s\n";
    std::size_t warnings = result.import.diagnostics.Count(TwinDiagnostic::Severity::Warning);
    if (warnings > 0 && !result.existed)
    {
        std::cout << warnings << (warnings == 1 ? " warning" : " warnings")
                  << " (stored with the snapshot: dtwin show " << result.snapshotId
                  << " --provenance)\n";
    }
    return EXIT_OK;
}

/**
 * dtwin sync drift INVENTORY [SNAPSHOT].
 * @param args parsed arguments
 * @return exit code
 */
int
Drift(const ParsedArgs& args)
{
    const auto list = ActionArgs(args, 1, 2, "drift INVENTORY [SNAPSHOT]");
    TwinInventory inventory = LoadInventory(list[0]);
    auto store = OpenStore(args);
    TwinSnapshotInfo snapshot;
    if (list.size() == 2)
    {
        snapshot = RequireSnapshot(*store, list[1]);
    }
    else
    {
        auto id = TwinFindPulledSnapshot(*store, inventory);
        if (!id)
        {
            throw UsageError("no snapshot was pulled from '" + inventory.absolutePath +
                             "' into this store: name the SNAPSHOT to compare with");
        }
        snapshot = RequireSnapshot(*store, std::to_string(*id));
    }
    TwinNetwork baseline = store->LoadSnapshot(snapshot.id);
    TwinDriftReport report;
    {
        Progress progress("reading " + std::to_string(inventory.devices.size()) + " devices");
        try
        {
            report = TwinCheckDrift(inventory, baseline, JobsOption(args));
        }
        catch (const TwinSyncError& e)
        {
            throw UsageError(e.what());
        }
    }
    std::size_t errors = PrintDiagnostics(report.diagnostics);
    if (errors > 0)
    {
        throw UsageError(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         " in the devices' data: cannot compare");
    }
    const std::string against =
        "snapshot " + std::to_string(snapshot.id) + " (" + snapshot.contentHash.substr(0, 12) + ")";
    if (report.items.empty())
    {
        std::cout << "no drift: " << inventory.devices.size()
                  << (inventory.devices.size() == 1 ? " device matches " : " devices match ")
                  << against << "\n";
        return EXIT_OK;
    }
    std::set<std::string> devices;
    for (const auto& item : report.items)
    {
        std::cout << item.ToString() << "\n";
        devices.insert(item.device);
    }
    std::cout << "drift: " << report.items.size()
              << (report.items.size() == 1 ? " difference" : " differences") << " on "
              << devices.size() << " of " << inventory.devices.size() << " devices against "
              << against << "\n";
    return EXIT_DRIFT;
}

/**
 * Run the sync command.
 * @param args parsed arguments
 * @return exit code
 */
int
Sync(const ParsedArgs& args)
{
    if (!args.vm.count("action"))
    {
        throw UsageError("name an action: pull or drift (see dtwin sync --help)");
    }
    const std::string action = args.vm["action"].as<std::string>();
    if (action == "pull")
    {
        return Pull(args);
    }
    if (action == "drift")
    {
        return Drift(args);
    }
    throw UsageError("unknown action '" + action + "': pull or drift");
}

} // namespace

Command
SyncCommand()
{
    Command c;
    c.name = "sync";
    c.usage = "pull INVENTORY [--jobs N] [--strict] [--keep-bundle DIR]\n"
              "       dtwin sync drift INVENTORY [SNAPSHOT] [--jobs N]";
    c.summary = "collect real devices over NETCONF into a snapshot, or show their drift";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("action", po::value<std::string>(), "pull or drift")(
            "args", po::value<std::vector<std::string>>(), "the action's arguments")(
            "jobs", po::value<unsigned>()->default_value(8), "devices read at once")(
            "strict", "pull: treat unknown augments and repairable problems as errors")(
            "keep-bundle", po::value<std::string>(),
            "pull: also write the pulled snapshot bundle into this new directory");
        pos.add("action", 1).add("args", -1);
    };
    c.run = Sync;
    return c;
}

} // namespace cli
} // namespace ns3
