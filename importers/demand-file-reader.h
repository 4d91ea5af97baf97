/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DEMAND_FILE_READER_H
#define DEMAND_FILE_READER_H

#include "ns3/twin-importer.h"
#include "ns3/twin-network-checks.h"
#include "ns3/twin-network.h"

#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The demand file: a CSV list of traffic demands (grammar in doc/snapshot-format.md,
 * "Demand files"), and the value checks every demand gets, whatever its source.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Read a demand file (a UTF-8 byte order mark before the header is skipped). Checks the
 * syntax: header, cell count, protocol, number formats and the cells each protocol needs.
 * The values themselves (rates, times, node names, addresses) are checked by ValidateDemands,
 * which TwinValidator::Run also calls, so each problem is reported once.
 * Every demand's source is file:line of its row.
 * @param path the CSV file
 * @param diagnostics where syntax errors go (with file:line)
 * @param limits the file size and demand count limits (a row past maxDemands is an error
 *        and ends the reading)
 * @return the demands of the rows that could be read; the caller must check
 *         diagnostics.HasErrors()
 */
std::vector<TwinDemand> ReadDemandFile(const std::string& path, TwinDiagnostics& diagnostics,
                                       const TwinInputLimits& limits = TwinInputLimits());

/**
 * @ingroup digital-twin
 * Parse demand CSV text, as ReadDemandFile does for a file's content.
 * @param text the CSV content
 * @param fileName the name diagnostics and demand sources show
 * @param diagnostics where syntax errors go
 * @param maxDemands the most rows read; one more is an error and ends the reading
 * @return the demands of the rows that could be read
 */
std::vector<TwinDemand> ParseDemandCsv(const std::string& text, const std::string& fileName,
                                       TwinDiagnostics& diagnostics,
                                       uint64_t maxDemands = TwinInputLimits().maxDemands);

/**
 * @ingroup digital-twin
 * Check demands against a network: every problem CheckDemands finds (duplicate or empty ids,
 * unknown nodes or nodes without an IPv4 address on an enabled interface, source equal to
 * destination, UDP rate below 1 bit/s or above kMaxDemandRateBps, TCP demands with different
 * packet sizes, time and size limits), and, since a demand in input that can never send is a
 * mistake, a stop time that is not after the start time. Each error names the demand and
 * goes to its source (file:line for a demand file row). The traffic helper refuses the same
 * demands, so what passes here runs.
 * @param network the network the demands run on (its nodes and interfaces are read; after
 *        TwinValidator::Run, which assigns addresses where none are configured)
 * @param demands the demands to check (e.g. network.demands or a demand file's rows)
 * @param diagnostics where errors go
 */
void ValidateDemands(const TwinNetwork& network, const std::vector<TwinDemand>& demands,
                     TwinDiagnostics& diagnostics);

} // namespace ns3

#endif /* DEMAND_FILE_READER_H */
