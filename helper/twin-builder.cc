/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-builder.h"

#include "twin-event-scheduler.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/enum.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/twin-network-checks.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinBuilder");

NS_OBJECT_ENSURE_REGISTERED(TwinBuilder);

namespace
{

/**
 * @param where a source location
 * @return " (file:line)" or empty
 */
std::string
At(const TwinSourceRef& where)
{
    std::string s = where.ToString();
    return s.empty() ? "" : " (" + s + ")";
}

/**
 * @param link a link
 * @return "link 'id' (where)"
 */
std::string
Describe(const TwinLink& link)
{
    return "link '" + link.id + "'" + At(link.source);
}

/**
 * @param name a node-id
 * @return the name as ns3::Names accepts it ('/' separates path elements there)
 */
std::string
NameForNames(const std::string& name)
{
    std::string out = name;
    std::replace(out.begin(), out.end(), '/', '_');
    return out;
}

/** @return an empty address list */
const std::vector<TwinIpv4Prefix>&
NoAddresses()
{
    static const std::vector<TwinIpv4Prefix> none;
    return none;
}

} // namespace

std::string
ToString(TwinRoutingMode mode)
{
    switch (mode)
    {
    case TwinRoutingMode::Auto:
        return "auto";
    case TwinRoutingMode::Configured:
        return "configured";
    case TwinRoutingMode::ShortestPath:
        return "shortest-path";
    }
    return "auto";
}

std::optional<TwinRoutingMode>
ParseTwinRoutingMode(const std::string& text)
{
    for (auto mode :
         {TwinRoutingMode::Auto, TwinRoutingMode::Configured, TwinRoutingMode::ShortestPath})
    {
        if (ToString(mode) == text)
        {
            return mode;
        }
    }
    return std::nullopt;
}

TypeId
TwinBuilder::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TwinBuilder")
            .SetParent<Object>()
            .SetGroupName("DigitalTwin")
            .AddConstructor<TwinBuilder>()
            .AddAttribute(
                "RoutingMode",
                "auto: the snapshot's static routes if it has any, else shortest "
                "paths; configured: only the static routes; shortest-path: routes "
                "computed from link metrics by TwinRouting.",
                EnumValue(static_cast<int>(TwinRoutingMode::Auto)),
                MakeEnumAccessor(&TwinBuilder::SetRoutingModeValue,
                                 &TwinBuilder::GetRoutingModeValue),
                MakeEnumChecker(static_cast<int>(TwinRoutingMode::Auto), "auto",
                                static_cast<int>(TwinRoutingMode::Configured), "configured",
                                static_cast<int>(TwinRoutingMode::ShortestPath), "shortest-path"))
            .AddAttribute("QueueDiscType",
                          "TypeId name of the root queue disc on every link device.",
                          StringValue("ns3::FifoQueueDisc"),
                          MakeStringAccessor(&TwinBuilder::m_queueDiscType), MakeStringChecker())
            .AddAttribute("DefaultQueuePackets",
                          "Queue disc limit in packets for links whose queuePackets is 0.",
                          UintegerValue(100),
                          MakeUintegerAccessor(&TwinBuilder::m_defaultQueuePackets),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("DeviceQueueSize",
                          "Size of the point-to-point device (driver) queue below the queue "
                          "disc. Small, so that the queue disc holds the backlog.",
                          QueueSizeValue(QueueSize("1p")),
                          MakeQueueSizeAccessor(&TwinBuilder::m_deviceQueueSize),
                          MakeQueueSizeChecker())
            .AddAttribute("RegisterNames", "Register every node under its node-id with ns3::Names.",
                          BooleanValue(true), MakeBooleanAccessor(&TwinBuilder::m_registerNames),
                          MakeBooleanChecker());
    return tid;
}

TwinBuilder::TwinBuilder()
{
    NS_LOG_FUNCTION(this);
}

TwinBuilder::~TwinBuilder()
{
    NS_LOG_FUNCTION(this);
}

void
TwinBuilder::DoDispose()
{
    m_links.clear();
    m_graph = nullptr;
    m_nodes = NodeContainer();
    Object::DoDispose();
}

void
TwinBuilder::SetQueueDiscAttribute(const std::string& name, const AttributeValue& value)
{
    m_queueDiscAttributes.emplace_back(name, value.Copy());
}

void
TwinBuilder::SetRoutingMode(TwinRoutingMode mode)
{
    m_routingMode = mode;
}

