/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin report, run as a user runs it: real runs in a real store, the real Graphviz and
// gnuplot, and the page rendered by a real headless Chromium.

#include "test-util.h"

#include "ns3/twin-store.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ns3
{
namespace test
{
namespace
{

/** The browser the rendering test uses (Debian package chromium). */
const char* const kChromium = "/usr/bin/chromium";

/** What one process did. */
struct ProcResult
{
    int exitCode{-1}; //!< exit code (128 + signal if killed)
    std::string out;  //!< standard output
    std::string err;  //!< standard error
};

/**
 * @param path a file
 * @return its content (empty if it cannot be read)
 */
std::string
Slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/**
 * @param text a text
 * @param what what to count
 * @return how often it occurs
 */
std::size_t
Count(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
    {
        ++n;
    }
    return n;
}

/**
 * @param html the page
 * @param cls the class of a figure, e.g. "topology"
 * @param nth which of them (0-based)
 * @return the figure's markup, or empty if there is no such figure
 */
std::string
Figure(const std::string& html, const std::string& cls, std::size_t nth = 0)
{
    std::string open = "<figure class=\"" + cls + "\">";
    auto pos = html.find(open);
    for (std::size_t i = 0; i < nth && pos != std::string::npos; ++i)
    {
        pos = html.find(open, pos + 1);
    }
    if (pos == std::string::npos)
    {
        return "";
    }
    auto end = html.find("</figure>", pos);
    return html.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

/**
 * @param html the page
 * @param id a section id
 * @return the section's markup, or empty
 */
std::string
Section(const std::string& html, const std::string& id)
{
    auto pos = html.find("<section id=\"" + id + "\">");
    if (pos == std::string::npos)
    {
        return "";
    }
    return html.substr(pos, html.find("</section>", pos) - pos);
}

/** Runs dtwin and the browser in a temporary directory. */
class ReportTest : public ::testing::Test
{
protected:
    /**
     * Run a program from the repository root and wait for it (killed after a timeout).
     * @param argv program path and arguments
     * @param env variables to set or replace in the child's environment
     * @param timeoutSeconds how long it may take
     * @return exit code and output
     */
    ProcResult Exec(const std::vector<std::string>& argv,
                    const std::map<std::string, std::string>& env = {}, int timeoutSeconds = 300)
    {
        std::string outPath = m_dir.Path() + "/proc.stdout";
        std::string errPath = m_dir.Path() + "/proc.stderr";
        std::vector<std::string> envText;
        for (char** e = environ; *e != nullptr; ++e)
        {
            std::string entry = *e;
            if (!env.count(entry.substr(0, entry.find('='))))
            {
                envText.push_back(entry);
            }
        }
        for (const auto& [name, value] : env)
        {
            envText.push_back(name + "=" + value);
        }
        pid_t pid = fork();
        if (pid == 0)
        {
            int o = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int e = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(o, STDOUT_FILENO);
            dup2(e, STDERR_FILENO);
            // Its own process group, so that a timeout ends the browser's helpers too.
            setpgid(0, 0);
            if (chdir(SourcePath("").c_str()) != 0)
            {
                _exit(127);
            }
            std::vector<std::string> args = argv;
            std::vector<char*> cargv;
            for (auto& a : args)
            {
                cargv.push_back(a.data());
            }
            cargv.push_back(nullptr);
            std::vector<char*> cenv;
            for (auto& v : envText)
            {
                cenv.push_back(v.data());
            }
            cenv.push_back(nullptr);
            execve(cargv[0], cargv.data(), cenv.data());
            _exit(127);
        }
        int status = 0;
        bool killed = false;
        for (int waited = 0;; ++waited)
        {
            pid_t done = waitpid(pid, &status, WNOHANG);
            if (done == pid)
            {
                break;
            }
            if (waited >= timeoutSeconds * 10 && !killed)
            {
                kill(-pid, SIGKILL);
                killed = true;
            }
            usleep(100000);
        }
        ProcResult r;
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = Slurp(outPath);
        r.err = Slurp(errPath);
        EXPECT_FALSE(killed) << argv[0] << " timed out";
        return r;
    }

    /**
     * Run dtwin with the test's store.
     * @param args arguments after "dtwin"
     * @param env environment changes
     * @return exit code and output
     */
    ProcResult Dtwin(std::vector<std::string> args,
                     const std::map<std::string, std::string>& env = {})
    {
        args.insert(args.begin(), DTWIN_CLI);
        args.push_back("--db");
        args.push_back(Db());
        return Exec(args, env);
    }

    /** @return the test's store path */
    std::string Db() const { return m_dir.Path() + "/twin.db"; }

    /**
     * Import a source and simulate it; the run is run 1 of a fresh store.
     * @param source path relative to the repository
     * @param duration --duration value
     */
    void ImportAndRun(const std::string& source, const std::string& duration)
    {
        ProcResult import = Dtwin({"import", source});
        ASSERT_EQ(import.exitCode, 0) << import.err;
        ProcResult run = Dtwin({"run", "1", "--duration", duration});
        ASSERT_EQ(run.exitCode, 0) << run.err;
    }

    /**
     * Write a report.
     * @param args arguments after "dtwin report"
     * @param html set to the page
     * @return the process result
     */
    ProcResult Report(const std::vector<std::string>& args, std::string& html)
    {
        std::vector<std::string> all = {"report"};
        all.insert(all.end(), args.begin(), args.end());
        ProcResult r = Dtwin(all);
        html = Slurp(Out());
        return r;
    }

    /** @return where the tests write the report */
    std::string Out() const { return m_dir.Path() + "/out.html"; }

    /**
     * Check what every report must be: one file that needs nothing else.
     * @param html the page
     */
    static void ExpectSelfContained(const std::string& html)
    {
        EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
        EXPECT_NE(html.find("</html>"), std::string::npos);
        for (const char* external : {"http:", "https:", "src=", "<script", "<link", "<img",
                                     "@import", "file:", "<?xml", "<!DOCTYPE svg"})
        {
            EXPECT_EQ(html.find(external), std::string::npos) << external;
        }
    }

    TempDir m_dir; //!< working files of one test
};

TEST_F(ReportTest, PlainRunReport)
{
    ImportAndRun("test/data/yang/mini-json", "3s");
    std::string html;
    ProcResult r = Report({"1", "-o", Out()}, html);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("written to " + Out()), std::string::npos) << r.out;
    ASSERT_FALSE(html.empty());
    ExpectSelfContained(html);

    // One topology drawing with every node and one edge per link pair, coloured by use.
    std::string topo = Figure(html, "topology");
    ASSERT_NE(topo.find("<svg"), std::string::npos);
    for (const char* node : {">R1<", ">R2<", ">R3<"})
    {
        EXPECT_NE(topo.find(node), std::string::npos) << node;
    }
    EXPECT_EQ(Count(topo, "class=\"edge\""), 2U) << "two bidirectional links, two edges";
    EXPECT_EQ(topo.find("stroke-dasharray"), std::string::npos) << "no link failed";
    // Each edge is labelled with the peak utilisation of its busier direction.
    ProcResult linksJson = Dtwin({"results", "1", "--links", "--format", "json"});
    ASSERT_EQ(linksJson.exitCode, 0) << linksJson.err;
    std::map<std::string, double> peak;
    for (const auto& row : nlohmann::json::parse(linksJson.out))
    {
        peak[row["link"].get<std::string>()] = row["utilisation_peak"].get<double>();
    }
    ASSERT_EQ(peak.size(), 4U);
    for (const auto& [a, b] : {std::pair<std::string, std::string>{"R1-R2", "R2-R1"},
                               std::pair<std::string, std::string>{"R2-R3", "R3-R2"}})
    {
        char label[32];
        std::snprintf(label, sizeof(label), ">%.0f %%<", std::max(peak[a], peak[b]) * 100);
        EXPECT_NE(topo.find(label), std::string::npos) << label << " for " << a;
    }

    std::string links = Figure(html, "plot links");
    ASSERT_NE(links.find("<svg"), std::string::npos);
    EXPECT_NE(links.find("R1 \u2192 R2"), std::string::npos);
    EXPECT_NE(links.find("utilisation (%)"), std::string::npos);
    // The demand plot exists exactly when the run kept per-demand samples.
    std::string demands = Figure(html, "plot demands");
    EXPECT_TRUE(!demands.empty() || html.find("No per-demand samples") != std::string::npos);
    EXPECT_GE(Count(html, "<svg"), demands.empty() ? 3U : 4U);
    // Figures from different programs must not share element ids.
    std::set<std::string> ids;
    std::regex idAttr(R"( id="([^"]+)\")");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), idAttr);
         it != std::sregex_iterator(); ++it)
    {
        EXPECT_TRUE(ids.insert((*it)[1]).second) << "duplicate id " << (*it)[1];
    }

    EXPECT_NE(html.find("Run 1"), std::string::npos);
    EXPECT_NE(html.find("no objectives"), std::string::npos);
    EXPECT_NE(html.find("No events were applied"), std::string::npos);
    std::string linkTable = Section(html, "links");
    for (const char* id : {"R1-R2", "R2-R1", "R2-R3", "R3-R2"})
    {
        EXPECT_NE(linkTable.find(">" + std::string(id) + "<"), std::string::npos) << id;
    }
    EXPECT_NE(Section(html, "flows").find("d1 (R1 \u2192 R3)"), std::string::npos);

    // Writing again replaces the file and leaves no temporary file behind.
    ASSERT_EQ(Report({"1", "-o", Out(), "--top", "1"}, html).exitCode, 0);
    EXPECT_NE(html.find("the 1 busiest directions"), std::string::npos);
    for (const auto& entry : std::filesystem::directory_iterator(m_dir.Path()))
    {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << entry.path();
    }
}

TEST_F(ReportTest, FailuresWriteNothing)
{
    ImportAndRun("test/data/yang/mini-json", "2s");
    std::string html;
    ProcResult unknown = Report({"42", "-o", Out()}, html);
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("no run '42'"), std::string::npos) << unknown.err;
    EXPECT_FALSE(std::filesystem::exists(Out()));

    ProcResult unknownCompare = Report({"1", "--compare", "7", "-o", Out()}, html);
    EXPECT_EQ(unknownCompare.exitCode, 1);
    EXPECT_NE(unknownCompare.err.find("no run '7'"), std::string::npos) << unknownCompare.err;
    EXPECT_FALSE(std::filesystem::exists(Out()));

    ProcResult noOutput = Report({"1"}, html);
    EXPECT_EQ(noOutput.exitCode, 1);
    EXPECT_NE(noOutput.err.find("-o FILE"), std::string::npos) << noOutput.err;

    ProcResult badTop = Report({"1", "-o", Out(), "--top", "0"}, html);
    EXPECT_EQ(badTop.exitCode, 1);
    EXPECT_NE(badTop.err.find("--top"), std::string::npos) << badTop.err;
    EXPECT_FALSE(std::filesystem::exists(Out()));

    ProcResult badDir = Report({"1", "-o", m_dir.Path() + "/no/such/dir/out.html"}, html);
    EXPECT_EQ(badDir.exitCode, 1);
    EXPECT_NE(badDir.err.find("cannot write"), std::string::npos) << badDir.err;

    // Without Graphviz on PATH: a clear message, exit code 1, and no file at all.
    std::string emptyBin = m_dir.Path() + "/empty-bin";
    std::filesystem::create_directories(emptyBin);
    ProcResult noGraphviz = Dtwin({"report", "1", "-o", Out()}, {{"PATH", emptyBin}});
    EXPECT_EQ(noGraphviz.exitCode, 1);
    EXPECT_NE(noGraphviz.err.find("needs Graphviz"), std::string::npos) << noGraphviz.err;
    EXPECT_NE(noGraphviz.err.find("apt-get install graphviz"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(Out()));
    for (const auto& entry : std::filesystem::directory_iterator(m_dir.Path()))
    {
        EXPECT_EQ(entry.path().filename().string().find("out.html"), std::string::npos)
            << entry.path();
    }
}

TEST_F(ReportTest, NamesAreEscapedAndLaidOutWithoutCoordinates)
{
    // Names with markup, quote and backslash characters (no importer produces them today, a
    // future one may), and nodes without coordinates, which neato lays out by itself.
    TwinNetwork net;
    net.name = "odd <net>";
    for (const char* id : {"R&D <lab>", "Core \"A\"", "edge\\1", "O'Hare"})
    {
        TwinNode n;
        n.id = id;
        n.interfaces.push_back(TwinInterface{"p0", true, std::nullopt, 1500, {}, {}});
        n.interfaces.push_back(TwinInterface{"p1", true, std::nullopt, 1500, {}, {}});
        net.nodes.push_back(n);
    }
    auto link =
        [&net](const std::string& id, std::size_t a, const char* ta, std::size_t b, const char* tb)
    {
        TwinLink l;
        l.id = id;
        l.sourceNode = net.nodes[a].id;
        l.sourceTp = ta;
        l.destNode = net.nodes[b].id;
        l.destTp = tb;
        l.capacityBps = 1000000000;
        l.delaySeconds = 0.001;
        net.links.push_back(l);
    };
    link("a<b>", 0, "p0", 1, "p0");
    link("b<a>", 1, "p0", 0, "p0");
    link("b&c", 1, "p1", 2, "p0");
    link("c&b", 2, "p0", 1, "p1");
    link("c\"d", 2, "p1", 3, "p0");
    link("d\"c", 3, "p0", 2, "p1");
    {
        TwinStore store(Db());
        ASSERT_EQ(store.SaveSnapshot(net, "hand-made", "test", {}, nullptr), 1);
        TwinRunRecord record;
        record.snapshotId = 1;
        record.simulatedSeconds = 1;
        record.variantName = "v<1>";
        TwinRunResults results;
        for (const auto& l : net.links)
        {
            results.links.push_back({l.id, 1000, 10, 0, 0.3, 0.5});
            for (int i = 1; i <= 10; ++i)
            {
                results.samples.push_back({l.id, i * 0.1, 100, i % 2 ? 0.5 : 0.1, 0});
            }
        }
        TwinFlowResult flow;
        flow.flowId = 1;
        flow.demandId = "x<y>";
        flow.rxBytes = 1000;
        results.flows.push_back(flow);
        results.events.push_back({0.5, "e<1>", "link-down", "b&c", "it's \"down\"", "scenario"});
        ASSERT_EQ(store.SaveRun(record, results), 1);
    }
    std::string html;
    ProcResult r = Report({"1", "-o", Out()}, html);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ExpectSelfContained(html);
    for (const char* raw : {"<lab>", "x<y>", "<net>", "v<1>", "e<1>", "a<b>", "it's \"down\""})
    {
        auto at = html.find(raw);
        EXPECT_EQ(at, std::string::npos)
            << raw << " in " << html.substr(at < 200 ? 0 : at - 200, 400);
    }
    std::string topo = Figure(html, "topology");
    EXPECT_NE(topo.find(">R&amp;D &lt;lab&gt;<"), std::string::npos) << topo;
    EXPECT_NE(topo.find(">Core &quot;A&quot;<"), std::string::npos) << topo;
    EXPECT_NE(topo.find(">edge\\1<"), std::string::npos) << topo;
    EXPECT_NE(topo.find(">O&#39;Hare<"), std::string::npos) << topo;
    EXPECT_EQ(Count(topo, "class=\"edge\""), 3U);
    EXPECT_NE(topo.find("failed at 0.5 s"), std::string::npos);
    std::string plot = Figure(html, "plot links");
    // gnuplot escapes what could start markup (& and <) and leaves the rest.
    EXPECT_NE(plot.find(">R&amp;D &lt;lab> \u2192 Core \"A\"<"), std::string::npos) << plot;
    EXPECT_NE(plot.find(">O'Hare \u2192 edge\\1<"), std::string::npos) << plot;
    EXPECT_NE(Section(html, "flows").find("x&lt;y&gt;"), std::string::npos);
    EXPECT_NE(Section(html, "links").find("<code>a&lt;b&gt;</code>"), std::string::npos);
    EXPECT_NE(Section(html, "events").find("it&#39;s &quot;down&quot;"), std::string::npos);
    EXPECT_NE(html.find("odd &lt;net&gt;"), std::string::npos);
}

/**
 * A hand-made scenario run of the mini network: R1-R2 fails at 1 s, a failing and a passing
 * objective, per-demand samples.
 * @param network the stored network
 * @param remedy whether this is the run with the remedy (R1-R2 comes back, everything passes)
 * @param record set to the run record
 * @return the results
 */
TwinRunResults
ScenarioRun(const TwinNetwork& network, bool remedy, TwinRunRecord& record)
{
    record.snapshotId = 1;
    record.seed = 1;
    record.ns3Version = "3.37";
    record.simulatedSeconds = 4;
    record.wallSeconds = 0.5;
    record.eventCount = 1000;
    record.variantName = remedy ? "R1-R2-down+reroute" : "R1-R2-down";
    record.verdict = remedy ? "pass" : "fail";

    TwinRunResults results;
    results.events.push_back(
        {1.0, "cut-r1-r2", "link-down", "R1-R2", "both directions", "scenario"});
    results.events.push_back({2.0, "r3-reboot", "node-down", "R3", "", "scenario"});
    if (remedy)
    {
        results.events.push_back({2.5, "repair", "link-up", "R1-R2", "", "remedy"});
        results.events.push_back({3.0, "r3-back", "node-up", "R3", "", "remedy"});
    }
    for (const auto& l : network.links)
    {
        TwinLinkResult lr;
        lr.linkId = l.id;
        for (int i = 1; i <= 40; ++i)
        {
            double t = i * 0.1;
            bool cut = l.id.rfind("R1-R2", 0) == 0 && t > 1.0 && (!remedy || t > 2.5);
            double u = cut ? 0.0 : 0.1 + 0.02 * i * (l.id == "R2-R3" ? 2 : 1);
            results.samples.push_back({l.id, t, static_cast<uint64_t>(u * 1e6), u, 3});
            lr.peakUtilisation = std::max(lr.peakUtilisation, u);
            lr.meanUtilisation += u / 40;
        }
        lr.txPackets = 1000;
        lr.txBytes = 1000000;
        results.links.push_back(lr);
    }
    for (const char* demand : {"d1", "d2"})
    {
        for (int i = 1; i <= 40; ++i)
        {
            TwinDemandSample s;
            s.demandId = demand;
            s.timeSeconds = i * 0.1;
            bool dark = s.timeSeconds > 1.0 && (!remedy || s.timeSeconds > 2.5);
            s.txPackets = 12;
            s.txBytes = 12500;
            s.rxPackets = dark ? 0 : 12;
            s.rxBytes = dark ? 0 : (demand[1] == '1' ? 12500 : 25000);
            results.demandSamples.push_back(s);
        }
    }
    results.demands.push_back({"d1", "udp", 1.0, 375000, remedy ? 300000U : 12500U, std::nullopt});
    results.demands.push_back({"d2", "tcp", 2.0, 5000000, remedy ? 5000000U : 0U,
                               remedy ? std::optional<double>(3.8) : std::nullopt});
    TwinVerdict loss;
    loss.objectiveId = "d1-loss";
    loss.targetKind = "demand";
    loss.targetId = "d1";
    loss.element = "d1";
    loss.bound = "max-loss-ratio";
    loss.limit = 0.01;
    loss.measured = remedy ? 0.004 : 0.35;
    loss.margin = loss.limit - *loss.measured;
    loss.passed = remedy;
    loss.windowEndSeconds = 4;
    loss.holdsFromSeconds = remedy ? std::optional<double>(2.6) : std::nullopt;
    TwinVerdict util;
    util.objectiveId = "core-util";
    util.targetKind = "link";
    util.targetId = "R2-R3";
    util.element = "R2-R3";
    util.bound = "max-utilisation";
    util.limit = 0.95;
    util.measured = 0.9;
    util.margin = 0.05;
    util.passed = true;
    util.windowEndSeconds = 4;
    util.holdsFromSeconds = 0;
    TwinVerdict utilBack = util;
    utilBack.element = "R3-R2";
    utilBack.measured = 0.5;
    utilBack.margin = 0.45;
    results.verdicts = {loss, util, utilBack};
    return results;
}

TEST_F(ReportTest, ScenarioResultsAndComparison)
{
    ProcResult import = Dtwin({"import", "test/data/yang/mini-json"});
    ASSERT_EQ(import.exitCode, 0) << import.err;
    {
        TwinStore store(Db());
        TwinNetwork network = store.LoadSnapshot(1);
        TwinRunRecord record;
        TwinRunResults results = ScenarioRun(network, false, record);
        ASSERT_EQ(store.SaveRun(record, results), 1);
        results = ScenarioRun(network, true, record);
        ASSERT_EQ(store.SaveRun(record, results), 2);
    }

    std::string html;
    ProcResult r = Report({"1", "-o", Out()}, html);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ExpectSelfContained(html);
    EXPECT_NE(html.find("R1-R2-down"), std::string::npos);
    EXPECT_NE(html.find("class=\"badge fail big\""), std::string::npos);

    // The failed link is dashed red and says since when; so is the node that went down.
    std::string topo = Figure(html, "topology");
    EXPECT_NE(topo.find("failed at 1 s"), std::string::npos) << topo;
    EXPECT_NE(topo.find("failed at 2 s"), std::string::npos) << topo;
    EXPECT_GE(Count(topo, "stroke-dasharray"), 2U);
    EXPECT_NE(topo.find("#e3001b"), std::string::npos);

    // Both plots, with the events as marks.
    std::string demands = Figure(html, "plot demands");
    ASSERT_NE(demands.find("<svg"), std::string::npos) << "no demand plot";
    EXPECT_NE(demands.find("d1 (R1 \u2192 R3)"), std::string::npos);
    EXPECT_NE(demands.find("cut-r1-r2"), std::string::npos);
    EXPECT_NE(demands.find("received (Mbit/s)"), std::string::npos) << "d2 peaks at 2 Mbit/s";
    EXPECT_NE(Figure(html, "plot links").find("r3-reboot"), std::string::npos);

    std::string events = Section(html, "events");
    for (const char* text : {"cut-r1-r2", "link-down", "both directions", "r3-reboot"})
    {
        EXPECT_NE(events.find(text), std::string::npos) << text;
    }
    std::string verdicts = Section(html, "verdicts");
    EXPECT_NE(verdicts.find("<tr class=\"fail\"><td>d1-loss</td>"), std::string::npos) << verdicts;
    EXPECT_NE(verdicts.find("<tr class=\"pass\"><td>core-util</td>"), std::string::npos);
    EXPECT_NE(verdicts.find("35\u00a0%"), std::string::npos) << "measured loss";
    EXPECT_NE(verdicts.find("<details>"), std::string::npos);
    EXPECT_NE(verdicts.find("R3-R2"), std::string::npos) << "every verdict row";
    EXPECT_NE(Section(html, "demands").find("not completed"), std::string::npos);

    // Without and with the remedy, side by side.
    r = Report({"1", "--compare", "2", "-o", Out()}, html);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ExpectSelfContained(html);
    EXPECT_NE(html.find("Run 1 vs run 2"), std::string::npos);
    EXPECT_NE(Figure(html, "topology", 1).find("<svg"), std::string::npos);
    EXPECT_NE(Figure(html, "plot demands", 1).find("<svg"), std::string::npos);
    EXPECT_NE(Figure(html, "topology", 1).find("down 1\u20132.5 s"), std::string::npos);
    std::string compared = Section(html, "verdicts");
    EXPECT_NE(compared.find("1 objective(s) recovered, 0 regressed"), std::string::npos)
        << compared;
    EXPECT_NE(compared.find("<span class=\"change recovered\">recovered</span>"),
              std::string::npos);
    EXPECT_NE(compared.find("still passing"), std::string::npos);
}

TEST_F(ReportTest, LongRunsAreAveragedInPlots)
{
    ProcResult import = Dtwin({"import", "test/data/yang/mini-json"});
    ASSERT_EQ(import.exitCode, 0) << import.err;
    const int samples = 4000; // 1 ms sampling for 4 s
    {
        TwinStore store(Db());
        TwinNetwork network = store.LoadSnapshot(1);
        TwinRunRecord record;
        record.snapshotId = 1;
        record.simulatedSeconds = 4;
        TwinRunResults results;
        for (const auto& l : network.links)
        {
            results.links.push_back({l.id, 1000, 10, 0, 0.4, 0.6});
            for (int i = 1; i <= samples; ++i)
            {
                results.samples.push_back({l.id, i * 0.001, 100, i % 2 ? 0.2 : 0.6, 0});
            }
        }
        ASSERT_EQ(store.SaveRun(record, results), 1);
    }
    std::string html;
    ProcResult r = Report({"1", "-o", Out()}, html);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(html.find("averages 3 sampling intervals"), std::string::npos);
    // 4 lines of at most 1500 steps (two points each), not 4 x 4000 steps.
    std::string plot = Figure(html, "plot links");
    std::size_t points = Count(plot, ",");
    EXPECT_LT(points, 4U * 2 * 1500 + 500) << "points in the plot";
    EXPECT_GT(points, 4U * 2 * 1000);
    EXPECT_LT(html.size(), 1500000U);
}

/**
 * @param path a PNG file
 * @param width set to its width
 * @param height set to its height
 * @return true if the file starts with the PNG signature and an IHDR chunk
 */
bool
ReadPngSize(const std::string& path, uint32_t& width, uint32_t& height)
{
    std::string data = Slurp(path);
    static const std::string signature("\x89PNG\r\n\x1a\n", 8);
    if (data.size() < 24 || data.compare(0, 8, signature) != 0 || data.compare(12, 4, "IHDR"))
    {
        return false;
    }
    auto be32 = [&data](std::size_t at)
    {
        uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i)
        {
            v = (v << 8) | static_cast<unsigned char>(data[at + i]);
        }
        return v;
    };
    width = be32(16);
    height = be32(20);
    return true;
}

TEST_F(ReportTest, RendersInHeadlessChromium)
{
    if (access(kChromium, X_OK) != 0)
    {
        GTEST_SKIP() << kChromium << " is not installed (setup.sh installs it)";
    }
    ImportAndRun("examples/data/abilene/", "1s");
    std::string html;
    ProcResult r = Report({"1", "-o", Out()}, html);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ExpectSelfContained(html);
    EXPECT_NE(Figure(html, "topology").find("NYCMng"), std::string::npos);

    auto browser = [this](const std::string& profile, std::vector<std::string> extra)
    {
        std::vector<std::string> argv = {kChromium,
                                         "--headless",
                                         "--no-sandbox",
                                         "--disable-gpu",
                                         "--disable-quic",
                                         "--no-first-run",
                                         "--disable-background-networking",
                                         "--disable-component-update",
                                         "--disable-sync",
                                         "--hide-scrollbars",
                                         "--user-data-dir=" + m_dir.Path() + "/" + profile,
                                         "--window-size=1400,3000"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return Exec(argv, {{"HOME", m_dir.Path()}}, 180);
    };

    std::string png = m_dir.Path() + "/report.png";
    ProcResult shot = browser("profile-shot", {"--screenshot=" + png, "file://" + Out()});
    ASSERT_EQ(shot.exitCode, 0) << shot.err;
    uint32_t width = 0;
    uint32_t height = 0;
    ASSERT_TRUE(ReadPngSize(png, width, height)) << png << " is not a PNG";
    EXPECT_EQ(width, 1400U);
    EXPECT_EQ(height, 3000U);
    // A blank page of that size compresses to a few kB; text, maps and plots do not.
    EXPECT_GT(std::filesystem::file_size(png), 100U * 1024) << "the page looks blank";

    // Measure the laid-out figures in the browser: a copy of the page with a script that
    // writes every svg's rendered size into the document (the report itself has no script).
    std::string measured = html;
    std::string probe =
        "<pre id=\"svg-sizes\"></pre><script>"
        "document.getElementById('svg-sizes').textContent = Array.from("
        "document.querySelectorAll('figure svg')).map(function (s) {"
        "var b = s.getBoundingClientRect(); return s.closest('figure').className + ' ' + "
        "Math.round(b.width) + 'x' + Math.round(b.height); }).join(';');</script>";
    measured.insert(measured.rfind("</body>"), probe);
    std::string probePath = m_dir.Write("measure.html", measured);
    ProcResult dom = browser("profile-dom", {"--dump-dom", "file://" + probePath});
    ASSERT_EQ(dom.exitCode, 0) << dom.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(dom.out, m, std::regex("<pre id=\"svg-sizes\">([^<]*)</pre>")))
        << dom.out.substr(0, 2000);
    std::string sizes = m[1];
    std::regex figure(R"((topology|plot links|plot demands) (\d+)x(\d+))");
    std::map<std::string, std::pair<int, int>> seen;
    for (auto it = std::sregex_iterator(sizes.begin(), sizes.end(), figure);
         it != std::sregex_iterator(); ++it)
    {
        seen[(*it)[1]] = {std::stoi((*it)[2]), std::stoi((*it)[3])};
    }
    ASSERT_TRUE(seen.count("topology")) << sizes;
    ASSERT_TRUE(seen.count("plot links")) << sizes;
    for (const auto& [name, size] : seen)
    {
        EXPECT_GT(size.first, 300) << name << " " << sizes;
        EXPECT_GT(size.second, 150) << name << " " << sizes;
        EXPECT_LE(size.first, 1400) << name << " wider than the window";
    }
}

} // namespace
} // namespace test
} // namespace ns3
