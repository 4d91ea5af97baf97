/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Schema versions 3 and 4: collected traffic (traffic sets, their flows and packet sequences),
// written by a streaming, atomic TwinTrafficWriter, and the migration of version 2 stores.

#include "store-test-data.h"
#include "test-util.h"

#include "ns3/pcap-flow-reader.h"
#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"
#include "ns3/twin-traffic.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/// A valid SHA-256 in the form the store wants.
const std::string kSha = std::string(64, 'c');

/** @param snapshot the snapshot @return set info with every field set */
TwinTrafficSetInfo
SetInfo(int64_t snapshot)
{
    TwinTrafficSetInfo info;
    info.snapshotId = snapshot;
    info.sourcePath = "captures/edge.pcapng";
    info.format = "pcapng";
    info.contentSha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    info.anonymised = true;
    info.optionsJson = R"({"idle_timeout_s":60,"rule":"default"})";
    return info;
}

/**
 * A flow whose every field depends on i.
 * @param i the index
 * @return a mapped IPv4 TCP flow
 */
TwinMappedFlow
Flow(uint32_t i)
{
    TwinMappedFlow m;
    TwinFlowRecord& f = m.flow;
    f.ipVersion = 4;
    f.sourceAddress = "10.0." + std::to_string(i % 256) + "." + std::to_string(i % 200 + 1);
    f.destAddress = "192.168.1." + std::to_string(i % 250 + 1);
    f.protocol = 6;
    f.sourcePort = static_cast<uint16_t>(1024 + i % 60000);
    f.destPort = 443;
    f.startSeconds = 1700000000.0 + (i * 7919 % 100000) * 0.001;
    f.endSeconds = f.startSeconds + 0.5 + i % 3;
    f.bytes = 1000 + i;
    f.packets = 2 + i % 50;
    f.tcpFlags = 0x1b;
    f.source.file = "edge.pcapng";
    f.source.line = i + 1;
    m.sourceNode = "A";
    m.destNode = "B";
    m.sourceRule = "snapshot";
    m.destRule = "default";
    return m;
}

/** @param a expected @param b actual */
void
ExpectSameFlow(const TwinMappedFlow& a, const TwinMappedFlow& b)
{
    EXPECT_EQ(a.flow.ipVersion, b.flow.ipVersion);
    EXPECT_EQ(a.flow.sourceAddress, b.flow.sourceAddress);
    EXPECT_EQ(a.flow.destAddress, b.flow.destAddress);
    EXPECT_EQ(a.flow.protocol, b.flow.protocol);
    EXPECT_EQ(a.flow.sourcePort, b.flow.sourcePort);
    EXPECT_EQ(a.flow.destPort, b.flow.destPort);
    EXPECT_EQ(a.flow.startSeconds, b.flow.startSeconds);
    EXPECT_EQ(a.flow.endSeconds, b.flow.endSeconds);
    EXPECT_EQ(a.flow.bytes, b.flow.bytes);
    EXPECT_EQ(a.flow.packets, b.flow.packets);
    EXPECT_EQ(a.flow.tcpFlags, b.flow.tcpFlags);
    EXPECT_EQ(a.flow.samplingInterval, b.flow.samplingInterval);
    EXPECT_EQ(a.flow.scaled, b.flow.scaled);
    EXPECT_EQ(a.flow.ingressInterface, b.flow.ingressInterface);
    EXPECT_EQ(a.flow.exporter, b.flow.exporter);
    EXPECT_EQ(a.flow.source.file, b.flow.source.file);
    EXPECT_EQ(a.flow.source.line, b.flow.source.line);
    EXPECT_EQ(a.flow.source.path, b.flow.source.path);
    EXPECT_EQ(a.sourceNode, b.sourceNode);
    EXPECT_EQ(a.destNode, b.destNode);
    EXPECT_EQ(a.sourceRule, b.sourceRule);
    EXPECT_EQ(a.destRule, b.destRule);
}

/** @param flows some flows @return stats a reader would give for them */
TwinTrafficReadStats
StatsOf(const std::vector<TwinMappedFlow>& flows)
{
    TwinTrafficReadStats stats;
    stats.recordsRead = flows.size() + 3;
    stats.recordsSkipped = 1;
    for (const auto& m : flows)
    {
        stats.flows += 1;
        stats.bytes += m.flow.bytes;
    }
    return stats;
}

/**
 * Store flows as one committed set.
 * @param store the store
 * @param snapshot the snapshot
 * @param flows the flows
 * @return the set id
 */
int64_t
StoreSet(TwinStore& store, int64_t snapshot, const std::vector<TwinMappedFlow>& flows)
{
    auto writer = store.BeginTrafficSet(SetInfo(snapshot));
    for (const auto& f : flows)
    {
        writer->Add(f);
    }
    return writer->Commit(StatsOf(flows));
}

/** @param store a store @param set a set @return its flows, in streamed order */
std::vector<TwinMappedFlow>
ReadSet(TwinStore& store, int64_t set)
{
    std::vector<TwinMappedFlow> flows;
    store.ForEachTrafficFlow(set, [&](const TwinMappedFlow& f) { flows.push_back(f); });
    return flows;
}

using TrafficStore = SavedNetworkFixture;