void
TwinBuilder::SetRoutingModeValue(int mode)
{
    m_routingMode = static_cast<TwinRoutingMode>(mode);
}

int
TwinBuilder::GetRoutingModeValue() const
{
    return static_cast<int>(m_routingMode);
}

NodeContainer
TwinBuilder::Build(const TwinNetwork& network)
{
    NS_LOG_FUNCTION(this << network.name);
    if (m_built)
    {
        throw TwinBuildError("TwinBuilder::Build: this builder already built network '" +
                             m_network.name + "'; use a new TwinBuilder");
    }
    if (m_createdObjects)
    {
        throw TwinBuildError("TwinBuilder::Build: an earlier Build() of this builder failed "
                             "after creating ns-3 objects; use a new TwinBuilder after "
                             "Simulator::Destroy() and Names::Clear()");
    }
    // A failed Build() that created nothing leaves nothing behind: start afresh.
    ResetState();
    m_network = network;
    try
    {
        Prepare();
    }
    catch (...)
    {
        ResetState();
        throw;
    }
    // Everything that can be checked was checked: from here on ns-3 objects exist.
    m_createdObjects = true;
    m_nodes.Create(static_cast<uint32_t>(m_network.nodes.size()));
    RegisterNames();
    CreateLinks();
    AssignAddresses();
    if (m_effectiveMode == TwinRoutingMode::Configured)
    {
        InstallStaticRoutes();
    }
    else
    {
        FillRoutingGraph();
    }
    m_built = true;
    return m_nodes;
}

void
TwinBuilder::ResetState()
{
    m_network = TwinNetwork();
    m_nodes = NodeContainer();
    m_nodeIndex.clear();
    m_interfaceByName.clear();
    m_ns3Interface.clear();
    m_linkOfInterface.clear();
    m_pairs.clear();
    m_routeInterface.clear();
    m_reverse.clear();
    m_primary.clear();
    m_links.clear();
    m_linkById.clear();
    m_effectiveMode = TwinRoutingMode::Configured;
    m_graph = nullptr;
    m_notes.clear();
}

void
TwinBuilder::CheckQueueDiscType() const
{
    TypeId qdiscType;
    if (!TypeId::LookupByNameFailSafe(m_queueDiscType, &qdiscType) ||
        !qdiscType.IsChildOf(QueueDisc::GetTypeId()))
    {
        throw TwinBuildError("QueueDiscType '" + m_queueDiscType +
                             "' is not a registered ns-3 queue disc type");
    }
    const std::string examples =
        "choose a single-queue disc with a size limit, e.g. ns3::FifoQueueDisc, "
        "ns3::PfifoFastQueueDisc, ns3::RedQueueDisc, ns3::CoDelQueueDisc, "
        "ns3::FqCoDelQueueDisc or ns3::PieQueueDisc";
    TypeId mq;
    if (TypeId::LookupByNameFailSafe("ns3::MqQueueDisc", &mq) &&
        (qdiscType == mq || qdiscType.IsChildOf(mq)))
    {
        // ns-3 aborts when the simulation starts: a point-to-point device has one queue.
        throw TwinBuildError("QueueDiscType '" + m_queueDiscType +
                             "' needs a multi-queue device; the twin's point-to-point devices "
                             "have one transmit queue: " +
                             examples);
    }
    TypeId::AttributeInformation info;
    if (!qdiscType.HasConstructor() || !qdiscType.LookupAttributeByName("MaxSize", &info))
    {
        throw TwinBuildError("QueueDiscType '" + m_queueDiscType +
                             "' has no MaxSize attribute, so the snapshot's queue limits "
                             "(queuePackets of every link) would be ignored: " +
                             examples);
    }
    for (const auto& [name, value] : m_queueDiscAttributes)
    {
        if (!qdiscType.LookupAttributeByName(name, &info) || !(info.flags & TypeId::ATTR_SET) ||
            !info.checker->CreateValidValue(*value))
        {
            throw TwinBuildError("queue disc " + m_queueDiscType + ": cannot set attribute '" +
                                 name + "' (unknown attribute or invalid value)");
        }
    }
}

