/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The sync agent's write side: the NETCONF edits of a change set, sent to real lab devices
// (test/netconf/lab.sh), must give on the devices what the twin derived; and
// `dtwin sync push --dry-run` refuses without verification or on drift.

#include "netconf-test-util.h"
#include "test-util.h"

#include "ns3/scenario-reader.h"
#include "ns3/twin-change-set.h"
#include "ns3/twin-store.h"
#include "ns3/twin-sync-push.h"
#include "ns3/twin-sync.h"

#include <array>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <string>
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

/** The r0/r1 change set of these tests: disable an interface, add a route, remove an address. */
const char* const kChangeSet = R"({
  "ns3-digital-twin-change-set:change-set": {
    "description": "push test: r0 LAN down, r0 route to 233.252.0.0/24, r1 LAN address gone",
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
        "interface": [ { "name": "lab-r1-lan", "remove-ipv4-address": [ "198.51.100.65" ] } ]
      }
    ]
  }
}
)";

/** A scenario with light traffic whose one objective (the r0-r1 link not overloaded) holds. */
const char* const kScenario = R"({
  "ns3-digital-twin-scenario:scenario": {
    "name": "push-check",
    "base-snapshot": { "snapshot-id": "1" },
    "duration-s": "1",
    "traffic": { "demand-file": "demands.csv" },
    "objectives": {
      "objective": [
        { "id": "r0-r1-not-overloaded", "link": "r0-r1",
          "max-utilisation": "0.9" }
      ]
    }
  }
}
)";

/** The change set of these tests, parsed. */
TwinChangeSet
TestChangeSet()
{
    auto read = ParseTwinChangeSet(kChangeSet, YangFormat::Json, "change.json");
    EXPECT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
    return read.changeSet;
}

// ---------------------------------------------------------------------------------------
// The edits alone (no devices).

/** r0 and r1 as the lab's startup configurations make them. */
TwinNetwork
LabNetwork()
{
    TwinNetwork n;
    for (const std::string id : {"r0", "r1"})
    {
        TwinNode node;
        node.id = id;
        TwinInterface link;
        link.name = "lab-" + id + "-to-" + (id == "r0" ? "r1" : "r0");
        link.addresses.push_back(
            *TwinIpv4Prefix::Parse(id == "r0" ? "192.0.2.1/30" : "192.0.2.2/30"));
        TwinInterface lan;
        lan.name = "lab-" + id + "-lan";
        lan.addresses.push_back(
            *TwinIpv4Prefix::Parse(id == "r0" ? "198.51.100.1/26" : "198.51.100.65/26"));
        node.interfaces = {link, lan};
        n.nodes.push_back(node);
    }
    TwinRoute route;
    route.node = "r0";
    route.destination = *TwinIpv4Prefix::Parse("203.0.113.0/24");
    route.outInterface = "lab-r0-to-r1";
    n.routes.push_back(route);
    return n;
}

