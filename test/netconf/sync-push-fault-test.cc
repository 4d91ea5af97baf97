/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The sync agent's push against real lab devices (test/netconf/lab.sh) when things go wrong:
// no verification, drift, a device down, a device refusing the edit, a server killed between
// edit and confirm, a session dropped before the confirming commit. Every test ends with
// every device at its configuration from before the push (or, for the success, at the
// derived snapshot), unlocked, and audit rows that say what happened.

#include "netconf-test-util.h"
#include "test-util.h"

#include "ns3/twin-netconf-client.h"
#include "ns3/twin-store.h"
#include "ns3/twin-sync-push.h"
#include "ns3/twin-sync.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ns3
{
namespace
{

using test::CliRun;
using test::Dtwin;
using test::ReadTextFile;
using test::ReplaceAll;
using test::RunShell;

/** Edits on both devices: r0 LAN down and a route added, r1 a route added and an address
 *  removed (every device has an edit, so both take part in every step). */
const char* const kChangeSet = R"({
  "ns3-digital-twin-change-set:change-set": {
    "description": "push fault test: r0 LAN down and a route, r1 a route and no LAN address",
    "node": [
      {
        "node-id": "r0",
        "interface": [ { "name": "lab-r0-lan", "enabled": false } ],
        "add-static-route": [
          { "destination-prefix": "233.252.0.0/24", "next-hop-address": "192.0.2.2" }
        ]
      },
      {
        "node-id": "r1",
        "interface": [ { "name": "lab-r1-lan", "remove-ipv4-address": [ "198.51.100.65" ] } ],
        "add-static-route": [
          { "destination-prefix": "233.252.1.0/24", "next-hop-address": "192.0.2.1" }
        ]
      }
    ]
  }
}
)";

/** Light traffic on the r0-r1 link, whose one objective (not overloaded) holds. */
const char* const kScenario = R"({
  "ns3-digital-twin-scenario:scenario": {
    "name": "push-fault-check",
    "base-snapshot": { "snapshot-id": "1" },
    "duration-s": "1",
    "traffic": { "demand-file": "demands.csv" },
    "objectives": {
      "objective": [
        { "id": "r0-r1-not-overloaded", "link": "r0-r1", "max-utilisation": "0.9" }
      ]
    }
  }
}
)";

/** A push timeout short enough that nothing in these tests waits long for it. */
constexpr uint32_t kConfirmTimeout = 30;

/** The order of one device's steps in a successful push (doc/sync.md, "Push"). */
const std::vector<std::string> kDeviceSteps = {"push.connect",
                                               "push.lock",
                                               "push.read",
                                               "push.edit-config",
                                               "push.confirmed-commit",
                                               "push.read-back",
                                               "push.confirming-commit",
                                               "push.unlock"};

/** @return one line per step: "action device outcome: detail", for failure messages */
std::string
Describe(const std::vector<TwinAuditEntry>& rows)
{
    std::string text;
    for (const auto& row : rows)
    {
        text += row.action + " [" + row.device + "] " + row.outcome + ": " + row.detail + "\n";
    }
    return text;
}

/**
 * @param rows audit rows
 * @param action an action
 * @param device a device ("" for the push as a whole)
 * @return the index of the first row with both, if any
 */
std::optional<size_t>
FindRow(const std::vector<TwinAuditEntry>& rows, const std::string& action,
        const std::string& device)
{
    for (size_t i = 0; i < rows.size(); ++i)
    {
        if (rows[i].action == action && rows[i].device == device)
        {
            return i;
        }
    }
    return std::nullopt;
}

/**
 * @param rows audit rows
 * @param action an action
 * @return how many rows have it
 */
size_t
CountAction(const std::vector<TwinAuditEntry>& rows, const std::string& action)
{
    size_t n = 0;
    for (const auto& row : rows)
    {
        n += row.action == action ? 1 : 0;
    }
    return n;
}

/**
 * @param rows audit rows
 * @param action an action
 * @param device a device
 * @param outcome the wanted outcome
 * @return success if a row of the device with that action has that outcome
 */