void
TwinBuilder::CheckNames() const
{
    if (!m_registerNames)
    {
        return;
    }
    std::unordered_map<std::string, std::string> nodeByName;
    for (const auto& node : m_network.nodes)
    {
        std::string name = NameForNames(node.id);
        auto [it, added] = nodeByName.emplace(name, node.id);
        if (!added)
        {
            throw TwinBuildError("node-ids '" + it->second + "' and '" + node.id +
                                 "' are both registered as '" + name +
                                 "' with ns3::Names ('/' becomes '_'); rename one or set "
                                 "ns3::TwinBuilder::RegisterNames to false" +
                                 At(node.source));
        }
        if (Names::Find<Object>(name))
        {
            throw TwinBuildError("node name '" + name +
                                 "' is already registered with ns3::Names (another twin in "
                                 "this process?); call Names::Clear() first or set "
                                 "ns3::TwinBuilder::RegisterNames to false");
        }
    }
}

void
TwinBuilder::Prepare()
{
    const auto& nodes = m_network.nodes;
    const auto& links = m_network.links;
    if (nodes.empty())
    {
        throw TwinBuildError("network '" + m_network.name + "' has no nodes");
    }
    CheckQueueDiscType();

    m_interfaceByName.resize(nodes.size());
    m_ns3Interface.resize(nodes.size());
    m_linkOfInterface.resize(nodes.size());
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        const TwinNode& node = nodes[n];
        if (node.id.empty())
        {
            throw TwinBuildError("node " + std::to_string(n) + At(node.source) +
                                 " has an empty node-id");
        }
        if (!m_nodeIndex.emplace(node.id, n).second)
        {
            throw TwinBuildError("duplicate node-id '" + node.id + "'" + At(node.source));
        }
        for (uint32_t i = 0; i < node.interfaces.size(); ++i)
        {
            const TwinInterface& itf = node.interfaces[i];
            if (!m_interfaceByName[n].emplace(itf.name, i).second)
            {
                throw TwinBuildError("node '" + node.id + "': duplicate interface '" + itf.name +
                                     "'" + At(itf.source));
            }
            if (itf.mtuBytes && (*itf.mtuBytes < 68 || *itf.mtuBytes > 65535))
            {
                throw TwinBuildError("node '" + node.id + "' interface '" + itf.name + "': MTU " +
                                     std::to_string(*itf.mtuBytes) + " is outside 68..65535" +
                                     At(itf.source));
            }
        }
        m_ns3Interface[n].assign(node.interfaces.size(), -1);
        m_linkOfInterface[n].assign(node.interfaces.size(), -1);
    }

    CheckNames();

    // Resolve link ends and pair each direction with its reverse.
    using EndKey = std::tuple<uint32_t, uint32_t, uint32_t, uint32_t>;
    std::map<EndKey, uint32_t> byEnds;
    std::vector<EndKey> ends(links.size());
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        const TwinLink& link = links[l];
        if (!m_linkById.emplace(link.id, l).second)
        {
            throw TwinBuildError("duplicate link-id '" + link.id + "'" + At(link.source));
        }
        auto src = m_nodeIndex.find(link.sourceNode);
        auto dst = m_nodeIndex.find(link.destNode);
        if (src == m_nodeIndex.end())
        {
            throw TwinBuildError(Describe(link) + ": source node '" + link.sourceNode +
                                 "' does not exist");
        }
        if (dst == m_nodeIndex.end())
        {
            throw TwinBuildError(Describe(link) + ": destination node '" + link.destNode +
                                 "' does not exist");
        }
        auto srcTp = m_interfaceByName[src->second].find(link.sourceTp);
        auto dstTp = m_interfaceByName[dst->second].find(link.destTp);
        if (srcTp == m_interfaceByName[src->second].end())
        {
            throw TwinBuildError(Describe(link) + ": node '" + link.sourceNode +
                                 "' has no interface '" + link.sourceTp + "'");
        }
        if (dstTp == m_interfaceByName[dst->second].end())
        {
            throw TwinBuildError(Describe(link) + ": node '" + link.destNode +
                                 "' has no interface '" + link.destTp + "'");
        }
        if (src->second == dst->second)
        {
            throw TwinBuildError(Describe(link) + ": both ends are on node '" + link.sourceNode +
                                 "'");
        }
        if (link.capacityBps == 0)
        {
            throw TwinBuildError(Describe(link) + ": capacity is 0 bit/s");
        }
        if (!(link.delaySeconds >= 0) || !std::isfinite(link.delaySeconds))
        {
            throw TwinBuildError(Describe(link) + ": delay must be a finite value >= 0 s");
        }
        ends[l] = EndKey{src->second, srcTp->second, dst->second, dstTp->second};
        if (!byEnds.emplace(ends[l], l).second)
        {
            throw TwinBuildError(Describe(link) + " duplicates link '" + links[byEnds[ends[l]]].id +
                                 "' (same ends)");
        }
    }
    m_reverse.assign(links.size(), -1);
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        if (m_reverse[l] >= 0)
        {
            continue;
        }
        const auto& [sn, st, dn, dt] = ends[l];
        auto rev = byEnds.find(EndKey{dn, dt, sn, st});
        if (rev == byEnds.end())
        {
            throw TwinBuildError(Describe(links[l]) + " from " + links[l].sourceNode + ":" +
                                 links[l].sourceTp + " to " + links[l].destNode + ":" +
                                 links[l].destTp +
                                 " has no reverse direction; a point-to-point link needs both "
                                 "(the importers' validator adds missing reverses)");
        }
        uint32_t r = rev->second;
        m_reverse[l] = static_cast<int32_t>(r);
        m_reverse[r] = static_cast<int32_t>(l);
        if (links[l].delaySeconds != links[r].delaySeconds)
        {
            throw TwinBuildError(Describe(links[l]) + " and its reverse '" + links[r].id +
                                 "' have different delays (" +
                                 std::to_string(links[l].delaySeconds) + " s, " +
                                 std::to_string(links[r].delaySeconds) +
                                 " s); an ns-3 point-to-point channel has one delay");
        }
        auto pairIndex = static_cast<int32_t>(m_pairs.size());
        for (auto [node, itf] : {std::make_pair(sn, st), std::make_pair(dn, dt)})
        {
            if (m_linkOfInterface[node][itf] >= 0)
            {
                const auto& other = m_pairs[m_linkOfInterface[node][itf]];
                throw TwinBuildError("interface '" + nodes[node].interfaces[itf].name +
                                     "' of node '" + nodes[node].id + "' is on " +
                                     Describe(links[l]) + " and on link '" + links[other.first].id +
                                     "'; point-to-point links need one interface each");
            }
            m_linkOfInterface[node][itf] = pairIndex;
        }
        m_pairs.emplace_back(l, r);
    }

    // Primary addresses: first loopback /32, else first address of the first interface. A
    // node has one exactly when an enabled interface has an address, as CheckDemands expects.
    m_primary.assign(nodes.size(), std::nullopt);
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        const auto& itfs = nodes[n].interfaces;
        for (uint32_t i = 0; i < itfs.size() && !m_primary[n]; ++i)
        {
            if (!itfs[i].enabled || m_linkOfInterface[n][i] >= 0)
            {
                continue;
            }
            for (const auto& a : itfs[i].addresses)
            {
                if (a.prefixLength == 32)
                {
                    m_primary[n] = Ipv4Address(a.address);
                    break;
                }
            }
        }
        for (uint32_t i = 0; i < itfs.size() && !m_primary[n]; ++i)
        {
            if (itfs[i].enabled && !itfs[i].addresses.empty())
            {
                m_primary[n] = Ipv4Address(itfs[i].addresses.front().address);
            }
        }
    }

    // Static routes are checked here so that a bad route fails before anything is created.
    m_effectiveMode = m_routingMode;
    if (m_effectiveMode == TwinRoutingMode::Auto)
    {
        m_effectiveMode =
            m_network.routes.empty() ? TwinRoutingMode::ShortestPath : TwinRoutingMode::Configured;
    }
    if (m_effectiveMode == TwinRoutingMode::ShortestPath && !m_network.routes.empty())
    {
        m_notes.push_back("routing mode shortest-path: the snapshot's " +
                          std::to_string(m_network.routes.size()) +
                          " static routes are not installed");
    }
    if (m_effectiveMode == TwinRoutingMode::Configured)
    {
        if (m_network.routes.empty())
        {
            m_notes.push_back("routing mode configured: the snapshot has no static routes; "
                              "only directly connected subnets are reachable");
        }
        // The validator refuses the same routes with the same words, so this fires only for
        // a network written in code.
        std::vector<TwinRouteCheck> checks = CheckStaticRoutes(m_network);
        for (std::size_t r = 0; r < checks.size(); ++r)
        {
            if (!checks[r].error.empty())
            {
                throw TwinBuildError(checks[r].error + At(m_network.routes[r].source));
            }
            uint32_t n = m_nodeIndex.at(m_network.routes[r].node);
            m_routeInterface.push_back(m_interfaceByName[n].at(checks[r].outInterface));
        }
    }
}