TEST(NetconfEditsTest, OnlyTheEditsThatChangeTheBaselineWithStrictOperations)
{
    TwinNetwork base = LabNetwork();
    TwinNetconfEditOptions options;
    options.staticProtocol["r0"] = "lab";
    auto edits = TwinNetconfEdits(TestChangeSet(), base, options);
    ASSERT_EQ(edits.size(), 2U);
    const std::string& r0 = edits.at("r0");
    EXPECT_NE(r0.find("<interface><name>lab-r0-lan</name><enabled>false</enabled></interface>"),
              std::string::npos)
        << r0;
    EXPECT_NE(r0.find("<name>lab</name>"), std::string::npos) << r0;
    EXPECT_NE(r0.find("<route nc:operation=\"replace\"><destination-prefix>233.252.0.0/24"
                      "</destination-prefix><next-hop><next-hop-address>192.0.2.2"
                      "</next-hop-address></next-hop></route>"),
              std::string::npos)
        << r0;
    const std::string& r1 = edits.at("r1");
    EXPECT_NE(r1.find("<address nc:operation=\"delete\"><ip>198.51.100.65</ip></address>"),
              std::string::npos)
        << r1;
    EXPECT_EQ(r1.find("routing"), std::string::npos) << r1;

    // On a network where every edit is in place already, there is nothing left to send.
    TwinNetwork done = base;
    done.nodes[0].interfaces[1].enabled = false;
    TwinRoute added;
    added.node = "r0";
    added.destination = *TwinIpv4Prefix::Parse("233.252.0.0/24");
    added.nextHop = TwinIpv4Prefix::ParseAddress("192.0.2.2");
    done.routes.push_back(added);
    done.nodes[1].interfaces[1].addresses.clear();
    EXPECT_TRUE(TwinNetconfEdits(TestChangeSet(), done).empty());
    // A changed next hop of that route is a replace again.
    done.routes.back().nextHop = TwinIpv4Prefix::ParseAddress("192.0.2.3");
    EXPECT_EQ(TwinNetconfEdits(TestChangeSet(), done).count("r0"), 1U);

    // Removing the route r0 has: a delete, with the default instance name.
    TwinChangeSet removal;
    removal.nodes.resize(1);
    removal.nodes[0].node = "r0";
    removal.nodes[0].removeRoutes.push_back(*TwinIpv4Prefix::Parse("203.0.113.0/24"));
    removal.nodes[0].removeRoutes.push_back(*TwinIpv4Prefix::Parse("233.252.1.0/24"));
    auto removed = TwinNetconfEdits(removal, base).at("r0");
    EXPECT_NE(removed.find("<name>static</name>"), std::string::npos) << removed;
    EXPECT_NE(removed.find("<route nc:operation=\"delete\"><destination-prefix>203.0.113.0/24"
                           "</destination-prefix></route>"),
              std::string::npos)
        << removed;
    EXPECT_EQ(removed.find("233.252.1.0"), std::string::npos) << removed; // not there: no edit
}

TEST(NetconfEditsTest, RefusesWhatNetconfCannotExpress)
{
    TwinNetwork base = LabNetwork();
    TwinChangeSet speed;
    speed.nodes.resize(1);
    speed.nodes[0].node = "r0";
    speed.nodes[0].interfaces.resize(1);
    speed.nodes[0].interfaces[0].name = "lab-r0-lan";
    speed.nodes[0].interfaces[0].speedBps = 10000000;
    EXPECT_THROW(TwinNetconfEdits(speed, base), std::invalid_argument);
    speed.nodes[0].interfaces[0].speedBps.reset();
    speed.nodes[0].interfaces[0].name = "eth9";
    EXPECT_THROW(TwinNetconfEdits(speed, base), std::invalid_argument);
    speed.nodes[0].node = "r7";
    EXPECT_THROW(TwinNetconfEdits(speed, base), std::invalid_argument);
}

TEST(NetconfEditsTest, FindsTheStaticInstanceName)
{
    EXPECT_EQ(TwinStaticProtocolName(
                  "<routing xmlns=\"urn:ietf:params:xml:ns:yang:ietf-routing\">"
                  "<control-plane-protocols><control-plane-protocol><type>rt:ospf</type>"
                  "<name>core</name></control-plane-protocol><control-plane-protocol>"
                  "<type xmlns:x=\"urn:ietf:params:xml:ns:yang:ietf-routing\">x:static</type>"
                  "<name>lab</name></control-plane-protocol></control-plane-protocols>"
                  "</routing>"),
              "lab");
    EXPECT_EQ(TwinStaticProtocolName("<interfaces/>"), "");
}

// ---------------------------------------------------------------------------------------
// Against real devices: a lab of r0 and r1 per test.

class SyncPushTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        std::string command = "NC_LAB_OWNER=" + std::to_string(getpid()) + " " +
                              std::string(DTWIN_NETCONF_LAB) + " start 2 " + m_dir.Path() +
                              "/lab " + test::SourcePath("test/netconf/data/r0-startup.xml") + " " +
                              test::SourcePath("test/netconf/data/r1-startup.xml");
        std::string output;
        m_started = RunShell(command, output) == 0;
        ASSERT_TRUE(m_started) << "the NETCONF lab did not start (./setup.sh installs what it "
                                  "needs):\n"
                               << output;
        m_devices = test::ReadLabDevices(m_dir.Path() + "/lab");
        ASSERT_EQ(m_devices.size(), 2U);
        m_dir.Write("lab-topology.json",
                    ReadTextFile(test::SourcePath("test/netconf/data/lab-topology.json")));
        std::string text =
            ReadTextFile(test::SourcePath("test/netconf/data/lab-inventory.template.json"));
        text = ReplaceAll(text, "@PORT0@", std::to_string(m_devices[0].port));
        text = ReplaceAll(text, "@PORT1@", std::to_string(m_devices[1].port));
        text = ReplaceAll(text, "@USER@", m_devices[0].user);
        text = ReplaceAll(text, "@HOSTKEY1@", m_devices[1].hostKey);
        m_inventoryPath = m_dir.Write("inventory.json", text);
        auto read = TwinReadInventory(m_inventoryPath);
        ASSERT_TRUE(read.Ok()) << test::Dump(read.diagnostics);
        m_inventory = read.inventory;
    }

    void TearDown() override
    {
        if (m_started)
        {
            std::string output;
            RunShell(std::string(DTWIN_NETCONF_LAB) + " stop " + m_dir.Path() + "/lab", output);
        }
    }

    /** Send @p edit to device @p i as the push will: lock, candidate, commit, unlock. */
    void Send(size_t i, const std::string& edit)
    {
        TwinNetconfSession session(m_devices.at(i));
        session.Lock(TwinNetconfDatastore::Candidate);
        session.EditConfig(TwinNetconfDatastore::Candidate, edit);
        session.Commit();
        session.Unlock(TwinNetconfDatastore::Candidate);
    }

    test::TempDir m_dir;                        //!< lab, inventory, store
    bool m_started{false};                      //!< the lab runs
    std::vector<TwinNetconfEndpoint> m_devices; //!< dev0 (r0), dev1 (r1)
    std::string m_inventoryPath;                //!< the inventory file
    TwinInventory m_inventory;                  //!< the inventory
};

TEST_F(SyncPushTest, TheEditsMeanOnTheDevicesWhatTheTwinDerived)
{
    TwinStore store(m_dir.Path() + "/twin.db");
    auto pulled = TwinPull(m_inventory, store);
    ASSERT_TRUE(pulled.import.Ok()) << test::Dump(pulled.import.diagnostics);
    TwinNetwork baseline = store.LoadSnapshot(pulled.snapshotId);
    TwinDiagnostics diagnostics;
    TwinNetwork derived = ApplyTwinChangeSet(baseline, TestChangeSet(), diagnostics);
    ASSERT_FALSE(diagnostics.HasErrors()) << test::Dump(diagnostics);
    // The derived network differs from the devices before the push...
    ASSERT_FALSE(TwinCheckDrift(m_inventory, derived).items.empty());

    TwinNetconfEditOptions options;
    for (const auto& d : pulled.devices)
    {
        options.staticProtocol[d.nodeId] = TwinStaticProtocolName(d.xml);
        EXPECT_EQ(options.staticProtocol[d.nodeId], "lab");
    }
    auto edits = TwinNetconfEdits(TestChangeSet(), baseline, options);
    ASSERT_EQ(edits.size(), 2U);
    Send(0, edits.at("r0"));
    Send(1, edits.at("r1"));

    // ...and equals them after it, on every compared path.
    auto after = TwinCheckDrift(m_inventory, derived);
    ASSERT_FALSE(after.diagnostics.HasErrors()) << test::Dump(after.diagnostics);
    std::string lines;
    for (const auto& item : after.items)
    {
        lines += item.ToString() + "\n";
    }
    EXPECT_TRUE(after.items.empty()) << lines;
    EXPECT_FALSE(TwinCheckDrift(m_inventory, baseline).items.empty());

    // The strict operations: the same edit again is refused (the address is gone already).
    EXPECT_THROW(Send(1, edits.at("r1")), TwinNetconfError);
}

