/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-traffic-helper.h"

#include "ns3/bulk-send-helper.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/string.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/twin-network-checks.h"
#include "ns3/twin-packet-replay.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinTrafficHelper");

NS_OBJECT_ENSURE_REGISTERED(TwinTrafficHelper);

namespace
{

/**
 * @param demand a demand
 * @return "demand 'id' (where)"
 */
std::string
Describe(const TwinDemand& demand)
{
    std::string where = demand.source.ToString();
    return "demand '" + demand.id + "'" + (where.empty() ? "" : " (" + where + ")");
}

/**
 * @param seconds a time in seconds
 * @return a short decimal text
 */
std::string
SecondsText(double seconds)
{
    std::ostringstream os;
    os << seconds << " s";
    return os.str();
}

} // namespace

bool
IsTwinTcpVariant(TypeId type)
{
    // Made and cast rather than checked with IsChildOf: ns-3 3.37 registers TcpCubic with
    // TcpSocketBase as its parent although the class derives from TcpCongestionOps.
    // Only an Object can be made by an ObjectFactory (ns3::TcpHeader, say, is not one).
    if (type == TcpCongestionOps::GetTypeId() || !type.HasConstructor() ||
        !type.IsChildOf(Object::GetTypeId()))
    {
        return false;
    }
    ObjectFactory factory;
    factory.SetTypeId(type);
    return DynamicCast<TcpCongestionOps>(factory.Create()) != nullptr;
}

