/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-traffic-mapping.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace ns3
{

namespace
{

const char* const kRuleNames[] = {"snapshot", "ingress-interface", "prefix-file", "default"};

/** Index of a rule in kRuleNames. */
enum Rule : std::size_t
{
    kSnapshot = 0,
    kIngress = 1,
    kPrefixFile = 2,
    kDefault = 3,
    kRuleCount = 4
};

/** An IPv6 address as two host-order halves. */
struct V6Key
{
    uint64_t hi{0}; //!< first 64 bits
    uint64_t lo{0}; //!< last 64 bits

    bool operator==(const V6Key& o) const { return hi == o.hi && lo == o.lo; }
};

struct V6Hash
{
    std::size_t operator()(const V6Key& k) const
    {
        // Mix the halves so that prefixes differing only in the high half spread too.
        return std::hash<uint64_t>()(k.hi * 0x9e3779b97f4a7c15ULL ^ k.lo);
    }
};

uint32_t
MaskKey(uint32_t address, int length)
{
    return length == 0 ? 0 : address & (~uint32_t{0} << (32 - length));
}

V6Key
MaskKey(const V6Key& address, int length)
{
    V6Key k;
    if (length >= 64)
    {
        k.hi = address.hi;
        k.lo = length == 64 ? 0 : address.lo & (~uint64_t{0} << (128 - length));
    }
    else
    {
        k.hi = length == 0 ? 0 : address.hi & (~uint64_t{0} << (64 - length));
    }
    return k;
}

V6Key
V6FromBytes(const uint8_t* b)
{
    V6Key k;
    for (int i = 0; i < 8; ++i)
    {
        k.hi = (k.hi << 8) | b[i];
        k.lo = (k.lo << 8) | b[8 + i];
    }
    return k;
}

uint32_t
V4FromBytes(const uint8_t* b)
{
    return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
}

/**
 * Longest-prefix match over one hash table per prefix length; a lookup probes only the
 * lengths that hold prefixes, longest first.
 */
template <typename Key, typename Hash, int MaxLength>
class LpmTable
{
public:
    LpmTable() : m_byLength(MaxLength + 1) {}

    /** @return the node already stored for this prefix, or nothing if it was inserted */
    std::optional<uint32_t> Insert(const Key& address, int length, uint32_t node)
    {
        auto [it, inserted] = m_byLength[length].emplace(MaskKey(address, length), node);
        if (!inserted)
        {
            return it->second;
        }
        if (std::find(m_lengths.begin(), m_lengths.end(), length) == m_lengths.end())
        {
            m_lengths.push_back(length);
            std::sort(m_lengths.begin(), m_lengths.end(), std::greater<>());
        }
        return std::nullopt;
    }

    const uint32_t* Find(const Key& address) const
    {
        for (int length : m_lengths)
        {
            const auto& table = m_byLength[length];
            auto it = table.find(MaskKey(address, length));
            if (it != table.end())
            {
                return &it->second;
            }
        }
        return nullptr;
    }

private:
    std::vector<std::unordered_map<Key, uint32_t, Hash>> m_byLength; //!< per prefix length
    std::vector<int> m_lengths; //!< lengths in use, longest first
};

using V4Table = LpmTable<uint32_t, std::hash<uint32_t>, 32>;
using V6Table = LpmTable<V6Key, V6Hash, 128>;

/** A parsed flow address. */
struct ParsedAddress
{
    bool valid{false}; //!< parsed
    bool v4{true};     //!< IPv4 (or IPv4-mapped IPv6)
    uint32_t v4Key{0}; //!< IPv4 address, host order
    V6Key v6Key;       //!< IPv6 address
};

ParsedAddress
ParseFlowAddress(const std::string& text)
{
    ParsedAddress a;
    if (text.find(':') == std::string::npos)
    {
        in_addr v4{};
        if (inet_pton(AF_INET, text.c_str(), &v4) == 1)
        {
            a.valid = true;
            a.v4Key = ntohl(v4.s_addr);
        }
        return a;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) != 1)
    {
        return a;
    }
    a.valid = true;
    a.v6Key = V6FromBytes(v6.s6_addr);
    // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 host it names.
    if (a.v6Key.hi == 0 && (a.v6Key.lo >> 32) == 0xffff)
    {
        a.v4Key = static_cast<uint32_t>(a.v6Key.lo);
        return a;
    }
    a.v4 = false;
    return a;
}

std::string
Trim(const std::string& s)
{
    auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
    {
        return "";
    }
    auto end = s.find_last_not_of(" \t\r");
    return s.substr(begin, end - begin + 1);
}

/** Unmapped addresses kept for the ranking; beyond this many, new ones are not ranked. */
constexpr std::size_t kUnmappedAddressCapacity = 100000;

} // namespace

