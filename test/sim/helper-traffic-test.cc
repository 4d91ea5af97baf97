/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// DigitalTwinHelper::LoadTraffic: replaying a stored traffic set, and what a run of it stores.

#include "sim-test-networks.h"
#include "test-util.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/twin-replay-comparison.h"
#include "ns3/twin-store.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/// Epoch seconds of the first recorded flow.
constexpr double kT0 = 1800000000.0;

class HelperTrafficTest : public SimTest
{
protected:
    void SetUp() override
    {
        SimTest::SetUp();
        m_store = std::make_unique<TwinStore>(m_dir.Path() + "/twin.db");
        NetworkBuilder nb("ring4");
        nb.Node("ATLA").Node("CHIN").Node("DNVR").Node("HSTN");
        nb.Link("ATLA", "CHIN").Link("CHIN", "DNVR").Link("DNVR", "HSTN").Link("HSTN", "ATLA");
        nb.Udp("d1", "ATLA", "DNVR", 2e6, 0.1);
        m_snapshot = m_store->SaveSnapshot(nb.Get(), "ring.json", "test", {}, nullptr);
    }

    /**
     * A mapped flow.
     * @param src source node ("" = unmapped)
     * @param dst destination node
     * @param protocol IP protocol
     * @param start start, seconds after kT0
     * @param seconds duration
     * @param packets packets (of 500 bytes each)
     * @param line its packet index in the capture
     * @return the flow
     */
    static TwinMappedFlow Flow(const std::string& src, const std::string& dst, uint8_t protocol,
                               double start, double seconds, uint64_t packets, uint64_t line)
    {
        TwinMappedFlow m;
        m.flow.sourceAddress = "10.0.0." + std::to_string(line);
        m.flow.destAddress = "10.9.0." + std::to_string(line);
        m.flow.protocol = protocol;
        m.flow.sourcePort = static_cast<uint16_t>(40000 + line);
        m.flow.destPort = protocol == 6 ? 443 : 5004;
        m.flow.startSeconds = kT0 + start;
        m.flow.endSeconds = kT0 + start + seconds;
        m.flow.packets = packets;
        m.flow.bytes = packets * 500;
        m.flow.tcpFlags = protocol == 6 ? 0x1b : 0;
        m.flow.source.file = "cap.pcap";
        m.flow.source.line = line;
        if (!src.empty())
        {
            m.sourceNode = src;
            m.sourceRule = "snapshot";
        }
        if (!dst.empty())
        {
            m.destNode = dst;
            m.destRule = "snapshot";
        }
        return m;
    }

    /**
     * Store a traffic set of the snapshot: a UDP flow ATLA -> DNVR, a TCP flow HSTN -> CHIN,
     * a flow with an unmapped end and one within a node.
     * @param snapshot snapshot it is mapped on
     * @param withPackets also store the UDP flow's packet sequence
     * @return the set id
     */
    int64_t StoreSet(int64_t snapshot, bool withPackets = false)
    {
        TwinTrafficSetInfo info;
        info.snapshotId = snapshot;
        info.sourcePath = "cap.pcap";
        info.format = "pcap";
        info.contentSha256 = std::string(64, 'b');
        info.optionsJson = "{}";
        auto writer = m_store->BeginTrafficSet(info);
        std::vector<TwinMappedFlow> flows = {
            Flow("ATLA", "DNVR", 17, 0.0, 0.5, 50, 1), Flow("HSTN", "CHIN", 6, 0.2, 0.3, 40, 2),
            Flow("ATLA", "", 17, 0.1, 0.2, 10, 3), Flow("CHIN", "CHIN", 17, 0.3, 0.2, 10, 4)};
        TwinTrafficReadStats stats;
        for (const auto& f : flows)
        {
            writer->Add(f);
            stats.recordsRead += f.flow.packets;
            stats.flows += 1;
            stats.bytes += f.flow.bytes;
        }
        if (withPackets)
        {
            // The UDP flow's 50 packets, 10 ms apart, of 500 bytes each.
            std::vector<TwinPacketRecord> packets;
            for (int i = 0; i < 50; ++i)
            {
                packets.push_back({static_cast<int64_t>(kT0 * 1e9) + i * 10000000LL, 500});
            }
            packets.back().timeNs = static_cast<int64_t>(kT0 * 1e9) + 500000000LL;
            writer->AddPackets(1, 0, packets);
        }
        return writer->Commit(stats);
    }

    /**
     * Build, run for the given time and keep the results.
     * @param twin the loaded twin
     * @param seconds run duration
     */
    static void Simulate(DigitalTwinHelper& twin, double seconds)
    {
        TwinRunOptions options;
        options.duration = Seconds(seconds);
        options.sampleInterval = MilliSeconds(100);
        twin.SetRunOptions(options);
        twin.Build();
        twin.InstallDemands();
        twin.EnableResults();
        twin.Run();
    }

