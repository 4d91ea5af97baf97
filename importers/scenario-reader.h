/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SCENARIO_READER_H
#define SCENARIO_READER_H

#include "twin-importer.h"
#include "yang-context.h"

#include "ns3/twin-scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Reads scenario files (YANG module ns3-digital-twin-scenario, JSON or XML) and stand-alone
 * change-set files (module ns3-digital-twin-change-set) into the typed model, checks them
 * against the network they apply to, and expands a scenario's sweep into concrete variants.
 * Nothing here runs a simulation.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * What reading a scenario file produced.
 */
struct TwinScenarioReadResult
{
    TwinScenario scenario;       //!< the scenario (valid only without errors)
    TwinDiagnostics diagnostics; //!< every finding, with file, line and data path
    TwinSourceFile source;       //!< the file read, for provenance (empty path if none)
    std::string text;            //!< the document as read from the file (ReadTwinScenario)

    /** @return true if the scenario may be used (no error diagnostics) */
    bool Ok() const { return !diagnostics.HasErrors(); }
};

/**
 * @ingroup digital-twin
 * What reading a stand-alone change-set file produced.
 */
struct TwinChangeSetReadResult
{
    TwinChangeSet changeSet;     //!< the edits (valid only without errors)
    std::string description;     //!< the document's description, or empty
    TwinSourceRef location;      //!< file, line and data path of the change-set container
    TwinDiagnostics diagnostics; //!< every finding, with file, line and data path
    TwinSourceFile source;       //!< the file read, for provenance (empty path if none)
    std::string text;            //!< the document as read from the file (ReadTwinChangeSet)

    /** @return true if the change set may be used (no error diagnostics) */
    bool Ok() const { return !diagnostics.HasErrors(); }
};

/**
 * @ingroup digital-twin
 * Limits and context of CheckTwinScenario().
 */
struct TwinScenarioCheckOptions
{
    uint64_t maxRuns{1000}; //!< largest allowed number of runs (variants times seeds)
};

/**
 * @ingroup digital-twin
 * Read a scenario file; the format comes from the extension (.json, .xml), else from the
 * first character. The document is parsed and validated against the YANG modules (so what
 * yanglint rejects is rejected here too), unknown elements are errors, and the result is
 * converted into the typed model. An incident's wall-clock stamps become simulated times:
 * time-s = wall-time - incident/wall-clock-start (time zone offsets applied, microsecond
 * resolution); a stamp before the start is an error.
 * @param path the file
 * @param limits the file size and nesting depth limits (checked before parsing)
 * @return the scenario and diagnostics; the caller must check Ok()
 */
TwinScenarioReadResult ReadTwinScenario(const std::string& path,
                                        const TwinInputLimits& limits = TwinInputLimits());

/**
 * @ingroup digital-twin
 * Parse a scenario document held in memory, as ReadTwinScenario() does.
 * @param text the document
 * @param format JSON or XML
 * @param file the file name to put in diagnostics
 * @return the scenario and diagnostics (source stays empty); the caller must check Ok()
 */
TwinScenarioReadResult ParseTwinScenario(const std::string& text, YangFormat format,
                                         const std::string& file);

/**
 * @ingroup digital-twin
 * Parse an RFC 3339 date-and-time as the scenario module allows it (ietf-yang-types
 * date-and-time with at most six fraction digits), e.g. "2026-10-14T11:12:00.25+02:00".
 * "-00:00" (offset unknown) counts as UTC; leap seconds (second 60) are refused.
 * @param text the stamp
 * @param error set to the reason when the stamp is refused (may be null)
 * @return microseconds since 1970-01-01T00:00:00Z, or nothing
 */
std::optional<int64_t> ParseTwinWallClock(const std::string& text, std::string* error);

/**
 * @ingroup digital-twin
 * Read a stand-alone change-set file: the top-level container change-set of module
 * ns3-digital-twin-change-set, JSON or XML (format as for ReadTwinScenario()). Validation is
 * the same as for scenarios: libyang validation, unknown elements are errors, every finding
 * names file, line and data path.
 * @param path the file
 * @param limits the file size and nesting depth limits (checked before parsing)
 * @return the change set and diagnostics; the caller must check Ok()
 */
