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
 * Values the sources may lack, and how strictly to read them. The defaults are what a user
 * gets without command-line overrides.
 */
struct TwinImportOptions
{
    uint64_t defaultCapacityBps{1000000000}; //!< link capacity when the source gives none
    double defaultDelaySeconds{0.001};       //!< propagation delay when none is given/derivable
    uint32_t defaultQueuePackets{100};       //!< queue limit when the source gives none
    uint32_t defaultMtuBytes{1500};          //!< MTU when the source gives none
    bool strict{false}; //!< treat unknown augments and repairable problems as errors
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
