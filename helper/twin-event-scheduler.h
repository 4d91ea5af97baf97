/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_EVENT_SCHEDULER_H
#define TWIN_EVENT_SCHEDULER_H

#include "twin-builder.h"

#include "ns3/error-model.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/twin-results.h"
#include "ns3/twin-scenario.h"
#include "ns3/twin-traffic-helper.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Applies the timeline of a scenario (TwinEvent values) to a built twin at simulated time.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Install one static route on a node's Ipv4StaticRouting. This is the one way the twin installs
 * a route: TwinBuilder for the snapshot's routes, TwinEventScheduler for route-add events and
 * change sets. A /32 becomes a host route, anything else a network route to the destination's
 * network address; via the next hop when the route has one, else directly out of the
 * interface.
 * @param routing the node's static routing
 * @param route the route (its node is not read)
 * @param ifIndex the ns-3 interface index the route leaves by
 */
void InstallTwinStaticRoute(Ptr<Ipv4StaticRouting> routing, const TwinRoute& route,
                            uint32_t ifIndex);

/**
 * @ingroup digital-twin
 * Find the entry InstallTwinStaticRoute made for a route.
 * @param routing the node's static routing
 * @param route the route
 * @param ifIndex the ns-3 interface index it was installed on
 * @return the entry's index in the routing table, or -1 if it is not there
 */
int32_t FindTwinStaticRoute(Ptr<Ipv4StaticRouting> routing, const TwinRoute& route,
                            uint32_t ifIndex);

/**
 * @ingroup digital-twin
 * Schedules scenario events on the ns-3 objects of a TwinBuilder: every TwinEventType.
 * doc/scenarios.md gives the semantics, doc/model.md how they map onto ns-3.
 *
 * Link and node state. A link direction is down while its own LinkDown holds (named directly
 * or through its pair, or a change set disabling the interface it starts at) or while the node
 * at either end is down. A down direction drops every packet its receiving device gets (packets
 * queued or in flight at the failure are lost too). With shortest-path routing the Ipv4
 * interfaces of a pair whose both directions are down (and every linked interface of a down
 * node) are also set down with Ipv4::SetDown, and each direction's edge of the routing graph
 * follows its state; the graph recomputes routes according to its RecomputeOnChange and
 * ConvergenceDelay attributes (see SetRoutingReaction). With configured static routes the Ipv4
 * interfaces stay up, because Ipv4StaticRouting deletes the routes of an interface that goes
 * down and does not restore them: routes stay as configured and traffic over a failed link is
 * dropped. LinkDelay cannot be direction-only (a point-to-point channel has one delay).
 *
 * Static routes. RouteAdd and a change set's route additions install a route on the node's
 * Ipv4StaticRouting (InstallTwinStaticRoute), replacing the routes to the same prefix that the
 * snapshot (configured mode) or earlier events installed (only those: the routes ns-3 adds for
 * the node's own subnets stay). The outgoing interface is resolved when the event applies, with
 * the rules of CheckStaticRoute against the network as the change sets so far made it; a route
 * that cannot be installed then is reported in the applied event's detail, and the route it
 * would replace stays. A kept route whose interface is set down is deleted by ns-3 and
 * reinstalled when the interface comes up again.
 *
 * Traffic surges (need AttachTraffic): a UDP demand's OnOffApplication DataRate is the rate
 * before any surge times the product of the factors of the surges active on it (exact: when
 * the last ends, the original rate is back); a packet-replay demand's
 * TwinPacketReplayApplication Scale is that product (each recorded packet is sent once per
 * whole unit of a credit, TwinScaleCredit, so x2 doubles every packet and x0.5 sends every second
 * one, each at its recorded time and size); a TCP demand's BulkSendApplication MaxBytes becomes
 * sent + (MaxBytes - sent) * factor, sent being the bytes the application handed to its socket so
 * far. Demands the traffic helper skipped are reported in the detail.
 *
 * Every applied event, and the automatic end of a surge (id "<id>/end"), is recorded in
 * GetAppliedEvents().
 */
class TwinEventScheduler : public Object
{
public:
    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /** Create a scheduler attached to no twin. */
    TwinEventScheduler();
    /** Destructor. */
    ~TwinEventScheduler() override;

