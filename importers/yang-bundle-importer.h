/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef YANG_BUNDLE_IMPORTER_H
#define YANG_BUNDLE_IMPORTER_H

#include "twin-importer.h"

#include <string>

/**
 * @file
 * @ingroup digital-twin
 * Reader for YANG snapshot bundles: an RFC 8345 topology plus, per device, the data a
 * NETCONF get returns (ietf-interfaces, ietf-ip, ietf-routing static routes). Layout and
 * mapping in doc/snapshot-format.md.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Imports a snapshot bundle directory (topology.json or topology.xml, devices/<node-id>.json
 * or .xml, optional demands.csv) or a single RFC 8345 document (topology only). Every YANG
 * document is parsed and validated with libyang against the IETF modules and the project's
 * ns3-digital-twin-topology module. Data of modules the context lacks (vendor or draft
 * augments) is reported by module and path and skipped, or rejected with strict options.
 *
 * The result leaves link capacity at 0 unless the topology's link-attributes/capacity gives
 * one (TwinValidator derives it from the interface speeds), and leaves interfaces without
 * addresses when there is no device data (TwinValidator assigns them).
 */
class YangBundleImporter : public TwinImporter
{
public:
    /** @return "yang" */
    std::string GetFormat() const override;
    /** @return a one-line description */
    std::string GetDescription() const override;
    /**
     * @param path a file or directory
     * @return true for a directory holding topology.json or topology.xml, or a .json/.xml
     *         file whose start names the ietf-network module
     */
    bool Accepts(const std::string& path) const override;
    /**
     * Read a bundle directory or a single topology document.
     * @param path the directory or file
     * @param options defaults for values the sources lack, and strictness
     * @return the network with diagnostics; the caller must check Ok()
     */
    TwinImportResult Import(const std::string& path,
                            const TwinImportOptions& options) const override;

    /** File name of the topology in a bundle, JSON form. */
    static constexpr const char* kTopologyJson = "topology.json";
    /** File name of the topology in a bundle, XML form. */
    static constexpr const char* kTopologyXml = "topology.xml";
    /** Directory of the per-device files in a bundle. */
    static constexpr const char* kDevicesDir = "devices";
    /** File name of the default traffic in a bundle. */
    static constexpr const char* kDemandsFile = "demands.csv";
    /** Propagation speed used to derive delays from node coordinates, in m/s. */
    static constexpr double kPropagationSpeed = 2.0e8;
};

} // namespace ns3

#endif /* YANG_BUNDLE_IMPORTER_H */
