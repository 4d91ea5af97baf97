/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_NETWORK_H
#define TWIN_NETWORK_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The plain, typed network model that every importer produces, the twin store keeps and the
 * builder turns into ns-3 objects. Nothing here depends on ns-3 simulation objects, so an
 * imported network can be validated, hashed and stored without building a simulation.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Where an element came from in its source: file plus line number and/or data path.
 */
struct TwinSourceRef
{
    std::string file; //!< source file as the user named it (may be empty)
    uint32_t line{0}; //!< 1-based line number, 0 when unknown
    std::string path; //!< data path (e.g. a YANG instance path), empty when unknown

    /**
     * @return "file:line", "file: path" or "file:line: path", whichever parts are known
     */
    std::string ToString() const;
};

/**
 * @ingroup digital-twin
 * One finding of an importer or validator.
 */
struct TwinDiagnostic
{
    /** How serious a finding is. */
    enum class Severity
    {
        Note,    //!< information the user should know (e.g. addresses were assigned)
        Warning, //!< imported, but something was guessed, skipped or adjusted
        Error    //!< the input cannot be imported
    };

    Severity severity{Severity::Error}; //!< how serious
    TwinSourceRef where;                //!< location in the source
    std::string message;                //!< what is wrong, in words for the user

    /**
     * @return a one-line message "file:line: path: error: message"
     */
    std::string ToString() const;
};

/**
 * @ingroup digital-twin
 * An ordered list of diagnostics with convenience adders.
 */
class TwinDiagnostics
{
public:
    /**
     * Add an error.
     * @param where the location
     * @param message the text
     */
    void Error(const TwinSourceRef& where, const std::string& message);
    /**
     * Add a warning.
     * @param where the location
     * @param message the text
     */
    void Warning(const TwinSourceRef& where, const std::string& message);
    /**
     * Add a note.
     * @param where the location
     * @param message the text
     */
    void Note(const TwinSourceRef& where, const std::string& message);
    /**
     * Append all diagnostics of another list.
     * @param other the list to append
     */
    void Append(const TwinDiagnostics& other);
    /** @return true if at least one error was recorded */
    bool HasErrors() const;
    /** @return the number of entries with the given severity
     * @param severity the severity to count */
    std::size_t Count(TwinDiagnostic::Severity severity) const;
    /** @return all entries in the order they were added */
    const std::vector<TwinDiagnostic>& All() const { return m_items; }

private:
    std::vector<TwinDiagnostic> m_items; //!< the findings
};

/**
 * @ingroup digital-twin
 * An IPv4 address with prefix length, held as host-order integer.
 */
struct TwinIpv4Prefix
{
    uint32_t address{0};     //!< address in host byte order
    uint8_t prefixLength{0}; //!< 0..32

    /**
     * Parse "a.b.c.d/len" or, with a separate length, "a.b.c.d".
     * @param text the text
     * @return the prefix, or nothing if the text is not a valid address/prefix
     */
    static std::optional<TwinIpv4Prefix> Parse(const std::string& text);
    /**
     * Parse a dotted-quad address without length.
     * @param text the text
     * @return the address in host byte order, or nothing if invalid
     */
    static std::optional<uint32_t> ParseAddress(const std::string& text);
    /**
     * @param address host-order address
     * @return dotted-quad text
     */
    static std::string AddressToString(uint32_t address);
    /** @return the network mask in host order */
    uint32_t Mask() const;
    /** @return the address with host bits cleared */
    uint32_t Network() const;
    /**
     * @param other another address
     * @return true if the address lies inside this prefix
     */
    bool Contains(uint32_t other) const;
    /** @return "a.b.c.d/len" */
    std::string ToString() const;
    /** @param o other @return true if equal */
    bool operator==(const TwinIpv4Prefix& o) const
    {
        return address == o.address && prefixLength == o.prefixLength;
    }
};

/**
 * @ingroup digital-twin
 * An interface of a node; in RFC 8345 terms its name equals a termination-point id.
 */
struct TwinInterface
{
    std::string name;                      //!< interface name = termination-point id
    bool enabled{true};                    //!< administrative state
    std::optional<uint64_t> speedBps;      //!< nominal speed in bit/s
    std::optional<uint32_t> mtuBytes;      //!< IPv4 MTU in bytes
    std::vector<TwinIpv4Prefix> addresses; //!< IPv4 addresses with prefix length
    TwinSourceRef source;                  //!< where it was defined
};

