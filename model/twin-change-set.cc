/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-change-set.h"

#include "twin-network-checks.h"

#include "ns3/twin-importer.h"
#include "ns3/twin-validator.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

namespace
{

/** What one edit did to the network. */
enum class EditOutcome
{
    Changed, //!< the network changed
    InPlace, //!< it was already so: nothing changed
    Failed   //!< it cannot be applied (the reason is set)
};

/** One single edit of a change set, applied to a network being derived. */
struct Edit
{
    std::string label;   //!< the edit in words, e.g. "node 'A': interface eth0 disabled"
    TwinSourceRef where; //!< where the change set gives it
    /** Applies the edit; on Failed sets the reason. */
    std::function<EditOutcome(TwinNetwork&, std::string&)> apply;
};

/**
 * @param network a network
 * @param id a node-id
 * @return the node, or null
 */
TwinNode*
FindNode(TwinNetwork& network, const std::string& id)
{
    for (auto& node : network.nodes)
    {
        if (node.id == id)
        {
            return &node;
        }
    }
    return nullptr;
}

/**
 * @param network a network
 * @param node a node-id
 * @param name an interface name
 * @param why set to what is missing when the result is null
 * @return the interface, or null
 */
TwinInterface*
FindInterface(TwinNetwork& network, const std::string& node, const std::string& name,
              std::string& why)
{
    TwinNode* n = FindNode(network, node);
    if (n == nullptr)
    {
        why = "the network has no node '" + node + "'";
        return nullptr;
    }
    for (auto& itf : n->interfaces)
    {
        if (itf.name == name)
        {
            return &itf;
        }
    }
    why = "node '" + node + "' has no interface '" + name + "'";
    return nullptr;
}

/**
 * @param a a prefix
 * @param b another
 * @return true if both name the same network
 */
bool
SamePrefix(const TwinIpv4Prefix& a, const TwinIpv4Prefix& b)
{
    return a.prefixLength == b.prefixLength && a.Network() == b.Network();
}

/**
 * @param prefix a prefix, maybe with host bits
 * @return its network address with the same length
 */
TwinIpv4Prefix
NetworkOf(TwinIpv4Prefix prefix)
{
    prefix.address = prefix.Network();
    return prefix;
}

/**
 * @param route a route
 * @return "10.0.0.0/24 via 10.0.1.2 out eth0 metric 1" (the parts it has)
 */
std::string
RouteText(const TwinRoute& route)
{
    std::string text = route.destination.ToString();
    if (route.nextHop)
    {
        text += " via " + TwinIpv4Prefix::AddressToString(*route.nextHop);
    }
    if (!route.outInterface.empty())
    {
        text += " out " + route.outInterface;
    }
    return text + " metric " + std::to_string(route.metric);
}

/**
 * @param a a route
 * @param b another
 * @return true if they are the same configuration (source locations aside)
 */
bool
SameRoute(const TwinRoute& a, const TwinRoute& b)
{
    return a.node == b.node && a.destination == b.destination && a.nextHop == b.nextHop &&
           a.outInterface == b.outInterface && a.metric == b.metric;
}

/**
 * @param primary a location
 * @param fallback another
 * @return primary unless it is empty
 */
TwinSourceRef
Where(const TwinSourceRef& primary, const TwinSourceRef& fallback)
{
    return primary.file.empty() && primary.path.empty() ? fallback : primary;
}

/** A static route the builder could not install, and why. */
struct UnusableRoute
{
    TwinRoute route;    //!< the route
    std::string reason; //!< CheckStaticRoute's error
    bool fromBase;      //!< the base has it (else the change set added it)
};

/**
 * Take the static routes the builder could not install out of a derived network. A route of
 * the base that the change made unusable (its outgoing interface disabled, its next hop's
 * subnet gone) is inactive on a router, as in a change-set event: the derived snapshot leaves
 * it out. A route the change set added is reported, not silently dropped.
 * @param network the derived network
 * @param base the base network
 * @return the routes taken out
 */
std::vector<UnusableRoute>
DropUnusableRoutes(TwinNetwork& network, const TwinNetwork& base)
{
    std::vector<UnusableRoute> dropped;
    std::vector<TwinRoute> kept;
    for (const TwinRoute& route : network.routes)
    {
        TwinRouteCheck check = CheckStaticRoute(network, route);
        if (check.error.empty())
        {
            kept.push_back(route);
            continue;
        }
        bool fromBase = std::any_of(base.routes.begin(), base.routes.end(),
                                    [&route](const TwinRoute& b) { return SameRoute(b, route); });
        dropped.push_back({route, check.error, fromBase});
    }
    network.routes = std::move(kept);
    return dropped;
}

/**
 * Flatten a change set into single edits, in the order they apply.
 * @param changeSet the change set
 * @return the edits
 */
std::vector<Edit>
Flatten(const TwinChangeSet& changeSet)
{
    std::vector<Edit> edits;
    for (const auto& nodeEdit : changeSet.nodes)
    {
        const std::string node = nodeEdit.node;
        const std::string prefix = "node '" + node + "': ";
        // 1. Interface state, then speed.
        for (const auto& itfEdit : nodeEdit.interfaces)
        {
            const std::string name = itfEdit.name;
            const TwinSourceRef where = Where(itfEdit.source, nodeEdit.source);
            if (itfEdit.enabled)
            {
                const bool enabled = *itfEdit.enabled;
                edits.push_back(
                    {prefix + "interface " + name + (enabled ? " enabled" : " disabled"), where,
                     [node, name, enabled](TwinNetwork& net, std::string& why)
                     {
                         TwinInterface* itf = FindInterface(net, node, name, why);
                         if (itf == nullptr)
                         {
                             return EditOutcome::Failed;
                         }
                         if (itf->enabled == enabled)
                         {
                             return EditOutcome::InPlace;
                         }
                         itf->enabled = enabled;
                         return EditOutcome::Changed;
                     }});
            }
            if (itfEdit.speedBps)
            {
                const uint64_t speed = *itfEdit.speedBps;
                edits.push_back(
                    {prefix + "interface " + name + " speed " + std::to_string(speed) + " bit/s",
                     where,
                     [node, name, speed](TwinNetwork& net, std::string& why)
                     {
                         TwinInterface* itf = FindInterface(net, node, name, why);
                         if (itf == nullptr)
                         {
                             return EditOutcome::Failed;
                         }
                         if (speed == 0)
                         {
                             why = "speed must be > 0";
                             return EditOutcome::Failed;
                         }
                         // The direction that starts at the interface carries its speed.
                         TwinLink* link = nullptr;
                         for (auto& l : net.links)
                         {
                             if (l.sourceNode == node && l.sourceTp == name)
                             {
                                 link = &l;
                                 break;
                             }
                         }
                         if (itf->speedBps == speed &&
                             (link == nullptr || link->capacityBps == speed))
                         {
                             return EditOutcome::InPlace;
                         }
                         itf->speedBps = speed;
                         if (link != nullptr)
                         {
                             link->capacityBps = speed;
                         }
                         return EditOutcome::Changed;
                     }});
            }
        }
        // 2. Address removals, 3. additions.
        for (const auto& itfEdit : nodeEdit.interfaces)
        {
            const std::string name = itfEdit.name;
            const TwinSourceRef where = Where(itfEdit.source, nodeEdit.source);
            for (uint32_t address : itfEdit.removeAddresses)
            {
                edits.push_back({prefix + "address " + TwinIpv4Prefix::AddressToString(address) +
                                     " removed from " + name,
                                 where,
                                 [node, name, address](TwinNetwork& net, std::string& why)
                                 {
                                     TwinInterface* itf = FindInterface(net, node, name, why);
                                     if (itf == nullptr)
                                     {
                                         return EditOutcome::Failed;
                                     }
                                     auto it =
                                         std::find_if(itf->addresses.begin(), itf->addresses.end(),
                                                      [address](const TwinIpv4Prefix& p)
                                                      { return p.address == address; });
                                     if (it == itf->addresses.end())
                                     {
                                         return EditOutcome::InPlace;
                                     }
                                     itf->addresses.erase(it);
                                     return EditOutcome::Changed;
                                 }});
            }
        }
        for (const auto& itfEdit : nodeEdit.interfaces)
        {
            const std::string name = itfEdit.name;
            const TwinSourceRef where = Where(itfEdit.source, nodeEdit.source);
            for (const TwinIpv4Prefix& address : itfEdit.addAddresses)
            {
                edits.push_back({prefix + "address " + address.ToString() + " added to " + name,
                                 where,
                                 [node, name, address](TwinNetwork& net, std::string& why)
                                 {
                                     TwinInterface* itf = FindInterface(net, node, name, why);
                                     if (itf == nullptr)
                                     {
                                         return EditOutcome::Failed;
                                     }
                                     for (const auto& p : itf->addresses)
                                     {
                                         if (p.address != address.address)
                                         {
                                             continue;
                                         }
                                         if (p.prefixLength == address.prefixLength)
                                         {
                                             return EditOutcome::InPlace;
                                         }
                                         // Silently keeping the other length would push a change
                                         // that was never verified.
                                         why = "the interface has this address as " + p.ToString() +
                                               ": remove it first";
                                         return EditOutcome::Failed;
                                     }
                                     itf->addresses.push_back(address);
                                     return EditOutcome::Changed;
                                 }});
            }
        }
        // 4. Route removals, 5. additions.
        for (const TwinIpv4Prefix& destination : nodeEdit.removeRoutes)
        {
            const TwinIpv4Prefix network = NetworkOf(destination);
            edits.push_back(
                {prefix + "static routes to " + network.ToString() + " removed", nodeEdit.source,
                 [node, network](TwinNetwork& net, std::string& why)
                 {
                     if (FindNode(net, node) == nullptr)
                     {
                         why = "the network has no node '" + node + "'";
                         return EditOutcome::Failed;
                     }
                     auto& routes = net.routes;
                     auto end = std::remove_if(routes.begin(), routes.end(),
                                               [&](const TwinRoute& r) {
                                                   return r.node == node &&
                                                          SamePrefix(r.destination, network);
                                               });
                     if (end == routes.end())
                     {
                         return EditOutcome::InPlace;
                     }
                     routes.erase(end, routes.end());
                     return EditOutcome::Changed;
                 }});
        }
        for (const TwinRoute& given : nodeEdit.addRoutes)
        {
            TwinRoute route = given;
            route.node = node;
            route.destination = NetworkOf(route.destination);
            edits.push_back({prefix + "static route " + RouteText(route) + " added",
                             Where(given.source, nodeEdit.source),
                             [node, route](TwinNetwork& net, std::string& why)
                             {
                                 if (FindNode(net, node) == nullptr)
                                 {
                                     why = "the network has no node '" + node + "'";
                                     return EditOutcome::Failed;
                                 }
                                 auto& routes = net.routes;
                                 std::vector<std::size_t> same;
                                 for (std::size_t i = 0; i < routes.size(); ++i)
                                 {
                                     if (routes[i].node == node &&
                                         SamePrefix(routes[i].destination, route.destination))
                                     {
                                         same.push_back(i);
                                     }
                                 }
                                 if (same.size() == 1 && SameRoute(routes[same[0]], route))
                                 {
                                     return EditOutcome::InPlace;
                                 }
                                 // Replaces the node's routes to the prefix, as route-add does.
                                 for (auto it = same.rbegin(); it != same.rend(); ++it)
                                 {
                                     routes.erase(routes.begin() +
                                                  static_cast<std::ptrdiff_t>(*it));
                                 }
                                 routes.push_back(route);
                                 return EditOutcome::Changed;
                             }});
        }
    }
    return edits;
}

/**
 * @param d a diagnostic
 * @return a key that identifies it independently of where it sits in a list
 */
std::string
Key(const TwinDiagnostic& d)
{
    return std::to_string(static_cast<int>(d.severity)) + "|" + d.message;
}

/**
 * Validate a copy of a network as an import is validated.
 * @param network the network (completed in place)
 * @return the validator's findings
 */
TwinDiagnostics
Validate(TwinNetwork& network)
{
    TwinDiagnostics found;
    TwinValidator::Run(network, TwinImportOptions{}, found);
    return found;
}

/**
 * @param found the findings on a derived network
 * @param baseline keys of the findings on the base
 * @param severity which severity
 * @return the findings of this severity that the base did not have
 */
std::vector<TwinDiagnostic>
NewFindings(const TwinDiagnostics& found, const std::set<std::string>& baseline,
            TwinDiagnostic::Severity severity)
{
    std::vector<TwinDiagnostic> fresh;
    for (const auto& d : found.All())
    {
        if (d.severity == severity && baseline.count(Key(d)) == 0)
        {
            fresh.push_back(d);
        }
    }
    return fresh;
}

} // namespace