    TempDir m_dir;                      //!< holds the store
    std::unique_ptr<TwinStore> m_store; //!< the store
    int64_t m_snapshot{0};              //!< the ring
};

TEST_F(HelperTrafficTest, ReplaysASetAndStoresTheReplayedFlows)
{
    int64_t setId = StoreSet(m_snapshot);
    // Flow ids by the flow's packet index (the store walks flows in start order).
    std::map<uint64_t, int64_t> flowIds;
    m_store->ForEachTrafficFlow(setId, [&flowIds](const TwinMappedFlow& f)
                                { flowIds[f.flow.source.line] = f.flowId; });
    ASSERT_EQ(flowIds.size(), 4u);
    auto start = DigitalTwinHelper::TrafficStartSeconds(*m_store, setId);
    ASSERT_TRUE(start);
    EXPECT_DOUBLE_EQ(*start, kT0);

    DigitalTwinHelper twin;
    twin.LoadSnapshot(*m_store, std::to_string(m_snapshot));
    TwinDiagnostics notes = twin.LoadTraffic(*m_store, setId, TwinTrafficReplayOptions());
    EXPECT_FALSE(notes.HasErrors());
    // The unmapped flow and the flow within CHIN are skipped, with a word about each.
    EXPECT_GE(notes.All().size(), 2u);
    EXPECT_EQ(twin.GetTrafficSetId(), setId);
    ASSERT_EQ(twin.GetDemands().size(), 2u);
    const auto& replayed = twin.GetReplayedFlows();
    ASSERT_EQ(replayed.size(), 2u);
    EXPECT_EQ(replayed[0].flowId, flowIds[1]);
    EXPECT_EQ(replayed[0].mode, "rate");
    EXPECT_EQ(replayed[0].demandId, twin.GetDemands()[0].id);
    EXPECT_EQ(replayed[1].flowId, flowIds[2]);
    EXPECT_EQ(replayed[1].mode, "tcp");
    EXPECT_EQ(twin.GetDemands()[1].protocol, TwinProtocol::Tcp);

    Simulate(twin, 2);
    EXPECT_EQ(twin.GetRunRecord().trafficSetId, setId);
    const TwinRunResults& results = twin.GetResults();
    ASSERT_EQ(results.replayed.size(), 2u);
    int64_t runId = twin.WriteResults(*m_store);

    auto run = m_store->FindRun(runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->trafficSetId, setId);
    TwinRunResults back = m_store->LoadRunResults(runId);
    ASSERT_EQ(back.replayed.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i)
    {
        EXPECT_EQ(back.replayed[i].demandId, replayed[i].demandId);
        EXPECT_EQ(back.replayed[i].flowId, replayed[i].flowId);
        EXPECT_EQ(back.replayed[i].mode, replayed[i].mode);
        EXPECT_EQ(back.replayed[i].recordedBytes, replayed[i].recordedBytes);
    }
    // The ring is idle besides these two flows: everything recorded arrives (needs the real
    // CompareTwinReplay).
    auto rows = CompareTwinReplay(back, run->simulatedSeconds);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].recorded.demandId, replayed[0].demandId);
    EXPECT_GT(rows[0].deliveredBytes, 0u);
    EXPECT_EQ(rows[1].protocol, "tcp");
    ASSERT_TRUE(rows[1].completionSeconds);
    EXPECT_GT(*rows[1].completionSeconds, 0);
}

TEST_F(HelperTrafficTest, WindowAndProtocolFilterChooseTheFlows)
{
    int64_t setId = StoreSet(m_snapshot);
    DigitalTwinHelper twin;
    twin.LoadSnapshot(*m_store, std::to_string(m_snapshot));
    TwinTrafficReplayOptions options;
    options.protocols = {6};
    twin.LoadTraffic(*m_store, setId, options);
    ASSERT_EQ(twin.GetReplayedFlows().size(), 1u);
    EXPECT_EQ(twin.GetReplayedFlows()[0].mode, "tcp");

    // A window after every flow leaves nothing to replay: an error, and the demands stay.
    TwinTrafficReplayOptions late;
    late.windowStartSeconds = kT0 + 100;
    late.windowEndSeconds = kT0 + 200;
    EXPECT_THROW(twin.LoadTraffic(*m_store, setId, late), TwinBuildError);
    EXPECT_EQ(twin.GetReplayedFlows().size(), 1u);
}