TEST_F(SyncPushTest, CommandLineDryRunNeedsAVerificationAndNoDrift)
{
    const std::string dir = m_dir.Path();
    const std::string db = "--db twin.db";
    m_dir.Write("change.json", kChangeSet);
    m_dir.Write("scenario.json", kScenario);
    m_dir.Write("demands.csv", "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,"
                               "packet_bytes\nr0-r1,r0,r1,udp,1000000,,0.1,,1000\n");
    auto pull = Dtwin(dir, "sync pull inventory.json " + db);
    ASSERT_EQ(pull.code, 0) << pull.stdOut << pull.stdErr;
    auto add = Dtwin(dir, "change-set add change.json " + db);
    ASSERT_EQ(add.code, 0) << add.stdOut << add.stdErr;

    // The real push refuses just as well without a verification, before any device is
    // contacted (its audit rows are "push" ones, not counted below).
    auto real = Dtwin(dir, "sync push 1 inventory.json " + db);
    EXPECT_EQ(real.code, 1) << real.stdOut << real.stdErr;
    EXPECT_NE(real.stdErr.find("no passing verification"), std::string::npos) << real.stdErr;
    EXPECT_EQ(real.stdOut.find("edit-config"), std::string::npos) << real.stdOut;

    // No verification yet: refused.
    auto unverified = Dtwin(dir, "sync push 1 inventory.json --dry-run " + db);
    EXPECT_EQ(unverified.code, 1) << unverified.stdOut << unverified.stdErr;
    EXPECT_NE(unverified.stdErr.find("no passing verification"), std::string::npos)
        << unverified.stdErr;
    EXPECT_EQ(unverified.stdOut.find("edit-config"), std::string::npos) << unverified.stdOut;

    auto verify = Dtwin(dir, "change-set verify 1 1 scenario.json " + db);
    ASSERT_EQ(verify.code, 0) << verify.stdOut << verify.stdErr;

    auto dry = Dtwin(dir, "sync push 1 inventory.json --dry-run " + db);
    ASSERT_EQ(dry.code, 0) << dry.stdOut << dry.stdErr;
    EXPECT_NE(dry.stdOut.find("r0 (" + m_devices[0].user + "@127.0.0.1:" +
                              std::to_string(m_devices[0].port) + "): edit-config candidate"),
              std::string::npos)
        << dry.stdOut;
    EXPECT_NE(dry.stdOut.find("<enabled>false</enabled>"), std::string::npos) << dry.stdOut;
    EXPECT_NE(dry.stdOut.find("nc:operation=\"delete\"><ip>198.51.100.65</ip>"), std::string::npos)
        << dry.stdOut;
    EXPECT_NE(dry.stdOut.find("2 of 2 devices would be edited; nothing was sent"),
              std::string::npos)
        << dry.stdOut;
    // Nothing was sent: the devices still match the baseline.
    TwinStore store(dir + "/twin.db");
    EXPECT_TRUE(TwinCheckDrift(m_inventory, store.LoadSnapshot(1)).items.empty());

    // A device that drifted from the verified baseline: refused, showing the drift.
    Send(1, "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\"><interface>"
            "<name>lab-r1-to-r0</name><enabled>false</enabled></interface></interfaces>");
    auto drifted = Dtwin(dir, "sync push 1 inventory.json --dry-run " + db);
    EXPECT_EQ(drifted.code, 4) << drifted.stdOut << drifted.stdErr;
    EXPECT_NE(drifted.stdOut.find("r1 /interfaces/interface[name='lab-r1-to-r0']/enabled: "
                                  "true -> false"),
              std::string::npos)
        << drifted.stdOut;
    EXPECT_NE(drifted.stdOut.find("refused: the devices differ from snapshot 1"), std::string::npos)
        << drifted.stdOut;
    EXPECT_EQ(drifted.stdOut.find("edit-config"), std::string::npos) << drifted.stdOut;

    // The audit table holds each attempt and its outcome.
    TwinAuditFilter filter;
    filter.action = "push-dry-run";
    std::vector<std::string> outcomes;
    for (const auto& entry : store.ListAudit(filter))
    {
        EXPECT_EQ(entry.changeSetId, 1);
        EXPECT_FALSE(entry.user.empty());
        outcomes.push_back(entry.outcome);
    }
    EXPECT_EQ(outcomes, (std::vector<std::string>{"refused", "ok", "refused"}));
}

} // namespace
} // namespace ns3
