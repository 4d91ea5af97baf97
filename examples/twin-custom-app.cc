/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A researcher's own ns-3 application on the twin: an RTT probe between two nodes looked up
// by their snapshot names, running next to the snapshot's default traffic. The twin's
// results (including the probe's flows) go to the store; the probe's RTTs are printed.
//
//   ./twin-custom-app --db=twin.db [--from=STTLng] [--to=NYCMng] [--duration=2]
//

#include "ns3/application.h"
#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/digital-twin-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-store.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <numeric>

using namespace ns3;

/**
 * Sends a small UDP probe every Interval to a peer that echoes it back (another RttProbe with
 * Responder=true) and records the round-trip time of every answer.
 */
class RttProbe : public Application
{
public:
    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid =
            TypeId("ns3::RttProbe")
                .SetParent<Application>()
                .AddConstructor<RttProbe>()
                .AddAttribute("Responder", "Echo probes instead of sending them.",
                              BooleanValue(false), MakeBooleanAccessor(&RttProbe::m_responder),
                              MakeBooleanChecker())
                .AddAttribute("Local", "Address to send from (prober) or listen on (responder).",
                              Ipv4AddressValue(Ipv4Address::GetAny()),
                              MakeIpv4AddressAccessor(&RttProbe::m_local), MakeIpv4AddressChecker())
                .AddAttribute("Peer", "Responder address (prober only).", Ipv4AddressValue(),
                              MakeIpv4AddressAccessor(&RttProbe::m_peer), MakeIpv4AddressChecker())
                .AddAttribute("Port", "UDP port of the responder.", UintegerValue(7),
                              MakeUintegerAccessor(&RttProbe::m_port),
                              MakeUintegerChecker<uint16_t>())
                .AddAttribute("Interval", "Time between probes.", TimeValue(MilliSeconds(50)),
                              MakeTimeAccessor(&RttProbe::m_interval), MakeTimeChecker());
        return tid;
    }

    /** @return the RTT of every answered probe, in sending order */
    const std::vector<Time>& GetRtts() const { return m_rtts; }

    /** @return how many probes were sent */
    uint32_t GetSent() const { return m_sent; }

private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(m_local, m_responder ? m_port : 0));
        m_socket->SetRecvCallback(MakeCallback(&RttProbe::Receive, this));
        if (!m_responder)
        {
            SendProbe();
        }
    }

    void StopApplication() override
    {
        m_next.Cancel();
        if (m_socket)
        {
            m_socket->Close();
            m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        }
    }

    /** Send one probe carrying its send time, and schedule the next. */
    void SendProbe()
    {
        uint8_t payload[8];
        uint64_t now = static_cast<uint64_t>(Simulator::Now().GetTimeStep());
        for (int i = 0; i < 8; ++i)
        {
            payload[i] = static_cast<uint8_t>(now >> (8 * i));
        }
        m_socket->SendTo(Create<Packet>(payload, sizeof(payload)), 0,
                         InetSocketAddress(m_peer, m_port));
        ++m_sent;
        m_next = Simulator::Schedule(m_interval, &RttProbe::SendProbe, this);
    }

    /**
     * Echo (responder) or record the RTT (prober).
     * @param socket the socket with data
     */
    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> packet = socket->RecvFrom(from))
        {
            if (m_responder)
            {
                socket->SendTo(packet, 0, from);
                continue;
            }
            uint8_t payload[8];
            if (packet->CopyData(payload, sizeof(payload)) != sizeof(payload))
            {
                continue;
            }
            uint64_t sent = 0;
            for (int i = 0; i < 8; ++i)
            {
                sent |= static_cast<uint64_t>(payload[i]) << (8 * i);
            }
            m_rtts.push_back(Simulator::Now() - TimeStep(sent));
        }
    }

    bool m_responder{false};  //!< echo instead of probing
    Ipv4Address m_local;      //!< local address
    Ipv4Address m_peer;       //!< responder address
    uint16_t m_port{7};       //!< responder port
    Time m_interval;          //!< probe interval
    Ptr<Socket> m_socket;     //!< the socket
    EventId m_next;           //!< next probe
    uint32_t m_sent{0};       //!< probes sent
    std::vector<Time> m_rtts; //!< measured RTTs
};

