/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_SYNC_H
#define TWIN_SYNC_H

#include "twin-netconf-client.h"
#include "twin-network.h"
#include "twin-store.h"

#include "ns3/twin-importer.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The sync agent's read side: the inventory (which device is which node, and how to reach
 * it), pull (collect every device over NETCONF and store the result as a snapshot) and drift
 * (compare the devices as they are now with a snapshot). Semantics in doc/sync.md.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * One device of an inventory.
 */
struct TwinInventoryDevice
{
    std::string nodeId;           //!< the node of the topology
    TwinNetconfEndpoint endpoint; //!< how to reach it (device = node id, host key resolved)
    uint32_t timeoutSeconds{30};  //!< how long to wait for each SSH step and NETCONF reply
    TwinSourceRef source;         //!< where the inventory declares it
};

/**
 * @ingroup digital-twin
 * An inventory (module ns3-digital-twin-inventory): a topology and its devices. File names
 * are resolved against the inventory's directory. Holds file names, never key material.
 */
struct TwinInventory
{
    std::string path;                         //!< the inventory file as given
    std::string absolutePath;                 //!< its absolute, normalised path
    std::string topologyPath;                 //!< the topology document, resolved
    std::vector<TwinInventoryDevice> devices; //!< the devices, in document order
    std::vector<std::string> topologyOnly;    //!< topology nodes without a device
};

/**
 * @ingroup digital-twin
 * What reading an inventory gave.
 */
struct TwinInventoryResult
{
    TwinInventory inventory;     //!< the inventory (usable only when Ok())
    TwinDiagnostics diagnostics; //!< errors name the file and the data path

    /** @return whether the inventory has no errors */
    bool Ok() const { return !diagnostics.HasErrors(); }
};

/**
 * @ingroup digital-twin
 * Read and check an inventory file (JSON or XML): it must be valid against the module, its
 * key files must be readable, its host keys resolvable, and every device's node-id a node of
 * the topology (a topology node without a device is a warning: it is pulled topology-only).
 * @param path the inventory file
 * @return the inventory and every diagnostic
 */
TwinInventoryResult TwinReadInventory(const std::string& path);

/**
 * @ingroup digital-twin
 * Look up a host key in an OpenSSH known_hosts file.
 * @param file the known_hosts file
 * @param host the host pattern, e.g. "[127.0.0.1]:830" (one of a line's comma-separated
 *        patterns must equal it; hashed names and marker lines are skipped)
 * @return "TYPE BASE64"
 * @throws std::runtime_error when the file cannot be read or has no key for the host
 */
std::string TwinKnownHostsKey(const std::string& file, const std::string& host);

/**
 * @ingroup digital-twin
 * A device could not be read (or the pulled data could not be used). The message names every
 * device that failed and why; it never holds key material.
 */
class TwinSyncError : public std::runtime_error
{
public:
    /**
     * @param message the message
     * @param devices the node ids of the devices that failed
     */
    TwinSyncError(const std::string& message, std::vector<std::string> devices);
    /** @return the node ids of the devices that failed */
    const std::vector<std::string>& GetDevices() const;

private:
    std::vector<std::string> m_devices; //!< devices that failed
};

/**
 * @ingroup digital-twin
 * What one device returned.
 */
struct TwinDeviceData
{
    std::string nodeId;   //!< the node
    std::string endpoint; //!< where it was read ("user@host:port")
    std::string xml;      //!< the data: ietf-interfaces (config and state) and ietf-routing
    double seconds{0};    //!< connect plus reads
};

/**
 * @ingroup digital-twin
 * Read from one connected device what a pull reads: get for /interfaces, /interfaces-state
 * and /routing (configuration and state), one request each.
 * @param session a connected session
 * @return the data nodes, concatenated (TwinDeviceData::xml)
 * @throws TwinNetconfError when a request fails
 */
std::string TwinReadDevice(TwinNetconfSession& session);

/**
 * @ingroup digital-twin
 * Run @p work(0) ... @p work(count - 1) on up to @p maxParallel threads (the calling thread
 * is one of them); returns when all are done. @p work must not throw.
 * @param count how many items
 * @param maxParallel at most this many at once (0 counts as 1)
 * @param work the work for one item
 */
void TwinRunParallel(std::size_t count, std::size_t maxParallel,
                     const std::function<void(std::size_t)>& work);

/**
 * @ingroup digital-twin
 * Read every device of an inventory over NETCONF, several at a time: connect with the pinned
 * host key, then get for /interfaces, /interfaces-state and /routing.
 * @param inventory the inventory
 * @param maxParallel how many devices are read at once (at least 1)
 * @return the data, in the inventory's device order
 * @throws TwinSyncError naming every device that could not be read, after all were tried
 */
std::vector<TwinDeviceData> TwinCollectDevices(const TwinInventory& inventory,
                                               std::size_t maxParallel = 8);

/**
 * @ingroup digital-twin
 * Write collected data as a snapshot bundle (doc/snapshot-format.md): the inventory's
 * topology as topology.json or topology.xml and devices/NODE.xml per device.
 * @param inventory the inventory
 * @param devices what TwinCollectDevices returned
 * @param dir the bundle directory (created; must not hold a bundle already)
 * @throws std::runtime_error when a file cannot be written
 */