TwinNetwork
ApplyTwinChangeSet(const TwinNetwork& base, const TwinChangeSet& changeSet,
                   TwinDiagnostics& diagnostics, TwinChangeSetApplyStats* stats)
{
    TwinChangeSetApplyStats counts;
    std::vector<Edit> edits = Flatten(changeSet);
    counts.edits = edits.size();
    TwinNetwork derived = base;
    if (changeSet.nodes.empty())
    {
        diagnostics.Error(TwinSourceRef{}, "the change set edits no node");
    }
    bool failed = false;
    for (const Edit& edit : edits)
    {
        std::string why;
        switch (edit.apply(derived, why))
        {
        case EditOutcome::Changed:
            ++counts.changed;
            break;
        case EditOutcome::InPlace:
            ++counts.inPlace;
            diagnostics.Note(edit.where, edit.label + ": already in place, nothing changes");
            break;
        case EditOutcome::Failed:
            failed = true;
            diagnostics.Error(edit.where, edit.label + ": " + why);
            break;
        }
    }
    if (stats != nullptr)
    {
        *stats = counts;
    }
    if (failed || counts.changed == 0)
    {
        // Nothing to validate: either it cannot apply, or the base is unchanged.
        return failed ? base : derived;
    }

    // Routes the change made inactive leave the derived snapshot; routes it added and that
    // cannot be installed are the change's errors.
    bool routeErrors = false;
    for (const UnusableRoute& u : DropUnusableRoutes(derived, base))
    {
        if (u.fromBase)
        {
            diagnostics.Warning(u.route.source,
                                "static route " + RouteText(u.route) + " on node '" + u.route.node +
                                    "' is inactive after the change set (" + u.reason +
                                    "): left out of the derived snapshot");
            continue;
        }
        routeErrors = true;
        auto edit = std::find_if(edits.begin(), edits.end(),
                                 [&u](const Edit& e)
                                 {
                                     return e.label == "node '" + u.route.node +
                                                           "': static route " + RouteText(u.route) +
                                                           " added";
                                 });
        diagnostics.Error(
            edit != edits.end() ? edit->where : u.route.source,
            (edit != edits.end() ? edit->label : "static route " + RouteText(u.route)) +
                ": cannot be installed: " + u.reason);
    }
    if (routeErrors)
    {
        return base;
    }

    // What the base already gives is not the change's doing.
    TwinNetwork baseCopy = base;
    std::set<std::string> baseline;
    const TwinDiagnostics baseFound = Validate(baseCopy);
    for (const auto& d : baseFound.All())
    {
        baseline.insert(Key(d));
    }
    TwinNetwork validated = derived;
    TwinDiagnostics found = Validate(validated);
    std::vector<TwinDiagnostic> errors =
        NewFindings(found, baseline, TwinDiagnostic::Severity::Error);
    if (errors.empty())
    {
        for (auto severity : {TwinDiagnostic::Severity::Warning, TwinDiagnostic::Severity::Note})
        {
            for (const auto& d : NewFindings(found, baseline, severity))
            {
                std::string message = "after the change set: " + d.message;
                if (severity == TwinDiagnostic::Severity::Warning)
                {
                    diagnostics.Warning(d.where, message);
                }
                else
                {
                    diagnostics.Note(d.where, message);
                }
            }
        }
        return validated;
    }

    // Name the edit that breaks it: the first after which the validator finds a new error.
    TwinNetwork partial = base;
    for (const Edit& edit : edits)
    {
        std::string why;
        if (edit.apply(partial, why) != EditOutcome::Changed)
        {
            continue;
        }
        TwinNetwork probe = partial;
        DropUnusableRoutes(probe, base);
        std::vector<TwinDiagnostic> caused =
            NewFindings(Validate(probe), baseline, TwinDiagnostic::Severity::Error);
        if (!caused.empty())
        {
            for (const auto& d : caused)
            {
                diagnostics.Error(edit.where, edit.label + " breaks the network: " + d.ToString());
            }
            return base;
        }
    }
    // Only the edits together break it.
    for (const auto& d : errors)
    {
        diagnostics.Error(TwinSourceRef{}, "the change set breaks the network: " + d.ToString());
    }
    return base;
}

} // namespace ns3
