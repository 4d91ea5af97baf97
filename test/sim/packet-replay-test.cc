/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sim-test-networks.h"
#include "test-util.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/pcap-flow-reader.h"
#include "ns3/simulator.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-event-scheduler.h"
#include "ns3/twin-packet-replay.h"
#include "ns3/twin-replay-comparison.h"
#include "ns3/twin-traffic-demands.h"
#include "ns3/twin-traffic-helper.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/** Packet-by-packet replay on a running twin. */
class PacketReplay : public SimTest
{
};

/** IPv4 + UDP headers, and the point-to-point header on the wire. */
constexpr uint32_t kUdpIpHeaders = 28;
constexpr uint32_t kPppHeader = 2; //!< point-to-point header bytes

/** One packet as an application or sink saw it. */
struct Seen
{
    Time time;         //!< when
    uint32_t bytes{0}; //!< payload bytes
};

/**
 * @param offsets send offsets
 * @param payloads payload bytes
 * @return the sequence
 */
std::shared_ptr<const std::vector<TwinReplayPacket>>
Sequence(const std::vector<double>& offsets, const std::vector<uint32_t>& payloads)
{
    auto packets = std::make_shared<std::vector<TwinReplayPacket>>();
    for (std::size_t i = 0; i < offsets.size(); ++i)
    {
        packets->push_back({offsets[i], payloads[i]});
    }
    return packets;
}

/**
 * @param id demand id
 * @param src source node
 * @param dst destination node
 * @param start start time
 * @param packets the sequence
 * @return a packet-replay demand
 */
TwinDemand
ReplayDemand(const std::string& id, const std::string& src, const std::string& dst, double start,
             std::shared_ptr<const std::vector<TwinReplayPacket>> packets)
{
    TwinDemand d;
    d.id = id;
    d.sourceNode = src;
    d.destNode = dst;
    d.protocol = TwinProtocol::Udp;
    d.startSeconds = start;
    d.rateBps = 1e5; // descriptive
    d.packetBytes = 500;
    d.packets = std::move(packets);
    return d;
}

/**
 * Trace a demand's source (Tx) and sink (Rx).
 * @param twin a twin with its demands installed
 * @param id demand id
 * @param sent receives the packets the source sent
 * @param received receives the packets the sink received
 */
void
TraceDemand(DigitalTwinHelper& twin, const std::string& id, std::vector<Seen>& sent,
            std::vector<Seen>& received)
{
    const auto* inst = twin.GetTrafficHelper()->FindInstalled(id);
    ASSERT_TRUE(inst);
    ASSERT_TRUE(DynamicCast<TwinPacketReplayApplication>(inst->source));
    ASSERT_TRUE(inst->source->TraceConnectWithoutContext(
        "Tx", Callback<void, Ptr<const Packet>>(
                  [&sent](Ptr<const Packet> p) {
                      sent.push_back({Simulator::Now(), p->GetSize()});
                  })));
    ASSERT_TRUE(inst->sink->TraceConnectWithoutContext(
        "Rx", Callback<void, Ptr<const Packet>, const Address&>(
                  [&received](Ptr<const Packet> p, const Address&) {
                      received.push_back({Simulator::Now(), p->GetSize()});
                  })));
}

/**
 * @param twin the helper
 * @param net the network
 * @param options run options
 * @param demands the demands
 */
void
Prepare(DigitalTwinHelper& twin, const TwinNetwork& net, const TwinRunOptions& options,
        const std::vector<TwinDemand>& demands)
{
    twin.SetNetwork(net);
    twin.SetRunOptions(options);
    twin.SetDemands(demands);
    twin.Build();
    twin.InstallDemands();
    twin.EnableResults();
}

/**
 * @param r results
 * @param id demand id
 * @param from interval ends after this
 * @param to interval ends up to this
 * @return (packets sent, delivered) in the demand's samples ending in (from, to]
 */
std::pair<uint64_t, uint64_t>
SentDelivered(const TwinRunResults& r, const std::string& id, double from, double to)
{
    uint64_t tx = 0;
    uint64_t delivered = 0;
    for (const auto& s : r.demandSamples)
    {
        if (s.demandId == id && s.timeSeconds > from + 1e-9 && s.timeSeconds <= to + 1e-9)
        {
            tx += s.txPackets;
            delivered += s.deliveredPackets;
        }
    }
    return {tx, delivered};
}

