/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "report-figures.h"

#include "cli-units.h"
#include "report-process.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace cli
{

namespace
{

/** What to tell the user when Graphviz is missing. */
const char* const kGraphvizHint = "dtwin report needs Graphviz (neato): apt-get install graphviz";
/** What to tell the user when gnuplot is missing. */
const char* const kGnuplotHint = "dtwin report needs gnuplot: apt-get install gnuplot-nox";
/** Colour of failed links and nodes, and of event marks on the plots. */
const char* const kFailedColour = "#e3001b";
/** Line colours of the plots: distinguishable, none of them the failure red. */
const std::vector<std::string> kSeriesColours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                                                 "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
                                                 "#bcbd22", "#393b79", "#637939", "#843c39"};
/** More events than this get lines on the plots but no labels (they would overlap). */
constexpr std::size_t kMaxEventLabels = 16;
/** More link pairs than this get no utilisation labels on the topology. */
constexpr std::size_t kMaxEdgeLabels = 60;
/** Width of the drawing of a topology laid out from coordinates, in points. */
constexpr double kPinnedWidthPoints = 820;

/**
 * Quote text as a DOT string: backslashes and quotes escaped, line breaks as \n, other
 * control characters dropped.
 * @param text the text
 * @return the quoted string
 */
std::string
DotString(const std::string& text)
{
    std::string out = "\"";
    for (char c : text)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += c;
        }
        else if (c == '\n')
        {
            out += "\\n";
        }
        else if (static_cast<unsigned char>(c) >= 0x20)
        {
            out += c;
        }
    }
    return out + "\"";
}

/**
 * Quote text as a gnuplot single-quoted string (only a quote needs escaping: doubled).
 * @param text the text
 * @return the quoted string
 */
std::string
GnuplotString(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
    {
        if (c == '\'')
        {
            out += "''";
        }
        else if (static_cast<unsigned char>(c) >= 0x20)
        {
            out += c;
        }
        else
        {
            out += ' ';
        }
    }
    return out + "'";
}

/**
 * @param a one link
 * @param b another
 * @return true if b is a's reverse direction
 */
bool
IsReverse(const TwinLink& a, const TwinLink& b)
{
    return a.sourceNode == b.destNode && a.destNode == b.sourceNode && a.sourceTp == b.destTp &&
           a.destTp == b.sourceTp;
}

/**
 * @param links per-direction results
 * @return them by link id
 */
std::map<std::string, const TwinLinkResult*>
ResultsById(const std::vector<TwinLinkResult>& links)
{
    std::map<std::string, const TwinLinkResult*> byId;
    for (const auto& l : links)
    {
        byId[l.linkId] = &l;
    }
    return byId;
}

/**
 * @param intervals (start, end) per value
 * @param values the values
 * @param scale factor applied to each value
 * @return gnuplot data lines drawing the values as steps
 */
std::string
StepData(const std::vector<std::pair<double, double>>& intervals, const std::vector<double>& values,
         double scale)
{
    std::string data;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        std::string v = FormatNumber(values[i] * scale, "%.9g");
        data += FormatNumber(intervals[i].first, "%.9g") + " " + v + "\n";
        data += FormatNumber(intervals[i].second, "%.9g") + " " + v + "\n";
    }
    return data;
}

/**
 * Remove every occurrence of an element with its content.
 * @param svg the document
 * @param open its start, e.g. "<desc>"
 * @param close its end, e.g. "</desc>"
 */
void
RemoveElements(std::string& svg, const std::string& open, const std::string& close)
{
    for (auto pos = svg.find(open); pos != std::string::npos; pos = svg.find(open, pos))
    {
        auto end = svg.find(close, pos);
        if (end == std::string::npos)
        {
            break;
        }
        svg.erase(pos, end + close.size() - pos);
    }
}

} // namespace

