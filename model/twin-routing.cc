/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-routing.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <iomanip>
#include <limits>
#include <queue>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinRouting");

NS_OBJECT_ENSURE_REGISTERED(TwinRoutingGraph);
NS_OBJECT_ENSURE_REGISTERED(TwinRouting);

namespace
{

constexpr uint64_t kUnreachable = std::numeric_limits<uint64_t>::max();

/** @return true for 127.0.0.0/8, which every node owns on its loopback */
bool
IsLoopbackNet(Ipv4Address address)
{
    return (address.Get() >> 24) == 127;
}

} // namespace

// ---------------------------------------------------------------------------------------
// TwinRoutingGraph

TypeId
TwinRoutingGraph::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TwinRoutingGraph")
            .SetParent<Object>()
            .SetGroupName("DigitalTwin")
            .AddConstructor<TwinRoutingGraph>()
            .AddAttribute("RecomputeOnChange",
                          "Recompute routes when an interface or edge changes state. When "
                          "false, routes stay as computed until Invalidate() is called.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&TwinRoutingGraph::m_recomputeOnChange),
                          MakeBooleanChecker())
            .AddAttribute("ConvergenceDelay",
                          "Time between a state change and the recomputation of routes; "
                          "until then packets follow the old routes.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TwinRoutingGraph::m_convergenceDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("RoutesInvalidated", "All cached shortest-path trees were dropped.",
                            MakeTraceSourceAccessor(&TwinRoutingGraph::m_invalidatedTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("TreeComputed",
                            "A shortest-path tree toward a destination node was computed.",
                            MakeTraceSourceAccessor(&TwinRoutingGraph::m_treeTrace),
                            "ns3::TwinRoutingGraph::TreeComputedTracedCallback");
    return tid;
}

TwinRoutingGraph::TwinRoutingGraph()
{
    NS_LOG_FUNCTION(this);
}

TwinRoutingGraph::~TwinRoutingGraph()
{
    m_pendingInvalidate.Cancel();
}

uint32_t
TwinRoutingGraph::AddNode(const std::string& name)
{
    m_names.push_back(name);
    m_incoming.emplace_back();
    m_trees.clear();
    m_nCached = 0;
    return static_cast<uint32_t>(m_names.size() - 1);
}

uint32_t
TwinRoutingGraph::GetNNodes() const
{
    return static_cast<uint32_t>(m_names.size());
}

const std::string&
TwinRoutingGraph::GetNodeName(uint32_t index) const
{
    return m_names.at(index);
}

uint32_t
TwinRoutingGraph::AddEdge(uint32_t from, uint32_t fromIf, uint32_t to, uint32_t toIf,
                          Ipv4Address nextHop, uint32_t metric)
{
    if (from >= m_names.size() || to >= m_names.size())
    {
        throw std::out_of_range("TwinRoutingGraph::AddEdge: node index " +
                                std::to_string(std::max(from, to)) + " out of range (" +
                                std::to_string(m_names.size()) + " nodes)");
    }
    Edge edge;
    edge.from = from;
    edge.fromIf = fromIf;
    edge.to = to;
    edge.toIf = toIf;
    edge.nextHop = nextHop;
    edge.metric = metric;
    m_edges.push_back(edge);
    auto index = static_cast<uint32_t>(m_edges.size() - 1);
    m_incoming[to].push_back(index);
    // A new edge can shorten any path.
    m_trees.clear();
    m_nCached = 0;
    return index;
}

uint32_t
TwinRoutingGraph::GetNEdges() const
{
    return static_cast<uint32_t>(m_edges.size());
}

const TwinRoutingGraph::Edge&
TwinRoutingGraph::GetEdge(uint32_t index) const
{
    return m_edges.at(index);
}

void
TwinRoutingGraph::AddAddress(uint32_t node, Ipv4Address address, Ipv4Mask mask)
{
    if (IsLoopbackNet(address) || address == Ipv4Address::GetAny())
    {
        return;
    }
    // The first owner of an address keeps it; the validator reports duplicates.
    m_owner.emplace(address.Get(), node);
    uint8_t length = static_cast<uint8_t>(mask.GetPrefixLength());
    if (length == 32 || length == 0)
    {
        return;
    }
    uint32_t network = address.CombineMask(mask).Get();
    if (!m_subnetKeys.insert(SubnetKey(node, address.Get())).second)
    {
        return; // already known (e.g. reported again when a protocol attaches)
    }
    m_subnets.push_back({network, mask.Get(), length, node, address.Get()});
}

void
TwinRoutingGraph::RemoveAddress(uint32_t node, Ipv4Address address)
{
    auto it = m_owner.find(address.Get());
    if (it != m_owner.end() && it->second == node)
    {
        m_owner.erase(it);
    }
    if (m_subnetKeys.erase(SubnetKey(node, address.Get())) == 0)
    {
        return;
    }
    for (auto s = m_subnets.begin(); s != m_subnets.end();)
    {
        s = (s->node == node && s->address == address.Get()) ? m_subnets.erase(s) : s + 1;
    }
}

int32_t
TwinRoutingGraph::FindOwner(Ipv4Address address) const
{
    auto it = m_owner.find(address.Get());
    if (it != m_owner.end())
    {
        return static_cast<int32_t>(it->second);
    }
    int32_t best = -1;
    int bestLength = -1;
    for (const auto& s : m_subnets)
    {
        if ((address.Get() & s.mask) == s.network && s.length > bestLength)
        {
            best = static_cast<int32_t>(s.node);
            bestLength = s.length;
        }
    }
    return best;
}

uint64_t
TwinRoutingGraph::SubnetKey(uint32_t node, uint32_t address)
{
    return (static_cast<uint64_t>(address) << 32) | node;
}

uint64_t
TwinRoutingGraph::InterfaceKey(uint32_t node, uint32_t ifIndex)
{
    return (static_cast<uint64_t>(node) << 32) | ifIndex;
}

void
TwinRoutingGraph::SetInterfaceUp(uint32_t node, uint32_t ifIndex, bool up)
{
    if (IsInterfaceUp(node, ifIndex) == up)
    {
        return;
    }
    if (up)
    {
        m_interfaceDown.erase(InterfaceKey(node, ifIndex));
    }
    else
    {
        m_interfaceDown[InterfaceKey(node, ifIndex)] = true;
    }
    StateChanged();
}

bool
TwinRoutingGraph::IsInterfaceUp(uint32_t node, uint32_t ifIndex) const
{
    return m_interfaceDown.empty() || m_interfaceDown.count(InterfaceKey(node, ifIndex)) == 0;
}

void
TwinRoutingGraph::SetEdgeUp(uint32_t edge, bool up)
{
    Edge& e = m_edges.at(edge);
    if (e.adminUp == up)
    {
        return;
    }
    e.adminUp = up;
    StateChanged();
}

bool
TwinRoutingGraph::IsEdgeUsable(uint32_t edge) const
{
    const Edge& e = m_edges[edge];
    return e.adminUp && IsInterfaceUp(e.from, e.fromIf) && IsInterfaceUp(e.to, e.toIf);
}

void
TwinRoutingGraph::StateChanged()
{
    if (!m_recomputeOnChange || m_nCached == 0)
    {
        // Nothing cached: the next tree is computed from the new state anyway.
        return;
    }
    if (m_convergenceDelay.IsZero())
    {
        Invalidate();
    }
    else if (!m_pendingInvalidate.IsRunning())
    {
        m_pendingInvalidate =
            Simulator::Schedule(m_convergenceDelay, &TwinRoutingGraph::Invalidate, this);
    }
}

void
TwinRoutingGraph::Invalidate()
{
    NS_LOG_FUNCTION(this);
    m_pendingInvalidate.Cancel();
    m_trees.clear();
    m_nCached = 0;
    m_invalidatedTrace();
}

const TwinRoutingGraph::Tree&
TwinRoutingGraph::GetTree(uint32_t destination)
{
    const auto n = static_cast<uint32_t>(m_names.size());
    if (destination >= n)
    {
        throw std::out_of_range("TwinRoutingGraph::GetTree: node index " +
                                std::to_string(destination) + " out of range");
    }
    if (m_trees.size() != n)
    {
        m_trees.resize(n);
    }
    if (m_trees[destination])
    {
        return *m_trees[destination];
    }

    auto tree = std::make_unique<Tree>();
    tree->nextEdge.assign(n, -1);
    tree->distance.assign(n, kUnreachable);
    std::vector<char> settled(n, 0);
    using Item = std::pair<uint64_t, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    tree->distance[destination] = 0;
    queue.emplace(0, destination);
    uint32_t reachable = 0;
    while (!queue.empty())
    {
        auto [dist, v] = queue.top();
        queue.pop();
        if (settled[v] || dist != tree->distance[v])
        {
            continue;
        }
        settled[v] = 1;
        ++reachable;
        // Reverse Dijkstra: relax the edges u -> v that lead into the settled node.
        for (uint32_t e : m_incoming[v])
        {
            const Edge& edge = m_edges[e];
            uint32_t u = edge.from;
            if (settled[u] || !IsEdgeUsable(e))
            {
                continue;
            }
            uint64_t candidate = dist + edge.metric;
            if (candidate < tree->distance[u])
            {
                tree->distance[u] = candidate;
                tree->nextEdge[u] = static_cast<int32_t>(e);
                queue.emplace(candidate, u);
            }
            else if (candidate == tree->distance[u] && static_cast<int32_t>(e) < tree->nextEdge[u])
            {
                // Equal cost: the edge added first (snapshot link order) wins.
                tree->nextEdge[u] = static_cast<int32_t>(e);
            }
        }
    }
    m_trees[destination] = std::move(tree);
    ++m_nCached;
    m_treeTrace(destination, reachable);
    return *m_trees[destination];
}

int32_t
TwinRoutingGraph::GetNextEdge(uint32_t from, uint32_t destination)
{
    const Tree& tree = GetTree(destination);
    return from < tree.nextEdge.size() ? tree.nextEdge[from] : -1;
}

std::vector<uint32_t>
TwinRoutingGraph::GetPath(uint32_t from, uint32_t destination)
{
    const Tree& tree = GetTree(destination);
    std::vector<uint32_t> path;
    if (from >= tree.distance.size() || tree.distance[from] == kUnreachable)
    {
        return path;
    }
    uint32_t at = from;
    path.push_back(at);
    while (at != destination)
    {
        at = m_edges[tree.nextEdge[at]].to;
        path.push_back(at);
    }
    return path;
}

uint32_t
TwinRoutingGraph::GetNCachedTrees() const
{
    return m_nCached;
}

// ---------------------------------------------------------------------------------------
// TwinRouting

TypeId
TwinRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TwinRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("DigitalTwin")
                            .AddConstructor<TwinRouting>();
    return tid;
}

