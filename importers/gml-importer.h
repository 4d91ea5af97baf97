/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GML_IMPORTER_H
#define GML_IMPORTER_H

#include "importer-util.h"
#include "twin-importer.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

/**
 * @file
 * @ingroup digital-twin
 * The Topology Zoo GML reader, and the edge builder shared with the other research-format
 * reader that describes undirected graphs of named places (SNDlib). The great-circle delay
 * helpers (GreatCircleMeters, FibreDelaySeconds, DelayFromCoordinates) are declared in
 * importer-util.h, included here.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Turns undirected edges between nodes of a network into RFC 8345 style links: each edge
 * becomes two TwinLinks with swapped ends. The termination points are named "to-<peer>",
 * "to-<peer>-2", "to-<peer>-3", ... for parallel edges ("~2", "~3", ... appended in the rare
 * case that such a name is taken already), and both nodes get a matching TwinInterface
 * (without speed, so capacity stays as given). Nodes must have no interfaces before the
 * first Add.
 */
class TwinEdgeBuilder
{
public:
    /**
     * @param network the network whose nodes are connected; links and interfaces are added
     */
    explicit TwinEdgeBuilder(TwinNetwork& network);

    /**
     * Add one undirected edge.
     * @param a index of one node in network.nodes
     * @param b index of the other node
     * @param forwardId id of the link a -> b
     * @param reverseId id of the link b -> a
     * @param capacityBps capacity of both directions (0 = derive later)
     * @param delaySeconds one-way delay
     * @param queuePackets queue limit
     * @param where the edge's location in the source
     */
    void Add(std::size_t a, std::size_t b, const std::string& forwardId,
             const std::string& reverseId, uint64_t capacityBps, double delaySeconds,
             uint32_t queuePackets, const TwinSourceRef& where);

    /**
     * @param a index of one node
     * @param b index of the other node
     * @return how many edges between the two nodes were added so far
     */
    std::size_t EdgesBetween(std::size_t a, std::size_t b) const;

private:
    TwinNetwork& m_network;                                             //!< the network
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> m_count; //!< edges per node pair
    std::map<std::size_t, std::unordered_set<std::string>> m_names; //!< interface names per node
};

/**
 * @ingroup digital-twin
 * Reads Topology Zoo GML (a "graph [ ... ]" of "node [ ... ]" and "edge [ ... ]" lists).
 *
 * Mapping: a node's label becomes its node-id with every character other than ASCII letters,
 * digits, '_', '.' and non-ASCII (UTF-8) bytes removed ("New York" -> "NewYork"); a node
 * without a usable label is named "n<id>"; a label taken by an earlier node gets "_<id>"
 * appended. Latitude/Longitude become coordinates. Each edge becomes two links with ids
 * "<A>-<B>" and "<B>-<A>" ("-2", "-3", ... appended for parallel edges) and termination
 * points as made by TwinEdgeBuilder. LinkSpeedRaw (bit/s) becomes the capacity; a value that
 * is not a bit rate the store can keep (below 1 or above 2^63-1 bit/s, rounded to whole
 * bit/s) is ignored with a warning, and without a usable one the capacity is 0 so the
 * validator applies the default. The delay is the great-circle fibre delay when both ends
 * have coordinates, else options.defaultDelaySeconds. Parallel edges are kept (warning).
 * Self-loops are passed on like any edge: TwinValidator drops them (warning; error when
 * strict), and reports disconnected components, as for every format. Numbers are decimal
 * (importer::ParseNumber); ids must be integers within 64 bits; lists may nest 64 deep.
 * Syntax errors name file and line.
 */
class GmlImporter : public TwinImporter
{
public:
    /** @return "gml" */
    std::string GetFormat() const override;
    /** @return a one-line description */
    std::string GetDescription() const override;
    /**
     * @param path a file
     * @return true if the name ends in ".gml" (any case)
     */
    bool Accepts(const std::string& path) const override;
    /**
     * @param path a GML file
     * @param options defaults and strictness
     * @return the network and diagnostics
     */
    TwinImportResult Import(const std::string& path,
                            const TwinImportOptions& options) const override;
    /**
     * Read GML text that is already in memory (no provenance is recorded).
     * @param text the GML content
     * @param fileName the name diagnostics show
     * @param options defaults and strictness
     * @return the network and diagnostics
     */
    static TwinImportResult ImportText(const std::string& text, const std::string& fileName,
                                       const TwinImportOptions& options);
};

} // namespace ns3

#endif /* GML_IMPORTER_H */