std::vector<LinkPair>
PairLinks(const TwinNetwork& network)
{
    std::vector<LinkPair> pairs;
    std::vector<bool> used(network.links.size(), false);
    for (std::size_t i = 0; i < network.links.size(); ++i)
    {
        if (used[i])
        {
            continue;
        }
        used[i] = true;
        LinkPair pair;
        pair.forward = &network.links[i];
        // An exact reverse (same termination points) first, else any link the other way.
        std::size_t match = network.links.size();
        for (std::size_t j = i + 1; j < network.links.size(); ++j)
        {
            if (!used[j] && IsReverse(network.links[i], network.links[j]))
            {
                match = j;
                break;
            }
        }
        for (std::size_t j = i + 1; j < network.links.size() && match == network.links.size(); ++j)
        {
            if (!used[j] && network.links[j].sourceNode == network.links[i].destNode &&
                network.links[j].destNode == network.links[i].sourceNode)
            {
                match = j;
            }
        }
        if (match < network.links.size())
        {
            used[match] = true;
            pair.reverse = &network.links[match];
        }
        pairs.push_back(pair);
    }
    return pairs;
}

std::map<std::string, std::vector<Outage>>
Outages(const std::vector<TwinAppliedEvent>& events, const std::string& downType,
        const std::string& upType)
{
    std::vector<const TwinAppliedEvent*> ordered;
    for (const auto& e : events)
    {
        ordered.push_back(&e);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const TwinAppliedEvent* a, const TwinAppliedEvent* b)
                     { return a->timeSeconds < b->timeSeconds; });
    std::map<std::string, std::vector<Outage>> outages;
    for (const auto* e : ordered)
    {
        auto& list = outages[e->target];
        bool down = !list.empty() && !list.back().upSeconds;
        if (e->type == downType && !down)
        {
            list.push_back({e->timeSeconds, std::nullopt, e->eventId});
        }
        else if (e->type == upType && down)
        {
            list.back().upSeconds = e->timeSeconds;
        }
    }
    for (auto it = outages.begin(); it != outages.end();)
    {
        it = it->second.empty() ? outages.erase(it) : std::next(it);
    }
    return outages;
}

std::string
OutageText(const std::vector<Outage>& outages)
{
    std::string text;
    for (const auto& o : outages)
    {
        if (!text.empty())
        {
            text += ", ";
        }
        if (o.upSeconds)
        {
            text += "down " + FormatNumber(o.downSeconds) + "\u2013" + FormatNumber(*o.upSeconds) +
                    " s";
        }
        else
        {
            text += "failed at " + FormatNumber(o.downSeconds) + " s";
        }
    }
    return text;
}