TEST_F(TrafficStore, EveryFieldRoundTripsIncludingIpv6AndUnmappedFlows)
{
    TwinMappedFlow v6;
    v6.flow.ipVersion = 6;
    v6.flow.sourceAddress = "2001:db8::1";
    v6.flow.destAddress = "2001:db8:ffff::abcd";
    v6.flow.protocol = 17;
    v6.flow.sourcePort = 65535;
    v6.flow.destPort = 53;
    v6.flow.startSeconds = 1700000100.125;
    v6.flow.endSeconds = 1700000100.125; // a one-packet flow
    v6.flow.bytes = 9007199254740993ULL; // above 2^53: must stay exact
    v6.flow.packets = 123456789012ULL;
    v6.flow.tcpFlags = 0;
    v6.flow.samplingInterval = 512;
    v6.flow.scaled = true;
    v6.flow.ingressInterface = 4294967295U;
    v6.flow.exporter = "192.0.2.7/domain 3";
    v6.flow.source.file = "export.ipfix";
    v6.flow.source.line = 42;
    v6.flow.source.path = "message 3 set 256 record 7";
    v6.sourceNode = "B";
    v6.sourceRule = "ingress-interface";
    // destination unmapped: empty node and rule

    TwinMappedFlow unmapped = Flow(1);
    unmapped.flow.protocol = 1;
    unmapped.flow.sourcePort = 0;
    unmapped.flow.destPort = 8 * 256;
    unmapped.flow.tcpFlags = 0;
    unmapped.flow.source = {};
    unmapped.sourceNode.clear();
    unmapped.sourceRule.clear();
    unmapped.destNode.clear();
    unmapped.destRule.clear();

    TwinMappedFlow v4 = Flow(2);
    v4.flow.startSeconds = 1699999999.0; // earliest: streamed first although added last
    v4.flow.endSeconds = 1700000200.5;
    v4.destRule = "prefix-file";

    std::vector<TwinMappedFlow> added = {v6, unmapped, v4};
    int64_t set = StoreSet(*m_store, m_snapshot, added);
    EXPECT_EQ(set, 1);

    auto read = ReadSet(*m_store, set);
    ASSERT_EQ(read.size(), 3u);
    ExpectSameFlow(v4, read[0]);
    if (unmapped.flow.startSeconds < v6.flow.startSeconds)
    {
        ExpectSameFlow(unmapped, read[1]);
        ExpectSameFlow(v6, read[2]);
    }
    else
    {
        ExpectSameFlow(v6, read[1]);
        ExpectSameFlow(unmapped, read[2]);
    }

    // Unmapped ends and absent source details are NULL, not empty text.
    SqliteDatabase db(m_path);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM traffic_flows WHERE source_node IS NULL AND "
                            "source_rule IS NULL AND dest_node IS NULL AND dest_rule IS NULL "
                            "AND record_file IS NULL AND record_index IS NULL AND exporter IS "
                            "NULL AND record_path IS NULL",
                            "count unmapped"),
              1);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM traffic_flows WHERE dest_node IS NULL",
                            "count unmapped destinations"),
              2);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM traffic_flows WHERE source_node = '' OR "
                            "dest_node = '' OR source_rule = '' OR dest_rule = '' OR "
                            "exporter = '' OR record_file = '' OR record_path = ''",
                            "count empty text"),
              0);

    auto sets = m_store->ListTrafficSets();
    ASSERT_EQ(sets.size(), 1u);
    auto found = m_store->FindTrafficSet(set);
    ASSERT_TRUE(found.has_value());
    TwinTrafficSetInfo expected = SetInfo(m_snapshot);
    TwinTrafficReadStats stats = StatsOf(added);
    for (const auto& info : {sets[0], *found})
    {
        EXPECT_EQ(info.id, set);
        EXPECT_EQ(info.snapshotId, m_snapshot);
        EXPECT_EQ(info.sourcePath, expected.sourcePath);
        EXPECT_EQ(info.format, expected.format);
        EXPECT_EQ(info.contentSha256, expected.contentSha256);
        EXPECT_TRUE(info.anonymised);
        EXPECT_EQ(info.optionsJson, expected.optionsJson);
        EXPECT_EQ(info.recordsRead, stats.recordsRead);
        EXPECT_EQ(info.recordsSkipped, 1u);
        EXPECT_EQ(info.flows, 3u);
        EXPECT_EQ(info.bytes, stats.bytes);
        EXPECT_EQ(info.createdAt.size(), 20u) << info.createdAt;
    }
    EXPECT_FALSE(m_store->FindTrafficSet(set + 1).has_value());
    EXPECT_NE(ErrorOf([&] { m_store->ForEachTrafficFlow(set + 1, [](const TwinMappedFlow&) {}); })
                  .find("no traffic set with id 2"),
              std::string::npos);

    // The summary view splits mapped (both ends) from unmapped flows.
    SqliteStatement summary(db,
                            "SELECT flows, bytes, mapped_flows, mapped_bytes, unmapped_flows, "
                            "unmapped_bytes, first_start_s, last_end_s, span_s, network "
                            "FROM traffic_summary WHERE set_id = ?",
                            "read the summary");
    summary.BindInt64(1, set);
    ASSERT_TRUE(summary.Step());
    EXPECT_EQ(summary.ColumnInt64(0), 3);
    EXPECT_EQ(summary.ColumnUint64(1), stats.bytes);
    EXPECT_EQ(summary.ColumnInt64(2), 1);
    EXPECT_EQ(summary.ColumnUint64(3), v4.flow.bytes);
    EXPECT_EQ(summary.ColumnInt64(4), 2);
    EXPECT_EQ(summary.ColumnUint64(5), v6.flow.bytes + unmapped.flow.bytes);
    EXPECT_EQ(summary.ColumnDouble(6), v4.flow.startSeconds);
    EXPECT_EQ(summary.ColumnDouble(7), v4.flow.endSeconds);
    EXPECT_DOUBLE_EQ(summary.ColumnDouble(8), v4.flow.endSeconds - v4.flow.startSeconds);
    EXPECT_EQ(summary.ColumnText(9), m_network.name);
}

