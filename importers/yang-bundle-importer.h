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
 * one (TwinValidator derives it from the interface speeds). Interfaces get addresses from the
 * device files only: with no device data at all, every interface is left without one and
 * TwinValidator assigns them; with device data for some nodes only, the link ends left
 * without an address are errors of TwinValidator (addresses are assigned all or nothing).
 *
 * devices/ is optional; a devices entry that is not a usable directory is an error, and so
 * is a directory that cannot be listed. In it, .json and .xml files (any case) are device
 * files; anything else (other files, subdirectories) is ignored with a warning.
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
};

} // namespace ns3

#endif /* YANG_BUNDLE_IMPORTER_H */