TwinChangeSetReadResult ReadTwinChangeSet(const std::string& path,
                                          const TwinInputLimits& limits = TwinInputLimits());

/**
 * @ingroup digital-twin
 * Parse a change-set document held in memory, as ReadTwinChangeSet() does.
 * @param text the document
 * @param format JSON or XML
 * @param file the file name to put in diagnostics
 * @return the change set and diagnostics (source stays empty); the caller must check Ok()
 */
TwinChangeSetReadResult ParseTwinChangeSet(const std::string& text, YangFormat format,
                                           const std::string& file);

/**
 * @ingroup digital-twin
 * Check a change set against the network it applies to, with the checks CheckTwinScenario()
 * applies to a change-set event: it edits at least one node, and every node, interface and
 * address to remove it names exists.
 * @param changeSet the change set
 * @param network the network
 * @param where the change set's location (TwinChangeSetReadResult::location), for findings
 *        about the change set as a whole
 * @return one diagnostic per problem, naming file and data path
 */
TwinDiagnostics CheckTwinChangeSet(const TwinChangeSet& changeSet, const TwinNetwork& network,
                                   const TwinSourceRef& where);

/**
 * @ingroup digital-twin
 * Check a parsed scenario against the network it runs on: every node, link, interface,
 * demand and class it names exists; events lie in [0, duration); no two events at the same
 * time contradict each other on the same element; objective windows lie in the run; the
 * sweep stays within the run limit. The demand set checked against is network.demands:
 * replace it by the scenario's demand file first when it names one.
 * @param scenario the scenario
 * @param network the base snapshot
 * @param options limits
 * @return one diagnostic per problem, naming the scenario file and data path
 */
TwinDiagnostics CheckTwinScenario(const TwinScenario& scenario, const TwinNetwork& network,
                                  const TwinScenarioCheckOptions& options);

/**
 * @ingroup digital-twin
 * Resolve the bundle path a scenario names as its base snapshot.
 * @param scenario a scenario whose base is a bundle path
 * @param baseDirectory directory a relative path is resolved against (empty: as given)
 * @param diagnostics where an error goes when the path does not exist
 * @return the path to import, or nothing after an error
 */
std::optional<std::string> ResolveScenarioBundlePath(const TwinScenario& scenario,
                                                     const std::string& baseDirectory,
                                                     TwinDiagnostics& diagnostics);

/**
 * @ingroup digital-twin
 * The bidirectional link pairs of a network: each directed link with its reverse (the link
 * with swapped ends), in the order their first direction appears. A link without a reverse
 * forms a pair on its own.
 * @param network the network
 * @return per pair, the directed link-ids (one or two)
 */
std::vector<std::vector<std::string>> TwinLinkPairs(const TwinNetwork& network);

/**
 * @ingroup digital-twin
 * @param scenario a scenario
 * @param network the base snapshot
 * @return the number of runs the sweep expands to: failures x capacity factors x traffic
 *         factors x seeds (each dimension counting 1 when not swept), saturating at
 *         UINT64_MAX
 */
uint64_t CountTwinScenarioRuns(const TwinScenario& scenario, const TwinNetwork& network);

/**
 * @ingroup digital-twin
 * Expand a scenario into its concrete runs. Order: failure, then capacity factor, then
 * traffic factor, then seed. Names join the swept parts with '+': "link-A-B" (a link pair,
 * named by the ends of its first direction), "node-N", "capacity-x2", "traffic-x1.5",
 * "seed-3" (only when several seeds are given); a scenario without variants gives one run
 * named "base".
 * @param scenario a checked scenario
 * @param network the base snapshot
 * @return the runs, CountTwinScenarioRuns() many
 */
std::vector<TwinScenarioVariant> ExpandTwinScenario(const TwinScenario& scenario,
                                                    const TwinNetwork& network);

} // namespace ns3

#endif /* SCENARIO_READER_H */