void
TwinBuilder::RegisterNames()
{
    if (!m_registerNames)
    {
        return;
    }
    // CheckNames() made sure that every name is free and unique.
    for (uint32_t n = 0; n < m_network.nodes.size(); ++n)
    {
        std::string name = NameForNames(m_network.nodes[n].id);
        if (name != m_network.nodes[n].id)
        {
            m_notes.push_back("node '" + m_network.nodes[n].id + "' is registered as '" + name +
                              "' with ns3::Names ('/' separates names there)");
        }
        Names::Add(name, m_nodes.Get(n));
    }
}

void
TwinBuilder::CreateLinks()
{
    const auto& links = m_network.links;
    const auto& nodes = m_network.nodes;

    // Device queue below the queue disc, and one channel per bidirectional pair.
    PointToPointHelper p2p;
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(m_deviceQueueSize));
    m_links.resize(links.size());
    for (const auto& [a, b] : m_pairs)
    {
        const TwinLink& ab = links[a];
        const TwinLink& ba = links[b];
        uint32_t na = m_nodeIndex.at(ab.sourceNode);
        uint32_t nb = m_nodeIndex.at(ab.destNode);
        p2p.SetDeviceAttribute("DataRate", DataRateValue(DataRate(ab.capacityBps)));
        p2p.SetChannelAttribute("Delay", TimeValue(Seconds(ab.delaySeconds)));
        NetDeviceContainer devices = p2p.Install(m_nodes.Get(na), m_nodes.Get(nb));
        auto devA = DynamicCast<PointToPointNetDevice>(devices.Get(0));
        auto devB = DynamicCast<PointToPointNetDevice>(devices.Get(1));
        if (ba.capacityBps != ab.capacityBps)
        {
            devB->SetDataRate(DataRate(ba.capacityBps));
        }
        for (auto [dev, node, tp] :
             {std::make_tuple(devA, na, ab.sourceTp), std::make_tuple(devB, nb, ab.destTp)})
        {
            const TwinInterface& itf = nodes[node].interfaces[m_interfaceByName[node].at(tp)];
            if (itf.mtuBytes)
            {
                dev->SetMtu(static_cast<uint16_t>(*itf.mtuBytes));
            }
        }
        BuiltLink& fwd = m_links[a];
        fwd.linkIndex = a;
        fwd.id = ab.id;
        fwd.sourceNode = na;
        fwd.destNode = nb;
        fwd.capacityBps = ab.capacityBps;
        fwd.txDevice = devA;
        fwd.rxDevice = devB;
        BuiltLink& rev = m_links[b];
        rev.linkIndex = b;
        rev.id = ba.id;
        rev.sourceNode = nb;
        rev.destNode = na;
        rev.capacityBps = ba.capacityBps;
        rev.txDevice = devB;
        rev.rxDevice = devA;
    }

    // Internet stack; the routing protocol sits where Ipv4StaticRoutingHelper would.
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    Ipv4ListRoutingHelper list;
    Ipv4StaticRoutingHelper staticRouting;
    if (m_effectiveMode == TwinRoutingMode::Configured)
    {
        list.Add(staticRouting, 0);
    }
    else
    {
        m_graph = CreateObject<TwinRoutingGraph>();
        std::map<uint32_t, uint32_t> indexByNodeId;
        for (uint32_t n = 0; n < nodes.size(); ++n)
        {
            m_graph->AddNode(nodes[n].id);
            indexByNodeId[m_nodes.Get(n)->GetId()] = n;
        }
        list.Add(TwinRoutingHelper(m_graph, std::move(indexByNodeId)), 0);
        // Above it, like an administrative distance: a static route (added by hand, by a
        // route-add event or a change set) wins over the computed one. It also holds the
        // connected routes, which send where TwinRouting would.
        list.Add(staticRouting, 10);
    }
    stack.SetRoutingHelper(list);
    stack.Install(m_nodes);

    // Root queue discs, per device, before addresses (Ipv4AddressHelper would otherwise
    // install its default).
    for (const auto& [a, b] : m_pairs)
    {
        for (uint32_t l : {a, b})
        {
            TrafficControlHelper tch;
            tch.SetRootQueueDisc(m_queueDiscType);
            QueueDiscContainer qd = tch.Install(m_links[l].txDevice);
            m_links[l].queueDisc = qd.Get(0);
            ConfigureQueueDisc(qd.Get(0), links[l]);
        }
    }
}

