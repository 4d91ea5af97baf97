/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_NETWORK_CHECKS_H
#define TWIN_NETWORK_CHECKS_H

#include "twin-network.h"

#include <cstddef>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The checks that decide whether a static route can be installed and whether a set of
 * demands can be simulated, written once: the importers' validator and the demand file check
 * report their findings as diagnostics, the builder and the traffic helper throw them, so a
 * snapshot that imports never fails a run for these reasons. Plain functions over the
 * TwinNetwork model, without ns-3 simulation objects.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * The verdict on one static route.
 */
struct TwinRouteCheck
{
    std::string error;        //!< why the route cannot be installed; empty when it can
    std::string outInterface; //!< when usable: the interface the route leaves by (the one
                              //!< given, else the one whose subnet holds the next hop)
};

/**
 * @ingroup digital-twin
 * Decide whether each static route of a network can be installed. A route is usable when
 * its node exists; its destination prefix length is at most 32; it names a next hop or an
 * outgoing interface (or both); the outgoing interface, if given, is an interface of the
 * node, is enabled and is an end of a link; the next hop, if given, is no address of the
 * node itself and lies in the subnet of an address of an enabled interface of the node that
 * is an end of a link, and, when the outgoing interface is given too, in a subnet of that
 * interface. A route leaving by an interface on no link (a loopback) or via a next hop
 * behind one cannot be installed: ns-3 forwards only over devices of links.
 *
 * The first problem of each route is reported, as "route to D on node 'N': problem".
 * A destination with host bits set is not an error here (the validator normalises it, the
 * builder uses its network address).
 * @param network the network whose routes are checked (links are read to tell which
 *        interfaces are on a link)
 * @return one verdict per entry of network.routes, in the same order
 */
std::vector<TwinRouteCheck> CheckStaticRoutes(const TwinNetwork& network);

/**
 * @ingroup digital-twin
 * Check one static route against a network, with the rules of CheckStaticRoutes (which is
 * cheaper for many routes: it reads the links once).
 * @param network the network the route belongs to
 * @param route the route
 * @return the verdict
 */
TwinRouteCheck CheckStaticRoute(const TwinNetwork& network, const TwinRoute& route);

/**
 * @ingroup digital-twin
 * The latest start or stop time a demand may have, in simulated seconds (about 11.6 days; ns-3
 * time counts nanoseconds in 64 bits, and runs are far shorter).
 */
constexpr double kMaxDemandSeconds = 1e6;

/**
 * @ingroup digital-twin
 * The lowest UDP rate a demand may have, in bit/s: ns-3 data rates are whole bits per second.
 */
constexpr double kMinDemandRateBps = 1;

/**
 * @ingroup digital-twin
 * The highest UDP rate a demand may have, in bit/s (1 Pbit/s).
 */
constexpr double kMaxDemandRateBps = 1e15;

/**
 * @ingroup digital-twin
 * The largest UDP payload a demand may have, in bytes (an IPv4 datagram of 65535 bytes).
 */
constexpr uint32_t kMaxUdpPayloadBytes = 65507;

/**
 * @ingroup digital-twin
 * One reason why a demand cannot be simulated.
 */
struct TwinDemandProblem
{
    std::size_t demand{0}; //!< position of the demand in the checked list
    std::string message;   //!< what is wrong, starting "demand 'id': " (or "duplicate
                           //!< demand id ..."); the demand's source is not included
};

/**
 * @ingroup digital-twin
 * Decide whether a set of demands can be simulated on a network in one run: every problem of
 * every demand. Checked: an empty or duplicate id; a source or destination node that is not
 * in the network, or that has no IPv4 address on an enabled interface (nothing to send from
 * or to); the same node at both ends; a zero packet size; a UDP rate that is not a number,
 * below kMinDemandRateBps or above kMaxDemandRateBps; a UDP payload above
 * kMaxUdpPayloadBytes; TCP bytes above 2^63-1 (the store's integer range); a start time that
 * is negative, not finite or after kMaxDemandSeconds; a stop time that is not finite or after
 * kMaxDemandSeconds; TCP demands whose packet sizes differ from the first TCP demand's (ns-3
 * has one TCP segment size per run: each other size is reported at its demand).
 *
 * A stop time that is not after the start is not checked here: such a demand is valid but
 * sends nothing. ValidateDemands rejects it in input; the traffic helper skips it.
 * @param network the network the demands run on (its nodes and interfaces are read)
 * @param demands the demands
 * @return the problems, in demand order
 */
std::vector<TwinDemandProblem> CheckDemands(const TwinNetwork& network,
                                            const std::vector<TwinDemand>& demands);

} // namespace ns3

#endif /* TWIN_NETWORK_CHECKS_H */