::testing::AssertionResult
HasRow(const std::vector<TwinAuditEntry>& rows, const std::string& action,
       const std::string& device, const std::string& outcome)
{
    for (const auto& row : rows)
    {
        if (row.action == action && row.device == device && row.outcome == outcome)
        {
            return ::testing::AssertionSuccess();
        }
    }
    return ::testing::AssertionFailure()
           << "no row " << action << " [" << device << "] " << outcome << " in:\n"
           << Describe(rows);
}

/**
 * @param rows the audit rows of one push
 * @param outcome the wanted outcome of the final row
 * @return success if the last row is the push as a whole (action "push", no device) with
 *         that outcome
 */
::testing::AssertionResult
EndsWith(const std::vector<TwinAuditEntry>& rows, const std::string& outcome)
{
    if (rows.empty() || rows.back().action != "push" || !rows.back().device.empty() ||
        rows.back().outcome != outcome)
    {
        return ::testing::AssertionFailure() << "the last row is not push [] " << outcome << ":\n"
                                             << Describe(rows);
    }
    return ::testing::AssertionSuccess();
}

/** A lab of r0 and r1 per test, an inventory of it, and the twin's side of a change. */
class SyncPushFaultTest : public ::testing::Test
{
protected:
    /** @return the devices whose login user may not write (NC_LAB_READ_ONLY), e.g. "1" */
    virtual std::string ReadOnlyDevices() const { return ""; }

    /** @return the devices with a startup datastore (NC_LAB_WITH_STARTUP), e.g. "1" */
    virtual std::string StartupDevices() const { return ""; }

    void SetUp() override
    {
        std::string command = "NC_LAB_OWNER=" + std::to_string(getpid()) + " NC_LAB_READ_ONLY='" +
                              ReadOnlyDevices() + "' NC_LAB_WITH_STARTUP='" + StartupDevices() +
                              "' " + std::string(DTWIN_NETCONF_LAB) + " start 2 " + LabDir() + " " +
                              test::SourcePath("test/netconf/data/r0-startup.xml") + " " +
                              test::SourcePath("test/netconf/data/r1-startup.xml");
        std::string output;
        m_started = RunShell(command, output) == 0;
        ASSERT_TRUE(m_started) << "the NETCONF lab did not start (./setup.sh installs what it "
                                  "needs):\n"
                               << output;
        m_devices = test::ReadLabDevices(LabDir());
        ASSERT_EQ(m_devices.size(), 2U);
        m_dir.Write("lab-topology.json",
                    ReadTextFile(test::SourcePath("test/netconf/data/lab-topology.json")));
        std::string text =
            ReadTextFile(test::SourcePath("test/netconf/data/lab-inventory.template.json"));
        text = ReplaceAll(text, "@PORT0@", std::to_string(m_devices[0].port));
        text = ReplaceAll(text, "@PORT1@", std::to_string(m_devices[1].port));
        text = ReplaceAll(text, "@USER@", m_devices[0].user);
        text = ReplaceAll(text, "@HOSTKEY1@", m_devices[1].hostKey);
        m_dir.Write("inventory.json", text);
        auto read = TwinReadInventory(m_dir.Path() + "/inventory.json");
        ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
        m_inventory = read.inventory;
        m_dir.Write("change.json", kChangeSet);
        m_dir.Write("scenario.json", kScenario);
        m_dir.Write("demands.csv", "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,"
                                   "packet_bytes\nr0-r1,r0,r1,udp,1000000,,0.1,,1000\n");
    }

    void TearDown() override
    {
        if (m_started)
        {
            std::string output;
            RunShell(std::string(DTWIN_NETCONF_LAB) + " stop " + LabDir(), output);
        }
    }

    /** @return the lab's directory */
    std::string LabDir() const { return m_dir.Path() + "/lab"; }

    /**
     * Run dtwin in the test's directory on its store.
     * @param args the arguments before --db
     * @return what it gave
     */
    CliRun Run(const std::string& args) const
    {
        return Dtwin(m_dir.Path(), args + " --db twin.db");
    }