std::optional<TwinAddressPrefix>
TwinAddressPrefix::Parse(const std::string& text)
{
    auto slash = text.find('/');
    std::string address = text.substr(0, slash);
    TwinAddressPrefix p;
    p.ipVersion = address.find(':') == std::string::npos ? 4 : 6;
    int maxLength = p.ipVersion == 4 ? 32 : 128;
    if (inet_pton(p.ipVersion == 4 ? AF_INET : AF_INET6, address.c_str(), p.bytes.data()) != 1)
    {
        return std::nullopt;
    }
    int length = maxLength;
    if (slash != std::string::npos)
    {
        std::string digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3 ||
            !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        {
            return std::nullopt;
        }
        length = std::stoi(digits);
        if (length > maxLength)
        {
            return std::nullopt;
        }
    }
    p.prefixLength = static_cast<uint8_t>(length);
    for (int i = 0; i < maxLength / 8; ++i)
    {
        int keep = std::clamp(length - i * 8, 0, 8);
        auto mask = static_cast<uint8_t>(keep == 0 ? 0 : 0xff << (8 - keep));
        if ((p.bytes[i] & ~mask) != 0)
        {
            p.hostBitsWereSet = true;
        }
        p.bytes[i] &= mask;
    }
    return p;
}

std::string
TwinAddressPrefix::ToString() const
{
    char buffer[INET6_ADDRSTRLEN] = {};
    inet_ntop(ipVersion == 4 ? AF_INET : AF_INET6, bytes.data(), buffer, sizeof(buffer));
    return std::string(buffer) + "/" + std::to_string(prefixLength);
}

TwinBorderRules
ReadTwinBorderPrefixFile(const std::string& path, const TwinNetwork& network,
                         TwinDiagnostics& diagnostics)
{
    TwinBorderRules rules;
    std::ifstream in(path);
    if (!in)
    {
        diagnostics.Error(TwinSourceRef{path, 0, ""},
                          "cannot open border prefix file: " + std::string(std::strerror(errno)));
        return rules;
    }
    std::map<std::string, std::size_t> seen; // canonical prefix -> index in rules.prefixes
    std::string line;
    uint32_t lineNumber = 0;
    while (std::getline(in, line))
    {
        ++lineNumber;
        TwinSourceRef where{path, lineNumber, ""};
        auto hash = line.find('#');
        std::string content = Trim(line.substr(0, hash));
        if (content.empty())
        {
            continue;
        }
        auto comma = content.find(',');
        if (comma == std::string::npos || content.find(',', comma + 1) != std::string::npos)
        {
            diagnostics.Error(where, "expected 'prefix,node', got '" + content + "'");
            continue;
        }
        std::string prefixText = Trim(content.substr(0, comma));
        std::string node = Trim(content.substr(comma + 1));
        auto prefix = TwinAddressPrefix::Parse(prefixText);
        if (!prefix)
        {
            diagnostics.Error(where, "bad prefix '" + prefixText + "'");
            continue;
        }
        if (node.empty() || !network.FindNode(node))
        {
            diagnostics.Error(where, "unknown node '" + node + "' (not in network '" +
                                         network.name + "')");
            continue;
        }
        if (prefix->hostBitsWereSet)
        {
            diagnostics.Warning(where, "prefix '" + prefixText + "' has host bits set; using " +
                                           prefix->ToString());
        }
        auto key = prefix->ToString();
        auto found = seen.find(key);
        if (found != seen.end())
        {
            const auto& first = rules.prefixes[found->second];
            if (first.node != node)
            {
                diagnostics.Error(where, "prefix " + key + " maps to '" + node + "' but " +
                                             first.source.ToString() + " maps it to '" +
                                             first.node + "'");
            }
            else
            {
                diagnostics.Warning(where, "prefix " + key + " repeats " + first.source.ToString());
            }
            continue;
        }
        seen.emplace(key, rules.prefixes.size());
        rules.prefixes.push_back(TwinBorderPrefix{*prefix, node, where});
    }
    if (in.bad())
    {
        diagnostics.Error(TwinSourceRef{path, lineNumber, ""}, "read error");
    }
    return rules;
}

