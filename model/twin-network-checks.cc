/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-network-checks.h"

#include "ns3/importer-util.h"

#include <cmath>
#include <set>
#include <unordered_map>
#include <utility>

namespace ns3
{

namespace
{

using importer::FormatNumber;

/** A (node-id, interface name) pair. */
using InterfaceKey = std::pair<std::string, std::string>;

/** Nodes by id, the first of each id as TwinNetwork::FindNode finds it, without its scan. */
class NodeLookup
{
public:
    /** @param network the network whose nodes are indexed (must outlive the lookup) */
    explicit NodeLookup(const TwinNetwork& network)
    {
        m_byId.reserve(network.nodes.size());
        for (const auto& node : network.nodes)
        {
            m_byId.emplace(node.id, &node);
        }
    }

    /**
     * @param id a node-id
     * @return the node, or nullptr
     */
    const TwinNode* Find(const std::string& id) const
    {
        auto it = m_byId.find(id);
        return it == m_byId.end() ? nullptr : it->second;
    }

private:
    std::unordered_map<std::string, const TwinNode*> m_byId; //!< node-id -> first node
};

/**
 * @param node a node
 * @param name an interface name
 * @return the node's first interface of that name, or nullptr
 */
const TwinInterface*
FindInterface(const TwinNode& node, const std::string& name)
{
    for (const auto& iface : node.interfaces)
    {
        if (iface.name == name)
        {
            return &iface;
        }
    }
    return nullptr;
}

/**
 * @param network a network
 * @return every interface that is an end of at least one link
 */
std::set<InterfaceKey>
LinkedInterfaces(const TwinNetwork& network)
{
    std::set<InterfaceKey> linked;
    for (const auto& link : network.links)
    {
        linked.emplace(link.sourceNode, link.sourceTp);
        linked.emplace(link.destNode, link.destTp);
    }
    return linked;
}

/**
 * @param a an interface address
 * @return true if its prefix length makes it a subnet (1..32)
 */
bool
IsSubnet(const TwinIpv4Prefix& a)
{
    return a.prefixLength >= 1 && a.prefixLength <= 32;
}

/**
 * @param iface an interface
 * @return its addresses as "a/len, b/len", or "no address"
 */
std::string
AddressList(const TwinInterface& iface)
{
    std::string text;
    for (const auto& a : iface.addresses)
    {
        text += (text.empty() ? "" : ", ") + a.ToString();
    }
    return text.empty() ? "no address" : text;
}

/**
 * The rules of CheckStaticRoutes for one route.
 * @param nodes the network's nodes by id
 * @param linked the network's interfaces that are on a link
 * @param route the route
 * @return the verdict
 */
TwinRouteCheck
CheckRoute(const NodeLookup& nodes, const std::set<InterfaceKey>& linked, const TwinRoute& route)
{
    TwinRouteCheck check;
    const std::string label =
        "route to " + route.destination.ToString() + " on node '" + route.node + "': ";
    auto fail = [&check, &label](const std::string& problem)
    {
        check.error = label + problem;
        return check;
    };
    const TwinNode* node = nodes.Find(route.node);
    if (node == nullptr)
    {
        return fail("the node does not exist");
    }
    if (route.destination.prefixLength > 32)
    {
        return fail("prefix length " + std::to_string(route.destination.prefixLength) +
                    " is above 32");
    }
    if (!route.nextHop && route.outInterface.empty())
    {
        return fail("neither a next hop nor an outgoing interface");
    }
    auto usable = [&linked, node](const TwinInterface& iface) {
        return iface.enabled && linked.count({node->id, iface.name}) > 0;
    };

    const TwinInterface* out = nullptr;
    if (!route.outInterface.empty())
    {
        out = FindInterface(*node, route.outInterface);
        const std::string name = "outgoing interface '" + route.outInterface + "'";
        if (out == nullptr)
        {
            return fail(name + " is not an interface of the node");
        }
        if (!out->enabled)
        {
            return fail(name + " is disabled");
        }
        if (!usable(*out))
        {
            return fail(name + " is on no link");
        }
    }
    if (route.nextHop)
    {
        const uint32_t hop = *route.nextHop;
        const std::string hopText = "next hop " + TwinIpv4Prefix::AddressToString(hop);
        for (const auto& iface : node->interfaces)
        {
            for (const auto& a : iface.addresses)
            {
                if (a.address == hop)
                {
                    return fail(hopText + " is an address of the node itself (interface '" +
                                iface.name + "')");
                }
            }
        }
        auto holds = [hop](const TwinInterface& iface)
        {
            for (const auto& a : iface.addresses)
            {
                if (IsSubnet(a) && a.Contains(hop))
                {
                    return true;
                }
            }
            return false;
        };
        if (out != nullptr)
        {
            if (!holds(*out))
            {
                return fail(hopText + " is not in the subnet of outgoing interface '" + out->name +
                            "' (" + AddressList(*out) + ")");
            }
        }
        else
        {
            // Like Linux: the first enabled linked interface whose subnet holds the next hop.
            for (const auto& iface : node->interfaces)
            {
                if (usable(iface) && holds(iface))
                {
                    out = &iface;
                    break;
                }
            }
            if (out == nullptr)
            {
                return fail(hopText + " is on no connected subnet of the node (the subnets of its "
                                      "enabled interfaces on a link)");
            }
        }
    }
    check.outInterface = out->name;
    return check;
}

/**
 * @param node a node
 * @return true if an enabled interface of the node has an IPv4 address: the builder's
 *         primary address of the node exists exactly then
 */
bool
HasUsableAddress(const TwinNode& node)
{
    for (const auto& iface : node.interfaces)
    {
        if (iface.enabled && !iface.addresses.empty())
        {
            return true;
        }
    }
    return false;
}

} // namespace

std::vector<TwinRouteCheck>
CheckStaticRoutes(const TwinNetwork& network)
{
    const NodeLookup nodes(network);
    const std::set<InterfaceKey> linked = LinkedInterfaces(network);
    std::vector<TwinRouteCheck> checks;
    checks.reserve(network.routes.size());
    for (const auto& route : network.routes)
    {
        checks.push_back(CheckRoute(nodes, linked, route));
    }
    return checks;
}

TwinRouteCheck
CheckStaticRoute(const TwinNetwork& network, const TwinRoute& route)
{
    return CheckRoute(NodeLookup(network), LinkedInterfaces(network), route);
}

std::vector<TwinDemandProblem>
CheckDemands(const TwinNetwork& network, const std::vector<TwinDemand>& demands)
{
    const NodeLookup nodes(network);
    std::vector<TwinDemandProblem> problems;
    std::unordered_map<std::string, std::size_t> firstById;
    const TwinDemand* firstTcp = nullptr;
    for (std::size_t i = 0; i < demands.size(); ++i)
    {
        const TwinDemand& d = demands[i];
        auto add = [&problems, i](const std::string& message) { problems.push_back({i, message}); };
        std::string label = "demand '" + d.id + "'";
        if (d.id.empty())
        {
            label = "demand " + d.sourceNode + " -> " + d.destNode;
            add(label + ": the demand has no id");
        }
        else
        {
            auto [it, inserted] = firstById.emplace(d.id, i);
            if (!inserted)
            {
                add("duplicate demand id '" + d.id + "' (first defined at " +
                    demands[it->second].source.ToString() + ")");
            }
        }
        for (const auto& [role, id] :
             {std::make_pair("source", &d.sourceNode), std::make_pair("destination", &d.destNode)})
        {
            const TwinNode* node = nodes.Find(*id);
            if (node == nullptr)
            {
                add(label + ": " + role + " node '" + *id + "' is not in the network");
            }
            else if (!HasUsableAddress(*node))
            {
                add(label + ": " + role + " node '" + *id +
                    "' has no IPv4 address on an enabled interface to send from or to");
            }
        }
        if (d.sourceNode == d.destNode)
        {
            add(label + ": source and destination are the same node '" + d.sourceNode + "'");
        }
        if (d.packetBytes == 0)
        {
            add(label + ": packet size 0 bytes is not positive");
        }
        if (d.protocol == TwinProtocol::Udp)
        {
            const std::string rate = label + ": udp rate " + FormatNumber(d.rateBps) + " bit/s";
            if (std::isnan(d.rateBps))
            {
                add(rate + " is not a number");
            }
            else if (d.rateBps < kMinDemandRateBps)
            {
                add(rate + " is below the minimum of " + FormatNumber(kMinDemandRateBps) +
                    " bit/s");
            }
            else if (d.rateBps > kMaxDemandRateBps)
            {
                add(rate + " is above the limit of " + FormatNumber(kMaxDemandRateBps) + " bit/s");
            }
            if (d.packetBytes > kMaxUdpPayloadBytes)
            {
                add(label + ": udp payload " + std::to_string(d.packetBytes) +
                    " bytes is above the limit of " + std::to_string(kMaxUdpPayloadBytes) +
                    " bytes");
            }
        }
        else
        {
            if (d.bytes > importer::kMaxStoredInteger)
            {
                add(label + ": " + std::to_string(d.bytes) + " bytes is above the limit of " +
                    std::to_string(importer::kMaxStoredInteger) + " bytes");
            }
            if (firstTcp == nullptr)
            {
                firstTcp = &d;
            }
            else if (d.packetBytes != firstTcp->packetBytes)
            {
                std::string where = firstTcp->source.ToString();
                add(label + ": tcp packet size " + std::to_string(d.packetBytes) +
                    " bytes differs from the " + std::to_string(firstTcp->packetBytes) +
                    " bytes of demand '" + firstTcp->id + "'" +
                    (where.empty() ? "" : " (" + where + ")") +
                    "; ns-3 has one TCP segment size (ns3::TcpSocket::SegmentSize) per run");
            }
        }
        if (!std::isfinite(d.startSeconds) || d.startSeconds < 0)
        {
            add(label + ": start time " + FormatNumber(d.startSeconds) +
                " s is negative or not finite");
        }
        else if (d.startSeconds > kMaxDemandSeconds)
        {
            add(label + ": start time " + FormatNumber(d.startSeconds) +
                " s is after the limit of " + FormatNumber(kMaxDemandSeconds) + " s");
        }
        if (d.stopSeconds && !std::isfinite(*d.stopSeconds))
        {
            add(label + ": stop time " + FormatNumber(*d.stopSeconds) + " s is not finite");
        }
        else if (d.stopSeconds && *d.stopSeconds > kMaxDemandSeconds)
        {
            add(label + ": stop time " + FormatNumber(*d.stopSeconds) +
                " s is after the limit of " + FormatNumber(kMaxDemandSeconds) + " s");
        }
    }
    return problems;
}

} // namespace ns3
