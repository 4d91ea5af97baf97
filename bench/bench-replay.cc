/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Packet-by-packet replay speed: one recorded sequence of 100,000 UDP packets (mixed sizes,
// irregular gaps, about 2 s) sent across the same three-node line A - B - C (1 Gbit/s, 1 ms
// links) by
//   - BM_TwinPacketReplay: the twin (TwinDemandsFromTraffic -> DigitalTwinHelper), without
//     and with result collection (dtwin run collects results);
//   - BM_PlainNs3Replay: a plain ns-3 script: nodes, point-to-point links, global routing, a
//     PacketSink and a minimal hand-written UDP sender, no twin code.
// Each iteration builds, runs and tears down one simulation; the counter packets_per_s is
// simulated packets (sent, all of them delivered) per wall-clock second.

#include "ns3/application.h"
#include "ns3/digital-twin-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/names.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/twin-traffic-demands.h"
#include "ns3/udp-socket-factory.h"

#include <benchmark/benchmark.h>
#include <memory>
#include <vector>

using namespace ns3;

namespace
{

/// Packets in the sequence.
constexpr std::size_t kPackets = 100000;
/// IPv4 + UDP headers.
constexpr uint32_t kUdpIpHeaders = 28;
/// Epoch nanoseconds of the first packet.
constexpr int64_t kEpochNs = 1700000000LL * 1000000000LL;

/**
 * @return the recorded packets: IP sizes 40..1500 bytes, gaps 0..40 us (mean 20 us, about
 *         300 Mbit/s), from a fixed pseudo-random sequence
 */
const std::vector<TwinPacketRecord>&
Records()
{
    static const std::vector<TwinPacketRecord> records = []
    {
        std::vector<TwinPacketRecord> r;
        r.reserve(kPackets);
        uint64_t state = 42;
        int64_t t = kEpochNs;
        for (std::size_t i = 0; i < kPackets; ++i)
        {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            r.push_back({t, static_cast<uint32_t>(40 + (state >> 33) % 1461)});
            t += static_cast<int64_t>((state >> 16) % 40001);
        }
        return r;
    }();
    return records;
}

/** @return simulated seconds the sequence needs, with a margin for the last packets */
double
RunSeconds()
{
    return static_cast<double>(Records().back().timeNs - Records().front().timeNs) * 1e-9 + 0.1;
}

/** @return the line A - B - C as a twin network */
TwinNetwork
LineNetwork()
{
    TwinNetwork net;
    net.name = "line";
    for (const char* id : {"A", "B", "C"})
    {
        TwinNode n;
        n.id = id;
        net.nodes.push_back(n);
    }
    auto link = [&net](std::size_t a, std::size_t b, uint32_t subnet)
    {
        const std::string na = net.nodes[a].id;
        const std::string nb = net.nodes[b].id;
        TwinInterface ia;
        ia.name = "to-" + nb;
        ia.addresses.push_back({(10u << 24) + (subnet << 8) + 1, 24});
        net.nodes[a].interfaces.push_back(ia);
        TwinInterface ib;
        ib.name = "to-" + na;
        ib.addresses.push_back({(10u << 24) + (subnet << 8) + 2, 24});
        net.nodes[b].interfaces.push_back(ib);
        for (int dir = 0; dir < 2; ++dir)
        {
            TwinLink l;
            l.sourceNode = dir ? nb : na;
            l.destNode = dir ? na : nb;
            l.sourceTp = "to-" + l.destNode;
            l.destTp = "to-" + l.sourceNode;
            l.id = l.sourceNode + "-" + l.destNode;
            l.capacityBps = 1000000000;
            l.delaySeconds = 0.001;
            l.queuePackets = 1000;
            net.links.push_back(l);
        }
    };
    link(0, 1, 1);
    link(1, 2, 2);
    return net;
}

/**
 * The twin: the recorded flow through TwinDemandsFromTraffic, run by DigitalTwinHelper.
 * @param state benchmark state; range(0) = 1 to collect results as dtwin run does
 */
void
BM_TwinPacketReplay(benchmark::State& state)
{
    const bool collect = state.range(0) != 0;
    TwinMappedFlow flow;
    flow.flow.protocol = 17;
    flow.flow.startSeconds = static_cast<double>(Records().front().timeNs) * 1e-9;
    flow.flow.endSeconds = static_cast<double>(Records().back().timeNs) * 1e-9;
    flow.flow.packets = kPackets;
    flow.sourceNode = "A";
    flow.destNode = "C";
    flow.packets = Records();
    const TwinNetwork net = LineNetwork();
    uint64_t packets = 0;
    for (auto _ : state)
    {
        TwinDiagnostics diagnostics;
        TwinTrafficReplay replay = TwinDemandsFromTraffic({flow}, {}, diagnostics);
        DigitalTwinHelper twin;
        TwinRunOptions options;
        options.duration = Seconds(RunSeconds());
        twin.SetNetwork(net);
        twin.SetRunOptions(options);
        twin.SetDemands(replay.demands);
        twin.Build();
        twin.InstallDemands();
        if (collect)
        {
            twin.EnableResults();
        }
        twin.Run();
        const uint64_t received =
            twin.GetTrafficHelper()->GetInstalled().front().sink->GetTotalRx();
        uint64_t expected = 0;
        for (const auto& p : *replay.demands.front().packets)
        {
            expected += p.payloadBytes;
        }
        DigitalTwinHelper::Reset();
        if (received != expected)
        {
            state.SkipWithError("the twin did not deliver every packet");
            break;
        }
        packets += kPackets;
    }
    state.counters["packets_per_s"] =
        benchmark::Counter(static_cast<double>(packets), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_TwinPacketReplay)
    ->ArgName("results")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/** A minimal UDP sender: sends (time, payload) pairs, scheduling one send at a time. */
class PlainSender : public Application
{
public:
    /**
     * @param remote where to send
     * @param packets (time after start, payload bytes), in time order
     */
    PlainSender(Address remote, const std::vector<std::pair<Time, uint32_t>>* packets)
        : m_remote(remote), m_packets(packets)
    {
    }

private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->Connect(m_remote);
        m_start = Simulator::Now();
        Next();
    }

    void StopApplication() override
    {
        m_event.Cancel();
        if (m_socket)
        {
            m_socket->Close();
        }
    }

    /** Schedule the next send. */
    void Next()
    {
        if (m_index < m_packets->size())
        {
            m_event = Simulator::Schedule(m_start + (*m_packets)[m_index].first - Simulator::Now(),
                                          &PlainSender::Send, this);
        }
    }

    /** Send the current packet. */
    void Send()
    {
        m_socket->Send(Create<Packet>((*m_packets)[m_index++].second));
        Next();
    }

    Address m_remote;                                        //!< destination
    const std::vector<std::pair<Time, uint32_t>>* m_packets; //!< what to send
    std::size_t m_index{0};                                  //!< next packet
    Time m_start;                                            //!< start time
    Ptr<Socket> m_socket;                                    //!< UDP socket
    EventId m_event;                                         //!< pending send
};

/**
 * Plain ns-3: the same line and the same packets, no twin code.
 * @param state benchmark state
 */
void
BM_PlainNs3Replay(benchmark::State& state)
{
    std::vector<std::pair<Time, uint32_t>> packets;
    packets.reserve(kPackets);
    uint64_t expected = 0;
    for (const auto& r : Records())
    {
        packets.emplace_back(NanoSeconds(r.timeNs - kEpochNs), r.bytes - kUdpIpHeaders);
        expected += r.bytes - kUdpIpHeaders;
    }
    uint64_t sent = 0;
    for (auto _ : state)
    {
        NodeContainer nodes;
        nodes.Create(3);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer ab = p2p.Install(nodes.Get(0), nodes.Get(1));
        NetDeviceContainer bc = p2p.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.0.1.0", "255.255.255.0");
        addresses.Assign(ab);
        addresses.SetBase("10.0.2.0", "255.255.255.0");
        Ipv4InterfaceContainer cInterfaces = addresses.Assign(bc);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();

        const uint16_t port = 9000;
        PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer sinkApp = sinkHelper.Install(nodes.Get(2));
        Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkApp.Get(0));
        auto sender =
            CreateObject<PlainSender>(InetSocketAddress(cInterfaces.GetAddress(1), port), &packets);
        nodes.Get(0)->AddApplication(sender);
        sender->SetStartTime(Seconds(0));
        Simulator::Stop(Seconds(RunSeconds()));
        Simulator::Run();
        const uint64_t received = sink->GetTotalRx();
        Simulator::Destroy();
        Names::Clear();
        if (received != expected)
        {
            state.SkipWithError("plain ns-3 did not deliver every packet");
            break;
        }
        sent += kPackets;
    }
    state.counters["packets_per_s"] =
        benchmark::Counter(static_cast<double>(sent), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_PlainNs3Replay)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