NS_OBJECT_ENSURE_REGISTERED(RttProbe);

int
main(int argc, char* argv[])
{
    std::string db = "twin-custom-app.db";
    std::string source = "examples/data/abilene";
    std::string from = "STTLng";
    std::string to = "NYCMng";
    double duration = 2;
    CommandLine cmd(__FILE__);
    cmd.AddValue("db", "twin store (SQLite file)", db);
    cmd.AddValue("source", "snapshot to import", source);
    cmd.AddValue("from", "node-id of the prober", from);
    cmd.AddValue("to", "node-id of the responder", to);
    cmd.AddValue("duration", "simulated time in seconds", duration);
    cmd.Parse(argc, argv);

    try
    {
        TwinStore store(db);
        TwinImportResult imported = TwinImporterRegistry::Get().Import(source, "", {});
        if (!imported.Ok())
        {
            for (const auto& d : imported.diagnostics.All())
            {
                std::cerr << d.ToString() << "\n";
            }
            return 1;
        }
        TwinProvenance provenance;
        for (const auto& file : imported.sources)
        {
            provenance.files.emplace_back(file.path, file.sha256);
        }
        int64_t snapshotId =
            store.SaveSnapshot(imported.network, source, imported.importer, provenance, nullptr);

        DigitalTwinHelper twin;
        twin.LoadSnapshot(store, std::to_string(snapshotId));
        TwinRunOptions options;
        options.duration = Seconds(duration);
        options.parametersJson = R"({"example":"twin-custom-app","probe_from":")" + from +
                                 R"(","probe_to":")" + to + R"("})";
        twin.SetRunOptions(options);
        twin.Build();
        twin.InstallDemands();

        // The researcher's application, on nodes found by their names in the snapshot.
        Ptr<Node> prober = twin.GetNode(from);
        Ptr<Node> responder = twin.GetNode(to);
        Ipv4Address responderAddress = *twin.GetBuilder()->GetPrimaryAddress(to);
        Ptr<RttProbe> echo = CreateObject<RttProbe>();
        echo->SetAttribute("Responder", BooleanValue(true));
        responder->AddApplication(echo);
        echo->SetStartTime(Seconds(0));
        Ptr<RttProbe> probe = CreateObject<RttProbe>();
        probe->SetAttribute("Peer", Ipv4AddressValue(responderAddress));
        probe->SetAttribute("Local", Ipv4AddressValue(*twin.GetBuilder()->GetPrimaryAddress(from)));
        prober->AddApplication(probe);
        probe->SetStartTime(Seconds(0.05));

        twin.EnableResults();
        twin.Run();
        int64_t runId = twin.WriteResults(store);

        const auto& rtts = probe->GetRtts();
        std::printf("Run %lld stored (%.1f s simulated, %.2f s wall)\n",
                    static_cast<long long>(runId), twin.GetRunRecord().simulatedSeconds,
                    twin.GetRunRecord().wallSeconds);
        std::printf("RTT %s -> %s (%s): %zu of %u probes answered\n", from.c_str(), to.c_str(),
                    TwinIpv4Prefix::AddressToString(responderAddress.Get()).c_str(), rtts.size(),
                    probe->GetSent());
        if (rtts.empty())
        {
            std::cerr << "twin-custom-app: no probe was answered\n";
            Simulator::Destroy();
            return 1;
        }
        auto [minIt, maxIt] = std::minmax_element(rtts.begin(), rtts.end());
        double sum = std::accumulate(rtts.begin(), rtts.end(), 0.0,
                                     [](double a, Time t) { return a + t.GetSeconds(); });
        std::printf("  min %.3f ms, mean %.3f ms, max %.3f ms\n", minIt->GetSeconds() * 1e3,
                    sum / rtts.size() * 1e3, maxIt->GetSeconds() * 1e3);
    }
    catch (const std::exception& e)
    {
        std::cerr << "twin-custom-app: " << e.what() << "\n";
        Simulator::Destroy();
        return 1;
    }
    Simulator::Destroy();
    return 0;
}