    /**
     * Pull (snapshot 1), add the change set (1) and, if asked, verify it on snapshot 1.
     * @param verify whether to verify
     */
    void Prepare(bool verify = true)
    {
        auto pull = Run("sync pull inventory.json");
        ASSERT_EQ(pull.code, 0) << pull.stdOut << pull.stdErr;
        auto add = Run("change-set add change.json");
        ASSERT_EQ(add.code, 0) << add.stdOut << add.stdErr;
        if (verify)
        {
            auto verified = Run("change-set verify 1 1 scenario.json");
            ASSERT_EQ(verified.code, 0) << verified.stdOut << verified.stdErr;
        }
    }

    /** @return the push command line of change set 1 (without --db) */
    static std::string PushArgs()
    {
        return "sync push 1 inventory.json --confirm-timeout " + std::to_string(kConfirmTimeout);
    }

    /** @return the running configuration of each device, as get-config returns it */
    std::vector<std::string> RunningConfigs() const
    {
        std::vector<std::string> configs;
        for (const auto& device : m_devices)
        {
            TwinNetconfSession session(device);
            configs.push_back(session.GetConfig(TwinNetconfDatastore::Running));
        }
        return configs;
    }

    /**
     * Send @p edit to device @p i the usual way: lock, candidate, commit, unlock.
     * @param i the device
     * @param edit the edit-config content
     */
    void Send(size_t i, const std::string& edit) const
    {
        TwinNetconfSession session(m_devices.at(i));
        session.Lock(TwinNetconfDatastore::Candidate);
        session.EditConfig(TwinNetconfDatastore::Candidate, edit);
        session.Commit();
        session.Unlock(TwinNetconfDatastore::Candidate);
    }

    /**
     * @param i a device
     * @param expected the running configuration it should get
     * @param seconds how long to wait for it
     * @return whether device @p i's running configuration became @p expected in time
     */
    bool RunningBecomes(size_t i, const std::string& expected, double seconds) const
    {
        const auto end = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(static_cast<int>(seconds * 1000));
        while (true)
        {
            try
            {
                TwinNetconfSession session(m_devices.at(i));
                if (session.GetConfig(TwinNetconfDatastore::Running) == expected)
                {
                    return true;
                }
            }
            catch (const TwinNetconfError&)
            {
                // The device may be busy restoring itself: ask again.
            }
            if (std::chrono::steady_clock::now() > end)
            {
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }

    /**
     * Every device has @p configs as running configuration, its candidate equals its running
     * (nothing left pending), its candidate can be locked (the push unlocked it), and a drift
     * check against @p snapshot finds nothing.
     * @param configs the running configuration of each device
     * @param snapshot the store's snapshot the devices must match
     */
    void ExpectDevicesAt(const std::vector<std::string>& configs, int64_t snapshot) const
    {
        ASSERT_EQ(configs.size(), m_devices.size());
        for (size_t i = 0; i < m_devices.size(); ++i)
        {
            TwinNetconfSession session(m_devices[i]);
            const std::string running = session.GetConfig(TwinNetconfDatastore::Running);
            EXPECT_EQ(running, configs[i]) << m_devices[i].device;
            EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Candidate), running)
                << m_devices[i].device << ": the candidate holds changes";
            try
            {
                session.Lock(TwinNetconfDatastore::Candidate);
                session.Unlock(TwinNetconfDatastore::Candidate);
            }
            catch (const TwinNetconfError& e)
            {
                ADD_FAILURE() << m_devices[i].device << ": still locked? " << e.what();
            }
        }
        TwinStore store(m_dir.Path() + "/twin.db");
        auto report = TwinCheckDrift(m_inventory, store.LoadSnapshot(snapshot));
        ASSERT_FALSE(report.diagnostics.HasErrors()) << test::Dump(report.diagnostics);
        std::string lines;
        for (const auto& item : report.items)
        {
            lines += item.ToString() + "\n";
        }
        EXPECT_TRUE(report.items.empty()) << "against snapshot " << snapshot << ":\n" << lines;
    }

    /**
     * @param from skip this many push rows (those of earlier pushes)
     * @return the audit rows of change set 1's pushes (actions "push" and "push.*"), oldest
     *         first
     */
    std::vector<TwinAuditEntry> PushRows(size_t from = 0) const
    {
        TwinStore store(m_dir.Path() + "/twin.db");
        TwinAuditFilter filter;
        filter.changeSetId = 1;
        std::vector<TwinAuditEntry> rows;
        for (const auto& row : store.ListAudit(filter))
        {
            if (row.action == "push" || row.action.rfind("push.", 0) == 0)
            {
                rows.push_back(row);
            }
        }
        return std::vector<TwinAuditEntry>(
            rows.begin() + static_cast<std::ptrdiff_t>(std::min(from, rows.size())), rows.end());
    }

