/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-objectives.h"

#include "ns3/scenario-reader.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace ns3
{

namespace
{

/** The bounds, in the order their verdicts are produced for one element. */
enum class Bound
{
    MaxDelay,      //!< max-delay-s
    MaxLoss,       //!< max-loss-ratio
    MinThroughput, //!< min-throughput-bps
    MaxFct,        //!< max-fct-s
    MaxUtilisation //!< max-utilisation
};

/** One bound an objective sets. */
struct BoundSpec
{
    Bound bound;      //!< which bound
    std::string name; //!< its leaf name
    double limit;     //!< its value
};

/**
 * @param objective an objective
 * @return the bounds it sets, in verdict order
 */
std::vector<BoundSpec>
BoundsOf(const TwinObjective& objective)
{
    std::vector<BoundSpec> out;
    if (objective.maxDelaySeconds)
    {
        out.push_back({Bound::MaxDelay, "max-delay-s", *objective.maxDelaySeconds});
    }
    if (objective.maxLossRatio)
    {
        out.push_back({Bound::MaxLoss, "max-loss-ratio", *objective.maxLossRatio});
    }
    if (objective.minThroughputBps)
    {
        out.push_back({Bound::MinThroughput, "min-throughput-bps",
                       static_cast<double>(*objective.minThroughputBps)});
    }
    if (objective.maxFctSeconds)
    {
        out.push_back({Bound::MaxFct, "max-fct-s", *objective.maxFctSeconds});
    }
    if (objective.maxUtilisation)
    {
        out.push_back({Bound::MaxUtilisation, "max-utilisation", *objective.maxUtilisation});
    }
    return out;
}

/**
 * @param spec a bound
 * @param measured a measurement
 * @return true if the measurement satisfies the bound
 */
bool
Holds(const BoundSpec& spec, double measured)
{
    return spec.bound == Bound::MinThroughput ? measured >= spec.limit : measured <= spec.limit;
}

/**
 * One sample interval (t_prev, t] of an element, clipped to the window.
 */
struct Slice
{
    std::size_t sample{0}; //!< index of the sample in its series
    double start{0};       //!< clipped start of the interval
    double end{0};         //!< clipped end of the interval
    double weight{0};      //!< share of the sample's interval that lies in the window
};

/**
 * Clip a time-ordered series of samples to a window.
 * @param times the samples' end times, ascending
 * @param windowStart window start
 * @param windowEnd window end (exclusive)
 * @return the samples that overlap the window, with the share inside
 */
std::vector<Slice>
SliceSeries(const std::vector<double>& times, double windowStart, double windowEnd)
{
    std::vector<Slice> out;
    double previous = 0;
    for (std::size_t i = 0; i < times.size(); ++i)
    {
        const double t = times[i];
        const double length = t - previous;
        if (length <= 0)
        {
            // An interval without duration (a sample at the time of the previous one): it is
            // an instant, inside the window or not.
            if (t >= windowStart && t < windowEnd)
            {
                out.push_back({i, t, t, 1.0});
            }
        }
        else
        {
            const double start = std::max(previous, windowStart);
            const double end = std::min(t, windowEnd);
            if (end > start)
            {
                out.push_back({i, start, end, (end - start) / length});
            }
        }
        previous = std::max(previous, t);
    }
    return out;
}

/** Weighted sums of samples over some stretch of time. */
struct Totals
{
    double txPackets{0};        //!< packets sent
    double deliveredPackets{0}; //!< of those, delivered
    double rxPackets{0};        //!< packets received
    double rxBytes{0};          //!< bytes received
    double delaySumSeconds{0};  //!< sum of delays of the received packets
    double busySeconds{0};      //!< link: time the transmitter was busy
    double lengthSeconds{0};    //!< the length of the stretch
};

/**
 * @param totals the sums
 * @param sample a demand sample
 * @param weight its share
 */
void
AddSample(Totals& totals, const TwinDemandSample& sample, double weight)
{
    totals.txPackets += weight * static_cast<double>(sample.txPackets);
    totals.deliveredPackets += weight * static_cast<double>(sample.deliveredPackets);
    totals.rxPackets += weight * static_cast<double>(sample.rxPackets);
    totals.rxBytes += weight * static_cast<double>(sample.rxBytes);
    totals.delaySumSeconds += weight * sample.delaySumSeconds;
}

/**
 * @param totals the sums
 * @param sample a link sample
 * @param slice its part in the window
 */
void
AddSample(Totals& totals, const TwinLinkSample& sample, const Slice& slice)
{
    totals.busySeconds += sample.utilisation * (slice.end - slice.start);
}

/**
 * @param bound a bound other than max-fct-s
 * @param totals the sums over a stretch of time of positive length
 * @return the measured value, or none when there is nothing to measure
 */
std::optional<double>
Measure(Bound bound, const Totals& totals)
{
    switch (bound)
    {
    case Bound::MaxDelay:
        if (totals.rxPackets > 0)
        {
            return totals.delaySumSeconds / totals.rxPackets;
        }
        return std::nullopt;
    case Bound::MaxLoss:
        // Nothing sent: nothing lost.
        if (totals.txPackets > 0)
        {
            return 1.0 - totals.deliveredPackets / totals.txPackets;
        }
        return 0.0;
    case Bound::MinThroughput:
        return totals.rxBytes * 8.0 / totals.lengthSeconds;
    case Bound::MaxUtilisation:
        return totals.busySeconds / totals.lengthSeconds;
    case Bound::MaxFct:
        break;
    }
    return std::nullopt;
}

/**
 * @param spec a bound other than max-fct-s
 * @param totals the sums over one sampling interval
 * @return true if the bound holds in that interval alone
 */
bool
HoldsInInterval(const BoundSpec& spec, const Totals& totals)
{
    auto measured = Measure(spec.bound, totals);
    if (!measured)
    {
        // Only delay lacks a measurement: an interval where nothing was sent either is fine.
        return totals.txPackets <= 0;
    }
    return Holds(spec, *measured);
}

/**
 * @param slices the judged intervals, in time order
 * @param holds per interval, whether the bound holds in it
 * @return the start of the earliest interval from which every interval holds, none if the
 *         last one does not
 */
std::optional<double>
EarliestHoldingStart(const std::vector<Slice>& slices, const std::vector<bool>& holds)
{
    std::optional<double> from;
    for (std::size_t i = slices.size(); i-- > 0;)
    {
        if (!holds[i])
        {
            break;
        }
        from = slices[i].start;
    }
    return from;
}

/** Everything about one evaluation that does not change between objectives. */
struct Context
{
    const TwinScenario& scenario;                             //!< the scenario
    const std::vector<TwinDemand>& demands;                   //!< the run's demands
    const TwinRunResults& results;                            //!< the run's results
    double durationSeconds;                                   //!< the run's duration
    std::map<std::string, std::string> reverseLink;           //!< link-id -> its reverse
    std::unordered_map<std::string, TwinProtocol> protocolOf; //!< demand id -> transport
    std::unordered_map<std::string, const TwinDemandResult*> demandResult; //!< by demand id
    std::unordered_map<std::string, std::vector<const TwinDemandSample*>>
        demandSeries; //!< per demand, samples in time order
    std::unordered_map<std::string, std::vector<const TwinLinkSample*>>
        linkSeries; //!< per link direction, samples in time order
};

/**
 * Group samples by element and order each group by time.
 * @param samples the samples
 * @param idOf the element a sample belongs to
 * @return per element id, its samples in time order
 */
template <typename Sample, typename IdOf>
std::unordered_map<std::string, std::vector<const Sample*>>
GroupSeries(const std::vector<Sample>& samples, IdOf idOf)
{
    std::unordered_map<std::string, std::vector<const Sample*>> out;
    for (const auto& s : samples)
    {
        out[idOf(s)].push_back(&s);
    }
    for (auto& entry : out)
    {
        std::stable_sort(entry.second.begin(), entry.second.end(),
                         [](const Sample* a, const Sample* b)
                         { return a->timeSeconds < b->timeSeconds; });
    }
    return out;
}

/**
 * @param series samples in time order
 * @return their times
 */
template <typename Sample>
std::vector<double>
TimesOf(const std::vector<const Sample*>& series)
{
    std::vector<double> times;
    times.reserve(series.size());
    for (const auto* s : series)
    {
        times.push_back(s->timeSeconds);
    }
    return times;
}

/**
 * @param ctx the evaluation context
 * @param objective a demand or class objective
 * @return the demand ids it judges, in order: a demand target, or a class's listed demands
 *         followed by the other demands of its protocol in demand-set order
 */
std::vector<std::string>
DemandElements(const Context& ctx, const TwinObjective& objective)
{
    if (objective.target == TwinObjectiveTarget::Demand)
    {
        return {objective.targetId};
    }
    const auto& classes = ctx.scenario.traffic.classes;
    auto cls =
        std::find_if(classes.begin(), classes.end(),
                     [&](const TwinTrafficClass& c) { return c.name == objective.targetId; });
    if (cls == classes.end())
    {
        throw std::invalid_argument("objective '" + objective.id + "': traffic class '" +
                                    objective.targetId + "' is not defined in the scenario");
    }
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& id : cls->demands)
    {
        if (seen.insert(id).second)
        {
            out.push_back(id);
        }
    }
    if (cls->protocol)
    {
        for (const auto& d : ctx.demands)
        {
            if (d.protocol == *cls->protocol && seen.insert(d.id).second)
            {
                out.push_back(d.id);
            }
        }
    }
    return out;
}

/**
 * @param ctx the evaluation context
 * @param objective a link objective
 * @return the directed link-ids it judges: the named one, then its reverse (if any and wanted)
 */
std::vector<std::string>
LinkElements(const Context& ctx, const TwinObjective& objective)
{
    std::vector<std::string> out{objective.targetId};
    if (!objective.directionOnly)
    {
        auto it = ctx.reverseLink.find(objective.targetId);
        if (it != ctx.reverseLink.end())
        {
            out.push_back(it->second);
        }
    }
    return out;
}

/**
 * @param objective the objective
 * @param element the judged element
 * @param spec the bound
 * @param windowStart window start
 * @param windowEnd window end
 * @param measured the measurement, if any
 * @param holdsFrom when the bound holds from, if it does in the last interval
 * @return the verdict
 */
TwinVerdict
MakeVerdict(const TwinObjective& objective, const std::string& element, const BoundSpec& spec,
            double windowStart, double windowEnd, std::optional<double> measured,
            std::optional<double> holdsFrom)
{
    TwinVerdict v;
    v.objectiveId = objective.id;
    switch (objective.target)
    {
    case TwinObjectiveTarget::Demand:
        v.targetKind = "demand";
        break;
    case TwinObjectiveTarget::Class:
        v.targetKind = "class";
        break;
    case TwinObjectiveTarget::Link:
        v.targetKind = "link";
        break;
    }
    v.targetId = objective.targetId;
    v.element = element;
    v.bound = spec.name;
    v.limit = spec.limit;
    v.measured = measured;
    v.passed = measured.has_value() && Holds(spec, *measured);
    if (measured)
    {
        v.margin =
            spec.bound == Bound::MinThroughput ? *measured - spec.limit : spec.limit - *measured;
    }
    v.windowStartSeconds = windowStart;
    v.windowEndSeconds = windowEnd;
    v.holdsFromSeconds = holdsFrom;
    return v;
}

/**
 * Judge one bound on a series of samples of one element.
 * @param series the element's samples in time order
 * @param spec the bound (not max-fct-s)
 * @param windowStart window start
 * @param windowEnd window end
 * @param add adds one sample's part in the window to a Totals
 * @return the measurement over the window and when the bound holds from
 */
template <typename Sample, typename Add>
std::pair<std::optional<double>, std::optional<double>>
JudgeSeries(const std::vector<const Sample*>& series, const BoundSpec& spec, double windowStart,
            double windowEnd, Add add)
{
    const auto slices = SliceSeries(TimesOf(series), windowStart, windowEnd);
    Totals window;
    window.lengthSeconds = windowEnd - windowStart;
    std::vector<Slice> judged;
    std::vector<bool> holds;
    for (const auto& slice : slices)
    {
        add(window, *series[slice.sample], slice);
        if (slice.end > slice.start)
        {
            // An instant has no rate of its own: it counts in the window, not alone.
            Totals alone;
            alone.lengthSeconds = slice.end - slice.start;
            add(alone, *series[slice.sample], slice);
            judged.push_back(slice);
            holds.push_back(HoldsInInterval(spec, alone));
        }
    }
    auto measured = Measure(spec.bound, window);
    std::optional<double> holdsFrom;
    if (judged.empty())
    {
        // No interval to judge alone: the bound holds throughout exactly when it holds.
        if (measured && Holds(spec, *measured))
        {
            holdsFrom = windowStart;
        }
    }
    else
    {
        holdsFrom = EarliestHoldingStart(judged, holds);
    }
    return {measured, holdsFrom};
}

/**
 * @param ctx the evaluation context
 * @param demandId a demand id
 * @return true if the demand is known to be UDP (it is not judged on max-fct-s)
 */
bool
IsUdp(const Context& ctx, const std::string& demandId)
{
    auto it = ctx.protocolOf.find(demandId);
    return it != ctx.protocolOf.end() && it->second == TwinProtocol::Udp;
}

/**
 * Evaluate one objective.
 * @param ctx the evaluation context
 * @param objective the objective
 * @param out where verdicts are appended
 */
void
EvaluateObjective(const Context& ctx, const TwinObjective& objective, std::vector<TwinVerdict>& out)
{
    const double windowStart = objective.windowStartSeconds;
    const double windowEnd = objective.windowEndSeconds.value_or(ctx.durationSeconds);
    if (!(windowEnd > windowStart))
    {
        throw std::invalid_argument("objective '" + objective.id + "': window [" +
                                    std::to_string(windowStart) + ", " + std::to_string(windowEnd) +
                                    ") is empty");
    }
    const auto bounds = BoundsOf(objective);
    const std::size_t before = out.size();

    if (objective.target == TwinObjectiveTarget::Link)
    {
        for (const auto& link : LinkElements(ctx, objective))
        {
            auto series = ctx.linkSeries.find(link);
            for (const auto& spec : bounds)
            {
                if (spec.bound != Bound::MaxUtilisation)
                {
                    continue; // the module allows only max-utilisation on links
                }
                if (series == ctx.linkSeries.end())
                {
                    out.push_back(MakeVerdict(objective, link, spec, windowStart, windowEnd,
                                              std::nullopt, std::nullopt));
                    continue;
                }
                auto [measured, holdsFrom] =
                    JudgeSeries(series->second, spec, windowStart, windowEnd,
                                [](Totals& t, const TwinLinkSample& s, const Slice& slice)
                                { AddSample(t, s, slice); });
                out.push_back(MakeVerdict(objective, link, spec, windowStart, windowEnd, measured,
                                          holdsFrom));
            }
        }
    }
    else
    {
        for (const auto& demand : DemandElements(ctx, objective))
        {
            auto series = ctx.demandSeries.find(demand);
            for (const auto& spec : bounds)
            {
                if (spec.bound == Bound::MaxUtilisation)
                {
                    continue; // the module allows max-utilisation only on links
                }
                if (spec.bound == Bound::MaxFct && IsUdp(ctx, demand))
                {
                    continue; // UDP flows do not complete
                }
                if (series == ctx.demandSeries.end())
                {
                    // Not installed (or not sampled): the bound cannot be checked.
                    out.push_back(MakeVerdict(objective, demand, spec, windowStart, windowEnd,
                                              std::nullopt, std::nullopt));
                    continue;
                }
                if (spec.bound == Bound::MaxFct)
                {
                    std::optional<double> measured;
                    auto result = ctx.demandResult.find(demand);
                    if (result != ctx.demandResult.end() && result->second->completionSeconds &&
                        *result->second->completionSeconds <= windowEnd)
                    {
                        measured =
                            *result->second->completionSeconds - result->second->startSeconds;
                    }
                    const bool passed = measured && Holds(spec, *measured);
                    out.push_back(
                        MakeVerdict(objective, demand, spec, windowStart, windowEnd, measured,
                                    passed ? std::optional<double>(windowStart) : std::nullopt));
                    continue;
                }
                auto [measured, holdsFrom] =
                    JudgeSeries(series->second, spec, windowStart, windowEnd,
                                [](Totals& t, const TwinDemandSample& s, const Slice& slice)
                                { AddSample(t, s, slice.weight); });
                out.push_back(MakeVerdict(objective, demand, spec, windowStart, windowEnd, measured,
                                          holdsFrom));
            }
        }
    }

    if (out.size() == before)
    {
        // Nothing to judge (e.g. max-fct-s on a class of UDP demands): vacuously met.
        BoundSpec spec = bounds.empty() ? BoundSpec{Bound::MaxDelay, "", 0} : bounds.front();
        TwinVerdict v =
            MakeVerdict(objective, "", spec, windowStart, windowEnd, std::nullopt, windowStart);
        v.passed = true;
        out.push_back(v);
    }
}

} // namespace