TEST_F(TrafficStore, EmptySetIsStoredAndSummarised)
{
    auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
    int64_t set = writer->Commit(TwinTrafficReadStats{});
    EXPECT_TRUE(ReadSet(*m_store, set).empty());
    SqliteDatabase db(m_path);
    EXPECT_EQ(db.QueryInt64("SELECT flows + bytes + mapped_flows + unmapped_flows + "
                            "mapped_bytes + unmapped_bytes FROM traffic_summary",
                            "read the summary"),
              0);
}

TEST_F(TrafficStore, WriterDestroyedWithoutCommitLeavesNothing)
{
    StoreSet(*m_store, m_snapshot, {Flow(0)});
    const auto before = CountRows(m_path);
    {
        auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
        for (uint32_t i = 0; i < 1000; ++i)
        {
            writer->Add(Flow(i));
        }
        EXPECT_EQ(writer->GetFlowCount(), 1000u);
    }
    EXPECT_EQ(CountRows(m_path), before);
    EXPECT_EQ(m_store->ListTrafficSets().size(), 1u);
    // The store takes another writer, and other writes, afterwards.
    int64_t set = StoreSet(*m_store, m_snapshot, {Flow(5), Flow(6)});
    EXPECT_EQ(ReadSet(*m_store, set).size(), 2u);
    EXPECT_GT(m_store->SaveScenario("s", "{}", "json", "s.json", nullptr), 0);
}

TEST_F(TrafficStore, ExceptionMidStreamLeavesNothing)
{
    const auto before = CountRows(m_path);
    // An invalid flow: the store refuses it with the flow named.
    TwinMappedFlow bad = Flow(77);
    bad.flow.endSeconds = bad.flow.startSeconds - 1;
    std::string message = ErrorOf(
        [&]
        {
            auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
            for (uint32_t i = 0; i < 500; ++i)
            {
                writer->Add(Flow(i));
            }
            writer->Add(bad);
            writer->Commit(TwinTrafficReadStats{});
        });
    EXPECT_NE(message.find("CHECK"), std::string::npos) << message;
    EXPECT_NE(message.find(bad.flow.sourceAddress), std::string::npos) << message;
    EXPECT_NE(message.find("edge.pcapng:78"), std::string::npos) << message;
    EXPECT_EQ(CountRows(m_path), before);

    // A failure of the caller (e.g. a reader hitting a corrupt file) unwinds the writer too.
    EXPECT_THROW(
        {
            auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
            for (uint32_t i = 0; i < 500; ++i)
            {
                writer->Add(Flow(i));
            }
            throw std::runtime_error("truncated capture");
        },
        std::runtime_error);
    EXPECT_EQ(CountRows(m_path), before);

    // Rule without node, unknown rule, bad IP version, NaN time: each refused.
    std::vector<TwinMappedFlow> invalid(4, Flow(3));
    invalid[0].sourceNode.clear();
    invalid[1].destRule = "guess";
    invalid[2].flow.ipVersion = 5;
    invalid[3].flow.startSeconds = std::numeric_limits<double>::quiet_NaN();
    auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
    for (const auto& f : invalid)
    {
        EXPECT_THROW(writer->Add(f), TwinStoreError);
    }
    // A refused flow is not counted; the writer goes on.
    writer->Add(Flow(9));
    int64_t set = writer->Commit(StatsOf({Flow(9)}));
    EXPECT_EQ(ReadSet(*m_store, set).size(), 1u);
    EXPECT_THROW(writer->Add(Flow(10)), TwinStoreError);
    EXPECT_THROW(writer->Commit(TwinTrafficReadStats{}), TwinStoreError);
}

TEST_F(TrafficStore, CommitRefusesCountsThatDisagree)
{
    const auto before = CountRows(m_path);
    auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
    writer->Add(Flow(1));
    writer->Add(Flow(2));
    TwinTrafficReadStats stats = StatsOf({Flow(1), Flow(2)});
    stats.flows = 3;
    std::string message = ErrorOf([&] { writer->Commit(stats); });
    EXPECT_NE(message.find("delivered 3 flows"), std::string::npos) << message;
    writer.reset();
    EXPECT_EQ(CountRows(m_path), before);
}

TEST_F(TrafficStore, OneWriterAtATimeAndInvalidSetsAreRefused)
{
    const auto before = CountRows(m_path);
    {
        auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
        std::string message = ErrorOf([&] { m_store->BeginTrafficSet(SetInfo(m_snapshot)); });
        EXPECT_NE(message.find("another traffic set is being written"), std::string::npos)
            << message;
        EXPECT_NE(message.find(m_path), std::string::npos) << message;
    }
    TwinTrafficSetInfo unknown = SetInfo(m_snapshot + 10);
    EXPECT_NE(ErrorOf([&] { m_store->BeginTrafficSet(unknown); }).find("no snapshot with id"),
              std::string::npos);
    TwinTrafficSetInfo badHash = SetInfo(m_snapshot);
    badHash.contentSha256 = std::string(64, 'C');
    EXPECT_NE(ErrorOf([&] { m_store->BeginTrafficSet(badHash); }).find("SHA-256"),
              std::string::npos);
    TwinTrafficSetInfo badOptions = SetInfo(m_snapshot);
    badOptions.optionsJson = "[1, 2";
    EXPECT_NE(ErrorOf([&] { m_store->BeginTrafficSet(badOptions); }).find("JSON object"),
              std::string::npos);
    TwinTrafficSetInfo noFormat = SetInfo(m_snapshot);
    noFormat.format.clear();
    EXPECT_NE(ErrorOf([&] { m_store->BeginTrafficSet(noFormat); }).find("format"),
              std::string::npos);
    EXPECT_EQ(CountRows(m_path), before);
    // None of the refusals left the store thinking a writer is open.
    StoreSet(*m_store, m_snapshot, {Flow(1)});
}

