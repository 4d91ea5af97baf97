/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin change-set add|list|show|apply|verify|verifications|audit: store change sets, derive
// snapshots from them, verify them with a scenario on the derived snapshot, and show the audit
// table.

#include "cli-scenario.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-change-set.h"

#include <iostream>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * @param args parsed arguments
 * @param count how many operands the action takes
 * @param usage the action's synopsis, for the error
 * @return the operands after the action
 */
std::vector<std::string>
Operands(const ParsedArgs& args, std::size_t count, const std::string& usage)
{
    std::vector<std::string> operands;
    if (args.vm.count("operands"))
    {
        operands = args.vm["operands"].as<std::vector<std::string>>();
    }
    if (operands.size() != count)
    {
        throw UsageError("usage: dtwin change-set " + usage);
    }
    return operands;
}

/**
 * @param store the store
 * @param ref an id or hash prefix
 * @return the change set
 */
TwinChangeSetInfo
RequireChangeSet(TwinStore& store, const std::string& ref)
{
    auto info = store.FindChangeSet(ref);
    if (!info)
    {
        throw UsageError("no change set '" + ref + "' in " + store.GetPath() +
                         " (dtwin change-set list)");
    }
    return *info;
}

/**
 * @param text a document
 * @return "xml" if it starts with '<' (after white space), else "json"
 */
std::string
DocumentFormat(const std::string& text)
{
    std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string::npos && text[first] == '<' ? "xml" : "json";
}

/** What deriving a snapshot gave. */
struct Derived
{
    TwinChangeSetInfo changeSet; //!< the change set
    TwinSnapshotInfo base;       //!< the base snapshot
    int64_t snapshotId{0};       //!< the derived snapshot
    bool existed{false};         //!< it was derived before
};

/**
 * Apply a stored change set to a stored snapshot and store the result (audited).
 * @param store the store
 * @param changeSetRef change set id or hash prefix
 * @param snapshotRef snapshot id or hash prefix
 * @return what it gave
 */
Derived
Derive(TwinStore& store, const std::string& changeSetRef, const std::string& snapshotRef)
{
    Derived d;
    d.changeSet = RequireChangeSet(store, changeSetRef);
    d.base = RequireSnapshot(store, snapshotRef);
    const std::string what = "change set " + std::to_string(d.changeSet.id) + " on snapshot " +
                             std::to_string(d.base.id);
    if (auto link = store.FindDerivedSnapshot(d.base.id, d.changeSet.id))
    {
        d.snapshotId = link->snapshotId;
        d.existed = true;
        return d;
    }
    TwinChangeSetReadResult read = ParseTwinChangeSet(
        d.changeSet.text, d.changeSet.format == "xml" ? YangFormat::Xml : YangFormat::Json,
        d.changeSet.sourcePath);
    if (!read.Ok())
    {
        PrintDiagnostics(read.diagnostics);
        AppendAudit(store, "change-set.apply", d.changeSet.id,
                    what + ": the stored document is invalid", "failed");
        throw UsageError("change set " + std::to_string(d.changeSet.id) +
                         " no longer reads as a change set with this build");
    }
    TwinDiagnostics diagnostics;
    TwinChangeSetApplyStats stats;
    TwinNetwork derived =
        ApplyTwinChangeSet(store.LoadSnapshot(d.base.id), read.changeSet, diagnostics, &stats);
    std::size_t errors = PrintDiagnostics(diagnostics);
    if (errors > 0)
    {
        AppendAudit(store, "change-set.apply", d.changeSet.id,
                    what + ": " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                        ", first: " + diagnostics.All().front().message,
                    "failed");
        throw UsageError(what + ": the change set does not apply (" + std::to_string(errors) +
                         (errors == 1 ? " error" : " errors") + "); nothing stored");
    }
    d.snapshotId = store.SaveDerivedSnapshot(d.base.id, d.changeSet.id, derived, &d.existed);
    AppendAudit(store, "change-set.apply", d.changeSet.id,
                what + ": derived snapshot " + std::to_string(d.snapshotId) + " (" +
                    std::to_string(stats.changed) + " of " + std::to_string(stats.edits) +
                    " edits change the network)",
                "ok");
    return d;
}

/**
 * dtwin change-set add FILE.
 * @param args parsed arguments
 * @return exit code
 */
int
Add(const ParsedArgs& args)
{
    const std::string file = Operands(args, 1, "add FILE").front();
    TwinChangeSetReadResult read = ReadTwinChangeSet(file, args.limits);
    std::size_t errors = PrintDiagnostics(read.diagnostics);
    if (errors > 0)
    {
        throw UsageError("change set " + file + " has " + std::to_string(errors) +
                         (errors == 1 ? " error" : " errors") + ": nothing stored");
    }
    auto store = OpenStore(args);
    bool existed = false;
    int64_t id = store->SaveChangeSet(read.text, DocumentFormat(read.text), read.description, file,
                                      &existed);
    auto info = store->FindChangeSet(std::to_string(id));
    if (!existed)
    {
        AppendAudit(*store, "change-set.add", id, "stored from " + file, "ok");
    }
    std::cout << "change set " << id << " " << info->contentHash
              << (existed ? " (already stored)" : " (stored)") << "\n";
    return EXIT_OK;
}

