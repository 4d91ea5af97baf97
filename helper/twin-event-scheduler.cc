/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-event-scheduler.h"

#include "ns3/boolean.h"
#include "ns3/bulk-send-application.h"
#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/twin-network-checks.h"
#include "ns3/twin-packet-replay.h"
#include "ns3/twin-routing.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinEventScheduler");
NS_OBJECT_ENSURE_REGISTERED(TwinEventScheduler);

namespace
{

/** Receive error model of a failed link direction: every packet is lost. */
class TwinLinkDownModel : public ErrorModel
{
private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        // ErrorModel::IsCorrupt leaves the enabled check to the subclass.
        return IsEnabled();
    }

    void DoReset() override {}
};

/**
 * @param event an event
 * @return "event 'id' (source)" for error messages
 */
std::string
Describe(const TwinEvent& event)
{
    std::string text = "event '" + event.id + "' (" + TwinEventTypeName(event.type) + ")";
    const std::string where = event.source.ToString();
    if (!where.empty())
    {
        text += " at " + where;
    }
    return text;
}

/**
 * @param value a number
 * @return its shortest readable decimal text ("8", "0.012", "1.25")
 */
std::string
Num(double value)
{
    std::ostringstream os;
    os << std::setprecision(12) << value;
    return os.str();
}

/**
 * @param n a count
 * @param word a singular noun
 * @return "1 route", "2 routes"
 */
std::string
Count(std::size_t n, const std::string& word)
{
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

/**
 * @param parts texts
 * @param separator what goes between them
 * @return the texts joined
 */
std::string
Join(const std::vector<std::string>& parts, const std::string& separator)
{
    std::string out;
    for (const auto& part : parts)
    {
        out += (out.empty() ? "" : separator) + part;
    }
    return out;
}

/**
 * @param a a prefix
 * @param b another prefix
 * @return true if both name the same network (host bits ignored)
 */
bool
SamePrefix(const TwinIpv4Prefix& a, const TwinIpv4Prefix& b)
{
    return a.prefixLength == b.prefixLength && a.Network() == b.Network();
}

/**
 * @param route a route
 * @return "10.0.0.0/24 via 10.0.1.2 out to-B, metric 1" (the parts it has)
 */
std::string
RouteText(const TwinRoute& route)
{
    TwinIpv4Prefix network = route.destination;
    network.address = network.Network();
    std::string text = network.ToString();
    if (route.nextHop)
    {
        text += " via " + TwinIpv4Prefix::AddressToString(*route.nextHop);
    }
    if (!route.outInterface.empty())
    {
        text += " out " + route.outInterface;
    }
    return text + ", metric " + std::to_string(route.metric);
}

/**
 * Count the bytes a BulkSendApplication hands to its socket (its Tx trace).
 * @param counter the running total
 * @param packet the bytes handed over
 */
void
CountSentBytes(std::shared_ptr<uint64_t> counter, Ptr<const Packet> packet)
{
    *counter += packet->GetSize();
}

} // namespace

void
InstallTwinStaticRoute(Ptr<Ipv4StaticRouting> routing, const TwinRoute& route, uint32_t ifIndex)
{
    Ipv4Address network(route.destination.Network());
    if (route.destination.prefixLength == 32)
    {
        if (route.nextHop)
        {
            routing->AddHostRouteTo(network, Ipv4Address(*route.nextHop), ifIndex, route.metric);
        }
        else
        {
            routing->AddHostRouteTo(network, ifIndex, route.metric);
        }
        return;
    }
    Ipv4Mask mask(route.destination.Mask());
    if (route.nextHop)
    {
        routing->AddNetworkRouteTo(network, mask, Ipv4Address(*route.nextHop), ifIndex,
                                   route.metric);
    }
    else
    {
        routing->AddNetworkRouteTo(network, mask, ifIndex, route.metric);
    }
}

int32_t
FindTwinStaticRoute(Ptr<Ipv4StaticRouting> routing, const TwinRoute& route, uint32_t ifIndex)
{
    const Ipv4Address network(route.destination.Network());
    const Ipv4Mask mask(route.destination.Mask());
    const Ipv4Address gateway =
        route.nextHop ? Ipv4Address(*route.nextHop) : Ipv4Address::GetZero();
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry entry = routing->GetRoute(i);
        if (entry.GetDestNetwork() == network && entry.GetDestNetworkMask() == mask &&
            entry.GetGateway() == gateway && entry.GetInterface() == ifIndex &&
            routing->GetMetric(i) == route.metric)
        {
            return static_cast<int32_t>(i);
        }
    }
    return -1;
}

TypeId
TwinEventScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TwinEventScheduler")
                            .SetParent<Object>()
                            .SetGroupName("DigitalTwin")
                            .AddConstructor<TwinEventScheduler>();
    return tid;
}

TwinEventScheduler::TwinEventScheduler()
{
    NS_LOG_FUNCTION(this);
}

TwinEventScheduler::~TwinEventScheduler()
{
    NS_LOG_FUNCTION(this);
}

void
TwinEventScheduler::DoDispose()
{
    m_builder = nullptr;
    m_traffic = nullptr;
    m_dropModels.clear();
    m_tcpSent.clear();
    Object::DoDispose();
}

