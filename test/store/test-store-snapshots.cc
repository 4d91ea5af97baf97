/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Snapshots and demand sets: round trip, content hashing, deduplication, look-up, atomicity.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-store.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>

namespace ns3
{
namespace test
{
namespace
{

/** A fresh store file per test. */
class StoreSnapshots : public StoreFixture
{
protected:
    /**
     * @param network what to save
     * @param existed set as SaveSnapshot sets it
     * @return the id
     */
    int64_t Save(const TwinNetwork& network, bool* existed = nullptr)
    {
        return m_store->SaveSnapshot(network, "input/" + network.name, "test", {}, existed);
    }
};

/** @param counts row counts @return the total */
int64_t
Total(const std::map<std::string, int64_t>& counts)
{
    int64_t total = 0;
    for (const auto& [table, rows] : counts)
    {
        total += rows;
    }
    return total;
}

TEST_F(StoreSnapshots, RoundTripKeepsEveryFieldAndOrder)
{
    TwinNetwork net = FullNetwork();
    TwinProvenance provenance;
    provenance.files = {{"net.json", std::string(64, 'a')}, {"routes.json", std::string(64, 'b')}};
    provenance.diagnostics = {"net.json:9: warning: interface eth1 has no address",
                              "note: capacities taken from interface speeds"};
    bool existed = true;
    int64_t id = m_store->SaveSnapshot(net, "net.json", "yang", provenance, &existed);
    EXPECT_FALSE(existed);
    EXPECT_GT(id, 0);

    ExpectSameNetwork(net, m_store->LoadSnapshot(id));
    TwinProvenance loaded = m_store->LoadProvenance(id);
    EXPECT_EQ(loaded.files, provenance.files);
    EXPECT_EQ(loaded.diagnostics, provenance.diagnostics);

    // Also through a second connection, as another process would read it.
    TwinStore other(m_path);
    ExpectSameNetwork(net, other.LoadSnapshot(id));

    auto list = m_store->ListSnapshots();
    ASSERT_EQ(list.size(), 1u);
    const TwinSnapshotInfo& info = list[0];
    EXPECT_EQ(info.id, id);
    EXPECT_EQ(info.contentHash, TwinStore::ContentHash(net));
    EXPECT_EQ(info.source, "net.json");
    EXPECT_EQ(info.importer, "yang");
    EXPECT_EQ(info.name, net.name);
    EXPECT_EQ(info.nodeCount, net.nodes.size());
    EXPECT_EQ(info.linkCount, net.links.size());
    EXPECT_EQ(info.routeCount, net.routes.size());
    EXPECT_GT(info.demandSetId, 0);
    ExpectSameDemands(net.demands, m_store->LoadDemandSet(info.demandSetId));
    EXPECT_TRUE(std::regex_match(info.createdAt, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
        << info.createdAt;
}

TEST_F(StoreSnapshots, LargerNetworkRoundTrip)
{
    TwinNetwork net = RingNetwork(200, "ring-200");
    int64_t id = Save(net);
    ExpectSameNetwork(net, m_store->LoadSnapshot(id));
    auto counts = CountRows(m_path);
    EXPECT_EQ(counts["nodes"], 200);
    EXPECT_EQ(counts["interfaces"], 400);
    EXPECT_EQ(counts["interface_addresses"], 400);
    EXPECT_EQ(counts["links"], 400);
    EXPECT_EQ(counts["routes"], 200);
    EXPECT_EQ(counts["demands"], 200);
}

TEST_F(StoreSnapshots, NetworkWithoutDemandsHasNoDemandSet)
{
    TwinNetwork net = FullNetwork();
    net.demands.clear();
    net.routes.clear();
    int64_t id = Save(net);
    ExpectSameNetwork(net, m_store->LoadSnapshot(id));
    auto info = m_store->FindSnapshot(std::to_string(id));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->demandSetId, 0);
    EXPECT_EQ(info->routeCount, 0u);
    EXPECT_EQ(CountRows(m_path)["demand_sets"], 0);
}

TEST_F(StoreSnapshots, ContentHashCoversContentOnly)
{
    TwinNetwork net = FullNetwork();
    std::string hash = TwinStore::ContentHash(net);
    EXPECT_EQ(hash.size(), 64u);
    EXPECT_TRUE(std::all_of(
        hash.begin(), hash.end(),
        [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(c); }));
    EXPECT_EQ(TwinStore::ContentHash(FullNetwork()), hash);

    // Where things were defined is not content.
    TwinNetwork moved = net;
    moved.nodes[0].source.file = "elsewhere.json";
    moved.nodes[0].interfaces[0].source.line = 999;
    moved.links[0].source.path = "/other";
    moved.routes[0].source.file = "x";
    moved.demands[0].source.line = 1;
    EXPECT_EQ(TwinStore::ContentHash(moved), hash);

    // Every kind of content change gives a new hash.
    std::vector<std::pair<std::string, std::function<void(TwinNetwork&)>>> changes = {
        {"name", [](TwinNetwork& n) { n.name += "x"; }},
        {"node id", [](TwinNetwork& n) { n.nodes[0].id = "Z"; }},
        {"latitude", [](TwinNetwork& n) { n.nodes[0].latitudeDeg = 48.0; }},
        {"longitude unset", [](TwinNetwork& n) { n.nodes[1].longitudeDeg.reset(); }},
        {"interface name", [](TwinNetwork& n) { n.nodes[0].interfaces[1].name = "eth9"; }},
        {"enabled", [](TwinNetwork& n) { n.nodes[0].interfaces[1].enabled = true; }},
        {"speed", [](TwinNetwork& n) { n.nodes[0].interfaces[0].speedBps = 1; }},
        {"mtu", [](TwinNetwork& n) { n.nodes[0].interfaces[0].mtuBytes.reset(); }},
        {"address", [](TwinNetwork& n) { n.nodes[0].interfaces[0].addresses[0].address++; }},
        {"prefix", [](TwinNetwork& n) { n.nodes[0].interfaces[0].addresses[0].prefixLength++; }},
        {"link order", [](TwinNetwork& n) { std::swap(n.links[0], n.links[1]); }},
        {"capacity", [](TwinNetwork& n) { n.links[0].capacityBps++; }},
        {"delay", [](TwinNetwork& n) { n.links[0].delaySeconds *= 1.0000001; }},
        {"queue", [](TwinNetwork& n) { n.links[0].queuePackets++; }},
        {"metric", [](TwinNetwork& n) { n.links[0].metric++; }},
        {"link tp", [](TwinNetwork& n) { n.links[0].destTp = "eth1"; }},
        {"route next hop", [](TwinNetwork& n) { n.routes[0].nextHop.reset(); }},
        {"route interface", [](TwinNetwork& n) { n.routes[0].outInterface = ""; }},
        {"route metric", [](TwinNetwork& n) { n.routes[0].metric++; }},
        {"demand protocol", [](TwinNetwork& n) { n.demands[0].protocol = TwinProtocol::Tcp; }},
        {"demand rate", [](TwinNetwork& n) { n.demands[0].rateBps++; }},
        {"demand stop", [](TwinNetwork& n) { n.demands[0].stopSeconds.reset(); }},
        {"demand packet", [](TwinNetwork& n) { n.demands[1].packetBytes--; }},
        {"no demands", [](TwinNetwork& n) { n.demands.clear(); }},
    };
    std::set<std::string> seen = {hash};
    for (const auto& [what, change] : changes)
    {
        TwinNetwork changed = net;
        change(changed);
        EXPECT_TRUE(seen.insert(TwinStore::ContentHash(changed)).second) << what;
    }
}

TEST_F(StoreSnapshots, NegativeZeroHashesLikeZero)
{
    // SQLite stores -0.0 as 0: a snapshot loaded back must still hash to its content_hash.
    TwinNetwork net = FullNetwork();
    net.nodes[0].latitudeDeg = -0.0;
    net.nodes[0].longitudeDeg = -0.0;
    net.links[0].delaySeconds = -0.0;
    net.demands[0].startSeconds = -0.0;
    TwinNetwork positive = net;
    positive.nodes[0].latitudeDeg = 0.0;
    positive.nodes[0].longitudeDeg = 0.0;
    positive.links[0].delaySeconds = 0.0;
    positive.demands[0].startSeconds = 0.0;
    EXPECT_EQ(TwinStore::ContentHash(net), TwinStore::ContentHash(positive));

    int64_t id = Save(net);
    std::optional<TwinSnapshotInfo> info = m_store->FindSnapshot(std::to_string(id));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->contentHash, TwinStore::ContentHash(net));
    EXPECT_EQ(TwinStore::ContentHash(m_store->LoadSnapshot(id)), info->contentHash);
    bool existed = false;
    EXPECT_EQ(Save(positive, &existed), id);
    EXPECT_TRUE(existed);
}

TEST_F(StoreSnapshots, ContentHashFollowsTheDocumentedCanonicalForm)
{
    // doc/store.md specifies the text hashed; stores rely on it across builds, so a change
    // of the form must be deliberate.
    TwinNetwork net;
    net.name = "tiny\n";
    TwinNode a;
    a.id = "a";
    a.latitudeDeg = 1.5;
    TwinInterface ae;
    ae.name = "e0";
    ae.speedBps = 1000000000;
    ae.addresses = {TwinIpv4Prefix{0x0A000001, 30}};
    a.interfaces = {ae};
    TwinNode b;
    b.id = "b";
    b.longitudeDeg = -0.25;
    TwinInterface be;
    be.name = "e0";
    be.enabled = false;
    be.mtuBytes = 1500;
    b.interfaces = {be};
    net.nodes = {a, b};
    TwinLink l;
    l.id = "l1";
    l.sourceNode = "a";
    l.sourceTp = "e0";
    l.destNode = "b";
    l.destTp = "e0";
    l.capacityBps = 1000000000;
    l.delaySeconds = 0.001;
    l.queuePackets = 100;
    net.links = {l};
    TwinRoute r;
    r.node = "a";
    r.nextHop = 0x0A000002;
    net.routes = {r};
    TwinDemand d;
    d.id = "d\"1\\";
    d.sourceNode = "a";
    d.destNode = "b";
    d.rateBps = 1.5e6;
    d.startSeconds = 0.5;
    net.demands = {d};

    std::string demands = R"([{"bytes":0,"dest_node":"b","id":"d\"1\\","packet_bytes":1000,)"
                          R"("protocol":"udp","rate_bps":1500000,"source_node":"a",)"
                          R"("start_s":0.5,"stop_s":null}])";
    std::string canonical =
        R"({"demands":)" + demands +
        R"(,"links":[{"capacity_bps":1000000000,"delay_s":0.001,"dest_node":"b",)"
        R"("dest_tp":"e0","id":"l1","metric":1,"queue_packets":100,"source_node":"a",)"
        R"("source_tp":"e0"}],"name":"tiny\u000a","nodes":[{"id":"a","interfaces":)"
        R"([{"addresses":["10.0.0.1/30"],"enabled":true,"mtu_bytes":null,"name":"e0",)"
        R"("speed_bps":1000000000}],"latitude_deg":1.5,"longitude_deg":null},{"id":"b",)"
        R"("interfaces":[{"addresses":[],"enabled":false,"mtu_bytes":1500,"name":"e0",)"
        R"("speed_bps":null}],"latitude_deg":null,"longitude_deg":-0.25}],"routes":)"
        R"([{"destination":"0.0.0.0/0","metric":0,"next_hop":"10.0.0.2","node":"a",)"
        R"("out_interface":""}]})";
    EXPECT_EQ(TwinStore::ContentHash(net), Sha256OfString(canonical));

