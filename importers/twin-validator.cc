/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-validator.h"

#include "demand-file-reader.h"
#include "importer-util.h"

#include "ns3/twin-network-checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace ns3
{

namespace
{

/** First address of 10.0.0.0/8, where assigned link subnets start. */
constexpr uint32_t kAssignBase = 0x0A000000;
/** First address after 10.0.0.0/8. */
constexpr uint32_t kAssignEnd = 0x0B000000;
/** The smallest MTU an IPv4 interface may have (RFC 791). */
constexpr uint32_t kMinIpv4Mtu = 68;

using importer::FormatNumber;
using importer::kMaxStoredInteger;

/**
 * @return the end of a message about a rate above kMaxStoredInteger
 */
std::string
AboveStoreRange()
{
    return " bit/s is above the largest rate the store can keep (" +
           std::to_string(kMaxStoredInteger) + " bit/s)";
}

/**
 * @param bps a bit rate
 * @return e.g. "2.5 Gbit/s"
 */
std::string
Rate(uint64_t bps)
{
    static const char* units[] = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
    double v = static_cast<double>(bps);
    int u = 0;
    while (v >= 1000 && u < 4)
    {
        v /= 1000;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.6g %s", v, units[u]);
    return buf;
}

/**
 * @param where a location
 * @return true if any part of the location is known
 */
bool
Known(const TwinSourceRef& where)
{
    return !where.file.empty() || where.line > 0 || !where.path.empty();
}

/** An interface by position: node index and interface index. */
struct IfaceRef
{
    std::size_t node{0};  //!< index in network.nodes
    std::size_t iface{0}; //!< index in that node's interfaces
};

/**
 * The state of one validation run: lookup tables by position, so interfaces and links may be
 * added while the tables stay valid.
 */
class Validation
{
public:
    /**
     * @param network the network to check and complete
     * @param options defaults and strictness
     * @param diagnostics where findings go
     */
    Validation(TwinNetwork& network, const TwinImportOptions& options, TwinDiagnostics& diagnostics)
        : m_net(network), m_opt(options), m_diag(diagnostics)
    {
    }

    /** Run every check and completion step in order. */
    void Run()
    {
        DropSelfLoops();
        CheckNodes();
        CheckLinkEnds();
        CheckTerminationPointUse();
        PairDirections();
        ResolveCapacities();
        CheckLinkValues();
        AssignAddresses();
        for (auto& node : m_net.nodes)
        {
            for (auto& iface : node.interfaces)
            {
                if (!iface.mtuBytes)
                {
                    iface.mtuBytes = m_opt.defaultMtuBytes;
                }
            }
        }
        CheckAddresses();
        CheckRoutes();
        CheckComponents();
        ValidateDemands(m_net, m_net.demands, m_diag);
    }

private:
    /**
     * @param r an interface position
     * @return a number unique to the position, for hashing
     */
    static uint64_t Key(const IfaceRef& r)
    {
        return (static_cast<uint64_t>(r.node) << 32) | static_cast<uint64_t>(r.iface);
    }

    /**
     * @param r an interface position
     * @return the interface
     */
    TwinInterface& Iface(const IfaceRef& r) { return m_net.nodes[r.node].interfaces[r.iface]; }

    /**
     * @param r an interface position
     * @return "node:interface"
     */
    std::string IfaceName(const IfaceRef& r) const
    {
        return m_net.nodes[r.node].id + ":" + m_net.nodes[r.node].interfaces[r.iface].name;
    }

    /**
     * @param r an interface position
     * @return where the interface was defined, or its node when that is unknown
     */
    TwinSourceRef IfaceWhere(const IfaceRef& r) const
    {
        const auto& node = m_net.nodes[r.node];
        const auto& source = node.interfaces[r.iface].source;
        return Known(source) ? source : node.source;
    }

    /**
     * @param link a link
     * @return "node:tp -> node:tp"
     */
    static std::string EndsText(const TwinLink& link)
    {
        return link.sourceNode + ":" + link.sourceTp + " -> " + link.destNode + ":" + link.destTp;
    }

    /**
     * A link from a node to itself carries nothing between nodes (and a point-to-point
     * device cannot join an interface to itself): drop it with a warning, one per pair of
     * directions, or report it when strict. Interfaces only such links used, and without
     * addresses, go too: the research formats make them for the edge alone.
     */
    void DropSelfLoops()
    {
        std::vector<std::size_t> loops;
        std::set<std::pair<std::string, std::string>> used; // (node, interface) still in use
        for (std::size_t l = 0; l < m_net.links.size(); ++l)
        {
            const TwinLink& link = m_net.links[l];
            if (link.sourceNode == link.destNode)
            {
                loops.push_back(l);
                continue;
            }
            used.emplace(link.sourceNode, link.sourceTp);
            used.emplace(link.destNode, link.destTp);
        }
        if (loops.empty())
        {
            return;
        }
        for (const auto& route : m_net.routes)
        {
            used.emplace(route.node, route.outInterface);
        }
        std::vector<bool> reported(loops.size(), false);
        for (std::size_t i = 0; i < loops.size(); ++i)
        {
            if (reported[i])
            {
                continue;
            }
            const TwinLink& link = m_net.links[loops[i]];
            const TwinLink* reverse = nullptr;
            for (std::size_t j = i + 1; j < loops.size() && reverse == nullptr; ++j)
            {
                const TwinLink& other = m_net.links[loops[j]];
                if (!reported[j] && other.sourceNode == link.sourceNode &&
                    other.sourceTp == link.destTp && other.destTp == link.sourceTp)
                {
                    reverse = &other;
                    reported[j] = true;
                }
            }
            std::string message = "link '" + link.id + "' (" + EndsText(link) +
                                  ") connects node '" + link.sourceNode + "' to itself (self-loop)";
            if (m_opt.strict)
            {
                m_diag.Error(
                    link.source,
                    message +
                        (reverse ? ", as does its reverse direction '" + reverse->id + "'" : "") +
                        " (strict mode)");
            }
            else
            {
                m_diag.Warning(
                    link.source,
                    message + "; dropped" +
                        (reverse ? " with its reverse direction '" + reverse->id + "'" : ""));
            }
        }
        // Which nodes listed interfaces is decided before any interface goes.
        for (const auto& node : m_net.nodes)
        {
            if (!node.interfaces.empty())
            {
                m_listedInterfaces.insert(node.id);
            }
        }
        for (auto l = loops.rbegin(); l != loops.rend(); ++l)
        {
            const TwinLink link = m_net.links[*l];
            m_net.links.erase(m_net.links.begin() + static_cast<std::ptrdiff_t>(*l));
            for (const std::string& tp : {link.sourceTp, link.destTp})
            {
                if (used.count({link.sourceNode, tp}) > 0)
                {
                    continue;
                }
                auto node =
                    std::find_if(m_net.nodes.begin(), m_net.nodes.end(),
                                 [&link](const TwinNode& n) { return n.id == link.sourceNode; });
                if (node == m_net.nodes.end())
                {
                    continue;
                }
                auto& ifaces = node->interfaces;
                auto iface = std::find_if(ifaces.begin(), ifaces.end(),
                                          [&tp](const TwinInterface& i) { return i.name == tp; });
                if (iface != ifaces.end() && iface->addresses.empty())
                {
                    ifaces.erase(iface);
                }
            }
        }
    }

    /** Duplicate node and interface ids; impossible interface values. */
    void CheckNodes()
    {
        m_nodeHadInterfaces.assign(m_net.nodes.size(), true);
        m_ifaceIndex.resize(m_net.nodes.size());
        m_nodeIndex.reserve(m_net.nodes.size());
        for (std::size_t n = 0; n < m_net.nodes.size(); ++n)
        {
            const TwinNode& node = m_net.nodes[n];
            if (node.id.empty())
            {
                m_diag.Error(node.source, "a node has an empty id");
            }
            auto [it, inserted] = m_nodeIndex.emplace(node.id, n);
            if (!inserted)
            {
                m_diag.Error(node.source, "duplicate node id '" + node.id + "' (first defined at " +
                                              m_net.nodes[it->second].source.ToString() + ")");
                continue;
            }
            m_nodeHadInterfaces[n] =
                !node.interfaces.empty() || m_listedInterfaces.count(node.id) > 0;
            auto& names = m_ifaceIndex[n];
            for (std::size_t i = 0; i < node.interfaces.size(); ++i)
            {
                const TwinInterface& iface = node.interfaces[i];
                IfaceRef ref{n, i};
                std::string label = "interface '" + node.id + ":" + iface.name + "'";
                if (iface.name.empty())
                {
                    m_diag.Error(IfaceWhere(ref),
                                 "node '" + node.id + "' has an interface with an empty name");
                }
                auto [prev, fresh] = names.emplace(iface.name, i);
                if (!fresh)
                {
                    m_diag.Error(IfaceWhere(ref), "duplicate " + label + " (first defined at " +
                                                      IfaceWhere({n, prev->second}).ToString() +
                                                      ")");
                }
                if (iface.speedBps && *iface.speedBps == 0)
                {
                    m_diag.Error(IfaceWhere(ref), label + ": speed is 0 bit/s");
                }
                if (iface.speedBps && *iface.speedBps > kMaxStoredInteger)
                {
                    m_diag.Error(IfaceWhere(ref), label + ": speed " +
                                                      std::to_string(*iface.speedBps) +
                                                      AboveStoreRange());
                }
                if (iface.mtuBytes && *iface.mtuBytes < kMinIpv4Mtu)
                {
                    m_diag.Error(IfaceWhere(ref), label + ": MTU " +
                                                      std::to_string(*iface.mtuBytes) +
                                                      " bytes is below the IPv4 minimum of 68");
                }
                for (const auto& a : iface.addresses)
                {
                    if (a.prefixLength == 0 || a.prefixLength > 32)
                    {
                        m_diag.Error(IfaceWhere(ref),
                                     label + ": address " +
                                         TwinIpv4Prefix::AddressToString(a.address) +
                                         " has prefix length " + std::to_string(a.prefixLength) +
                                         "; an interface needs 1..32");
                    }
                }
            }
        }
    }

    /**
     * Resolve one end of a link to an interface, creating it on nodes that list no
     * interfaces at all (topology-only sources).
     * @param link the link
     * @param nodeId the end's node
     * @param tp the end's termination point
     * @param role "source" or "destination"
     * @param out receives the interface position
     * @return true if resolved
     */
    bool ResolveEnd(const TwinLink& link, const std::string& nodeId, const std::string& tp,
                    const char* role, IfaceRef& out)
    {
        // Messages are built only on error: this runs twice per link.
        auto label = [&link]() { return "link '" + link.id + "'"; };
        auto n = m_nodeIndex.find(nodeId);
        if (n == m_nodeIndex.end())
        {
            m_diag.Error(link.source,
                         label() + ": " + role + " node '" + nodeId + "' does not exist");
            return false;
        }
        if (tp.empty())
        {
            m_diag.Error(link.source,
                         label() + ": no " + role + " termination point on node '" + nodeId + "'");
            return false;
        }
        auto& names = m_ifaceIndex[n->second];
        auto i = names.find(tp);
        if (i != names.end())
        {
            out = {n->second, i->second};
            return true;
        }
        if (m_nodeHadInterfaces[n->second])
        {
            m_diag.Error(link.source, label() + ": " + role + " termination point '" + tp +
                                          "' is not an " + "interface of node '" + nodeId + "'");
            return false;
        }
        TwinNode& node = m_net.nodes[n->second];
        TwinInterface created;
        created.name = tp;
        created.source = link.source;
        node.interfaces.push_back(created);
        names.emplace(tp, node.interfaces.size() - 1);
        out = {n->second, node.interfaces.size() - 1};
        ++m_createdInterfaces;
        return true;
    }

    /** Duplicate link ids; link ends that name no node or interface. */
    void CheckLinkEnds()
    {
        std::unordered_map<std::string, std::size_t> ids;
        ids.reserve(m_net.links.size());
        m_ends.reserve(m_net.links.size() * 2);
        for (std::size_t l = 0; l < m_net.links.size(); ++l)
        {
            const TwinLink& link = m_net.links[l];
            if (link.id.empty())
            {
                m_diag.Error(link.source, "a link from '" + link.sourceNode + "' to '" +
                                              link.destNode + "' has an empty id");
            }
            auto [it, inserted] = ids.emplace(link.id, l);
            if (!inserted)
            {
                m_diag.Error(link.source, "duplicate link id '" + link.id + "' (first defined at " +
                                              m_net.links[it->second].source.ToString() + ")");
            }
            IfaceRef src;
            IfaceRef dst;
            bool ok = ResolveEnd(link, link.sourceNode, link.sourceTp, "source", src);
            ok = ResolveEnd(link, link.destNode, link.destTp, "destination", dst) && ok;
            m_ends.push_back({ok, src, dst});
        }
        for (auto& [id, index] : ids)
        {
            m_linkIds.insert(id);
        }
        if (m_createdInterfaces > 0)
        {
            m_diag.Note(Known(m_net.links.front().source) ? m_net.links.front().source
                                                          : TwinSourceRef{},
                        std::to_string(m_createdInterfaces) +
                            " interfaces were created from the termination points of links on "
                            "nodes that list no interfaces");
        }
    }

    /** A point-to-point interface is the source (and destination) of one link only. */
    void CheckTerminationPointUse()
    {
        std::unordered_map<uint64_t, std::size_t> asSource;
        std::unordered_map<uint64_t, std::size_t> asDest;
        for (std::size_t l = 0; l < m_net.links.size(); ++l)
        {
            if (!m_ends[l].ok)
            {
                continue;
            }
            for (int role = 0; role < 2; ++role)
            {
                const IfaceRef& r = role == 0 ? m_ends[l].src : m_ends[l].dst;
                auto& used = role == 0 ? asSource : asDest;
                auto [it, inserted] = used.emplace(Key(r), l);
                if (!inserted)
                {
                    m_diag.Error(m_net.links[l].source,
                                 "link '" + m_net.links[l].id + "': termination point '" +
                                     IfaceName(r) + "' is already the " +
                                     (role == 0 ? "source" : "destination") + " of link '" +
                                     m_net.links[it->second].id +
                                     "'; a point-to-point interface belongs to one link");
                    m_ends[l].ok = false;
                }
            }
        }
    }

    /**
     * Pair every link with its reverse direction; add missing reverses (warning), or report
     * them (error) when strict.
     */
    void PairDirections()
    {
        // After CheckTerminationPointUse an interface is the source (and the destination) of
        // one usable link at most.
        std::unordered_map<uint64_t, std::size_t> bySource;
        std::unordered_map<uint64_t, std::size_t> byDest;
        for (std::size_t l = 0; l < m_net.links.size(); ++l)
        {
            if (m_ends[l].ok)
            {
                bySource.emplace(Key(m_ends[l].src), l);
                byDest.emplace(Key(m_ends[l].dst), l);
            }
        }
        m_partner.assign(m_net.links.size(), kNone);
        std::size_t count = m_net.links.size();
        for (std::size_t l = 0; l < count; ++l)
        {
            if (!m_ends[l].ok || m_partner[l] != kNone)
            {
                continue;
            }
            const auto e = m_ends[l];
            auto it = bySource.find(Key(e.dst));
            if (it != bySource.end() && it->second != l && m_partner[it->second] == kNone &&
                Key(m_ends[it->second].dst) == Key(e.src))
            {
                m_partner[l] = it->second;
                m_partner[it->second] = l;
                m_pairs.emplace_back(l, it->second);
                continue;
            }
            const TwinLink link = m_net.links[l];
            std::string ends = EndsText(link);
            if (m_opt.strict)
            {
                m_diag.Error(link.source, "link '" + link.id + "' (" + ends +
                                              ") has no reverse direction (strict mode)");
                continue;
            }
            // The reverse would leave from this link's destination and end at its source;
            // when another link already does either, the ends are wired inconsistently.
            auto leaving = bySource.find(Key(e.dst));
            auto arriving = byDest.find(Key(e.src));
            if ((leaving != bySource.end() && leaving->second != l) ||
                (arriving != byDest.end() && arriving->second != l))
            {
                bool isLeaving = leaving != bySource.end() && leaving->second != l;
                std::size_t other = isLeaving ? leaving->second : arriving->second;
                m_diag.Error(link.source,
                             "link '" + link.id + "' (" + ends +
                                 ") has no reverse direction, and none can be added: termination "
                                 "point '" +
                                 IfaceName(isLeaving ? e.dst : e.src) + "' is already the " +
                                 (isLeaving ? "source" : "destination") + " of link '" +
                                 m_net.links[other].id +
                                 "'; a point-to-point interface belongs to one link");
                m_ends[l].ok = false;
                continue;
            }
            TwinLink reverse = link;
            reverse.id = importer::UniqueId(link.id + "-reverse", m_linkIds);
            std::swap(reverse.sourceNode, reverse.destNode);
            std::swap(reverse.sourceTp, reverse.destTp);
            m_diag.Warning(link.source, "link '" + link.id + "' (" + ends +
                                            ") has no reverse direction; added '" + reverse.id +
                                            "' with the same capacity, delay and queue");
            m_net.links.push_back(reverse);
            m_ends.push_back({true, e.dst, e.src});
            m_partner.push_back(l);
            m_partner[l] = m_net.links.size() - 1;
            m_pairs.emplace_back(l, m_net.links.size() - 1);
            bySource.emplace(Key(e.dst), m_net.links.size() - 1);
            byDest.emplace(Key(e.src), m_net.links.size() - 1);
        }
    }

    /** Capacity 0 means: the lower interface speed, else the default. */
    void ResolveCapacities()
    {
        std::size_t defaulted = 0;
        const TwinLink* firstDefaulted = nullptr;
        for (std::size_t l = 0; l < m_net.links.size(); ++l)
        {
            if (!m_ends[l].ok)
            {
                continue;
            }
            TwinLink& link = m_net.links[l];
            auto s = Iface(m_ends[l].src).speedBps;
            auto d = Iface(m_ends[l].dst).speedBps;
            std::optional<uint64_t> lower;
            if (s && d)
            {
                lower = std::min(*s, *d);
            }
            else if (s || d)
            {
                lower = s ? s : d;
            }
            bool derived = link.capacityBps == 0;
            if (derived)
            {
                link.capacityBps = lower ? *lower : m_opt.defaultCapacityBps;
                if (!lower)
                {
                    ++defaulted;
                    firstDefaulted = firstDefaulted ? firstDefaulted : &link;
                }
            }
            // One warning per link pair: the second direction has the same two interfaces.
            bool firstOfPair = m_partner[l] == kNone || l < m_partner[l];
            if (s && d && *s != *d && firstOfPair)
            {
                m_diag.Warning(link.source,
                               "link '" + link.id + "': interfaces " + IfaceName(m_ends[l].src) +
                                   " (" + Rate(*s) + ") and " + IfaceName(m_ends[l].dst) + " (" +
                                   Rate(*d) + ") have different speeds" +
                                   (derived ? "; the lower, " + Rate(*lower) + ", is used" : ""));
            }
        }
        if (defaulted > 0)
        {
            m_diag.Note(firstDefaulted->source,
                        std::to_string(defaulted) +
                            " directed links have no capacity and no interface speed; they use "
                            "the default capacity " +
                            Rate(m_opt.defaultCapacityBps));
        }
    }

    /** Values no link can have. */
    void CheckLinkValues()
    {
        for (const auto& link : m_net.links)
        {
            std::string label = "link '" + link.id + "'";
            if (link.capacityBps == 0)
            {
                m_diag.Error(link.source, label + ": capacity is 0 bit/s");
            }
            if (link.capacityBps > kMaxStoredInteger)
            {
                m_diag.Error(link.source, label + ": capacity " + std::to_string(link.capacityBps) +
                                              AboveStoreRange());
            }
            if (!std::isfinite(link.delaySeconds) || link.delaySeconds < 0)
            {
                m_diag.Error(link.source, label + ": delay " + FormatNumber(link.delaySeconds) +
                                              " s is negative or not finite");
            }
        }
    }

    /**
     * When no interface has an address, give every link pair a /30 from 10.0.0.0/8. When
     * some have, the others are not guessed: an enabled link end without one is an error.
     */
    void AssignAddresses()
    {
        for (const auto& node : m_net.nodes)
        {
            for (const auto& iface : node.interfaces)
            {
                if (!iface.addresses.empty())
                {
                    CheckLinkEndAddresses();
                    return;
                }
            }
        }
        if (m_pairs.empty())
        {
            return;
        }
        uint32_t next = kAssignBase;
        std::size_t assigned = 0;
        for (const auto& [a, b] : m_pairs)
        {
            if (next >= kAssignEnd)
            {
                m_diag.Error(m_net.links[a].source,
                             "link '" + m_net.links[a].id +
                                 "': 10.0.0.0/8 has no /30 left for automatic addresses");
                return;
            }
            Iface(m_ends[a].src).addresses.push_back({next + 1, 30});
            Iface(m_ends[a].dst).addresses.push_back({next + 2, 30});
            next += 4;
            ++assigned;
        }
        const TwinLink& first = m_net.links[m_pairs.front().first];
        m_diag.Note({first.source.file, 0, ""},
                    "no interface has an IPv4 address: assigned one /30 per link from 10.0.0.0/8 "
                    "to " +
                        std::to_string(assigned) + " links (10.0.0.0/30 to " +
                        TwinIpv4Prefix{next - 4, 30}.ToString() +
                        "); routes will be computed by the simulator");
    }

    /** With addresses configured, every enabled link end needs one (reported once each). */
    void CheckLinkEndAddresses()
    {
        std::unordered_set<uint64_t> reported;
        for (std::size_t l = 0; l < m_net.links.size(); ++l)
        {
            if (!m_ends[l].ok)
            {
                continue;
            }
            for (const IfaceRef& r : {m_ends[l].src, m_ends[l].dst})
            {
                const TwinInterface& iface = Iface(r);
                if (iface.enabled && iface.addresses.empty() && reported.insert(Key(r)).second)
                {
                    m_diag.Error(IfaceWhere(r),
                                 "interface '" + IfaceName(r) + "' (an end of link '" +
                                     m_net.links[l].id +
                                     "') has no IPv4 address while other interfaces have "
                                     "addresses; addresses are assigned automatically only when "
                                     "no interface has one");
                }
            }
        }
    }

    /** The same address twice; subnets of different links that overlap. */
    void CheckAddresses()
    {
        // Which link pair each interface ends, to tell overlaps on one link from across links.
        std::unordered_map<uint64_t, std::size_t> pairOf;
        for (std::size_t p = 0; p < m_pairs.size(); ++p)
        {
            for (std::size_t l : {m_pairs[p].first, m_pairs[p].second})
            {
                pairOf[Key(m_ends[l].src)] = p;
                pairOf[Key(m_ends[l].dst)] = p;
            }
        }
        /** One link end's subnet as an address range. */
        struct Subnet
        {
            uint32_t first;        //!< network address
            uint32_t last;         //!< broadcast address
            IfaceRef iface;        //!< the interface
            TwinIpv4Prefix prefix; //!< the address as configured
            std::size_t pair;      //!< the link pair the interface ends
        };

        std::vector<Subnet> subnets;
        std::unordered_map<uint32_t, IfaceRef> owner;
        for (std::size_t n = 0; n < m_net.nodes.size(); ++n)
        {
            for (std::size_t i = 0; i < m_net.nodes[n].interfaces.size(); ++i)
            {
                IfaceRef ref{n, i};
                for (const auto& a : m_net.nodes[n].interfaces[i].addresses)
                {
                    auto [it, inserted] = owner.emplace(a.address, ref);
                    if (!inserted)
                    {
                        m_diag.Error(IfaceWhere(ref),
                                     "address " + TwinIpv4Prefix::AddressToString(a.address) +
                                         " of interface '" + IfaceName(ref) +
                                         "' is also assigned to '" + IfaceName(it->second) + "' (" +
                                         IfaceWhere(it->second).ToString() + ")");
                    }
                    auto p = pairOf.find(Key(ref));
                    if (p != pairOf.end() && a.prefixLength >= 1 && a.prefixLength <= 32)
                    {
                        uint32_t first = a.Network();
                        uint32_t last = first | ~a.Mask();
                        subnets.push_back({first, last, ref, a, p->second});
                    }
                }
            }
        }
        for (const auto& [a, b] : m_pairs)
        {
            const auto& src = Iface(m_ends[a].src).addresses;
            const auto& dst = Iface(m_ends[a].dst).addresses;
            bool shared =
                std::any_of(src.begin(), src.end(),
                            [&dst](const TwinIpv4Prefix& x)
                            {
                                return std::any_of(dst.begin(), dst.end(),
                                                   [&x](const TwinIpv4Prefix& y)
                                                   {
                                                       return x.prefixLength == y.prefixLength &&
                                                              x.prefixLength >= 1 &&
                                                              x.prefixLength <= 32 &&
                                                              x.Contains(y.address);
                                                   });
                            });
            if (!src.empty() && !dst.empty() && !shared)
            {
                m_diag.Warning(m_net.links[a].source,
                               "link '" + m_net.links[a].id + "': the addresses of " +
                                   IfaceName(m_ends[a].src) + " and " + IfaceName(m_ends[a].dst) +
                                   " share no subnet");
            }
        }
        // Prefixes nest or are disjoint: sort outer before inner and keep the open chain.
        std::sort(subnets.begin(), subnets.end(),
                  [](const Subnet& x, const Subnet& y)
                  { return x.first != y.first ? x.first < y.first : x.last > y.last; });
        std::vector<const Subnet*> open;
        for (const auto& s : subnets)
        {
            while (!open.empty() && open.back()->last < s.first)
            {
                open.pop_back();
            }
            for (const Subnet* o : open)
            {
                if (o->pair != s.pair && o->prefix.address != s.prefix.address)
                {
                    const TwinLink& link = m_net.links[m_pairs[s.pair].first];
                    const TwinLink& other = m_net.links[m_pairs[o->pair].first];
                    m_diag.Error(IfaceWhere(s.iface),
                                 "subnet " + s.prefix.ToString() + " of interface '" +
                                     IfaceName(s.iface) + "' (link '" + link.id +
                                     "') overlaps subnet " + o->prefix.ToString() + " of '" +
                                     IfaceName(o->iface) + "' (link '" + other.id + "', " +
                                     IfaceWhere(o->iface).ToString() + ")");
                    break;
                }
            }
            open.push_back(&s);
        }
    }

    /**
     * A destination with host bits set is normalised to its network address (warning); then
     * every route must be one the builder can install (CheckStaticRoutes).
     */
    void CheckRoutes()
    {
        for (auto& route : m_net.routes)
        {
            if (route.destination.prefixLength <= 32 &&
                route.destination.address != route.destination.Network())
            {
                TwinIpv4Prefix network{route.destination.Network(), route.destination.prefixLength};
                m_diag.Warning(route.source, "route to " + route.destination.ToString() +
                                                 " on node '" + route.node +
                                                 "': the destination has host bits set; using " +
                                                 network.ToString());
                route.destination = network;
            }
        }
        std::vector<TwinRouteCheck> checks = CheckStaticRoutes(m_net);
        for (std::size_t r = 0; r < checks.size(); ++r)
        {
            if (!checks[r].error.empty())
            {
                m_diag.Error(m_net.routes[r].source, checks[r].error);
            }
        }
    }

    /**
     * Nodes that no chain of links joins cannot reach each other: one warning (an error when
     * strict) with the number of components and their sizes, largest first.
     */
    void CheckComponents()
    {
        if (m_net.nodes.empty())
        {
            return;
        }
        std::vector<std::size_t> parent(m_net.nodes.size());
        std::iota(parent.begin(), parent.end(), 0);
        auto find = [&parent](std::size_t x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        };
        for (const auto& link : m_net.links)
        {
            auto a = m_nodeIndex.find(link.sourceNode);
            auto b = m_nodeIndex.find(link.destNode);
            if (a != m_nodeIndex.end() && b != m_nodeIndex.end())
            {
                parent[find(a->second)] = find(b->second);
            }
        }
        // Repeated node ids are reported elsewhere; only the first of each counts here.
        std::unordered_map<std::size_t, std::size_t> sizes;
        for (const auto& [id, n] : m_nodeIndex)
        {
            ++sizes[find(n)];
        }
        if (sizes.size() < 2)
        {
            return;
        }
        std::vector<std::size_t> list;
        for (const auto& [root, size] : sizes)
        {
            list.push_back(size);
        }
        std::sort(list.rbegin(), list.rend());
        std::string text;
        for (std::size_t size : list)
        {
            text += (text.empty() ? "" : ", ") + std::to_string(size);
        }
        std::string message = "the network has " + std::to_string(sizes.size()) +
                              " disconnected components (nodes per component: " + text +
                              "); nodes in different components cannot reach each other";
        TwinSourceRef where{m_net.nodes.front().source.file, 0, ""};
        if (m_opt.strict)
        {
            m_diag.Error(where, message + " (strict mode)");
        }
        else
        {
            m_diag.Warning(where, message);
        }
    }

    /** Marks a link without partner. */
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    /** The resolved ends of one link. */
    struct Ends
    {
        bool ok;      //!< both ends resolved and usable
        IfaceRef src; //!< source interface
        IfaceRef dst; //!< destination interface
    };

    TwinNetwork& m_net;                                       //!< the network
    const TwinImportOptions& m_opt;                           //!< defaults and strictness
    TwinDiagnostics& m_diag;                                  //!< findings
    std::unordered_map<std::string, std::size_t> m_nodeIndex; //!< node id -> first position
    std::vector<std::unordered_map<std::string, std::size_t>>
        m_ifaceIndex;                          //!< per node position: interface name -> position
    std::unordered_set<std::string> m_linkIds; //!< every link id in use
    std::unordered_set<std::string> m_listedInterfaces; //!< nodes that had interfaces before
                                                        //!< self-loop interfaces went
    std::vector<bool> m_nodeHadInterfaces;              //!< per node: the source listed interfaces
    std::size_t m_createdInterfaces{0};                 //!< interfaces made from termination points
    std::vector<Ends> m_ends;                           //!< per link
    std::vector<std::size_t> m_partner;                 //!< per link: reverse direction or kNone
    std::vector<std::pair<std::size_t, std::size_t>> m_pairs; //!< bidirectional links, in order
};

} // namespace

void
TwinValidator::Run(TwinNetwork& network, const TwinImportOptions& options,
                   TwinDiagnostics& diagnostics)
{
    Validation(network, options, diagnostics).Run();
}

} // namespace ns3
