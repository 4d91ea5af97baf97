/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_TRAFFIC_HELPER_H
#define TWIN_TRAFFIC_HELPER_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet-sink.h"
#include "ns3/random-variable-stream.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-network.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Turns traffic demands into ns-3 applications: a PacketSink on the destination and an
 * OnOffApplication (UDP constant rate), a TwinPacketReplayApplication (UDP demand with a
 * packet sequence) or BulkSendApplication (TCP byte count) on the source, one destination
 * port per demand.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * @param type a TypeId
 * @return true if it is a TCP congestion control TwinTrafficHelper's TcpVariant accepts (a
 *         TcpCongestionOps subclass with a constructor)
 */
bool IsTwinTcpVariant(TypeId type);

/**
 * @ingroup digital-twin
 * @return the TypeId names of every TCP congestion control ns-3 has registered, sorted
 */
std::vector<std::string> TwinTcpVariants();

/**
 * @ingroup digital-twin
 * Installs TwinDemand values as applications on a built twin.
 *
 * Each demand k gets destination port BasePort + k, so every flow FlowMonitor sees maps back
 * to one demand. Traffic goes to the destination's primary address
 * (TwinBuilder::GetPrimaryAddress); sources bind to their own primary address, which UDP
 * uses as source address. ns-3's TCP replaces the bound address by the source address of
 * the route (the outgoing interface's address), so TCP flows come from that address and
 * their replies need routes to link subnets. The TCP segment size is ns-3's global
 * ns3::TcpSocket::SegmentSize default, set from the TCP demands' packetBytes (which must
 * therefore agree).
 *
 * Attributes: BasePort, StartJitter, TcpVariant.
 */
class TwinTrafficHelper : public Object
{
public:
    /** A demand as installed. */
    struct InstalledDemand
    {
        TwinDemand demand;         //!< the demand
        uint16_t port{0};          //!< its destination port
        Ipv4Address sourceAddress; //!< source node's primary address
        Ipv4Address destAddress;   //!< destination node's primary address
        Time start;                //!< application start (with jitter)
        Time stop;                 //!< application stop (clipped to the run)
        Ptr<Application> source;   //!< OnOff, TwinPacketReplay or BulkSend application
        Ptr<PacketSink> sink;      //!< the sink on the destination
    };

    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /** Create a helper with the attribute defaults. */
    TwinTrafficHelper();
    /** Destructor. */
    ~TwinTrafficHelper() override;

    /**
     * Install demands. Demands that start at or after the end of the run, or stop before
     * they start, are skipped with a note; so is a demand that the start jitter moves to or
     * past its stop or the end of the run.
     * @param builder the built twin
     * @param demands the demands
     * @param runDuration length of the run (stop times are clipped to it)
     * @return the source and sink applications, in demand order (sink, source per demand)
     * A UDP demand with a packet sequence (TwinDemand::packets) sends exactly those packets
     * from its start (TwinPacketReplayApplication); its stop time cuts the sequence like any
     * UDP demand's (and the end of the run does).
     * @throws TwinBuildError for a demand naming an unknown node, a node without address,
     *         no amount to send, TCP demands with different packet sizes, or a packet
     *         sequence on a TCP demand, empty, with offsets negative, not finite or
     *         decreasing, a last packet after kMaxDemandSeconds, or a payload of 0 or above
     *         kMaxUdpPayloadBytes
     */
    ApplicationContainer Install(const TwinBuilder& builder, const std::vector<TwinDemand>& demands,
                                 Time runDuration);
    /**
     * Fix the random stream of the start jitter.
     * @param stream first stream index
     * @return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /** @return the installed demands, in input order (skipped ones omitted) */
    const std::vector<InstalledDemand>& GetInstalled() const;
    /**
     * @return every demand given to Install(), installed or skipped, in input order (what a
     *         traffic class's protocol selects from)
     */
    const std::vector<TwinDemand>& GetRequested() const;
    /**
     * The demand a flow belongs to: the forward direction (to the demand's port and
     * destination address) or the reverse one (from them: TCP acknowledgements). The source
     * address is not compared: a TCP connection's local address is the outgoing interface's.
     * @param protocol IP protocol number
     * @param source source address
     * @param sourcePort source port
     * @param dest destination address
     * @param destPort destination port
     * @return the demand id, or empty if the flow is no demand's
     */
    std::string FindDemand(uint8_t protocol, Ipv4Address source, uint16_t sourcePort,
                           Ipv4Address dest, uint16_t destPort) const;
    /**
     * @param demandId a demand id
     * @return the installed demand, or nullptr
     */
    const InstalledDemand* FindInstalled(const std::string& demandId) const;
    /** @return notes about skipped or adjusted demands */
    const std::vector<std::string>& GetNotes() const;

private:
    uint16_t m_basePort{10000};                         //!< attribute BasePort
    Time m_startJitter;                                 //!< attribute StartJitter
    std::string m_tcpVariant;                           //!< attribute TcpVariant
    Ptr<UniformRandomVariable> m_jitter;                //!< start jitter draws
    std::vector<InstalledDemand> m_installed;           //!< installed demands
    std::vector<TwinDemand> m_requested;                //!< every demand given to Install
    uint32_t m_nextSlot{0};                             //!< port offset of the next demand
    std::unordered_map<uint16_t, std::size_t> m_byPort; //!< port -> m_installed index
    std::vector<std::string> m_notes;                   //!< notes for the user
};

} // namespace ns3

#endif /* TWIN_TRAFFIC_HELPER_H */