void
TwinEventScheduler::Attach(Ptr<TwinBuilder> builder)
{
    if (!builder || !builder->IsBuilt())
    {
        throw TwinBuildError("event scheduler: the twin has not been built");
    }
    m_builder = builder;
    m_network = builder->GetNetwork();
    const auto& links = builder->GetLinks();
    const auto n = links.size();
    // The reverse of a direction is the one that transmits on its receiving device.
    m_reverse.assign(n, -1);
    std::map<const PointToPointNetDevice*, int32_t> byTxDevice;
    for (std::size_t j = 0; j < n; ++j)
    {
        byTxDevice.emplace(PeekPointer(links[j].txDevice), static_cast<int32_t>(j));
    }
    for (std::size_t i = 0; i < n; ++i)
    {
        auto it = byTxDevice.find(PeekPointer(links[i].rxDevice));
        if (it != byTxDevice.end() && it->second != static_cast<int32_t>(i))
        {
            m_reverse[i] = it->second;
        }
    }
    m_linkDown.assign(n, false);
    NodeContainer nodes = builder->GetNodes();
    m_nodeDown.assign(nodes.GetN(), false);
    m_dropModels.assign(n, nullptr);

    // Which ns-3 interfaces carry their addresses: the builder leaves a disabled interface
    // down and without addresses until a change set enables it.
    m_ifConfigured.assign(nodes.GetN(), {});
    for (uint32_t node = 0; node < nodes.GetN(); ++node)
    {
        m_ifConfigured[node].assign(nodes.Get(node)->GetObject<Ipv4>()->GetNInterfaces(), true);
        for (const auto& itf : m_network.nodes[node].interfaces)
        {
            int32_t ifIndex = builder->GetInterfaceIndex(m_network.nodes[node].id, itf.name);
            if (ifIndex > 0)
            {
                m_ifConfigured[node][ifIndex] = itf.enabled;
            }
        }
    }

    // The snapshot's routes are kept like added ones (installed only in configured mode).
    m_routes.assign(nodes.GetN(), {});
    if (builder->GetRoutingMode() == TwinRoutingMode::Configured)
    {
        std::vector<TwinRouteCheck> checks = CheckStaticRoutes(m_network);
        for (std::size_t r = 0; r < m_network.routes.size(); ++r)
        {
            const TwinRoute& route = m_network.routes[r];
            int32_t ifIndex = builder->GetInterfaceIndex(route.node, checks[r].outInterface);
            if (checks[r].error.empty() && ifIndex > 0)
            {
                m_routes[builder->GetNodeIndex(route.node)].push_back(
                    KeptRoute{route, static_cast<uint32_t>(ifIndex)});
            }
        }
    }
    m_udpSurges.clear();
    m_applied.clear();
}

void
TwinEventScheduler::AttachTraffic(Ptr<TwinTrafficHelper> traffic)
{
    if (!traffic)
    {
        throw TwinBuildError("event scheduler: AttachTraffic needs a traffic helper");
    }
    if (m_traffic && m_traffic != traffic)
    {
        m_tcpSent.clear();
    }
    m_traffic = traffic;
    for (const auto& inst : traffic->GetInstalled())
    {
        if (inst.demand.protocol != TwinProtocol::Tcp || m_tcpSent.count(inst.demand.id) > 0)
        {
            continue;
        }
        // BulkSendApplication keeps its byte count private; its Tx trace reports every byte
        // handed to the socket.
        auto counter = std::make_shared<uint64_t>(0);
        inst.source->TraceConnectWithoutContext("Tx", MakeBoundCallback(&CountSentBytes, counter));
        m_tcpSent[inst.demand.id] = counter;
    }
}

void
TwinEventScheduler::SetTrafficClasses(const std::vector<TwinTrafficClass>& classes)
{
    m_classes = classes;
}

const std::vector<TwinAppliedEvent>&
TwinEventScheduler::GetAppliedEvents() const
{
    return m_applied;
}

bool
TwinEventScheduler::IsSupported(TwinEventType type)
{
    switch (type)
    {
    case TwinEventType::LinkDown:
    case TwinEventType::LinkUp:
    case TwinEventType::NodeDown:
    case TwinEventType::NodeUp:
    case TwinEventType::LinkCapacity:
    case TwinEventType::LinkDelay:
    case TwinEventType::RouteAdd:
    case TwinEventType::RouteRemove:
    case TwinEventType::TrafficSurge:
    case TwinEventType::ChangeSet:
        return true;
    }
    return false;
}