    /**
     * Push change set 1 through the library, recording what onStep saw.
     * @param onStep also called for each step (after it was recorded)
     * @return what TwinPush returned
     */
    TwinPushResult PushWithHook(const std::function<void(const TwinPushStep&)>& onStep)
    {
        TwinStore store(m_dir.Path() + "/twin.db");
        TwinPushOptions options;
        options.user = "fault-test";
        options.confirmTimeoutSeconds = kConfirmTimeout;
        options.onStep = [this, onStep](const TwinPushStep& step)
        {
            m_seen.push_back(step);
            onStep(step);
        };
        return TwinPush(store, m_inventory, 1, 1, options);
    }

    /**
     * The steps onStep saw, the result's steps and the audit rows are the same sequence.
     * @param result what TwinPush returned
     * @param rows the push's audit rows
     */
    void ExpectSameSteps(const TwinPushResult& result, const std::vector<TwinAuditEntry>& rows)
    {
        ASSERT_EQ(result.steps.size(), rows.size()) << Describe(rows);
        ASSERT_EQ(m_seen.size(), rows.size()) << Describe(rows);
        for (size_t i = 0; i < rows.size(); ++i)
        {
            EXPECT_EQ(result.steps[i].action, rows[i].action) << i;
            EXPECT_EQ(result.steps[i].device, rows[i].device) << i;
            EXPECT_EQ(result.steps[i].outcome, rows[i].outcome) << i;
            EXPECT_EQ(m_seen[i].action, rows[i].action) << i;
            EXPECT_EQ(m_seen[i].device, rows[i].device) << i;
            EXPECT_EQ(m_seen[i].outcome, rows[i].outcome) << i;
            EXPECT_EQ(rows[i].user, "fault-test") << i;
        }
    }

    /**
     * Kill device @p i's netconfd at once (no chance to save or clean up).
     * @param i the device
     */
    void KillNetconfd(size_t i) const
    {
        const std::string file = LabDir() + "/dev" + std::to_string(i) + "/netconfd.pid";
        const pid_t pid = static_cast<pid_t>(std::atol(ReadTextFile(file).c_str()));
        ASSERT_GT(pid, 0) << file;
        ASSERT_EQ(kill(pid, SIGKILL), 0) << "netconfd " << pid;
    }

    /**
     * Cut device @p i's one open session without close-session: kill the per-connection
     * process of its sshd (the push's is the only session: connections of earlier sessions
     * may still be closing, so wait until one is left).
     * @param i the device
     */
    void DropTheSession(size_t i) const
    {
        ASSERT_TRUE(test::DropOnlySession(LabDir() + "/dev" + std::to_string(i)));
    }

    /**
     * Start device @p i again after a stop or kill (lab.sh restart).
     * @param i the device
     */
    void Restart(size_t i) const
    {
        std::string output;
        ASSERT_EQ(RunShell(std::string(DTWIN_NETCONF_LAB) + " restart " + LabDir() + " " +
                               std::to_string(i),
                           output),
                  0)
            << output;
    }

    test::TempDir m_dir;                        //!< lab, inventory, store
    bool m_started{false};                      //!< the lab runs
    std::vector<TwinNetconfEndpoint> m_devices; //!< dev0 (r0), dev1 (r1)
    TwinInventory m_inventory;                  //!< the inventory
    std::vector<TwinPushStep> m_seen;           //!< what onStep saw, in order
};

/** The same lab, where r1's login user may read and lock but not edit. */
class SyncPushFaultReadOnlyTest : public SyncPushFaultTest
{
protected:
    std::string ReadOnlyDevices() const override { return "1"; }
};

/** The same lab, where r1 has the :startup capability (running alone is not persistent). */
class SyncPushStartupTest : public SyncPushFaultTest
{
protected:
    std::string StartupDevices() const override { return "1"; }
};

