/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_SYNC_PUSH_H
#define TWIN_SYNC_PUSH_H

#include "twin-network.h"
#include "twin-scenario.h"
#include "twin-store.h"
#include "twin-sync.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The sync agent's write side (doc/sync.md, "Push"): the NETCONF edit-config content that
 * makes a device do what a change set does in the twin, and the push that sends it to every
 * device of an inventory, or to none.
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

/**
 * @ingroup digital-twin
 * One step of a push, as the audit table records it (action, device, outcome, detail; the
 * store adds the time and the push's user and change set).
 */
struct TwinPushStep
{
    std::string action;  //!< e.g. "push.lock", "push.edit-config" (doc/sync.md, audit table)
    std::string device;  //!< node-id of the device, empty for the push as a whole
    std::string outcome; //!< "ok", "failed", "refused", "rolled-back", "no-op"
    std::string detail;  //!< what exactly: the datastore, the timeout, the server's error
};

/**
 * @ingroup digital-twin
 * How a push ended (TwinPushResult::status).
 */
enum class TwinPushStatus
{
    Pushed,         //!< every device has the change, committed and confirmed
    AlreadyInPlace, //!< the devices already have the change (or it changes nothing): no edit
    DryRun,         //!< checks passed and the edits were computed; nothing was sent
    Refused,        //!< no passing verification, or the change cannot be expressed: no contact
    Drift,          //!< the devices differ from the verified baseline: nothing was sent
    Failed,         //!< a step failed; every device touched is back at its configuration
    Incomplete      //!< a step failed and a device could not be restored: see unrestored
};

/**
 * @ingroup digital-twin
 * @param status a push status
 * @return its name, e.g. "rolled back" for Failed
 */
std::string ToString(TwinPushStatus status);

/**
 * @ingroup digital-twin
 * How to push.
 */
struct TwinPushOptions
{
    std::string user;                   //!< who pushes, for the audit table (not empty)
    bool dryRun{false};                 //!< read and check only; audit as "push-dry-run"
    uint32_t confirmTimeoutSeconds{60}; //!< confirmed-commit timeout: a device whose change
                                        //!< is not confirmed by then restores itself
    std::size_t maxParallel{8};         //!< devices worked on at once
    /** Called after each step is in the audit table, in order, from the calling thread
     *  (progress output; tests use it to break a device at a chosen step). */
    std::function<void(const TwinPushStep&)> onStep;
};

/**
 * @ingroup digital-twin
 * What a push did.
 */
struct TwinPushResult
{
    TwinPushStatus status{TwinPushStatus::Refused}; //!< how it ended
    std::string message;                            //!< one sentence for a person: what and why
    int64_t verificationId{0};                      //!< the passing verification it relied on
    std::map<std::string, std::string> edits;       //!< per node-id, the edit-config content
    std::vector<TwinDriftItem> drift;               //!< Drift: the devices against the baseline;
                                                    //!< Failed after read-back: against the intent
    TwinDiagnostics diagnostics;                    //!< what importing the devices' data reported
    std::vector<std::string> changed;               //!< devices with the change confirmed (Pushed)
    std::vector<std::string> unrestored;            //!< Incomplete: devices a person must check
    std::vector<TwinPushStep> steps;                //!< every step, as audited
    double seconds{0};                              //!< wall time of the whole push
};

/**
 * @ingroup digital-twin
 * Push a verified change set to the real devices of an inventory, all or nothing
 * (doc/sync.md, "Push"). Refuses unless the store has a passing verification of the change
 * set on the baseline. Then: connect to every device; lock each candidate; read each device
 * under the lock and compare with the baseline (a difference refuses the push, unless the
 * devices already equal the verified derived snapshot: then nothing is sent); edit-config
 * the candidates (rollback-on-error); confirmed commit with a timeout; read back and compare
 * with the derived snapshot; confirming commit, one device after another; unlock. When a
 * step fails, every device already touched goes back: discard-changes before the commit,
 * cancel-commit after it, a restore of the configuration read under the lock once confirmed;
 * a device whose session was lost restores itself (session end or timeout). Every step is
 * appended to the store's audit table.
 * @param store the twin store (change set, verification, snapshots, audit table)
 * @param inventory the devices
 * @param changeSetId the change set
 * @param baselineSnapshotId the snapshot it was verified on
 * @param options user, timeout, parallelism, dry run
 * @return what happened; the CLI maps its status to an exit code
 * @throws std::invalid_argument for an unknown change set or snapshot, or an empty user
 */
TwinPushResult TwinPush(TwinStore& store, const TwinInventory& inventory, int64_t changeSetId,
                        int64_t baselineSnapshotId, const TwinPushOptions& options);

} // namespace ns3

#endif /* TWIN_SYNC_PUSH_H */
