/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IMPORTER_UTIL_H
#define IMPORTER_UTIL_H

#include "twin-importer.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Helpers the source-format readers and the validator share, so that every format reads
 * numbers, files and rates by the same rules. Internal to the importers: installed because
 * the research-format readers declare the geographic helpers in their public header.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Speed of light in fibre, used for every delay derived from coordinates, in m/s.
 */
constexpr double kFibreMetersPerSecond = 2e8;

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
 * Propagation delay along a fibre path, with light at kFibreMetersPerSecond.
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
 * Text, number and file helpers of the importers.
 */
namespace importer
{

/**
 * The largest rate (bit/s) and count the twin store can keep: SQLite integers are signed
 * 64-bit.
 */
constexpr uint64_t kMaxStoredInteger = 9223372036854775807ULL;

/**
 * @param text any text
 * @return the text without leading and trailing blanks (space, tab, CR, LF)
 */
std::string Trim(const std::string& text);

/**
 * @param text any text
 * @return the text with ASCII letters in lower case
 */
std::string Lower(std::string text);

/**
 * @param text any text
 * @param suffix an ending
 * @return true if the text ends with the suffix
 */
bool EndsWith(const std::string& text, const std::string& suffix);

/**
 * @param value a number
 * @return the number as short text, e.g. "0.001", "1e+300" (printf "%.15g")
 */
std::string FormatNumber(double value);

/**
 * The one number reader of the importers: a decimal number, optionally signed, with an
 * optional fraction and exponent ("5", "-0.25", "+1.5e6", ".5"). The whole text must be the
 * number: no blanks, no hexadecimal, no "inf" or "nan", and nothing that overflows or
 * underflows a double.
 * @param text the text
 * @return the finite value, or nothing
 */
std::optional<double> ParseNumber(const std::string& text);

/**
 * @param text the text, decimal digits only
 * @return the value, or nothing if the text is empty, holds anything but digits or does not
 *         fit 64 bits
 */
std::optional<uint64_t> ParseUnsigned(const std::string& text);

/**
 * @param value a number read from a source
 * @return the value as a 64-bit signed integer, or nothing if it is not finite, has a
 *         fraction or is out of range (so that no conversion is undefined)
 */
std::optional<int64_t> ToInteger(double value);

/**
 * Turn a bit rate computed from a source into whole bit/s the store can keep.
 * @param bps the rate in bit/s
 * @param problem set, when nothing is returned, to why: "not finite", "below 1 bit/s" or
 *        "above 9223372036854775807 bit/s"
 * @return the rate rounded to whole bit/s, or nothing
 */
std::optional<uint64_t> RateToBps(double bps, std::string& problem);

/**
 * Reserve an id that no other element uses: the wanted one, or it with "-2", "-3"...
 * appended.
 * @param wanted the preferred id
 * @param used ids in use; the returned id is added
 * @return the id
 */
std::string UniqueId(const std::string& wanted, std::unordered_set<std::string>& used);

/**
 * Read a whole file. An error (file, no line) names what the file is and why it cannot be
 * read: it cannot be opened, reading it failed part way, or it is larger than maxBytes
 * (checked before reading and while reading, for files that grow or are pipes).
 * @param path the file
 * @param what what the file is, for messages (e.g. "GML file")
 * @param diagnostics where an error goes
 * @param maxBytes the largest size accepted (TwinInputLimits::maxFileBytes)
 * @return the bytes, or nothing after an error
 */
std::optional<std::string> ReadTextFile(const std::string& path, const std::string& what,
                                        TwinDiagnostics& diagnostics,
                                        uint64_t maxBytes = TwinInputLimits().maxFileBytes);

/**
 * Check how deep a JSON or XML document nests before a recursive parser (libyang) sees it:
 * JSON objects and arrays outside strings; XML elements, with comments, CDATA, processing
 * instructions and declarations skipped.
 * @param text the document
 * @param xml true for XML, false for JSON
 * @param maxDepth the deepest nesting accepted
 * @param file the file name for the diagnostic
 * @param diagnostics where the error goes, naming the line where the limit is passed
 * @return true if the document nests at most maxDepth levels
 */
bool CheckNestingDepth(const std::string& text, bool xml, uint32_t maxDepth,
                       const std::string& file, TwinDiagnostics& diagnostics);

/**
 * Check that a text is UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
 * U+10FFFF), so that names stored in the twin store and printed are text.
 * @param text the text
 * @param file the file name for the diagnostic
 * @param what what the file is, for the message (e.g. "GML file")
 * @param diagnostics where the error goes, naming the line and the first bad byte
 * @return true if the text is UTF-8
 */
bool CheckUtf8(const std::string& text, const std::string& file, const std::string& what,
               TwinDiagnostics& diagnostics);

/**
 * Read a whole source file and record it for provenance: its digest is that of the bytes
 * returned, which are the bytes the reader parses. A file that is empty or blank is an
 * error (recorded after the provenance, since the file was read).
 * @param path the file
 * @param what what the file is, for messages (e.g. "GML file")
 * @param result where the provenance and errors go
 * @param maxBytes the largest size accepted (TwinInputLimits::maxFileBytes)
 * @return the bytes, or nothing after an error
 */
std::optional<std::string> ReadSourceFile(const std::string& path, const std::string& what,
                                          TwinImportResult& result,
                                          uint64_t maxBytes = TwinInputLimits().maxFileBytes);

/**
 * Import a single-file text format: read the file once (ReadSourceFile), parse those bytes,
 * and keep the file's provenance with the result.
 * @param path the file
 * @param what what the file is, for messages (e.g. "GML file")
 * @param format the importer's format name, set on the result
 * @param parse parses the text; gets the text and the file name for diagnostics
 * @param maxBytes the largest size accepted (TwinInputLimits::maxFileBytes)
 * @return the parse result, or the read errors
 */
TwinImportResult ImportSourceFile(
    const std::string& path, const std::string& what, const std::string& format,
    const std::function<TwinImportResult(const std::string& text, const std::string& file)>& parse,
    uint64_t maxBytes = TwinInputLimits().maxFileBytes);

/**
 * Maps byte offsets of a text to 1-based line numbers, for diagnostics about parsed data.
 */
class LineTable
{
public:
    /** A table for an empty text. */
    LineTable() = default;

    /**
     * Index a text.
     * @param text the text (not kept)
     */
    explicit LineTable(const std::string& text);

    /**
     * @param offset a byte offset into the text
     * @return its 1-based line
     */
    uint32_t LineOf(std::size_t offset) const;

private:
    std::vector<std::size_t> m_newlines; //!< offsets of '\n', ascending
};

} // namespace importer

} // namespace ns3

#endif /* IMPORTER_UTIL_H */