TEST_F(TrafficStore, DeletingTheSnapshotDeletesItsTraffic)
{
    StoreSet(*m_store, m_snapshot, {Flow(1), Flow(2)});
    SqliteDatabase db(m_path);
    db.Execute("PRAGMA foreign_keys = ON; DELETE FROM runs; DELETE FROM sweeps; "
               "DELETE FROM snapshots",
               "delete the snapshot");
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM traffic_sets", "count sets"), 0);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM traffic_flows", "count flows"), 0);
}

TEST_F(TrafficStore, LargeSetIsWrittenAndStreamedBack)
{
    constexpr uint32_t kFlows = 200000;
    uint64_t bytes = 0;
    auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
    for (uint32_t i = 0; i < kFlows; ++i)
    {
        TwinMappedFlow f = Flow(i);
        if (i % 10 == 0)
        {
            f.destNode.clear();
            f.destRule.clear();
        }
        bytes += f.flow.bytes;
        writer->Add(f);
    }
    TwinTrafficReadStats stats;
    stats.recordsRead = kFlows;
    stats.flows = kFlows;
    stats.bytes = bytes;
    int64_t set = writer->Commit(stats);
    writer.reset();

    uint64_t count = 0;
    uint64_t readBytes = 0;
    double last = 0;
    bool ordered = true;
    m_store->ForEachTrafficFlow(set,
                                [&](const TwinMappedFlow& f)
                                {
                                    ordered = ordered && f.flow.startSeconds >= last;
                                    last = f.flow.startSeconds;
                                    ++count;
                                    readBytes += f.flow.bytes;
                                });
    EXPECT_EQ(count, kFlows);
    EXPECT_EQ(readBytes, bytes);
    EXPECT_TRUE(ordered);
    SqliteDatabase db(m_path);
    EXPECT_EQ(db.QueryInt64("SELECT unmapped_flows FROM traffic_summary", "summary"), kFlows / 10);
}

TEST_F(TrafficStore, ReadersOfAnotherConnectionSeeTheOldStateWhileAWriterStreams)
{
    int64_t old = StoreSet(*m_store, m_snapshot, {Flow(1), Flow(2), Flow(3)});
    auto before = CountRows(m_path);
    auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
    for (uint32_t i = 0; i < 5000; ++i)
    {
        writer->Add(Flow(i));
    }
    // The store's own connection sees its uncommitted flows.
    EXPECT_EQ(ReadSet(*m_store, old + 1).size(), 5000u);
    {
        TwinStore reader(m_path);
        auto sets = reader.ListTrafficSets();
        ASSERT_EQ(sets.size(), 1u);
        EXPECT_EQ(sets[0].id, old);
        EXPECT_FALSE(reader.FindTrafficSet(old + 1).has_value());
        EXPECT_EQ(ReadSet(reader, old).size(), 3u);
        EXPECT_EQ(CountRows(m_path), before);
        EXPECT_EQ(reader.ListSnapshots().size(), 1u);

        // More flows while the reader is open; then commit: the reader sees the new set whole.
        for (uint32_t i = 5000; i < 6000; ++i)
        {
            writer->Add(Flow(i));
        }
        std::vector<TwinMappedFlow> all;
        for (uint32_t i = 0; i < 6000; ++i)
        {
            all.push_back(Flow(i));
        }
        int64_t set = writer->Commit(StatsOf(all));
        EXPECT_EQ(reader.FindTrafficSet(set)->flows, 6000u);
        EXPECT_EQ(ReadSet(reader, set).size(), 6000u);
    }
}

/**
 * A flow with a packet sequence: its packets, bytes and times follow the packets.
 * @param i the flow index (names its first packet i * 1000 + 1)
 * @param packets the packets, in time order
 * @return the flow
 */
TwinMappedFlow
FlowWithPackets(uint32_t i, const std::vector<TwinPacketRecord>& packets)
{
    TwinMappedFlow m = Flow(i);
    m.flow.source.line = i * 1000 + 1;
    m.flow.packets = packets.size();
    m.flow.bytes = 0;
    for (const auto& p : packets)
    {
        m.flow.bytes += p.bytes;
    }
    m.flow.startSeconds = static_cast<double>(packets.front().timeNs) * 1e-9;
    m.flow.endSeconds = static_cast<double>(packets.back().timeNs) * 1e-9;
    m.packets = packets;
    return m;
}

/**
 * Store flows with their packet sequences, in chunks of at most chunkSize packets.
 * @param store the store
 * @param snapshot the snapshot
 * @param flows the flows (their packets are stored as their sequences)
 * @param chunkSize packets per chunk
 * @return the set id
 */
int64_t
StoreSetWithPackets(TwinStore& store, int64_t snapshot, const std::vector<TwinMappedFlow>& flows,
                    std::size_t chunkSize)
{
    auto writer = store.BeginTrafficSet(SetInfo(snapshot));
    for (const auto& f : flows)
    {
        uint32_t chunk = 0;
        for (std::size_t at = 0; at < f.packets.size(); at += chunkSize)
        {
            std::size_t end = std::min(f.packets.size(), at + chunkSize);
            writer->AddPackets(
                f.flow.source.line, chunk++,
                std::vector<TwinPacketRecord>(f.packets.begin() + at, f.packets.begin() + end));
        }
        // The record may come after its packets (as the capture reader delivers them).
        TwinMappedFlow record = f;
        record.packets.clear();
        writer->Add(record);
    }
    return writer->Commit(StatsOf(flows));
}

/**
 * @param store a store
 * @param set a set
 * @return its flows with their packets, in streamed order
 */
