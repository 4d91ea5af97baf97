/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_BUILDER_H
#define TWIN_BUILDER_H

#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue-disc.h"
#include "ns3/queue-size.h"
#include "ns3/twin-network.h"
#include "ns3/twin-routing.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Turns a snapshot (TwinNetwork) into ns-3 nodes, point-to-point links, queue discs, IPv4
 * addresses and routes. The mapping is described in doc/model.md.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * A network cannot be built (a link to a missing node, a route via an unknown interface,
 * ...). The message names the element and where it came from.
 */
class TwinBuildError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * @ingroup digital-twin
 * Which routes the builder installs.
 */
enum class TwinRoutingMode
{
    Auto,        //!< Configured if the network has static routes, else ShortestPath
    Configured,  //!< the snapshot's static routes via Ipv4StaticRouting
    ShortestPath //!< routes computed by TwinRouting from link metrics
};

/**
 * @ingroup digital-twin
 * @param mode a routing mode
 * @return "auto", "configured" or "shortest-path"
 */
std::string ToString(TwinRoutingMode mode);

/**
 * @ingroup digital-twin
 * @param text "auto", "configured" or "shortest-path"
 * @return the mode, or nothing if the text names none
 */
std::optional<TwinRoutingMode> ParseTwinRoutingMode(const std::string& text);

/**
 * @ingroup digital-twin
 * Builds the ns-3 objects of one snapshot. One builder builds one network once; it then
 * answers questions about what it built (nodes by name, the device and queue disc of each
 * directed link, primary addresses).
 *
 * Attributes (also settable with Config::SetDefault("ns3::TwinBuilder::..."):
 * RoutingMode, QueueDiscType, DefaultQueuePackets, DeviceQueueSize, RegisterNames.
 */
class TwinBuilder : public Object
{
public:
    /** One direction of a built link. */
    struct BuiltLink
    {
        uint32_t linkIndex{0};               //!< index in TwinNetwork::links
        std::string id;                      //!< TwinLink id
        uint32_t sourceNode{0};              //!< node index (snapshot order) of the sender
        uint32_t destNode{0};                //!< node index of the receiver
        uint32_t sourceIf{0};                //!< ns-3 Ipv4 interface index on the sender
        uint32_t destIf{0};                  //!< ns-3 Ipv4 interface index on the receiver
        uint64_t capacityBps{0};             //!< DataRate of the sending device
        Ptr<PointToPointNetDevice> txDevice; //!< the sender's device
        Ptr<PointToPointNetDevice> rxDevice; //!< the receiver's device
        Ptr<QueueDisc> queueDisc;            //!< root queue disc on txDevice
        int32_t routingEdge{-1};             //!< edge in the routing graph, -1 without TwinRouting
    };

    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /** Create a builder with the attribute defaults. */
    TwinBuilder();
    /** Destructor. */
    ~TwinBuilder() override;

    /**
     * Set an attribute of every root queue disc (applied after creation, before the
     * simulation starts). Setting "MaxSize" here overrides the per-link queue size.
     * @param name attribute name of the QueueDiscType
     * @param value its value
     */
    void SetQueueDiscAttribute(const std::string& name, const AttributeValue& value);
    /** @param mode the routing mode to use (same as the RoutingMode attribute) */
    void SetRoutingMode(TwinRoutingMode mode);

    /**
     * Create every ns-3 object of the network.
     * @param network the snapshot
     * @return the nodes, in snapshot order
     * @throws TwinBuildError if the network cannot be built or this builder already built
     *         one. Every check runs before the first ns-3 object is created, so a failed
     *         Build() normally creates nothing and registers no name, and the builder may be
     *         given another (or the corrected) network. Only a failure that ns-3 reports while
     *         objects are configured (an attribute setter refusing a value) leaves objects
     *         behind; the builder then refuses further Build() calls.
     */
    NodeContainer Build(const TwinNetwork& network);
    /** @return true once Build() succeeded */
    bool IsBuilt() const;

