/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Checking a scenario against its network, and sweep expansion (declared in scenario-reader.h).

#include "importer-util.h"
#include "scenario-reader.h"

#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace fs = std::filesystem;

namespace ns3
{

namespace
{

/**
 * @param where a reference to a list entry or container
 * @param child a relative data path below it
 * @return the reference with the child's path (same file and line)
 */
TwinSourceRef
Below(const TwinSourceRef& where, const std::string& child)
{
    TwinSourceRef out = where;
    out.path = where.path + "/" + child;
    return out;
}

/**
 * @param a a factor
 * @param b another
 * @return a * b, or UINT64_MAX when that overflows
 */
uint64_t
SaturatingProduct(uint64_t a, uint64_t b)
{
    if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a)
    {
        return std::numeric_limits<uint64_t>::max();
    }
    return a * b;
}

/** Element lookups of a network used by the checks. */
struct NetworkIndex
{
    std::unordered_set<std::string> nodes;                //!< node-ids
    std::unordered_map<std::string, std::string> reverse; //!< link-id -> reverse link-id or ""
    std::unordered_set<std::string> demands;              //!< demand ids

    /**
     * @param network the network
     */
    explicit NetworkIndex(const TwinNetwork& network)
    {
        for (const auto& n : network.nodes)
        {
            nodes.insert(n.id);
        }
        for (const auto& pair : TwinLinkPairs(network))
        {
            reverse[pair[0]] = pair.size() > 1 ? pair[1] : "";
            if (pair.size() > 1)
            {
                reverse[pair[1]] = pair[0];
            }
        }
        for (const auto& d : network.demands)
        {
            demands.insert(d.id);
        }
    }

    /**
     * @param link a link-id
     * @param directionOnly only the named direction
     * @return the directed link-ids affected
     */
    std::vector<std::string> Affected(const std::string& link, bool directionOnly) const
    {
        std::vector<std::string> out{link};
        auto it = reverse.find(link);
        if (!directionOnly && it != reverse.end() && !it->second.empty())
        {
            out.push_back(it->second);
        }
        return out;
    }
};

/**
 * @param index the network's lookups
 * @param where the leaf naming the node
 * @param node a node-id
 * @param d where the error goes
 * @return true if the node exists
 */
bool
CheckNode(const NetworkIndex& index, const TwinSourceRef& where, const std::string& node,
          TwinDiagnostics& d)
{
    if (index.nodes.count(node) == 0)
    {
        d.Error(where, "unknown node '" + node + "'");
        return false;
    }
    return true;
}

/**
 * @param network the network
 * @param where the leaf naming the interface
 * @param node a node-id
 * @param name an interface name
 * @param d where the error goes
 * @return true if the node has the interface
 */
bool
CheckInterface(const TwinNetwork& network, const TwinSourceRef& where, const std::string& node,
               const std::string& name, TwinDiagnostics& d)
{
    if (network.FindInterface(node, name) == nullptr)
    {
        d.Error(where, "node '" + node + "' has no interface '" + name + "'");
        return false;
    }
    return true;
}

/**
 * Check the edits of a change set against the network, and name every element it changes.
 * @param changeSet the edits
 * @param where the change set (its event, or its container), for an empty one
 * @param network the network
 * @param index the network's lookups
 * @param d where errors go
 * @param claim called with each element the change set changes, e.g. "speed of interface
 *        'A eth0'", so that a caller can find contradicting events
 */
void
CheckChangeSetEdits(const TwinChangeSet& changeSet, const TwinSourceRef& where,
                    const TwinNetwork& network, const NetworkIndex& index, TwinDiagnostics& d,
                    const std::function<void(const std::string&)>& claim)
{
    if (changeSet.nodes.empty())
    {
        d.Error(where, "the change set edits no node");
    }
    for (const auto& ne : changeSet.nodes)
    {
        if (!CheckNode(index, Below(ne.source, "node-id"), ne.node, d))
        {
            continue;
        }
        for (const auto& ie : ne.interfaces)
        {
            if (!CheckInterface(network, Below(ie.source, "name"), ne.node, ie.name, d))
            {
                continue;
            }
            std::string itf = "interface '" + ne.node + " " + ie.name + "'";
            if (ie.enabled)
            {
                claim("state of " + itf);
            }
            if (ie.speedBps)
            {
                claim("speed of " + itf);
            }
            const TwinInterface* intf = network.FindInterface(ne.node, ie.name);
            for (uint32_t a : ie.removeAddresses)
            {
                bool found = false;
                for (const auto& p : intf->addresses)
                {
                    found = found || p.address == a;
                }
                if (!found)
                {
                    d.Error(Below(ie.source, "remove-ipv4-address"),
                            itf + " has no address " + TwinIpv4Prefix::AddressToString(a) +
                                " to remove");
                }
            }
        }
        for (const auto& r : ne.addRoutes)
        {
            if (!r.outInterface.empty())
            {
                CheckInterface(network, Below(r.source, "outgoing-interface"), ne.node,
                               r.outInterface, d);
            }
            claim("route to " + r.destination.ToString() + " of node '" + ne.node + "'");
        }
        for (const auto& p : ne.removeRoutes)
        {
            claim("route to " + p.ToString() + " of node '" + ne.node + "'");
        }
    }
}

/**
 * @param e an event
 * @return its time for messages: "2.5 s", with the wall-clock stamp when it has one
 */
std::string
EventTime(const TwinEvent& e)
{
    std::string out = importer::FormatNumber(e.timeSeconds) + " s";
    return e.wallTime.empty() ? out : out + " (wall time " + e.wallTime + ")";
}

/**
 * Records which element each event changes at which time, and reports two events that change
 * the same element at the same time.
 */
class ConflictFinder
{
public:
    /**
     * @param diagnostics where errors go
     */
    explicit ConflictFinder(TwinDiagnostics& diagnostics) : m_diagnostics(diagnostics) {}

