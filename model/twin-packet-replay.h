/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_PACKET_REPLAY_H
#define TWIN_PACKET_REPLAY_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/twin-network.h"
#include "ns3/twin-traffic-demands.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The application that sends a recorded packet sequence over UDP, packet by packet, with the
 * recorded sizes and gaps (doc/replay.md, "Replaying captures packet by packet").
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Sends a recorded packet sequence (TwinReplayPacket values) over one UDP socket: packet i
 * leaves at the application's start time + its offsetSeconds with payloadBytes of payload.
 * Only the next send is scheduled at any time (one pending event however long the sequence),
 * and StopApplication cancels it, so a stop time cuts the sequence.
 *
 * The Scale attribute thins or multiplies the sequence without moving a packet: each
 * recorded packet adds Scale to a credit, and the packet is sent once per whole unit of it
 * (TwinScaleCredit: integer millionths, starting at one half). With 1 every packet is sent once;
 * with 0.5 every second one; with 2.5 the packets are sent 2, 3, 2, 3... times at their recorded
 * instants. The rule is deterministic, spreads a fraction evenly over the sequence, and is the rule
 * TwinDemandsFromTraffic uses to thin a fractional traffic-scale copy. Traffic surges change
 * Scale while the application runs.
 *
 * Attributes: Remote, Local, Scale. Trace source: Tx (like OnOffApplication's: the packet
 * just before it is handed to the socket).
 */
class TwinPacketReplayApplication : public Application
{
public:
    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /** Create an application with no packets (it then sends nothing). */
    TwinPacketReplayApplication();
    /** Destructor. */
    ~TwinPacketReplayApplication() override;

    /**
     * Check a packet sequence: offsets finite, not negative and not decreasing (packets
     * recorded at the same instant share an offset), payloads from 1 to kMaxUdpPayloadBytes.
     * @param packets the sequence
     * @return empty if it can be sent, else the first problem in words ("packet 3: ...")
     */
    static std::string CheckPackets(const std::vector<TwinReplayPacket>& packets);

    /**
     * Set the sequence to send (shared, not copied). Call before the application starts.
     * @param packets the packets, in send order (see CheckPackets)
     * @throws std::invalid_argument if CheckPackets finds a problem, or the application has
     *         started already
     */
    void SetPackets(std::shared_ptr<const std::vector<TwinReplayPacket>> packets);
    /** @return the sequence (may be nullptr) */
    std::shared_ptr<const std::vector<TwinReplayPacket>> GetPackets() const;
    /** @return packets handed to the socket so far (copies included) */
    uint64_t GetSentPackets() const;
    /** @return payload bytes handed to the socket so far (copies included) */
    uint64_t GetSentBytes() const;
    /**
     * Set the Scale attribute (the credit's scale changes from the next packet on).
     * @param scale packets out per recorded packet (>= 0)
     */
    void SetScale(double scale);
    /** @return the Scale attribute */
    double GetScale() const;
    /** @return recorded packets whose send time has come (sent, copied or thinned out) */
    uint64_t GetRecordedPacketsDone() const;

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;
    /** Schedule the send of the next recorded packet, if any is left. */
    void ScheduleNext();
    /** Send the current recorded packet (Scale decides how often), then schedule the next. */
    void SendCurrent();

    Address m_remote;         //!< attribute Remote
    Address m_local;          //!< attribute Local (empty: any address)
    double m_scale{1};        //!< attribute Scale
    TwinScaleCredit m_credit; //!< sends owed under Scale, carried from packet to packet
    std::shared_ptr<const std::vector<TwinReplayPacket>> m_packets; //!< the sequence
    std::size_t m_next{0};                                          //!< next packet to send
    Time m_base;                                 //!< when the application started (offset zero)
    bool m_started{false};                       //!< StartApplication ran
    Ptr<Socket> m_socket;                        //!< the UDP socket
    EventId m_sendEvent;                         //!< the pending send
    uint64_t m_sentPackets{0};                   //!< packets handed to the socket
    uint64_t m_sentBytes{0};                     //!< payload bytes handed to the socket
    TracedCallback<Ptr<const Packet>> m_txTrace; //!< Tx trace source
};

} // namespace ns3

#endif /* TWIN_PACKET_REPLAY_H */