/**
 * @ingroup digital-twin
 * A network node (router, switch or host).
 */
struct TwinNode
{
    std::string id;                        //!< node-id, unique in the network
    std::optional<double> latitudeDeg;     //!< WGS84 latitude, when known
    std::optional<double> longitudeDeg;    //!< WGS84 longitude, when known
    std::vector<TwinInterface> interfaces; //!< interfaces (termination points)
    TwinSourceRef source;                  //!< where it was defined
};

/**
 * @ingroup digital-twin
 * One direction of a link, as RFC 8345 models links. A bidirectional link is two of these
 * with swapped ends. Values are fully resolved: importers fill defaults.
 */
struct TwinLink
{
    std::string id;           //!< link-id, unique in the network
    std::string sourceNode;   //!< source node-id
    std::string sourceTp;     //!< source termination-point id (= interface name)
    std::string destNode;     //!< destination node-id
    std::string destTp;       //!< destination termination-point id
    uint64_t capacityBps{0};  //!< capacity in bit/s
    double delaySeconds{0};   //!< one-way propagation delay in seconds
    uint32_t queuePackets{0}; //!< transmit queue limit in packets (0 = builder default)
    uint32_t metric{1};       //!< routing metric (1 for hop count)
    TwinSourceRef source;     //!< where it was defined
};

/**
 * @ingroup digital-twin
 * An IPv4 static route configured on a node.
 */
struct TwinRoute
{
    std::string node;                //!< node-id the route is configured on
    TwinIpv4Prefix destination;      //!< destination prefix
    std::optional<uint32_t> nextHop; //!< next-hop address (host order), if given
    std::string outInterface;        //!< outgoing interface name, if given (else empty)
    uint32_t metric{0};              //!< route preference/metric, 0 when not given
    TwinSourceRef source;            //!< where it was defined
};

/**
 * @ingroup digital-twin
 * Transport of a traffic demand.
 */
enum class TwinProtocol
{
    Udp, //!< open-loop constant bit rate
    Tcp  //!< closed-loop bulk transfer of a byte count
};

/**
 * @ingroup digital-twin
 * One packet of a packet-by-packet replay (a captured non-TCP flow sent as it was recorded).
 */
struct TwinReplayPacket
{
    double offsetSeconds{0};  //!< send time after the demand's start, simulated seconds
    uint32_t payloadBytes{1}; //!< UDP payload bytes (the recorded IP size less 28)
};

/**
 * @ingroup digital-twin
 * A traffic demand between two nodes.
 */
struct TwinDemand
{
    std::string id;                           //!< demand id, unique in its set
    std::string sourceNode;                   //!< node-id sending
    std::string destNode;                     //!< node-id receiving
    TwinProtocol protocol{TwinProtocol::Udp}; //!< transport
    double rateBps{0};                        //!< UDP: constant rate in bit/s
    uint64_t bytes{0};                        //!< TCP: bytes to transfer (0 = unlimited)
    double startSeconds{0};                   //!< start time, simulated seconds
    std::optional<double> stopSeconds;        //!< stop time, or run to the end
    uint32_t packetBytes{1000};               //!< UDP payload / TCP segment size in bytes
    TwinSourceRef source;                     //!< where it was defined
    /**
     * UDP only: send exactly these packets (sizes and times) instead of a constant rate;
     * rateBps and packetBytes then only describe it (mean rate, mean payload). Shared, not
     * copied: a replay can hold millions of packets.
     */
    std::shared_ptr<const std::vector<TwinReplayPacket>> packets;
};

/**
 * @ingroup digital-twin
 * A complete network: what one snapshot holds.
 */
struct TwinNetwork
{
    std::string name;                //!< network-id or label
    std::vector<TwinNode> nodes;     //!< nodes, in source order
    std::vector<TwinLink> links;     //!< directed links, in source order
    std::vector<TwinRoute> routes;   //!< configured static routes (may be empty)
    std::vector<TwinDemand> demands; //!< default traffic (may be empty)

    /**
     * @param id a node-id
     * @return the node, or nullptr
     */
    const TwinNode* FindNode(const std::string& id) const;
    /**
     * @param node a node-id
     * @param name an interface name
     * @return the interface, or nullptr
     */
    const TwinInterface* FindInterface(const std::string& node, const std::string& name) const;
};

} // namespace ns3

#endif /* TWIN_NETWORK_H */