    /**
     * @param event the event
     * @param key what it changes, e.g. "state of link X"
     */
    void Claim(const TwinEvent& event, const std::string& key)
    {
        auto [it, inserted] = m_claims.emplace(std::make_pair(event.timeSeconds, key), &event);
        if (!inserted && it->second != &event && m_reported.insert(&event).second)
        {
            m_diagnostics.Error(event.source, "event '" + event.id + "' contradicts event '" +
                                                  it->second->id + "': both change the " + key +
                                                  " at " +
                                                  importer::FormatNumber(event.timeSeconds) + " s");
        }
    }

private:
    std::map<std::pair<double, std::string>, const TwinEvent*> m_claims; //!< first claimant
    std::set<const TwinEvent*> m_reported; //!< events already reported, one error each
    TwinDiagnostics& m_diagnostics;        //!< where errors go
};

} // namespace

std::vector<std::vector<std::string>>
TwinLinkPairs(const TwinNetwork& network)
{
    // Key (source node, tp, dest node, tp) -> indices, to find each link's reverse quickly.
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::vector<size_t>>
        byEnds;
    for (std::size_t i = 0; i < network.links.size(); ++i)
    {
        const auto& l = network.links[i];
        byEnds[{l.sourceNode, l.sourceTp, l.destNode, l.destTp}].push_back(i);
    }
    std::vector<bool> used(network.links.size(), false);
    std::vector<std::vector<std::string>> pairs;
    for (std::size_t i = 0; i < network.links.size(); ++i)
    {
        if (used[i])
        {
            continue;
        }
        used[i] = true;
        const auto& l = network.links[i];
        std::vector<std::string> pair{l.id};
        auto it = byEnds.find({l.destNode, l.destTp, l.sourceNode, l.sourceTp});
        if (it != byEnds.end())
        {
            for (std::size_t j : it->second)
            {
                if (!used[j])
                {
                    used[j] = true;
                    pair.push_back(network.links[j].id);
                    break;
                }
            }
        }
        pairs.push_back(std::move(pair));
    }
    return pairs;
}