struct TwinAddressMapper::Impl
{
    std::vector<std::string> nodeIds;               //!< node index -> node-id
    V4Table snapshot;                               //!< interface addresses and subnets
    V4Table borderV4;                               //!< IPv4 lines of the prefix file
    V6Table borderV6;                               //!< IPv6 lines of the prefix file
    std::unordered_map<uint32_t, uint32_t> ingress; //!< ifIndex -> node index
    std::optional<uint32_t> defaultNode;            //!< default node index
    std::size_t topN{10};                           //!< how many unmapped to rank

    std::vector<TwinNodeMappingCounts> counts;          //!< per node index
    std::array<uint64_t, kRuleCount> sourceRules{};     //!< per rule, sources
    std::array<uint64_t, kRuleCount> destRules{};       //!< per rule, destinations
    uint64_t flows{0};                                  //!< flows seen
    uint64_t bytes{0};                                  //!< their bytes
    uint64_t unmappedSourceFlows{0};                    //!< see TwinMappingReport
    uint64_t unmappedSourceBytes{0};                    //!< see TwinMappingReport
    uint64_t unmappedDestFlows{0};                      //!< see TwinMappingReport
    uint64_t unmappedDestBytes{0};                      //!< see TwinMappingReport
    uint64_t invalidAddresses{0};                       //!< see TwinMappingReport
    std::unordered_map<std::string, uint64_t> unmapped; //!< address -> bytes
    bool unmappedOverflow{false};                       //!< some were not ranked

    /** @return node index and rule, or nothing */
    std::optional<std::pair<uint32_t, Rule>> Lookup(const ParsedAddress& a,
                                                    const uint32_t* ingressNode) const
    {
        if (a.valid && a.v4)
        {
            if (const uint32_t* n = snapshot.Find(a.v4Key))
            {
                return std::make_pair(*n, kSnapshot);
            }
        }
        if (ingressNode)
        {
            return std::make_pair(*ingressNode, kIngress);
        }
        if (a.valid)
        {
            const uint32_t* n = a.v4 ? borderV4.Find(a.v4Key) : borderV6.Find(a.v6Key);
            if (n)
            {
                return std::make_pair(*n, kPrefixFile);
            }
        }
        if (defaultNode)
        {
            return std::make_pair(*defaultNode, kDefault);
        }
        return std::nullopt;
    }

    void CountUnmapped(const std::string& address, uint64_t flowBytes)
    {
        auto it = unmapped.find(address);
        if (it != unmapped.end())
        {
            it->second += flowBytes;
        }
        else if (unmapped.size() < kUnmappedAddressCapacity)
        {
            unmapped.emplace(address, flowBytes);
        }
        else
        {
            unmappedOverflow = true;
        }
    }
};

