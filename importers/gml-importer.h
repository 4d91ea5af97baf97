/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GML_IMPORTER_H
#define GML_IMPORTER_H

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
 * The Topology Zoo GML reader, and helpers shared with the other research-format readers
 * that describe undirected graphs of named places (SNDlib).
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Great-circle distance by the haversine formula on a sphere of radius 6371 km.
 * @param lat1Deg latitude of the first point in degrees
 * @param lon1Deg longitude of the first point in degrees
 * @param lat2Deg latitude of the second point in degrees
 * @param lon2Deg longitude of the second point in degrees
 * @return the distance in metres
 */
double GreatCircleMeters(double lat1Deg, double lon1Deg, double lat2Deg, double lon2Deg);

/**
 * @ingroup digital-twin
 * Propagation delay along a fibre path, with light at 2e8 m/s.
 * @param meters the path length in metres
 * @return the delay in seconds
 */
double FibreDelaySeconds(double meters);

/**
 * @ingroup digital-twin
 * Fibre delay between two nodes along the great circle.
 * @param a one node
 * @param b the other node
 * @return the delay in seconds, or nothing if either node lacks coordinates
 */
std::optional<double> DelayFromCoordinates(const TwinNode& a, const TwinNode& b);

/**
 * @ingroup digital-twin
 * Report a network whose links do not connect all nodes: one warning (an error when strict)
 * with the number of components and their sizes, largest first.
 * @param network the network
 * @param where the location to report (e.g. the graph in the file)
 * @param strict report an error instead of a warning
 * @param diagnostics where the finding goes
 * @return the number of connected components (0 for a network without nodes)
 */
std::size_t ReportComponents(const TwinNetwork& network, const TwinSourceRef& where, bool strict,
                             TwinDiagnostics& diagnostics);

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
 * points as made by TwinEdgeBuilder. LinkSpeedRaw (bit/s) becomes the capacity, else 0 so the
 * validator applies the default. The delay is the great-circle fibre delay when both ends
 * have coordinates, else options.defaultDelaySeconds. Self-loops are dropped (warning),
 * parallel edges kept (warning), disconnected components reported (warning; error when
 * strict). Syntax errors name file and line.
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