std::optional<std::string>
ResolveScenarioBundlePath(const TwinScenario& scenario, const std::string& baseDirectory,
                          TwinDiagnostics& diagnostics)
{
    const auto& base = scenario.base;
    TwinSourceRef where = Below(base.source, "bundle-path");
    if (base.kind != TwinScenarioBase::Kind::BundlePath)
    {
        diagnostics.Error(base.source, "the base snapshot is not given by a bundle path");
        return std::nullopt;
    }
    fs::path path(base.bundlePath);
    if (path.is_relative() && !baseDirectory.empty())
    {
        path = fs::path(baseDirectory) / path;
    }
    std::error_code ec;
    if (!fs::exists(path, ec))
    {
        diagnostics.Error(where, "the base snapshot bundle '" + path.string() + "' does not exist" +
                                     (ec ? ": " + ec.message() : std::string()));
        return std::nullopt;
    }
    return path.string();
}

uint64_t
CountTwinScenarioRuns(const TwinScenario& scenario, const TwinNetwork& network)
{
    uint64_t failures = 1;
    uint64_t capacities = 1;
    uint64_t traffic = 1;
    if (scenario.sweep)
    {
        const auto& w = *scenario.sweep;
        if (w.singleLinkFailures || w.singleNodeFailures)
        {
            failures = (w.singleLinkFailures ? TwinLinkPairs(network).size() : 0) +
                       (w.singleNodeFailures ? network.nodes.size() : 0);
        }
        capacities = std::max<uint64_t>(1, w.capacityFactors.size());
        traffic = std::max<uint64_t>(1, w.trafficFactors.size());
    }
    uint64_t runs = SaturatingProduct(failures, capacities);
    runs = SaturatingProduct(runs, traffic);
    return SaturatingProduct(runs, scenario.EffectiveSeeds().size());
}

std::vector<TwinScenarioVariant>
ExpandTwinScenario(const TwinScenario& scenario, const TwinNetwork& network)
{
    // The failure dimension: {name part, failed links, failed node}.
    struct Failure
    {
        std::string name;
        std::vector<std::string> links;
        std::string node;
    };

    std::vector<Failure> failures;
    std::vector<double> capacities{1};
    std::vector<double> traffic{1};
    double failureTime = 0;
    bool sweepCapacity = false;
    bool sweepTraffic = false;
    if (scenario.sweep)
    {
        const auto& w = *scenario.sweep;
        failureTime = w.failureTimeSeconds;
        std::unordered_set<std::string> names;
        if (w.singleLinkFailures)
        {
            std::unordered_map<std::string, const TwinLink*> byId;
            for (const auto& l : network.links)
            {
                byId.emplace(l.id, &l);
            }
            for (const auto& pair : TwinLinkPairs(network))
            {
                const TwinLink* first = byId.at(pair[0]);
                // Parallel links share their ends: the later ones get "-2", "-3"...
                failures.push_back(
                    {importer::UniqueId("link-" + first->sourceNode + "-" + first->destNode, names),
                     pair, ""});
            }
        }
        if (w.singleNodeFailures)
        {
            for (const auto& n : network.nodes)
            {
                failures.push_back({importer::UniqueId("node-" + n.id, names), {}, n.id});
            }
        }
        if (!w.capacityFactors.empty())
        {
            capacities = w.capacityFactors;
            sweepCapacity = true;
        }
        if (!w.trafficFactors.empty())
        {
            traffic = w.trafficFactors;
            sweepTraffic = true;
        }
    }
    if (failures.empty())
    {
        failures.push_back({"", {}, ""});
    }
    auto seeds = scenario.EffectiveSeeds();
    std::vector<TwinScenarioVariant> out;
    for (const auto& f : failures)
    {
        for (double c : capacities)
        {
            for (double t : traffic)
            {
                for (uint32_t seed : seeds)
                {
                    std::vector<std::string> parts;
                    if (!f.name.empty())
                    {
                        parts.push_back(f.name);
                    }
                    if (sweepCapacity)
                    {
                        parts.push_back("capacity-x" + importer::FormatNumber(c));
                    }
                    if (sweepTraffic)
                    {
                        parts.push_back("traffic-x" + importer::FormatNumber(t));
                    }
                    if (seeds.size() > 1)
                    {
                        parts.push_back("seed-" + std::to_string(seed));
                    }
                    TwinScenarioVariant v;
                    for (const auto& p : parts)
                    {
                        v.name += (v.name.empty() ? "" : "+") + p;
                    }
                    if (v.name.empty())
                    {
                        v.name = "base";
                    }
                    v.failedLinks = f.links;
                    v.failedNode = f.node;
                    v.failureTimeSeconds = failureTime;
                    v.capacityFactor = c;
                    v.trafficFactor = t;
                    v.seed = seed;
                    out.push_back(std::move(v));
                }
            }
        }
    }
    return out;
}