std::vector<TwinVerdict>
EvaluateTwinObjectives(const TwinScenario& scenario, const std::vector<TwinDemand>& demands,
                       const TwinNetwork& network, const TwinRunResults& results,
                       double durationSeconds)
{
    std::vector<TwinVerdict> verdicts;
    if (scenario.objectives.empty())
    {
        return verdicts;
    }
    Context ctx{scenario, demands, results, durationSeconds, {}, {}, {}, {}, {}};
    for (const auto& pair : TwinLinkPairs(network))
    {
        if (pair.size() > 1)
        {
            ctx.reverseLink[pair[0]] = pair[1];
            ctx.reverseLink[pair[1]] = pair[0];
        }
    }
    // The run's record of a demand's transport comes second to the demand set.
    for (const auto& r : results.demands)
    {
        ctx.demandResult.emplace(r.demandId, &r);
        if (r.protocol == "udp")
        {
            ctx.protocolOf[r.demandId] = TwinProtocol::Udp;
        }
        else if (r.protocol == "tcp")
        {
            ctx.protocolOf[r.demandId] = TwinProtocol::Tcp;
        }
    }
    for (const auto& d : demands)
    {
        ctx.protocolOf[d.id] = d.protocol;
    }
    ctx.demandSeries =
        GroupSeries(results.demandSamples, [](const TwinDemandSample& s) { return s.demandId; });
    ctx.linkSeries = GroupSeries(results.samples, [](const TwinLinkSample& s) { return s.linkId; });

    for (const auto& objective : scenario.objectives)
    {
        EvaluateObjective(ctx, objective, verdicts);
    }
    return verdicts;
}

