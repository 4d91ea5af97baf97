/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_VALIDATOR_H
#define TWIN_VALIDATOR_H

#include "twin-importer.h"

/**
 * @file
 * @ingroup digital-twin
 * Checks that no schema can express, common to every source format, and the completion
 * steps that make an imported network buildable.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Validates and completes an imported network in place. Run by TwinImporterRegistry::Import
 * after the format reader, so every format gets the same checks and messages.
 *
 * Checks: self-loops, links from a node to itself (warning, and the link is dropped with the
 * interfaces only it used that have no address; error with strict); duplicate node, link,
 * interface and demand ids; links to missing nodes or termination points; links whose
 * reverse direction is missing (warning and the reverse is added, error with strict; an error
 * too when the reverse would make an interface the source or destination of a second link);
 * termination points without interface data; the two ends of a link with different speeds
 * (the lower is used, warning); zero capacity, speeds and capacities above 2^63-1 bit/s (the
 * store's integer range), negative delay, prefix length above 32; when some interfaces have
 * addresses, enabled link ends without one; overlapping addresses on different links; static
 * routes that the builder could not install (CheckStaticRoutes: unknown node or interface,
 * an outgoing interface that is disabled or on no link, a next hop that is the node's own
 * address or on no subnet of an enabled interface on a link); nodes in disconnected
 * components (warning, error with strict); demands that the traffic helper could not run
 * (ValidateDemands, after addresses are assigned).
 *
 * Completion: when no interface has an address, assigns one /30 per bidirectional link from
 * 10.0.0.0/8 (note to the user); link capacity from interface speeds, else the default;
 * static route destinations with host bits set become their network address (warning).
 */
class TwinValidator
{
public:
    /**
     * @param network the network to check and complete
     * @param options defaults and strictness
     * @param diagnostics where findings go
     */
    static void Run(TwinNetwork& network, const TwinImportOptions& options,
                    TwinDiagnostics& diagnostics);
};

} // namespace ns3

#endif /* TWIN_VALIDATOR_H */
