/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin replay INCIDENT [--remedy CHANGE --at T]: replay an incident's timeline in the twin,
// optionally a second time with a trainee's remedy, and show both outcomes side by side.

#include "cli-scenario.h"
#include "cli-units.h"
#include "report-command.h"

#include "ns3/scenario-reader.h"

#include <iostream>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * Build the remedy event from --remedy and --at.
 * @param args parsed arguments
 * @param incident the incident (for its wall-clock start)
 * @return the change-set event, origin "remedy"
 */
TwinEvent
RemedyEvent(const ParsedArgs& args, const TwinScenario& incident)
{
    if (!args.vm.count("at"))
    {
        throw UsageError("--remedy needs --at: when the remedy is applied (simulated seconds "
                         "like 9s, or a wall-clock time of the incident)");
    }
    std::string file = args.vm["remedy"].as<std::string>();
    std::string at = args.vm["at"].as<std::string>();
    TwinChangeSetReadResult read = ReadTwinChangeSet(file, args.limits);
    if (read.diagnostics.HasErrors())
    {
        std::size_t errors = PrintDiagnostics(read.diagnostics);
        throw UsageError("change set " + file + " has " + std::to_string(errors) +
                         (errors == 1 ? " error" : " errors") + ": nothing run");
    }
    std::optional<double> time;
    if (at.find('T') != std::string::npos && at.find('-') != std::string::npos)
    {
        if (!incident.wallClockStart)
        {
            throw UsageError("--at " + at +
                             " is a wall-clock time, but the incident has no "
                             "wall-clock start: give simulated seconds (e.g. 9s)");
        }
        time = WallClockOffset(*incident.wallClockStart, at);
        if (!time)
        {
            throw UsageError("--at " + at +
                             ": not an RFC 3339 date-and-time at or after the "
                             "incident's start " +
                             *incident.wallClockStart);
        }
    }
    else
    {
        time = ParseDuration(at);
        if (!time)
        {
            throw UsageError("--at: not a time (e.g. 9s, 1500ms, or a wall-clock time): '" + at +
                             "'");
        }
    }
    TwinEvent remedy;
    remedy.id = "remedy";
    remedy.timeSeconds = *time;
    remedy.description = read.description.empty() ? "remedy from " + file : read.description;
    remedy.type = TwinEventType::ChangeSet;
    remedy.changeSet = read.changeSet;
    remedy.origin = "remedy";
    remedy.source = read.location;
    return remedy;
}

/**
 * Run the replay command.
 * @param args parsed arguments
 * @return exit code
 */