TEST_F(SyncPushStartupTest, ADeviceWithStartupGetsRunningCopiedToStartup)
{
    Prepare();
    TwinStore store(m_dir.Path() + "/twin.db");
    auto verification = store.FindPassingVerification(1, 1);
    ASSERT_TRUE(verification.has_value());
    auto push = Run(PushArgs());
    ASSERT_EQ(push.code, 0) << push.stdOut << push.stdErr;
    auto rows = PushRows();
    auto r1 = FindRow(rows, "push.confirming-commit", "r1");
    auto r0 = FindRow(rows, "push.confirming-commit", "r0");
    ASSERT_TRUE(r0.has_value() && r1.has_value()) << Describe(rows);
    EXPECT_NE(rows[*r1].detail.find("running copied to startup"), std::string::npos)
        << Describe(rows);
    EXPECT_EQ(rows[*r0].detail.find("startup"), std::string::npos) << Describe(rows);
    // The startup datastore holds the change: r1's LAN address is gone from it.
    TwinNetconfSession session(m_devices[1]);
    ASSERT_TRUE(session.HasCapability("urn:ietf:params:netconf:capability:startup:1.0"));
    const std::string startup =
        session.GetConfig(TwinNetconfDatastore::Startup,
                          "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"/>");
    EXPECT_NE(startup.find("lab-r1-lan"), std::string::npos) << startup;
    EXPECT_EQ(startup.find("198.51.100.65"), std::string::npos) << startup;
    // And a restart keeps it.
    session.Close();
    Restart(1);
    ExpectDevicesAt(RunningConfigs(), verification->derivedSnapshotId);
}

TEST_F(SyncPushFaultTest, PushesEveryStepInOrderThenFindsTheChangeInPlace)
{
    Prepare();
    TwinStore store(m_dir.Path() + "/twin.db");
    auto verification = store.FindPassingVerification(1, 1);
    ASSERT_TRUE(verification.has_value());
    const int64_t derived = verification->derivedSnapshotId;
    ASSERT_NE(derived, 1);
    const std::vector<std::string> before = RunningConfigs();

    auto push = Run(PushArgs());
    ASSERT_EQ(push.code, 0) << push.stdOut << push.stdErr;
    EXPECT_NE(push.stdOut.find("confirming-commit"), std::string::npos) << push.stdOut;
    const std::vector<std::string> after = RunningConfigs();
    EXPECT_NE(after, before);
    ExpectDevicesAt(after, derived);

    // Every step of both devices, ok, by someone, in the order of the protocol.
    auto rows = PushRows();
    ASSERT_TRUE(EndsWith(rows, "ok"));
    for (const auto& row : rows)
    {
        EXPECT_FALSE(row.user.empty()) << Describe(rows);
        EXPECT_EQ(row.outcome, "ok") << Describe(rows);
    }
    EXPECT_EQ(rows.size(), 2 * kDeviceSteps.size() + 1) << Describe(rows);
    for (const std::string device : {"r0", "r1"})
    {
        std::optional<size_t> previous;
        for (const auto& action : kDeviceSteps)
        {
            auto at = FindRow(rows, action, device);
            ASSERT_TRUE(at.has_value()) << action << " " << device << ":\n" << Describe(rows);
            if (previous)
            {
                EXPECT_LT(*previous, *at) << action << " " << device << ":\n" << Describe(rows);
            }
            previous = at;
        }
    }
    // No device is confirmed before every device committed and read back, and the
    // confirmations go one after another in inventory order.
    for (const std::string device : {"r0", "r1"})
    {
        for (const std::string other : {"r0", "r1"})
        {
            EXPECT_LT(*FindRow(rows, "push.read-back", device),
                      *FindRow(rows, "push.confirming-commit", other))
                << Describe(rows);
        }
    }
    EXPECT_LT(*FindRow(rows, "push.confirming-commit", "r0"),
              *FindRow(rows, "push.confirming-commit", "r1"))
        << Describe(rows);

    // The same push again: the devices have the change already, nothing is sent.
    auto again = Run(PushArgs());
    ASSERT_EQ(again.code, 0) << again.stdOut << again.stdErr;
    EXPECT_NE((again.stdOut + again.stdErr).find("already in place"), std::string::npos)
        << again.stdOut << again.stdErr;
    auto second = PushRows(rows.size());
    EXPECT_TRUE(EndsWith(second, "no-op"));
    EXPECT_EQ(CountAction(second, "push.edit-config"), 0U) << Describe(second);
    EXPECT_EQ(CountAction(second, "push.confirmed-commit"), 0U) << Describe(second);
    EXPECT_EQ(CountAction(second, "push.confirming-commit"), 0U) << Describe(second);
    ExpectDevicesAt(after, derived);
}

TEST_F(SyncPushFaultTest, WithoutAPassingVerificationNothingIsContacted)
{
    Prepare(false);
    const std::vector<std::string> before = RunningConfigs();
    auto push = Run(PushArgs());
    EXPECT_EQ(push.code, 1) << push.stdOut << push.stdErr;
    EXPECT_NE(push.stdErr.find("no passing verification"), std::string::npos) << push.stdErr;
    auto rows = PushRows();
    EXPECT_TRUE(EndsWith(rows, "refused"));
    EXPECT_EQ(rows.size(), 1U) << "a device was contacted:\n" << Describe(rows);
    ExpectDevicesAt(before, 1);
}

TEST_F(SyncPushFaultTest, DriftUnderTheLockRefusesAndSendsNothing)
{
    Prepare();
    // Someone changes r1 directly after the verification.
    Send(1, "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"><interface>"
            "<name>lab-r1-to-r0</name><enabled>false</enabled></interface></interfaces>");
    const std::vector<std::string> before = RunningConfigs();

    auto push = Run(PushArgs());
    EXPECT_EQ(push.code, 4) << push.stdOut << push.stdErr;
    EXPECT_NE((push.stdOut + push.stdErr)
                  .find("r1 /interfaces/interface[name='lab-r1-to-r0']/enabled: true -> false"),
              std::string::npos)
        << push.stdOut << push.stdErr;

    auto rows = PushRows();
    EXPECT_TRUE(EndsWith(rows, "refused"));
    EXPECT_TRUE(HasRow(rows, "push.drift-check", "r1", "refused"));
    EXPECT_FALSE(FindRow(rows, "push.drift-check", "r0").has_value()) << Describe(rows);
    // The drift was seen under the locks, after reading both devices; then they were
    // unlocked without an edit.
    for (const std::string device : {"r0", "r1"})
    {
        EXPECT_TRUE(HasRow(rows, "push.lock", device, "ok"));
        EXPECT_TRUE(HasRow(rows, "push.read", device, "ok"));
        EXPECT_TRUE(HasRow(rows, "push.unlock", device, "ok"));
        EXPECT_LT(*FindRow(rows, "push.read", device), *FindRow(rows, "push.drift-check", "r1"))
            << Describe(rows);
    }
    EXPECT_EQ(CountAction(rows, "push.edit-config"), 0U) << Describe(rows);
    EXPECT_EQ(CountAction(rows, "push.confirmed-commit"), 0U) << Describe(rows);

    // Both devices as they were: r1 keeps the direct change, r0 never changed.
    for (size_t i = 0; i < m_devices.size(); ++i)
    {
        TwinNetconfSession session(m_devices[i]);
        EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Running), before[i]);
        EXPECT_EQ(session.GetConfig(TwinNetconfDatastore::Candidate), before[i]);
        try
        {
            session.Lock(TwinNetconfDatastore::Candidate);
            session.Unlock(TwinNetconfDatastore::Candidate);
        }
        catch (const TwinNetconfError& e)
        {
            ADD_FAILURE() << m_devices[i].device << ": still locked? " << e.what();
        }
    }
    TwinStore store(m_dir.Path() + "/twin.db");
    auto report = TwinCheckDrift(m_inventory, store.LoadSnapshot(1));
    ASSERT_EQ(report.items.size(), 1U);
    EXPECT_EQ(report.items[0].ToString(),
              "r1 /interfaces/interface[name='lab-r1-to-r0']/enabled: true -> false");
}

