/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_SYNC_PUSH_H
#define TWIN_SYNC_PUSH_H

#include "twin-network.h"
#include "twin-scenario.h"

#include <map>
#include <string>

/**
 * @file
 * @ingroup digital-twin
 * The sync agent's write side, first part: the NETCONF edit-config content that makes a
 * device do what a change set does in the twin (doc/sync.md, "Push").
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * How TwinNetconfEdits names what the change set does not say.
 */
struct TwinNetconfEditOptions
{
    /** Per node-id, the name of the device's static control-plane-protocol instance. */
    std::map<std::string, std::string> staticProtocol;
    std::string defaultStaticProtocol{"static"}; //!< for nodes not in staticProtocol
};

/**
 * @ingroup digital-twin
 * The edit-config content (top-level data nodes, without the config wrapper, as
 * TwinNetconfSession::EditConfig takes it) per device, for the 2014 non-NMDA ietf-interfaces /
 * ietf-ip and the RFC 8022 ietf-routing static routes. Only edits that change the baseline
 * are sent (an edit already in place is left out, as ApplyTwinChangeSet treats it); each one
 * uses the strict operation, so that a device that no longer matches the baseline refuses
 * the edit instead of merging it: interface state as a merge of enabled, an address added
 * with operation "create" (or "merge" when only its prefix length changes), an address
 * removed with "delete", a route added or changed with "replace" (its next hops replace the
 * old ones), a route removed with "delete".
 * @param changeSet the change set
 * @param baseline the network the change set was verified on (the devices must match it)
 * @param options names of the static routing instances
 * @return per node-id the edit; nodes without an edit that changes something are absent
 * @throws std::invalid_argument for an edit that cannot be expressed: an unknown node or
 *         interface, a speed change (speed is state only in ietf-interfaces 2014), a route
 *         with a metric (RFC 8022 static routes have no preference), several routes to one
 *         destination added at once
 */
std::map<std::string, std::string> TwinNetconfEdits(const TwinChangeSet& changeSet,
                                                    const TwinNetwork& baseline,
                                                    const TwinNetconfEditOptions& options = {});

/**
 * @ingroup digital-twin
 * Find the name of the static routing instance in what a device returned (TwinDeviceData).
 * @param deviceXml the data of /routing (other top-level nodes may be there too)
 * @return the name of the first control-plane-protocol whose type is static, or "" if none
 */
std::string TwinStaticProtocolName(const std::string& deviceXml);

} // namespace ns3

#endif /* TWIN_SYNC_PUSH_H */