TwinRouting::TwinRouting()
{
    NS_LOG_FUNCTION(this);
}

TwinRouting::~TwinRouting()
{
    NS_LOG_FUNCTION(this);
}

void
TwinRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_graph = nullptr;
    m_attached = false;
    Ipv4RoutingProtocol::DoDispose();
}

void
TwinRouting::SetGraph(Ptr<TwinRoutingGraph> graph, uint32_t nodeIndex)
{
    m_graph = graph;
    m_nodeIndex = nodeIndex;
    m_attached = (graph != nullptr);
    if (m_attached && m_ipv4)
    {
        SyncWithIpv4();
    }
}

Ptr<TwinRoutingGraph>
TwinRouting::GetGraph() const
{
    return m_graph;
}

uint32_t
TwinRouting::GetNodeIndex() const
{
    return m_nodeIndex;
}

void
TwinRouting::RecomputeRoutes()
{
    if (m_graph)
    {
        m_graph->Invalidate();
    }
}

void
TwinRouting::SyncWithIpv4()
{
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); ++i)
    {
        m_graph->SetInterfaceUp(m_nodeIndex, i, m_ipv4->IsUp(i));
        for (uint32_t j = 0; j < m_ipv4->GetNAddresses(i); ++j)
        {
            auto a = m_ipv4->GetAddress(i, j);
            m_graph->AddAddress(m_nodeIndex, a.GetLocal(), a.GetMask());
        }
    }
}

