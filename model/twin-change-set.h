/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_CHANGE_SET_H
#define TWIN_CHANGE_SET_H

#include "twin-network.h"
#include "twin-scenario.h"

#include <cstddef>

/**
 * @file
 * @ingroup digital-twin
 * Applying a change set to a network: the derived snapshot a change would give, with the
 * semantics of a change-set event (doc/scenarios.md, "Change sets").
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * What applying a change set did, besides the diagnostics.
 */
struct TwinChangeSetApplyStats
{
    std::size_t edits{0};   //!< single edits in the change set
    std::size_t changed{0}; //!< of which changed the network
    std::size_t inPlace{0}; //!< of which were already in place (a note each)
};

/**
 * @ingroup digital-twin
 * Apply a change set to a network and validate the result as an import is validated
 * (TwinValidator). Per node, in this order: interface state and speed (the link direction
 * that starts at the interface takes the speed as its capacity), address removals, address
 * additions, static route removals, static route additions (replacing the node's routes to
 * the same prefix). An edit already in place (an interface already in that state, an address
 * already there or already gone, a route already there or already gone) changes nothing and
 * is reported as a note, so applying a change set twice gives the same network. An edit that
 * names an unknown node or interface, and an edit after which the network fails validation,
 * is an error naming the edit and where the change set gives it. Pure: the input is not
 * modified.
 * @param base the network to change (a stored, validated snapshot)
 * @param changeSet the edits
 * @param diagnostics notes per edit already in place, warnings the validator gives for the
 *        result that it did not give for the base, and errors; the result is valid only
 *        without errors
 * @param stats counts of the edits (may be null)
 * @return the derived network
 */
TwinNetwork ApplyTwinChangeSet(const TwinNetwork& base, const TwinChangeSet& changeSet,
                               TwinDiagnostics& diagnostics,
                               TwinChangeSetApplyStats* stats = nullptr);

} // namespace ns3

#endif /* TWIN_CHANGE_SET_H */
