/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Scenario runs from the command line: serial or with worker processes, verdict tables, the
// ranking of a sweep's variants.

#include "cli-scenario.h"

#include "cli-units.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/scenario-reader.h"
#include "ns3/twin-builder.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <map>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

std::string
FormatBoundValue(const std::string& bound, std::optional<double> value)
{
    if (!value)
    {
        return "-";
    }
    char text[64];
    if (bound == "max-delay-s")
    {
        std::snprintf(text, sizeof(text), "%.3g ms", *value * 1e3);
    }
    else if (bound == "max-loss-ratio" || bound == "max-utilisation")
    {
        std::snprintf(text, sizeof(text), "%.3g %%", *value * 100);
    }
    else if (bound == "min-throughput-bps")
    {
        return (*value < 0 ? "-" : "") + FormatRate(std::fabs(*value));
    }
    else if (bound == "max-fct-s")
    {
        std::snprintf(text, sizeof(text), "%.4g s", *value);
    }
    else
    {
        std::snprintf(text, sizeof(text), "%.6g", *value);
    }
    return text;
}

std::string
DescribeWorst(const TwinObjectiveSummary& summary)
{
    const TwinVerdict& w = summary.worst;
    std::string where = w.element.empty() ? std::string() : w.element + " ";
    return where + w.bound + " " + FormatBoundValue(w.bound, w.measured) + " vs " +
           FormatBoundValue(w.bound, w.limit);
}

