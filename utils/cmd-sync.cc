/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin sync ACTION ...: the sync agent against real devices over NETCONF (doc/sync.md).
// pull: collect every device of an inventory into a snapshot; drift: compare the devices
// with a snapshot; push: a verified change set to every device or to none (TwinPush).

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
 * The snapshot a command compares the devices with: the one named, or else the newest one
 * pulled from the inventory.
 * @param store the store
 * @param inventory the inventory
 * @param ref the snapshot the user named ("" for none)
 * @param hint what the user can do when there is none
 * @return the snapshot
 * @throws UsageError when there is none
 */
TwinSnapshotInfo
BaselineSnapshot(TwinStore& store, const TwinInventory& inventory, const std::string& ref,
                 const std::string& hint)
{
    if (!ref.empty())
    {
        return RequireSnapshot(store, ref);
    }
    auto id = TwinFindPulledSnapshot(store, inventory);
    if (!id)
    {
        throw UsageError("no snapshot was pulled from '" + inventory.absolutePath +
                         "' into this store: " + hint);
    }
    return RequireSnapshot(store, std::to_string(*id));
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
    options.importOptions.limits = args.limits;
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
    const TwinSnapshotInfo snapshot = BaselineSnapshot(
        *store, inventory, list.size() == 2 ? list[1] : "", "name the SNAPSHOT to compare with");
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
 * Print one push step as it happens.
 * @param step the step, as audited
 */
void
PrintPushStep(const TwinPushStep& step)
{
    std::string action = step.action.substr(step.action.find('.') + 1);
    std::string detail = step.detail;
    // The edit itself is in the audit table; on the terminal it would bury the steps.
    if (step.action == "push.edit-config" && step.outcome == "ok")
    {
        detail = detail.substr(0, detail.find(": <"));
    }
    if (step.device.empty())
    {
        return; // the final row: the command prints its own summary
    }
    std::cout << "  " << std::left << std::setw(10) << step.device << std::setw(19) << action
              << std::setw(12) << step.outcome << detail << "\n"
              << std::flush;
}

/**
 * dtwin sync push CHANGE INVENTORY [--dry-run] [--baseline SNAPSHOT].
 * @param args parsed arguments
 * @return exit code
 */
int
Push(const ParsedArgs& args)
{
    const auto list = ActionArgs(args, 2, 2, "push CHANGE-SET INVENTORY [--dry-run]");
    TwinInventory inventory = LoadInventory(list[1]);
    auto store = OpenStore(args);
    auto changeSet = store->FindChangeSet(list[0]);
    if (!changeSet)
    {
        throw UsageError("no change set '" + list[0] + "' in " + store->GetPath() +
                         " (dtwin change-set list)");
    }
    const TwinSnapshotInfo baseline = BaselineSnapshot(
        *store, inventory, args.vm.count("baseline") ? args.vm["baseline"].as<std::string>() : "",
        "pull first, or name it with --baseline");
    TwinPushOptions options;
    options.user = CurrentUser();
    options.dryRun = args.vm.count("dry-run") > 0;
    options.maxParallel = JobsOption(args);
    const unsigned timeout = args.vm["confirm-timeout"].as<unsigned>();
    if (timeout < 10 || timeout > 3600)
    {
        throw UsageError("--confirm-timeout must be between 10 and 3600 seconds");
    }
    options.confirmTimeoutSeconds = timeout;
    const std::string what = "change set " + std::to_string(changeSet->id) + " on snapshot " +
                             std::to_string(baseline.id) + " (" +
                             baseline.contentHash.substr(0, 12) + ")";
    bool started = false;
    options.onStep = [&](const TwinPushStep& step)
    {
        if (!started && !step.device.empty())
        {
            started = true;
            std::cout << "pushing " << what << " to " << inventory.devices.size()
                      << (inventory.devices.size() == 1 ? " device" : " devices") << "\n";
        }
        PrintPushStep(step);
    };
    TwinPushResult result = TwinPush(*store, inventory, changeSet->id, baseline.id, options);
    PrintDiagnostics(result.diagnostics);
    switch (result.status)
    {
    case TwinPushStatus::Refused:
        if (result.verificationId == 0)
        {
            throw UsageError("refused: " + what +
                             " has no passing verification (dtwin change-set verify " +
                             std::to_string(changeSet->id) + " " + std::to_string(baseline.id) +
                             " SCENARIO-FILE)");
        }
        throw UsageError("refused: " + result.message);
    case TwinPushStatus::Drift:
        for (const auto& item : result.drift)
        {
            std::cout << item.ToString() << "\n";
        }
        std::cout << "refused: the devices differ from snapshot " << baseline.id << " ("
                  << result.drift.size()
                  << (result.drift.size() == 1 ? " difference" : " differences")
                  << "), which the change set was verified on: pull and verify again\n";
        return EXIT_DRIFT;
    case TwinPushStatus::DryRun:
    {
        std::cout << "dry run: " << what << ", verification " << result.verificationId
                  << "; the devices match it\n";
        for (const auto& device : inventory.devices)
        {
            auto edit = result.edits.find(device.nodeId);
            if (edit == result.edits.end())
            {
                std::cout << device.nodeId << ": nothing to change\n";
                continue;
            }
            std::cout << device.endpoint.Describe() << ": edit-config candidate\n"
                      << edit->second << "\n";
        }
        std::cout << result.edits.size() << " of " << inventory.devices.size()
                  << " devices would be edited; nothing was sent (--dry-run)\n";
        return EXIT_OK;
    }
    case TwinPushStatus::AlreadyInPlace:
        std::cout << "already in place: " << result.message << "\n";
        return EXIT_OK;
    case TwinPushStatus::Pushed:
        std::cout << std::fixed << std::setprecision(2) << "pushed: " << what << ", "
                  << result.message << " in " << result.seconds << " s\n";
        return EXIT_OK;
    case TwinPushStatus::Failed:
        for (const auto& item : result.drift)
        {
            std::cout << item.ToString() << "\n";
        }
        std::cerr << "dtwin sync push: failed: " << result.message << " (dtwin change-set audit "
                  << changeSet->id << ")\n";
        return EXIT_PUSH_FAILED;
    case TwinPushStatus::Incomplete:
        std::cerr << "dtwin sync push: INCOMPLETE: " << result.message
                  << " (dtwin change-set audit " << changeSet->id << ")\n";
        return EXIT_PUSH_INCOMPLETE;
    }
    return EXIT_INTERNAL;
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
              "       dtwin sync push CHANGE-SET INVENTORY [--dry-run] [--baseline SNAPSHOT]\n"
              "                       [--confirm-timeout SECONDS] [--jobs N]";
    c.summary = "collect real devices over NETCONF into a snapshot, show their drift, or push "
                "a verified change set to them (all or nothing)";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("action", po::value<std::string>(), "pull, drift or push")(
            "args", po::value<std::vector<std::string>>(), "the action's arguments")(
            "jobs", po::value<unsigned>()->default_value(8), "devices read at once")(
            "strict", "pull: treat unknown augments and repairable problems as errors")(
            "keep-bundle", po::value<std::string>(),
            "pull: also write the pulled snapshot bundle into this new directory")(
            "dry-run", "push: check and show the NETCONF edits, send nothing")(
            "confirm-timeout", po::value<unsigned>()->default_value(60),
            "push: seconds a device waits for the confirming commit before it restores "
            "itself")(
            "baseline", po::value<std::string>(),
            "push: the snapshot the change set was verified on (default: the newest pulled)");
        pos.add("action", 1).add("args", -1);
    };
    c.run = Sync;
    return c;
}

} // namespace cli
} // namespace ns3