void
TwinBuilder::ConfigureQueueDisc(Ptr<QueueDisc> q, const TwinLink& link)
{
    bool userMaxSize = false;
    for (const auto& [name, value] : m_queueDiscAttributes)
    {
        if (!q->SetAttributeFailSafe(name, *value))
        {
            throw TwinBuildError("queue disc " + m_queueDiscType + ": cannot set attribute '" +
                                 name + "' (unknown attribute or invalid value)");
        }
        userMaxSize = userMaxSize || name == "MaxSize";
    }
    TypeId::AttributeInformation info;
    if (!userMaxSize && q->GetInstanceTypeId().LookupAttributeByName("MaxSize", &info))
    {
        uint32_t packets = link.queuePackets > 0 ? link.queuePackets : m_defaultQueuePackets;
        q->SetAttribute("MaxSize", QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, packets)));
    }
}

void
TwinBuilder::AssignAddresses()
{
    const auto& links = m_network.links;
    const auto& nodes = m_network.nodes;
    // Interfaces in link order, both ends of a pair in turn, as Ipv4AddressHelper::Assign
    // does for a NetDeviceContainer of the pair.
    for (const auto& [a, b] : m_pairs)
    {
        const TwinLink& ab = links[a];
        for (auto [dev, nodeId, tp, metric] :
             {std::make_tuple(m_links[a].txDevice, ab.sourceNode, ab.sourceTp, ab.metric),
              std::make_tuple(m_links[a].rxDevice, ab.destNode, ab.destTp, links[b].metric)})
        {
            uint32_t n = m_nodeIndex.at(nodeId);
            uint32_t i = m_interfaceByName[n].at(tp);
            const TwinInterface& itf = nodes[n].interfaces[i];
            Ptr<Ipv4> ipv4 = m_nodes.Get(n)->GetObject<Ipv4>();
            uint32_t ifIndex = ipv4->AddInterface(dev);
            m_ns3Interface[n][i] = static_cast<int32_t>(ifIndex);
            // A disabled interface gets no address: ns-3's weak end-system model would
            // otherwise accept packets for it arriving on any other interface.
            for (const auto& address : itf.enabled ? itf.addresses : NoAddresses())
            {
                ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address(address.address),
                                                               Ipv4Mask(address.Mask())));
            }
            if (!itf.enabled && !itf.addresses.empty())
            {
                m_notes.push_back("node '" + nodes[n].id + "' interface '" + itf.name +
                                  "' is disabled: its addresses are not configured");
            }
            ipv4->SetMetric(ifIndex, static_cast<uint16_t>(std::min<uint32_t>(metric, 65535)));
            if (itf.enabled)
            {
                ipv4->SetUp(ifIndex);
            }
        }
        m_links[a].sourceIf = static_cast<uint32_t>(
            m_ns3Interface[m_links[a].sourceNode]
                          [m_interfaceByName[m_links[a].sourceNode].at(ab.sourceTp)]);
        m_links[a].destIf = static_cast<uint32_t>(
            m_ns3Interface[m_links[a].destNode]
                          [m_interfaceByName[m_links[a].destNode].at(ab.destTp)]);
        m_links[b].sourceIf = m_links[a].destIf;
        m_links[b].destIf = m_links[a].sourceIf;
    }
    // Interfaces on no link (loopbacks): their addresses go on the node's loopback
    // interface 0, so they are local addresses reachable from every interface.
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        Ptr<Ipv4> ipv4 = m_nodes.Get(n)->GetObject<Ipv4>();
        for (uint32_t i = 0; i < nodes[n].interfaces.size(); ++i)
        {
            const TwinInterface& itf = nodes[n].interfaces[i];
            if (m_linkOfInterface[n][i] >= 0)
            {
                continue;
            }
            if (!itf.enabled)
            {
                if (!itf.addresses.empty())
                {
                    m_notes.push_back("node '" + nodes[n].id + "' interface '" + itf.name +
                                      "' is disabled and on no link: its addresses are not "
                                      "configured");
                }
                continue;
            }
            m_ns3Interface[n][i] = 0;
            for (const auto& address : itf.addresses)
            {
                ipv4->AddAddress(0, Ipv4InterfaceAddress(Ipv4Address(address.address),
                                                         Ipv4Mask(address.Mask())));
            }
        }
    }
}

