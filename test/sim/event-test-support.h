/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_EVENT_TEST_SUPPORT_H
#define DTWIN_EVENT_TEST_SUPPORT_H

#include "sim-test-networks.h"

#include "ns3/address.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-event-scheduler.h"
#include "ns3/twin-traffic-helper.h"

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

/**
 * @file
 * What the event scheduler tests share: packet records fed by traces, a built twin with its
 * demands and scheduler, and event constructors.
 */

namespace ns3
{
namespace test
{

/** Times (and sizes) of packets seen by a trace. */
struct Record
{
    std::vector<std::pair<double, uint32_t>> packets; //!< (time, bytes)

    /**
     * @param from window start (included)
     * @param to window end (excluded)
     * @return packets in the window
     */
    std::size_t Count(double from, double to) const
    {
        std::size_t n = 0;
        for (const auto& p : packets)
        {
            n += p.first >= from && p.first < to ? 1 : 0;
        }
        return n;
    }

    /**
     * @param from window start (included)
     * @param to window end (excluded)
     * @return bytes in the window
     */
    uint64_t Bytes(double from, double to) const
    {
        uint64_t n = 0;
        for (const auto& p : packets)
        {
            n += p.first >= from && p.first < to ? p.second : 0;
        }
        return n;
    }
};

/**
 * Trace sink: record a packet now.
 * @param r the record
 * @param p the packet
 */
inline void
RecordPacket(Record* r, Ptr<const Packet> p)
{
    r->packets.emplace_back(Simulator::Now().GetSeconds(), p->GetSize());
}

/**
 * PacketSink Rx trace sink: record a packet now.
 * @param r the record
 * @param p the packet
 * @param from its sender
 */
inline void
RecordSinkRx(Record* r, Ptr<const Packet> p, const Address& from)
{
    RecordPacket(r, p);
}

/** Send time per packet uid and one-way delays (keyed by send time). */
struct DelayRecord
{
    std::map<uint64_t, double> sent;               //!< uid -> send time
    std::vector<std::pair<double, double>> delays; //!< (send time, delay)

    /**
     * @param from send-time window start
     * @param to send-time window end
     * @return mean delay of the packets sent in the window (-1 if none)
     */
    double Mean(double from, double to) const
    {
        double sum = 0;
        uint32_t n = 0;
        for (const auto& d : delays)
        {
            if (d.first >= from && d.first < to)
            {
                sum += d.second;
                ++n;
            }
        }
        return n == 0 ? -1 : sum / n;
    }
};

/**
 * Application Tx trace sink: remember when a packet was sent.
 * @param r the record
 * @param p the packet
 */
inline void
RecordSent(DelayRecord* r, Ptr<const Packet> p)
{
    r->sent[p->GetUid()] = Simulator::Now().GetSeconds();
}

/**
 * PacketSink Rx trace sink: the packet's one-way delay.
 * @param r the record
 * @param p the packet
 * @param from its sender
 */
inline void
RecordReceived(DelayRecord* r, Ptr<const Packet> p, const Address& from)
{
    auto it = r->sent.find(p->GetUid());
    if (it != r->sent.end())
    {
        r->delays.emplace_back(it->second, Simulator::Now().GetSeconds() - it->second);
    }
}

/** A built twin with its demands and an event scheduler. */
struct Twin
{
    Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();              //!< the builder
    Ptr<TwinTrafficHelper> traffic = CreateObject<TwinTrafficHelper>();  //!< the demands
    Ptr<TwinEventScheduler> events = CreateObject<TwinEventScheduler>(); //!< the events

    /**
     * @param net the network
     * @param mode routing mode
     * @param duration run length
     */
    Twin(const TwinNetwork& net, TwinRoutingMode mode, double duration)
    {
        builder->SetRoutingMode(mode);
        builder->Build(net);
        traffic->Install(*builder, net.demands, Seconds(duration));
        events->Attach(builder);
    }

    /**
     * @param linkId a link direction
     * @return its sending device
     */
    Ptr<PointToPointNetDevice> Tx(const std::string& linkId) const
    {
        return builder->FindLink(linkId)->txDevice;
    }

    /**
     * @param linkId a link direction
     * @return its receiving device
     */
    Ptr<PointToPointNetDevice> Rx(const std::string& linkId) const
    {
        return builder->FindLink(linkId)->rxDevice;
    }

    /**
     * @param demandId a demand id (empty: the first installed demand)
     * @return the installed demand
     */
    const TwinTrafficHelper::InstalledDemand& Demand(const std::string& demandId = "") const
    {
        const auto* inst =
            demandId.empty() ? &traffic->GetInstalled().at(0) : traffic->FindInstalled(demandId);
        if (!inst)
        {
            throw std::runtime_error("demand " + demandId + " not installed");
        }
        return *inst;
    }

    /** @return the sink of the first demand */
    Ptr<PacketSink> Sink() const { return Demand().sink; }
};

/**
 * @param type event type
 * @param time when
 * @param link link-id (link events)
 * @return the event
 */
inline TwinEvent
LinkEvent(TwinEventType type, double time, const std::string& link)
{
    TwinEvent e;
    e.id = "e" + std::to_string(time);
    e.type = type;
    e.timeSeconds = time;
    e.link = link;
    return e;
}

} // namespace test
} // namespace ns3

#endif