/**
 * Deterministic irregular packets: sizes 40..1500 IP bytes, gaps 0..4 ms (some zero).
 * @param count packets
 * @param t0Ns epoch nanoseconds of the first
 * @return the records
 */
std::vector<TwinPacketRecord>
IrregularRecords(std::size_t count, int64_t t0Ns)
{
    std::vector<TwinPacketRecord> records;
    uint64_t state = 12345;
    int64_t t = t0Ns;
    for (std::size_t i = 0; i < count; ++i)
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto bytes = static_cast<uint32_t>(40 + (state >> 33) % 1461);
        records.push_back({t, bytes});
        t += static_cast<int64_t>((state >> 20) % 5) * 1000000 + static_cast<int64_t>(i % 7) * 1000;
    }
    return records;
}

/**
 * @param records packets
 * @param src source node
 * @param dst destination node
 * @return a mapped UDP flow holding them
 */
TwinMappedFlow
MappedFlow(const std::vector<TwinPacketRecord>& records, const std::string& src,
           const std::string& dst)
{
    TwinMappedFlow m;
    m.flow.protocol = 17;
    m.flow.startSeconds = static_cast<double>(records.front().timeNs) * 1e-9;
    m.flow.endSeconds = static_cast<double>(records.back().timeNs) * 1e-9;
    m.flow.packets = records.size();
    for (const auto& p : records)
    {
        m.flow.bytes += p.bytes;
    }
    m.sourceNode = src;
    m.destNode = dst;
    m.sourceRule = "snapshot";
    m.destRule = "snapshot";
    m.flowId = 1;
    m.packets = records;
    return m;
}

constexpr int64_t kEpochNs = 1700000000LL * 1000000000LL; //!< capture time origin

TEST_F(PacketReplay, PacketsLeaveAtTheRecordedOffsetsAndArriveAfterDelayAndSerialisation)
{
    NetworkBuilder nb("line");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000, 0.002).Link("B", "C", 10000000, 0.002);
    const std::vector<double> offsets{0, 0.001, 0.0015, 0.2, 0.2003, 0.2003, 0.5};
    const std::vector<uint32_t> payloads{100, 1400, 50, 1472, 1, 700, 800};
    TwinRunOptions options;
    options.duration = Seconds(2);
    DigitalTwinHelper twin;
    Prepare(twin, nb.Get(), options,
            {ReplayDemand("p", "A", "C", 0.1, Sequence(offsets, payloads))});
    std::vector<Seen> sent;
    std::vector<Seen> received;
    TraceDemand(twin, "p", sent, received);
    twin.Run();

    ASSERT_EQ(sent.size(), offsets.size());
    ASSERT_EQ(received.size(), offsets.size());
    // Store and forward over two equal hops: a packet waits while the link sends earlier ones.
    const double capacity = 10e6;
    const double delay = 0.002;
    Time hop1Free;
    Time hop2Free;
    for (std::size_t i = 0; i < offsets.size(); ++i)
    {
        SCOPED_TRACE(i);
        EXPECT_EQ(sent[i].time, Seconds(0.1) + Seconds(offsets[i]));
        EXPECT_EQ(sent[i].bytes, payloads[i]);
        const Time serialisation =
            Seconds((payloads[i] + kUdpIpHeaders + kPppHeader) * 8 / capacity);
        const Time end1 = std::max(sent[i].time, hop1Free) + serialisation;
        hop1Free = end1;
        const Time end2 = std::max(end1 + Seconds(delay), hop2Free) + serialisation;
        hop2Free = end2;
        EXPECT_EQ(received[i].bytes, payloads[i]); // in order
        EXPECT_NEAR(received[i].time.GetSeconds(), (end2 + Seconds(delay)).GetSeconds(), 2e-9);
    }
    // The third packet queued behind the second on the first link.
    EXPECT_GT(received[2].time - sent[2].time, received[0].time - sent[0].time);

    const TwinRunResults& r = twin.GetResults();
    uint64_t txBytes = 0;
    for (const auto& s : r.demandSamples)
    {
        txBytes += s.txBytes;
    }
    uint64_t ipBytes = 0;
    for (uint32_t p : payloads)
    {
        ipBytes += p + kUdpIpHeaders;
    }
    EXPECT_EQ(txBytes, ipBytes);
}