void
TwinEventScheduler::SetRoutingReaction(const TwinScenarioRouting& routing)
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    if (!(routing.convergenceDelaySeconds >= 0) || !std::isfinite(routing.convergenceDelaySeconds))
    {
        throw TwinBuildError("routing reaction: convergence delay must be >= 0, not " +
                             std::to_string(routing.convergenceDelaySeconds));
    }
    Ptr<TwinRoutingGraph> graph = m_builder->GetRoutingGraph();
    const bool recompute = routing.reaction == TwinRoutingReaction::Recompute;
    if (!graph)
    {
        if (recompute)
        {
            throw TwinBuildError("routing reaction 'recompute' needs shortest-path routing; the "
                                 "twin uses configured static routes");
        }
        return;
    }
    if (!recompute && routing.convergenceDelaySeconds != 0)
    {
        throw TwinBuildError("routing reaction: a convergence delay is only allowed with "
                             "'recompute'");
    }
    graph->SetAttribute("RecomputeOnChange", BooleanValue(recompute));
    graph->SetAttribute("ConvergenceDelay", TimeValue(Seconds(routing.convergenceDelaySeconds)));
}

uint32_t
TwinEventScheduler::LinkIndex(const std::string& linkId) const
{
    const TwinBuilder::BuiltLink* link = m_builder->FindLink(linkId);
    if (!link)
    {
        throw TwinBuildError("unknown link '" + linkId + "'");
    }
    return link->linkIndex;
}

std::vector<uint32_t>
TwinEventScheduler::AffectedLinks(const TwinEvent& event) const
{
    uint32_t index = LinkIndex(event.link);
    std::vector<uint32_t> result{index};
    if (!event.directionOnly && m_reverse.at(index) >= 0)
    {
        result.push_back(static_cast<uint32_t>(m_reverse[index]));
    }
    return result;
}

void
TwinEventScheduler::Check(const TwinEvent& event, bool checkTime) const
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    const std::string what = Describe(event);
    if (checkTime && (!std::isfinite(event.timeSeconds) ||
                      Seconds(event.timeSeconds) < Simulator::Now() || event.timeSeconds < 0))
    {
        throw TwinBuildError(what + ": time " + std::to_string(event.timeSeconds) +
                             " s is in the past");
    }
    const TwinNetwork& snapshot = m_builder->GetNetwork();
    auto checkNode = [this, &what](const std::string& node)
    {
        if (m_builder->GetNodeIndex(node) < 0)
        {
            throw TwinBuildError(what + ": unknown node '" + node + "'");
        }
    };
    auto checkInterface = [&snapshot, &what](const std::string& node, const std::string& name)
    {
        if (!snapshot.FindInterface(node, name))
        {
            throw TwinBuildError(what + ": node '" + node + "' has no interface '" + name + "'");
        }
    };
    auto checkPrefix = [&what](const TwinIpv4Prefix& prefix)
    {
        if (prefix.prefixLength > 32)
        {
            throw TwinBuildError(what + ": prefix length " + std::to_string(prefix.prefixLength) +
                                 " is above 32");
        }
    };
    // What a route needs to be installable at all; whether its next hop is reachable depends
    // on the addresses when it applies.
    auto checkRoute = [&](const std::string& node, const TwinRoute& route)
    {
        checkPrefix(route.destination);
        if (!route.nextHop && route.outInterface.empty())
        {
            throw TwinBuildError(what + ": route to " + route.destination.ToString() +
                                 " has neither a next hop nor an outgoing interface");
        }
        if (!route.outInterface.empty())
        {
            checkInterface(node, route.outInterface);
        }
    };
    switch (event.type)
    {
    case TwinEventType::LinkDown:
    case TwinEventType::LinkUp:
    case TwinEventType::LinkCapacity:
    case TwinEventType::LinkDelay:
        if (!m_builder->FindLink(event.link))
        {
            throw TwinBuildError(what + ": unknown link '" + event.link + "'");
        }
        break;
    case TwinEventType::NodeDown:
    case TwinEventType::NodeUp:
        checkNode(event.node);
        break;
    case TwinEventType::RouteAdd:
        checkNode(event.node);
        checkRoute(event.node, event.route);
        break;
    case TwinEventType::RouteRemove:
        checkNode(event.node);
        checkPrefix(event.route.destination);
        break;
    case TwinEventType::TrafficSurge:
    {
        if (!m_traffic)
        {
            throw TwinBuildError(what + ": traffic surges change the demands' applications; "
                                        "call AttachTraffic() first");
        }
        if (event.demand.empty() == event.trafficClass.empty())
        {
            throw TwinBuildError(what + ": a traffic surge names exactly one demand or class");
        }
        const auto& requested = m_traffic->GetRequested();
        auto known = [&requested](const std::string& id)
        {
            return std::any_of(requested.begin(), requested.end(),
                               [&id](const TwinDemand& d) { return d.id == id; });
        };
        if (!event.demand.empty() && !known(event.demand))
        {
            throw TwinBuildError(what + ": unknown demand '" + event.demand + "'");
        }
        if (!event.trafficClass.empty())
        {
            auto cls = std::find_if(m_classes.begin(), m_classes.end(),
                                    [&event](const TwinTrafficClass& c)
                                    { return c.name == event.trafficClass; });
            if (cls == m_classes.end())
            {
                throw TwinBuildError(what + ": unknown traffic class '" + event.trafficClass + "'");
            }
            for (const auto& id : cls->demands)
            {
                if (!known(id))
                {
                    throw TwinBuildError(what + ": traffic class '" + cls->name +
                                         "' lists unknown demand '" + id + "'");
                }
            }
        }
        if (!(event.factor > 0) || !std::isfinite(event.factor))
        {
            throw TwinBuildError(what + ": factor must be > 0, not " + Num(event.factor));
        }
        if (event.surgeDurationSeconds &&
            (!(*event.surgeDurationSeconds > 0) || !std::isfinite(*event.surgeDurationSeconds)))
        {
            throw TwinBuildError(what + ": duration must be > 0, not " +
                                 Num(*event.surgeDurationSeconds) + " s");
        }
        break;
    }
    case TwinEventType::ChangeSet:
        for (const auto& edit : event.changeSet.nodes)
        {
            checkNode(edit.node);
            for (const auto& itf : edit.interfaces)
            {
                checkInterface(edit.node, itf.name);
                if (itf.speedBps && *itf.speedBps == 0)
                {
                    throw TwinBuildError(what + ": node '" + edit.node + "' interface '" +
                                         itf.name + "': speed must be > 0");
                }
                for (const auto& address : itf.addAddresses)
                {
                    checkPrefix(address);
                }
            }
            for (const auto& route : edit.addRoutes)
            {
                checkRoute(edit.node, route);
            }
            for (const auto& prefix : edit.removeRoutes)
            {
                checkPrefix(prefix);
            }
        }
        break;
    }
    if (event.type == TwinEventType::LinkCapacity && event.capacityBps == 0)
    {
        throw TwinBuildError(what + ": capacity must be > 0");
    }
    if (event.type == TwinEventType::LinkDelay)
    {
        if (!(event.delaySeconds >= 0) || !std::isfinite(event.delaySeconds))
        {
            throw TwinBuildError(what + ": delay must be >= 0");
        }
        if (event.directionOnly)
        {
            throw TwinBuildError(what + ": a direction-only delay change is not supported (the "
                                        "two directions of a point-to-point link share one "
                                        "channel delay)");
        }
    }
}

