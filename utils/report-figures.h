/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_REPORT_FIGURES_H
#define DTWIN_REPORT_FIGURES_H

#include "ns3/twin-network.h"
#include "ns3/twin-results.h"
#include "ns3/twin-store.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/**
 * @file
 * The figures of `dtwin report`: what one run's report shows (ReportRun), the topology as a
 * Graphviz graph and the time series as gnuplot scripts, and turning their SVG output into
 * markup that can sit inline in an HTML page.
 */

namespace ns3
{
namespace cli
{

/**
 * Everything the report shows about one run, loaded from the store.
 */
struct ReportRun
{
    TwinRunRecord run;                        //!< the run
    TwinRunResults results;                   //!< its results
    TwinSnapshotInfo snapshot;                //!< the snapshot it simulated
    TwinNetwork network;                      //!< the snapshot's network
    std::vector<TwinDemand> demands;          //!< the demands it simulated, if stored
    std::optional<TwinScenarioInfo> scenario; //!< the scenario it ran, if any
    std::optional<TwinSweepInfo> sweep;       //!< the sweep it belongs to, if any
};

/**
 * A bidirectional link as drawn: one edge for both directions.
 */
struct LinkPair
{
    const TwinLink* forward{nullptr}; //!< the first direction in snapshot order
    const TwinLink* reverse{nullptr}; //!< the other direction, or null for a one-way link
};

/**
 * A time span in which a link or node was down.
 */
struct Outage
{
    double downSeconds{0};           //!< when it went down
    std::optional<double> upSeconds; //!< when it came back, none if it stayed down
    std::string eventId;             //!< the event that took it down
};

/**
 * @param network a network
 * @return its links paired with their reverse directions, in snapshot order
 */
std::vector<LinkPair> PairLinks(const TwinNetwork& network);

/**
 * Down intervals from applied events ("link-down"/"link-up" or "node-down"/"node-up").
 * @param events the run's applied events
 * @param downType "link-down" or "node-down"
 * @param upType "link-up" or "node-up"
 * @return outages per event target, in time order
 */
std::map<std::string, std::vector<Outage>> Outages(const std::vector<TwinAppliedEvent>& events,
                                                   const std::string& downType,
                                                   const std::string& upType);

/**
 * @param outages the outages of one link or node
 * @return e.g. "failed at 1.5 s" or "down 1.5-3 s"
 */
std::string OutageText(const std::vector<Outage>& outages);

/**
 * Colour of a utilisation on the report's scale (green, yellow, orange, dark red).
 * @param utilisation 0..1 (clamped)
 * @return "#rrggbb"
 */
std::string UtilisationColour(double utilisation);

/**
 * The Graphviz graph of a run's topology.
 */
struct TopologyGraph
{
    std::string dot;    //!< DOT text
    bool pinned{false}; //!< nodes carry coordinates: lay out with neato -n
};

/**
 * Build the topology graph: one edge per link pair, coloured by the pair's peak utilisation
 * in the run, failed links and nodes dashed red with a label.
 * @param run the run
 * @param compact draw for half the page width
 * @return the graph
 */
TopologyGraph TopologyDot(const ReportRun& run, bool compact);

/**
 * How the figures of one report are drawn: the axes shared by the runs (so that compared
 * runs are drawn to the same scale) and the space a figure has on the page.
 */
struct FigureLayout
{
    double endSeconds{0};         //!< right end of the time axis
    double maxDemandBps{0};       //!< largest throughput plotted (0: nothing to plot)
    double maxLinkUtilisation{0}; //!< largest utilisation plotted, 0..1
    /**
     * Two runs side by side: each figure gets half the page, so the topology is drawn
     * smaller (its text stays legible when the browser scales it) and plot keys go below.
     */
    bool compact{false};
};

/**
 * One plotted line: a name and a value per sampling interval.
 */
struct TimeSeries
{
    std::string name;                                 //!< legend text
    std::vector<std::pair<double, double>> intervals; //!< (interval start, end) per value
    std::vector<double> values;                       //!< one per interval
    double peak{0};                                   //!< largest value (before averaging)
    double total{0};                                  //!< sum (ranking)
    std::size_t averaged{1}; //!< sampling intervals averaged into one plotted step
};

/** Most steps a plotted line keeps: more would not show on a page, only bloat it. */
constexpr std::size_t kMaxPlotSteps = 1500;

/**
 * Average runs of consecutive intervals (weighted by their length) so that a line has at
 * most kMaxPlotSteps steps; an average over an interval is what a longer sampling interval
 * would have measured.
 * @param series the line
 */
void CoarsenSeries(TimeSeries& series);

/**
 * @param run the run
 * @param top how many directions
 * @return utilisation (0..1) of the top link directions by peak, busiest first
 */
std::vector<TimeSeries> TopLinkSeries(const ReportRun& run, std::size_t top);

/**
 * @param run the run
 * @param top how many demands
 * @return throughput (bit/s received) of the top demands by bytes received, largest first
 */
std::vector<TimeSeries> TopDemandSeries(const ReportRun& run, std::size_t top);

/**
 * A gnuplot script drawing time series as step lines, with the run's events as vertical
 * lines.
 * @param series the lines
 * @param events the run's events
 * @param layout the shared axes and page space
 * @param yLabel label of the value axis
 * @param yScale factor from values to plotted numbers
 * @param yMax top of the value axis, in plotted numbers
 * @return the script (terminal svg, output to stdout)
 */
std::string TimeSeriesScript(const std::vector<TimeSeries>& series,
                             const std::vector<TwinAppliedEvent>& events,
                             const FigureLayout& layout, const std::string& yLabel, double yScale,
                             double yMax);

/**
 * The unit the throughput axis uses for a largest value.
 * @param maxBps largest value in bit/s
 * @return (unit text, factor), e.g. ("Mbit/s", 1e6)
 */
std::pair<std::string, double> RateUnit(double maxBps);

/**
 * Make an SVG document from Graphviz or gnuplot fit to sit inline in HTML: drops the XML
 * prolog, comments and namespace declarations (the HTML parser supplies the namespaces), and
 * prefixes every id and reference so that several figures on one page cannot clash.
 * @param svg the document
 * @param idPrefix prefix for ids, e.g. "r1-topo-"
 * @return the <svg> element
 */
std::string InlineSvg(const std::string& svg, const std::string& idPrefix);

/**
 * The figures of one run, rendered.
 */
struct ReportFigures
{
    std::string topologySvg;     //!< inline SVG of the topology
    std::string linkPlotSvg;     //!< inline SVG of link utilisation, empty without samples
    std::string demandPlotSvg;   //!< inline SVG of demand throughput, empty without samples
    std::size_t linkSeries{0};   //!< link directions plotted
    std::size_t demandSeries{0}; //!< demands plotted
    std::size_t averaged{1};     //!< sampling intervals per plotted step (long runs)
};

/**
 * Run Graphviz and gnuplot to draw a run's figures.
 * @param run the run
 * @param layout the shared axes and page space
 * @param top how many link directions and demands the plots show
 * @param idPrefix prefix of the SVG ids, unique per run in the page
 * @return the figures
 * @throws ProgramNotFoundError if neato or gnuplot is not installed
 * @throws std::runtime_error if one of them fails
 */
ReportFigures RenderFigures(const ReportRun& run, const FigureLayout& layout, std::size_t top,
                            const std::string& idPrefix);

} // namespace cli
} // namespace ns3

#endif