TEST_F(PacketReplay, ABurstAboveTheQueueIsLostAtTheBottleneck)
{
    NetworkBuilder nb("bottleneck");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 100000000, 0.001).Link("B", "C", 1000000, 0.001, 10);
    // 60 packets of 1000 bytes within 3 ms (the bottleneck needs 8 ms for one), then 10
    // spaced 50 ms apart, which it carries easily.
    std::vector<double> offsets;
    std::vector<uint32_t> payloads;
    for (int i = 0; i < 60; ++i)
    {
        offsets.push_back(i * 0.00005);
        payloads.push_back(972);
    }
    for (int i = 0; i < 10; ++i)
    {
        offsets.push_back(1.0 + 0.05 * i);
        payloads.push_back(972);
    }
    TwinRunOptions options;
    options.duration = Seconds(2);
    options.drain = Seconds(1);
    DigitalTwinHelper twin;
    Prepare(twin, nb.Get(), options, {ReplayDemand("p", "A", "C", 0, Sequence(offsets, payloads))});
    twin.Run();
    const TwinRunResults& r = twin.GetResults();

    auto [burstTx, burstDelivered] = SentDelivered(r, "p", 0, 0.1);
    EXPECT_EQ(burstTx, 60U);
    EXPECT_LT(burstDelivered, 30U);
    EXPECT_GT(burstDelivered, 5U);
    auto [laterTx, laterDelivered] = SentDelivered(r, "p", 0.9, 2.0);
    EXPECT_EQ(laterTx, 10U);
    EXPECT_EQ(laterDelivered, 10U);
    std::size_t checked = 0;
    for (const auto& l : r.links)
    {
        if (l.linkId == "B-C")
        {
            EXPECT_EQ(l.queueDropPackets, burstTx - burstDelivered);
            ++checked;
        }
        if (l.linkId == "A-B")
        {
            EXPECT_EQ(l.queueDropPackets, 0U);
            ++checked;
        }
    }
    EXPECT_EQ(checked, 2U);
}

TEST_F(PacketReplay, ReplayedCaptureDeliversTheRecordedBytesUnlessCongested)
{
    const std::vector<TwinPacketRecord> records = IrregularRecords(400, kEpochNs);
    std::vector<TwinMappedFlow> flows{MappedFlow(records, "A", "C")};
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, {}, diagnostics);
    ASSERT_FALSE(diagnostics.HasErrors());
    ASSERT_EQ(replay.demands.size(), 1U);
    EXPECT_EQ(replay.flows[0].recordedBytes, flows[0].flow.bytes);
    const double recordedSeconds = (records.back().timeNs - records.front().timeNs) * 1e-9;
    ASSERT_GT(recordedSeconds, 0.5);

    for (const bool congested : {false, true})
    {
        SCOPED_TRACE(congested);
        Simulator::Destroy();
        Names::Clear();
        NetworkBuilder nb("line");
        nb.Node("A").Node("B").Node("C");
        nb.Link("A", "B", 100000000, 0.002)
            .Link("B", "C", congested ? 1000000 : 100000000, 0.002, congested ? 20 : 0);
        TwinRunOptions options;
        options.duration = Seconds(std::ceil(recordedSeconds) + 1);
        options.drain = Seconds(1);
        DigitalTwinHelper twin;
        Prepare(twin, nb.Get(), options, replay.demands);
        twin.Run();
        TwinRunResults results = twin.GetResults();
        results.replayed = replay.flows;
        auto rows = CompareTwinReplay(results, options.duration.GetSeconds());
        ASSERT_EQ(rows.size(), 1U);
        const TwinReplayComparison& c = rows[0];
        EXPECT_EQ(c.protocol, "udp");
        EXPECT_EQ(c.sentPackets, records.size());
        ASSERT_TRUE(c.lossRatio);
        ASSERT_TRUE(c.completionSeconds);
        EXPECT_NEAR(c.recordedThroughputBps, flows[0].flow.bytes * 8.0 / recordedSeconds, 1e-6);
        if (!congested)
        {
            EXPECT_EQ(c.deliveredBytes, flows[0].flow.bytes);
            EXPECT_EQ(c.deliveredPackets, records.size());
            EXPECT_EQ(*c.lossRatio, 0);
            // The last packet arrives one path (two delays, two serialisations) after it left.
            EXPECT_GT(*c.completionSeconds, recordedSeconds + 0.004);
            EXPECT_LT(*c.completionSeconds, recordedSeconds + 0.005);
        }
        else
        {
            EXPECT_LT(c.deliveredBytes, flows[0].flow.bytes);
            EXPECT_LT(c.deliveredPackets, records.size());
            EXPECT_GT(*c.lossRatio, 0.1);
            // About the bottleneck's rate: first to last arrival spans n - 1 gaps for n packets,
            // so a saturated link shows a little above its capacity, as a capture would.
            EXPECT_LT(c.replayedThroughputBps, 1.02e6);
            EXPECT_GT(c.replayedThroughputBps, 0.9e6);
        }
    }
}

