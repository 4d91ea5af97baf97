/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_EVENT_SCHEDULER_H
#define TWIN_EVENT_SCHEDULER_H

#include "twin-builder.h"

#include "ns3/error-model.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/twin-scenario.h"

#include <cstdint>
#include <string>
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
 * Schedules scenario events on the ns-3 objects of a TwinBuilder.
 *
 * Supported events: LinkDown, LinkUp, NodeDown, NodeUp, LinkCapacity and LinkDelay (not
 * direction-only: a point-to-point channel has one delay). RouteAdd, RouteRemove,
 * TrafficSurge and ChangeSet are refused by Schedule() with a TwinBuildError.
 *
 * A link direction is down while its own LinkDown holds (named directly or through its pair)
 * or while the node at either end is down. A down direction drops every packet its receiving
 * device gets (packets queued or in flight at the failure are lost too). With shortest-path
 * routing the Ipv4 interfaces of a pair whose both directions are down (and every linked
 * interface of a down node) are also set down with Ipv4::SetDown, and each direction's edge of
 * the routing graph follows its state; the graph recomputes routes according to its
 * RecomputeOnChange and ConvergenceDelay attributes (see SetRoutingReaction). With configured
 * static routes the Ipv4 interfaces stay up, because Ipv4StaticRouting deletes the routes of an
 * interface that goes down and does not restore them: routes stay as configured and traffic
 * over a failed link is dropped.
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
     * @throws TwinBuildError if not attached, the event names an unknown element, its time
     *         is in the past, its values are invalid, or its type is not supported yet
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
     * @return true if Schedule() accepts events of this type
     */
    static bool IsSupported(TwinEventType type);
    /**
     * @param linkId a directed link-id
     * @return true if that direction is down now (own failure or a node at either end down)
     */
    bool IsLinkDown(const std::string& linkId) const;
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
    /** Bring the ns-3 objects in line with m_linkDown and m_nodeDown. */
    void ApplyState();
    /**
     * @param link link index
     * @return true if the direction is down (own state or a node at either end)
     */
    bool EffectiveDown(uint32_t link) const;

    Ptr<TwinBuilder> m_builder;                //!< the twin
    std::vector<int32_t> m_reverse;            //!< link index -> reverse link index, or -1
    std::vector<bool> m_linkDown;              //!< per link: down by its own events
    std::vector<bool> m_nodeDown;              //!< per node: down
    std::vector<Ptr<ErrorModel>> m_dropModels; //!< per link: drop-all model, once installed
    std::vector<bool> m_interfaceDownApplied;  //!< per link: source interface set down by us
};

} // namespace ns3

#endif /* TWIN_EVENT_SCHEDULER_H */
