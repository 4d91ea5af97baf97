/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin sync ACTION ...: the sync agent against real devices over NETCONF (doc/sync.md).
// pull: collect every device of an inventory into a snapshot; drift: compare the devices
// with a snapshot; push --dry-run: show the NETCONF edits of a verified change set.

#include "cli-common.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-sync-push.h"
#include "ns3/twin-sync.h"

#include <iomanip>
#include <iostream>
#include <set>
#include <stdexcept>

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
 * dtwin sync push CHANGE INVENTORY --dry-run [--baseline SNAPSHOT].
 * @param args parsed arguments
 * @return exit code
 */
int
Push(const ParsedArgs& args)
{
    const auto list = ActionArgs(args, 2, 2, "push CHANGE-SET INVENTORY --dry-run");
    if (!args.vm.count("dry-run"))
    {
        // The real push (confirmed commit on every device, rollback on failure) comes later.
        throw UsageError("dtwin sync push: not implemented yet: use --dry-run");
    }
    TwinInventory inventory = LoadInventory(list[1]);
    auto store = OpenStore(args);
    auto changeSet = store->FindChangeSet(list[0]);
    if (!changeSet)
    {
        throw UsageError("no change set '" + list[0] + "' in " + store->GetPath() +
                         " (dtwin change-set list)");
    }
    TwinSnapshotInfo baseline;
    if (args.vm.count("baseline"))
    {
        baseline = RequireSnapshot(*store, args.vm["baseline"].as<std::string>());
    }
    else
    {
        auto id = TwinFindPulledSnapshot(*store, inventory);
        if (!id)
        {
            throw UsageError("no snapshot was pulled from '" + inventory.absolutePath +
                             "' into this store: pull first, or name it with --baseline");
        }
        baseline = RequireSnapshot(*store, std::to_string(*id));
    }
    const std::string what = "change set " + std::to_string(changeSet->id) + " on snapshot " +
                             std::to_string(baseline.id) + " (" +
                             baseline.contentHash.substr(0, 12) + ")";
    auto verification = store->FindPassingVerification(changeSet->id, baseline.id);
    if (!verification)
    {
        AppendAudit(*store, "push-dry-run", changeSet->id, what + ": no passing verification",
                    "refused");
        throw UsageError(
            "refused: " + what + " has no passing verification (dtwin change-set verify " +
            std::to_string(changeSet->id) + " " + std::to_string(baseline.id) + " SCENARIO-FILE)");
    }

    // The devices as they are now must still be the baseline the change was verified on.
    std::vector<TwinDeviceData> devices;
    TwinImportResult current;
    {
        Progress progress("reading " + std::to_string(inventory.devices.size()) + " devices");
        try
        {
            devices = TwinCollectDevices(inventory, JobsOption(args));
        }
        catch (const TwinSyncError& e)
        {
            AppendAudit(*store, "push-dry-run", changeSet->id, what + ": devices unreadable",
                        "failed");
            throw UsageError(e.what());
        }
        current = TwinImportDevices(inventory, devices, {}, false);
    }
    std::size_t errors = PrintDiagnostics(current.diagnostics);
    if (errors > 0)
    {
        AppendAudit(*store, "push-dry-run", changeSet->id,
                    what + ": the devices' data does not import", "failed");
        throw UsageError(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         " in the devices' data: cannot compare them with the baseline");
    }
    std::vector<std::string> nodes;
    TwinNetconfEditOptions editOptions;
    for (const auto& d : devices)
    {
        nodes.push_back(d.nodeId);
        std::string name = TwinStaticProtocolName(d.xml);
        if (!name.empty())
        {
            editOptions.staticProtocol[d.nodeId] = name;
        }
    }
    TwinNetwork baselineNetwork = store->LoadSnapshot(baseline.id);
    auto drift = TwinCompareDevices(baselineNetwork, current.network, nodes);
    if (!drift.empty())
    {
        for (const auto& item : drift)
        {
            std::cout << item.ToString() << "\n";
        }
        AppendAudit(*store, "push-dry-run", changeSet->id,
                    what + ": " + std::to_string(drift.size()) +
                        " differences between the devices and the baseline",
                    "refused");
        std::cout << "refused: the devices differ from snapshot " << baseline.id << " ("
                  << drift.size() << (drift.size() == 1 ? " difference" : " differences")
                  << "), which the change set was verified on: pull and verify again\n";
        return EXIT_DRIFT;
    }

    TwinChangeSetReadResult read = ParseTwinChangeSet(
        changeSet->text, changeSet->format == "xml" ? YangFormat::Xml : YangFormat::Json,
        changeSet->sourcePath);
    if (!read.Ok())
    {
        PrintDiagnostics(read.diagnostics);
        throw UsageError("change set " + std::to_string(changeSet->id) +
                         " no longer reads as a change set with this build");
    }
    std::map<std::string, std::string> edits;
    try
    {
        edits = TwinNetconfEdits(read.changeSet, baselineNetwork, editOptions);
    }
    catch (const std::invalid_argument& e)
    {
        AppendAudit(*store, "push-dry-run", changeSet->id, what + ": " + e.what(), "refused");
        throw UsageError(std::string("refused: ") + e.what());
    }
    std::cout << "dry run: " << what << ", verification " << verification->id
              << "; the devices match it\n";
    std::string touched;
    for (const auto& device : inventory.devices)
    {
        auto edit = edits.find(device.nodeId);
        if (edit == edits.end())
        {
            std::cout << device.nodeId << ": nothing to change\n";
            continue;
        }
        touched += (touched.empty() ? "" : ", ") + device.nodeId;
        std::cout << device.endpoint.Describe() << ": edit-config candidate\n"
                  << edit->second << "\n";
    }
    AppendAudit(*store, "push-dry-run", changeSet->id,
                what + ", verification " + std::to_string(verification->id) + ": would edit " +
                    (touched.empty() ? std::string("no device") : touched),
                "ok");
    std::cout << edits.size() << " of " << inventory.devices.size()
              << " devices would be edited; nothing was sent (--dry-run)\n";
    return EXIT_OK;
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
        throw UsageError("name an action: pull, drift or push (see dtwin sync --help)");
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
    if (action == "push")
    {
        return Push(args);
    }
    throw UsageError("unknown action '" + action + "': pull, drift or push");
}

} // namespace

Command
SyncCommand()
{
    Command c;
    c.name = "sync";
    c.usage = "pull INVENTORY [--jobs N] [--strict] [--keep-bundle DIR]\n"
              "       dtwin sync drift INVENTORY [SNAPSHOT] [--jobs N]\n"
              "       dtwin sync push CHANGE-SET INVENTORY --dry-run [--baseline SNAPSHOT]";
    c.summary = "collect real devices over NETCONF into a snapshot, show their drift, or show "
                "the edits of a verified change set";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("action", po::value<std::string>(), "pull, drift or push")(
            "args", po::value<std::vector<std::string>>(), "the action's arguments")(
            "jobs", po::value<unsigned>()->default_value(8), "devices read at once")(
            "strict", "pull: treat unknown augments and repairable problems as errors")(
            "keep-bundle", po::value<std::string>(),
            "pull: also write the pulled snapshot bundle into this new directory")(
            "dry-run", "push: show the NETCONF edits, send nothing (required for now)")(
            "baseline", po::value<std::string>(),
            "push: the snapshot the change set was verified on (default: the newest pulled)");
        pos.add("action", 1).add("args", -1);
    };
    c.run = Sync;
    return c;
}

} // namespace cli
} // namespace ns3
