/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_TRAFFIC_MAPPING_H
#define TWIN_TRAFFIC_MAPPING_H

#include "twin-traffic.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Places collected flows on the twin: every address goes to the node owning the longest
 * matching prefix in the snapshot, or to a border node chosen by user rules. The rules are in
 * doc/replay.md, section "Mapping addresses to nodes".
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * An IPv4 or IPv6 prefix of the border prefix file.
 */
struct TwinAddressPrefix
{
    int ipVersion{4};                //!< 4 or 6
    std::array<uint8_t, 16> bytes{}; //!< network byte order, host bits cleared (IPv4: first 4)
    uint8_t prefixLength{0};         //!< 0..32 (IPv4) or 0..128 (IPv6)
    bool hostBitsWereSet{false};     //!< the text had host bits set; they were cleared

    /**
     * Parse "address/length" or a bare address (a host prefix), IPv4 or IPv6.
     * @param text the text
     * @return the prefix, or nothing if the text is not a valid prefix
     */
    static std::optional<TwinAddressPrefix> Parse(const std::string& text);
    /** @return the canonical text "address/length" */
    std::string ToString() const;
};

/**
 * @ingroup digital-twin
 * One line of the border prefix file: addresses in the prefix attach to the node.
 */
struct TwinBorderPrefix
{
    TwinAddressPrefix prefix; //!< the prefix
    std::string node;         //!< node-id of the border node
    TwinSourceRef source;     //!< file and line it came from
};

/**
 * @ingroup digital-twin
 * The user's rules for addresses outside the snapshot, tried in this order: the flow's
 * ingress interface (sources only), the longest matching prefix, the default node.
 */
struct TwinBorderRules
{
    std::map<uint32_t, std::string> ingressInterfaces; //!< ingress ifIndex -> border node-id
    std::vector<TwinBorderPrefix> prefixes;            //!< prefix -> border node-id
    std::string defaultNode; //!< node-id for everything else; empty: leave unmapped
};

/**
 * @ingroup digital-twin
 * Read a border prefix file: one "prefix,node" per line, IPv4 or IPv6, blank lines and '#'
 * comments ignored. Every finding names file:line; lines with errors are left out.
 * @param path the file
 * @param network the snapshot whose node-ids the lines must name
 * @param diagnostics receives errors (bad prefix, unknown node, conflicting duplicate) and
 *        warnings (host bits set, repeated line)
 * @return the rules with the prefixes read (no ingress interfaces, no default)
 */
TwinBorderRules ReadTwinBorderPrefixFile(const std::string& path, const TwinNetwork& network,
                                         TwinDiagnostics& diagnostics);

/**
 * @ingroup digital-twin
 * Flows and bytes one node got as source and as destination.
 */
struct TwinNodeMappingCounts
{
    uint64_t flowsAsSource{0}; //!< flows whose source mapped here
    uint64_t bytesAsSource{0}; //!< their bytes
    uint64_t flowsAsDest{0};   //!< flows whose destination mapped here
    uint64_t bytesAsDest{0};   //!< their bytes
};

/**
 * @ingroup digital-twin
 * What mapping found, accumulated over every flow given to one mapper.
 */
struct TwinMappingReport
{
    uint64_t flows{0};                                  //!< flows mapped (or attempted)
    uint64_t bytes{0};                                  //!< their bytes
    std::map<std::string, TwinNodeMappingCounts> nodes; //!< per node-id (only nodes with flows)
    std::map<std::string, uint64_t> sourceRuleFlows;    //!< flows per rule for the source
    std::map<std::string, uint64_t> destRuleFlows;      //!< flows per rule for the destination
    uint64_t unmappedSourceFlows{0};                    //!< flows whose source did not map
    uint64_t unmappedSourceBytes{0};                    //!< their bytes
    uint64_t unmappedDestFlows{0};                      //!< flows whose destination did not map
    uint64_t unmappedDestBytes{0};                      //!< their bytes
    uint64_t invalidAddresses{0};                       //!< addresses that did not parse
    /** Unmapped addresses by bytes, largest first (at most the mapper's top-N). */
    std::vector<std::pair<std::string, uint64_t>> topUnmapped;
    bool topUnmappedComplete{true}; //!< false: too many distinct addresses to rank them all
};

/**
 * @ingroup digital-twin
 * @param report a report
 * @return lines for people: totals, per rule, per node, unmapped and the top unmapped
 */
std::vector<std::string> RenderTwinMappingReport(const TwinMappingReport& report);

/**
 * @ingroup digital-twin
 * Maps flow addresses to twin nodes and keeps a report. Lookups are longest-prefix matches
 * over per-length hash tables (one probe per prefix length present), so the cost per address
 * does not grow with the size of the network.
 */
class TwinAddressMapper
{
public:
    /**
     * @param network the snapshot (copied as lookup tables; it need not outlive the mapper)
     * @param rules the border rules; every node they name must exist in the network
     * @param diagnostics receives warnings (an address owned by two nodes) and the errors that
     *        make the constructor throw
     * @param topUnmapped how many unmapped addresses the report ranks
     * @throws std::invalid_argument if a rule names an unknown node (the message lists each
     *         with its source)
     */
    TwinAddressMapper(const TwinNetwork& network, const TwinBorderRules& rules,
                      TwinDiagnostics& diagnostics, std::size_t topUnmapped = 10);
    ~TwinAddressMapper();
    TwinAddressMapper(const TwinAddressMapper&) = delete;
    TwinAddressMapper& operator=(const TwinAddressMapper&) = delete;

    /**
     * Map one flow and count it in the report.
     * @param flow the flow record
     * @return the flow with its nodes and rules (empty node and rule: unmapped)
     */
    TwinMappedFlow Map(const TwinFlowRecord& flow);
    /** @return the report over every flow mapped so far */
    TwinMappingReport Report() const;
    /** Forget the counts (the tables stay). */
    void ResetReport();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl; //!< lookup tables and counters
};

} // namespace ns3

#endif /* TWIN_TRAFFIC_MAPPING_H */