    // The default demand set is hashed over the demands array alone.
    int64_t id = Save(net);
    int64_t set = m_store->FindSnapshot(std::to_string(id))->demandSetId;
    SqliteDatabase db(m_path);
    SqliteStatement hash(db, "SELECT content_hash FROM demand_sets WHERE id = ?", "read hash");
    hash.BindInt64(1, set);
    ASSERT_TRUE(hash.Step());
    EXPECT_EQ(hash.ColumnText(0), Sha256OfString(demands));
    hash.Reset();
}

TEST_F(StoreSnapshots, NamesThatAreNotUtf8AreKeptExactly)
{
    // GML files in Latin-1 give node names that are not UTF-8; they must neither break
    // hashing nor collide with each other.
    TwinNetwork latin = RingNetwork(3, std::string("Z\xFCrich"));
    TwinNetwork other = RingNetwork(3, std::string("Z\xFDrich"));
    EXPECT_NE(TwinStore::ContentHash(latin), TwinStore::ContentHash(other));
    int64_t id = Save(latin);
    EXPECT_NE(Save(other), id);
    EXPECT_EQ(m_store->LoadSnapshot(id).name, latin.name);
}

TEST_F(StoreSnapshots, IdenticalContentIsStoredOnce)
{
    TwinNetwork net = FullNetwork();
    TwinProvenance first;
    first.files = {{"a.json", std::string(64, '1')}};
    bool existed = true;
    int64_t id = m_store->SaveSnapshot(net, "a.json", "yang", first, &existed);
    EXPECT_FALSE(existed);
    auto before = CountRows(m_path);

    // Same content from another file with other source locations: the same snapshot.
    TwinNetwork again = FullNetwork();
    again.nodes[2].source.file = "b.json";
    TwinProvenance second;
    second.files = {{"b.json", std::string(64, '2')}};
    existed = false;
    EXPECT_EQ(m_store->SaveSnapshot(again, "b.json", "yang", second, &existed), id);
    EXPECT_TRUE(existed);
    EXPECT_EQ(CountRows(m_path), before);
    // The provenance of the first import stays.
    EXPECT_EQ(m_store->LoadProvenance(id).files, first.files);

    TwinNetwork changed = FullNetwork();
    changed.links[3].delaySeconds = 0.5;
    int64_t other = m_store->SaveSnapshot(changed, "c.json", "yang", {}, &existed);
    EXPECT_FALSE(existed);
    EXPECT_NE(other, id);
    auto after = CountRows(m_path);
    EXPECT_EQ(after["snapshots"], 2);
    EXPECT_EQ(after["nodes"], 2 * before["nodes"]);
    // Same demands: the new snapshot shares the demand set.
    EXPECT_EQ(after["demand_sets"], 1);
    EXPECT_EQ(after["demands"], before["demands"]);
    EXPECT_EQ(m_store->FindSnapshot(std::to_string(other))->demandSetId,
              m_store->FindSnapshot(std::to_string(id))->demandSetId);
    ExpectSameNetwork(changed, m_store->LoadSnapshot(other));
    ExpectSameNetwork(net, m_store->LoadSnapshot(id));
}

TEST_F(StoreSnapshots, DemandSetsAreStoredOnce)
{
    std::vector<TwinDemand> demands = FullNetwork().demands;
    int64_t a = m_store->SaveDemandSet(demands, "demands.csv");
    EXPECT_GT(a, 0);
    auto before = CountRows(m_path);
    EXPECT_EQ(m_store->SaveDemandSet(demands, "copy-of-demands.csv"), a);
    EXPECT_EQ(CountRows(m_path), before);
    ExpectSameDemands(demands, m_store->LoadDemandSet(a));

    std::vector<TwinDemand> more = demands;
    more[1].bytes = 1;
    int64_t b = m_store->SaveDemandSet(more, "more.csv");
    EXPECT_NE(b, a);
    ExpectSameDemands(more, m_store->LoadDemandSet(b));
    EXPECT_EQ(CountRows(m_path)["demands"], 4);

    // A snapshot whose demands equal a stored set references it instead of a copy.
    TwinNetwork net = FullNetwork();
    net.demands = more;
    int64_t snapshot = Save(net);
    EXPECT_EQ(m_store->FindSnapshot(std::to_string(snapshot))->demandSetId, b);
    EXPECT_EQ(CountRows(m_path)["demand_sets"], 2);

    // The empty set is a set too.
    int64_t empty = m_store->SaveDemandSet({}, "none.csv");
    EXPECT_TRUE(m_store->LoadDemandSet(empty).empty());
    EXPECT_EQ(m_store->SaveDemandSet({}, "none-again.csv"), empty);

    std::string message = ErrorOf([&] { m_store->LoadDemandSet(4242); });
    EXPECT_NE(message.find("no demand set with id 4242"), std::string::npos) << message;
}

TEST_F(StoreSnapshots, FindByIdAndHashPrefix)
{
    TwinNetwork a = FullNetwork();
    TwinNetwork b = RingNetwork(5, "ring");
    int64_t idA = Save(a);
    int64_t idB = Save(b);
    std::string hashA = TwinStore::ContentHash(a);

    EXPECT_EQ(m_store->FindSnapshot(std::to_string(idB))->id, idB);
    EXPECT_EQ(m_store->FindSnapshot(hashA)->id, idA);
    EXPECT_EQ(m_store->FindSnapshot(hashA.substr(0, 6))->id, idA);
    std::string upper = hashA.substr(0, 10);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c)
                   { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    EXPECT_EQ(m_store->FindSnapshot(upper)->id, idA);

    EXPECT_FALSE(m_store->FindSnapshot("999").has_value());
    EXPECT_FALSE(m_store->FindSnapshot(hashA.substr(0, 5)).has_value()); // too short
    EXPECT_FALSE(m_store->FindSnapshot("").has_value());
    EXPECT_FALSE(m_store->FindSnapshot("ring").has_value());
    std::string absent = hashA.substr(0, 8);
    absent[7] = absent[7] == '0' ? '1' : '0';
    if (TwinStore::ContentHash(b).compare(0, 8, absent) != 0)
    {
        EXPECT_FALSE(m_store->FindSnapshot(absent).has_value());
    }
    EXPECT_THROW(m_store->LoadSnapshot(idB + 100), TwinStoreError);
    EXPECT_THROW(m_store->LoadProvenance(idB + 100), TwinStoreError);
}

TEST_F(StoreSnapshots, AmbiguousHashPrefixIsAnError)
{
    // Find two networks whose hashes share their first six digits (birthday search over
    // a few thousand names), store both, and ask for the shared prefix.
    TwinNetwork base = RingNetwork(3, "");
    std::map<std::string, int> byPrefix;
    int first = -1;
    int second = -1;
    for (int i = 0; i < 200000 && first < 0; ++i)
    {
        base.name = "net-" + std::to_string(i);
        std::string prefix = TwinStore::ContentHash(base).substr(0, 6);
        auto [it, inserted] = byPrefix.emplace(prefix, i);
        if (!inserted)
        {
            first = it->second;
            second = i;
        }
    }
    ASSERT_GE(first, 0) << "no shared prefix found";
    TwinNetwork a = base;
    a.name = "net-" + std::to_string(first);
    TwinNetwork b = base;
    b.name = "net-" + std::to_string(second);
    int64_t idA = Save(a);
    int64_t idB = Save(b);
    std::string hashA = TwinStore::ContentHash(a);
    std::string hashB = TwinStore::ContentHash(b);
    ASSERT_EQ(hashA.substr(0, 6), hashB.substr(0, 6));

    std::string message = ErrorOf([&] { m_store->FindSnapshot(hashA.substr(0, 6)); });
    EXPECT_NE(message.find("ambiguous"), std::string::npos) << message;
    EXPECT_NE(message.find(hashA), std::string::npos) << message;
    EXPECT_NE(message.find(hashB), std::string::npos) << message;

    // One more distinguishing digit resolves it.
    std::size_t n = 6;
    while (hashA[n - 1] == hashB[n - 1])
    {
        ++n;
    }
    EXPECT_EQ(m_store->FindSnapshot(hashA.substr(0, n))->id, idA);
    EXPECT_EQ(m_store->FindSnapshot(hashB.substr(0, n))->id, idB);
}

TEST_F(StoreSnapshots, ConstraintFailureLeavesNothing)
{
    TwinNetwork dup = FullNetwork();
    dup.nodes.push_back(dup.nodes[0]); // duplicate node id, after demands, files and nodes
    TwinProvenance provenance;
    provenance.files = {{"dup.json", std::string(64, 'c')}};
    provenance.diagnostics = {"warning: something"};
    std::string message =
        ErrorOf([&] { m_store->SaveSnapshot(dup, "dup.json", "test", provenance, nullptr); });
    EXPECT_NE(message.find("UNIQUE constraint failed: nodes.snapshot_id, nodes.name"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("'A'"), std::string::npos) << message;
    EXPECT_EQ(Total(CountRows(m_path)), 0);

    TwinNetwork badLink = FullNetwork();
    badLink.links[3].destTp = "eth7";
    message = ErrorOf([&] { Save(badLink); });
    EXPECT_NE(message.find("node 'B' has no interface 'eth7'"), std::string::npos) << message;
    EXPECT_EQ(Total(CountRows(m_path)), 0);

    TwinNetwork badRoute = FullNetwork();
    badRoute.routes[2].node = "nowhere";
    message = ErrorOf([&] { Save(badRoute); });
    EXPECT_NE(message.find("nowhere"), std::string::npos) << message;
    EXPECT_EQ(Total(CountRows(m_path)), 0);

    // The store is still usable after the failures.
    int64_t id = Save(FullNetwork());
    ExpectSameNetwork(FullNetwork(), m_store->LoadSnapshot(id));
}

TEST_F(StoreSnapshots, FailureInLastTableRollsBackEverything)
{
    {
        // A trigger added through another connection makes the very last insert fail.
        SqliteDatabase db(m_path);
        db.Execute("CREATE TRIGGER fail_route BEFORE INSERT ON routes WHEN NEW.metric = 1 "
                   "BEGIN SELECT RAISE(ABORT, 'forced route failure'); END",
                   "add a failing trigger");
    }
    std::string message = ErrorOf([&] { Save(FullNetwork()); });
    EXPECT_NE(message.find("forced route failure"), std::string::npos) << message;
    EXPECT_EQ(Total(CountRows(m_path)), 0);
    EXPECT_TRUE(m_store->ListSnapshots().empty());
    EXPECT_FALSE(m_store->FindSnapshot(TwinStore::ContentHash(FullNetwork())).has_value());
}

TEST_F(StoreSnapshots, ViewsDescribeTheTopology)
{
    int64_t id = Save(FullNetwork());
    SqliteDatabase db(m_path);

    // Each direction of a bidirectional link finds the other as its reverse.
    SqliteStatement pairs(db,
                          "SELECT l.link, r.link FROM link_topology l "
                          "JOIN link_topology r ON r.link_id = l.reverse_link_id "
                          "WHERE l.snapshot_id = ? ORDER BY l.link_id",
                          "pair links");
    pairs.BindInt64(1, id);
    std::vector<std::pair<std::string, std::string>> found;
    while (pairs.Step())
    {
        found.emplace_back(pairs.ColumnText(0), pairs.ColumnText(1));
    }
    const auto& links = FullNetwork().links;
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0], std::make_pair(links[0].id, links[1].id));
    EXPECT_EQ(found[1], std::make_pair(links[1].id, links[0].id));
    EXPECT_EQ(found[2], std::make_pair(links[2].id, links[3].id));
    EXPECT_EQ(found[3], std::make_pair(links[3].id, links[2].id));

    SqliteStatement owner(db,
                          "SELECT node, interface FROM node_addresses WHERE snapshot_id = ? "
                          "AND cidr = '10.0.1.1/31'",
                          "find an address");
    owner.BindInt64(1, id);
    ASSERT_TRUE(owner.Step());
    EXPECT_EQ(owner.ColumnText(0), "B");
    EXPECT_EQ(owner.ColumnText(1), "ge-0/0/1.100");
    owner.Reset();

    EXPECT_EQ(db.QueryText("SELECT group_concat(node || ' ' || destination || ' ' || "
                           "coalesce(next_hop, '-') || ' ' || coalesce(out_interface, '-'), "
                           "'; ') FROM route_table",
                           "list routes"),
              "A 10.0.1.0/31 10.0.0.2 eth0; C 'quoted' node 0.0.0.0/0 10.0.1.1 -; "
              "B 192.168.7.0/24 - eth0");
    EXPECT_EQ(db.QueryInt64("SELECT demand_count FROM snapshot_summary", "demands"), 2);
}

} // namespace
} // namespace test
} // namespace ns3