std::vector<TwinMappedFlow>
ReadSetWithPackets(TwinStore& store, int64_t set)
{
    std::vector<TwinMappedFlow> flows;
    store.ForEachTrafficFlow(
        set, [&](const TwinMappedFlow& f) { flows.push_back(f); }, true);
    return flows;
}

/** @return three flows whose packets exercise the encoding's edges */
std::vector<TwinMappedFlow>
FlowsWithEdgePackets()
{
    const int64_t t0 = 1700000000LL * 1000000000LL + 123456789;
    // One packet; equal times (zero gaps); gaps of 1 ns and of more than 2^35 ns (days);
    // sizes of 0, 1, 127, 128 (one and two varint bytes), 65535 and 2^32 - 1.
    std::vector<TwinPacketRecord> single{{t0, 40}};
    std::vector<TwinPacketRecord> edges{{t0, 0},
                                        {t0, 1},
                                        {t0 + 1, 127},
                                        {t0 + 1, 128},
                                        {t0 + 1 + (1LL << 36), 65535},
                                        {t0 + 2 + (1LL << 36), 4294967295U}};
    // Long: 10000 packets over several chunks, gaps varying from 0 to about 1 ms.
    std::vector<TwinPacketRecord> longFlow;
    int64_t t = t0 - 5000;
    for (uint32_t k = 0; k < 10000; ++k)
    {
        t += (k * 7919) % 1000003;
        longFlow.push_back({t, 40 + (k * 31) % 1461});
    }
    return {FlowWithPackets(1, single), FlowWithPackets(2, edges), FlowWithPackets(3, longFlow)};
}

TEST_F(TrafficStore, PacketSequencesRoundTripExactly)
{
    auto flows = FlowsWithEdgePackets();
    int64_t set = StoreSetWithPackets(*m_store, m_snapshot, flows, 4096);
    auto info = m_store->FindTrafficSet(set);
    ASSERT_TRUE(info.has_value());
    EXPECT_TRUE(info->packetSequences);
    SqliteDatabase db(m_path);
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM traffic_packets WHERE first_packet = 3001",
                            "count the chunks"),
              3);

    auto read = ReadSetWithPackets(*m_store, set);
    ASSERT_EQ(read.size(), flows.size());
    std::set<int64_t> ids;
    for (const auto& r : read)
    {
        ids.insert(r.flowId);
        auto same = std::find_if(flows.begin(), flows.end(),
                                 [&](const TwinMappedFlow& f)
                                 { return f.flow.source.line == r.flow.source.line; });
        ASSERT_NE(same, flows.end());
        ExpectSameFlow(*same, r);
        ASSERT_EQ(r.packets.size(), same->packets.size()) << r.flow.source.line;
        for (std::size_t k = 0; k < r.packets.size(); ++k)
        {
            ASSERT_EQ(r.packets[k].timeNs, same->packets[k].timeNs) << k;
            ASSERT_EQ(r.packets[k].bytes, same->packets[k].bytes) << k;
        }
    }
    EXPECT_EQ(ids.size(), flows.size());
    EXPECT_EQ(ids.count(0), 0u);

    // Without withPackets the flows come without packets but with their ids.
    for (const auto& r : ReadSet(*m_store, set))
    {
        EXPECT_TRUE(r.packets.empty());
        EXPECT_EQ(ids.count(r.flowId), 1u);
    }
    // A set without sequences says so, and its flows have none even when asked.
    int64_t plain = StoreSet(*m_store, m_snapshot, {Flow(1), Flow(2)});
    EXPECT_FALSE(m_store->FindTrafficSet(plain)->packetSequences);
    EXPECT_TRUE(m_store->ListTrafficSets().at(0).packetSequences);
    for (const auto& r : ReadSetWithPackets(*m_store, plain))
    {
        EXPECT_TRUE(r.packets.empty());
        EXPECT_GT(r.flowId, 0);
    }
}

TEST_F(TrafficStore, ChunkSizeDoesNotChangeTheSequence)
{
    auto flows = FlowsWithEdgePackets();
    int64_t one = StoreSetWithPackets(*m_store, m_snapshot, flows, 1);
    int64_t big = StoreSetWithPackets(*m_store, m_snapshot, flows, 100000);
    auto a = ReadSetWithPackets(*m_store, one);
    auto b = ReadSetWithPackets(*m_store, big);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        ASSERT_EQ(a[i].packets.size(), b[i].packets.size());
        for (std::size_t k = 0; k < a[i].packets.size(); ++k)
        {
            ASSERT_EQ(a[i].packets[k].timeNs, b[i].packets[k].timeNs);
            ASSERT_EQ(a[i].packets[k].bytes, b[i].packets[k].bytes);
        }
    }
}