void
TwinEventScheduler::Schedule(const TwinEvent& event)
{
    Schedule(std::vector<TwinEvent>{event});
}

void
TwinEventScheduler::Schedule(const std::vector<TwinEvent>& events)
{
    for (const auto& event : events)
    {
        Check(event, true);
    }
    for (const auto& event : events)
    {
        // Scheduled in input order: ns-3 runs events of equal time in insertion order, and
        // before the packets that applications schedule later during the run.
        void (TwinEventScheduler::*apply)(const TwinEvent&) = &TwinEventScheduler::Apply;
        Simulator::Schedule(Seconds(event.timeSeconds) - Simulator::Now(), apply, this, event);
    }
}

void
TwinEventScheduler::Record(const TwinEvent& event, const std::string& target,
                           const std::string& detail, const std::string& idSuffix)
{
    TwinAppliedEvent applied;
    applied.timeSeconds = Simulator::Now().GetSeconds();
    applied.eventId = event.id + idSuffix;
    applied.type = TwinEventTypeName(event.type);
    applied.target = target;
    applied.detail = detail;
    applied.origin = event.origin;
    NS_LOG_INFO(applied.timeSeconds << " s " << applied.eventId << " (" << applied.type << ") "
                                    << target << ": " << detail);
    m_applied.push_back(std::move(applied));
}

void
TwinEventScheduler::Apply(const TwinEvent& event)
{
    NS_LOG_FUNCTION(this << event.id);
    Check(event, false);
    const auto& links = m_builder->GetLinks();
    const std::string scope = event.directionOnly ? "this direction only" : "both directions";
    switch (event.type)
    {
    case TwinEventType::LinkDown:
    case TwinEventType::LinkUp:
        for (uint32_t l : AffectedLinks(event))
        {
            m_linkDown[l] = event.type == TwinEventType::LinkDown;
        }
        ApplyState();
        Record(event, event.link, scope);
        break;
    case TwinEventType::NodeDown:
    case TwinEventType::NodeUp:
    {
        std::vector<bool> before(links.size());
        for (uint32_t l = 0; l < links.size(); ++l)
        {
            before[l] = EffectiveDown(l);
        }
        m_nodeDown[m_builder->GetNodeIndex(event.node)] = event.type == TwinEventType::NodeDown;
        ApplyState();
        std::size_t changed = 0;
        for (uint32_t l = 0; l < links.size(); ++l)
        {
            changed += before[l] != EffectiveDown(l) ? 1 : 0;
        }
        Record(event, event.node,
               Count(changed, "link direction") +
                   (event.type == TwinEventType::NodeDown ? " down" : " up"));
        break;
    }
    case TwinEventType::LinkCapacity:
        for (uint32_t l : AffectedLinks(event))
        {
            links[l].txDevice->SetAttribute("DataRate", DataRateValue(DataRate(event.capacityBps)));
        }
        Record(event, event.link,
               "capacity " + std::to_string(event.capacityBps) + " bit/s, " + scope);
        break;
    case TwinEventType::LinkDelay:
        links[LinkIndex(event.link)].txDevice->GetChannel()->SetAttribute(
            "Delay", TimeValue(Seconds(event.delaySeconds)));
        Record(event, event.link, "delay " + Num(event.delaySeconds) + " s");
        break;
    case TwinEventType::RouteAdd:
    {
        TwinRoute route = event.route;
        route.node = event.node;
        std::string detail;
        AddRoute(m_builder->GetNodeIndex(event.node), route, detail);
        Record(event, event.node, detail);
        break;
    }
    case TwinEventType::RouteRemove:
    {
        TwinIpv4Prefix network = event.route.destination;
        network.address = network.Network();
        // The scenario check makes sure the route exists; the run goes on if it does not.
        const uint32_t removed = DropRoutes(m_builder->GetNodeIndex(event.node), network);
        Record(event, event.node,
               removed == 0 ? "no such route: " + network.ToString()
                            : Count(removed, "route") + " to " + network.ToString() + " removed");
        break;
    }
    case TwinEventType::TrafficSurge:
        StartSurge(event);
        break;
    case TwinEventType::ChangeSet:
    {
        std::vector<std::string> targets;
        std::vector<std::string> details;
        for (const auto& edit : event.changeSet.nodes)
        {
            targets.push_back(edit.node);
            details.push_back(ApplyNodeEdit(edit));
        }
        if (details.size() > 1)
        {
            for (std::size_t i = 0; i < details.size(); ++i)
            {
                details[i] = targets[i] + ": " + details[i];
            }
        }
        Record(event, Join(targets, ", "), details.empty() ? "no edits" : Join(details, "; "));
        break;
    }
    }
}

