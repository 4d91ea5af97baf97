/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin report: one self-contained HTML page about a run (or two runs side by side), with
// the topology drawn by Graphviz and the time series by gnuplot.

#include "cli-common.h"
#include "report-command.h"
#include "report-html.h"
#include "report-process.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * Resolve a run reference or fail with a usage error.
 * @param store the store
 * @param ref the run id as typed
 * @return the run
 */
TwinRunRecord
RequireRun(TwinStore& store, const std::string& ref)
{
    std::optional<TwinRunRecord> run;
    if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos && ref.size() < 19)
    {
        run = store.FindRun(std::stoll(ref));
    }
    if (!run)
    {
        throw UsageError("no run '" + ref + "' in " + store.GetPath() + " (see 'dtwin runs')");
    }
    return *run;
}

/**
 * Read everything the report shows about a run.
 * @param store the store
 * @param ref the run id as typed
 * @return the run
 */
ReportRun
LoadReportRun(TwinStore& store, const std::string& ref)
{
    ReportRun r;
    r.run = RequireRun(store, ref);
    r.results = store.LoadRunResults(r.run.id);
    auto snapshot = store.FindSnapshot(std::to_string(r.run.snapshotId));
    if (!snapshot)
    {
        throw TwinStoreError("run " + std::to_string(r.run.id) + " names snapshot " +
                             std::to_string(r.run.snapshotId) + ", which is not in " +
                             store.GetPath());
    }
    r.snapshot = *snapshot;
    r.network = store.LoadSnapshot(r.snapshot.id);
    r.demands = r.run.demandSetId ? store.LoadDemandSet(r.run.demandSetId) : r.network.demands;
    if (r.run.scenarioId != 0)
    {
        r.scenario = store.FindScenario(r.run.scenarioId);
    }
    if (r.run.sweepId != 0)
    {
        r.sweep = store.FindSweep(r.run.sweepId);
    }
    return r;
}

/**
 * Read a count option.
 * @param vm parsed values
 * @param name option name
 * @param max largest accepted value
 * @return the value
 */
std::size_t
CountOption(const po::variables_map& vm, const std::string& name, std::size_t max)
{
    std::string text = vm[name].as<std::string>();
    bool ok = !text.empty() && text.size() < 6 &&
              text.find_first_not_of("0123456789") == std::string::npos;
    std::size_t value = ok ? std::stoul(text) : 0;
    if (!ok || value < 1 || value > max)
    {
        throw UsageError("--" + name + " must be a whole number from 1 to " + std::to_string(max) +
                         ", got '" + text + "'");
    }
    return value;
}

/** @return the current time, ISO 8601 UTC */
std::string
NowUtc()
{
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

/**
 * Write a file completely or not at all: a temporary file beside it, renamed over it.
 * @param path the file
 * @param content its content
 */
void
WriteAtomically(const std::string& path, const std::string& content)
{
    std::string temp = path + ".tmp-XXXXXX";
    int fd = mkstemp(temp.data());
    if (fd < 0)
    {
        throw UsageError("cannot write " + path + ": " + std::strerror(errno));
    }
    UniqueFd file(fd);
    std::size_t written = 0;
    int error = 0;
    while (written < content.size())
    {
        ssize_t n = write(file.Get(), content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            error = n < 0 ? errno : EIO;
            break;
        }
        written += static_cast<std::size_t>(n);
    }
    // A report is read by people and browsers: the usual file mode, not mkstemp's 0600.
    mode_t mask = umask(0);
    umask(mask);
    if (error == 0 && fchmod(file.Get(), 0666 & ~mask) != 0)
    {
        error = errno;
    }
    if (close(file.Release()) != 0 && error == 0)
    {
        error = errno;
    }
    if (error == 0 && std::rename(temp.c_str(), path.c_str()) != 0)
    {
        error = errno;
    }
    if (error != 0)
    {
        std::remove(temp.c_str());
        throw UsageError("cannot write " + path + ": " + std::strerror(error));
    }
}

} // namespace

std::size_t
WriteRunReport(TwinStore& store, const std::vector<std::string>& runRefs, const std::string& output,
               ReportOptions options)
{
    options.storePath = store.GetPath();
    if (options.generatedAt.empty())
    {
        options.generatedAt = NowUtc();
    }
    std::vector<ReportRun> runs;
    for (const auto& ref : runRefs)
    {
        runs.push_back(LoadReportRun(store, ref));
    }

    // Compared runs share their axes, so that the plots can be read against each other.
    FigureLayout layout;
    layout.compact = runs.size() > 1;
    for (const auto& r : runs)
    {
        layout.endSeconds = std::max(layout.endSeconds, r.run.simulatedSeconds);
        for (const auto& s : TopDemandSeries(r, options.top))
        {
            layout.maxDemandBps = std::max(layout.maxDemandBps, s.peak);
        }
        for (const auto& s : TopLinkSeries(r, options.top))
        {
            layout.maxLinkUtilisation = std::max(layout.maxLinkUtilisation, s.peak);
        }
    }
    std::vector<ReportFigures> figures;
    try
    {
        for (std::size_t i = 0; i < runs.size(); ++i)
        {
            figures.push_back(
                RenderFigures(runs[i], layout, options.top, "r" + std::to_string(i + 1) + "-"));
        }
    }
    catch (const ProgramNotFoundError& e)
    {
        throw UsageError(e.what());
    }
    std::string html = RenderReportHtml(runs, figures, options);
    WriteAtomically(output, html);
    return html.size();
}

namespace
{

/**
 * Run the report command.
 * @param args parsed arguments
 * @return exit code
 */
int
Report(const ParsedArgs& args)
{
    if (!args.vm.count("run"))
    {
        throw UsageError("name a run id (see 'dtwin runs')");
    }
    if (!args.vm.count("output"))
    {
        throw UsageError("name the HTML file to write with -o FILE");
    }
    std::string output = args.vm["output"].as<std::string>();
    ReportOptions options;
    options.top = CountOption(args.vm, "top", 50);
    options.topFlows = CountOption(args.vm, "flows", 10000);
    options.generatedAt = NowUtc();

    auto store = OpenStore(args);
    std::vector<std::string> refs{args.vm["run"].as<std::string>()};
    if (args.vm.count("compare"))
    {
        refs.push_back(args.vm["compare"].as<std::string>());
    }
    std::size_t bytes = WriteRunReport(*store, refs, output, options);
    std::cout << "report of run " << refs[0];
    if (refs.size() > 1)
    {
        std::cout << " compared with run " << refs[1];
    }
    std::cout << " written to " << output << " (" << (bytes + 1023) / 1024 << " KiB)\n";
    return EXIT_OK;
}

} // namespace

Command
ReportCommand()
{
    Command c;
    c.name = "report";
    c.usage = "RUN -o FILE [--compare RUN2] [--top N] [--flows N]";
    c.summary = "write a self-contained HTML report of a run, or of two runs side by side";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("run", po::value<std::string>(), "run id")(
            "output,o", po::value<std::string>(), "HTML file to write (replaced atomically)")(
            "compare", po::value<std::string>(),
            "a second run shown side by side (e.g. with a remedy applied)")(
            "top", po::value<std::string>()->default_value("8"),
            "link directions and demands per time-series plot (1 to 50)")(
            "flows", po::value<std::string>()->default_value("20"),
            "rows of the flow table (1 to 10000)");
        pos.add("run", 1);
    };
    c.run = Report;
    return c;
}

} // namespace cli
} // namespace ns3