void
TwinBuilder::InstallStaticRoutes()
{
    Ipv4StaticRoutingHelper helper;
    for (std::size_t r = 0; r < m_network.routes.size(); ++r)
    {
        const TwinRoute& route = m_network.routes[r];
        uint32_t n = m_nodeIndex.at(route.node);
        int32_t ifIndex = m_ns3Interface[n][m_routeInterface[r]];
        // The same function installs the routes of route-add events and change sets.
        InstallTwinStaticRoute(helper.GetStaticRouting(m_nodes.Get(n)->GetObject<Ipv4>()), route,
                               static_cast<uint32_t>(ifIndex));
    }
}

void
TwinBuilder::FillRoutingGraph()
{
    const auto& links = m_network.links;
    const auto& nodes = m_network.nodes;
    // Edges in snapshot link order: the tie-break prefers earlier links.
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        BuiltLink& built = m_links[l];
        const TwinInterface& destItf =
            nodes[built.destNode].interfaces[m_interfaceByName[built.destNode].at(links[l].destTp)];
        // An unnumbered far end: the point-to-point device needs no next-hop address.
        Ipv4Address nextHop = destItf.addresses.empty()
                                  ? Ipv4Address::GetAny()
                                  : Ipv4Address(destItf.addresses.front().address);
        built.routingEdge =
            static_cast<int32_t>(m_graph->AddEdge(built.sourceNode, built.sourceIf, built.destNode,
                                                  built.destIf, nextHop, links[l].metric));
    }
    for (uint32_t n = 0; n < nodes.size(); ++n)
    {
        for (uint32_t i = 0; i < nodes[n].interfaces.size(); ++i)
        {
            if (!nodes[n].interfaces[i].enabled && m_ns3Interface[n][i] > 0)
            {
                m_graph->SetInterfaceUp(n, static_cast<uint32_t>(m_ns3Interface[n][i]), false);
            }
        }
    }
}