std::string
UtilisationColour(double utilisation)
{
    struct Stop
    {
        double at;
        int r;
        int g;
        int b;
    };

    // Green (idle) through yellow and orange to dark red (saturated).
    static const Stop stops[] = {{0.0, 0x1a, 0x98, 0x50},
                                 {0.5, 0xf2, 0xc2, 0x1b},
                                 {0.75, 0xf4, 0x6d, 0x43},
                                 {1.0, 0x8e, 0x00, 0x26}};
    double u = std::clamp(std::isfinite(utilisation) ? utilisation : 0.0, 0.0, 1.0);
    std::size_t i = 0;
    while (i + 2 < std::size(stops) && u > stops[i + 1].at)
    {
        ++i;
    }
    const Stop& a = stops[i];
    const Stop& b = stops[i + 1];
    double f = (u - a.at) / (b.at - a.at);
    auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
    char buf[8];
    std::snprintf(buf, sizeof(buf), "#%02x%02x%02x", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
    return buf;
}

TopologyGraph
TopologyDot(const ReportRun& run, bool compact)
{
    const TwinNetwork& net = run.network;
    TopologyGraph graph;
    std::map<std::string, std::size_t> nodeIndex;
    for (std::size_t i = 0; i < net.nodes.size(); ++i)
    {
        nodeIndex[net.nodes[i].id] = i;
    }

    // Coordinates only when every node has them: a partial map would be misleading.
    graph.pinned = !net.nodes.empty();
    double minLat = 90;
    double maxLat = -90;
    double minLon = 180;
    double maxLon = -180;
    for (const auto& n : net.nodes)
    {
        if (!n.latitudeDeg || !n.longitudeDeg)
        {
            graph.pinned = false;
            break;
        }
        minLat = std::min(minLat, *n.latitudeDeg);
        maxLat = std::max(maxLat, *n.latitudeDeg);
        minLon = std::min(minLon, *n.longitudeDeg);
        maxLon = std::max(maxLon, *n.longitudeDeg);
    }
    // Equirectangular projection around the mean latitude: good enough for a network map.
    double lonFactor = std::cos((minLat + maxLat) / 2 * M_PI / 180);
    double spanX = (maxLon - minLon) * lonFactor;
    double spanY = maxLat - minLat;
    if (graph.pinned && std::max(spanX, spanY) <= 0)
    {
        graph.pinned = false;
    }
    double width = compact ? kPinnedWidthPoints * 0.6 : kPinnedWidthPoints;
    double scale = graph.pinned ? width / std::max(spanX, spanY * 1.6) : 1;

    std::ostringstream dot;
    dot << "graph topology {\n"
           "  graph [bgcolor=\"white\", pad=\"0.3\", outputorder=\"edgesfirst\", "
           "fontname=\"Helvetica\", splines=\"true\"";
    if (!graph.pinned)
    {
        dot << ", overlap=\"false\", sep=\"+14\", size=\"" << (compact ? "7.5,7" : "13.5,10")
            << "\"";
    }
    dot << "];\n"
           "  node [shape=\"box\", style=\"rounded,filled\", fillcolor=\"#eef2f7\", "
           "color=\"#4a5568\", fontname=\"Helvetica\", fontsize=\"11\", margin=\"0.08,0.04\", "
           "height=\"0.3\"];\n"
           "  edge [fontname=\"Helvetica\", fontsize=\"9\"];\n";

    auto nodeOutages = Outages(run.results.events, "node-down", "node-up");
    for (std::size_t i = 0; i < net.nodes.size(); ++i)
    {
        const TwinNode& n = net.nodes[i];
        std::string tooltip = n.id;
        if (n.latitudeDeg && n.longitudeDeg)
        {
            tooltip += " (" + FormatNumber(*n.latitudeDeg, "%.4f") + ", " +
                       FormatNumber(*n.longitudeDeg, "%.4f") + ")";
        }
        dot << "  n" << i << " [label=" << DotString(n.id);
        auto down = nodeOutages.find(n.id);
        if (down != nodeOutages.end())
        {
            std::string text = OutageText(down->second);
            tooltip += ": " + text;
            dot << ", style=\"rounded,filled,dashed\", penwidth=\"2\", color=\"" << kFailedColour
                << "\", fillcolor=\"#ffe3e3\", fontcolor=\"" << kFailedColour
                << "\", xlabel=" << DotString(text);
        }
        dot << ", tooltip=" << DotString(tooltip);
        if (graph.pinned)
        {
            double x = (*n.longitudeDeg - minLon) * lonFactor * scale;
            double y = (*n.latitudeDeg - minLat) * scale;
            dot << ", pos=\"" << FormatNumber(x, "%.1f") << "," << FormatNumber(y, "%.1f") << "!\"";
        }
        dot << "];\n";
    }

    auto results = ResultsById(run.results.links);
    auto linkOutages = Outages(run.results.events, "link-down", "link-up");
    auto pairs = PairLinks(net);
    double minCap = 0;
    double maxCap = 0;
    for (const auto& p : pairs)
    {
        double cap = static_cast<double>(p.forward->capacityBps);
        minCap = minCap == 0 ? cap : std::min(minCap, cap);
        maxCap = std::max(maxCap, cap);
    }
    for (const auto& p : pairs)
    {
        auto from = nodeIndex.find(p.forward->sourceNode);
        auto to = nodeIndex.find(p.forward->destNode);
        if (from == nodeIndex.end() || to == nodeIndex.end())
        {
            continue;
        }
        std::optional<double> peak;
        std::string tooltip = p.forward->sourceNode + " \u2013 " + p.forward->destNode + ": " +
                              FormatRate(static_cast<double>(p.forward->capacityBps));
        for (const TwinLink* l : {p.forward, p.reverse})
        {
            if (l == nullptr)
            {
                continue;
            }
            auto r = results.find(l->id);
            if (r != results.end())
            {
                peak = std::max(peak.value_or(0.0), r->second->peakUtilisation);
                tooltip += "; " + l->sourceNode + " \u2192 " + l->destNode + " peak " +
                           FormatNumber(r->second->peakUtilisation * 100, "%.1f") + " %, mean " +
                           FormatNumber(r->second->meanUtilisation * 100, "%.1f") + " %";
            }
        }
        std::vector<Outage> outages;
        for (const TwinLink* l : {p.forward, p.reverse})
        {
            auto o = l ? linkOutages.find(l->id) : linkOutages.end();
            if (o != linkOutages.end())
            {
                outages.insert(outages.end(), o->second.begin(), o->second.end());
            }
        }
        std::sort(outages.begin(), outages.end(),
                  [](const Outage& a, const Outage& b) { return a.downSeconds < b.downSeconds; });
        // Width grows with the logarithm of the capacity, so that a 100 G core stands out
        // from 1 G access links without dwarfing them.
        double width = 2.2;
        if (maxCap > minCap)
        {
            double cap = static_cast<double>(p.forward->capacityBps);
            width = 1.2 + 3.0 * std::log(cap / minCap) / std::log(maxCap / minCap);
        }
        std::string label = peak && pairs.size() <= kMaxEdgeLabels
                                ? FormatNumber(*peak * 100, "%.0f") + " %"
                                : std::string();
        dot << "  n" << from->second << " -- n" << to->second << " [penwidth=\""
            << FormatNumber(width, "%.2f") << "\"";
        if (!outages.empty())
        {
            std::string text = OutageText(outages);
            tooltip += "; " + text;
            label = label.empty() ? text : text + "\n(peak " + label + ")";
            dot << ", style=\"dashed\", color=\"" << kFailedColour << "\", fontcolor=\""
                << kFailedColour << "\"";
        }
        else
        {
            dot << ", color=\"" << (peak ? UtilisationColour(*peak) : "#a0a0a0") << "\""
                << ", fontcolor=\"#333333\"";
        }
        if (!label.empty())
        {
            dot << ", label=" << DotString(label);
        }
        dot << ", tooltip=" << DotString(tooltip) << "];\n";
    }
    dot << "}\n";
    graph.dot = dot.str();
    return graph;
}

void
CoarsenSeries(TimeSeries& series)
{
    std::size_t n = series.values.size();
    if (n <= kMaxPlotSteps)
    {
        return;
    }
    std::size_t group = (n + kMaxPlotSteps - 1) / kMaxPlotSteps;
    std::vector<std::pair<double, double>> intervals;
    std::vector<double> values;
    for (std::size_t i = 0; i < n; i += group)
    {
        std::size_t end = std::min(n, i + group);
        double weighted = 0;
        double length = 0;
        for (std::size_t j = i; j < end; ++j)
        {
            double d = series.intervals[j].second - series.intervals[j].first;
            weighted += series.values[j] * d;
            length += d;
        }
        intervals.emplace_back(series.intervals[i].first, series.intervals[end - 1].second);
        values.push_back(length > 0 ? weighted / length : series.values[i]);
    }
    series.intervals = std::move(intervals);
    series.values = std::move(values);
    series.averaged = group;
}

std::vector<TimeSeries>
TopLinkSeries(const ReportRun& run, std::size_t top)
{
    std::map<std::string, std::vector<const TwinLinkSample*>> byLink;
    for (const auto& s : run.results.samples)
    {
        byLink[s.linkId].push_back(&s);
    }
    // Name a direction by its nodes; add the link id only where parallel links share them.
    std::map<std::pair<std::string, std::string>, int> parallel;
    for (const auto& l : run.network.links)
    {
        ++parallel[{l.sourceNode, l.destNode}];
    }
    std::vector<TimeSeries> series;
    for (auto& [id, samples] : byLink)
    {
        std::stable_sort(samples.begin(), samples.end(),
                         [](const TwinLinkSample* a, const TwinLinkSample* b)
                         { return a->timeSeconds < b->timeSeconds; });
        TimeSeries s;
        s.name = id;
        for (const auto& l : run.network.links)
        {
            if (l.id == id)
            {
                s.name = l.sourceNode + " \u2192 " + l.destNode;
                if (parallel[{l.sourceNode, l.destNode}] > 1)
                {
                    s.name += " (" + id + ")";
                }
            }
        }
        double previous = 0;
        for (const auto* sample : samples)
        {
            if (sample->timeSeconds <= previous && !s.values.empty())
            {
                continue;
            }
            s.intervals.emplace_back(previous, sample->timeSeconds);
            s.values.push_back(sample->utilisation);
            s.peak = std::max(s.peak, sample->utilisation);
            s.total += sample->utilisation;
            previous = sample->timeSeconds;
        }
        series.push_back(std::move(s));
    }
    std::stable_sort(series.begin(), series.end(),
                     [](const TimeSeries& a, const TimeSeries& b)
                     { return a.peak != b.peak ? a.peak > b.peak : a.total > b.total; });
    if (series.size() > top)
    {
        series.resize(top);
    }
    for (auto& s : series)
    {
        CoarsenSeries(s);
    }
    return series;
}

std::vector<TimeSeries>
TopDemandSeries(const ReportRun& run, std::size_t top)
{
    std::map<std::string, std::vector<const TwinDemandSample*>> byDemand;
    for (const auto& s : run.results.demandSamples)
    {
        byDemand[s.demandId].push_back(&s);
    }
    std::map<std::string, const TwinDemand*> demands;
    for (const auto& d : run.demands)
    {
        demands[d.id] = &d;
    }
    std::vector<TimeSeries> series;
    for (auto& [id, samples] : byDemand)
    {
        std::stable_sort(samples.begin(), samples.end(),
                         [](const TwinDemandSample* a, const TwinDemandSample* b)
                         { return a->timeSeconds < b->timeSeconds; });
        TimeSeries s;
        s.name = id;
        auto d = demands.find(id);
        if (d != demands.end())
        {
            s.name += " (" + d->second->sourceNode + " \u2192 " + d->second->destNode + ")";
        }
        double previous = 0;
        for (const auto* sample : samples)
        {
            double interval = sample->timeSeconds - previous;
            if (interval <= 0)
            {
                continue;
            }
            double bps = static_cast<double>(sample->rxBytes) * 8 / interval;
            s.intervals.emplace_back(previous, sample->timeSeconds);
            s.values.push_back(bps);
            s.peak = std::max(s.peak, bps);
            s.total += static_cast<double>(sample->rxBytes);
            previous = sample->timeSeconds;
        }
        series.push_back(std::move(s));
    }
    std::stable_sort(series.begin(), series.end(),
                     [](const TimeSeries& a, const TimeSeries& b) { return a.total > b.total; });
    if (series.size() > top)
    {
        series.resize(top);
    }
    for (auto& s : series)
    {
        CoarsenSeries(s);
    }
    return series;
}

std::pair<std::string, double>
RateUnit(double maxBps)
{
    if (maxBps >= 1e9)
    {
        return {"Gbit/s", 1e9};
    }
    if (maxBps >= 1e6)
    {
        return {"Mbit/s", 1e6};
    }
    if (maxBps >= 1e3)
    {
        return {"kbit/s", 1e3};
    }
    return {"bit/s", 1};
}

std::string
TimeSeriesScript(const std::vector<TimeSeries>& series, const std::vector<TwinAppliedEvent>& events,
                 const FigureLayout& layout, const std::string& yLabel, double yScale, double yMax)
{
    std::ostringstream gp;
    // Single: a wide plot with the key on the right, its plot area fixed so that the plots of
    // one page line up. Compact: half the page, the key below.
    gp << "set terminal svg size " << (layout.compact ? "820,540" : "1300,420")
       << " fixed noenhanced font 'Helvetica,12' background rgb '#ffffff'\n"
          "set encoding utf8\n"
          "set border 3 lc rgb '#666666'\n"
          "set xtics nomirror out\n"
          "set ytics nomirror out\n"
          "set grid xtics ytics lc rgb '#e6e6e6' lw 1 dt 1\n"
          "set lmargin 10\n"
          "set xlabel 'simulated time (s)'\n"
       << "set ylabel " << GnuplotString(yLabel) << "\n"
       << "set xrange [0:" << FormatNumber(layout.endSeconds > 0 ? layout.endSeconds : 1, "%.9g")
       << "]\n"
       << "set yrange [0:" << FormatNumber(yMax > 0 ? yMax : 1, "%.9g") << "]\n";
    if (layout.compact)
    {
        gp << "set key outside below left Left reverse samplen 2 spacing 1.1 font ',11' "
              "maxcols 2\nset rmargin 4\n";
    }
    else
    {
        gp << "set rmargin at screen 0.7\n"
              "set key at screen 0.715, graph 1 left top Left reverse samplen 2 spacing 1.15 "
              "font ',11'\n";
    }
    for (std::size_t i = 0; i < kSeriesColours.size(); ++i)
    {
        gp << "set linetype " << i + 1 << " lc rgb '" << kSeriesColours[i] << "' lw 2\n";
    }
    int tag = 1;
    std::size_t labelled = 0;
    for (const auto& e : events)
    {
        if (e.timeSeconds < 0 || (layout.endSeconds > 0 && e.timeSeconds > layout.endSeconds))
        {
            continue;
        }
        std::string t = FormatNumber(e.timeSeconds, "%.9g");
        gp << "set arrow " << tag << " from " << t << ", graph 0 to " << t
           << ", graph 1 nohead back lc rgb '" << kFailedColour << "' dt 2 lw 1.2\n";
        if (labelled < kMaxEventLabels)
        {
            std::string text = e.eventId.empty() ? e.type : e.eventId;
            gp << "set label " << tag << " " << GnuplotString(text) << " at " << t
               << ", graph 0.98 right rotate by 90 offset -0.7,0 tc rgb '" << kFailedColour
               << "' font ',10' front\n";
            ++labelled;
        }
        ++tag;
    }
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        gp << "$s" << i << " << EOD\n"
           << StepData(series[i].intervals, series[i].values, yScale) << "EOD\n";
    }
    gp << "plot ";
    for (std::size_t i = 0; i < series.size(); ++i)
    {
        gp << (i ? ", \\\n     " : "") << "$s" << i << " using 1:2 with lines lt "
           << i % kSeriesColours.size() + 1 << " title " << GnuplotString(series[i].name);
    }
    gp << "\n";
    return gp.str();
}