/**
 * dtwin change-set list.
 * @param args parsed arguments
 * @return exit code
 */
int
List(const ParsedArgs& args)
{
    Operands(args, 0, "list");
    auto store = OpenStore(args);
    Table table({"id", "hash", "format", "source", "description", "created"});
    for (const auto& cs : store->ListChangeSets())
    {
        table.AddRow({cs.id, cs.contentHash.substr(0, 12), cs.format, cs.sourcePath, cs.description,
                      cs.createdAt});
    }
    table.Print(std::cout, FormatOption(args));
    return EXIT_OK;
}

/**
 * dtwin change-set show ID: the record, the snapshots derived from it and the document.
 * @param args parsed arguments
 * @return exit code
 */
int
Show(const ParsedArgs& args)
{
    const std::string ref = Operands(args, 1, "show CHANGE-SET").front();
    auto store = OpenStore(args);
    TwinChangeSetInfo cs = RequireChangeSet(*store, ref);
    std::cout << "change set " << cs.id << "\n"
              << "hash:        " << cs.contentHash << "\n"
              << "format:      " << cs.format << "\n"
              << "source:      " << cs.sourcePath << "\n"
              << "description: " << cs.description << "\n"
              << "created:     " << cs.createdAt << "\n";
    for (const auto& v : store->ListVerifications(cs.id))
    {
        std::cout << "verification " << v.id << ": " << (v.passed ? "passed" : "failed")
                  << " on snapshot " << v.baselineSnapshotId << " (derived " << v.derivedSnapshotId
                  << ", scenario " << v.scenarioId << ", " << v.passedRuns << "/" << v.runs
                  << " runs passed)\n";
    }
    std::cout << "\n" << cs.text << (cs.text.empty() || cs.text.back() != '\n' ? "\n" : "");
    return EXIT_OK;
}

/**
 * dtwin change-set apply ID SNAPSHOT.
 * @param args parsed arguments
 * @return exit code
 */
int
Apply(const ParsedArgs& args)
{
    auto operands = Operands(args, 2, "apply CHANGE-SET SNAPSHOT");
    auto store = OpenStore(args);
    Derived d = Derive(*store, operands[0], operands[1]);
    std::cout << "derived snapshot " << d.snapshotId << " from snapshot " << d.base.id
              << " by change set " << d.changeSet.id
              << (d.existed ? " (already stored)" : " (stored)")
              << (d.snapshotId == d.base.id ? ": the change set changes nothing" : "") << "\n";
    return EXIT_OK;
}

/**
 * dtwin change-set verify ID SNAPSHOT SCENARIO-FILE.
 * @param args parsed arguments
 * @return EXIT_OK when every objective of every run held, EXIT_OBJECTIVES_FAILED otherwise
 */
int
Verify(const ParsedArgs& args)
{
    auto operands = Operands(args, 3, "verify CHANGE-SET SNAPSHOT SCENARIO-FILE");
    const std::string& path = operands[2];
    TableFormat format = FormatOption(args);
    TwinScenarioRunOptions options = ScenarioRunOptionsFrom(args);
    auto store = OpenStore(args);
    Derived d = Derive(*store, operands[0], operands[1]);
    // The scenario runs on the derived snapshot whatever base it names itself.
    TwinPreparedScenario prepared = PrepareOrExplain(path, {}, *store, options, d.snapshotId);
    if (prepared.scenario.objectives.empty())
    {
        throw UsageError("scenario " + path +
                         " has no objectives: it cannot verify a change (nothing to hold)");
    }
    for (const auto& note : prepared.notes)
    {
        std::cerr << "note: " << note << "\n";
    }
    bool existed = false;
    int64_t scenarioId =
        store->SaveScenario(prepared.scenario.name, prepared.text, prepared.format, path, &existed);
    int64_t sweepId = store->CreateSweep(scenarioId, d.snapshotId, prepared.variants.size(), "run");
    SweepEnd sweepEnd(store, sweepId);
    std::cout << "verifying change set " << d.changeSet.id << " on snapshot " << d.base.id
              << ": scenario " << prepared.scenario.name << " on derived snapshot " << d.snapshotId
              << ", " << prepared.variants.size()
              << (prepared.variants.size() == 1 ? " run" : " runs") << "\n";
    std::size_t k = 0;
    for (const auto& variant : prepared.variants)
    {
        ++k;
        std::string label = "[" + std::to_string(k) + "/" +
                            std::to_string(prepared.variants.size()) + "] " + variant.name;
        auto outcome =
            RunVariantWithProgress(*store, prepared, variant, scenarioId, sweepId, options, label);
        std::cout << label << ": " << (outcome.record.verdict == "pass" ? "pass" : "FAIL")
                  << " (run " << outcome.runId << ")\n";
        if (prepared.variants.size() == 1)
        {
            PrintVerdictTable(store->LoadRunVerdicts(outcome.runId), format);
        }
    }
    sweepEnd.Now();
    TwinVerificationInfo v =
        store->RecordVerification(d.changeSet.id, d.base.id, sweepId, CurrentUser());
    AppendAudit(*store, "change-set.verify", d.changeSet.id,
                "verification " + std::to_string(v.id) + ": scenario " + prepared.scenario.name +
                    " (" + path + ") on derived snapshot " + std::to_string(v.derivedSnapshotId) +
                    " of snapshot " + std::to_string(v.baselineSnapshotId) + ", sweep " +
                    std::to_string(sweepId) + ", " + std::to_string(v.passedRuns) + "/" +
                    std::to_string(v.runs) + " runs passed",
                v.passed ? "passed" : "failed");
    std::cout << "verification " << v.id << ": " << (v.passed ? "PASSED" : "FAILED") << " ("
              << v.passedRuns << " of " << v.runs << " runs met every objective)\n";
    return v.passed ? EXIT_OK : EXIT_OBJECTIVES_FAILED;
}