TEST_F(SyncPushFaultTest, ADeviceDownAtTheStartFailsBeforeAnyLock)
{
    Prepare();
    const std::vector<std::string> before = RunningConfigs();
    std::string output;
    ASSERT_EQ(RunShell(std::string(DTWIN_NETCONF_LAB) + " stop " + LabDir() + " 1", output), 0)
        << output;

    auto push = Run(PushArgs());
    EXPECT_EQ(push.code, 5) << push.stdOut << push.stdErr;
    auto rows = PushRows();
    // Nothing was touched, so nothing was rolled back: the push just failed.
    EXPECT_TRUE(EndsWith(rows, "failed"));
    EXPECT_NE(push.stdErr.find("cannot reach r1: nothing was sent"), std::string::npos)
        << push.stdErr;
    EXPECT_TRUE(HasRow(rows, "push.connect", "r1", "failed"));
    EXPECT_EQ(CountAction(rows, "push.lock"), 0U) << Describe(rows);
    EXPECT_EQ(CountAction(rows, "push.edit-config"), 0U) << Describe(rows);
    EXPECT_EQ(CountAction(rows, "push.confirmed-commit"), 0U) << Describe(rows);

    Restart(1);
    ExpectDevicesAt(before, 1);
}

TEST_F(SyncPushFaultReadOnlyTest, ADeviceRefusingTheEditLeavesNothingCommitted)
{
    Prepare();
    const std::vector<std::string> before = RunningConfigs();
    auto push = Run(PushArgs());
    EXPECT_EQ(push.code, 5) << push.stdOut << push.stdErr;

    auto rows = PushRows();
    EXPECT_TRUE(EndsWith(rows, "rolled-back"));
    auto refused = FindRow(rows, "push.edit-config", "r1");
    ASSERT_TRUE(refused.has_value()) << Describe(rows);
    EXPECT_EQ(rows[*refused].outcome, "failed") << Describe(rows);
    EXPECT_NE(rows[*refused].detail.find("access-denied"), std::string::npos) << Describe(rows);
    // r0's edit, if it was made, is discarded from its candidate; nothing is committed.
    auto discarded = FindRow(rows, "push.discard-changes", "r0");
    ASSERT_TRUE(discarded.has_value()) << Describe(rows);
    EXPECT_NE(rows[*discarded].outcome, "failed") << Describe(rows);
    EXPECT_EQ(CountAction(rows, "push.confirmed-commit"), 0U) << Describe(rows);
    EXPECT_EQ(CountAction(rows, "push.confirming-commit"), 0U) << Describe(rows);
    for (const std::string device : {"r0", "r1"})
    {
        EXPECT_TRUE(HasRow(rows, "push.unlock", device, "ok"));
    }
    ExpectDevicesAt(before, 1);
}