Ptr<Ipv4Route>
TwinRouting::Lookup(Ipv4Address destination)
{
    return DoLookup(destination, nullptr);
}

Ptr<Ipv4Route>
TwinRouting::DoLookup(Ipv4Address destination, Ptr<NetDevice> oif)
{
    if (!m_ipv4 || !m_attached || destination.IsMulticast() || destination.IsBroadcast())
    {
        return nullptr;
    }
    auto makeRoute = [&](uint32_t ifIndex, Ipv4Address gateway, Ipv4Address source)
    {
        Ptr<NetDevice> device = m_ipv4->GetNetDevice(ifIndex);
        if (oif && oif != device)
        {
            return Ptr<Ipv4Route>();
        }
        Ptr<Ipv4Route> route = Create<Ipv4Route>();
        route->SetDestination(destination);
        route->SetGateway(gateway);
        route->SetSource(source);
        route->SetOutputDevice(device);
        return route;
    };

    // Our own addresses (including the loopback-mapped ones) go through the loopback device.
    if (IsLoopbackNet(destination) || m_ipv4->GetInterfaceForAddress(destination) >= 0)
    {
        return makeRoute(0, Ipv4Address::GetAny(), destination);
    }
    // Directly connected subnets, like the interface routes of Ipv4StaticRouting.
    for (uint32_t i = 1; i < m_ipv4->GetNInterfaces(); ++i)
    {
        if (!m_ipv4->IsUp(i))
        {
            continue;
        }
        for (uint32_t j = 0; j < m_ipv4->GetNAddresses(i); ++j)
        {
            Ipv4InterfaceAddress a = m_ipv4->GetAddress(i, j);
            Ipv4Mask mask = a.GetMask();
            if (mask != Ipv4Mask::GetOnes() && mask != Ipv4Mask() &&
                mask.IsMatch(destination, a.GetLocal()))
            {
                return makeRoute(i, Ipv4Address::GetAny(), a.GetLocal());
            }
        }
    }
    int32_t owner = m_graph->FindOwner(destination);
    if (owner < 0 || static_cast<uint32_t>(owner) == m_nodeIndex)
    {
        return nullptr;
    }
    int32_t e = m_graph->GetNextEdge(m_nodeIndex, static_cast<uint32_t>(owner));
    if (e < 0)
    {
        return nullptr;
    }
    const TwinRoutingGraph::Edge& edge = m_graph->GetEdge(static_cast<uint32_t>(e));
    return makeRoute(edge.fromIf, edge.nextHop,
                     m_ipv4->SourceAddressSelection(edge.fromIf, destination));
}