bool
TwinEventScheduler::AddRoute(uint32_t node, const TwinRoute& route, std::string& detail)
{
    // Resolved against the network as the change sets so far made it, with the builder's rules.
    TwinRouteCheck check = CheckStaticRoute(m_network, route);
    if (!check.error.empty())
    {
        detail = "not installed: " + check.error;
        return false;
    }
    const std::string& nodeId = m_network.nodes[node].id;
    int32_t ifIndex = m_builder->GetInterfaceIndex(nodeId, check.outInterface);
    if (ifIndex <= 0)
    {
        detail = "not installed: route to " + route.destination.ToString() + " on node '" + nodeId +
                 "': interface '" + check.outInterface + "' has no ns-3 interface";
        return false;
    }
    const uint32_t replaced = DropRoutes(node, route.destination);
    m_routes[node].push_back(KeptRoute{route, static_cast<uint32_t>(ifIndex)});
    RestoreRoutes(node);
    TwinRoute shown = route;
    shown.outInterface = check.outInterface;
    detail = "route " + RouteText(shown) + " added";
    if (replaced > 0)
    {
        detail += ", replacing " + Count(replaced, "route");
    }
    if (!m_builder->GetNode(nodeId)->GetObject<Ipv4>()->IsUp(static_cast<uint32_t>(ifIndex)))
    {
        detail += ", inactive while interface " + check.outInterface + " is down";
    }
    return true;
}

uint32_t
TwinEventScheduler::DropRoutes(uint32_t node, const TwinIpv4Prefix& destination)
{
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing =
        helper.GetStaticRouting(m_builder->GetNodes().Get(node)->GetObject<Ipv4>());
    uint32_t removed = 0;
    auto& kept = m_routes[node];
    for (auto it = kept.begin(); it != kept.end();)
    {
        if (!SamePrefix(it->route.destination, destination))
        {
            ++it;
            continue;
        }
        int32_t index = FindTwinStaticRoute(routing, it->route, it->ifIndex);
        if (index >= 0)
        {
            routing->RemoveRoute(static_cast<uint32_t>(index));
        }
        it = kept.erase(it);
        ++removed;
    }
    return removed;
}

void
TwinEventScheduler::RestoreRoutes(uint32_t node)
{
    Ptr<Ipv4> ipv4 = m_builder->GetNodes().Get(node)->GetObject<Ipv4>();
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing = helper.GetStaticRouting(ipv4);
    for (const auto& kept : m_routes[node])
    {
        if (ipv4->IsUp(kept.ifIndex) && FindTwinStaticRoute(routing, kept.route, kept.ifIndex) < 0)
        {
            InstallTwinStaticRoute(routing, kept.route, kept.ifIndex);
        }
    }
}

int32_t
TwinEventScheduler::LinkStartingAt(uint32_t node, const std::string& itfName) const
{
    const auto& links = m_builder->GetLinks();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        if (links[l].sourceNode == node && m_network.links[l].sourceTp == itfName)
        {
            return static_cast<int32_t>(l);
        }
    }
    return -1;
}