    /**
     * Attach the scheduler to a built twin.
     * @param builder a builder after a successful Build()
     * @throws TwinBuildError if the builder has not built a network
     */
    void Attach(Ptr<TwinBuilder> builder);

    /**
     * Let the scheduler change the demands' applications (traffic-surge events). Call after
     * the traffic helper installed the demands, before Schedule().
     * @param traffic the traffic helper of the twin
     */
    void AttachTraffic(Ptr<TwinTrafficHelper> traffic);

    /**
     * Set the traffic classes traffic-surge events may name.
     * @param classes the scenario's classes
     */
    void SetTrafficClasses(const std::vector<TwinTrafficClass>& classes);

    /**
     * @return the events applied so far, in the order they took effect (what a timeline or
     *         report shows)
     */
    const std::vector<TwinAppliedEvent>& GetAppliedEvents() const;

    /**
     * Configure the routing reaction on the twin's routing graph (attributes RecomputeOnChange
     * and ConvergenceDelay of TwinRoutingGraph).
     * @param routing Recompute: routes recomputed the convergence delay after each change;
     *        AsConfigured: routes are never recomputed
     * @throws TwinBuildError if not attached, the delay is negative, Recompute is asked for a
     *         twin with configured static routes, or a delay is given with AsConfigured
     */
    void SetRoutingReaction(const TwinScenarioRouting& routing);

    /**
     * Check an event and schedule it at its time.
     * @param event the event
     * @throws TwinBuildError if not attached, the event names an unknown element (link,
     *         node, interface, demand, traffic class), its time is in the past, its values are
     *         invalid, or it is a traffic surge and AttachTraffic was not called
     */
    void Schedule(const TwinEvent& event);
    /**
     * Check every event, then schedule them in order (so events at the same time apply in
     * the given order). Nothing is scheduled if one of them is refused.
     * @param events the timeline
     * @throws TwinBuildError as Schedule(const TwinEvent&)
     */
    void Schedule(const std::vector<TwinEvent>& events);

    /**
     * Apply an event now (what a scheduled event does at its time).
     * @param event a checked event
     * @throws TwinBuildError as Schedule(const TwinEvent&), except for the time
     */
    void Apply(const TwinEvent& event);

    /**
     * @param type an event type
     * @return true if Schedule() accepts events of this type (every type now)
     */
    static bool IsSupported(TwinEventType type);
    /**
     * @param linkId a directed link-id
     * @return true if that direction is down now (own failure or a node at either end down)
     */
    bool IsLinkDown(const std::string& linkId) const;
    /**
     * IsLinkDown by index, cheap enough for a per-packet trace (TwinResultCollector asks it at
     * every transmission, to leave those into a failed direction uncounted).
     * @param linkIndex index in TwinBuilder::GetLinks() of the attached twin
     * @return true if that direction is down now (own failure or a node at either end down)
     * @throws TwinBuildError if not attached or the index is out of range
     */
    bool IsLinkIndexDown(uint32_t linkIndex) const;
    /**
     * @param nodeId a node-id
     * @return true if that node is down now
     */
    bool IsNodeDown(const std::string& nodeId) const;

protected:
    void DoDispose() override;

private:
    /**
     * Check an event against the twin.
     * @param event the event
     * @param checkTime refuse a time before now
     */
    void Check(const TwinEvent& event, bool checkTime) const;
    /**
     * @param linkId a directed link-id
     * @return its index in TwinBuilder::GetLinks(); throws TwinBuildError if unknown
     */
    uint32_t LinkIndex(const std::string& linkId) const;
    /**
     * @param event a link event
     * @return the link indices it affects (the link, and its reverse unless direction-only)
     */
    std::vector<uint32_t> AffectedLinks(const TwinEvent& event) const;
    /** Bring the ns-3 objects in line with m_linkDown, m_nodeDown and m_ifConfigured. */
    void ApplyState();
    /**
     * @param link link index
     * @return true if the direction is down (own state or a node at either end)
     */
    bool EffectiveDown(uint32_t link) const;
    /**
     * Append an applied event to m_applied.
     * @param event the event
     * @param target what it acted on
     * @param detail what it did, in words
     * @param idSuffix appended to the event id (e.g. "/end")
     */
    void Record(const TwinEvent& event, const std::string& target, const std::string& detail,
                const std::string& idSuffix = "");

