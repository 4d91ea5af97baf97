/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The sync agent's read side: inventory files, then pull and drift against real devices
// (yuma123 netconfd behind OpenSSH sshd, started by test/netconf/lab.sh in a private temp
// dir), through the library and through the dtwin binary.

#include "netconf-test-util.h"
#include "test-util.h"

#include "ns3/twin-store.h"
#include "ns3/twin-sync.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <sys/wait.h>
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

/**
 * A lab of two devices (r0, r1 with their startup configurations) for one test program, and
 * an inventory for it in the same temp dir, made from the template fixture.
 */
class SyncLab
{
public:
    SyncLab()
    {
        std::string command = "NC_LAB_OWNER=" + std::to_string(getpid()) + " " +
                              std::string(DTWIN_NETCONF_LAB) + " start 2 " + m_dir.Path() +
                              "/lab " + test::SourcePath("test/netconf/data/r0-startup.xml") + " " +
                              test::SourcePath("test/netconf/data/r1-startup.xml");
        if (RunShell(command, m_startOutput) != 0)
        {
            return;
        }
        m_devices = test::ReadLabDevices(m_dir.Path() + "/lab");
        m_dir.Write("lab-topology.json",
                    ReadTextFile(test::SourcePath("test/netconf/data/lab-topology.json")));
    }

    ~SyncLab()
    {
        std::string output;
        RunShell(std::string(DTWIN_NETCONF_LAB) + " stop " + m_dir.Path() + "/lab", output);
    }

    SyncLab(const SyncLab&) = delete;
    SyncLab& operator=(const SyncLab&) = delete;

    bool Ready() const { return m_devices.size() == 2; }

    const std::string& StartOutput() const { return m_startOutput; }

    const TwinNetconfEndpoint& Device(size_t i) const { return m_devices.at(i); }

    const std::string& Dir() const { return m_dir.Path(); }

    /**
     * Write an inventory from the template fixture (r0 pinned through the lab's known_hosts,
     * r1 by its key).
     * @param name file name in the lab's dir
     * @param port1 r1's port (0: the real one)
     * @param hostKey1 r1's pinned key (empty: the real one)
     * @return the inventory file
     */
    std::string Inventory(const std::string& name, uint16_t port1 = 0,
                          const std::string& hostKey1 = "") const
    {
        std::string text =
            ReadTextFile(test::SourcePath("test/netconf/data/lab-inventory.template.json"));
        text = ReplaceAll(text, "@PORT0@", std::to_string(Device(0).port));
        text = ReplaceAll(text, "@PORT1@", std::to_string(port1 ? port1 : Device(1).port));
        text = ReplaceAll(text, "@USER@", Device(0).user);
        text = ReplaceAll(text, "@HOSTKEY1@", hostKey1.empty() ? Device(1).hostKey : hostKey1);
        return m_dir.Write(name, text);
    }

private:
    test::TempDir m_dir;                        //!< holds the lab, inventories and stores
    std::string m_startOutput;                  //!< lab.sh's output
    std::vector<TwinNetconfEndpoint> m_devices; //!< dev0 (r0), dev1 (r1)
};

/** Read an inventory that must be good. */
TwinInventory
GoodInventory(const std::string& path)
{
    auto result = TwinReadInventory(path);
    EXPECT_TRUE(result.Ok()) << test::Dump(result.diagnostics);
    return result.inventory;
}

// ---------------------------------------------------------------------------------------
// Inventory files (no devices needed).

class InventoryTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_dir.Write("topology.json",
                    ReadTextFile(test::SourcePath("test/netconf/data/lab-topology.json")));
        m_dir.Write("keys/id", "not a real key: the reader only checks that it is readable\n");
        m_dir.Write("keys/id.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIClient client\n");
        m_dir.Write("known_hosts",
                    "# lab\n[192.0.2.7]:830 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostA\n"
                    "r1.example,192.0.2.8 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABHostB\n");
    }

    /** A device entry; @p extra is added inside it. */
    static std::string Device(const std::string& node, const std::string& hostKey,
                              const std::string& extra = "")
    {
        return "{\"node-id\": \"" + node +
               "\", \"host\": \"192.0.2.7\", \"user\": \"ops\", \"private-key\": \"keys/id\", "
               "\"public-key\": \"keys/id.pub\", \"host-key\": " +
               hostKey + extra + "}";
    }

    std::string Write(const std::string& devices, const std::string& topology = "topology.json")
    {
        return m_dir.Write("inventory.json",
                           "{\"ns3-digital-twin-inventory:inventory\": {\"topology\": \"" +
                               topology + "\", \"device\": [" + devices + "]}}");
    }

    test::TempDir m_dir; //!< inventory, topology and key files
};