TEST_F(SyncPushFaultTest, ServerKilledBetweenEditAndConfirmRollsBackTheOthers)
{
    Prepare();
    const std::vector<std::string> before = RunningConfigs();
    bool killed = false;
    auto result = PushWithHook(
        [&](const TwinPushStep& step)
        {
            if (step.action == "push.edit-config" && step.device == "r1" && step.outcome == "ok")
            {
                KillNetconfd(1);
                killed = true;
            }
        });
    ASSERT_TRUE(killed) << result.message;
    EXPECT_EQ(result.status, TwinPushStatus::Failed) << result.message;
    EXPECT_TRUE(result.changed.empty());
    EXPECT_TRUE(result.unrestored.empty());

    auto rows = PushRows();
    ExpectSameSteps(result, rows);
    EXPECT_TRUE(EndsWith(rows, "rolled-back"));
    EXPECT_TRUE(HasRow(rows, "push.confirmed-commit", "r1", "failed"));
    EXPECT_TRUE(HasRow(rows, "push.cancel-commit", "r0", "rolled-back"));
    EXPECT_EQ(CountAction(rows, "push.confirming-commit"), 0U) << Describe(rows);

    // r0 went back at once; r1 comes back with what it last confirmed.
    Restart(1);
    ExpectDevicesAt(before, 1);
}