TEST_F(PacketReplay, WindowTimeScaleAndTrafficScaleShapeWhatIsSent)
{
    // 20 packets 50 ms apart from 1 s after the capture origin.
    std::vector<TwinPacketRecord> records;
    for (int i = 0; i < 20; ++i)
    {
        records.push_back({kEpochNs + 1000000000LL + i * 50000000LL, 200U + 10 * i});
    }
    std::vector<TwinMappedFlow> flows{MappedFlow(records, "A", "C")};
    TwinTrafficReplayOptions options;
    options.windowStartSeconds = 1700000000.5;
    options.windowEndSeconds = 1700000001.52; // keeps packets 0..10
    options.timeScale = 2;
    options.trafficScale = 1.5;
    TwinDiagnostics diagnostics;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, options, diagnostics);
    ASSERT_EQ(replay.demands.size(), 2U);

    NetworkBuilder nb("line");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 100000000, 0.001).Link("B", "C", 100000000, 0.001);
    TwinRunOptions run;
    run.duration = Seconds(2);
    DigitalTwinHelper twin;
    Prepare(twin, nb.Get(), run, replay.demands);
    std::vector<Seen> sent0;
    std::vector<Seen> received0;
    std::vector<Seen> sent1;
    std::vector<Seen> received1;
    TraceDemand(twin, replay.demands[0].id, sent0, received0);
    TraceDemand(twin, replay.demands[1].id, sent1, received1);
    twin.Run();

    // Copy 0: the 11 packets in the window, from (1 - 0.5) / 2 s, 25 ms apart.
    ASSERT_EQ(sent0.size(), 11U);
    for (std::size_t i = 0; i < sent0.size(); ++i)
    {
        EXPECT_NEAR(sent0[i].time.GetSeconds(), 0.25 + 0.025 * i, 1e-6) << i;
        EXPECT_EQ(sent0[i].bytes, 200U + 10 * i - kUdpIpHeaders) << i;
    }
    // Copy 1 (half): every second packet from the first (11 x 0.5 rounds to 6), shifted by
    // 1 / 1.5 of the 0.25 s scaled span.
    ASSERT_EQ(sent1.size(), 6U);
    for (std::size_t j = 0; j < sent1.size(); ++j)
    {
        EXPECT_NEAR(sent1[j].time.GetSeconds(), 0.25 + 0.25 / 1.5 + 0.025 * (2 * j), 1e-6) << j;
        EXPECT_EQ(sent1[j].bytes, 200U + 10 * (2 * j) - kUdpIpHeaders) << j;
    }
    EXPECT_EQ(received0.size(), sent0.size());
    EXPECT_EQ(received1.size(), sent1.size());
}