TEST_F(InventoryTest, ReadsDevicesResolvesFilesAndHostKeys)
{
    const std::string path = Write(
        Device("r0", "{\"known-hosts\": {\"file\": \"known_hosts\"}}") + "," +
        Device("r1", "{\"known-hosts\": {\"file\": \"known_hosts\", \"host\": \"r1.example\"}}",
               ", \"port\": 2830, \"timeout\": 5"));
    auto result = TwinReadInventory(path);
    ASSERT_TRUE(result.Ok()) << test::Dump(result.diagnostics);
    const auto& inv = result.inventory;
    EXPECT_EQ(inv.topologyPath, m_dir.Path() + "/topology.json");
    ASSERT_EQ(inv.devices.size(), 2U);
    EXPECT_EQ(inv.devices[0].nodeId, "r0");
    EXPECT_EQ(inv.devices[0].endpoint.device, "r0");
    EXPECT_EQ(inv.devices[0].endpoint.port, 830); // the module's default
    EXPECT_EQ(inv.devices[0].timeoutSeconds, 30U);
    EXPECT_EQ(inv.devices[0].endpoint.user, "ops");
    EXPECT_EQ(inv.devices[0].endpoint.privateKeyFile, m_dir.Path() + "/keys/id");
    EXPECT_EQ(inv.devices[0].endpoint.publicKeyFile, m_dir.Path() + "/keys/id.pub");
    EXPECT_EQ(inv.devices[0].endpoint.hostKey, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostA");
    EXPECT_EQ(inv.devices[1].endpoint.port, 2830);
    EXPECT_EQ(inv.devices[1].timeoutSeconds, 5U);
    EXPECT_EQ(inv.devices[1].endpoint.hostKey, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABHostB");
    EXPECT_TRUE(inv.topologyOnly.empty());
}

TEST_F(InventoryTest, ReadsXmlWithAPinnedKeyAndDropsItsComment)
{
    const std::string path = m_dir.Write(
        "inventory.xml",
        "<inventory xmlns=\"urn:ns3:params:xml:ns:yang:ns3-digital-twin-inventory\">"
        "<topology>topology.json</topology>"
        "<device><node-id>r0</node-id><host>192.0.2.7</host><user>ops</user>"
        "<private-key>keys/id</private-key><public-key>keys/id.pub</public-key>"
        "<host-key><key>ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPin host-r0</key></host-key>"
        "</device>"
        "<device><node-id>r1</node-id><host>192.0.2.8</host><port>22</port><user>ops</user>"
        "<private-key>keys/id</private-key><public-key>keys/id.pub</public-key>"
        "<host-key><known-hosts><file>known_hosts</file></known-hosts></host-key>"
        "</device></inventory>");
    auto inv = GoodInventory(path);
    ASSERT_EQ(inv.devices.size(), 2U);
    EXPECT_EQ(inv.devices[0].endpoint.hostKey, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPin");
    // Port 22: the known_hosts pattern is the bare host.
    EXPECT_EQ(inv.devices[1].endpoint.hostKey, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABHostB");
}

TEST_F(InventoryTest, ATopologyNodeWithoutDeviceIsAWarning)
{
    auto result = TwinReadInventory(
        Write(Device("r0", "{\"key\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPin\"}")));
    ASSERT_TRUE(result.Ok()) << test::Dump(result.diagnostics);
    EXPECT_EQ(result.inventory.topologyOnly, std::vector<std::string>{"r1"});
    EXPECT_TRUE(test::HasDiagnostic(result.diagnostics, TwinDiagnostic::Severity::Warning,
                                    m_dir.Path() + "/inventory.json", 0,
                                    "topology node 'r1' has no device"));
}

TEST_F(InventoryTest, ADeviceThatIsNoTopologyNodeIsAnError)
{
    const std::string pin = "{\"key\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPin\"}";
    auto result = TwinReadInventory(
        Write(Device("r0", pin) + "," + Device("r1", pin) + "," + Device("r9", pin)));
    EXPECT_FALSE(result.Ok());
    const std::string dump = test::Dump(result.diagnostics);
    EXPECT_NE(dump.find("inventory.json: /ns3-digital-twin-inventory:inventory/"
                        "device[node-id='r9']/node-id: error: node 'r9' is not a node of the "
                        "topology"),
              std::string::npos)
        << dump;
}

TEST_F(InventoryTest, RejectsBadInventoriesNamingFileAndPath)
{
    const std::string pin = "{\"key\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPin\"}";
    struct Case
    {
        std::string devices;  //!< the device entries
        std::string topology; //!< the topology leaf
        std::string expected; //!< a part of the diagnostics
    };
    const std::vector<Case> cases = {
        // There is no password leaf: a password is an unknown element, never ignored.
        {Device("r0", pin, ", \"password\": \"secret\""), "topology.json",
         "unknown element 'password'"},
        {Device("r0", "{}"), "topology.json", "host-key"},
        {Device("r0", pin, ", \"port\": 70000"), "topology.json", "schema violation"},
        {Device("r0", "{\"key\": \"not a key at all\"}"), "topology.json", "schema violation"},
        {Device("r0", "{\"known-hosts\": {\"file\": \"known_hosts\", \"host\": \"nowhere\"}}"),
         "topology.json", "has no key for 'nowhere'"},
        {Device("r0", "{\"known-hosts\": {\"file\": \"missing_hosts\"}}"), "topology.json",
         "missing_hosts' cannot be read"},
        {"{\"node-id\": \"r0\", \"host\": \"192.0.2.7\", \"user\": \"ops\", \"private-key\": "
         "\"keys/none\", \"public-key\": \"keys/id.pub\", \"host-key\": " +
             pin + "}",
         "topology.json",
         "device[node-id='r0']/private-key: error: private key file '" + m_dir.Path() +
             "/keys/none' is not a readable file"},
        {Device("r0", pin), "no-topology.json", "no-topology.json' is not a readable file"},
        {"", "topology.json", "the inventory has no device"},
    };
    for (const auto& c : cases)
    {
        auto result = TwinReadInventory(Write(c.devices, c.topology));
        const std::string dump = test::Dump(result.diagnostics);
        EXPECT_FALSE(result.Ok()) << c.devices;
        EXPECT_NE(dump.find(c.expected), std::string::npos)
            << "expected '" << c.expected << "' in:\n"
            << dump;
        EXPECT_NE(dump.find("inventory.json"), std::string::npos) << dump;
    }
    auto empty = TwinReadInventory(m_dir.Write("empty.json", "  \n"));
    EXPECT_FALSE(empty.Ok());
    auto missing = TwinReadInventory(m_dir.Path() + "/none.json");
    EXPECT_FALSE(missing.Ok());
}

TEST(DriftCompareTest, ReportsEachChangedLeafOncePerPath)
{
    TwinNetwork a;
    TwinNode r0;
    r0.id = "r0";
    TwinInterface eth;
    eth.name = "eth0";
    eth.addresses.push_back(*TwinIpv4Prefix::Parse("192.0.2.1/30"));
    eth.speedBps = 1000000000;
    r0.interfaces.push_back(eth);
    TwinInterface lan = eth;
    lan.name = "lan";
    lan.addresses = {*TwinIpv4Prefix::Parse("198.51.100.1/26")};
    r0.interfaces.push_back(lan);
    a.nodes.push_back(r0);
    TwinRoute route;
    route.node = "r0";
    route.destination = *TwinIpv4Prefix::Parse("203.0.113.0/24");
    route.nextHop = TwinIpv4Prefix::ParseAddress("192.0.2.2");
    a.routes.push_back(route);

    TwinNetwork b = a;
    EXPECT_TRUE(TwinCompareDevices(a, b, {"r0"}).empty());
    b.nodes[0].interfaces[0].enabled = false;
    b.nodes[0].interfaces[0].addresses = {*TwinIpv4Prefix::Parse("192.0.2.5/30")};
    b.nodes[0].interfaces.pop_back(); // lan is gone: one item, not one per leaf
    b.routes[0].outInterface = "eth0";
    auto items = TwinCompareDevices(a, b, {"r0", "r7"});
    std::vector<std::string> lines;
    for (const auto& i : items)
    {
        lines.push_back(i.ToString());
    }
    const std::string route24 = "/routing/control-plane-protocols/control-plane-protocol/"
                                "static-routes/ipv4/route[destination-prefix='203.0.113.0/24']";
    EXPECT_EQ(lines,
              (std::vector<std::string>{
                  "r0 /interfaces/interface[name='eth0']/enabled: true -> false",
                  "r0 /interfaces/interface[name='eth0']/ipv4/address: 192.0.2.1/30 -> "
                  "192.0.2.5/30",
                  "r0 /interfaces/interface[name='lan']: present -> (absent)",
                  "r0 " + route24 + ": next-hop 192.0.2.2 -> next-hop 192.0.2.2 interface eth0",
              }));
    // A node only one side has.
    b.nodes[0].id = "r7";
    items = TwinCompareDevices(a, b, {"r7"});
    ASSERT_EQ(items.size(), 1U);
    EXPECT_EQ(items[0].ToString(), "r7 /: (absent) -> present");
}

// ---------------------------------------------------------------------------------------
// Pull and drift against real devices.

class SyncPullTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { s_lab = std::make_unique<SyncLab>(); }

    static void TearDownTestSuite() { s_lab.reset(); }

    void SetUp() override
    {
        ASSERT_TRUE(s_lab->Ready()) << "the NETCONF lab did not start (it needs netconfd, "
                                       "sshd and ssh-keygen: ./setup.sh installs them):\n"
                                    << s_lab->StartOutput();
    }

    /** Set r1's interface @p name enabled or not, committed to running. */
    static void SetEnabled(const std::string& name, bool enabled)
    {
        TwinNetconfSession session(s_lab->Device(1));
        session.EditConfig(TwinNetconfDatastore::Candidate,
                           "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\">"
                           "<interface><name>" +
                               name + "</name><enabled>" + (enabled ? "true" : "false") +
                               "</enabled></interface></interfaces>");
        session.Commit();
    }

    static std::unique_ptr<SyncLab> s_lab; //!< the devices of this test program
};

std::unique_ptr<SyncLab> SyncPullTest::s_lab;

TEST_F(SyncPullTest, PullStoresTheDevicesAndAgainGivesTheSameSnapshot)
{
    auto inventory = GoodInventory(s_lab->Inventory("inventory.json"));
    test::TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    auto first = TwinPull(inventory, store);
    ASSERT_TRUE(first.import.Ok()) << test::Dump(first.import.diagnostics);
    ASSERT_NE(first.snapshotId, 0);
    EXPECT_FALSE(first.existed);
    ASSERT_EQ(first.devices.size(), 2U);
    EXPECT_EQ(first.devices[0].endpoint,
              s_lab->Device(0).user + "@127.0.0.1:" + std::to_string(s_lab->Device(0).port));

    // What the devices' startup configurations hold, as stored.
    TwinNetwork n = store.LoadSnapshot(first.snapshotId);
    ASSERT_EQ(n.nodes.size(), 2U);
    std::map<std::string, std::string> addresses;
    for (const auto& node : n.nodes)
    {
        for (const auto& i : node.interfaces)
        {
            ASSERT_EQ(i.addresses.size(), 1U) << node.id << " " << i.name;
            EXPECT_TRUE(i.enabled);
            addresses[node.id + " " + i.name] = i.addresses[0].ToString();
        }
    }
    EXPECT_EQ(addresses, (std::map<std::string, std::string>{
                             {"r0 lab-r0-lan", "198.51.100.1/26"},
                             {"r0 lab-r0-to-r1", "192.0.2.1/30"},
                             {"r1 lab-r1-lan", "198.51.100.65/26"},
                             {"r1 lab-r1-to-r0", "192.0.2.2/30"},
                         }));
    std::vector<std::string> routes;
    for (const auto& r : n.routes)
    {
        routes.push_back(r.node + " " + r.destination.ToString() + " " +
                         (r.nextHop ? TwinIpv4Prefix::AddressToString(*r.nextHop) : "-") + " " +
                         (r.outInterface.empty() ? "-" : r.outInterface));
    }
    std::sort(routes.begin(), routes.end());
    EXPECT_EQ(routes, (std::vector<std::string>{
                          "r0 198.51.100.64/26 192.0.2.2 -",
                          "r0 203.0.113.0/24 - lab-r0-to-r1",
                          "r1 198.51.100.0/26 192.0.2.1 -",
                          "r1 203.0.113.0/24 - lab-r1-to-r0",
                      }));

    // Provenance: the topology and each device's endpoint, no key material.
    auto provenance = store.LoadProvenance(first.snapshotId);
    ASSERT_EQ(provenance.files.size(), 3U);
    EXPECT_EQ(provenance.files[1].first, "r0 netconf://" + s_lab->Device(0).user +
                                             "@127.0.0.1:" + std::to_string(s_lab->Device(0).port));
    const std::string key = s_lab->Device(1).hostKey.substr(s_lab->Device(1).hostKey.find(' '));
    for (const auto& f : provenance.files)
    {
        EXPECT_EQ(f.first.find(key), std::string::npos);
    }
    auto info = store.FindSnapshot(std::to_string(first.snapshotId));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->importer, kTwinPullImporter);
    EXPECT_EQ(info->source, inventory.absolutePath);
    EXPECT_EQ(TwinFindPulledSnapshot(store, inventory), first.snapshotId);

    auto second = TwinPull(inventory, store);
    EXPECT_TRUE(second.existed);
    EXPECT_EQ(second.snapshotId, first.snapshotId);
    EXPECT_EQ(store.ListSnapshots().size(), 1U);
}

TEST_F(SyncPullTest, DriftShowsAChangedDeviceUntilItIsPulledAgain)
{
    auto inventory = GoodInventory(s_lab->Inventory("inventory.json"));
    test::TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    auto pulled = TwinPull(inventory, store);
    ASSERT_TRUE(pulled.import.Ok()) << test::Dump(pulled.import.diagnostics);
    TwinNetwork baseline = store.LoadSnapshot(pulled.snapshotId);
    auto none = TwinCheckDrift(inventory, baseline);
    EXPECT_TRUE(none.items.empty());

    SetEnabled("lab-r1-lan", false);
    auto drift = TwinCheckDrift(inventory, baseline);
    std::vector<std::string> lines;
    for (const auto& i : drift.items)
    {
        lines.push_back(i.ToString());
    }
    EXPECT_EQ(lines, std::vector<std::string>{
                         "r1 /interfaces/interface[name='lab-r1-lan']/enabled: true -> false"});

    // Pulling again stores the device as it is now: a new snapshot, without drift.
    auto again = TwinPull(inventory, store);
    SetEnabled("lab-r1-lan", true);
    ASSERT_TRUE(again.import.Ok()) << test::Dump(again.import.diagnostics);
    EXPECT_FALSE(again.existed);
    EXPECT_NE(again.snapshotId, pulled.snapshotId);
    EXPECT_EQ(TwinFindPulledSnapshot(store, inventory), again.snapshotId);
    // Restored: the first snapshot matches again, the second shows the change undone.
    EXPECT_TRUE(TwinCheckDrift(inventory, baseline).items.empty());
    auto undone = TwinCheckDrift(inventory, store.LoadSnapshot(again.snapshotId));
    ASSERT_EQ(undone.items.size(), 1U);
    EXPECT_EQ(undone.items[0].ToString(),
              "r1 /interfaces/interface[name='lab-r1-lan']/enabled: false -> true");
}

TEST_F(SyncPullTest, AnUnreachableDeviceFailsThePullNamingItAndNothingIsStored)
{
    // Port 1 on loopback: nothing listens there.
    auto inventory = GoodInventory(s_lab->Inventory("unreachable.json", 1));
    test::TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    try
    {
        TwinPull(inventory, store);
        FAIL() << "the pull succeeded without r1";
    }
    catch (const TwinSyncError& e)
    {
        EXPECT_EQ(e.GetDevices(), std::vector<std::string>{"r1"});
        EXPECT_NE(std::string(e.what()).find("r1 ("), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("127.0.0.1:1"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(store.ListSnapshots().empty());
}

TEST_F(SyncPullTest, AWrongPinnedHostKeyIsRefused)
{
    // r1 pinned to r0's host key.
    auto inventory = GoodInventory(s_lab->Inventory("wrong-key.json", 0, s_lab->Device(0).hostKey));
    test::TempDir dir;
    TwinStore store(dir.Path() + "/twin.db");
    try
    {
        TwinPull(inventory, store);
        FAIL() << "the pull accepted a host key other than the pinned one";
    }
    catch (const TwinSyncError& e)
    {
        const std::string message = e.what();
        EXPECT_EQ(e.GetDevices(), std::vector<std::string>{"r1"});
        EXPECT_NE(message.find("host key mismatch"), std::string::npos) << message;
        const std::string base64 =
            s_lab->Device(0).hostKey.substr(s_lab->Device(0).hostKey.find(' ') + 1);
        EXPECT_EQ(message.find(base64), std::string::npos) << "key material in: " << message;
    }
    EXPECT_TRUE(store.ListSnapshots().empty());
}

TEST_F(SyncPullTest, CommandLinePullDriftAndExitCodes)
{
    const std::string dir = s_lab->Dir();
    s_lab->Inventory("cli-inventory.json");
    const std::string db = "--db cli.db";
    auto pull = Dtwin(dir, "sync pull cli-inventory.json " + db);
    ASSERT_EQ(pull.code, 0) << pull.stdOut << pull.stdErr;
    EXPECT_NE(pull.stdOut.find("snapshot 1 ("), std::string::npos) << pull.stdOut;
    EXPECT_NE(pull.stdOut.find("pulled from 2 devices of cli-inventory.json: 2 nodes, 2 links, "
                               "4 routes"),
              std::string::npos)
        << pull.stdOut;
    auto again = Dtwin(dir, "sync pull cli-inventory.json " + db);
    ASSERT_EQ(again.code, 0) << again.stdErr;
    EXPECT_NE(again.stdOut.find("unchanged: already stored as snapshot 1 ("), std::string::npos)
        << again.stdOut;

    auto clean = Dtwin(dir, "sync drift cli-inventory.json " + db);
    EXPECT_EQ(clean.code, 0) << clean.stdOut << clean.stdErr;
    EXPECT_NE(clean.stdOut.find("no drift: 2 devices match snapshot 1"), std::string::npos)
        << clean.stdOut;

    SetEnabled("lab-r1-to-r0", false);
    auto drift = Dtwin(dir, "sync drift cli-inventory.json 1 " + db);
    SetEnabled("lab-r1-to-r0", true);
    EXPECT_EQ(drift.code, 4) << drift.stdOut << drift.stdErr;
    EXPECT_EQ(drift.stdOut, "r1 /interfaces/interface[name='lab-r1-to-r0']/enabled: true -> false\n"
                            "drift: 1 difference on 1 of 2 devices against snapshot 1 (" +
                                pull.stdOut.substr(pull.stdOut.find('(') + 1, 12) + ")\n");

    // Bad input: exit 1, nothing stored.
    s_lab->Inventory("cli-unreachable.json", 1);
    auto unreachable = Dtwin(dir, "sync pull cli-unreachable.json --db cli-bad.db");
    EXPECT_EQ(unreachable.code, 1);
    EXPECT_NE(unreachable.stdErr.find("r1 ("), std::string::npos) << unreachable.stdErr;
    EXPECT_NE(unreachable.stdErr.find("nothing stored"), std::string::npos) << unreachable.stdErr;
    auto listed = Dtwin(dir, "snapshots --format csv --db cli-bad.db");
    EXPECT_EQ(listed.stdOut.find("netconf"), std::string::npos) << listed.stdOut;
    EXPECT_EQ(Dtwin(dir, "sync drift cli-inventory.json --db cli-empty.db").code, 1);
    EXPECT_EQ(Dtwin(dir, "sync drift cli-inventory.json 99 " + db).code, 1);
    EXPECT_EQ(Dtwin(dir, "sync fetch cli-inventory.json " + db).code, 1);
    EXPECT_EQ(Dtwin(dir, "sync pull " + db).code, 1);
    EXPECT_EQ(Dtwin(dir, "sync pull no-such-inventory.json " + db).code, 1);
}

} // namespace
} // namespace ns3