Ptr<Ipv4Route>
TwinRouting::RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                         Socket::SocketErrno& sockerr)
{
    Ptr<Ipv4Route> route = DoLookup(header.GetDestination(), oif);
    sockerr = route ? Socket::ERROR_NOTERROR : Socket::ERROR_NOROUTETOHOST;
    return route;
}

bool
TwinRouting::RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                        UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                        LocalDeliverCallback lcb, ErrorCallback ecb)
{
    NS_ASSERT(m_ipv4);
    Ipv4Address destination = header.GetDestination();
    if (destination.IsMulticast())
    {
        return false; // not ours: let another protocol in the list try
    }
    int32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    NS_ASSERT(iif >= 0);
    if (m_ipv4->IsDestinationAddress(destination, static_cast<uint32_t>(iif)))
    {
        if (lcb.IsNull())
        {
            return false;
        }
        lcb(p, header, static_cast<uint32_t>(iif));
        return true;
    }
    if (!m_ipv4->IsForwarding(static_cast<uint32_t>(iif)))
    {
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    Ptr<Ipv4Route> route = DoLookup(destination, nullptr);
    if (!route)
    {
        return false; // Ipv4L3Protocol drops it with DROP_NO_ROUTE
    }
    ucb(route, p, header);
    return true;
}

void
TwinRouting::NotifyInterfaceUp(uint32_t interface)
{
    if (m_attached)
    {
        m_graph->SetInterfaceUp(m_nodeIndex, interface, true);
    }
}

void
TwinRouting::NotifyInterfaceDown(uint32_t interface)
{
    if (m_attached)
    {
        m_graph->SetInterfaceUp(m_nodeIndex, interface, false);
    }
}

void
TwinRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (m_attached)
    {
        m_graph->AddAddress(m_nodeIndex, address.GetLocal(), address.GetMask());
    }
}