TEST_F(TrafficStore, AddPacketsRefusesBadChunks)
{
    const auto before = CountRows(m_path);
    const int64_t t0 = 1700000000LL * 1000000000LL;
    struct Case
    {
        std::string name;                            //!< what is wrong
        std::function<void(TwinTrafficWriter&)> add; //!< the chunks added
        std::string words;                           //!< part of the message
    };
    std::vector<Case> cases{
        {"empty", [](TwinTrafficWriter& w) { w.AddPackets(1, 0, {}); }, "empty chunk"},
        {"index 0",
         [&](TwinTrafficWriter& w) {
             w.AddPackets(0, 0, {{t0, 1}});
         },
         "from 1 to 2^63 - 1"},
        {"backwards in a chunk",
         [&](TwinTrafficWriter& w) {
             w.AddPackets(1, 0, {{t0, 1}, {t0 - 1, 1}});
         },
         "packet 2 of the chunk"},
        {"chunk 1 first",
         [&](TwinTrafficWriter& w) {
             w.AddPackets(1, 1, {{t0, 1}});
         },
         "chunk 0 was not stored before it"},
        {"a gap in the chunks",
         [&](TwinTrafficWriter& w)
         {
             w.AddPackets(1, 0, {{t0, 1}});
             w.AddPackets(1, 2, {{t0, 1}});
         },
         "chunk 1 was not stored before it"},
        {"backwards across chunks",
         [&](TwinTrafficWriter& w)
         {
             w.AddPackets(1, 0, {{t0, 1}, {t0 + 10, 1}});
             w.AddPackets(1, 1, {{t0 + 9, 1}});
         },
         "before the last packet of chunk 0"},
        {"a chunk twice",
         [&](TwinTrafficWriter& w)
         {
             w.AddPackets(1, 0, {{t0, 1}});
             w.AddPackets(1, 0, {{t0, 1}});
         },
         "UNIQUE"},
    };
    for (const auto& c : cases)
    {
        std::string message = ErrorOf(
            [&]
            {
                auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
                writer->Add(Flow(0));
                c.add(*writer);
            });
        EXPECT_NE(message.find(c.words), std::string::npos) << c.name << ": " << message;
        EXPECT_NE(message.find("traffic set"), std::string::npos) << c.name << ": " << message;
        EXPECT_EQ(CountRows(m_path), before) << c.name;
    }
    // Closed writers refuse packets.
    auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
    writer->Commit(TwinTrafficReadStats{});
    EXPECT_NE(ErrorOf(
                  [&] {
                      writer->AddPackets(1, 0, {{t0, 1}});
                  })
                  .find("closed"),
              std::string::npos);
}

TEST_F(TrafficStore, CommitRefusesSequencesThatDoNotMatchTheirFlows)
{
    StoreSet(*m_store, m_snapshot, {Flow(0)});
    const auto before = CountRows(m_path);
    const auto good = FlowsWithEdgePackets();
    struct Case
    {
        std::string name;                            //!< what is wrong
        std::function<void(TwinMappedFlow&)> change; //!< applied to the record of flow 2
        std::string words;                           //!< part of the message
    };
    std::vector<Case> cases{
        {"no flow", [](TwinMappedFlow& f) { f.flow.source.line += 1; }, "belongs to no flow"},
        {"a packet more in the flow", [](TwinMappedFlow& f) { f.flow.packets += 1; },
         "holds 6 packets of"},
        {"a byte less in the flow", [](TwinMappedFlow& f) { f.flow.bytes -= 1; },
         "bytes, but its flow has 6 packets"},
    };
    for (const auto& c : cases)
    {
        std::string message = ErrorOf(
            [&]
            {
                auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
                TwinTrafficReadStats stats;
                for (auto f : good)
                {
                    uint32_t chunk = 0;
                    for (const auto& p : f.packets)
                    {
                        writer->AddPackets(f.flow.source.line, chunk++, {p});
                    }
                    if (f.flow.source.line == 2001)
                    {
                        c.change(f);
                    }
                    stats.flows += 1;
                    stats.bytes += f.flow.bytes;
                    writer->Add(f);
                }
                writer->Commit(stats);
            });
        EXPECT_NE(message.find(c.words), std::string::npos) << c.name << ": " << message;
        EXPECT_NE(message.find("first packet 2001"), std::string::npos)
            << c.name << ": " << message;
        EXPECT_EQ(CountRows(m_path), before) << c.name;
        EXPECT_EQ(m_store->ListTrafficSets().size(), 1u) << c.name;
    }
    // Two flows named by one first packet make a sequence ambiguous.
    std::string message = ErrorOf(
        [&]
        {
            auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
            writer->AddPackets(1001, 0, good[0].packets);
            TwinMappedFlow twin = good[0];
            twin.packets.clear();
            writer->Add(twin);
            writer->Add(twin);
            writer->Commit(StatsOf({twin, twin}));
        });
    EXPECT_NE(message.find("ambiguous"), std::string::npos) << message;
    EXPECT_EQ(CountRows(m_path), before);
    // The store takes a good set afterwards.
    int64_t set = StoreSetWithPackets(*m_store, m_snapshot, good, 3);
    EXPECT_EQ(ReadSetWithPackets(*m_store, set).size(), good.size());
}

TEST_F(TrafficStore, DamagedSequenceIsAnErrorNamingTheSetAndTheFlow)
{
    const auto flows = FlowsWithEdgePackets();
    struct Case
    {
        std::string name;   //!< the damage
        std::string update; //!< SQL doing it to chunk 0 of flow 2001
        std::string words;  //!< part of the message
    };
    std::vector<Case> cases{
        {"truncated varint", "data = substr(data, 1, length(data) - 1)",
         "cannot decode packet 6 of 6"},
        {"a packet more than the data", "packets = packets + 1", "cannot decode packet 7 of 7"},
        {"a packet less than the data", "packets = packets - 1", "bytes left after the 5"},
        {"a varint beyond 64 bits", "data = x'ffffffffffffffffffff7f00'",
         "cannot decode packet 1 of 6"},
        {"a time overflowing", "start_ns = 9223372036854775000", "overflows"},
        {"a size changed", "data = CAST(substr(data, 1, 3) || x'00' || substr(data, 5) AS BLOB)",
         "it holds 6 packets of 4295033085 bytes, the flow 6 packets of 4295033086 bytes"},
    };
    for (const auto& c : cases)
    {
        int64_t set = StoreSetWithPackets(*m_store, m_snapshot, flows, 4096);
        {
            SqliteDatabase db(m_path);
            db.Execute("UPDATE traffic_packets SET " + c.update +
                           " WHERE set_id = " + std::to_string(set) + " AND first_packet = 2001",
                       "damage a chunk");
        }
        std::string message = ErrorOf([&] { ReadSetWithPackets(*m_store, set); });
        EXPECT_NE(message.find(c.words), std::string::npos) << c.name << ": " << message;
        EXPECT_NE(message.find("traffic set " + std::to_string(set)), std::string::npos)
            << c.name << ": " << message;
        EXPECT_NE(message.find(flows[1].flow.sourceAddress), std::string::npos) << message;
        EXPECT_NE(message.find("first packet 2001"), std::string::npos) << message;
        // Flows alone still read.
        EXPECT_EQ(ReadSet(*m_store, set).size(), flows.size()) << c.name;
    }
    // A missing chunk in the middle of a sequence is found as well.
    int64_t set = StoreSetWithPackets(*m_store, m_snapshot, flows, 4096);
    {
        SqliteDatabase db(m_path);
        db.Execute("DELETE FROM traffic_packets WHERE set_id = " + std::to_string(set) +
                       " AND first_packet = 3001 AND chunk = 1",
                   "lose a chunk");
    }
    std::string message = ErrorOf([&] { ReadSetWithPackets(*m_store, set); });
    EXPECT_NE(message.find("chunk 2 where chunk 1 belongs"), std::string::npos) << message;
}