TEST_F(PacketReplay, SurgeSendsEachPacketMoreOftenWithoutMovingIt)
{
    NetworkBuilder nb("line");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 100000000, 0.001).Link("B", "C", 100000000, 0.001);
    std::vector<double> offsets;
    std::vector<uint32_t> payloads;
    for (int i = 0; i < 40; ++i)
    {
        offsets.push_back(0.025 * i); // 0 .. 0.975 s
        payloads.push_back(300);
    }
    TwinRunOptions options;
    options.duration = Seconds(2);
    DigitalTwinHelper twin;
    Prepare(twin, nb.Get(), options, {ReplayDemand("p", "A", "C", 0, Sequence(offsets, payloads))});
    TwinEvent surge;
    surge.id = "p-x2";
    surge.type = TwinEventType::TrafficSurge;
    surge.timeSeconds = 0.2875;        // between packets 11 and 12
    surge.surgeDurationSeconds = 0.25; // packets 12..21 doubled
    surge.demand = "p";
    surge.factor = 2;
    TwinEvent thin = surge;
    thin.id = "p-half";
    thin.timeSeconds = 0.6375; // from packet 26 on, at half
    thin.surgeDurationSeconds.reset();
    thin.factor = 0.5;
    twin.GetEventScheduler()->Schedule({surge, thin});
    std::vector<Seen> sent;
    std::vector<Seen> received;
    TraceDemand(twin, "p", sent, received);
    twin.Run();

    // 12 once, 10 twice, 4 once, then 14 at a half: 7.
    ASSERT_EQ(sent.size(), 12U + 20 + 4 + 7);
    for (const Seen& s : sent)
    {
        // Every send is on a recorded instant.
        const double k = s.time.GetSeconds() / 0.025;
        EXPECT_NEAR(k, std::round(k), 1e-6) << s.time.GetSeconds();
    }
    EXPECT_EQ(sent[12].time, sent[13].time);
    EXPECT_EQ(received.size(), sent.size());
    const TwinRunResults& r = twin.GetResults();
    ASSERT_GE(r.events.size(), 2U);
    EXPECT_NE(r.events[0].detail.find("packet replay scaled x2"), std::string::npos)
        << r.events[0].detail;
}

TEST_F(PacketReplay, InvalidSequencesAreRefusedAtInstall)
{
    NetworkBuilder nb("line");
    nb.Node("A").Node("B");
    nb.Link("A", "B");
    auto refused = [&nb](const TwinDemand& d, const std::string& words)
    {
        Simulator::Destroy();
        Names::Clear();
        DigitalTwinHelper twin;
        twin.SetNetwork(nb.Get());
        twin.SetDemands({d});
        twin.Build();
        try
        {
            twin.InstallDemands();
            ADD_FAILURE() << "accepted: " << words;
        }
        catch (const TwinBuildError& e)
        {
            EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
        }
    };
    refused(ReplayDemand("d", "A", "B", 0, Sequence({0, 0.2, 0.1}, {10, 10, 10})),
            "packet 3: offset");
    refused(ReplayDemand("d", "A", "B", 0, Sequence({-1}, {10})), "packet 1: offset");
    refused(ReplayDemand("d", "A", "B", 0, Sequence({0, 1}, {10, 0})), "packet 2: payload of 0");
    refused(ReplayDemand("d", "A", "B", 0, Sequence({0}, {65508})), "65508 bytes");
    refused(ReplayDemand("d", "A", "B", 0, Sequence({}, {})), "packet sequence is empty");
    TwinDemand tcp = ReplayDemand("d", "A", "B", 0, Sequence({0}, {10}));
    tcp.protocol = TwinProtocol::Tcp;
    tcp.bytes = 100;
    refused(tcp, "only be replayed over UDP");
}

TEST_F(PacketReplay, StopTimeCutsTheSequence)
{
    NetworkBuilder nb("line");
    nb.Node("A").Node("B");
    nb.Link("A", "B");
    TwinDemand d = ReplayDemand("p", "A", "B", 0.5, Sequence({0, 0.1, 0.2, 0.3}, {10, 20, 30, 40}));
    d.stopSeconds = 0.75; // packets at 0.5, 0.6, 0.7 only
    TwinRunOptions options;
    options.duration = Seconds(1);
    DigitalTwinHelper twin;
    Prepare(twin, nb.Get(), options, {d});
    std::vector<Seen> sent;
    std::vector<Seen> received;
    TraceDemand(twin, "p", sent, received);
    twin.Run();
    ASSERT_EQ(sent.size(), 3U);
    EXPECT_EQ(sent.back().bytes, 30U);
    auto app = DynamicCast<TwinPacketReplayApplication>(
        twin.GetTrafficHelper()->FindInstalled("p")->source);
    EXPECT_EQ(app->GetSentPackets(), 3U);
    EXPECT_EQ(app->GetSentBytes(), 60U);
    EXPECT_EQ(app->GetRecordedPacketsDone(), 3U);
}