std::string
TwinEventScheduler::SetInterfaceEnabled(uint32_t node, TwinInterface& itf, bool enabled)
{
    const std::string& nodeId = m_network.nodes[node].id;
    std::string text = "interface " + itf.name + (enabled ? " enabled" : " disabled");
    itf.enabled = enabled;
    const int32_t link = LinkStartingAt(node, itf.name);
    if (link >= 0)
    {
        // Exactly a direction-only link-down or link-up of the direction it starts.
        m_linkDown[link] = !enabled;
    }
    const int32_t ifIndex = m_builder->GetInterfaceIndex(nodeId, itf.name);
    if (enabled && ifIndex > 0 && !m_ifConfigured[node][ifIndex])
    {
        // Disabled in the snapshot, so the builder configured no address: configure them now
        // (ApplyState brings the interface up).
        Ptr<Ipv4> ipv4 = m_builder->GetNode(nodeId)->GetObject<Ipv4>();
        for (const auto& address : itf.addresses)
        {
            ipv4->AddAddress(
                static_cast<uint32_t>(ifIndex),
                Ipv4InterfaceAddress(Ipv4Address(address.address), Ipv4Mask(address.Mask())));
        }
        m_ifConfigured[node][ifIndex] = true;
        if (!itf.addresses.empty())
        {
            text += " with " + Count(itf.addresses.size(), "address");
        }
    }
    else if (enabled && ifIndex < 0)
    {
        text += " (on no link and disabled in the snapshot: its addresses stay unconfigured)";
    }
    if (link < 0 && ifIndex >= 0)
    {
        text += " (on no link: no link direction changes)";
    }
    return text;
}

std::string
TwinEventScheduler::ApplyNodeEdit(const TwinNodeEdit& edit)
{
    const uint32_t node = static_cast<uint32_t>(m_builder->GetNodeIndex(edit.node));
    TwinNode& twinNode = m_network.nodes[node];
    Ptr<Ipv4> ipv4 = m_builder->GetNode(edit.node)->GetObject<Ipv4>();
    auto findItf = [&twinNode](const std::string& name) -> TwinInterface&
    {
        for (auto& itf : twinNode.interfaces)
        {
            if (itf.name == name)
            {
                return itf;
            }
        }
        throw TwinBuildError("node '" + twinNode.id + "' has no interface '" + name + "'");
    };
    // An interface whose ns-3 interface holds its addresses (loopback-mapped ones on 0).
    auto configuredIndex = [this, node, &edit](const std::string& name) -> int32_t
    {
        int32_t ifIndex = m_builder->GetInterfaceIndex(edit.node, name);
        return ifIndex >= 0 && m_ifConfigured[node][ifIndex] ? ifIndex : -1;
    };
    std::vector<std::string> parts;

    // 1. Interface edits: state, then speed.
    for (const auto& itfEdit : edit.interfaces)
    {
        TwinInterface& itf = findItf(itfEdit.name);
        if (itfEdit.enabled)
        {
            parts.push_back(SetInterfaceEnabled(node, itf, *itfEdit.enabled));
        }
        if (itfEdit.speedBps)
        {
            itf.speedBps = *itfEdit.speedBps;
            const int32_t link = LinkStartingAt(node, itf.name);
            if (link >= 0)
            {
                m_builder->GetLinks()[link].txDevice->SetAttribute(
                    "DataRate", DataRateValue(DataRate(*itfEdit.speedBps)));
            }
            parts.push_back("interface " + itf.name + " speed " +
                            std::to_string(*itfEdit.speedBps) + " bit/s" +
                            (link < 0 ? " (on no link: no capacity changes)" : ""));
        }
    }
    ApplyState();

    // 2. Address removals, 3. additions.
    for (const auto& itfEdit : edit.interfaces)
    {
        TwinInterface& itf = findItf(itfEdit.name);
        for (uint32_t address : itfEdit.removeAddresses)
        {
            const std::string text = TwinIpv4Prefix::AddressToString(address);
            auto it =
                std::find_if(itf.addresses.begin(), itf.addresses.end(),
                             [address](const TwinIpv4Prefix& p) { return p.address == address; });
            if (it == itf.addresses.end())
            {
                parts.push_back("address " + text + " not on " + itf.name + ": nothing removed");
                continue;
            }
            itf.addresses.erase(it);
            const int32_t ifIndex = configuredIndex(itf.name);
            if (ifIndex >= 0 &&
                !ipv4->RemoveAddress(static_cast<uint32_t>(ifIndex), Ipv4Address(address)))
            {
                parts.push_back("address " + text + " removed from " + itf.name +
                                " (ns-3 did not have it)");
                continue;
            }
            parts.push_back("address " + text + " removed from " + itf.name);
        }
    }
    for (const auto& itfEdit : edit.interfaces)
    {
        TwinInterface& itf = findItf(itfEdit.name);
        for (const auto& prefix : itfEdit.addAddresses)
        {
            const bool present = std::any_of(itf.addresses.begin(), itf.addresses.end(),
                                             [&prefix](const TwinIpv4Prefix& p)
                                             { return p.address == prefix.address; });
            if (present)
            {
                parts.push_back("address " + prefix.ToString() + " already on " + itf.name);
                continue;
            }
            itf.addresses.push_back(prefix);
            const int32_t ifIndex = configuredIndex(itf.name);
            if (ifIndex >= 0)
            {
                ipv4->AddAddress(
                    static_cast<uint32_t>(ifIndex),
                    Ipv4InterfaceAddress(Ipv4Address(prefix.address), Ipv4Mask(prefix.Mask())));
            }
            parts.push_back("address " + prefix.ToString() + " added to " + itf.name +
                            (ifIndex < 0 ? " (interface not configured: recorded only)" : ""));
        }
    }

    // 4. Route removals, 5. additions.
    uint32_t removed = 0;
    for (const auto& prefix : edit.removeRoutes)
    {
        uint32_t n = DropRoutes(node, prefix);
        if (n == 0)
        {
            TwinIpv4Prefix network = prefix;
            network.address = network.Network();
            parts.push_back("no such route: " + network.ToString());
        }
        removed += n;
    }
    if (removed > 0)
    {
        parts.push_back(Count(removed, "route") + " removed");
    }
    uint32_t added = 0;
    for (const auto& r : edit.addRoutes)
    {
        TwinRoute route = r;
        route.node = edit.node;
        std::string detail;
        if (AddRoute(node, route, detail))
        {
            ++added;
        }
        else
        {
            parts.push_back(detail);
        }
    }
    if (added > 0)
    {
        parts.push_back(Count(added, "route") + " added");
    }
    return parts.empty() ? "no edits" : Join(parts, ", ");
}