std::string
InlineSvg(const std::string& svg, const std::string& idPrefix)
{
    auto start = svg.find("<svg");
    auto end = svg.rfind("</svg>");
    if (start == std::string::npos || end == std::string::npos || end < start)
    {
        throw std::runtime_error("drawing program produced no SVG document");
    }
    std::string out = svg.substr(start, end + 6 - start);
    RemoveElements(out, "<!--", "-->");
    RemoveElements(out, "<desc>", "</desc>");
    // The document's own title would show as a tooltip over the whole figure.
    auto title = out.find("<title>Gnuplot</title>");
    if (title != std::string::npos)
    {
        out.erase(title, std::string("<title>Gnuplot</title>").size());
    }
    static const std::regex xmlns(R"(\s+xmlns(:[A-Za-z]+)?=("[^"]*"|'[^']*'))");
    out = std::regex_replace(out, xmlns, "");
    static const std::regex id(R"(\bid=(["']))");
    out = std::regex_replace(out, id, "id=$1" + idPrefix);
    static const std::regex href(R"(href=(["'])#)");
    out = std::regex_replace(out, href, "href=$1#" + idPrefix);
    static const std::regex url(R"(url\(#)");
    out = std::regex_replace(out, url, "url(#" + idPrefix);
    return out;
}

ReportFigures
RenderFigures(const ReportRun& run, const FigureLayout& layout, std::size_t top,
              const std::string& idPrefix)
{
    ReportFigures figures;
    TopologyGraph graph = TopologyDot(run, layout.compact);
    std::vector<std::string> layoutArgs = {"-Tsvg"};
    if (graph.pinned)
    {
        layoutArgs.insert(layoutArgs.begin(), "-n");
    }
    figures.topologySvg =
        InlineSvg(RunProgram("neato", layoutArgs, graph.dot, kGraphvizHint), idPrefix + "topo-");

    auto links = TopLinkSeries(run, top);
    figures.linkSeries = links.size();
    for (const auto& s : links)
    {
        figures.averaged = std::max(figures.averaged, s.averaged);
    }
    if (!links.empty())
    {
        // Low utilisations must stay readable: the axis ends a little above the largest.
        double top = std::clamp(layout.maxLinkUtilisation * 115, 5.0, 105.0);
        std::string script =
            TimeSeriesScript(links, run.results.events, layout, "utilisation (%)", 100, top);
        figures.linkPlotSvg =
            InlineSvg(RunProgram("gnuplot", {}, script, kGnuplotHint), idPrefix + "links-");
    }
    auto demands = TopDemandSeries(run, top);
    figures.demandSeries = demands.size();
    for (const auto& s : demands)
    {
        figures.averaged = std::max(figures.averaged, s.averaged);
    }
    if (!demands.empty())
    {
        auto [unit, factor] = RateUnit(layout.maxDemandBps);
        std::string script =
            TimeSeriesScript(demands, run.results.events, layout, "received (" + unit + ")",
                             1 / factor, layout.maxDemandBps * 1.08 / factor);
        figures.demandPlotSvg =
            InlineSvg(RunProgram("gnuplot", {}, script, kGnuplotHint), idPrefix + "demands-");
    }
    return figures;
}

} // namespace cli
} // namespace ns3