TEST_F(SyncPushFaultTest, SessionDroppedBeforeItsConfirmationRestoresEveryDevice)
{
    Prepare();
    const std::vector<std::string> before = RunningConfigs();
    bool dropped = false;
    auto result = PushWithHook(
        [&](const TwinPushStep& step)
        {
            if (step.action == "push.confirming-commit" && step.device == "r0" &&
                step.outcome == "ok")
            {
                DropTheSession(1);
                dropped = true;
            }
        });
    ASSERT_TRUE(dropped) << result.message;
    EXPECT_EQ(result.status, TwinPushStatus::Failed) << result.message;
    EXPECT_TRUE(result.unrestored.empty());

    auto rows = PushRows();
    ExpectSameSteps(result, rows);
    EXPECT_TRUE(EndsWith(rows, "rolled-back"));
    EXPECT_TRUE(HasRow(rows, "push.confirming-commit", "r1", "failed"));
    EXPECT_TRUE(HasRow(rows, "push.rollback", "r1", "rolled-back"));
    EXPECT_TRUE(HasRow(rows, "push.restore", "r0", "rolled-back"));
    EXPECT_FALSE(HasRow(rows, "push.confirming-commit", "r1", "ok"));

    // netconfd restores r1 itself once it notices the session is gone.
    EXPECT_TRUE(RunningBecomes(1, before[1], 5.0));
    ExpectDevicesAt(before, 1);
}

TEST_F(SyncPushFaultTest, AnUnansweredConfirmationIsFoundOutAndUndone)
{
    Prepare();
    const std::vector<std::string> before = RunningConfigs();
    // r1 answers nothing for 4 s from its confirmation on (netconfd stopped, then resumed),
    // while the push waits 2 s for a reply: the confirmation may or may not have taken
    // effect, and the push must find out which, then bring r1 back.
    m_inventory.devices[1].timeoutSeconds = 2;
    const std::string file = LabDir() + "/dev1/netconfd.pid";
    const pid_t netconfd = static_cast<pid_t>(std::atol(ReadTextFile(file).c_str()));
    ASSERT_GT(netconfd, 0) << file;
    std::thread resume;
    auto result = PushWithHook(
        [&](const TwinPushStep& step)
        {
            if (step.action == "push.confirming-commit" && step.device == "r0" &&
                step.outcome == "ok")
            {
                ASSERT_EQ(kill(netconfd, SIGSTOP), 0);
                resume = std::thread(
                    [netconfd]()
                    {
                        std::this_thread::sleep_for(std::chrono::seconds(4));
                        kill(netconfd, SIGCONT);
                    });
            }
        });
    ASSERT_TRUE(resume.joinable()) << result.message;
    resume.join();
    kill(netconfd, SIGCONT); // in case the push returned before the thread resumed it
    EXPECT_EQ(result.status, TwinPushStatus::Failed) << result.message;
    EXPECT_TRUE(result.unrestored.empty()) << result.message;

    auto rows = PushRows();
    ExpectSameSteps(result, rows);
    EXPECT_TRUE(EndsWith(rows, "rolled-back"));
    EXPECT_TRUE(HasRow(rows, "push.confirming-commit", "r1", "failed"));
    EXPECT_TRUE(HasRow(rows, "push.restore", "r0", "rolled-back"));
    // Whichever way r1 went, a row says how it was brought back.
    EXPECT_TRUE(HasRow(rows, "push.restore", "r1", "rolled-back") ||
                HasRow(rows, "push.rollback", "r1", "rolled-back") ||
                HasRow(rows, "push.cancel-commit", "r1", "rolled-back"))
        << Describe(rows);
    EXPECT_TRUE(RunningBecomes(1, before[1], 5.0));
    ExpectDevicesAt(before, 1);
}

TEST_F(SyncPushFaultTest, AnEditOfANodeWithoutADeviceIsRefusedBeforeAnyContact)
{
    Prepare();
    const std::vector<std::string> before = RunningConfigs();
    // The same verified change set, through an inventory that has no device for r1.
    m_inventory.devices.pop_back();
    m_inventory.topologyOnly.push_back("r1");
    auto result = PushWithHook([](const TwinPushStep&) {});
    EXPECT_EQ(result.status, TwinPushStatus::Refused) << result.message;
    EXPECT_NE(result.message.find("'r1'"), std::string::npos) << result.message;
    auto rows = PushRows();
    ExpectSameSteps(result, rows);
    ASSERT_EQ(rows.size(), 1U) << Describe(rows);
    EXPECT_TRUE(EndsWith(rows, "refused"));
    EXPECT_EQ(RunningConfigs(), before);
}

} // namespace
} // namespace ns3