void
TwinRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
    if (m_attached)
    {
        m_graph->RemoveAddress(m_nodeIndex, address.GetLocal());
    }
}

void
TwinRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_ASSERT(!m_ipv4 && ipv4);
    m_ipv4 = ipv4;
    if (m_attached)
    {
        SyncWithIpv4();
    }
}

void
TwinRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    std::ios oldState(nullptr);
    oldState.copyfmt(os);
    os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", Time: " << Now().As(unit)
       << ", TwinRouting (shortest paths";
    if (!m_attached)
    {
        os << ", not attached to a graph)" << std::endl;
        return;
    }
    os << ", graph node " << m_nodeIndex << " '" << m_graph->GetNodeName(m_nodeIndex) << "')"
       << std::endl;
    os << std::left << std::setw(24) << "To node" << std::setw(16) << "Gateway" << std::setw(7)
       << "Iface"
       << "Cost" << std::endl;
    for (uint32_t d = 0; d < m_graph->GetNNodes(); ++d)
    {
        if (d == m_nodeIndex)
        {
            continue;
        }
        const TwinRoutingGraph::Tree& tree = m_graph->GetTree(d);
        if (tree.nextEdge[m_nodeIndex] < 0)
        {
            continue;
        }
        const auto& edge = m_graph->GetEdge(static_cast<uint32_t>(tree.nextEdge[m_nodeIndex]));
        std::ostringstream gateway;
        gateway << edge.nextHop;
        os << std::setw(24) << m_graph->GetNodeName(d) << std::setw(16) << gateway.str()
           << std::setw(7) << edge.fromIf << tree.distance[m_nodeIndex] << std::endl;
    }
    os << std::endl;
    os.copyfmt(oldState);
}

// ---------------------------------------------------------------------------------------
// TwinRoutingHelper

TwinRoutingHelper::TwinRoutingHelper(Ptr<TwinRoutingGraph> graph,
                                     std::map<uint32_t, uint32_t> indexByNodeId)
    : m_graph(graph), m_indexByNodeId(std::move(indexByNodeId))
{
}

TwinRoutingHelper*
TwinRoutingHelper::Copy() const
{
    return new TwinRoutingHelper(*this);
}

Ptr<Ipv4RoutingProtocol>
TwinRoutingHelper::Create(Ptr<Node> node) const
{
    auto it = m_indexByNodeId.find(node->GetId());
    if (it == m_indexByNodeId.end())
    {
        throw std::out_of_range("TwinRoutingHelper: ns-3 node " + std::to_string(node->GetId()) +
                                " is not part of the routing graph");
    }
    Ptr<TwinRouting> routing = CreateObject<TwinRouting>();
    routing->SetGraph(m_graph, it->second);
    return routing;
}

} // namespace ns3
