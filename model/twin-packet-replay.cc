/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-packet-replay.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/twin-network-checks.h"
#include "ns3/udp-socket-factory.h"

#include <cmath>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinPacketReplayApplication");

NS_OBJECT_ENSURE_REGISTERED(TwinPacketReplayApplication);

TypeId
TwinPacketReplayApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TwinPacketReplayApplication")
            .SetParent<Application>()
            .SetGroupName("DigitalTwin")
            .AddConstructor<TwinPacketReplayApplication>()
            .AddAttribute("Remote", "The address the packets go to.", AddressValue(),
                          MakeAddressAccessor(&TwinPacketReplayApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute(
                "Local", "The address the socket binds to (empty: any address of the node).",
                AddressValue(), MakeAddressAccessor(&TwinPacketReplayApplication::m_local),
                MakeAddressChecker())
            .AddAttribute("Scale",
                          "Each recorded packet adds Scale to a credit and is sent once per "
                          "whole unit of it (TwinScaleCredit: exact in millionths, rounding): 1 "
                          "sends the sequence as recorded, 0.5 every second packet, 2 each "
                          "packet twice.",
                          DoubleValue(1),
                          MakeDoubleAccessor(&TwinPacketReplayApplication::SetScale,
                                             &TwinPacketReplayApplication::GetScale),
                          MakeDoubleChecker<double>(0))
            .AddTraceSource("Tx", "A packet just before it is handed to the socket.",
                            MakeTraceSourceAccessor(&TwinPacketReplayApplication::m_txTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

TwinPacketReplayApplication::TwinPacketReplayApplication()
{
    NS_LOG_FUNCTION(this);
}

TwinPacketReplayApplication::~TwinPacketReplayApplication()
{
    NS_LOG_FUNCTION(this);
}

std::string
TwinPacketReplayApplication::CheckPackets(const std::vector<TwinReplayPacket>& packets)
{
    double previous = 0;
    for (std::size_t i = 0; i < packets.size(); ++i)
    {
        const TwinReplayPacket& p = packets[i];
        const std::string what = "packet " + std::to_string(i + 1) + ": ";
        if (!std::isfinite(p.offsetSeconds) || p.offsetSeconds < 0)
        {
            return what + "offset " + std::to_string(p.offsetSeconds) +
                   " s is not a non-negative finite number";
        }
        if (p.offsetSeconds > kMaxDemandSeconds)
        {
            return what + "offset " + std::to_string(p.offsetSeconds) + " s is after the limit " +
                   std::to_string(kMaxDemandSeconds) + " s";
        }
        if (i > 0 && p.offsetSeconds < previous)
        {
            return what + "offset " + std::to_string(p.offsetSeconds) +
                   " s is before the previous packet's " + std::to_string(previous) + " s";
        }
        if (p.payloadBytes == 0 || p.payloadBytes > kMaxUdpPayloadBytes)
        {
            return what + "payload of " + std::to_string(p.payloadBytes) +
                   " bytes is not from 1 to " + std::to_string(kMaxUdpPayloadBytes);
        }
        previous = p.offsetSeconds;
    }
    return "";
}

void
TwinPacketReplayApplication::SetPackets(
    std::shared_ptr<const std::vector<TwinReplayPacket>> packets)
{
    NS_LOG_FUNCTION(this);
    if (m_started)
    {
        throw std::invalid_argument(
            "TwinPacketReplayApplication::SetPackets: the application has started already");
    }
    if (packets)
    {
        std::string problem = CheckPackets(*packets);
        if (!problem.empty())
        {
            throw std::invalid_argument("TwinPacketReplayApplication::SetPackets: " + problem);
        }
    }
    m_packets = std::move(packets);
    m_next = 0;
}

std::shared_ptr<const std::vector<TwinReplayPacket>>
TwinPacketReplayApplication::GetPackets() const
{
    return m_packets;
}

uint64_t
TwinPacketReplayApplication::GetSentPackets() const
{
    return m_sentPackets;
}

uint64_t
TwinPacketReplayApplication::GetSentBytes() const
{
    return m_sentBytes;
}

uint64_t
TwinPacketReplayApplication::GetRecordedPacketsDone() const
{
    return m_next;
}

void
TwinPacketReplayApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_sendEvent.Cancel();
    m_socket = nullptr;
    m_packets.reset();
    Application::DoDispose();
}

void
TwinPacketReplayApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_started = true;
    m_base = Simulator::Now();
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        int bound = 0;
        if (!m_local.IsInvalid())
        {
            bound = m_socket->Bind(m_local);
        }
        else if (Inet6SocketAddress::IsMatchingType(m_remote))
        {
            bound = m_socket->Bind6();
        }
        else
        {
            bound = m_socket->Bind();
        }
        NS_ABORT_MSG_IF(bound != 0, "TwinPacketReplayApplication: cannot bind its socket");
        NS_ABORT_MSG_IF(m_socket->Connect(m_remote) != 0,
                        "TwinPacketReplayApplication: cannot connect its socket");
        // Nothing comes back: a receive buffer would only collect stray datagrams.
        m_socket->ShutdownRecv();
    }
    ScheduleNext();
}

void
TwinPacketReplayApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_sendEvent.Cancel();
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
TwinPacketReplayApplication::ScheduleNext()
{
    if (!m_packets || m_next >= m_packets->size())
    {
        return;
    }
    // Times are taken from the start each time (never added gap by gap), so rounding to the
    // simulator's resolution never accumulates over a long sequence.
    const Time at = m_base + Seconds((*m_packets)[m_next].offsetSeconds);
    const Time now = Simulator::Now();
    m_sendEvent = Simulator::Schedule(at > now ? at - now : Time(0),
                                      &TwinPacketReplayApplication::SendCurrent, this);
}

void
TwinPacketReplayApplication::SetScale(double scale)
{
    m_scale = scale;
    m_credit.SetScale(scale);
}

double
TwinPacketReplayApplication::GetScale() const
{
    return m_scale;
}

void
TwinPacketReplayApplication::SendCurrent()
{
    const TwinReplayPacket& p = (*m_packets)[m_next++];
    const uint64_t copies = m_credit.Next();
    for (uint64_t k = 0; k < copies; ++k)
    {
        Ptr<Packet> packet = Create<Packet>(p.payloadBytes);
        m_txTrace(packet);
        // A datagram the socket refuses (no route) counts as sent and lost, as OnOff's does.
        m_socket->Send(packet);
        ++m_sentPackets;
        m_sentBytes += p.payloadBytes;
    }
    ScheduleNext();
}

} // namespace ns3