    /** @return the network that was built (a copy) */
    const TwinNetwork& GetNetwork() const;
    /** @return the nodes, in snapshot order */
    NodeContainer GetNodes() const;
    /**
     * @param nodeId a snapshot node-id
     * @return the node, or nullptr
     */
    Ptr<Node> GetNode(const std::string& nodeId) const;
    /**
     * @param nodeId a snapshot node-id
     * @return its index in snapshot order, or -1
     */
    int32_t GetNodeIndex(const std::string& nodeId) const;
    /**
     * @param nodeId a snapshot node-id
     * @param interfaceName an interface (termination point) of it
     * @return the ns-3 Ipv4 interface index (0 for an interface mapped onto the loopback), or
     *         -1 if unknown or not mapped (a disabled interface that is on no link)
     */
    int32_t GetInterfaceIndex(const std::string& nodeId, const std::string& interfaceName) const;
    /**
     * The address traffic of a node is sent from and to: the first /32 address of an enabled
     * interface that is on no link (a loopback), else the first address of the first enabled
     * interface that has one.
     * @param nodeId a snapshot node-id
     * @return the address, or nothing if the node has none
     */
    std::optional<Ipv4Address> GetPrimaryAddress(const std::string& nodeId) const;
    /** @return every built link direction, in TwinNetwork::links order */
    const std::vector<BuiltLink>& GetLinks() const;
    /**
     * @param linkId a TwinLink id
     * @return the built direction, or nullptr
     */
    const BuiltLink* FindLink(const std::string& linkId) const;
    /** @return the routing mode in effect (never Auto after Build) */
    TwinRoutingMode GetRoutingMode() const;
    /** @return the shared routing graph (ShortestPath mode only, else nullptr) */
    Ptr<TwinRoutingGraph> GetRoutingGraph() const;
    /** @return things the user should know about the build (e.g. ignored routes) */
    const std::vector<std::string>& GetNotes() const;

protected:
    void DoDispose() override;

private:
    /** @param mode a TwinRoutingMode as int (attribute setter) */
    void SetRoutingModeValue(int mode);
    /** @return the requested TwinRoutingMode as int (attribute getter) */
    int GetRoutingModeValue() const;
    /** Forget everything derived from a network (before a build, after a failed check). */
    void ResetState();
    /**
     * Check QueueDiscType and the queue disc attributes; throws TwinBuildError for a type
     * that is no queue disc, needs a multi-queue device, or has no MaxSize attribute.
     */
    void CheckQueueDiscType() const;
    /**
     * Check that the node names are free in ns3::Names and distinct after mapping '/' to
     * '_'; throws TwinBuildError.
     */
    void CheckNames() const;
    /** Check the network and derive indices; throws TwinBuildError. */
    void Prepare();
    /** Register node names with ns3::Names. */
    void RegisterNames();
    /** Create point-to-point links, the internet stack and queue discs. */
    void CreateLinks();
    /** Add IPv4 interfaces and addresses. */
    void AssignAddresses();
    /** Install the configured static routes. */
    void InstallStaticRoutes();
    /** Add the links to the routing graph. */
    void FillRoutingGraph();
    /**
     * @param q a new root queue disc
     * @param link the link direction it serves
     */
    void ConfigureQueueDisc(Ptr<QueueDisc> q, const TwinLink& link);

    /** Per node: interface name -> index in TwinNode::interfaces. */
    using InterfaceIndexMap = std::unordered_map<std::string, uint32_t>;

    // Attributes
    TwinRoutingMode m_routingMode{TwinRoutingMode::Auto}; //!< requested routing mode
    std::string m_queueDiscType;                          //!< root queue disc TypeId name
    uint32_t m_defaultQueuePackets{100};                  //!< queue size when a link has none
    QueueSize m_deviceQueueSize;                          //!< device (driver) queue size
    bool m_registerNames{true};                           //!< register node names

    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_queueDiscAttributes; //!< user's
    bool m_built{false};                                   //!< Build() done
    bool m_createdObjects{false};                          //!< a Build() created objects
    TwinNetwork m_network;                                 //!< copy of the built network
    NodeContainer m_nodes;                                 //!< nodes in snapshot order
    std::unordered_map<std::string, uint32_t> m_nodeIndex; //!< node-id -> index
    std::vector<InterfaceIndexMap> m_interfaceByName;      //!< per node: name -> TwinInterface
    std::vector<std::vector<int32_t>> m_ns3Interface; //!< per node, per TwinInterface: ns-3 index
    std::vector<std::vector<int32_t>> m_linkOfInterface; //!< per node, per TwinInterface: pair
    std::vector<std::pair<uint32_t, uint32_t>> m_pairs;  //!< link index pairs (a->b, b->a)
    std::vector<uint32_t> m_routeInterface; //!< per route: TwinInterface index it leaves by
    std::vector<int32_t> m_reverse;         //!< link index -> reverse link index
    std::vector<std::optional<Ipv4Address>> m_primary;            //!< per node
    std::vector<BuiltLink> m_links;                               //!< per TwinLink
    std::unordered_map<std::string, uint32_t> m_linkById;         //!< link id -> index
    TwinRoutingMode m_effectiveMode{TwinRoutingMode::Configured}; //!< mode in effect
    Ptr<TwinRoutingGraph> m_graph;                                //!< ShortestPath mode
    std::vector<std::string> m_notes;                             //!< notes for the user
};

} // namespace ns3

#endif /* TWIN_BUILDER_H */
