/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "report-html.h"

#include "cli-common.h"
#include "cli-units.h"

#include "ns3/twin-objectives.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace ns3
{
namespace cli
{

std::string
HtmlEscape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

namespace
{

/** The page's style sheet. */
const char* const kStyle = R"css(
:root { --fg: #1d2433; --muted: #5b6577; --line: #d9dee7; --pass: #12784f; --pass-bg: #e4f5ec;
  --fail: #b42318; --fail-bg: #fdecea; --accent: #2457a6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--fg);
  background: #f3f5f8; }
header.top { background: #1d2433; color: #fff; padding: 16px 28px 12px; }
header.top h1 { font-size: 21px; margin: 0 0 4px; font-weight: 600; }
header.top .sub { color: #b9c3d6; font-size: 13px; }
header.top nav { margin-top: 10px; font-size: 13px; }
header.top nav a { color: #cfe0ff; margin-right: 16px; text-decoration: none; }
main { max-width: 1400px; margin: 0 auto; padding: 8px 20px 24px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 20px 16px; margin: 14px 0; }
h2 { font-size: 17px; margin: 0 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 6px; }
h4.run { font-size: 13px; margin: 0 0 6px; color: var(--accent); }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; margin-top: 8px; }
.cols > div { min-width: 0; }
.scroll { overflow-x: auto; }
figure { margin: 0; }
svg { max-width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e8ecf1; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.pass td { background: var(--pass-bg); }
tr.fail td { background: var(--fail-bg); }
tr.down td { color: var(--fail); }
.badge { display: inline-block; padding: 1px 10px; border-radius: 11px; font-weight: 700;
  font-size: 12px; letter-spacing: .05em; vertical-align: middle; }
.badge.pass { background: var(--pass); color: #fff; }
.badge.fail { background: var(--fail); color: #fff; }
.badge.none { background: #d5dae3; color: #333; }
.badge.big { font-size: 15px; padding: 3px 14px; }
.card h2 { display: flex; gap: 12px; align-items: center; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.kpis { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 5px 10px; min-width: 118px; }
.kpi .v { font-size: 15px; font-weight: 600; }
.kpi .l { font-size: 11px; color: var(--muted); }
.note { color: var(--muted); font-style: italic; margin: 6px 0; }
.bar { display: inline-block; width: 56px; height: 8px; background: #e9edf2; border-radius: 4px;
  vertical-align: middle; margin-right: 6px; overflow: hidden; }
.bar > span { display: block; height: 100%; }
details > summary { cursor: pointer; color: var(--accent); margin: 10px 0 6px; }
.change { font-weight: 700; }
.change.recovered { color: var(--pass); }
.change.regressed { color: var(--fail); }
.change.same { color: var(--muted); font-weight: 400; }
.legend { display: flex; flex-wrap: wrap; gap: 22px; align-items: center; font-size: 12px;
  color: var(--muted); margin: 4px 0 10px; }
.legend svg { display: inline-block; vertical-align: middle; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin: 12px 0 20px; }
)css";

/**
 * @param text text
 * @return it escaped for HTML
 */
std::string
E(const std::string& text)
{
    return HtmlEscape(text);
}

/**
 * @param ratio 0..1
 * @param format printf format of the percentage
 * @return e.g. "12.5 %"
 */
std::string
Percent(double ratio, const char* format = "%.1f")
{
    return FormatNumber(ratio * 100, format) + "\u00a0%";
}

/**
 * @param verdict "pass", "fail" or ""
 * @param big larger variant for headers
 * @return the badge markup
 */
std::string
Badge(const std::string& verdict, bool big = false)
{
    std::string extra = big ? " big" : "";
    if (verdict == "pass")
    {
        return "<span class=\"badge pass" + extra + "\">PASS</span>";
    }
    if (verdict == "fail")
    {
        return "<span class=\"badge fail" + extra + "\">FAIL</span>";
    }
    return "<span class=\"badge none" + extra + "\">no objectives</span>";
}

/**
 * Format a bound's value in the bound's unit (known from the leaf name).
 * @param bound e.g. "max-delay-s"
 * @param value the value
 * @param sign show a + on positive values (margins)
 * @return the text
 */
std::string
BoundValue(const std::string& bound, double value, bool sign = false)
{
    auto endsWith = [&bound](const std::string& suffix)
    {
        return bound.size() >= suffix.size() &&
               bound.compare(bound.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    std::string text;
    if (endsWith("-s"))
    {
        text = FormatDuration(value);
    }
    else if (endsWith("-bps"))
    {
        text = FormatRate(value);
    }
    else if (endsWith("ratio") || endsWith("utilisation"))
    {
        text = FormatNumber(value * 100, "%.4g") + "\u00a0%";
    }
    else
    {
        text = FormatNumber(value, "%.6g");
    }
    return sign && value > 0 ? "+" + text : text;
}

/**
 * @param value an optional bound value
 * @param bound the bound's leaf name
 * @param sign show a + on positive values
 * @return the text, or a dash
 */
std::string
OptionalBoundValue(const std::optional<double>& value, const std::string& bound, bool sign = false)
{
    return value ? BoundValue(bound, *value, sign) : "\u2014";
}

/**
 * @param seconds an optional time
 * @return "t s" or a dash
 */
std::string
OptionalTime(const std::optional<double>& seconds)
{
    return seconds ? FormatNumber(*seconds) + "\u00a0s" : "\u2014";
}

/**
 * A table under construction.
 */
class HtmlTable
{
public:
    /**
     * @param headers column headers; a header starting with '#' is a numeric column (the
     *        '#' is not shown)
     */
    explicit HtmlTable(std::vector<std::string> headers)
    {
        m_html << "<div class=\"scroll\"><table><thead><tr>";
        for (auto& h : headers)
        {
            bool numeric = !h.empty() && h[0] == '#';
            m_numeric.push_back(numeric);
            m_html << (numeric ? "<th class=\"num\">" : "<th>") << E(numeric ? h.substr(1) : h)
                   << "</th>";
        }
        m_html << "</tr></thead><tbody>\n";
    }

    /**
     * Add a row of markup cells (escape text before).
     * @param cells one per column
     * @param rowClass class of the row, or empty
     */
    void Row(const std::vector<std::string>& cells, const std::string& rowClass = "")
    {
        m_html << (rowClass.empty() ? "<tr>" : "<tr class=\"" + rowClass + "\">");
        for (std::size_t i = 0; i < cells.size(); ++i)
        {
            bool numeric = i < m_numeric.size() && m_numeric[i];
            m_html << (numeric ? "<td class=\"num\">" : "<td>") << cells[i] << "</td>";
        }
        m_html << "</tr>\n";
    }

    /** @return the table markup */
    std::string Html() const { return m_html.str() + "</tbody></table></div>\n"; }

private:
    std::ostringstream m_html;   //!< markup so far
    std::vector<bool> m_numeric; //!< right-aligned columns
};

/**
 * @param utilisation 0..1
 * @return a small bar plus the percentage
 */
std::string
UtilisationCell(double utilisation)
{
    double width = std::clamp(utilisation, 0.0, 1.0) * 100;
    return "<span class=\"bar\"><span style=\"width:" + FormatNumber(width, "%.1f") +
           "%;background:" + UtilisationColour(utilisation) + "\"></span></span>" +
           Percent(utilisation);
}

/**
 * @param index 0 for the first run, 1 for the second
 * @param run the run
 * @param compare two runs are shown
 * @return the heading of a run's column
 */
std::string
RunTag(std::size_t index, const ReportRun& run, bool compare)
{
    std::string tag = compare ? std::string(index == 0 ? "A" : "B") + " \u00b7 " : "";
    tag += "run " + std::to_string(run.run.id);
    if (!run.run.variantName.empty())
    {
        tag += " \u00b7 " + run.run.variantName;
    }
    return tag;
}

/**
 * Lay out one block per run: a single block alone, two side by side with their run named.
 * @param runs the runs
 * @param block markup of one run's block
 * @return the markup
 */
template <typename F>
std::string
PerRun(const std::vector<ReportRun>& runs, F block)
{
    if (runs.size() == 1)
    {
        return block(0);
    }
    std::string html = "<div class=\"cols\">";
    for (std::size_t i = 0; i < runs.size(); ++i)
    {
        html +=
            "<div><h4 class=\"run\">" + E(RunTag(i, runs[i], true)) + "</h4>" + block(i) + "</div>";
    }
    return html + "</div>\n";
}

/**
 * @param run a run
 * @param linkId a directed link id
 * @return "source \u2192 destination", or the id if the link is not in the network
 */
std::string
LinkName(const ReportRun& run, const std::string& linkId)
{
    for (const auto& l : run.network.links)
    {
        if (l.id == linkId)
        {
            return l.sourceNode + " \u2192 " + l.destNode;
        }
    }
    return linkId;
}

/**
 * @param run a run
 * @return its headline figures (as `dtwin results` computes them)
 */
std::string
KeyFigures(const ReportRun& run)
{
    const RunTotals totals = SumRunResults(run.results);
    const uint64_t tx = totals.txPackets;
    const uint64_t rx = totals.rxPackets;
    const uint64_t rxBytes = totals.rxBytes;
    const TwinLinkResult* busiest = totals.busiest;
    double seconds = run.run.simulatedSeconds;
    std::vector<std::pair<std::string, std::string>> kpis = {
        {"flows", std::to_string(run.results.flows.size())},
        {"delivered",
         FormatBytes(static_cast<double>(rxBytes)) +
             (seconds > 0 ? " (" + FormatRate(static_cast<double>(rxBytes) * 8 / seconds) + ")"
                          : "")},
        {"packets sent / received", std::to_string(tx) + " / " + std::to_string(rx)},
        {"loss",
         tx ? Percent(static_cast<double>(totals.lostPackets) / static_cast<double>(tx), "%.3f")
            : "\u2014"},
        {"mean / max delay", rx ? FormatDuration(totals.delayMeanSeconds) + " / " +
                                      FormatDuration(totals.delayMaxSeconds)
                                : "\u2014"},
        {"queue drops", std::to_string(totals.queueDrops)},
        {"busiest link (peak)", busiest ? LinkName(run, busiest->linkId) + " (" +
                                              Percent(busiest->peakUtilisation, "%.0f") + ")"
                                        : "\u2014"},
    };
    std::string html = "<div class=\"kpis\">";
    for (const auto& [label, value] : kpis)
    {
        html += "<div class=\"kpi\"><div class=\"v\">" + E(value) + "</div><div class=\"l\">" +
                E(label) + "</div></div>";
    }
    return html + "</div>";
}

/**
 * @param run a run
 * @param compare two runs are shown
 * @param index which one
 * @return the header card of the run
 */
std::string
HeaderCard(const ReportRun& run, bool compare, std::size_t index)
{
    const TwinRunRecord& r = run.run;
    std::vector<std::pair<std::string, std::string>> facts;
    facts.emplace_back("snapshot", E(run.snapshot.name) + " (#" + std::to_string(run.snapshot.id) +
                                       ", <code>" + E(run.snapshot.contentHash.substr(0, 12)) +
                                       "</code>)");
    if (run.scenario)
    {
        facts.emplace_back("scenario",
                           E(run.scenario->name) + " (#" + std::to_string(run.scenario->id) + ")");
    }
    else if (r.scenarioId != 0)
    {
        facts.emplace_back("scenario", "#" + std::to_string(r.scenarioId));
    }
    else
    {
        facts.emplace_back("scenario", "\u2014 (plain run)");
    }
    if (!r.variantName.empty())
    {
        facts.emplace_back("variant", E(r.variantName));
    }
    if (r.sweepId != 0)
    {
        std::string sweep = "#" + std::to_string(r.sweepId);
        if (run.sweep)
        {
            sweep += " (" + E(run.sweep->kind) + ", " + std::to_string(run.sweep->plannedRuns) +
                     " runs planned)";
        }
        facts.emplace_back("sweep", sweep);
    }
    facts.emplace_back("verdict", Badge(r.verdict));
    facts.emplace_back("seed / run number",
                       std::to_string(r.seed) + " / " + std::to_string(r.runNumber));
    facts.emplace_back("duration", E(FormatDuration(r.simulatedSeconds)) + " simulated");
    facts.emplace_back("wall time", E(FormatDuration(r.wallSeconds)) + " (" +
                                        std::to_string(r.eventCount) + " simulator events)");
    facts.emplace_back("status", E(r.status));
    facts.emplace_back("ns-3 version", E(r.ns3Version));
    facts.emplace_back("created", E(r.createdAt));
    facts.emplace_back("demand set", r.demandSetId
                                         ? "#" + std::to_string(r.demandSetId) + " (" +
                                               std::to_string(run.demands.size()) + " demands)"
                                         : "snapshot default");
    if (!r.parametersJson.empty())
    {
        std::string params;
        try
        {
            auto json = nlohmann::json::parse(r.parametersJson);
            for (const auto& [key, value] : json.items())
            {
                params += (params.empty() ? "" : ", ") + key + "=" +
                          (value.is_string() ? value.get<std::string>() : value.dump());
            }
        }
        catch (const nlohmann::json::exception&)
        {
            params = r.parametersJson;
        }
        facts.emplace_back("parameters", "<code>" + E(params) + "</code>");
    }

    std::string html = "<section class=\"card\"><h2>" + E(RunTag(index, run, compare)) + " " +
                       Badge(r.verdict, true) + "</h2><dl class=\"facts\">";
    for (const auto& [name, value] : facts)
    {
        html += "<dt>" + E(name) + "</dt><dd>" + value + "</dd>";
    }
    return html + "</dl>" + KeyFigures(run) + "</section>\n";
}

/**
 * @param s an objective's summary
 * @return its row cells: objective, target, result, failed, worst element, bound, measured,
 *         limit, margin, holds from
 */
std::vector<std::string>
SummaryCells(const TwinObjectiveSummary& s)
{
    const TwinVerdict& w = s.worst;
    return {E(s.objectiveId),
            E(s.targetKind + " " + s.targetId),
            Badge(s.passed ? "pass" : "fail"),
            std::to_string(s.failed) + " / " + std::to_string(s.verdicts),
            E(w.element),
            E(w.bound),
            E(OptionalBoundValue(w.measured, w.bound)),
            E(BoundValue(w.bound, w.limit)),
            E(OptionalBoundValue(w.margin, w.bound, true)),
            E(OptionalTime(s.holdsFromSeconds))};
}

/**
 * @param verdicts every verdict of a run
 * @return the expandable table with one row per verdict
 */
std::string
VerdictDetails(const std::vector<TwinVerdict>& verdicts)
{
    HtmlTable t({"objective", "element", "bound", "#measured", "#limit", "#margin", "window",
                 "#holds from", "result"});
    for (const auto& v : verdicts)
    {
        t.Row({E(v.objectiveId), E(v.element), E(v.bound),
               E(OptionalBoundValue(v.measured, v.bound)), E(BoundValue(v.bound, v.limit)),
               E(OptionalBoundValue(v.margin, v.bound, true)),
               E(FormatNumber(v.windowStartSeconds) + "\u2013" + FormatNumber(v.windowEndSeconds) +
                 " s"),
               E(OptionalTime(v.holdsFromSeconds)), Badge(v.passed ? "pass" : "fail")},
              v.passed ? "pass" : "fail");
    }
    return "<details><summary>All " + std::to_string(verdicts.size()) +
           " verdicts (every element and bound)</summary>" + t.Html() + "</details>";
}

/**
 * @param run a run
 * @return its verdict table and details
 */
std::string
VerdictBlock(const ReportRun& run)
{
    if (run.results.verdicts.empty())
    {
        return "<p class=\"note\">No objectives were evaluated in this run (a plain run, or a "
               "scenario without objectives).</p>";
    }
    HtmlTable t({"objective", "target", "result", "#failed", "worst element", "bound", "#measured",
                 "#limit", "#margin", "#holds from"});
    for (const auto& s : SummariseTwinVerdicts(run.results.verdicts))
    {
        t.Row(SummaryCells(s), s.passed ? "pass" : "fail");
    }
    return t.Html() + VerdictDetails(run.results.verdicts);
}

/**
 * @param a the first run
 * @param b the second run
 * @return the side-by-side verdict table: each objective in both runs and what changed
 */
std::string
VerdictComparison(const ReportRun& a, const ReportRun& b)
{
    auto sa = SummariseTwinVerdicts(a.results.verdicts);
    auto sb = SummariseTwinVerdicts(b.results.verdicts);
    if (sa.empty() && sb.empty())
    {
        return "<p class=\"note\">Neither run evaluated objectives.</p>";
    }
    std::vector<std::string> order;
    std::map<std::string, const TwinObjectiveSummary*> inA;
    std::map<std::string, const TwinObjectiveSummary*> inB;
    for (const auto& s : sa)
    {
        inA[s.objectiveId] = &s;
        order.push_back(s.objectiveId);
    }
    for (const auto& s : sb)
    {
        inB[s.objectiveId] = &s;
        if (!inA.count(s.objectiveId))
        {
            order.push_back(s.objectiveId);
        }
    }
    auto cell = [](const TwinObjectiveSummary* s)
    {
        if (s == nullptr)
        {
            return std::string("\u2014");
        }
        std::string worst = s->worst.element + " " + s->worst.bound + " " +
                            OptionalBoundValue(s->worst.measured, s->worst.bound) + " (limit " +
                            BoundValue(s->worst.bound, s->worst.limit) + ")";
        return Badge(s->passed ? "pass" : "fail") + " " + E(worst);
    };
    HtmlTable t({"objective", "target", "A \u00b7 run " + std::to_string(a.run.id),
                 "B \u00b7 run " + std::to_string(b.run.id), "change"});
    std::size_t recovered = 0;
    std::size_t regressed = 0;
    for (const auto& id : order)
    {
        const TwinObjectiveSummary* x = inA.count(id) ? inA[id] : nullptr;
        const TwinObjectiveSummary* y = inB.count(id) ? inB[id] : nullptr;
        const TwinObjectiveSummary* any = x ? x : y;
        std::string change;
        std::string rowClass;
        if (x && y && !x->passed && y->passed)
        {
            change = "<span class=\"change recovered\">recovered</span>";
            rowClass = "pass";
            ++recovered;
        }
        else if (x && y && x->passed && !y->passed)
        {
            change = "<span class=\"change regressed\">regressed</span>";
            rowClass = "fail";
            ++regressed;
        }
        else if (x && y)
        {
            change = std::string("<span class=\"change same\">") +
                     (y->passed ? "still passing" : "still failing") + "</span>";
        }
        else
        {
            change =
                std::string("<span class=\"change same\">only in ") + (x ? "A" : "B") + "</span>";
        }
        t.Row({E(id), E(any->targetKind + " " + any->targetId), cell(x), cell(y), change},
              rowClass);
    }
    return "<p>" + std::to_string(recovered) + " objective(s) recovered, " +
           std::to_string(regressed) + " regressed from A to B.</p>" + t.Html();
}

/**
 * @return the legend of the topology drawings
 */
std::string
TopologyLegend()
{
    std::string stops;
    for (double u : {0.0, 0.25, 0.5, 0.625, 0.75, 0.875, 1.0})
    {
        stops += "<stop offset=\"" + FormatNumber(u) + "\" stop-color=\"" + UtilisationColour(u) +
                 "\"/>";
    }
    std::string ticks;
    for (int p = 0; p <= 100; p += 25)
    {
        double x = 10 + 2.2 * p;
        ticks += "<line x1=\"" + FormatNumber(x) + "\" y1=\"16\" x2=\"" + FormatNumber(x) +
                 "\" y2=\"20\" stroke=\"#666\"/><text x=\"" + FormatNumber(x) +
                 "\" y=\"31\" font-size=\"10\" text-anchor=\"middle\" fill=\"#555\">" +
                 std::to_string(p) + "%</text>";
    }
    return "<div class=\"legend\"><span>colour and label: peak utilisation of the link (the "
           "busier direction)</span><span><svg width=\"256\" height=\"34\" "
           "viewBox=\"0 0 256 34\"><defs><linearGradient id=\"legend-scale\">" +
           stops +
           "</linearGradient></defs>"
           "<rect x=\"10\" y=\"6\" width=\"220\" height=\"10\" fill=\"url(#legend-scale)\"/>" +
           ticks +
           "</svg></span>"
           "<span><svg width=\"46\" height=\"12\" viewBox=\"0 0 46 12\"><line x1=\"2\" y1=\"6\" "
           "x2=\"44\" y2=\"6\" stroke=\"#e3001b\" stroke-width=\"2.5\" "
           "stroke-dasharray=\"6,4\"/></svg> failed by an event (label: when)</span>"
           "<span><svg width=\"46\" height=\"12\" viewBox=\"0 0 46 12\"><line x1=\"2\" y1=\"6\" "
           "x2=\"44\" y2=\"6\" stroke=\"#a0a0a0\" stroke-width=\"2.5\"/></svg> no "
           "samples</span><span>line width grows with capacity</span></div>";
}

/**
 * @param run a run
 * @return its event timeline table
 */
std::string
EventTable(const ReportRun& run)
{
    if (run.results.events.empty())
    {
        return "<p class=\"note\">No events were applied during this run.</p>";
    }
    HtmlTable t({"#time", "id", "type", "target", "detail", "origin"});
    for (const auto& e : run.results.events)
    {
        bool down = e.type == "link-down" || e.type == "node-down";
        t.Row({E(FormatNumber(e.timeSeconds) + "\u00a0s"), E(e.eventId), E(e.type), E(e.target),
               E(e.detail), E(e.origin)},
              down ? "down" : "");
    }
    return t.Html();
}

/**
 * @param run a run
 * @param top how many flows
 * @return the table of its top flows by bytes received
 */
std::string
FlowTable(const ReportRun& run, std::size_t top)
{
    if (run.results.flows.empty())
    {
        return "<p class=\"note\">No flows were measured in this run.</p>";
    }
    std::vector<const TwinFlowResult*> flows;
    for (const auto& f : run.results.flows)
    {
        flows.push_back(&f);
    }
    std::stable_sort(flows.begin(), flows.end(),
                     [](const TwinFlowResult* a, const TwinFlowResult* b)
                     { return a->rxBytes > b->rxBytes; });
    std::map<std::string, const TwinDemand*> demands;
    for (const auto& d : run.demands)
    {
        demands[d.id] = &d;
    }
    HtmlTable t({"#flow", "demand", "proto", "source \u2192 destination", "#tx pkts", "#rx pkts",
                 "#lost", "#loss", "#throughput", "#mean delay", "#max delay", "#jitter"});
    std::size_t shown = std::min(top, flows.size());
    for (std::size_t i = 0; i < shown; ++i)
    {
        const TwinFlowResult& f = *flows[i];
        std::string demand = f.demandId;
        auto d = demands.find(f.demandId);
        if (d != demands.end())
        {
            demand += " (" + d->second->sourceNode + " \u2192 " + d->second->destNode + ")";
        }
        std::string proto = f.protocol == 6    ? "tcp"
                            : f.protocol == 17 ? "udp"
                                               : std::to_string(f.protocol);
        double loss =
            f.txPackets ? static_cast<double>(f.lostPackets) / static_cast<double>(f.txPackets) : 0;
        t.Row({std::to_string(f.flowId), E(demand), proto,
               E(f.sourceAddress + ":" + std::to_string(f.sourcePort) + " \u2192 " + f.destAddress +
                 ":" + std::to_string(f.destPort)),
               std::to_string(f.txPackets), std::to_string(f.rxPackets),
               std::to_string(f.lostPackets), E(Percent(loss, "%.2f")),
               E(FormatRate(f.throughputBps)), E(FormatDuration(f.delayMeanSeconds)),
               E(FormatDuration(f.delayMaxSeconds)), E(FormatDuration(f.jitterMeanSeconds))},
              f.lostPackets > 0 ? "fail" : "");
    }
    std::string note = "<p class=\"note\">" + std::to_string(shown) + " of " +
                       std::to_string(flows.size()) +
                       " flows, by bytes received; rows with lost packets are tinted.</p>";
    return note + t.Html();
}

/**
 * @param run a run
 * @return the table of all its link directions, busiest first
 */
std::string
LinkTable(const ReportRun& run)
{
    if (run.results.links.empty())
    {
        return "<p class=\"note\">No link results in this run.</p>";
    }
    std::map<std::string, const TwinLink*> links;
    for (const auto& l : run.network.links)
    {
        links[l.id] = &l;
    }
    auto outages = Outages(run.results.events, "link-down", "link-up");
    std::vector<const TwinLinkResult*> rows;
    for (const auto& l : run.results.links)
    {
        rows.push_back(&l);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const TwinLinkResult* a, const TwinLinkResult* b)
                     { return a->peakUtilisation > b->peakUtilisation; });
    HtmlTable t({"link", "direction", "#capacity", "mean utilisation", "peak utilisation",
                 "#tx pkts", "#tx bytes", "#queue drops", "events"});
    for (const auto* r : rows)
    {
        auto l = links.find(r->linkId);
        std::string direction =
            l != links.end() ? l->second->sourceNode + " \u2192 " + l->second->destNode : "";
        std::string capacity =
            l != links.end() ? FormatRate(static_cast<double>(l->second->capacityBps)) : "";
        auto o = outages.find(r->linkId);
        std::string events = o != outages.end() ? OutageText(o->second) : "";
        t.Row({"<code>" + E(r->linkId) + "</code>", E(direction), E(capacity),
               UtilisationCell(r->meanUtilisation), UtilisationCell(r->peakUtilisation),
               std::to_string(r->txPackets), E(FormatBytes(static_cast<double>(r->txBytes))),
               std::to_string(r->queueDropPackets), E(events)},
              events.empty() ? "" : "down");
    }
    return t.Html();
}

/**
 * @param run a run
 * @return what became of each demand, or nothing without demand results
 */
std::string
DemandTable(const ReportRun& run)
{
    if (run.results.demands.empty())
    {
        return "<p class=\"note\">No per-demand results in this run (a plain run).</p>";
    }
    HtmlTable t(
        {"demand", "proto", "#start", "#offered", "#received", "#delivered", "#completion"});
    for (const auto& d : run.results.demands)
    {
        double share = d.offeredBytes ? static_cast<double>(d.receivedBytes) /
                                            static_cast<double>(d.offeredBytes)
                                      : 0;
        t.Row({E(d.demandId), E(d.protocol), E(FormatNumber(d.startSeconds) + "\u00a0s"),
               E(FormatBytes(static_cast<double>(d.offeredBytes))),
               E(FormatBytes(static_cast<double>(d.receivedBytes))),
               d.offeredBytes ? E(Percent(share)) : "\u2014",
               E(d.completionSeconds
                     ? FormatNumber(*d.completionSeconds) + "\u00a0s"
                     : std::string(d.protocol == "tcp" ? "not completed" : "\u2014"))},
              d.protocol == "tcp" && !d.completionSeconds ? "fail" : "");
    }
    return t.Html();
}

} // namespace

std::string
RenderReportHtml(const std::vector<ReportRun>& runs, const std::vector<ReportFigures>& figures,
                 const ReportOptions& options)
{
    bool compare = runs.size() > 1;
    std::string title = "Run " + std::to_string(runs[0].run.id);
    if (compare)
    {
        title += " vs run " + std::to_string(runs[1].run.id);
    }
    std::string subtitle = runs[0].snapshot.name;
    if (runs[0].scenario)
    {
        subtitle += " \u00b7 scenario " + runs[0].scenario->name;
    }

    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<title>dtwin report: " << E(title) << " (" << E(subtitle) << ")</title>\n"
         << "<style>" << kStyle << "</style>\n</head>\n<body>\n"
         << "<header class=\"top\"><h1>" << E(title) << " \u2014 " << E(subtitle) << " ";
    for (const auto& r : runs)
    {
        html << Badge(r.run.verdict, true) << " ";
    }
    html << "</h1><div class=\"sub\">ns-3 Digital Twin Network report"
         << (compare ? ": A = run " + std::to_string(runs[0].run.id) + ", B = run " +
                           std::to_string(runs[1].run.id)
                     : std::string())
         << "</div><nav><a href=\"#verdicts\">Objectives</a><a href=\"#topology\">Topology</a>"
            "<a href=\"#timeseries\">Time series</a><a href=\"#events\">Events</a>"
            "<a href=\"#flows\">Flows</a><a href=\"#links\">Links</a>"
            "<a href=\"#demands\">Demands</a></nav></header>\n<main>\n";

    html << (compare ? "<div class=\"cols\">" : "");
    for (std::size_t i = 0; i < runs.size(); ++i)
    {
        html << (compare ? "<div>" : "") << HeaderCard(runs[i], compare, i)
             << (compare ? "</div>" : "");
    }
    html << (compare ? "</div>\n" : "");

    html << "<section id=\"verdicts\"><h2>Objectives</h2>";
    if (compare)
    {
        // The comparison is the summary; each run's every verdict stays one click away.
        html << VerdictComparison(runs[0], runs[1])
             << PerRun(runs,
                       [&](std::size_t i)
                       {
                           return runs[i].results.verdicts.empty()
                                      ? std::string()
                                      : VerdictDetails(runs[i].results.verdicts);
                       });
    }
    else
    {
        html << VerdictBlock(runs[0]);
    }
    html << "</section>\n";

    html << "<section id=\"topology\"><h2>Topology</h2>" << TopologyLegend()
         << PerRun(runs, [&](std::size_t i)
                   { return "<figure class=\"topology\">" + figures[i].topologySvg + "</figure>"; })
         << "</section>\n";

    html << "<section id=\"timeseries\"><h2>Time series</h2>"
         << "<h3>Link utilisation: the " << options.top << " busiest directions by peak</h3>"
         << PerRun(runs,
                   [&](std::size_t i)
                   {
                       if (figures[i].linkPlotSvg.empty())
                       {
                           return std::string("<p class=\"note\">No link samples in this "
                                              "run.</p>");
                       }
                       return "<figure class=\"plot links\">" + figures[i].linkPlotSvg +
                              "</figure>";
                   })
         << "<h3>Demand throughput: the " << options.top
         << " demands with the most bytes received</h3>"
         << PerRun(runs,
                   [&](std::size_t i)
                   {
                       if (figures[i].demandPlotSvg.empty())
                       {
                           return std::string(
                               "<p class=\"note\">No per-demand samples in this run (a plain "
                               "run records traffic per flow only), so throughput over time "
                               "cannot be shown; see the flow table.</p>");
                       }
                       return "<figure class=\"plot demands\">" + figures[i].demandPlotSvg +
                              "</figure>";
                   })
         << "<p class=\"note\">Dashed red lines mark the events of the timeline.";
    for (std::size_t i = 0; i < runs.size(); ++i)
    {
        if (figures[i].averaged > 1)
        {
            html << " " << E(RunTag(i, runs[i], compare)) << " is long: each step of its plots "
                 << "averages " << figures[i].averaged << " sampling intervals.";
        }
    }
    html << "</p>"
         << "</section>\n";

    html << "<section id=\"events\"><h2>Event timeline</h2>"
         << PerRun(runs, [&](std::size_t i) { return EventTable(runs[i]); }) << "</section>\n";
    html << "<section id=\"flows\"><h2>Top flows</h2>"
         << PerRun(runs, [&](std::size_t i) { return FlowTable(runs[i], options.topFlows); })
         << "</section>\n";
    html << "<section id=\"links\"><h2>Link directions</h2>"
         << PerRun(runs, [&](std::size_t i) { return LinkTable(runs[i]); }) << "</section>\n";
    html << "<section id=\"demands\"><h2>Demands</h2>"
         << PerRun(runs, [&](std::size_t i) { return DemandTable(runs[i]); }) << "</section>\n";

    html << "</main>\n<footer>Generated by dtwin report";
    if (!options.storePath.empty())
    {
        html << " from " << E(options.storePath);
    }
    if (!options.generatedAt.empty())
    {
        html << " at " << E(options.generatedAt);
    }
    html << ".</footer>\n</body>\n</html>\n";
    return html.str();
}

} // namespace cli
} // namespace ns3