std::vector<std::string>
TwinTcpVariants()
{
    std::vector<std::string> names;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId type = TypeId::GetRegistered(i);
        const std::string name = type.GetName();
        // Every congestion control of ns-3 is named ns3::Tcp*; only those are made to check.
        if (name.rfind("ns3::Tcp", 0) == 0 && IsTwinTcpVariant(type))
        {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

TypeId
TwinTrafficHelper::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TwinTrafficHelper")
            .SetParent<Object>()
            .SetGroupName("DigitalTwin")
            .AddConstructor<TwinTrafficHelper>()
            .AddAttribute(
                "BasePort", "Destination port of the first demand; demand k uses BasePort + k.",
                UintegerValue(10000), MakeUintegerAccessor(&TwinTrafficHelper::m_basePort),
                MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("StartJitter",
                          "Each source starts up to this much later than its demand says "
                          "(uniform, from the seeded RNG). 0 starts exactly on time.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&TwinTrafficHelper::m_startJitter),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("TcpVariant",
                          "Congestion control of the TCP demands: the TypeId name of a "
                          "TcpCongestionOps subclass (ns3::TcpNewReno, ns3::TcpCubic, "
                          "ns3::TcpBbr...), set on every node's TcpL4Protocol at Install.",
                          StringValue("ns3::TcpCubic"),
                          MakeStringAccessor(&TwinTrafficHelper::m_tcpVariant),
                          MakeStringChecker());
    return tid;
}

TwinTrafficHelper::TwinTrafficHelper() : m_jitter(CreateObject<UniformRandomVariable>())
{
}

TwinTrafficHelper::~TwinTrafficHelper() = default;

int64_t
TwinTrafficHelper::AssignStreams(int64_t stream)
{
    m_jitter->SetStream(stream);
    return 1;
}

ApplicationContainer
TwinTrafficHelper::Install(const TwinBuilder& builder, const std::vector<TwinDemand>& demands,
                           Time runDuration)
{
    NS_LOG_FUNCTION(this << demands.size() << runDuration);
    if (!builder.IsBuilt())
    {
        throw TwinBuildError("TwinTrafficHelper::Install: the twin is not built yet");
    }
    const double runSeconds = runDuration.GetSeconds();

    // Check everything first, so an error leaves no applications behind. The demand file
    // check and the validator refuse the same demands with the same words (CheckDemands).
    std::vector<TwinDemandProblem> problems = CheckDemands(builder.GetNetwork(), demands);
    if (!problems.empty())
    {
        const TwinDemandProblem& first = problems.front();
        std::string where = demands[first.demand].source.ToString();
        std::string more;
        if (problems.size() > 1)
        {
            std::size_t n = problems.size() - 1;
            more = " (and " + std::to_string(n) + " more problem" + (n == 1 ? "" : "s") +
                   " with the demands)";
        }
        throw TwinBuildError(first.message + (where.empty() ? "" : " (" + where + ")") + more);
    }
    std::optional<uint32_t> tcpSegmentBytes;
    for (const auto& d : demands)
    {
        if (d.protocol == TwinProtocol::Tcp)
        {
            tcpSegmentBytes = d.packetBytes;
        }
        if (d.packets)
        {
            if (d.protocol != TwinProtocol::Udp)
            {
                throw TwinBuildError(Describe(d) +
                                     ": a packet sequence can only be replayed over UDP");
            }
            if (d.packets->empty())
            {
                throw TwinBuildError(Describe(d) + ": its packet sequence is empty");
            }
            std::string problem = TwinPacketReplayApplication::CheckPackets(*d.packets);
            if (!problem.empty())
            {
                throw TwinBuildError(Describe(d) + ": " + problem);
            }
            if (d.startSeconds + d.packets->back().offsetSeconds > kMaxDemandSeconds)
            {
                throw TwinBuildError(Describe(d) + ": its last packet is sent after " +
                                     SecondsText(kMaxDemandSeconds) + ", the latest time allowed");
            }
        }
        // CheckDemands found both nodes with an address, so the builder has their primary.
        if (!builder.GetPrimaryAddress(d.sourceNode) || !builder.GetPrimaryAddress(d.destNode))
        {
            throw TwinBuildError(Describe(d) + ": the builder has no primary address for a "
                                               "node CheckDemands accepted (internal error)");
        }
    }
    if (m_nextSlot + demands.size() > 65536u - m_basePort)
    {
        throw TwinBuildError("too many demands (" + std::to_string(demands.size()) +
                             ") for one port each above BasePort " + std::to_string(m_basePort));
    }
    TypeId tcpVariant;
    if (!TypeId::LookupByNameFailSafe(m_tcpVariant, &tcpVariant) || !IsTwinTcpVariant(tcpVariant))
    {
        throw TwinBuildError("TcpVariant '" + m_tcpVariant +
                             "' is not a TCP congestion control of ns-3 (e.g. ns3::TcpNewReno, "
                             "ns3::TcpCubic, ns3::TcpBbr)");
    }
    if (tcpSegmentBytes)
    {
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(*tcpSegmentBytes));
        // On the nodes, not as a global default: their TCP stacks exist already, and another
        // twin in the same process keeps its own choice.
        for (uint32_t i = 0; i < builder.GetNodes().GetN(); ++i)
        {
            Ptr<TcpL4Protocol> tcp = builder.GetNodes().Get(i)->GetObject<TcpL4Protocol>();
            if (tcp)
            {
                tcp->SetAttribute("SocketType", TypeIdValue(tcpVariant));
            }
        }
    }

    m_requested.insert(m_requested.end(), demands.begin(), demands.end());
    ApplicationContainer apps;
    auto firstSlot = m_nextSlot;
    m_nextSlot += static_cast<uint32_t>(demands.size());
    for (const auto& d : demands)
    {
        double stopSeconds = d.stopSeconds.value_or(runSeconds);
        if (runSeconds > 0)
        {
            stopSeconds = std::min(stopSeconds, runSeconds);
        }
        if (runSeconds > 0 && d.startSeconds >= runSeconds)
        {
            m_notes.push_back(Describe(d) + " starts at " + SecondsText(d.startSeconds) +
                              ", not before the end of the run (" + SecondsText(runSeconds) +
                              "): skipped");
            continue;
        }
        if (d.stopSeconds && stopSeconds <= d.startSeconds)
        {
            m_notes.push_back(Describe(d) + " stops at " + SecondsText(stopSeconds) +
                              ", not after its start (" + SecondsText(d.startSeconds) +
                              "): skipped");
            continue;
        }

        InstalledDemand inst;
        inst.demand = d;
        // One port per position in the input, so ports stay stable when a demand is skipped.
        inst.port = static_cast<uint16_t>(m_basePort + firstSlot + (&d - demands.data()));
        inst.sourceAddress = *builder.GetPrimaryAddress(d.sourceNode);
        inst.destAddress = *builder.GetPrimaryAddress(d.destNode);
        inst.start = Seconds(d.startSeconds);
        inst.stop = Seconds(stopSeconds);
        if (m_startJitter.IsStrictlyPositive())
        {
            const Time jitter = Seconds(m_jitter->GetValue(0, m_startJitter.GetSeconds()));
            inst.start += jitter;
            // A demand with its own stop keeps its length: the jitter moves the whole demand
            // (a replayed flow stops just after its last packet), clipped to the run's end.
            if (d.stopSeconds)
            {
                inst.stop += jitter;
                if (runSeconds > 0 && inst.stop > Seconds(runSeconds))
                {
                    inst.stop = Seconds(runSeconds);
                }
            }
        }
        // Checked again with the jitter (and in simulator time steps): an ns-3 application
        // whose stop comes before its start starts anyway and then sends until the end of the
        // run. A stop of 0 means no stop (a run without duration).
        if (inst.stop.IsStrictlyPositive() && inst.start >= inst.stop)
        {
            bool ownStop = d.stopSeconds && !(runSeconds > 0 && *d.stopSeconds >= runSeconds);
            m_notes.push_back(Describe(d) + " starts at " + SecondsText(inst.start.GetSeconds()) +
                              (m_startJitter.IsStrictlyPositive() ? " with its start jitter" : "") +
                              ", not before " + (ownStop ? "its stop" : "the end of the run") +
                              " (" + SecondsText(inst.stop.GetSeconds()) + "): skipped");
            continue;
        }

        std::string factory =
            d.protocol == TwinProtocol::Udp ? "ns3::UdpSocketFactory" : "ns3::TcpSocketFactory";
        PacketSinkHelper sinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), inst.port));
        ApplicationContainer sink = sinkHelper.Install(builder.GetNode(d.destNode));
        sink.Start(Seconds(0));
        inst.sink = DynamicCast<PacketSink>(sink.Get(0));
        apps.Add(sink);

        InetSocketAddress remote(inst.destAddress, inst.port);
        InetSocketAddress local(inst.sourceAddress, 0);
        ApplicationContainer source;
        if (d.packets)
        {
            auto replay = CreateObject<TwinPacketReplayApplication>();
            replay->SetAttribute("Remote", AddressValue(remote));
            replay->SetAttribute("Local", AddressValue(local));
            replay->SetPackets(d.packets);
            builder.GetNode(d.sourceNode)->AddApplication(replay);
            source.Add(replay);
        }
        else if (d.protocol == TwinProtocol::Udp)
        {
            OnOffHelper onoff(factory, remote);
            // Always on: constant rate from start to stop.
            onoff.SetAttribute("OnTime", StringValue("ns3::ConstantRandomVariable[Constant=1e6]"));
            onoff.SetAttribute("OffTime", StringValue("ns3::ConstantRandomVariable[Constant=0]"));
            onoff.SetAttribute("DataRate", DataRateValue(DataRate(
                                               static_cast<uint64_t>(std::llround(d.rateBps)))));
            onoff.SetAttribute("PacketSize", UintegerValue(d.packetBytes));
            onoff.SetAttribute("Local", AddressValue(local));
            source = onoff.Install(builder.GetNode(d.sourceNode));
        }
        else
        {
            BulkSendHelper bulk(factory, remote);
            bulk.SetAttribute("MaxBytes", UintegerValue(d.bytes));
            bulk.SetAttribute("SendSize", UintegerValue(d.packetBytes));
            bulk.SetAttribute("Local", AddressValue(local));
            source = bulk.Install(builder.GetNode(d.sourceNode));
        }
        source.Start(inst.start);
        source.Stop(inst.stop);
        inst.source = source.Get(0);
        apps.Add(source);
        m_byPort[inst.port] = m_installed.size();
        m_installed.push_back(inst);
    }
    return apps;
}