/**
 * dtwin change-set verifications [ID].
 * @param args parsed arguments
 * @return exit code
 */
int
Verifications(const ParsedArgs& args)
{
    std::size_t n =
        args.vm.count("operands") ? args.vm["operands"].as<std::vector<std::string>>().size() : 0;
    auto operands = Operands(args, n > 0 ? 1 : 0, "verifications [CHANGE-SET]");
    auto store = OpenStore(args);
    int64_t changeSetId = operands.empty() ? 0 : RequireChangeSet(*store, operands[0]).id;
    Table table({"id", "change_set", "baseline", "derived", "scenario", "sweep", "runs",
                 "passed_runs", "passed", "user", "created"});
    for (const auto& v : store->ListVerifications(changeSetId))
    {
        table.AddRow({v.id, v.changeSetId, v.baselineSnapshotId, v.derivedSnapshotId, v.scenarioId,
                      v.sweepId, v.runs, v.passedRuns, v.passed ? "yes" : "no", v.user,
                      v.createdAt});
    }
    table.Print(std::cout, FormatOption(args));
    return EXIT_OK;
}

/**
 * dtwin change-set audit [ID].
 * @param args parsed arguments
 * @return exit code
 */
int
ShowAudit(const ParsedArgs& args)
{
    std::size_t n =
        args.vm.count("operands") ? args.vm["operands"].as<std::vector<std::string>>().size() : 0;
    auto operands = Operands(args, n > 0 ? 1 : 0, "audit [CHANGE-SET]");
    auto store = OpenStore(args);
    TwinAuditFilter filter;
    filter.changeSetId = operands.empty() ? 0 : RequireChangeSet(*store, operands[0]).id;
    Table table({"id", "time", "user", "action", "device", "change_set", "outcome", "detail"});
    for (const auto& e : store->ListAudit(filter))
    {
        table.AddRow(
            {e.id, e.time, e.user, e.action, e.device, e.changeSetId, e.outcome, e.detail});
    }
    table.Print(std::cout, FormatOption(args));
    return EXIT_OK;
}

/**
 * Dispatch on the action.
 * @param args parsed arguments
 * @return exit code
 */
int
ChangeSet(const ParsedArgs& args)
{
    if (!args.vm.count("action"))
    {
        throw UsageError("name an action: add, list, show, apply, verify, verifications or audit");
    }
    const std::string action = args.vm["action"].as<std::string>();
    if (action == "add")
    {
        return Add(args);
    }
    if (action == "list")
    {
        return List(args);
    }
    if (action == "show")
    {
        return Show(args);
    }
    if (action == "apply")
    {
        return Apply(args);
    }
    if (action == "verify")
    {
        return Verify(args);
    }
    if (action == "verifications")
    {
        return Verifications(args);
    }
    if (action == "audit")
    {
        return ShowAudit(args);
    }
    throw UsageError("unknown action '" + action +
                     "': add, list, show, apply, verify, verifications or audit");
}

} // namespace

Command
ChangeSetCommand()
{
    Command c;
    c.name = "change-set";
    c.usage = "add FILE | list | show ID | apply ID SNAPSHOT | verify ID SNAPSHOT SCENARIO-FILE | "
              "verifications [ID] | audit [ID]  [--format table|csv|json]";
    c.summary = "store change sets, derive snapshots from them, verify them with a scenario";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("action", po::value<std::string>(), "what to do")(
            "operands", po::value<std::vector<std::string>>(), "the action's operands")(
            "format", po::value<std::string>(), "table (default), csv or json")(
            "sample-interval", po::value<std::string>(),
            "verify: sampling interval of the runs (default 100ms)")(
            "drain", po::value<std::string>(), "verify: time after the scenario for packets")(
            "start-jitter", po::value<std::string>(), "verify: spread of demand start times")(
            "queue-disc", po::value<std::string>(), "verify: queue disc TypeId on every link")(
            "tcp-variant", po::value<std::string>(), "verify: TCP congestion control")(
            "max-runs", po::value<uint64_t>(), "verify: largest sweep allowed (default 1000)");
        pos.add("action", 1);
        pos.add("operands", -1);
    };
    c.run = ChangeSet;
    return c;
}

} // namespace cli
} // namespace ns3