    /**
     * Add a static route to a node, replacing the kept routes to the same prefix.
     * @param node node index
     * @param route the route (its node is this node)
     * @param detail set to what was done, or why the route was not installed
     * @return true if the route is kept (installed now, or when its interface comes up)
     */
    bool AddRoute(uint32_t node, const TwinRoute& route, std::string& detail);
    /**
     * Remove the kept static routes of a node to a prefix.
     * @param node node index
     * @param destination the prefix
     * @return the number of routes removed
     */
    uint32_t DropRoutes(uint32_t node, const TwinIpv4Prefix& destination);
    /**
     * Install the kept routes of a node that are missing while their interface is up (ns-3
     * deleted them when the interface went down).
     * @param node node index
     */
    void RestoreRoutes(uint32_t node);
    /**
     * Apply the edits of one node of a change set.
     * @param edit the edits
     * @return what was done, for the applied event's detail
     */
    std::string ApplyNodeEdit(const TwinNodeEdit& edit);
    /**
     * Apply an interface's enabled edit.
     * @param node node index
     * @param itf the interface in m_network
     * @param enabled the new state
     * @return what was done
     */
    std::string SetInterfaceEnabled(uint32_t node, TwinInterface& itf, bool enabled);
    /**
     * @param node node index
     * @param itfName interface name
     * @return the link index whose direction starts at the interface, or -1
     */
    int32_t LinkStartingAt(uint32_t node, const std::string& itfName) const;

    /**
     * @param event a traffic surge
     * @return the ids of the demands it applies to, in the order of the traffic helper
     */
    std::vector<std::string> SurgeMembers(const TwinEvent& event) const;
    /**
     * Start a traffic surge.
     * @param event the surge
     */
    void StartSurge(const TwinEvent& event);
    /**
     * End a surge: divide its factor out of the rates it multiplied.
     * @param event the surge
     * @param key the key of its factors in m_udpSurges
     */
    void EndSurge(const TwinEvent& event, uint64_t key);
    /**
     * Set a UDP demand's rate from its base rate and active factors.
     * @param demandId the demand
     * @return a note if the rate had to be clamped, else empty
     */
    std::string UpdateUdpRate(const std::string& demandId);

    /** A static route the scheduler keeps installed on a node. */
    struct KeptRoute
    {
        TwinRoute route;     //!< the route
        uint32_t ifIndex{0}; //!< ns-3 interface it leaves by
    };

    /** A UDP demand's rate under surges. */
    struct UdpSurgeState
    {
        uint64_t baseRateBps{0};                         //!< rate before any surge
        std::vector<std::pair<uint64_t, double>> active; //!< (surge key, factor), by start
    };

    Ptr<TwinBuilder> m_builder;                       //!< the twin
    Ptr<TwinTrafficHelper> m_traffic;                 //!< its demands, for surges
    std::vector<TwinTrafficClass> m_classes;          //!< classes surges may name
    TwinNetwork m_network;                            //!< the snapshot as change sets made it
    std::vector<int32_t> m_reverse;                   //!< link index -> reverse link index, or -1
    std::vector<bool> m_linkDown;                     //!< per link: down by its own events
    std::vector<bool> m_nodeDown;                     //!< per node: down
    std::vector<Ptr<ErrorModel>> m_dropModels;        //!< per link: drop-all model, once installed
    std::vector<std::vector<bool>> m_ifConfigured;    //!< per node, per ns-3 interface: addressed
    std::vector<std::vector<KeptRoute>> m_routes;     //!< per node: static routes kept installed
    std::map<std::string, UdpSurgeState> m_udpSurges; //!< per UDP demand
    std::unordered_map<std::string, std::shared_ptr<uint64_t>> m_tcpSent; //!< per TCP demand
    uint64_t m_nextSurgeKey{1};              //!< key of the next surge started
    std::vector<TwinAppliedEvent> m_applied; //!< applied events, in order
};

} // namespace ns3

#endif /* TWIN_EVENT_SCHEDULER_H */