std::string
TwinRunVerdict(const std::vector<TwinVerdict>& verdicts)
{
    if (verdicts.empty())
    {
        return "";
    }
    for (const auto& v : verdicts)
    {
        if (!v.passed)
        {
            return "fail";
        }
    }
    return "pass";
}

std::optional<double>
TwinRelativeMargin(const TwinVerdict& verdict)
{
    if (!verdict.measured || !verdict.margin)
    {
        return std::nullopt;
    }
    if (verdict.limit == 0)
    {
        return *verdict.margin;
    }
    return *verdict.margin / std::fabs(verdict.limit);
}

std::vector<TwinObjectiveSummary>
SummariseTwinVerdicts(const std::vector<TwinVerdict>& verdicts)
{
    std::vector<TwinObjectiveSummary> out;
    std::map<std::string, std::size_t> index;
    for (const auto& v : verdicts)
    {
        auto [it, inserted] = index.emplace(v.objectiveId, out.size());
        const auto relative = TwinRelativeMargin(v);
        if (inserted)
        {
            TwinObjectiveSummary s;
            s.objectiveId = v.objectiveId;
            s.targetKind = v.targetKind;
            s.targetId = v.targetId;
            s.passed = v.passed;
            s.verdicts = 1;
            s.failed = v.passed ? 0 : 1;
            s.worst = v;
            s.worstRelativeMargin = relative;
            s.holdsFromSeconds = v.holdsFromSeconds;
            out.push_back(s);
            continue;
        }
        auto& s = out[it->second];
        s.passed = s.passed && v.passed;
        s.verdicts++;
        s.failed += v.passed ? 0 : 1;
        // Without a measurement a verdict ranks below any margin; the first of equals stays.
        if (s.worstRelativeMargin && (!relative || *relative < *s.worstRelativeMargin))
        {
            s.worst = v;
            s.worstRelativeMargin = relative;
        }
        if (s.holdsFromSeconds && v.holdsFromSeconds)
        {
            s.holdsFromSeconds = std::max(*s.holdsFromSeconds, *v.holdsFromSeconds);
        }
        else
        {
            s.holdsFromSeconds.reset();
        }
    }
    return out;
}

} // namespace ns3
