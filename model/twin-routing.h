/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_ROUTING_H
#define TWIN_ROUTING_H

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Shortest-path routing for twins without configured routes: one graph shared by every node,
 * shortest-path trees computed on first use per destination and cached.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * The routing graph of a whole network, shared by the TwinRouting instance of every node.
 *
 * Nodes are dense indices (0..N-1, the snapshot's node order). A directed edge is one
 * direction of a link: it leaves node `from` through ns-3 interface `fromIf` and reaches node
 * `to` on interface `toIf`, whose address is the next hop. Toward each destination node the
 * graph computes, on first use, a shortest-path tree by reverse Dijkstra over the usable
 * edges (sum of edge metrics; all metrics 1 gives hop count) and caches it until Invalidate().
 *
 * Tie-breaking is deterministic: among equal-cost next hops a node uses the edge added first
 * (the builder adds edges in snapshot link order), and only toward nodes that are strictly
 * closer to the destination in Dijkstra order, so zero metrics cannot create loops.
 *
 * An edge is usable when it is administratively up (SetEdgeUp) and the interfaces at both
 * ends are up (SetInterfaceUp, fed by the Ipv4 up/down notifications of TwinRouting).
 */
class TwinRoutingGraph : public Object
{
public:
    /** One direction of a link. */
    struct Edge
    {
        uint32_t from{0};    //!< node index the edge leaves
        uint32_t fromIf{0};  //!< ns-3 interface index on `from`
        uint32_t to{0};      //!< node index the edge reaches
        uint32_t toIf{0};    //!< ns-3 interface index on `to`
        Ipv4Address nextHop; //!< address of `to` on the link
        uint32_t metric{1};  //!< cost of the edge
        bool adminUp{true};  //!< administrative state (failure injection)
    };

    /** Shortest-path tree toward one destination node. */
    struct Tree
    {
        std::vector<int32_t> nextEdge;  //!< per node: edge to take, -1 if none (or destination)
        std::vector<uint64_t> distance; //!< per node: cost to the destination, max if none
    };

    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /** Create an empty graph. */
    TwinRoutingGraph();
    /** Cancel a pending delayed invalidation. */
    ~TwinRoutingGraph() override;

    /**
     * Add a node.
     * @param name a label used in printouts (the snapshot node-id)
     * @return its index
     */
    uint32_t AddNode(const std::string& name);
    /** @return the number of nodes */
    uint32_t GetNNodes() const;
    /**
     * @param index a node index
     * @return the node's label
     */
    const std::string& GetNodeName(uint32_t index) const;

    /**
     * Add one direction of a link. Invalidates cached trees.
     * @param from node index the edge leaves
     * @param fromIf ns-3 interface index on that node
     * @param to node index the edge reaches
     * @param toIf ns-3 interface index on that node
     * @param nextHop address of `to` on the link (the gateway for `from`)
     * @param metric the cost
     * @return the edge index
     */
    uint32_t AddEdge(uint32_t from, uint32_t fromIf, uint32_t to, uint32_t toIf,
                     Ipv4Address nextHop, uint32_t metric);
    /** @return the number of edges */
    uint32_t GetNEdges() const;
    /**
     * @param index an edge index
     * @return the edge
     */
    const Edge& GetEdge(uint32_t index) const;

    /**
     * Record an address owned by a node (a packet to it is routed to that node).
     * 127.0.0.0/8 is ignored: every node has it.
     * @param node node index
     * @param address the address
     * @param mask its mask
     */
    void AddAddress(uint32_t node, Ipv4Address address, Ipv4Mask mask);
    /**
     * Forget an address of a node.
     * @param node node index
     * @param address the address
     */
    void RemoveAddress(uint32_t node, Ipv4Address address);
    /**
     * Find the node a packet to an address must reach: the owner of the exact address, else
     * the first node (in the order addresses were added) attached to the longest matching
     * subnet.
     * @param address a destination
     * @return the node index, or -1 if no node owns or is attached to the address
     */
    int32_t FindOwner(Ipv4Address address) const;

    /**
     * Set an interface's operational state (interfaces never reported are up).
     * @param node node index
     * @param ifIndex ns-3 interface index
     * @param up the new state
     */
    void SetInterfaceUp(uint32_t node, uint32_t ifIndex, bool up);
    /**
     * @param node node index
     * @param ifIndex ns-3 interface index
     * @return the recorded state
     */
    bool IsInterfaceUp(uint32_t node, uint32_t ifIndex) const;
    /**
     * Set an edge's administrative state, e.g. to fail one direction of a link. Like an
     * interface change, this triggers a recomputation according to RecomputeOnChange.
     * @param edge edge index
     * @param up the new state
     */
    void SetEdgeUp(uint32_t edge, bool up);
    /**
     * @param edge edge index
     * @return true if the edge and the interfaces at both ends are up
     */
    bool IsEdgeUsable(uint32_t edge) const;

    /**
     * Drop every cached tree; the next lookup recomputes from the current edge states.
     * Fires the RoutesInvalidated trace.
     */
    void Invalidate();
    /**
     * The shortest-path tree toward a destination, computed now if not cached.
     * @param destination node index
     * @return the tree (valid until the next Invalidate())
     */
    const Tree& GetTree(uint32_t destination);
    /**
     * @param from node index
     * @param destination node index
     * @return the edge `from` uses toward `destination`, or -1 (unreachable or equal)
     */
    int32_t GetNextEdge(uint32_t from, uint32_t destination);
    /**
     * @param from node index
     * @param destination node index
     * @return the node sequence from `from` to `destination` (both included), empty if
     *         unreachable
     */
    std::vector<uint32_t> GetPath(uint32_t from, uint32_t destination);
    /** @return the number of trees currently cached */
    uint32_t GetNCachedTrees() const;

    /**
     * TracedCallback signature for a computed tree.
     * @param destination node index
     * @param reachable nodes that reach it
     */
    typedef void (*TreeComputedTracedCallback)(uint32_t destination, uint32_t reachable);

private:
    /** Called on every state change: invalidate now, later or not at all. */
    void StateChanged();
    /**
     * @param node node index
     * @param ifIndex interface index
     * @return the key of the interface in m_interfaceDown
     */
    static uint64_t InterfaceKey(uint32_t node, uint32_t ifIndex);
    /**
     * @param node node index
     * @param address host-order address
     * @return the key of a subnet entry in m_subnetKeys
     */
    static uint64_t SubnetKey(uint32_t node, uint32_t address);

    /** A subnet attached to a node. */
    struct Subnet
    {
        uint32_t network{0}; //!< network address, host order
        uint32_t mask{0};    //!< mask, host order
        uint8_t length{0};   //!< prefix length
        uint32_t node{0};    //!< attached node
        uint32_t address{0}; //!< the node's own address in it
    };

    std::vector<std::string> m_names;                   //!< node labels
    std::vector<Edge> m_edges;                          //!< all edges, in insertion order
    std::vector<std::vector<uint32_t>> m_incoming;      //!< per node: edges that reach it
    std::unordered_map<uint32_t, uint32_t> m_owner;     //!< exact address -> node
    std::vector<Subnet> m_subnets;                      //!< attached subnets
    std::unordered_set<uint64_t> m_subnetKeys;          //!< (address, node) of m_subnets
    std::unordered_map<uint64_t, bool> m_interfaceDown; //!< interfaces reported down
    std::vector<std::unique_ptr<Tree>> m_trees;         //!< per destination, null if not cached
    uint32_t m_nCached{0};                              //!< non-null entries of m_trees
    bool m_recomputeOnChange{true};                     //!< attribute RecomputeOnChange
    Time m_convergenceDelay;                            //!< attribute ConvergenceDelay
    EventId m_pendingInvalidate;                        //!< delayed invalidation
    TracedCallback<> m_invalidatedTrace;                //!< RoutesInvalidated
    TracedCallback<uint32_t, uint32_t> m_treeTrace;     //!< TreeComputed
};

/**
 * @ingroup digital-twin
 * Per-node routing protocol over a shared TwinRoutingGraph. Local delivery to any address of
 * the node, directly connected subnets out of their interface, everything else along the
 * shortest-path tree toward the node that owns the destination address. Unknown or
 * unreachable destinations are not handled (RouteInput returns false, so Ipv4L3Protocol
 * drops the packet with DROP_NO_ROUTE; RouteOutput returns no route).
 */
class TwinRouting : public Ipv4RoutingProtocol
{
public:
    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /** Create a protocol not yet attached to a graph. */
    TwinRouting();
    /** Destructor. */
    ~TwinRouting() override;

    /**
     * Attach the protocol to the shared graph.
     * @param graph the graph
     * @param nodeIndex this node's index in the graph
     */
    void SetGraph(Ptr<TwinRoutingGraph> graph, uint32_t nodeIndex);
    /** @return the shared graph */
    Ptr<TwinRoutingGraph> GetGraph() const;
    /** @return this node's index in the graph */
    uint32_t GetNodeIndex() const;
    /**
     * Forget every computed route of the whole network (they are recomputed from the current
     * link states on the next packet). Same as GetGraph()->Invalidate().
     */
    void RecomputeRoutes();
    /**
     * The route this node would use, without sending anything.
     * @param destination an address
     * @return the route, or nullptr
     */
    Ptr<Ipv4Route> Lookup(Ipv4Address destination);

    // Inherited from Ipv4RoutingProtocol
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p, const Ipv4Header& header, Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p, const Ipv4Header& header, Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb, MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb, ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

protected:
    void DoDispose() override;

private:
    /**
     * @param destination an address
     * @param oif required output device, or nullptr
     * @return the route, or nullptr
     */
    Ptr<Ipv4Route> DoLookup(Ipv4Address destination, Ptr<NetDevice> oif);
    /** Report every interface's state and address of m_ipv4 to the graph. */
    void SyncWithIpv4();

    Ptr<Ipv4> m_ipv4;              //!< the node's IPv4 stack
    Ptr<TwinRoutingGraph> m_graph; //!< the shared graph
    uint32_t m_nodeIndex{0};       //!< this node in the graph
    bool m_attached{false};        //!< SetGraph was called
};

/**
 * @ingroup digital-twin
 * Creates TwinRouting instances for InternetStackHelper / Ipv4ListRoutingHelper. Nodes are
 * mapped to graph indices by their ns-3 node id.
 */
class TwinRoutingHelper : public Ipv4RoutingHelper
{
public:
    /**
     * @param graph the shared graph
     * @param indexByNodeId graph index for each ns-3 node id that gets a TwinRouting
     */
    TwinRoutingHelper(Ptr<TwinRoutingGraph> graph, std::map<uint32_t, uint32_t> indexByNodeId);
    /** @return a copy of this helper */
    TwinRoutingHelper* Copy() const override;
    /**
     * @param node the node
     * @return a TwinRouting attached to the graph
     */
    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node> node) const override;

private:
    Ptr<TwinRoutingGraph> m_graph;                //!< the shared graph
    std::map<uint32_t, uint32_t> m_indexByNodeId; //!< ns-3 node id -> graph index
};

} // namespace ns3

#endif /* TWIN_ROUTING_H */