namespace
{

/** Most worker processes of one sweep (more only adds contention on the store). */
constexpr unsigned kMaxJobs = 64;

/**
 * @param value optional number
 * @return it as a JSON cell (null when absent)
 */
nlohmann::json
Cell(std::optional<double> value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

/**
 * @param value seconds, optional
 * @return "12.3 s" or "-"
 */
std::string
SecondsText(std::optional<double> value)
{
    if (!value)
    {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof(text), "%.6g s", *value);
    return text;
}

/**
 * @param summary an objective summary
 * @return its worst relative margin for sorting (lowest first; none = worst of all)
 */
double
SortMargin(const TwinObjectiveSummary& summary)
{
    if (summary.worstRelativeMargin)
    {
        return *summary.worstRelativeMargin;
    }
    // Nothing measured: a failed bound ranks worst, a vacuously met objective best.
    return summary.passed ? std::numeric_limits<double>::infinity()
                          : -std::numeric_limits<double>::infinity();
}

} // namespace

void
PrintVerdictTable(const std::vector<TwinVerdict>& verdicts, TableFormat format)
{
    bool text = format == TableFormat::Text;
    Table table({"objective", "target", "result", "failed", "worst", "bound", "measured", "limit",
                 "margin", "holds_from_s"});
    for (const auto& s : SummariseTwinVerdicts(verdicts))
    {
        const TwinVerdict& w = s.worst;
        nlohmann::json margin = Cell(w.margin);
        if (text)
        {
            margin = w.margin ? FormatBoundValue(w.bound, *w.margin) : std::string("-");
        }
        table.AddRow(
            {s.objectiveId, s.targetKind + " " + s.targetId, s.passed ? "pass" : "FAIL",
             std::to_string(s.failed) + "/" + std::to_string(s.verdicts), w.element, w.bound,
             text ? nlohmann::json(FormatBoundValue(w.bound, w.measured)) : Cell(w.measured),
             text ? nlohmann::json(FormatBoundValue(w.bound, w.limit)) : nlohmann::json(w.limit),
             margin,
             text ? nlohmann::json(SecondsText(s.holdsFromSeconds)) : Cell(s.holdsFromSeconds)});
    }
    table.Print(std::cout, format);
}

void
PrintVerdictRows(const std::vector<TwinVerdict>& verdicts, TableFormat format)
{
    bool text = format == TableFormat::Text;
    Table table({"objective", "element", "bound", "result", "measured", "limit", "margin",
                 "window_start_s", "window_end_s", "holds_from_s"});
    for (const auto& v : verdicts)
    {
        table.AddRow(
            {v.objectiveId, v.element, v.bound, v.passed ? "pass" : "FAIL",
             text ? nlohmann::json(FormatBoundValue(v.bound, v.measured)) : Cell(v.measured),
             text ? nlohmann::json(FormatBoundValue(v.bound, v.limit)) : nlohmann::json(v.limit),
             text ? nlohmann::json(v.margin ? FormatBoundValue(v.bound, *v.margin) : "-")
                  : Cell(v.margin),
             v.windowStartSeconds, v.windowEndSeconds,
             text ? nlohmann::json(SecondsText(v.holdsFromSeconds)) : Cell(v.holdsFromSeconds)});
    }
    table.Print(std::cout, format);
}

void
PrintEventTimeline(const std::vector<TwinAppliedEvent>& events,
                   const std::optional<std::string>& wallClockStart, TableFormat format)
{
    std::vector<std::string> columns{"time_s"};
    if (wallClockStart)
    {
        columns.push_back("wall_clock");
    }
    for (const char* c : {"event", "type", "target", "detail", "origin"})
    {
        columns.emplace_back(c);
    }
    Table table(columns);
    for (const auto& e : events)
    {
        std::vector<nlohmann::json> row{e.timeSeconds};
        if (wallClockStart)
        {
            row.emplace_back(WallClockAt(*wallClockStart, e.timeSeconds));
        }
        for (const std::string* c : {&e.eventId, &e.type, &e.target, &e.detail, &e.origin})
        {
            row.emplace_back(*c);
        }
        table.AddRow(row);
    }
    table.Print(std::cout, format);
}

void
PrintObjectiveComparison(const std::vector<TwinObjectiveSummary>& a,
                         const std::vector<TwinObjectiveSummary>& b, const std::string& labelA,
                         const std::string& labelB, TableFormat format)
{
    bool text = format == TableFormat::Text;
    std::vector<std::string> ids;
    std::map<std::string, const TwinObjectiveSummary*> byA;
    std::map<std::string, const TwinObjectiveSummary*> byB;
    for (const auto& s : a)
    {
        byA[s.objectiveId] = &s;
        ids.push_back(s.objectiveId);
    }
    for (const auto& s : b)
    {
        byB[s.objectiveId] = &s;
        if (!byA.count(s.objectiveId))
        {
            ids.push_back(s.objectiveId);
        }
    }
    Table table({"objective", labelA, labelA + "_worst", labelA + "_holds_from_s", labelB,
                 labelB + "_worst", labelB + "_holds_from_s", "change"});
    for (const auto& id : ids)
    {
        const TwinObjectiveSummary* sa = byA.count(id) ? byA[id] : nullptr;
        const TwinObjectiveSummary* sb = byB.count(id) ? byB[id] : nullptr;
        std::string change;
        if (!sa || !sb)
        {
            change = std::string("only in ") + (sa ? labelA : labelB);
        }
        else if (!sa->passed && sb->passed)
        {
            change = "recovered";
            if (text && sb->holdsFromSeconds)
            {
                change += " (holds from " + SecondsText(sb->holdsFromSeconds) + ")";
            }
        }
        else if (sa->passed && !sb->passed)
        {
            change = "regressed";
        }
        else if (!sa->passed)
        {
            // Violated over the whole window, but a trainer wants to see that it came back.
            change = "still violated";
            if (sb->holdsFromSeconds &&
                (!sa->holdsFromSeconds || *sb->holdsFromSeconds < *sa->holdsFromSeconds))
            {
                change += ", holds from " + SecondsText(sb->holdsFromSeconds);
            }
        }
        else
        {
            change = "met in both";
        }
        auto result = [](const TwinObjectiveSummary* s) -> nlohmann::json
        { return s ? (s->passed ? "pass" : "FAIL") : "-"; };
        auto worst = [](const TwinObjectiveSummary* s) -> nlohmann::json
        { return s ? DescribeWorst(*s) : "-"; };
        auto holds = [text](const TwinObjectiveSummary* s) -> nlohmann::json
        {
            if (!s)
            {
                return nullptr;
            }
            return text ? nlohmann::json(SecondsText(s->holdsFromSeconds))
                        : Cell(s->holdsFromSeconds);
        };
        table.AddRow(
            {id, result(sa), worst(sa), holds(sa), result(sb), worst(sb), holds(sb), change});
    }
    table.Print(std::cout, format);
}

std::string
WallClockAt(const std::string& wallClockStart, double seconds)
{
    auto start = ParseTwinWallClock(wallClockStart, nullptr);
    if (!start)
    {
        return "-";
    }
    int64_t micros = *start + static_cast<int64_t>(std::llround(seconds * 1e6));
    int64_t wholeSeconds = micros >= 0 ? micros / 1000000 : (micros - 999999) / 1000000;
    auto fraction = static_cast<int>((micros - wholeSeconds * 1000000) / 1000);
    std::time_t t = static_cast<std::time_t>(wholeSeconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[48];
    std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
    return text;
}

std::optional<double>
WallClockOffset(const std::string& wallClockStart, const std::string& wallClock)
{
    auto start = ParseTwinWallClock(wallClockStart, nullptr);
    auto at = ParseTwinWallClock(wallClock, nullptr);
    if (!start || !at || *at < *start)
    {
        return std::nullopt;
    }
    return static_cast<double>(*at - *start) / 1e6;
}

TwinScenarioRunOptions
ScenarioRunOptionsFrom(const ParsedArgs& args)
{
    TwinScenarioRunOptions options;
    options.limits = args.limits;
    const auto& vm = args.vm;
    if (vm.count("sample-interval"))
    {
        auto interval = ParseDuration(vm["sample-interval"].as<std::string>());
        if (!interval || !(*interval > 0))
        {
            throw UsageError("--sample-interval: not a positive duration (e.g. 100ms)");
        }
        options.sampleInterval = Seconds(*interval);
    }
    if (vm.count("drain"))
    {
        auto drain = ParseDuration(vm["drain"].as<std::string>());
        if (!drain)
        {
            throw UsageError("--drain: not a duration (e.g. 1s)");
        }
        options.drain = Seconds(*drain);
    }
    if (vm.count("start-jitter"))
    {
        auto jitter = ParseDuration(vm["start-jitter"].as<std::string>());
        if (!jitter)
        {
            throw UsageError("--start-jitter: not a duration (e.g. 10ms, or 0)");
        }
        options.startJitter = Seconds(*jitter);
    }
    if (vm.count("queue-disc"))
    {
        options.queueDiscType = vm["queue-disc"].as<std::string>();
    }
    if (vm.count("tcp-variant"))
    {
        options.tcpVariant = ResolveTcpVariant(vm["tcp-variant"].as<std::string>());
    }
    if (vm.count("max-runs"))
    {
        options.check.maxRuns = vm["max-runs"].as<uint64_t>();
    }
    return options;
}

TwinPreparedScenario
PrepareOrExplain(const std::string& path, const std::vector<TwinEvent>& extraEvents,
                 TwinStore& store, const TwinScenarioRunOptions& options,
                 std::optional<int64_t> snapshotId)
{
    try
    {
        TwinPreparedScenario prepared =
            PrepareTwinScenario(path, extraEvents, store, options, snapshotId);
        return prepared;
    }
    catch (const TwinScenarioError& e)
    {
        std::size_t errors = PrintDiagnostics(e.GetDiagnostics());
        throw UsageError(std::string(e.what()) + " (" + std::to_string(errors) +
                         (errors == 1 ? " error" : " errors") + "): nothing run");
    }
}

SweepEnd::SweepEnd(std::unique_ptr<TwinStore>& store, int64_t sweepId)
    : m_store(store), m_sweepId(sweepId)
{
}

SweepEnd::~SweepEnd()
{
    if (m_ended || !m_store)
    {
        return;
    }
    try
    {
        m_store->EndSweep(m_sweepId);
    }
    catch (const std::exception& e)
    {
        // Unwinding from another error: that one is what the user must see.
        std::cerr << "warning: sweep " << m_sweepId << " could not be marked ended: " << e.what()
                  << "\n";
    }
}

void
SweepEnd::Now()
{
    m_ended = true;
    m_store->EndSweep(m_sweepId);
}

TwinVariantOutcome
RunVariantWithProgress(TwinStore& store, const TwinPreparedScenario& prepared,
                       const TwinScenarioVariant& variant, int64_t scenarioId, int64_t sweepId,
                       const TwinScenarioRunOptions& options, const std::string& label)
{
    std::atomic<double> simulated{0};
    const double duration = prepared.scenario.durationSeconds;
    try
    {
        Progress progress(label);
        progress.Track(
            [&simulated, duration]()
            {
                double now = simulated.load(std::memory_order_relaxed);
                return FormatDuration(now) + " of " + FormatDuration(duration);
            });
        return RunTwinScenarioVariant(store, prepared, variant, scenarioId, sweepId, options,
                                      &simulated);
    }
    catch (const TwinBuildError& e)
    {
        // The scenario asks for something the twin cannot build or run: the user's input.
        throw UsageError("variant " + variant.name + ": " + e.what());
    }
}

namespace
{

/**
 * @return the path of this executable, to start workers with
 */
std::string
SelfPath()
{
    char buffer[4096];
    ssize_t n = readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
    if (n <= 0)
    {
        throw std::runtime_error(std::string("cannot find the dtwin executable: ") +
                                 std::strerror(errno));
    }
    buffer[n] = '\0';
    return buffer;
}

/**
 * Start a worker that runs one variant.
 * @param self this executable
 * @param args the worker's arguments (after argv[0])
 * @return its pid
 */
pid_t
SpawnWorker(const std::string& self, const std::vector<std::string>& args)
{
    std::vector<std::string> all{"dtwin"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all)
    {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), environ);
    if (rc != 0)
    {
        throw std::runtime_error(std::string("cannot start a worker process: ") +
                                 std::strerror(rc));
    }
    return pid;
}

/**
 * @param status a waitpid status
 * @return the exit code, or EXIT_INTERNAL for a signal
 */
int
ExitCodeOf(int status)
{
    if (WIFEXITED(status))
    {
        return WEXITSTATUS(status);
    }
    return EXIT_INTERNAL;
}

/**
 * @param code a worker's exit code
 * @return what it means, in words
 */
std::string
DescribeWorkerExit(int code)
{
    switch (code)
    {
    case EXIT_OK:
        return "pass";
    case EXIT_OBJECTIVES_FAILED:
        return "FAIL";
    case EXIT_BAD_INPUT:
        return "error (bad input, see above)";
    default:
        return "error (internal, see above)";
    }
}

/**
 * @param status a waitpid status
 * @return what happened to the worker, in words
 */
std::string
DescribeWorkerStatus(int status)
{
    if (WIFSIGNALED(status))
    {
        return std::string("error (worker killed by signal ") + std::to_string(WTERMSIG(status)) +
               ": " + strsignal(WTERMSIG(status)) + ")";
    }
    return DescribeWorkerExit(ExitCodeOf(status));
}

/**
 * Print the ranking of a sweep's runs: most objectives violated first, then the lowest
 * relative margin.
 * @param store the store
 * @param sweepId the sweep
 * @param format output format
 * @param top rows to show in a text table (0: all)
 * @return number of runs whose verdict is "fail"
 */
std::size_t
PrintSweepRanking(TwinStore& store, int64_t sweepId, TableFormat format, std::size_t top)
{
    struct Row
    {
        TwinRunRecord run;                           //!< the run
        std::vector<TwinObjectiveSummary> summaries; //!< per objective
        std::size_t failed{0};                       //!< objectives violated
        const TwinObjectiveSummary* worst{nullptr};  //!< worst objective
    };
    std::vector<Row> rows;
    for (const auto& run : store.ListSweepRuns(sweepId))
    {
        Row row;
        row.run = run;
        row.summaries = SummariseTwinVerdicts(store.LoadRunVerdicts(run.id));
        rows.push_back(std::move(row));
    }
    for (auto& row : rows)
    {
        for (const auto& s : row.summaries)
        {
            row.failed += s.passed ? 0 : 1;
            // A violated objective is worse than any met one, whatever the margins.
            bool worse = row.worst == nullptr || (!s.passed && row.worst->passed) ||
                         (s.passed == row.worst->passed && SortMargin(s) < SortMargin(*row.worst));
            if (worse)
            {
                row.worst = &s;
            }
        }
    }
    std::stable_sort(
        rows.begin(), rows.end(),
        [](const Row& a, const Row& b)
        {
            if (a.failed != b.failed)
            {
                return a.failed > b.failed;
            }
            double ma = a.worst ? SortMargin(*a.worst) : std::numeric_limits<double>::infinity();
            double mb = b.worst ? SortMargin(*b.worst) : std::numeric_limits<double>::infinity();
            return ma < mb;
        });
    bool text = format == TableFormat::Text;
    Table table({"rank", "variant", "run", "verdict", "objectives_failed", "objectives",
                 "worst_objective", "worst", "relative_margin"});
    std::size_t failedRuns = 0;
    std::size_t rank = 0;
    for (const auto& row : rows)
    {
        failedRuns += row.run.verdict == "fail" ? 1 : 0;
        ++rank;
        if (text && top > 0 && rank > top)
        {
            continue;
        }
        nlohmann::json relative = nullptr;
        if (row.worst && row.worst->worstRelativeMargin)
        {
            relative = *row.worst->worstRelativeMargin;
            if (text)
            {
                char t[32];
                std::snprintf(t, sizeof(t), "%+.1f %%", *row.worst->worstRelativeMargin * 100);
                relative = t;
            }
        }
        else if (text)
        {
            relative = row.worst ? "no measurement" : "-";
        }
        table.AddRow({rank, row.run.variantName, row.run.id,
                      row.run.verdict.empty() ? "-" : row.run.verdict, row.failed,
                      row.summaries.size(), row.worst ? row.worst->objectiveId : "",
                      row.worst ? DescribeWorst(*row.worst) : "", relative});
    }
    table.Print(std::cout, format);
    if (text && top > 0 && rows.size() > top)
    {
        std::cout << "(" << rows.size() - top << " more variants: --top 0 shows all)\n";
    }
    return failedRuns;
}

/**
 * Start workers (at most `jobs` at once) until every variant ran, reporting each as it ends.
 * @param self this executable
 * @param common the workers' arguments before --variant
 * @param prepared the scenario
 * @param variants indices of the variants to run
 * @param jobs most workers at once
 * @param running workers running now (pid -> variant index), kept up to date
 * @param next next variant to start, kept up to date
 * @param done variants finished, kept up to date
 * @param worst worst worker exit code so far, kept up to date
 */
void RunWorkerLoop(const std::string& self, const std::vector<std::string>& common,
                   const TwinPreparedScenario& prepared, const std::vector<std::size_t>& variants,
                   unsigned jobs, std::map<pid_t, std::size_t>& running, std::size_t& next,
                   std::size_t& done, int& worst);

/**
 * Run the variants with up to `jobs` worker processes (each a dtwin run --worker).
 * @param args parsed arguments
 * @param path scenario file
 * @param prepared the scenario
 * @param variants indices of the variants to run
 * @param sweepId the sweep
 * @param jobs most workers at once
 * @return the worst worker exit code
 */
int
RunWorkers(const ParsedArgs& args, const std::string& path, const TwinPreparedScenario& prepared,
           const std::vector<std::size_t>& variants, int64_t sweepId, unsigned jobs)
{
    const std::string self = SelfPath();
    std::vector<std::string> common{"run",
                                    path,
                                    "--db",
                                    args.db,
                                    "--worker-sweep",
                                    std::to_string(sweepId),
                                    "--worker-snapshot",
                                    std::to_string(prepared.snapshot.id)};
    for (const char* passOn :
         {"sample-interval", "drain", "start-jitter", "queue-disc", "tcp-variant"})
    {
        if (args.vm.count(passOn))
        {
            common.push_back(std::string("--") + passOn);
            common.push_back(args.vm[passOn].as<std::string>());
        }
    }
    if (args.vm.count("max-runs"))
    {
        common.push_back("--max-runs");
        common.push_back(std::to_string(args.vm["max-runs"].as<uint64_t>()));
    }
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0;
    std::size_t done = 0;
    int worst = EXIT_OK;
    try
    {
        RunWorkerLoop(self, common, prepared, variants, jobs, running, next, done, worst);
    }
    catch (...)
    {
        // No worker outlives the sweep that started it.
        for (const auto& [pid, index] : running)
        {
            kill(pid, SIGTERM);
        }
        for (const auto& [pid, index] : running)
        {
            int status = 0;
            waitpid(pid, &status, 0);
        }
        throw;
    }
    return worst;
}

void
RunWorkerLoop(const std::string& self, const std::vector<std::string>& common,
              const TwinPreparedScenario& prepared, const std::vector<std::size_t>& variants,
              unsigned jobs, std::map<pid_t, std::size_t>& running, std::size_t& next,
              std::size_t& done, int& worst)
{
    while (done < variants.size())
    {
        while (running.size() < jobs && next < variants.size())
        {
            std::vector<std::string> workerArgs = common;
            workerArgs.push_back("--variant");
            workerArgs.push_back(prepared.variants[variants[next]].name);
            running[SpawnWorker(self, workerArgs)] = variants[next];
            ++next;
        }
        int status = 0;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            throw std::runtime_error(std::string("waiting for workers failed: ") +
                                     std::strerror(errno));
        }
        auto it = running.find(pid);
        if (it == running.end())
        {
            continue;
        }
        int code = ExitCodeOf(status);
        ++done;
        std::cerr << "[" << done << "/" << variants.size() << "] "
                  << prepared.variants[it->second].name << ": " << DescribeWorkerStatus(status)
                  << "\n";
        running.erase(it);
        if (code != EXIT_OK && code != EXIT_OBJECTIVES_FAILED)
        {
            worst =
                std::max(worst, code == EXIT_BAD_INPUT ? int(EXIT_BAD_INPUT) : int(EXIT_INTERNAL));
        }
    }
}

} // namespace