const std::vector<TwinTrafficHelper::InstalledDemand>&
TwinTrafficHelper::GetInstalled() const
{
    return m_installed;
}

const std::vector<TwinDemand>&
TwinTrafficHelper::GetRequested() const
{
    return m_requested;
}

std::string
TwinTrafficHelper::FindDemand(uint8_t protocol, Ipv4Address source, uint16_t sourcePort,
                              Ipv4Address dest, uint16_t destPort) const
{
    auto matches = [protocol](const InstalledDemand& inst)
    { return protocol == (inst.demand.protocol == TwinProtocol::Udp ? 17 : 6); };
    // Ports identify the demand; the source address is not compared because ns-3's TCP
    // takes its local address from the route (the outgoing interface), not from Bind().
    auto fwd = m_byPort.find(destPort);
    if (fwd != m_byPort.end())
    {
        const auto& inst = m_installed[fwd->second];
        if (matches(inst) && inst.destAddress == dest)
        {
            return inst.demand.id;
        }
    }
    auto rev = m_byPort.find(sourcePort);
    if (rev != m_byPort.end())
    {
        const auto& inst = m_installed[rev->second];
        if (matches(inst) && inst.destAddress == source)
        {
            return inst.demand.id;
        }
    }
    return "";
}

const TwinTrafficHelper::InstalledDemand*
TwinTrafficHelper::FindInstalled(const std::string& demandId) const
{
    for (const auto& inst : m_installed)
    {
        if (inst.demand.id == demandId)
        {
            return &inst;
        }
    }
    return nullptr;
}

const std::vector<std::string>&
TwinTrafficHelper::GetNotes() const
{
    return m_notes;
}

} // namespace ns3
