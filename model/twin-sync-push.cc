/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-sync-push.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{

const char* const kNsInterfaces = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
const char* const kNsIp = "urn:ietf:params:xml:ns:yang:ietf-ip";
const char* const kNsRouting = "urn:ietf:params:xml:ns:yang:ietf-routing";
const char* const kNsIpv4Routing = "urn:ietf:params:xml:ns:yang:ietf-ipv4-unicast-routing";
const char* const kNsNetconf = "urn:ietf:params:xml:ns:netconf:base:1.0";

/** @return @p text with the XML special characters escaped */
std::string
Escape(const std::string& text)
{
    std::string out;
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
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/** @return the nc:operation attribute for @p operation ("" for a plain merge) */
std::string
Operation(const std::string& operation)
{
    return operation.empty() ? "" : " nc:operation=\"" + operation + "\"";
}

/** A route's next hop, comparable: (next-hop address or none, outgoing interface). */
using NextHop = std::pair<std::optional<uint32_t>, std::string>;

/** @return the next hops of @p routes, sorted */
std::vector<NextHop>
NextHops(const std::vector<TwinRoute>& routes)
{
    std::vector<NextHop> hops;
    for (const auto& r : routes)
    {
        hops.emplace_back(r.nextHop, r.outInterface);
    }
    std::sort(hops.begin(), hops.end());
    return hops;
}

/** @return the route entry for @p destination (the list key as the device has it) */
std::string
RouteXml(const TwinIpv4Prefix& destination, const std::vector<TwinRoute>& routes,
         const std::string& operation)
{
    std::ostringstream xml;
    xml << "<route" << Operation(operation) << "><destination-prefix>" << destination.ToString()
        << "</destination-prefix>";
    if (!routes.empty())
    {
        const TwinRoute& r = routes.front();
        xml << "<next-hop>";
        if (!r.outInterface.empty())
        {
            xml << "<outgoing-interface>" << Escape(r.outInterface) << "</outgoing-interface>";
        }
        if (r.nextHop)
        {
            xml << "<next-hop-address>" << TwinIpv4Prefix::AddressToString(*r.nextHop)
                << "</next-hop-address>";
        }
        xml << "</next-hop>";
    }
    xml << "</route>";
    return xml.str();
}

/** The content of the first element named @p tag in @p text from @p from, or nothing. */
std::optional<std::string>
ElementText(const std::string& text, const std::string& tag, std::size_t from, std::size_t to)
{
    const std::string open = "<" + tag;
    for (std::size_t at = text.find(open, from); at != std::string::npos && at < to;
         at = text.find(open, at + 1))
    {
        const char next = at + open.size() < text.size() ? text[at + open.size()] : '\0';
        if (next != '>' && next != ' ')
        {
            continue; // a longer name with the same start
        }
        std::size_t begin = text.find('>', at);
        std::size_t end = text.find("</" + tag + ">", begin);
        if (begin == std::string::npos || end == std::string::npos || end > to)
        {
            return std::nullopt;
        }
        return text.substr(begin + 1, end - begin - 1);
    }
    return std::nullopt;
}

/** @return @p text without leading and trailing white space */
std::string
Trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
    {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

std::string
TwinStaticProtocolName(const std::string& deviceXml)
{
    const std::string open = "<control-plane-protocol>";
    const std::string close = "</control-plane-protocol>";
    for (std::size_t at = deviceXml.find(open); at != std::string::npos;
         at = deviceXml.find(open, at + 1))
    {
        std::size_t end = deviceXml.find(close, at);
        if (end == std::string::npos)
        {
            break;
        }
        auto type = ElementText(deviceXml, "type", at, end);
        auto name = ElementText(deviceXml, "name", at, end);
        if (!type || !name)
        {
            continue;
        }
        // An identityref: "rt:static" with whatever prefix the device chose.
        std::string value = Trim(*type);
        value = value.substr(value.find(':') == std::string::npos ? 0 : value.find(':') + 1);
        if (value == "static")
        {
            return Trim(*name);
        }
    }
    return "";
}

std::map<std::string, std::string>
TwinNetconfEdits(const TwinChangeSet& changeSet, const TwinNetwork& baseline,
                 const TwinNetconfEditOptions& options)
{
    // Several node edits may name one node: merge them per node, in file order.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const TwinNodeEdit*>> byNode;
    for (const auto& edit : changeSet.nodes)
    {
        if (byNode.find(edit.node) == byNode.end())
        {
            order.push_back(edit.node);
        }
        byNode[edit.node].push_back(&edit);
    }

    std::map<std::string, std::string> result;
    for (const auto& nodeId : order)
    {
        const TwinNode* node = baseline.FindNode(nodeId);
        if (node == nullptr)
        {
            throw std::invalid_argument("change set: node '" + nodeId + "' is not in the baseline");
        }
        // Interfaces: the final state per interface, then only what differs.
        std::map<std::string, TwinInterface> finalIf;
        std::vector<std::string> ifOrder;
        for (const TwinNodeEdit* edit : byNode[nodeId])
        {
            for (const auto& ie : edit->interfaces)
            {
                auto base =
                    std::find_if(node->interfaces.begin(), node->interfaces.end(),
                                 [&ie](const TwinInterface& i) { return i.name == ie.name; });
                if (base == node->interfaces.end())
                {
                    throw std::invalid_argument("change set: node '" + nodeId +
                                                "' has no interface '" + ie.name + "'");
                }
                if (finalIf.find(ie.name) == finalIf.end())
                {
                    finalIf[ie.name] = *base;
                    ifOrder.push_back(ie.name);
                }
                TwinInterface& f = finalIf[ie.name];
                if (ie.enabled)
                {
                    f.enabled = *ie.enabled;
                }
                if (ie.speedBps && f.speedBps != ie.speedBps)
                {
                    throw std::invalid_argument(
                        "change set: node '" + nodeId + "' interface '" + ie.name +
                        "': speed cannot be configured over NETCONF (ietf-interfaces 2014 has "
                        "speed only in interfaces-state)");
                }
                for (uint32_t a : ie.removeAddresses)
                {
                    f.addresses.erase(std::remove_if(f.addresses.begin(), f.addresses.end(),
                                                     [a](const TwinIpv4Prefix& p)
                                                     { return p.address == a; }),
                                      f.addresses.end());
                }
                for (const auto& p : ie.addAddresses)
                {
                    auto same = std::find_if(f.addresses.begin(), f.addresses.end(),
                                             [&p](const TwinIpv4Prefix& q)
                                             { return q.address == p.address; });
                    if (same == f.addresses.end())
                    {
                        f.addresses.push_back(p);
                    }
                    else
                    {
                        *same = p;
                    }
                }
            }
        }
        std::ostringstream interfaces;
        for (const auto& name : ifOrder)
        {
            const TwinInterface& f = finalIf[name];
            const TwinInterface& b =
                *std::find_if(node->interfaces.begin(), node->interfaces.end(),
                              [&name](const TwinInterface& i) { return i.name == name; });
            std::ostringstream addresses;
            for (const auto& p : b.addresses)
            {
                bool kept =
                    std::any_of(f.addresses.begin(), f.addresses.end(),
                                [&p](const TwinIpv4Prefix& q) { return q.address == p.address; });
                if (!kept)
                {
                    addresses << "<address" << Operation("delete") << "><ip>"
                              << TwinIpv4Prefix::AddressToString(p.address) << "</ip></address>";
                }
            }
            for (const auto& p : f.addresses)
            {
                auto old =
                    std::find_if(b.addresses.begin(), b.addresses.end(),
                                 [&p](const TwinIpv4Prefix& q) { return q.address == p.address; });
                if (old != b.addresses.end() && old->prefixLength == p.prefixLength)
                {
                    continue; // already there
                }
                // A new address must not exist yet; a changed prefix length is a merge.
                addresses << "<address" << Operation(old == b.addresses.end() ? "create" : "")
                          << "><ip>" << TwinIpv4Prefix::AddressToString(p.address)
                          << "</ip><prefix-length>" << unsigned(p.prefixLength)
                          << "</prefix-length></address>";
            }
            const std::string addressXml = addresses.str();
            if (f.enabled == b.enabled && addressXml.empty())
            {
                continue;
            }
            interfaces << "<interface><name>" << Escape(name) << "</name>";
            if (f.enabled != b.enabled)
            {
                interfaces << "<enabled>" << (f.enabled ? "true" : "false") << "</enabled>";
            }
            if (!addressXml.empty())
            {
                interfaces << "<ipv4 xmlns=\"" << kNsIp << "\">" << addressXml << "</ipv4>";
            }
            interfaces << "</interface>";
        }

        // Static routes: per destination network, the baseline's and the final next hops.
        using Key = std::pair<uint32_t, uint8_t>;
        std::map<Key, std::vector<TwinRoute>> baseRoutes;
        for (const auto& r : baseline.routes)
        {
            if (r.node == nodeId)
            {
                baseRoutes[{r.destination.Network(), r.destination.prefixLength}].push_back(r);
            }
        }
        std::map<Key, std::vector<TwinRoute>> finalRoutes = baseRoutes;
        std::vector<Key> routeOrder;
        for (const TwinNodeEdit* edit : byNode[nodeId])
        {
            for (const auto& p : edit->removeRoutes)
            {
                Key key{p.Network(), p.prefixLength};
                finalRoutes.erase(key);
                routeOrder.push_back(key);
            }
            std::set<Key> added;
            for (const auto& r : edit->addRoutes)
            {
                Key key{r.destination.Network(), r.destination.prefixLength};
                if (r.metric != 0)
                {
                    throw std::invalid_argument(
                        "change set: node '" + nodeId + "' route " + r.destination.ToString() +
                        ": a metric cannot be configured (RFC 8022 static routes have none)");
                }
                if (!added.insert(key).second)
                {
                    throw std::invalid_argument(
                        "change set: node '" + nodeId + "' adds several routes to " +
                        r.destination.ToString() + ": next-hop lists are not pushed yet");
                }
                finalRoutes[key] = {r};
                routeOrder.push_back(key);
            }
        }
        std::ostringstream routes;
        std::set<Key> written;
        for (const auto& key : routeOrder)
        {
            if (!written.insert(key).second)
            {
                continue;
            }
            auto b = baseRoutes.find(key);
            auto f = finalRoutes.find(key);
            if (f == finalRoutes.end())
            {
                if (b != baseRoutes.end())
                {
                    routes << RouteXml(b->second.front().destination, {}, "delete");
                }
            }
            else if (b == baseRoutes.end() || NextHops(b->second) != NextHops(f->second))
            {
                const TwinIpv4Prefix& destination = b != baseRoutes.end()
                                                        ? b->second.front().destination
                                                        : f->second.front().destination;
                routes << RouteXml(destination, f->second, "replace");
            }
        }

        std::string xml;
        if (!interfaces.str().empty())
        {
            xml += std::string("<interfaces xmlns=\"") + kNsInterfaces + "\" xmlns:nc=\"" +
                   kNsNetconf + "\">" + interfaces.str() + "</interfaces>";
        }
        if (!routes.str().empty())
        {
            auto named = options.staticProtocol.find(nodeId);
            const std::string& protocol = named != options.staticProtocol.end()
                                              ? named->second
                                              : options.defaultStaticProtocol;
            xml += std::string("<routing xmlns=\"") + kNsRouting + "\" xmlns:nc=\"" + kNsNetconf +
                   "\"><control-plane-protocols><control-plane-protocol><type xmlns:rt=\"" +
                   kNsRouting + "\">rt:static</type><name>" + Escape(protocol) +
                   "</name><static-routes><ipv4 xmlns=\"" + kNsIpv4Routing + "\">" + routes.str() +
                   "</ipv4></static-routes></control-plane-protocol></control-plane-protocols>"
                   "</routing>";
        }
        if (!xml.empty())
        {
            result[nodeId] = xml;
        }
    }
    return result;
}

} // namespace ns3