int
Replay(const ParsedArgs& args)
{
    if (!args.vm.count("incident"))
    {
        throw UsageError("name an incident file (a scenario file with a timeline)");
    }
    if (args.vm.count("at") && !args.vm.count("remedy"))
    {
        throw UsageError("--at applies to a --remedy");
    }
    const std::string path = args.vm["incident"].as<std::string>();
    TableFormat format = FormatOption(args);
    TwinScenarioRunOptions options = ScenarioRunOptionsFrom(args);
    auto store = OpenStore(args);

    // Everything is checked before anything is stored: the incident with the remedy in its
    // timeline first (the remedy against the snapshot, and against the incident's own events
    // at the same time), then the incident alone on the same snapshot.
    options.singleRun = true;
    std::optional<TwinPreparedScenario> remedied;
    std::optional<int64_t> snapshot;
    if (args.vm.count("remedy"))
    {
        TwinScenarioReadResult read = ReadTwinScenario(path, args.limits);
        if (read.Ok())
        {
            remedied = PrepareOrExplain(path, {RemedyEvent(args, read.scenario)}, *store, options);
            snapshot = remedied->snapshot.id;
        }
    }
    TwinPreparedScenario incident = PrepareOrExplain(path, {}, *store, options, snapshot);
    for (const auto& note : incident.notes)
    {
        std::cerr << "note: " << note << "\n";
    }

    bool existed = false;
    int64_t scenarioId =
        store->SaveScenario(incident.scenario.name, incident.text, incident.format, path, &existed);
    int64_t sweepId =
        store->CreateSweep(scenarioId, incident.snapshot.id, remedied ? 2 : 1, "replay");
    SweepEnd sweepEnd(store, sweepId);
    TwinScenarioVariant variant = incident.variants.front();
    variant.name = "incident";
    TwinVariantOutcome a = RunVariantWithProgress(*store, incident, variant, scenarioId, sweepId,
                                                  options, "replaying the incident");
    std::optional<TwinVariantOutcome> b;
    if (remedied)
    {
        TwinScenarioVariant withRemedy = remedied->variants.front();
        withRemedy.name = "incident+remedy";
        b = RunVariantWithProgress(*store, *remedied, withRemedy, scenarioId, sweepId, options,
                                   "replaying with the remedy");
    }
    sweepEnd.Now();

    const TwinScenario& s = incident.scenario;
    bool text = format == TableFormat::Text;
    if (text)
    {
        std::cout << "Incident " << s.name;
        if (s.wallClockStart)
        {
            std::cout << ", starting " << *s.wallClockStart;
        }
        if (!s.incidentSource.empty())
        {
            std::cout << " (" << s.incidentSource << ")";
        }
        std::cout << ", " << s.durationSeconds << " s on snapshot " << incident.snapshot.id << "\n";
        if (!s.description.empty())
        {
            std::cout << s.description << "\n";
        }
        std::cout << "\nTimeline\n";
        PrintEventTimeline(b ? b->results.events : a.results.events, s.wallClockStart, format);
        std::cout << "\nObjectives\n";
    }
    std::string verdict;
    if (b)
    {
        PrintObjectiveComparison(SummariseTwinVerdicts(a.results.verdicts),
                                 SummariseTwinVerdicts(b->results.verdicts), "incident", "remedy",
                                 format);
        verdict = b->record.verdict;
        if (text)
        {
            std::cout << "\nruns " << a.runId << " (incident) and " << b->runId
                      << " (with remedy) stored in " << store->GetPath() << " (dtwin report "
                      << a.runId << " --compare " << b->runId << " -o report.html)\n";
        }
    }
    else
    {
        if (a.results.verdicts.empty() && text)
        {
            std::cout << "no objectives: nothing to judge\n";
        }
        else
        {
            PrintVerdictTable(a.results.verdicts, format);
        }
        verdict = a.record.verdict;
        if (text)
        {
            std::cout << "\nrun " << a.runId << " stored in " << store->GetPath()
                      << " (dtwin report " << a.runId << " -o report.html)\n";
        }
    }
    if (args.vm.count("report"))
    {
        std::vector<std::string> runs{std::to_string(a.runId)};
        if (b)
        {
            runs.push_back(std::to_string(b->runId));
        }
        std::string file = args.vm["report"].as<std::string>();
        std::size_t bytes = WriteRunReport(*store, runs, file, ReportOptions());
        (text ? std::cout : std::cerr)
            << "report written to " << file << " (" << (bytes + 1023) / 1024 << " KiB)\n";
    }
    return verdict == "fail" ? EXIT_OBJECTIVES_FAILED : EXIT_OK;
}

} // namespace

Command
ReplayCommand()
{
    Command c;
    c.name = "replay";
    c.usage = "INCIDENT [--remedy CHANGE --at TIME] [--report FILE] [--sample-interval TIME] "
              "[--drain TIME] [--format FORMAT]";
    c.summary = "replay an incident timeline, optionally with a remedy applied at a time";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("incident", po::value<std::string>(),
                           "incident file (scenario format, with wall-clock stamps or times)")(
            "remedy", po::value<std::string>(), "change-set file applied as the remedy")(
            "at", po::value<std::string>(),
            "when the remedy applies: simulated time (9s) or wall-clock time of the incident")(
            "sample-interval", po::value<std::string>(), "sampling interval (default 100ms)")(
            "drain", po::value<std::string>(),
            "time after the end for packets in flight to arrive (default 1s)")(
            "queue-disc", po::value<std::string>(), "queue disc TypeId on every link")(
            "tcp-variant", po::value<std::string>(),
            "TCP congestion control of TCP demands: Cubic (default), NewReno, Bbr, ...")(
            "start-jitter", po::value<std::string>(),
            "scenario: demands start up to this much late, drawn per seed (default 10ms)")(
            "report", po::value<std::string>(),
            "also write the HTML report of the replay(s) side by side to this file")(
            "format", po::value<std::string>(), "table (default), csv or json");
        pos.add("incident", 1);
    };
    c.run = Replay;
    return c;
}

} // namespace cli
} // namespace ns3