int
RunScenarioFile(const ParsedArgs& args, const std::string& path)
{
    const auto& vm = args.vm;
    for (const char* snapshotOnly :
         {"duration", "demands", "routing", "traffic", "time-scale", "traffic-scale", "protocol"})
    {
        if (vm.count(snapshotOnly) && !vm[snapshotOnly].defaulted())
        {
            throw UsageError(std::string("--") + snapshotOnly +
                             " applies to snapshot runs; a scenario file sets it itself");
        }
    }
    for (const char* snapshotOnly : {"seed", "run-number"})
    {
        if (vm.count(snapshotOnly) && !vm[snapshotOnly].defaulted())
        {
            throw UsageError(std::string("--") + snapshotOnly +
                             " applies to snapshot runs; a scenario lists its seeds itself");
        }
    }
    TableFormat format = FormatOption(args);
    TwinScenarioRunOptions options = ScenarioRunOptionsFrom(args);
    unsigned jobs = vm.count("jobs") ? vm["jobs"].as<unsigned>() : 1;
    if (jobs == 0 || jobs > kMaxJobs)
    {
        throw UsageError("--jobs must be between 1 and " + std::to_string(kMaxJobs));
    }
    if (vm.count("variant"))
    {
        // Each named variant once, whatever the repetitions on the command line.
        for (const auto& name : vm["variant"].as<std::vector<std::string>>())
        {
            if (std::find(options.variantNames.begin(), options.variantNames.end(), name) ==
                options.variantNames.end())
            {
                options.variantNames.push_back(name);
            }
        }
    }

    std::optional<int64_t> workerSweep;
    std::optional<int64_t> workerSnapshot;
    if (vm.count("worker-sweep"))
    {
        workerSweep = vm["worker-sweep"].as<int64_t>();
        workerSnapshot = vm.count("worker-snapshot")
                             ? std::optional<int64_t>(vm["worker-snapshot"].as<int64_t>())
                             : std::nullopt;
        // A worker ends with the sweep that started it, not after it.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() == 1)
        {
            return EXIT_INTERNAL;
        }
    }
    auto store = OpenStore(args);
    TwinPreparedScenario prepared = PrepareOrExplain(path, {}, *store, options, workerSnapshot);
    bool existed = false;
    int64_t scenarioId =
        store->SaveScenario(prepared.scenario.name, prepared.text, prepared.format, path, &existed);
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < prepared.variants.size(); ++i)
    {
        chosen.push_back(i);
    }

    if (workerSweep)
    {
        // A worker of a parallel sweep: run the variant(s) into the parent's sweep, quietly.
        if (!store->FindSweep(*workerSweep))
        {
            throw UsageError("no sweep " + std::to_string(*workerSweep) + " in " + args.db);
        }
        bool failed = false;
        for (std::size_t i : chosen)
        {
            try
            {
                auto outcome = RunTwinScenarioVariant(*store, prepared, prepared.variants[i],
                                                      scenarioId, *workerSweep, options);
                failed = failed || outcome.record.verdict == "fail";
            }
            catch (const TwinBuildError& e)
            {
                throw UsageError("variant " + prepared.variants[i].name + ": " + e.what());
            }
        }
        return failed ? EXIT_OBJECTIVES_FAILED : EXIT_OK;
    }

    for (const auto& note : prepared.notes)
    {
        std::cerr << "note: " << note << "\n";
    }
    const std::string& name = prepared.scenario.name;
    std::ostream& info = format == TableFormat::Text ? std::cout : std::cerr;
    info << "scenario " << name << " (stored as scenario " << scenarioId << ") on snapshot "
         << prepared.snapshot.id << " (" << prepared.snapshot.contentHash.substr(0, 12)
         << (prepared.snapshotImported ? ", imported now" : "") << "): " << chosen.size()
         << (chosen.size() == 1 ? " run" : " runs") << "\n";
    int64_t sweepId = store->CreateSweep(scenarioId, prepared.snapshot.id, chosen.size(), "run");
    SweepEnd sweepEnd(store, sweepId);

    int workerFailure = EXIT_OK;
    if (jobs > 1 && chosen.size() > 1)
    {
        store.reset(); // the workers write; this process only reads afterwards
        workerFailure = RunWorkers(args, path, prepared, chosen, sweepId, jobs);
        store = OpenStore(args);
    }
    else
    {
        std::size_t k = 0;
        for (std::size_t i : chosen)
        {
            const auto& variant = prepared.variants[i];
            ++k;
            std::string label = chosen.size() > 1
                                    ? "[" + std::to_string(k) + "/" +
                                          std::to_string(chosen.size()) + "] " + variant.name
                                    : "simulating " + name;
            auto outcome = RunVariantWithProgress(*store, prepared, variant, scenarioId, sweepId,
                                                  options, label);
            if (chosen.size() > 1)
            {
                std::cerr << label << ": " << (outcome.record.verdict == "fail" ? "FAIL" : "pass")
                          << " (run " << outcome.runId << ")\n";
            }
            else
            {
                for (const auto& note : outcome.notes)
                {
                    std::cerr << "note: " << note << "\n";
                }
            }
        }
    }

    sweepEnd.Now();
    std::vector<TwinRunRecord> runs = store->ListSweepRuns(sweepId);
    std::size_t failedRuns = 0;
    const bool text = format == TableFormat::Text;
    if (runs.size() == 1 && chosen.size() == 1)
    {
        // One run: its KPIs and the verdict table (only the verdicts in csv/json, so that a
        // pipeline can read them).
        const TwinRunRecord& run = runs.front();
        TwinRunResults results = store->LoadRunResults(run.id);
        if (text)
        {
            PrintRunSummary(run, results, format);
        }
        if (results.verdicts.empty() && text)
        {
            std::cout << "no objectives: nothing to judge\n";
        }
        else
        {
            PrintVerdictTable(results.verdicts, format);
        }
        failedRuns = run.verdict == "fail" ? 1 : 0;
        if (text)
        {
            std::cout << "run " << run.id << " stored in " << store->GetPath() << " (dtwin report "
                      << run.id << " -o report.html)\n";
        }
    }
    else
    {
        std::size_t top = vm.count("top") ? vm["top"].as<std::size_t>() : 20;
        failedRuns = PrintSweepRanking(*store, sweepId, format, top);
        if (text)
        {
            std::cout << runs.size() << " of " << chosen.size() << " runs stored as sweep "
                      << sweepId << " in " << store->GetPath() << "; " << failedRuns
                      << (failedRuns == 1 ? " run violates" : " runs violate") << " an objective\n";
        }
    }
    if (workerFailure != EXIT_OK)
    {
        std::string message = std::to_string(chosen.size() - runs.size()) +
                              " variant(s) did not complete (see above)";
        if (workerFailure == EXIT_BAD_INPUT)
        {
            throw UsageError(message);
        }
        throw std::runtime_error(message);
    }
    if (runs.size() != chosen.size())
    {
        throw std::runtime_error("only " + std::to_string(runs.size()) + " of " +
                                 std::to_string(chosen.size()) + " runs were stored");
    }
    return failedRuns > 0 ? EXIT_OBJECTIVES_FAILED : EXIT_OK;
}

} // namespace cli
} // namespace ns3
