/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_IMPORTER_H
#define TWIN_IMPORTER_H

#include "ns3/twin-network.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The one interface every source-format reader implements, and the registry that picks a
 * reader by format name or file extension.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Bounds on what one input may hold, so that a hostile or broken file ends in a clear error
 * instead of exhausting memory or the stack. The defaults are far above real networks (the
 * largest public topologies have a few thousand nodes) and far below what a 2-core, few-GB
 * machine can hold; `dtwin --limit NAME=VALUE` (SetTwinInputLimit()) raises each.
 */
struct TwinInputLimits
{
    uint64_t maxFileBytes{256ULL << 20}; //!< largest document read whole (file-bytes)
    uint64_t maxNodes{100000};           //!< most nodes in one network (nodes)
    uint64_t maxLinks{1000000};          //!< most links in one network (links)
    uint64_t maxRoutes{10000000};        //!< most static routes in one network (routes)
    uint64_t maxDemands{1000000};        //!< most demands in one network or file (demands)
    uint32_t maxNestingDepth{64};        //!< deepest JSON/XML/GML nesting (depth)
    uint64_t maxOpenFlows{2000000};      //!< captures: most flows open at once (open-flows)
    uint64_t maxTemplateFields{4000000}; //!< exports: most template fields kept (template-fields)
};

/**
 * @ingroup digital-twin
 * The largest nesting depth a user may allow: the JSON, XML and GML parsers recurse once
 * per level, and this keeps them far from the end of an 8 MiB stack.
 */
constexpr uint32_t kTwinMaxNestingDepthCeiling = 1000;

/**
 * @ingroup digital-twin
 * Set one limit from "NAME=VALUE" as the command line gives it (names: file-bytes, nodes,
 * links, routes, demands, depth, open-flows, template-fields; VALUE a whole number,
 * file-bytes also with a K, M or G suffix of powers of 1024).
 * @param limits the limits to change
 * @param assignment the text, e.g. "nodes=200000"
 * @return empty on success, else why the text is refused
 */
std::string SetTwinInputLimit(TwinInputLimits& limits, const std::string& assignment);

/**
 * @ingroup digital-twin
 * The message for an exceeded limit, the same for every reader.
 * @param what what was counted, e.g. "nodes", "bytes", "levels of nesting"
 * @param found how many the input has (or at least has)
 * @param limit the limit
 * @param name the limit's name for --limit, e.g. "nodes"
 * @return e.g. "100001 nodes exceed the limit of 100000 (raise it with --limit nodes=N)"
 */
std::string TwinLimitMessage(const std::string& what, uint64_t found, uint64_t limit,
                             const std::string& name);

/**
 * @ingroup digital-twin
 * Values the sources may lack, and how strictly to read them. The defaults are what a user
 * gets without command-line overrides.
 */
struct TwinImportOptions
{
    uint64_t defaultCapacityBps{1000000000}; //!< link capacity when the source gives none
    double defaultDelaySeconds{0.001};       //!< propagation delay when none is given/derivable
    uint32_t defaultQueuePackets{100};       //!< queue limit when the source gives none
    uint32_t defaultMtuBytes{1500};          //!< MTU when the source gives none
    bool strict{false};     //!< treat unknown augments and repairable problems as errors
    TwinInputLimits limits; //!< bounds on file size, counts and nesting
};

/**
 * @ingroup digital-twin
 * A source file that went into a snapshot, for provenance.
 */
struct TwinSourceFile
{
    std::string path;   //!< path as given by the user
    std::string sha256; //!< hex SHA-256 of the file content
    uint64_t bytes{0};  //!< size in bytes
};

/**
 * @ingroup digital-twin
 * What an import produced: the network (valid only when there are no errors), every
 * diagnostic, and the provenance.
 */
struct TwinImportResult
{
    TwinNetwork network;                 //!< the imported network
    TwinDiagnostics diagnostics;         //!< errors, warnings and notes in source order
    std::vector<TwinSourceFile> sources; //!< files read
    std::string importer;                //!< format name of the importer used

    /** @return true if the network may be stored (no error diagnostics) */
    bool Ok() const { return !diagnostics.HasErrors(); }
};

/**
 * @ingroup digital-twin
 * A reader for one source format. Implementations parse into the plain model and report
 * every problem as a diagnostic; they never create simulation objects.
 */
class TwinImporter
{
public:
    virtual ~TwinImporter() = default;
    /** @return the format name used on the command line (e.g. "gml") */
    virtual std::string GetFormat() const = 0;
    /** @return a one-line description for --help */
    virtual std::string GetDescription() const = 0;
    /**
     * @param path a file or directory
     * @return true if this reader recognises the path by extension or layout
     */
    virtual bool Accepts(const std::string& path) const = 0;
    /**
     * Read a source.
     * @param path a file or directory
     * @param options defaults and strictness
     * @return the network with diagnostics; the caller must check Ok()
     */
    virtual TwinImportResult Import(const std::string& path,
                                    const TwinImportOptions& options) const = 0;
};

/**
 * @ingroup digital-twin
 * Importers keyed by format. All built-in importers are registered on first use.
 */
class TwinImporterRegistry
{
public:
    /** @return the process-wide registry with the built-in importers */
    static TwinImporterRegistry& Get();
    /**
     * Register an importer; a later registration of the same format replaces the earlier.
     * @param importer the reader
     */
    void Register(std::shared_ptr<const TwinImporter> importer);
    /**
     * @param format a format name
     * @return the reader, or nullptr
     */
    std::shared_ptr<const TwinImporter> Find(const std::string& format) const;
    /**
     * @param path a file or directory
     * @return the first reader that accepts the path, or nullptr
     */
    std::shared_ptr<const TwinImporter> Detect(const std::string& path) const;
    /** @return all format names, sorted */
    std::vector<std::string> Formats() const;
    /**
     * Import a path with the named format, or the detected one when format is empty. Runs
     * the common validation (TwinValidator) on the result. Errors (unknown format, missing
     * path) come back as diagnostics, never as exceptions.
     * @param path a file or directory
     * @param format a format name or empty
     * @param options defaults and strictness
     * @return the result
     */
    TwinImportResult Import(const std::string& path, const std::string& format,
                            const TwinImportOptions& options) const;

private:
    std::map<std::string, std::shared_ptr<const TwinImporter>> m_importers; //!< by format
};

/**
 * @ingroup digital-twin
 * Check a parsed network against the count limits (nodes, links, routes, demands).
 * @param network the network
 * @param limits the limits
 * @param path the source, for the diagnostics
 * @param diagnostics where an error per exceeded limit goes
 * @return true if no limit is exceeded
 */
bool CheckTwinNetworkLimits(const TwinNetwork& network, const TwinInputLimits& limits,
                            const std::string& path, TwinDiagnostics& diagnostics);

/**
 * @ingroup digital-twin
 * Hex SHA-256 of a file, for provenance.
 * @param path the file
 * @param bytes set to the file size (left unchanged when the file cannot be read)
 * @return lowercase hex digest, or empty if the file cannot be opened or a read fails
 * @throws std::runtime_error if OpenSSL fails to compute the digest
 */
std::string Sha256OfFile(const std::string& path, uint64_t* bytes);

/**
 * @ingroup digital-twin
 * Hex SHA-256 of a string.
 * @param data the bytes
 * @return lowercase hex digest
 * @throws std::runtime_error if OpenSSL fails to compute the digest
 */
std::string Sha256OfString(const std::string& data);

} // namespace ns3

#endif /* TWIN_IMPORTER_H */