TwinAddressMapper::TwinAddressMapper(const TwinNetwork& network, const TwinBorderRules& rules,
                                     TwinDiagnostics& diagnostics, std::size_t topUnmapped)
    : m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.topN = topUnmapped;
    std::unordered_map<std::string, uint32_t> indexOf;
    for (const auto& node : network.nodes)
    {
        indexOf.emplace(node.id, static_cast<uint32_t>(d.nodeIds.size()));
        d.nodeIds.push_back(node.id);
    }
    d.counts.resize(d.nodeIds.size());

    // Own addresses first, as host prefixes: on a shared subnet (a point-to-point link) each
    // end owns its own address, while the rest of the subnet goes to the first node listed.
    for (uint32_t i = 0; i < network.nodes.size(); ++i)
    {
        for (const auto& itf : network.nodes[i].interfaces)
        {
            for (const auto& a : itf.addresses)
            {
                auto other = d.snapshot.Insert(a.address, 32, i);
                if (other && *other != i)
                {
                    diagnostics.Warning(itf.source,
                                        "address " + TwinIpv4Prefix::AddressToString(a.address) +
                                            " is on node '" + d.nodeIds[*other] + "' and node '" +
                                            d.nodeIds[i] + "'; flows map to '" + d.nodeIds[*other] +
                                            "'");
                }
            }
        }
    }
    for (uint32_t i = 0; i < network.nodes.size(); ++i)
    {
        for (const auto& itf : network.nodes[i].interfaces)
        {
            for (const auto& a : itf.addresses)
            {
                if (a.prefixLength < 32)
                {
                    d.snapshot.Insert(a.address, a.prefixLength, i);
                }
            }
        }
    }

    std::vector<std::string> unknown;
    auto resolve = [&](const std::string& node, const TwinSourceRef& where,
                       const std::string& what) -> std::optional<uint32_t>
    {
        auto it = indexOf.find(node);
        if (it == indexOf.end())
        {
            std::string message = what + " names unknown node '" + node + "'";
            diagnostics.Error(where, message);
            unknown.push_back(where.ToString().empty() ? message
                                                       : where.ToString() + ": " + message);
            return std::nullopt;
        }
        return it->second;
    };
    for (const auto& [ifIndex, node] : rules.ingressInterfaces)
    {
        if (auto n = resolve(node, {}, "ingress interface " + std::to_string(ifIndex)))
        {
            d.ingress.emplace(ifIndex, *n);
        }
    }
    for (const auto& rule : rules.prefixes)
    {
        auto n = resolve(rule.node, rule.source, "prefix " + rule.prefix.ToString());
        if (!n)
        {
            continue;
        }
        std::optional<uint32_t> other;
        if (rule.prefix.ipVersion == 4)
        {
            other = d.borderV4.Insert(V4FromBytes(rule.prefix.bytes.data()),
                                      rule.prefix.prefixLength, *n);
        }
        else
        {
            other = d.borderV6.Insert(V6FromBytes(rule.prefix.bytes.data()),
                                      rule.prefix.prefixLength, *n);
        }
        if (other && *other != *n)
        {
            diagnostics.Warning(rule.source, "prefix " + rule.prefix.ToString() +
                                                 " already maps to '" + d.nodeIds[*other] +
                                                 "'; ignoring '" + rule.node + "'");
        }
    }
    if (!rules.defaultNode.empty())
    {
        d.defaultNode = resolve(rules.defaultNode, {}, "the default border node");
    }
    if (!unknown.empty())
    {
        std::string message = "border rules refused for network '" + network.name + "':";
        for (const auto& u : unknown)
        {
            message += "\n  " + u;
        }
        throw std::invalid_argument(message);
    }
}

TwinAddressMapper::~TwinAddressMapper() = default;

TwinMappedFlow
TwinAddressMapper::Map(const TwinFlowRecord& flow)
{
    Impl& d = *m_impl;
    TwinMappedFlow mapped;
    mapped.flow = flow;
    ++d.flows;
    d.bytes += flow.bytes;

    ParsedAddress source = ParseFlowAddress(flow.sourceAddress);
    ParsedAddress dest = ParseFlowAddress(flow.destAddress);
    d.invalidAddresses += (source.valid ? 0 : 1) + (dest.valid ? 0 : 1);

    const uint32_t* ingressNode = nullptr;
    if (flow.ingressInterface != 0)
    {
        auto it = d.ingress.find(flow.ingressInterface);
        if (it != d.ingress.end())
        {
            ingressNode = &it->second;
        }
    }
    if (auto s = d.Lookup(source, ingressNode))
    {
        mapped.sourceNode = d.nodeIds[s->first];
        mapped.sourceRule = kRuleNames[s->second];
        ++d.sourceRules[s->second];
        ++d.counts[s->first].flowsAsSource;
        d.counts[s->first].bytesAsSource += flow.bytes;
    }
    else
    {
        ++d.unmappedSourceFlows;
        d.unmappedSourceBytes += flow.bytes;
        d.CountUnmapped(flow.sourceAddress, flow.bytes);
    }
    if (auto t = d.Lookup(dest, nullptr))
    {
        mapped.destNode = d.nodeIds[t->first];
        mapped.destRule = kRuleNames[t->second];
        ++d.destRules[t->second];
        ++d.counts[t->first].flowsAsDest;
        d.counts[t->first].bytesAsDest += flow.bytes;
    }
    else
    {
        ++d.unmappedDestFlows;
        d.unmappedDestBytes += flow.bytes;
        d.CountUnmapped(flow.destAddress, flow.bytes);
    }
    return mapped;
}

