/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SNDLIB_IMPORTER_H
#define SNDLIB_IMPORTER_H

#include "twin-importer.h"

#include <optional>
#include <string>

/**
 * @file
 * @ingroup digital-twin
 * The SNDlib native-format reader (networks with a demand matrix).
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Reads the SNDlib native format: META (unit), NODES (optional "( longitude latitude )"),
 * LINKS and DEMANDS sections; ADMISSIBLE_PATHS and other sections are skipped with a note.
 *
 * Mapping: node ids are kept. Each undirected SNDlib link becomes two links, "<link_id>" from
 * the listed source to the target and "<link_id>-reverse" back ("-2", "-3", ... appended when
 * a listed link already has that id), with termination points "to-<peer>" (see
 * TwinEdgeBuilder). The capacity is the pre-installed capacity times the META unit
 * (BITPERSEC, KBITPERSEC, MBITPERSEC, GBITPERSEC, TBITPERSEC; MBITPERSEC with a warning when
 * META has no unit); when it is 0, the smallest module capacity is used (warning), and when
 * there is no module either, 0 is left for the validator's default. A capacity that is not a
 * bit rate the store can keep (below 1 or above 2^63-1 bit/s) is an error. The delay is the
 * great-circle fibre delay when both ends have coordinates in range, else
 * options.defaultDelaySeconds. Each demand becomes a UDP demand with rate demand_value times
 * the unit, starting at 0 s; demands of value 0 are skipped (note). Repeated node or link ids
 * and self-loops are passed on to TwinValidator, which reports or drops them as for every
 * format. Syntax errors name file and line. SNDlib XML is not read (the importer says so when
 * given an XML file).
 */
class SndlibImporter : public TwinImporter
{
public:
    /** @return "sndlib" */
    std::string GetFormat() const override;
    /** @return a one-line description */
    std::string GetDescription() const override;
    /**
     * @param path a file
     * @return true for names ending in ".native.txt" or ".sndlib" (any case), and for other
     *         ".txt" files whose first line starts with "?SNDlib"
     */
    bool Accepts(const std::string& path) const override;
    /**
     * @param path an SNDlib native file
     * @param options defaults and strictness
     * @return the network (with demands) and diagnostics
     */
    TwinImportResult Import(const std::string& path,
                            const TwinImportOptions& options) const override;
    /**
     * Read SNDlib native text that is already in memory (no provenance is recorded).
     * @param text the file content
     * @param fileName the name diagnostics show
     * @param options defaults and strictness
     * @return the network and diagnostics
     */
    static TwinImportResult ImportText(const std::string& text, const std::string& fileName,
                                       const TwinImportOptions& options);
    /**
     * @param unit an SNDlib META unit, e.g. "MBITPERSEC"
     * @return bit/s per unit, or nothing for an unknown unit
     */
    static std::optional<double> UnitBitsPerSecond(const std::string& unit);
};

} // namespace ns3

#endif /* SNDLIB_IMPORTER_H */