TEST_F(TrafficStore, DeletingASetDeletesItsPacketSequences)
{
    int64_t set = StoreSetWithPackets(*m_store, m_snapshot, FlowsWithEdgePackets(), 4096);
    SqliteDatabase db(m_path);
    EXPECT_GT(db.QueryInt64("SELECT count(*) FROM traffic_packets", "count chunks"), 0);
    db.Execute("PRAGMA foreign_keys = ON; DELETE FROM traffic_sets WHERE id = " +
                   std::to_string(set),
               "delete the set");
    EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM traffic_packets", "count chunks"), 0);
}

TEST_F(TrafficStore, PacketSequencesOfRealCapturesRoundTrip)
{
    for (const std::string name :
         {"dns_udp.pcap", "http-ooo.pcap", "icmpv6.pcap", "netperfmeter.pcapng"})
    {
        SCOPED_TRACE(name);
        std::string path = ReferenceDataPath("pcap/" + name);
        if (!std::filesystem::exists(path))
        {
            GTEST_SKIP() << "reference data absent: " << path;
        }
        // Straight from the reader into the store, as the command line does it, keeping a
        // copy of every sequence to compare with.
        std::map<uint64_t, std::vector<TwinPacketRecord>> sent;
        auto writer = m_store->BeginTrafficSet(SetInfo(m_snapshot));
        TwinFlowSink flowSink = [&](const TwinFlowRecord& flow)
        {
            TwinMappedFlow mapped;
            mapped.flow = flow;
            writer->Add(mapped);
        };
        TwinPacketSink packetSink =
            [&](uint64_t first, uint32_t chunk, const std::vector<TwinPacketRecord>& packets)
        {
            writer->AddPackets(first, chunk, packets);
            sent[first].insert(sent[first].end(), packets.begin(), packets.end());
        };
        TwinDiagnostics diagnostics;
        TwinTrafficReadStats stats =
            ReadPcapFlows(path, {}, flowSink, diagnostics, nullptr, &packetSink);
        ASSERT_FALSE(diagnostics.HasErrors());
        int64_t set = writer->Commit(stats);
        writer.reset();
        EXPECT_TRUE(m_store->FindTrafficSet(set)->packetSequences);

        uint64_t packets = 0;
        std::size_t flows = 0;
        m_store->ForEachTrafficFlow(
            set,
            [&](const TwinMappedFlow& m)
            {
                ++flows;
                const auto& want = sent[m.flow.source.line];
                ASSERT_EQ(m.packets.size(), want.size());
                ASSERT_EQ(m.packets.size(), m.flow.packets);
                for (std::size_t k = 0; k < want.size(); ++k)
                {
                    ASSERT_EQ(m.packets[k].timeNs, want[k].timeNs) << k;
                    ASSERT_EQ(m.packets[k].bytes, want[k].bytes) << k;
                }
                packets += m.packets.size();
            },
            true);
        EXPECT_EQ(flows, stats.flows);
        EXPECT_EQ(flows, sent.size());
        EXPECT_GT(packets, 0u);
    }
}