void TwinWriteBundle(const TwinInventory& inventory, const std::vector<TwinDeviceData>& devices,
                     const std::string& dir);

/**
 * @ingroup digital-twin
 * Import collected data: written as a bundle (into bundleDir, or a temporary directory that
 * is removed afterwards) and read with the YANG bundle importer. Diagnostics name the device
 * endpoint instead of the temporary file.
 * @param inventory the inventory
 * @param devices what TwinCollectDevices returned
 * @param options import options
 * @param validate run the common validation (TwinValidator) as dtwin import does; without it
 *        the importer's result is returned as it is (drift compares data that may not be a
 *        network the twin can simulate)
 * @param bundleDir where to keep the bundle; empty: a temporary directory
 * @return the import result
 */
TwinImportResult TwinImportDevices(const TwinInventory& inventory,
                                   const std::vector<TwinDeviceData>& devices,
                                   const TwinImportOptions& options, bool validate,
                                   const std::string& bundleDir = "");

/**
 * @ingroup digital-twin
 * Options of a pull.
 */
struct TwinPullOptions
{
    std::size_t maxParallel{8};      //!< devices read at once
    TwinImportOptions importOptions; //!< defaults and strictness of the import
    std::string bundleDir;           //!< keep the pulled bundle here (empty: do not keep it)
};

/**
 * @ingroup digital-twin
 * What a pull did.
 */
struct TwinPullResult
{
    TwinImportResult import;             //!< the import (nothing stored unless Ok())
    std::vector<TwinDeviceData> devices; //!< what each device returned
    int64_t snapshotId{0};               //!< the stored snapshot, 0 when nothing was stored
    bool existed{false};                 //!< the same content was already stored
    double collectSeconds{0};            //!< time to read every device
    double totalSeconds{0};              //!< time of the whole pull
};

/** Importer name of the snapshots a pull stores (TwinSnapshotInfo::importer). */
constexpr const char* kTwinPullImporter = "netconf";

/**
 * @ingroup digital-twin
 * Pull: collect every device, import the result with the topology and store it as a
 * snapshot (source: the inventory's absolute path; importer kTwinPullImporter; provenance:
 * the topology file and each device's endpoint with the SHA-256 of its data). Unchanged data
 * gives the snapshot already stored.
 * @param inventory the inventory
 * @param store the store
 * @param options the options
 * @return what was done; when the import has errors nothing is stored
 * @throws TwinSyncError when a device cannot be read (nothing is stored)
 */
TwinPullResult TwinPull(const TwinInventory& inventory, TwinStore& store,
                        const TwinPullOptions& options = {});

/**
 * @ingroup digital-twin
 * @param store the store
 * @param inventory an inventory
 * @return the newest snapshot a pull stored from this inventory (same absolute path), if any
 */
std::optional<int64_t> TwinFindPulledSnapshot(TwinStore& store, const TwinInventory& inventory);

/**
 * @ingroup digital-twin
 * One difference between a snapshot and a device.
 */
struct TwinDriftItem
{
    std::string device;   //!< the node id
    std::string path;     //!< data path, e.g. /interfaces/interface[name='eth1']/enabled
    std::string baseline; //!< the value in the snapshot ("(absent)" when there is none)
    std::string current;  //!< the value on the device now ("(absent)" when there is none)

    /** @return "device path: baseline -> current" */
    std::string ToString() const;
};

/**
 * @ingroup digital-twin
 * Compare the configuration of some nodes in two networks: per interface its presence,
 * enabled, IPv4 addresses and speed; per static route destination its next hops and
 * outgoing interfaces. Routes whose destination has host bits set compare by network.
 * @param baseline the reference (e.g. a stored snapshot)
 * @param current the network as it is now
 * @param nodes the node ids to compare (a node missing on one side is one item)
 * @return the differences, by node in the given order, then by path
 */
std::vector<TwinDriftItem> TwinCompareDevices(const TwinNetwork& baseline,
                                              const TwinNetwork& current,
                                              const std::vector<std::string>& nodes);

/**
 * @ingroup digital-twin
 * What a drift check found.
 */
struct TwinDriftReport
{
    std::vector<TwinDriftItem> items; //!< the differences (empty: no drift)
    TwinDiagnostics diagnostics;      //!< what importing the devices' data reported
    double seconds{0};                //!< time of the check
};

/**
 * @ingroup digital-twin
 * Drift: collect every device of the inventory, import its data the way pull does (without
 * the common validation, so that a device whose configuration the twin could not simulate
 * still compares) and compare it with the baseline.
 * @param inventory the inventory
 * @param baseline the snapshot's network
 * @param maxParallel devices read at once
 * @return the differences and the import's diagnostics; when the import has errors, items
 *         is empty and the diagnostics say why
 * @throws TwinSyncError when a device cannot be read
 */
TwinDriftReport TwinCheckDrift(const TwinInventory& inventory, const TwinNetwork& baseline,
                               std::size_t maxParallel = 8);

} // namespace ns3

#endif /* TWIN_SYNC_H */
