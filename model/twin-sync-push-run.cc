/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The push: a verified change set to every device of an inventory, or to none (doc/sync.md,
// "Push"). NETCONF has no transaction across devices, so the push makes one: every device
// takes the change as a confirmed commit first, and only when all of them took it and read
// back as the twin derived is it confirmed, one device after another. Whatever fails, what
// was touched goes back, and every step is in the audit table.

#include "twin-sync-push.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-change-set.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ns3
{

namespace
{

constexpr const char* kNsInterfaces = "urn:ietf:params:xml:ns:yang:ietf-interfaces";
constexpr const char* kNsRouting = "urn:ietf:params:xml:ns:yang:ietf-routing";
constexpr const char* kNsNetconf = "urn:ietf:params:xml:ns:netconf:base:1.0";

/** The capability of a device whose running configuration is not persistent. */
constexpr const char* kStartupCapability = "urn:ietf:params:netconf:capability:startup:1.0";

/** Audit action of a dry run's one row. */
constexpr const char* kDryRunAction = "push-dry-run";

/** The shortest confirmed-commit timeout a push accepts, in seconds. */
constexpr uint32_t kMinConfirmTimeout = 10;

/** How long a rollback waits for a device to accept a new session's lock. */
constexpr int kRelockSeconds = 15;

/** How many drift items a step's detail lists before "and N more". */
constexpr std::size_t kDetailItems = 5;

using Clock = std::chrono::steady_clock;

/**
 * @param items differences
 * @return the first few as one line
 */
std::string
DescribeItems(const std::vector<TwinDriftItem>& items)
{
    std::string text;
    for (std::size_t i = 0; i < items.size() && i < kDetailItems; ++i)
    {
        text += (i == 0 ? "" : "; ") + items[i].path + ": " + items[i].baseline + " -> " +
                items[i].current;
    }
    if (items.size() > kDetailItems)
    {
        text += "; and " + std::to_string(items.size() - kDetailItems) + " more";
    }
    return text;
}

/**
 * The edit that gives a top-level container back the content it had (a get-config reply of
 * that container alone): replace it, or remove it when the device had none.
 * @param pre the container as get-config returned it ("" when absent)
 * @param name its element name
 * @param ns its namespace
 * @return edit-config content
 */
std::string
RestoreContainer(const std::string& pre, const std::string& name, const std::string& ns)
{
    const std::string open = "<" + name;
    const std::size_t at = pre.find(open);
    const std::string attributes = std::string(" xmlns:nc=\"") + kNsNetconf + "\" nc:operation=\"" +
                                   (at == std::string::npos ? "remove" : "replace") + "\"";
    if (at == std::string::npos)
    {
        return open + " xmlns=\"" + ns + "\"" + attributes + "/>";
    }
    std::string xml = pre.substr(at);
    xml.insert(open.size(), attributes);
    return xml;
}

/** One device during a push. */
struct PushDevice
{
    const TwinInventoryDevice* device{nullptr}; //!< its inventory entry
    TwinNetconfSession session;                 //!< the push's one session with it
    bool locked{false};                         //!< we hold its candidate lock
    bool edited{false};                         //!< its candidate holds the edit
    bool committed{false};         //!< a confirmed commit may be pending (sent, not refused)
    bool confirmed{false};         //!< the change is in running for good
    bool uncertain{false};         //!< the confirming commit was sent and its reply lost
    Clock::time_point committedAt; //!< when the confirmed commit was sent
    double commitSeconds{0};       //!< how long the confirmed commit took to answer
    std::string data;              //!< what a pull reads, under the lock
    std::string preInterfaces;     //!< get-config running /interfaces, pre-push
    std::string preRouting;        //!< get-config running /routing, pre-push
    std::string edit;              //!< the edit-config content ("" = none)
    std::string error;             //!< the current step's failure
};

/** One push, from the checks to the last unlock or rollback. */
class Push
{
public:
    Push(TwinStore& store, const TwinInventory& inventory, int64_t changeSetId,
         const TwinPushOptions& options)
        : m_store(store), m_inventory(inventory), m_changeSetId(changeSetId), m_options(options),
          m_devices(inventory.devices.size())
    {
        for (std::size_t i = 0; i < m_devices.size(); ++i)
        {
            m_devices[i].device = &inventory.devices[i];
        }
    }

    TwinPushResult Run(int64_t baselineId);

private:
    /** Append a step to the audit table and the result, then tell the caller. */
    void Record(const std::string& action, const std::string& device, const std::string& outcome,
                const std::string& detail);

    /**
     * Run one step on the chosen devices at once, then record a row per device in inventory
     * order (none in a dry run). @p work returns the detail of a success and throws on
     * failure.
     * @return true when every device succeeded and every row was recorded
     */
    bool Step(const std::string& action, const std::vector<std::size_t>& which,
              const std::function<std::string(PushDevice&)>& work);

    /** One row per device with differences: "N differences from @p against: ...". */
    void RecordDifferences(const std::string& action, const std::string& outcome,
                           const std::vector<TwinDriftItem>& items, const std::string& against);

    /** @return the indices of the devices matching @p pred */
    std::vector<std::size_t> Which(const std::function<bool(const PushDevice&)>& pred) const;

    /** The network the devices' data imports to (@p data: per device, inventory order). */
    std::optional<TwinNetwork> Import(const std::vector<std::string>& data);

    /** Undo what was done on every device, then unlock; sets the result's status. */
    void RollBack(const std::string& why);

    /** Give a confirmed device its pre-push configuration back; @return "" or the error */
    std::string Restore(PushDevice& d);

    /**
     * Lock the candidate of a device in a new session, waiting while a confirmed commit is
     * pending or the lost session's lock is not yet released.
     */
    void Relock(PushDevice& d);

    /**
     * Bring back a device whose confirming commit was sent but not answered: it may or may
     * not have taken the change for good. Records what it found and did.
     * @return true when the device is at its pre-push configuration
     */
    bool Resolve(PushDevice& d);

    /** @return whether device @p i, whose data is @p xml now, equals the baseline */
    bool MatchesBaseline(std::size_t i, const std::string& xml);

    /** The checks before any device is contacted and the steps; Run wraps it. */
    TwinPushResult RunSteps(const TwinChangeSetInfo& changeSet, const TwinSnapshotInfo& baseline);

    /** Unlock every locked device (a failure is recorded; closing releases it anyway). */
    void UnlockAll();

    /** End the push: the final audit row and the result's status and message. */
    TwinPushResult Finish(TwinPushStatus status, const std::string& outcome,
                          const std::string& message);

    TwinStore& m_store;                      //!< the twin store
    const TwinInventory& m_inventory;        //!< the devices
    int64_t m_changeSetId;                   //!< the change set
    const TwinPushOptions& m_options;        //!< how
    std::vector<PushDevice> m_devices;       //!< per inventory device
    TwinPushResult m_result;                 //!< what happened
    std::string m_what;                      //!< "change set C on snapshot S (hash)"
    std::string m_auditError;                //!< the first audit row that could not be written
    TwinNetwork m_baseline;                  //!< the baseline's network
    Clock::time_point m_start{Clock::now()}; //!< when the push began
};

void
Push::Record(const std::string& action, const std::string& device, const std::string& outcome,
             const std::string& detail)
{
    TwinPushStep step{action, device, outcome, detail};
    TwinAuditEntry entry;
    entry.user = m_options.user;
    entry.action = action;
    entry.device = device;
    entry.changeSetId = m_changeSetId;
    entry.detail = detail;
    entry.outcome = outcome;
    try
    {
        m_store.AppendAudit(entry);
    }
    catch (const std::exception& e)
    {
        // A step that cannot be audited must not go ahead: the forward path checks this.
        if (m_auditError.empty())
        {
            m_auditError = e.what();
        }
    }
    m_result.steps.push_back(step);
    if (m_options.onStep)
    {
        try
        {
            m_options.onStep(step);
        }
        catch (...)
        {
            // The caller's progress output must not stop a push halfway.
        }
    }
}

void
Push::RecordDifferences(const std::string& action, const std::string& outcome,
                        const std::vector<TwinDriftItem>& items, const std::string& against)
{
    for (const auto& d : m_devices)
    {
        std::vector<TwinDriftItem> mine;
        for (const auto& item : items)
        {
            if (item.device == d.device->nodeId)
            {
                mine.push_back(item);
            }
        }
        if (!mine.empty())
        {
            Record(action, d.device->nodeId, outcome,
                   std::to_string(mine.size()) + " differences from " + against + ": " +
                       DescribeItems(mine));
        }
    }
}

std::vector<std::size_t>
Push::Which(const std::function<bool(const PushDevice&)>& pred) const
{
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < m_devices.size(); ++i)
    {
        if (pred(m_devices[i]))
        {
            which.push_back(i);
        }
    }
    return which;
}

bool
Push::Step(const std::string& action, const std::vector<std::size_t>& which,
           const std::function<std::string(PushDevice&)>& work)
{
    std::vector<std::string> details(which.size());
    TwinRunParallel(which.size(), m_options.maxParallel,
                    [&](std::size_t k)
                    {
                        PushDevice& d = m_devices[which[k]];
                        d.error.clear();
                        try
                        {
                            details[k] = work(d);
                        }
                        catch (const std::exception& e)
                        {
                            // TwinNetconfError names device, operation and the server's
                            // errors, never key material.
                            d.error = e.what();
                            if (d.error.empty())
                            {
                                d.error = "failed";
                            }
                        }
                    });
    bool ok = true;
    for (std::size_t k = 0; k < which.size(); ++k)
    {
        PushDevice& d = m_devices[which[k]];
        if (m_options.dryRun)
        {
            // A dry run audits only its outcome.
            ok = ok && d.error.empty();
            continue;
        }
        const bool failed = !d.error.empty();
        Record(action, d.device->nodeId, failed ? "failed" : "ok", failed ? d.error : details[k]);
        ok = ok && !failed;
    }
    return ok && m_auditError.empty();
}

std::optional<TwinNetwork>
Push::Import(const std::vector<std::string>& data)
{
    std::vector<TwinDeviceData> devices(m_devices.size());
    for (std::size_t i = 0; i < m_devices.size(); ++i)
    {
        devices[i].nodeId = m_devices[i].device->nodeId;
        const TwinNetconfEndpoint& e = m_devices[i].device->endpoint;
        devices[i].endpoint = e.user + "@" + e.host + ":" + std::to_string(e.port);
        devices[i].xml = data[i];
    }
    TwinImportResult imported = TwinImportDevices(m_inventory, devices, {}, false);
    if (!imported.Ok())
    {
        // Only a failed import is worth showing: its notes repeat at every pull.
        m_result.diagnostics.Append(imported.diagnostics);
        return std::nullopt;
    }
    return std::move(imported.network);
}

void
Push::Relock(PushDevice& d)
{
    d.session.Close();
    d.locked = false;
    d.session.Connect(d.device->endpoint);
    // A server still holding the lost session's lock, or a confirmed commit still pending
    // (netconfd: in-use), refuses for a moment: ask again, for a while.
    const auto deadline = Clock::now() + std::chrono::seconds(kRelockSeconds);
    for (;;)
    {
        try
        {
            d.session.Lock(TwinNetconfDatastore::Candidate);
            d.locked = true;
            return;
        }
        catch (const TwinNetconfError& e)
        {
            const bool busy = e.HasErrorTag("lock-denied") || e.HasErrorTag("in-use");
            if (!busy || Clock::now() > deadline)
            {
                throw;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
}

std::string
Push::Restore(PushDevice& d)
{
    const std::string content = RestoreContainer(d.preInterfaces, "interfaces", kNsInterfaces) +
                                RestoreContainer(d.preRouting, "routing", kNsRouting);
    try
    {
        if (!d.session.IsConnected())
        {
            // The change was confirmed, then the session was lost: a new one restores it.
            Relock(d);
        }
        d.session.EditConfig(TwinNetconfDatastore::Candidate, content);
        d.session.Commit();
        d.confirmed = false;
        d.uncertain = false;
        d.committed = false;
        if (d.session.HasCapability(kStartupCapability))
        {
            d.session.CopyConfig(TwinNetconfDatastore::Startup, TwinNetconfDatastore::Running);
        }
        return "";
    }
    catch (const std::exception& e)
    {
        try
        {
            d.session.DiscardChanges();
        }
        catch (const std::exception&)
        {
            // Best effort: the restore failed already and says so.
        }
        return e.what();
    }
}

bool
Push::MatchesBaseline(std::size_t i, const std::string& xml)
{
    std::vector<std::string> data;
    for (std::size_t k = 0; k < m_devices.size(); ++k)
    {
        data.push_back(k == i ? xml : m_devices[k].data);
    }
    auto network = Import(data);
    return network &&
           TwinCompareDevices(m_baseline, *network, {m_devices[i].device->nodeId}).empty();
}

bool
Push::Resolve(PushDevice& d)
{
    const std::string& node = d.device->nodeId;
    const std::size_t index = static_cast<std::size_t>(&d - m_devices.data());
    if (d.session.IsConnected())
    {
        try
        {
            d.session.CancelCommit();
            d.uncertain = d.committed = false;
            Record("push.cancel-commit", node, "rolled-back",
                   "the confirmation had not taken effect: the confirmed commit is cancelled");
            return true;
        }
        catch (const TwinNetconfError& e)
        {
            if (!e.GetRpcErrors().empty())
            {
                // Nothing pending any more: the confirmation went through.
                d.confirmed = true;
                d.uncertain = d.committed = false;
                const std::string error = Restore(d);
                Record("push.restore", node, error.empty() ? "rolled-back" : "failed",
                       error.empty() ? "the confirmation had taken effect: the configuration "
                                       "read under the lock is committed again"
                                     : error);
                return error.empty();
            }
        }
    }
    // The session is gone: a new one finds out what the device holds.
    try
    {
        Relock(d);
        const std::string now = TwinReadDevice(d.session);
        if (MatchesBaseline(index, now))
        {
            d.uncertain = d.committed = false;
            Record("push.rollback", node, "rolled-back",
                   "the session was lost with the confirmation unanswered; read again in a new "
                   "session: the device has its configuration before the push");
            return true;
        }
    }
    catch (const std::exception& e)
    {
        Record("push.rollback", node, "failed",
               std::string("the confirmation was sent and not answered, and the device cannot "
                           "be read again: ") +
                   e.what());
        return false;
    }
    d.confirmed = true;
    d.uncertain = d.committed = false;
    const std::string error = Restore(d);
    Record("push.restore", node, error.empty() ? "rolled-back" : "failed",
           error.empty() ? "the confirmation had taken effect: the configuration read under "
                           "the lock is committed again"
                         : error);
    return error.empty();
}

void
Push::RollBack(const std::string& why)
{
    const uint32_t timeout = m_options.confirmTimeoutSeconds;
    std::vector<std::string> action(m_devices.size());
    std::vector<std::string> outcome(m_devices.size());
    std::vector<std::string> detail(m_devices.size());
    TwinRunParallel(
        m_devices.size(), m_options.maxParallel,
        [&](std::size_t i)
        {
            PushDevice& d = m_devices[i];
            if (d.uncertain)
            {
                return; // resolved below, one at a time: it may need the importer
            }
            if (d.confirmed)
            {
                action[i] = "push.restore";
                const std::string error = Restore(d);
                outcome[i] = error.empty() ? "rolled-back" : "failed";
                detail[i] = error.empty()
                                ? "the configuration read under the lock before the push is "
                                  "committed again (interfaces and routing replaced)"
                                : error;
            }
            else if ((d.committed || d.edited) && !d.session.IsConnected())
            {
                action[i] = "push.rollback";
                outcome[i] = "rolled-back";
                detail[i] = d.committed
                                ? "the session is lost: the device restores its configuration "
                                  "itself (confirmed commit not confirmed: at the end of the "
                                  "session, or at the latest after the " +
                                      std::to_string(timeout) + " s timeout)"
                                : "the session is lost before the commit: the running "
                                  "configuration was not changed (the candidate's changes "
                                  "are discarded with the lock)";
                d.committed = d.edited = false;
            }
            else if (d.committed)
            {
                action[i] = "push.cancel-commit";
                outcome[i] = "rolled-back";
                try
                {
                    d.session.CancelCommit();
                    detail[i] = "the confirmed commit is cancelled: running is as before";
                }
                catch (const TwinNetconfError& e)
                {
                    if (!e.GetRpcErrors().empty())
                    {
                        // The commit never took effect (its reply was lost or refused).
                        detail[i] = "no confirmed commit is pending: running was not changed (" +
                                    std::string(e.what()) + ")";
                    }
                    else
                    {
                        // The session is gone: that ends the confirmed commit too.
                        detail[i] = std::string(e.what()) +
                                    "; the session is lost, which makes the device restore its "
                                    "configuration";
                    }
                }
                try
                {
                    if (d.session.IsConnected())
                    {
                        d.session.DiscardChanges();
                    }
                }
                catch (const std::exception&)
                {
                    d.session.Close(); // ends the lock and the candidate's changes
                    d.locked = false;
                }
                d.committed = false;
                d.edited = false;
            }
            else if (d.edited)
            {
                action[i] = "push.discard-changes";
                try
                {
                    d.session.DiscardChanges();
                    outcome[i] = "rolled-back";
                    detail[i] = "the candidate's changes are discarded: nothing was committed";
                }
                catch (const std::exception& e)
                {
                    d.session.Close();
                    d.locked = false;
                    outcome[i] = "rolled-back";
                    detail[i] = std::string(e.what()) +
                                "; the session is closed instead: nothing was committed";
                }
                d.edited = false;
            }
        });
    for (std::size_t i = 0; i < m_devices.size(); ++i)
    {
        if (action[i].empty())
        {
            continue;
        }
        Record(action[i], m_devices[i].device->nodeId, outcome[i], detail[i]);
        if (outcome[i] != "rolled-back")
        {
            m_result.unrestored.push_back(m_devices[i].device->nodeId);
        }
    }
    bool any = false;
    for (std::size_t i = 0; i < m_devices.size(); ++i)
    {
        any = any || !action[i].empty();
        if (m_devices[i].uncertain)
        {
            any = true;
            if (!Resolve(m_devices[i]))
            {
                m_result.unrestored.push_back(m_devices[i].device->nodeId);
            }
        }
    }
    UnlockAll();
    const std::string audit =
        m_auditError.empty() ? "" : "; the audit table failed: " + m_auditError;
    if (m_result.unrestored.empty())
    {
        Finish(TwinPushStatus::Failed, any ? "rolled-back" : "failed",
               why +
                   (any ? "; every device touched is back at its configuration before the push"
                        : "; no device was changed") +
                   audit);
    }
    else
    {
        std::string names;
        for (const auto& n : m_result.unrestored)
        {
            names += (names.empty() ? "" : ", ") + n;
        }
        Finish(TwinPushStatus::Incomplete, "incomplete",
               why + "; could not restore " + names + ": check them (dtwin sync drift)" + audit);
    }
}

void
Push::UnlockAll()
{
    Step("push.unlock",
         Which([](const PushDevice& d) { return d.locked && d.session.IsConnected(); }),
         [](PushDevice& d)
         {
             d.locked = false;
             d.session.Unlock(TwinNetconfDatastore::Candidate);
             return std::string("candidate unlocked");
         });
}

TwinPushResult
Push::Finish(TwinPushStatus status, const std::string& outcome, const std::string& message)
{
    m_result.status = status;
    m_result.message = message;
    Record(m_options.dryRun ? kDryRunAction : "push", "", outcome, m_what + ": " + message);
    m_result.seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
    return m_result;
}

TwinPushResult
Push::Run(int64_t baselineId)
{
    auto changeSet = m_store.FindChangeSet(std::to_string(m_changeSetId));
    auto baseline = m_store.FindSnapshot(std::to_string(baselineId));
    if (!changeSet || !baseline)
    {
        throw std::invalid_argument(!changeSet ? "no change set " + std::to_string(m_changeSetId)
                                               : "no snapshot " + std::to_string(baselineId));
    }
    try
    {
        return RunSteps(*changeSet, *baseline);
    }
    catch (const std::exception& e)
    {
        // Whatever broke (the importer, the store, memory), what was touched goes back.
        RollBack(std::string("unexpected error: ") + e.what());
        return m_result;
    }
}

TwinPushResult
Push::RunSteps(const TwinChangeSetInfo& changeSet, const TwinSnapshotInfo& baseline)
{
    const int64_t baselineId = baseline.id;
    m_what = "change set " + std::to_string(m_changeSetId) + " on snapshot " +
             std::to_string(baselineId) + " (" + baseline.contentHash.substr(0, 12) + ")";
    auto verification = m_store.FindPassingVerification(m_changeSetId, baselineId);
    if (!verification)
    {
        return Finish(TwinPushStatus::Refused, "refused", "no passing verification");
    }
    m_result.verificationId = verification->id;
    TwinChangeSetReadResult read = ParseTwinChangeSet(
        changeSet.text, changeSet.format == "xml" ? YangFormat::Xml : YangFormat::Json,
        changeSet.sourcePath);
    if (!read.Ok())
    {
        m_result.diagnostics = read.diagnostics;
        return Finish(TwinPushStatus::Refused, "refused",
                      "the change set no longer reads as a change set with this build");
    }
    m_baseline = m_store.LoadSnapshot(baselineId);
    const TwinNetwork& baselineNetwork = m_baseline;
    const TwinNetwork derived = m_store.LoadSnapshot(verification->derivedSnapshotId);
    std::vector<std::string> nodes;
    for (const auto& d : m_inventory.devices)
    {
        nodes.push_back(d.nodeId);
    }
    // A node the change set edits must be a device of this inventory, or its edit is lost.
    std::string missing;
    for (const auto& edit : read.changeSet.nodes)
    {
        if (std::find(nodes.begin(), nodes.end(), edit.node) == nodes.end() &&
            missing.find("'" + edit.node + "'") == std::string::npos)
        {
            missing += (missing.empty() ? "'" : ", '") + edit.node + "'";
        }
    }
    if (!missing.empty())
    {
        return Finish(TwinPushStatus::Refused, "refused",
                      "the change set edits " + missing + ", which the inventory '" +
                          m_inventory.path + "' has no device for");
    }
    const bool dry = m_options.dryRun;
    auto failures = [&]()
    {
        std::string text;
        for (const auto& d : m_devices)
        {
            if (!d.error.empty())
            {
                text += (text.empty() ? "" : ", ") + d.device->nodeId;
            }
        }
        return text.empty() ? "the audit table (" + m_auditError + ")" : text;
    };
    auto all = Which([](const PushDevice&) { return true; });

    // 1. Reach every device before touching any.
    if (!Step("push.connect", all,
              [](PushDevice& d)
              {
                  d.session.SetReplyTimeout(static_cast<int>(d.device->timeoutSeconds) * 1000);
                  d.session.Connect(d.device->endpoint);
                  return d.device->endpoint.Describe() + ": session " +
                         std::to_string(d.session.GetSessionId());
              }))
    {
        std::string errors;
        for (const auto& d : m_devices)
        {
            errors += d.error.empty() ? "" : "\n  " + d.error;
        }
        return Finish(TwinPushStatus::Failed, "failed",
                      "cannot reach " + failures() + ": nothing was sent" +
                          (dry ? errors : std::string()));
    }

    // 2. Lock every candidate (not in a dry run), then read the devices under the lock.
    if (!dry && !Step("push.lock", all,
                      [](PushDevice& d)
                      {
                          d.session.Lock(TwinNetconfDatastore::Candidate);
                          d.locked = true;
                          // Whatever an earlier session left in the candidate is not ours.
                          d.session.DiscardChanges();
                          return std::string("candidate locked");
                      }))
    {
        UnlockAll();
        return Finish(TwinPushStatus::Failed, "failed",
                      "cannot lock " + failures() + ": nothing was sent");
    }
    const std::string interfacesFilter =
        std::string("<interfaces xmlns=\"") + kNsInterfaces + "\"/>";
    const std::string routingFilter = std::string("<routing xmlns=\"") + kNsRouting + "\"/>";
    if (!Step("push.read", all,
              [&](PushDevice& d)
              {
                  d.data = TwinReadDevice(d.session);
                  d.preInterfaces =
                      d.session.GetConfig(TwinNetconfDatastore::Running, interfacesFilter);
                  d.preRouting = d.session.GetConfig(TwinNetconfDatastore::Running, routingFilter);
                  return std::to_string(d.data.size()) +
                         " bytes of configuration and state read under the lock";
              }))
    {
        UnlockAll();
        return Finish(TwinPushStatus::Failed, "failed",
                      "cannot read " + failures() + ": nothing was sent");
    }
    std::vector<std::string> data;
    for (const auto& d : m_devices)
    {
        data.push_back(d.data);
    }
    auto current = Import(data);
    if (!current)
    {
        UnlockAll();
        return Finish(TwinPushStatus::Failed, "failed",
                      "the devices' data does not import: cannot compare it with the baseline; "
                      "nothing was sent");
    }

    // 3. The devices must still be the baseline the change was verified on.
    auto drift = TwinCompareDevices(baselineNetwork, *current, nodes);
    if (!drift.empty())
    {
        if (TwinCompareDevices(derived, *current, nodes).empty())
        {
            UnlockAll();
            return Finish(TwinPushStatus::AlreadyInPlace, "no-op",
                          "the devices already have the change (they equal derived snapshot " +
                              std::to_string(verification->derivedSnapshotId) +
                              "): nothing to send");
        }
        m_result.drift = drift;
        if (!dry)
        {
            RecordDifferences("push.drift-check", "refused", drift, "the baseline");
        }
        UnlockAll();
        return Finish(TwinPushStatus::Drift, "refused",
                      std::to_string(drift.size()) +
                          " differences between the devices and the baseline: pull and verify "
                          "again");
    }

    // 4. The edits, against the baseline (= the devices now).
    TwinNetconfEditOptions editOptions;
    for (const auto& d : m_devices)
    {
        const std::string name = TwinStaticProtocolName(d.data);
        if (!name.empty())
        {
            editOptions.staticProtocol[d.device->nodeId] = name;
        }
    }
    try
    {
        m_result.edits = TwinNetconfEdits(read.changeSet, baselineNetwork, editOptions);
    }
    catch (const std::invalid_argument& e)
    {
        UnlockAll();
        return Finish(TwinPushStatus::Refused, "refused", e.what());
    }
    for (auto& d : m_devices)
    {
        auto edit = m_result.edits.find(d.device->nodeId);
        d.edit = edit == m_result.edits.end() ? "" : edit->second;
    }
    if (m_result.edits.empty())
    {
        UnlockAll();
        return Finish(TwinPushStatus::AlreadyInPlace, "no-op",
                      "the change set changes nothing on these devices: nothing to send");
    }
    if (dry)
    {
        std::string names;
        for (const auto& [node, edit] : m_result.edits)
        {
            names += (names.empty() ? "" : ", ") + node;
        }
        return Finish(TwinPushStatus::DryRun, "ok",
                      "verification " + std::to_string(verification->id) + ": would edit " + names);
    }
    const auto edited = Which([](const PushDevice& d) { return !d.edit.empty(); });

    // 5. Edit the candidates: all or nothing per device.
    if (!Step("push.edit-config", edited,
              [](PushDevice& d)
              {
                  d.edited = true; // a lost reply may hide an applied edit: discard is safe
                  try
                  {
                      d.session.EditConfig(TwinNetconfDatastore::Candidate, d.edit,
                                           TwinNetconfDefaultOperation::Merge,
                                           TwinNetconfTestOption::TestThenSet,
                                           TwinNetconfErrorOption::RollbackOnError);
                  }
                  catch (const TwinNetconfError& e)
                  {
                      // Refused with rollback-on-error: the candidate is as it was.
                      d.edited = e.GetRpcErrors().empty();
                      throw;
                  }
                  return "candidate, rollback-on-error: " + d.edit;
              }))
    {
        RollBack("edit-config failed on " + failures());
        return m_result;
    }

    // 6. Confirmed commit everywhere: each device undoes it by itself unless confirmed.
    const uint32_t timeout = m_options.confirmTimeoutSeconds;
    if (!Step("push.confirmed-commit", edited,
              [timeout](PushDevice& d)
              {
                  // The device's timer starts when it gets the request; a lost reply may hide
                  // a commit that took effect, so it counts as pending unless refused.
                  d.committedAt = Clock::now();
                  d.committed = true;
                  try
                  {
                      d.session.Commit(true, timeout);
                  }
                  catch (const TwinNetconfError& e)
                  {
                      d.committed = e.GetRpcErrors().empty();
                      throw;
                  }
                  d.commitSeconds =
                      std::chrono::duration<double>(Clock::now() - d.committedAt).count();
                  return "running changed; to be confirmed within " + std::to_string(timeout) +
                         " s";
              }))
    {
        RollBack("the confirmed commit failed on " + failures());
        return m_result;
    }

    // 7. Read back: the devices must now be what the twin derived and verified.
    if (!Step("push.read-back", all,
              [](PushDevice& d)
              {
                  d.data = TwinReadDevice(d.session);
                  return std::to_string(d.data.size()) + " bytes read";
              }))
    {
        RollBack("reading back failed on " + failures());
        return m_result;
    }
    data.clear();
    for (const auto& d : m_devices)
    {
        data.push_back(d.data);
    }
    current = Import(data);
    if (!current)
    {
        RollBack("the devices' data after the commit does not import");
        return m_result;
    }
    auto mismatch = TwinCompareDevices(derived, *current, nodes);
    if (!mismatch.empty())
    {
        m_result.drift = mismatch;
        RecordDifferences("push.compare", "failed", mismatch,
                          "derived snapshot " + std::to_string(verification->derivedSnapshotId));
        RollBack(std::to_string(mismatch.size()) +
                 " differences between the devices after the commit and the verified derived "
                 "snapshot");
        return m_result;
    }

    // 8. Confirm, one device after another: a failure leaves the others to undo.
    for (std::size_t i : edited)
    {
        const double left =
            timeout -
            std::chrono::duration<double>(Clock::now() - m_devices[i].committedAt).count();
        // Too close to the timeout, the device may revert while we confirm: a later plain
        // commit would then make the candidate's change permanent without confirmation.
        const double margin = std::max({2.0, timeout / 5.0, 2 * m_devices[i].commitSeconds});
        if (!Step("push.confirming-commit", {i},
                  [left, margin](PushDevice& d)
                  {
                      if (left < margin)
                      {
                          throw std::runtime_error(
                              "only " + std::to_string(static_cast<int>(left)) +
                              " s left of the confirmed-commit timeout: not confirming");
                      }
                      try
                      {
                          d.session.Commit();
                      }
                      catch (const TwinNetconfError& e)
                      {
                          // Refused: still pending, cancel-commit undoes it. Unanswered: it
                          // may have taken effect; the rollback finds out.
                          d.uncertain = e.GetRpcErrors().empty();
                          throw;
                      }
                      d.committed = false;
                      d.confirmed = true;
                      if (!d.session.HasCapability(kStartupCapability))
                      {
                          return std::string("confirmed: the change stays");
                      }
                      // Running alone would lose the change at the next restart; a failed
                      // copy rolls back like any failure after a confirmation.
                      d.session.CopyConfig(TwinNetconfDatastore::Startup,
                                           TwinNetconfDatastore::Running);
                      return std::string("confirmed: the change stays; running copied to "
                                         "startup");
                  }))
        {
            RollBack("the confirming commit failed on " + failures());
            return m_result;
        }
    }
    for (const auto& d : m_devices)
    {
        if (d.confirmed)
        {
            m_result.changed.push_back(d.device->nodeId);
        }
    }
    UnlockAll();
    std::string names;
    for (const auto& n : m_result.changed)
    {
        names += (names.empty() ? "" : ", ") + n;
    }
    return Finish(TwinPushStatus::Pushed, "ok",
                  "verification " + std::to_string(verification->id) + ": changed " + names);
}

} // namespace

std::string
ToString(TwinPushStatus status)
{
    switch (status)
    {
    case TwinPushStatus::Pushed:
        return "pushed";
    case TwinPushStatus::AlreadyInPlace:
        return "already in place";
    case TwinPushStatus::DryRun:
        return "dry run";
    case TwinPushStatus::Refused:
        return "refused";
    case TwinPushStatus::Drift:
        return "drift";
    case TwinPushStatus::Failed:
        return "rolled back";
    case TwinPushStatus::Incomplete:
        return "incomplete";
    }
    return "unknown";
}

TwinPushResult
TwinPush(TwinStore& store, const TwinInventory& inventory, int64_t changeSetId,
         int64_t baselineSnapshotId, const TwinPushOptions& options)
{
    if (options.user.empty())
    {
        throw std::invalid_argument("push: the user (for the audit table) must not be empty");
    }
    if (options.confirmTimeoutSeconds < kMinConfirmTimeout)
    {
        // Below that, the margin kept before the timeout leaves no time to confirm.
        throw std::invalid_argument("push: the confirmed-commit timeout must be at least " +
                                    std::to_string(kMinConfirmTimeout) + " s");
    }
    Push push(store, inventory, changeSetId, options);
    return push.Run(baselineSnapshotId);
}

} // namespace ns3