TwinDiagnostics
CheckTwinChangeSet(const TwinChangeSet& changeSet, const TwinNetwork& network,
                   const TwinSourceRef& where)
{
    TwinDiagnostics d;
    // Applied at one time as one event, a change set's edits do not contradict each other
    // (CheckTwinScenario does not compare an event with itself either).
    CheckChangeSetEdits(changeSet, where, network, NetworkIndex(network), d,
                        [](const std::string&) {});
    return d;
}

TwinDiagnostics
CheckTwinScenario(const TwinScenario& scenario, const TwinNetwork& network,
                  const TwinScenarioCheckOptions& options)
{
    TwinDiagnostics d;
    NetworkIndex index(network);
    const double duration = scenario.durationSeconds;
    const std::string durationText = importer::FormatNumber(duration) + " s";
    if (!(duration > 0))
    {
        d.Error(Below(scenario.source, "duration-s"), "the duration must be positive");
    }

    // Traffic classes.
    std::unordered_set<std::string> classes;
    for (const auto& c : scenario.traffic.classes)
    {
        if (!classes.insert(c.name).second)
        {
            d.Error(c.source, "traffic class '" + c.name + "' is defined twice");
        }
        if (c.demands.empty() && !c.protocol)
        {
            d.Error(c.source, "traffic class '" + c.name + "' names no demands and no protocol");
        }
        for (const auto& dem : c.demands)
        {
            if (index.demands.count(dem) == 0)
            {
                d.Error(Below(c.source, "demand"),
                        "traffic class '" + c.name + "' names unknown demand '" + dem + "'");
            }
        }
    }

    auto checkLink = [&](const TwinSourceRef& where, const std::string& link)
    {
        if (index.reverse.count(link) == 0)
        {
            d.Error(where, "unknown link '" + link + "'");
            return false;
        }
        return true;
    };

    // Events.
    ConflictFinder conflicts(d);
    std::unordered_set<std::string> eventIds;
    for (const auto& e : scenario.events)
    {
        const std::string action = TwinEventTypeName(e.type);
        if (!eventIds.insert(e.id).second)
        {
            d.Error(e.source, "event '" + e.id + "' is defined twice");
        }
        const TwinSourceRef when = Below(e.source, e.wallTime.empty() ? "time-s" : "wall-time");
        if (e.timeSeconds < 0)
        {
            d.Error(when, "event '" + e.id + "' at " + EventTime(e) +
                              " is before the start of the run (0 s)");
        }
        else if (e.timeSeconds >= duration)
        {
            d.Error(when, "event '" + e.id + "' at " + EventTime(e) +
                              " is not before the end of the run (" + durationText + ")");
        }
        switch (e.type)
        {
        case TwinEventType::LinkDown:
        case TwinEventType::LinkUp:
        case TwinEventType::LinkCapacity:
        case TwinEventType::LinkDelay:
            if (checkLink(Below(e.source, action + "/link"), e.link))
            {
                const char* what = e.type == TwinEventType::LinkCapacity ? "capacity"
                                   : e.type == TwinEventType::LinkDelay  ? "delay"
                                                                         : "state";
                for (const auto& l : index.Affected(e.link, e.directionOnly))
                {
                    conflicts.Claim(e, std::string(what) + " of link '" + l + "'");
                }
            }
            if (e.type == TwinEventType::LinkDelay && e.directionOnly)
            {
                // Refused here rather than by TwinEventScheduler when the run starts, after
                // the scenario and its sweep have been stored.
                d.Error(Below(e.source, action + "/direction-only"),
                        "event '" + e.id +
                            "': a link-delay cannot be direction-only: a point-to-point link "
                            "has one propagation delay for both directions (set direction-only "
                            "to false or leave it out)");
            }
            break;
        case TwinEventType::NodeDown:
        case TwinEventType::NodeUp:
            if (CheckNode(index, Below(e.source, action + "/node"), e.node, d))
            {
                conflicts.Claim(e, "state of node '" + e.node + "'");
            }
            break;
        case TwinEventType::RouteAdd:
        case TwinEventType::RouteRemove:
            if (CheckNode(index, Below(e.source, action + "/node"), e.node, d))
            {
                if (!e.route.outInterface.empty())
                {
                    CheckInterface(network, Below(e.source, action + "/outgoing-interface"), e.node,
                                   e.route.outInterface, d);
                }
                conflicts.Claim(e, "route to " + e.route.destination.ToString() + " of node '" +
                                       e.node + "'");
            }
            break;
        case TwinEventType::TrafficSurge:
            if (!e.demand.empty())
            {
                if (index.demands.count(e.demand) == 0)
                {
                    d.Error(Below(e.source, action + "/demand"),
                            "unknown demand '" + e.demand + "'");
                }
                conflicts.Claim(e, "rate of demand '" + e.demand + "'");
            }
            else
            {
                if (classes.count(e.trafficClass) == 0)
                {
                    d.Error(Below(e.source, action + "/class"),
                            "unknown traffic class '" + e.trafficClass + "'");
                }
                conflicts.Claim(e, "rate of class '" + e.trafficClass + "'");
            }
            break;
        case TwinEventType::ChangeSet:
            CheckChangeSetEdits(e.changeSet, Below(e.source, action), network, index, d,
                                [&](const std::string& key) { conflicts.Claim(e, key); });
            break;
        }
    }

    // Objectives.
    for (const auto& o : scenario.objectives)
    {
        switch (o.target)
        {
        case TwinObjectiveTarget::Demand:
            if (index.demands.count(o.targetId) == 0)
            {
                d.Error(Below(o.source, "demand"),
                        "objective '" + o.id + "' names unknown demand '" + o.targetId + "'");
            }
            break;
        case TwinObjectiveTarget::Class:
            if (classes.count(o.targetId) == 0)
            {
                d.Error(Below(o.source, "class"), "objective '" + o.id +
                                                      "' names unknown traffic class '" +
                                                      o.targetId + "'");
            }
            break;
        case TwinObjectiveTarget::Link:
            if (index.reverse.count(o.targetId) == 0)
            {
                d.Error(Below(o.source, "link"),
                        "objective '" + o.id + "' names unknown link '" + o.targetId + "'");
            }
            break;
        }
        double end = o.windowEndSeconds.value_or(duration);
        if (o.windowStartSeconds >= duration)
        {
            d.Error(Below(o.source, "window-start-s"),
                    "objective '" + o.id + "' window starts at " +
                        importer::FormatNumber(o.windowStartSeconds) +
                        " s, not before the end of the run (" + durationText + ")");
        }
        else if (end > duration)
        {
            d.Error(Below(o.source, "window-end-s"),
                    "objective '" + o.id + "' window ends at " + importer::FormatNumber(end) +
                        " s, after the end of the run (" + durationText + ")");
        }
        else if (end <= o.windowStartSeconds)
        {
            d.Error(Below(o.source, "window-end-s"),
                    "objective '" + o.id + "' window is empty: it ends at " +
                        importer::FormatNumber(end) + " s, not after its start at " +
                        importer::FormatNumber(o.windowStartSeconds) + " s");
        }
    }

    // Sweep.
    if (scenario.sweep)
    {
        const auto& w = *scenario.sweep;
        if ((w.singleLinkFailures || w.singleNodeFailures) && w.failureTimeSeconds >= duration)
        {
            d.Error(Below(w.source, "failure-time-s"),
                    "the swept failure at " + importer::FormatNumber(w.failureTimeSeconds) +
                        " s is not before the end of the run (" + durationText + ")");
        }
        if ((w.singleLinkFailures && network.links.empty()) ||
            (w.singleNodeFailures && network.nodes.empty()))
        {
            d.Error(w.source, "the sweep fails elements the network does not have");
        }
    }
    uint64_t runs = CountTwinScenarioRuns(scenario, network);
    if (runs > options.maxRuns)
    {
        TwinSourceRef where = scenario.sweep ? scenario.sweep->source : scenario.source;
        d.Error(where, "the scenario expands to " + std::to_string(runs) +
                           " runs (variants x seeds), more than the limit of " +
                           std::to_string(options.maxRuns));
    }
    return d;
}

} // namespace ns3