TEST_F(PacketReplay, RealCaptureIsDeliveredByteForByteOnAFastTwin)
{
    const std::string path = ReferenceDataPath("pcap/netperfmeter.pcapng");
    if (!std::filesystem::exists(path))
    {
        GTEST_SKIP() << "reference data absent: " << path;
    }
    // Read the capture with its packet sequences, as an import with packets does.
    std::vector<TwinFlowRecord> records;
    std::map<uint64_t, std::vector<TwinPacketRecord>> packetsByFirst;
    TwinPacketSink packetSink =
        [&packetsByFirst](uint64_t first, uint32_t, const std::vector<TwinPacketRecord>& chunk)
    { packetsByFirst[first].insert(packetsByFirst[first].end(), chunk.begin(), chunk.end()); };
    TwinDiagnostics diagnostics;
    ReadPcapFlows(
        path, {}, [&records](const TwinFlowRecord& f) { records.push_back(f); }, diagnostics,
        nullptr, &packetSink);
    ASSERT_FALSE(diagnostics.HasErrors()) << Dump(diagnostics);
    // Every non-TCP flow goes from A to C (a record cut by the active timeout is a flow of
    // its own, with the packets from its first on).
    std::vector<TwinMappedFlow> flows;
    uint64_t recordedBytes = 0;
    uint64_t recordedPackets = 0;
    for (const TwinFlowRecord& f : records)
    {
        if (f.protocol == 6)
        {
            continue;
        }
        TwinMappedFlow m;
        m.flow = f;
        m.sourceNode = "A";
        m.destNode = "C";
        m.flowId = static_cast<int64_t>(flows.size() + 1);
        m.packets = packetsByFirst[f.source.line];
        ASSERT_EQ(m.packets.size(), f.packets) << f.source.ToString();
        recordedBytes += f.bytes;
        recordedPackets += f.packets;
        flows.push_back(std::move(m));
    }
    // netperfmeter's capture holds several non-TCP flows besides its TCP ones.
    ASSERT_GT(flows.size(), 1U);
    TwinDiagnostics replayNotes;
    TwinTrafficReplay replay = TwinDemandsFromTraffic(flows, {}, replayNotes);
    ASSERT_FALSE(replayNotes.HasErrors()) << Dump(replayNotes);
    ASSERT_EQ(replay.demands.size(), flows.size());
    double end = 0;
    for (const TwinDemand& d : replay.demands)
    {
        ASSERT_TRUE(d.packets) << d.id;
        end = std::max(end, *d.stopSeconds);
    }

    NetworkBuilder nb("fast");
    nb.Node("A").Node("B").Node("C");
    nb.Link("A", "B", 10000000000ULL, 0.001, 100000).Link("B", "C", 10000000000ULL, 0.001, 100000);
    TwinRunOptions options;
    options.duration = Seconds(std::ceil(end) + 1);
    options.drain = Seconds(1);
    options.sampleInterval = Seconds(1);
    DigitalTwinHelper twin;
    Prepare(twin, nb.Get(), options, replay.demands);
    twin.Run();
    TwinRunResults results = twin.GetResults();
    results.replayed = replay.flows;
    uint64_t delivered = 0;
    uint64_t deliveredPackets = 0;
    for (const TwinReplayComparison& c : CompareTwinReplay(results, options.duration.GetSeconds()))
    {
        SCOPED_TRACE(c.recorded.demandId);
        EXPECT_EQ(c.recorded.mode, "packets");
        EXPECT_EQ(c.sentPackets, c.recorded.recordedPackets);
        // Sizes below 29 IP bytes would grow; a real capture has none.
        EXPECT_EQ(c.deliveredBytes, c.recorded.recordedBytes);
        EXPECT_EQ(c.deliveredPackets, c.recorded.recordedPackets);
        delivered += c.deliveredBytes;
        deliveredPackets += c.deliveredPackets;
    }
    EXPECT_EQ(delivered, recordedBytes);
    EXPECT_EQ(deliveredPackets, recordedPackets);
}

} // namespace
} // namespace test
} // namespace ns3