TEST_F(HelperTrafficTest, MisuseIsReported)
{
    int64_t setId = StoreSet(m_snapshot);
    NetworkBuilder nb("other");
    nb.Node("X").Node("Y");
    nb.Link("X", "Y");
    nb.Udp("d", "X", "Y", 1e6, 0.1);
    int64_t other = m_store->SaveSnapshot(nb.Get(), "other.json", "test", {}, nullptr);
    int64_t otherSet = StoreSet(other);

    {
        DigitalTwinHelper inCode(nb.Get());
        EXPECT_THROW(inCode.LoadTraffic(*m_store, setId, {}), TwinBuildError);
    }
    DigitalTwinHelper twin;
    twin.LoadSnapshot(*m_store, std::to_string(m_snapshot));
    EXPECT_THROW(twin.LoadTraffic(*m_store, setId + 100, {}), TwinStoreError);
    try
    {
        twin.LoadTraffic(*m_store, otherSet, {});
        ADD_FAILURE() << "a set of another snapshot was accepted";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("snapshot " + std::to_string(other)),
                  std::string::npos)
            << e.what();
    }
    TwinTrafficReplayOptions bad;
    bad.timeScale = 0;
    bad.trafficScale = -1;
    try
    {
        twin.LoadTraffic(*m_store, setId, bad);
        ADD_FAILURE() << "invalid options were accepted";
    }
    catch (const TwinBuildError& e)
    {
        // Every error is in the message, one a line.
        std::string text = e.what();
        EXPECT_GE(std::count(text.begin(), text.end(), '\n'), 2) << text;
    }
    EXPECT_EQ(twin.GetTrafficSetId(), 0);
    EXPECT_TRUE(twin.GetReplayedFlows().empty());

    twin.LoadTraffic(*m_store, setId, {});
    // Demands set in code replace the replay.
    twin.SetDemands(twin.GetNetwork().demands);
    EXPECT_EQ(twin.GetTrafficSetId(), 0);
    EXPECT_TRUE(twin.GetReplayedFlows().empty());

    // So does a new network.
    twin.LoadTraffic(*m_store, setId, {});
    twin.LoadSnapshot(*m_store, std::to_string(m_snapshot));
    EXPECT_EQ(twin.GetTrafficSetId(), 0);
    EXPECT_TRUE(twin.GetReplayedFlows().empty());

    twin.LoadTraffic(*m_store, setId, {});
    Simulate(twin, 1);
    EXPECT_THROW(twin.LoadTraffic(*m_store, setId, {}), TwinBuildError);
}

TEST_F(HelperTrafficTest, ChangedCopyOfTheSnapshotReplaysTheSet)
{
    int64_t setId = StoreSet(m_snapshot);
    TwinNetwork halved = m_store->LoadSnapshot(m_snapshot);
    for (auto& l : halved.links)
    {
        l.capacityBps /= 2;
    }
    DigitalTwinHelper twin(halved);
    twin.LoadTraffic(*m_store, setId, {});
    ASSERT_EQ(twin.GetReplayedFlows().size(), 2u);
    Simulate(twin, 1);
    int64_t runId = twin.WriteResults(*m_store);
    auto run = m_store->FindRun(runId);
    ASSERT_TRUE(run);
    // The changed network is a snapshot of its own; the run still names the set it replayed.
    EXPECT_NE(run->snapshotId, m_snapshot);
    EXPECT_EQ(run->trafficSetId, setId);
    EXPECT_EQ(m_store->LoadRunResults(runId).replayed.size(), 2u);
}

TEST_F(HelperTrafficTest, PacketSequencesAreUsedUnlessAsked)
{
    // Needs the packet storage (TwinTrafficWriter::AddPackets) and the packet mode of
    // TwinDemandsFromTraffic.
    int64_t setId = StoreSet(m_snapshot, true);
    ASSERT_TRUE(m_store->FindTrafficSet(setId)->packetSequences);
    {
        DigitalTwinHelper twin;
        twin.LoadSnapshot(*m_store, std::to_string(m_snapshot));
        twin.LoadTraffic(*m_store, setId, {});
        ASSERT_EQ(twin.GetReplayedFlows().size(), 2u);
        EXPECT_EQ(twin.GetReplayedFlows()[0].mode, "packets");
        ASSERT_TRUE(twin.GetDemands()[0].packets);
        EXPECT_EQ(twin.GetDemands()[0].packets->size(), 50u);
        Simulate(twin, 2);
        int64_t runId = twin.WriteResults(*m_store);
        TwinRunResults back = m_store->LoadRunResults(runId);
        auto rows = CompareTwinReplay(back, 2);
        ASSERT_EQ(rows.size(), 2u);
        // An idle ring delivers every recorded packet of the sequence.
        EXPECT_EQ(rows[0].deliveredBytes, 50u * 500u);
        ASSERT_TRUE(rows[0].lossRatio);
        EXPECT_EQ(*rows[0].lossRatio, 0);
    }
    DigitalTwinHelper::Reset();
    DigitalTwinHelper twin;
    twin.LoadSnapshot(*m_store, std::to_string(m_snapshot));
    TwinTrafficReplayOptions rate;
    rate.usePacketSequences = false;
    twin.LoadTraffic(*m_store, setId, rate);
    ASSERT_EQ(twin.GetReplayedFlows().size(), 2u);
    EXPECT_EQ(twin.GetReplayedFlows()[0].mode, "rate");
    EXPECT_FALSE(twin.GetDemands()[0].packets);
}

} // namespace
} // namespace test
} // namespace ns3