TwinMappingReport
TwinAddressMapper::Report() const
{
    const Impl& d = *m_impl;
    TwinMappingReport r;
    r.flows = d.flows;
    r.bytes = d.bytes;
    for (std::size_t i = 0; i < d.nodeIds.size(); ++i)
    {
        const auto& c = d.counts[i];
        if (c.flowsAsSource != 0 || c.flowsAsDest != 0)
        {
            r.nodes.emplace(d.nodeIds[i], c);
        }
    }
    for (std::size_t rule = 0; rule < kRuleCount; ++rule)
    {
        if (d.sourceRules[rule] != 0)
        {
            r.sourceRuleFlows.emplace(kRuleNames[rule], d.sourceRules[rule]);
        }
        if (d.destRules[rule] != 0)
        {
            r.destRuleFlows.emplace(kRuleNames[rule], d.destRules[rule]);
        }
    }
    r.unmappedSourceFlows = d.unmappedSourceFlows;
    r.unmappedSourceBytes = d.unmappedSourceBytes;
    r.unmappedDestFlows = d.unmappedDestFlows;
    r.unmappedDestBytes = d.unmappedDestBytes;
    r.invalidAddresses = d.invalidAddresses;
    r.topUnmapped.assign(d.unmapped.begin(), d.unmapped.end());
    auto byBytes = [](const auto& a, const auto& b)
    { return a.second != b.second ? a.second > b.second : a.first < b.first; };
    std::size_t n = std::min(d.topN, r.topUnmapped.size());
    std::partial_sort(r.topUnmapped.begin(), r.topUnmapped.begin() + static_cast<std::ptrdiff_t>(n),
                      r.topUnmapped.end(), byBytes);
    r.topUnmapped.resize(n);
    r.topUnmappedComplete = !d.unmappedOverflow;
    return r;
}

void
TwinAddressMapper::ResetReport()
{
    Impl& d = *m_impl;
    std::fill(d.counts.begin(), d.counts.end(), TwinNodeMappingCounts{});
    d.sourceRules.fill(0);
    d.destRules.fill(0);
    d.flows = d.bytes = 0;
    d.unmappedSourceFlows = d.unmappedSourceBytes = 0;
    d.unmappedDestFlows = d.unmappedDestBytes = 0;
    d.invalidAddresses = 0;
    d.unmapped.clear();
    d.unmappedOverflow = false;
}

namespace
{

std::string
Percent(uint64_t part, uint64_t whole)
{
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << (whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole)) << "%";
    return s.str();
}

std::string
RuleLine(const std::string& label, const std::map<std::string, uint64_t>& rules, uint64_t flows)
{
    std::string line = label + ":";
    for (const char* name : kRuleNames)
    {
        auto it = rules.find(name);
        uint64_t n = it == rules.end() ? 0 : it->second;
        line += " " + std::string(name) + " " + std::to_string(n) + " (" + Percent(n, flows) + ")";
    }
    return line;
}

} // namespace

std::vector<std::string>
RenderTwinMappingReport(const TwinMappingReport& report)
{
    std::vector<std::string> lines;
    lines.push_back("flows mapped: " + std::to_string(report.flows) + ", bytes " +
                    std::to_string(report.bytes));
    lines.push_back(RuleLine("source rules", report.sourceRuleFlows, report.flows));
    lines.push_back(RuleLine("destination rules", report.destRuleFlows, report.flows));
    lines.push_back("unmapped sources: " + std::to_string(report.unmappedSourceFlows) + " flows, " +
                    std::to_string(report.unmappedSourceBytes) + " bytes (" +
                    Percent(report.unmappedSourceBytes, report.bytes) + " of bytes)");
    lines.push_back("unmapped destinations: " + std::to_string(report.unmappedDestFlows) +
                    " flows, " + std::to_string(report.unmappedDestBytes) + " bytes (" +
                    Percent(report.unmappedDestBytes, report.bytes) + " of bytes)");
    if (report.invalidAddresses != 0)
    {
        lines.push_back("addresses that did not parse: " + std::to_string(report.invalidAddresses));
    }
    lines.push_back("per node (as source | as destination):");
    for (const auto& [node, c] : report.nodes)
    {
        lines.push_back("  " + node + ": " + std::to_string(c.flowsAsSource) + " flows " +
                        std::to_string(c.bytesAsSource) + " bytes | " +
                        std::to_string(c.flowsAsDest) + " flows " + std::to_string(c.bytesAsDest) +
                        " bytes");
    }
    if (!report.topUnmapped.empty())
    {
        lines.push_back(std::string("top unmapped addresses by bytes") +
                        (report.topUnmappedComplete ? ":" : " (among the first ranked):"));
        for (const auto& [address, bytes] : report.topUnmapped)
        {
            lines.push_back("  " + address + ": " + std::to_string(bytes) + " bytes");
        }
    }
    return lines;
}

} // namespace ns3