std::vector<std::string>
TwinEventScheduler::SurgeMembers(const TwinEvent& event) const
{
    if (!event.demand.empty())
    {
        return {event.demand};
    }
    std::vector<std::string> members;
    for (const auto& cls : m_classes)
    {
        if (cls.name != event.trafficClass)
        {
            continue;
        }
        for (const auto& d : m_traffic->GetRequested())
        {
            const bool listed =
                std::find(cls.demands.begin(), cls.demands.end(), d.id) != cls.demands.end();
            if ((listed || (cls.protocol && *cls.protocol == d.protocol)) &&
                std::find(members.begin(), members.end(), d.id) == members.end())
            {
                members.push_back(d.id);
            }
        }
    }
    return members;
}

std::string
TwinEventScheduler::UpdateUdpRate(const std::string& demandId)
{
    const UdpSurgeState& state = m_udpSurges.at(demandId);
    double product = 1;
    for (const auto& [key, factor] : state.active)
    {
        product *= factor;
    }
    // A packet replay keeps its recorded packet times: the surge scales how many times each
    // packet is sent (TwinPacketReplayApplication's Scale), deterministically.
    Ptr<TwinPacketReplayApplication> replay =
        DynamicCast<TwinPacketReplayApplication>(m_traffic->FindInstalled(demandId)->source);
    if (replay)
    {
        replay->SetAttribute("Scale", DoubleValue(product));
        return "demand '" + demandId + "' packet replay scaled x" + Num(product) +
               " (packets sent " + Num(product) + " times each, on average)";
    }
    // With no surge active the product is exactly 1: the original rate comes back exactly.
    const double rate = static_cast<double>(state.baseRateBps) * product;
    std::string note;
    uint64_t bps = 0;
    if (rate < kMinDemandRateBps)
    {
        bps = static_cast<uint64_t>(kMinDemandRateBps);
        note = "demand '" + demandId + "' rate held at " + std::to_string(bps) + " bit/s";
    }
    else if (rate > kMaxDemandRateBps)
    {
        bps = static_cast<uint64_t>(kMaxDemandRateBps);
        note = "demand '" + demandId + "' rate held at " + std::to_string(bps) + " bit/s";
    }
    else
    {
        bps = static_cast<uint64_t>(std::llround(rate));
    }
    m_traffic->FindInstalled(demandId)->source->SetAttribute("DataRate",
                                                             DataRateValue(DataRate(bps)));
    return note;
}

void
TwinEventScheduler::StartSurge(const TwinEvent& event)
{
    const uint64_t key = m_nextSurgeKey++;
    std::vector<std::string> notes;
    for (const auto& id : SurgeMembers(event))
    {
        const TwinTrafficHelper::InstalledDemand* inst = m_traffic->FindInstalled(id);
        if (!inst)
        {
            notes.push_back("demand '" + id + "' is not installed: ignored");
            continue;
        }
        if (inst->demand.protocol == TwinProtocol::Udp)
        {
            auto [it, first] = m_udpSurges.try_emplace(id);
            if (first && !DynamicCast<TwinPacketReplayApplication>(inst->source))
            {
                DataRateValue rate;
                inst->source->GetAttribute("DataRate", rate);
                it->second.baseRateBps = rate.Get().GetBitRate();
            }
            it->second.active.emplace_back(key, event.factor);
            std::string note = UpdateUdpRate(id);
            if (!note.empty())
            {
                notes.push_back(note);
            }
            continue;
        }
        // TCP: the bytes still to send are multiplied; nothing is reverted.
        Ptr<BulkSendApplication> bulk = DynamicCast<BulkSendApplication>(inst->source);
        UintegerValue maxBytes;
        bulk->GetAttribute("MaxBytes", maxBytes);
        if (maxBytes.Get() == 0)
        {
            notes.push_back("demand '" + id + "' sends without limit: unchanged");
            continue;
        }
        auto counter = m_tcpSent.find(id);
        if (counter == m_tcpSent.end())
        {
            notes.push_back("demand '" + id +
                            "' was installed after AttachTraffic (bytes sent unknown): unchanged");
            continue;
        }
        const uint64_t sent = *counter->second;
        if (sent >= maxBytes.Get() || Simulator::Now() >= inst->stop)
        {
            notes.push_back("demand '" + id + "' has no bytes left to send: unchanged");
            continue;
        }
        const uint64_t remaining = maxBytes.Get() - sent;
        // At least one byte stays to send: the application closes its socket only from
        // within its own send loop.
        const auto scaled = static_cast<uint64_t>(
            std::max<long long>(1, std::llround(static_cast<double>(remaining) * event.factor)));
        bulk->SetMaxBytes(sent + scaled);
        notes.push_back("demand '" + id + "' " + std::to_string(remaining) + " bytes left -> " +
                        std::to_string(scaled));
    }
    std::string detail = "x" + Num(event.factor);
    detail += event.surgeDurationSeconds ? " for " + Num(*event.surgeDurationSeconds) + " s"
                                         : " to the end";
    if (!notes.empty())
    {
        detail += "; " + Join(notes, "; ");
    }
    const std::string target = event.demand.empty() ? event.trafficClass : event.demand;
    Record(event, target, detail);
    if (event.surgeDurationSeconds)
    {
        Simulator::Schedule(Seconds(*event.surgeDurationSeconds), &TwinEventScheduler::EndSurge,
                            this, event, key);
    }
}