bool
TwinBuilder::IsBuilt() const
{
    return m_built;
}

const TwinNetwork&
TwinBuilder::GetNetwork() const
{
    return m_network;
}

NodeContainer
TwinBuilder::GetNodes() const
{
    return m_nodes;
}

Ptr<Node>
TwinBuilder::GetNode(const std::string& nodeId) const
{
    auto it = m_nodeIndex.find(nodeId);
    if (it == m_nodeIndex.end() || it->second >= m_nodes.GetN())
    {
        return nullptr;
    }
    return m_nodes.Get(it->second);
}

int32_t
TwinBuilder::GetNodeIndex(const std::string& nodeId) const
{
    auto it = m_nodeIndex.find(nodeId);
    return it == m_nodeIndex.end() ? -1 : static_cast<int32_t>(it->second);
}

int32_t
TwinBuilder::GetInterfaceIndex(const std::string& nodeId, const std::string& interfaceName) const
{
    auto node = m_nodeIndex.find(nodeId);
    if (node == m_nodeIndex.end() || node->second >= m_ns3Interface.size())
    {
        return -1;
    }
    auto itf = m_interfaceByName[node->second].find(interfaceName);
    if (itf == m_interfaceByName[node->second].end())
    {
        return -1;
    }
    return m_ns3Interface[node->second][itf->second];
}

std::optional<Ipv4Address>
TwinBuilder::GetPrimaryAddress(const std::string& nodeId) const
{
    auto it = m_nodeIndex.find(nodeId);
    if (it == m_nodeIndex.end() || it->second >= m_primary.size())
    {
        return std::nullopt;
    }
    return m_primary[it->second];
}

const std::vector<TwinBuilder::BuiltLink>&
TwinBuilder::GetLinks() const
{
    return m_links;
}

const TwinBuilder::BuiltLink*
TwinBuilder::FindLink(const std::string& linkId) const
{
    auto it = m_linkById.find(linkId);
    if (it == m_linkById.end() || it->second >= m_links.size())
    {
        return nullptr;
    }
    return &m_links[it->second];
}

TwinRoutingMode
TwinBuilder::GetRoutingMode() const
{
    return m_effectiveMode;
}

Ptr<TwinRoutingGraph>
TwinBuilder::GetRoutingGraph() const
{
    return m_graph;
}

const std::vector<std::string>&
TwinBuilder::GetNotes() const
{
    return m_notes;
}

} // namespace ns3