TEST(StoreMigrationV3, Version2StoreIsMigratedAndKeepsItsRuns)
{
    TempDir dir;
    std::string path = dir.Path() + "/v2.db";
    {
        // A version 2 store as a version 2 build made it: steps 1 and 2 in one transaction.
        std::string steps = MigrationStepSql(1) + ";" + MigrationStepSql(2);
        ASSERT_NE(steps.find("CREATE TABLE run_verdicts"), std::string::npos);
        SqliteDatabase db(path);
        db.Execute("PRAGMA foreign_keys = ON", "turn on foreign keys");
        ASSERT_EQ(db.QueryText("PRAGMA journal_mode = WAL", "WAL"), "wal");
        db.Execute("BEGIN IMMEDIATE;" + steps + ";PRAGMA application_id = " +
                       std::to_string(0x4454574E) + "; PRAGMA user_version = 2; COMMIT",
                   "create a version 2 store");
        db.Execute(R"sql(
BEGIN;
INSERT INTO snapshots (id, content_hash, name, source, importer, created_at)
    VALUES (1, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'v2-net',
            'v2.gml', 'gml', '2026-02-01T00:00:00Z');
INSERT INTO nodes (id, snapshot_id, name) VALUES (1, 1, 'X'), (2, 1, 'Y');
INSERT INTO scenarios (id, name, content_hash, format, source_path, text)
    VALUES (1, 'cut', 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd', 'json',
            'cut.json', '{}');
INSERT INTO sweeps (id, scenario_id, snapshot_id, planned_runs, kind)
    VALUES (1, 1, 1, 1, 'run');
INSERT INTO runs (id, snapshot_id, parameters_json, seed, run_number, ns3_version, wall_s,
                  simulated_s, event_count, status, created_at, scenario_id, sweep_id,
                  variant_name, verdict)
    VALUES (1, 1, '{}', 7, 2, '3.37', 0.5, 10.0, 999, 'completed', '2026-02-01T00:00:01Z', 1,
            1, 'base', 'fail');
INSERT INTO run_verdicts (run_id, objective_name, target_kind, target_name, element, bound,
                          limit_value, measured, passed, margin, window_start_s,
                          window_end_s)
    VALUES (1, 'loss', 'demand', 'd1', 'd1', 'max', 0.01, 0.05, 0, -0.04, 0, 10);
COMMIT;
)sql",
                   "fill a version 2 store");
    }
    auto v2Schema = SchemaOf(path);

    TwinStore store(path);
    ExpectCurrentSchema(path);
    auto migrated = SchemaOf(path);
    EXPECT_NE(migrated, v2Schema);
    // Later steps only add: every version 2 object is still there, and a table they changed
    // (runs gains traffic_set_id in step 4, run_flows first_rx_s in step 5, sweeps its owner
    // and end in step 6) kept its definition and only gained columns. The one view redefined
    // (sweep_summary, step 6, with the new columns) must keep every old column.
    for (const auto& object : v2Schema)
    {
        if (migrated.count(object) == 1)
        {
            continue;
        }
        if (object.rfind("view sweep_summary:", 0) == 0)
        {
            SqliteDatabase db(path);
            SqliteStatement columns(db, "SELECT name FROM pragma_table_info('sweep_summary')",
                                    "read the view's columns");
            std::set<std::string> have;
            while (columns.Step())
            {
                have.insert(columns.ColumnText(0));
            }
            for (const char* old :
                 {"id", "kind", "scenario_id", "scenario", "snapshot_id", "network", "planned_runs",
                  "stored_runs", "passed_runs", "failed_runs", "error_runs", "created_at"})
            {
                EXPECT_EQ(have.count(old), 1u) << "sweep_summary lost column " << old;
            }
            EXPECT_EQ(have.count("state"), 1u);
            continue;
        }
        std::string name = object.substr(0, object.find(':') + 1);
        auto same = std::find_if(migrated.begin(), migrated.end(),
                                 [&](const std::string& m)
                                 { return m.compare(0, name.size(), name) == 0; });
        ASSERT_NE(same, migrated.end()) << "the migration dropped " << object;
        // ALTER TABLE ADD COLUMN puts the new column after the last one, before the table
        // constraints: the definition with the added column definitions taken out again must
        // be the old one (whitespace aside).
        auto squeeze = [](std::string text)
        {
            text.erase(std::remove_if(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isspace(c) != 0; }),
                       text.end());
            return text;
        };
        std::string old = squeeze(object);
        std::string now = squeeze(*same);
        for (const char* added :
             {",first_rx_sREAL", ",scenario_idINTEGERREFERENCESscenarios(id)ONDELETERESTRICT",
              ",sweep_idINTEGERREFERENCESsweeps(id)ONDELETECASCADE",
              ",variant_nameTEXTCHECK(variant_name<>'')",
              ",verdictTEXTCHECK(verdictIN('pass','fail'))",
              ",traffic_set_idINTEGERREFERENCEStraffic_sets(id)ONDELETESETNULL", ",owner_hostTEXT",
              ",owner_pidINTEGERCHECK(owner_pid>0)", ",owner_startTEXT", ",ended_atTEXT"})
        {
            auto at = now.find(added);
            if (at != std::string::npos && old.find(added) == std::string::npos)
            {
                now.erase(at, std::string(added).size());
            }
        }
        EXPECT_EQ(now, old) << "the migration rewrote " << object << "\nas " << *same;
    }
    EXPECT_NE(std::find_if(migrated.begin(), migrated.end(),
                           [](const std::string& m) {
                               return m.rfind("table runs:", 0) == 0 &&
                                      m.find("traffic_set_id") != std::string::npos;
                           }),
              migrated.end());

    auto runs = store.ListRuns();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].variantName, "base");
    EXPECT_EQ(runs[0].verdict, "fail");
    EXPECT_EQ(runs[0].sweepId, 1);
    EXPECT_EQ(runs[0].eventCount, 999u);
    // A sweep from before step 6 has no owner and counts as ended when it was created.
    auto sweep = store.FindSweep(1);
    ASSERT_TRUE(sweep);
    EXPECT_EQ(sweep->state, "complete");
    EXPECT_EQ(sweep->endedAt, sweep->createdAt);
    EXPECT_EQ(sweep->ownerPid, 0);
    auto verdicts = store.LoadRunVerdicts(1);
    ASSERT_EQ(verdicts.size(), 1u);
    EXPECT_FALSE(verdicts[0].passed);
    EXPECT_TRUE(store.ListTrafficSets().empty());

    // The migrated store takes traffic on its old snapshot.
    int64_t set = StoreSet(store, 1, {Flow(1)});
    ExpectSameFlow(Flow(1), ReadSet(store, set).at(0));
    // ... and packet sequences (schema step 4).
    auto flows = FlowsWithEdgePackets();
    int64_t withPackets = StoreSetWithPackets(store, 1, flows, 4096);
    EXPECT_TRUE(store.FindTrafficSet(withPackets)->packetSequences);
    uint64_t packets = 0;
    for (const auto& f : ReadSetWithPackets(store, withPackets))
    {
        EXPECT_EQ(f.packets.size(), f.flow.packets);
        packets += f.packets.size();
    }
    EXPECT_EQ(packets, 1u + 6u + 10000u);
}

} // namespace
} // namespace test
} // namespace ns3