void
TwinEventScheduler::EndSurge(const TwinEvent& event, uint64_t key)
{
    NS_LOG_FUNCTION(this << event.id);
    std::size_t restored = 0;
    std::vector<std::string> notes;
    for (auto& [id, state] : m_udpSurges)
    {
        auto& active = state.active;
        auto end =
            std::remove_if(active.begin(), active.end(),
                           [key](const std::pair<uint64_t, double>& f) { return f.first == key; });
        if (end == active.end())
        {
            continue;
        }
        active.erase(end, active.end());
        ++restored;
        std::string note = UpdateUdpRate(id);
        if (!note.empty())
        {
            notes.push_back(note);
        }
    }
    std::string detail =
        "x" + Num(event.factor) + " ended, " + Count(restored, "UDP rate") + " divided back";
    if (!notes.empty())
    {
        detail += "; " + Join(notes, "; ");
    }
    Record(event, event.demand.empty() ? event.trafficClass : event.demand, detail, "/end");
}

bool
TwinEventScheduler::EffectiveDown(uint32_t link) const
{
    const auto& l = m_builder->GetLinks()[link];
    return m_linkDown[link] || m_nodeDown[l.sourceNode] || m_nodeDown[l.destNode];
}

void
TwinEventScheduler::ApplyState()
{
    const auto& links = m_builder->GetLinks();
    Ptr<TwinRoutingGraph> graph = m_builder->GetRoutingGraph();
    NodeContainer nodes = m_builder->GetNodes();
    std::vector<uint32_t> cameUp;
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        const auto& link = links[l];
        const bool down = EffectiveDown(l);
        if (down && !m_dropModels[l])
        {
            m_dropModels[l] = CreateObject<TwinLinkDownModel>();
            link.rxDevice->SetReceiveErrorModel(m_dropModels[l]);
        }
        if (m_dropModels[l])
        {
            if (down)
            {
                m_dropModels[l]->Enable();
            }
            else
            {
                m_dropModels[l]->Disable();
            }
        }
        if (graph && link.routingEdge >= 0)
        {
            graph->SetEdgeUp(static_cast<uint32_t>(link.routingEdge), !down);
        }
        // With shortest-path routing the sending interface is down when its node is, or when
        // both directions are. Configured static routes keep every configured interface up:
        // Ipv4StaticRouting would forget the routes of an interface set down.
        const int32_t rev = m_reverse[l];
        const bool pairDown = m_linkDown[l] && (rev < 0 || m_linkDown[rev]);
        const bool ifDown = graph && (m_nodeDown[link.sourceNode] || pairDown);
        const bool wantUp = m_ifConfigured[link.sourceNode][link.sourceIf] && !ifDown;
        Ptr<Ipv4> ipv4 = nodes.Get(link.sourceNode)->GetObject<Ipv4>();
        if (ipv4->IsUp(link.sourceIf) != wantUp)
        {
            if (wantUp)
            {
                ipv4->SetUp(link.sourceIf);
                cameUp.push_back(link.sourceNode);
            }
            else
            {
                ipv4->SetDown(link.sourceIf);
            }
        }
    }
    for (uint32_t node : cameUp)
    {
        RestoreRoutes(node);
    }
}

bool
TwinEventScheduler::IsLinkDown(const std::string& linkId) const
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    return EffectiveDown(LinkIndex(linkId));
}

bool
TwinEventScheduler::IsLinkIndexDown(uint32_t linkIndex) const
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    if (linkIndex >= m_linkDown.size())
    {
        throw TwinBuildError("event scheduler: link index " + std::to_string(linkIndex) +
                             " out of range (" + std::to_string(m_linkDown.size()) +
                             " link directions)");
    }
    return EffectiveDown(linkIndex);
}

bool
TwinEventScheduler::IsNodeDown(const std::string& nodeId) const
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    int32_t index = m_builder->GetNodeIndex(nodeId);
    if (index < 0)
    {
        throw TwinBuildError("unknown node '" + nodeId + "'");
    }
    return m_nodeDown[index];
}

} // namespace ns3
