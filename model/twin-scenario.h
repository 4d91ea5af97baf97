/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_SCENARIO_H
#define TWIN_SCENARIO_H

#include "twin-network.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * The plain, typed form of a scenario file (YANG module ns3-digital-twin-scenario): base
 * snapshot, traffic, duration and seeds, routing reaction, timeline of events, service-level
 * objectives and sweeps. doc/scenarios.md gives the semantics of every field.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * How a scenario names its base snapshot.
 */
struct TwinScenarioBase
{
    /** Which of the three references is used. */
    enum class Kind
    {
        SnapshotId,  //!< a snapshot id of the twin store
        ContentHash, //!< a content hash (or a prefix of >= 6 hex digits) of a stored snapshot
        BundlePath   //!< a bundle or topology file to import
    };

    Kind kind{Kind::BundlePath}; //!< which reference
    uint64_t snapshotId{0};      //!< for SnapshotId
    std::string contentHash;     //!< for ContentHash, lowercase hex
    std::string bundlePath;      //!< for BundlePath, as written in the file
    TwinSourceRef source;        //!< where it was given
};

/**
 * @ingroup digital-twin
 * A named set of demands: the listed demand ids plus every demand of the protocol, if given.
 */
struct TwinTrafficClass
{
    std::string name;                     //!< class name, unique in the scenario
    std::vector<std::string> demands;     //!< demand ids listed explicitly
    std::optional<TwinProtocol> protocol; //!< every demand with this transport belongs too
    TwinSourceRef source;                 //!< where it was defined
};

/**
 * @ingroup digital-twin
 * A stored traffic set a scenario replays (traffic/traffic-set), and how.
 */
struct TwinScenarioTrafficSet
{
    int64_t id{0};                            //!< traffic set id in the twin store
    std::optional<double> windowStartSeconds; //!< after the set's earliest flow start
    std::optional<double> windowEndSeconds;   //!< after the set's earliest flow start
    double timeScale{1};                      //!< recorded times are divided by it
    double trafficScale{1};                   //!< recorded volume is multiplied by it
    std::set<uint8_t> protocols;              //!< IP protocols replayed (empty = all)
    bool usePacketSequences{true};            //!< packets "sequences" (true) or "rate"
    TwinSourceRef source;                     //!< where it was given
};

/**
 * @ingroup digital-twin
 * The traffic a scenario offers: the snapshot's default demands, a demand file, or a stored
 * traffic set (at most one of the last two).
 */
struct TwinScenarioTraffic
{
    std::optional<TwinScenarioTrafficSet> trafficSet; //!< traffic set replayed, if named
    std::string demandFile;                //!< demand CSV replacing the snapshot's, or empty
    double scaleFactor{1};                 //!< multiplies every demand's rate or byte count
    std::vector<TwinTrafficClass> classes; //!< named classes, in file order
};

/**
 * @ingroup digital-twin
 * How forwarding reacts to failures.
 */
enum class TwinRoutingReaction
{
    AsConfigured, //!< routes stay as configured; traffic over a failed element is lost
    Recompute     //!< shortest paths recomputed after each change, after a convergence delay
};

/**
 * @ingroup digital-twin
 * The routing part of a scenario.
 */
struct TwinScenarioRouting
{
    TwinRoutingReaction reaction{TwinRoutingReaction::AsConfigured}; //!< the reaction
    double convergenceDelaySeconds{0}; //!< delay from a change to the new routes (Recompute)
};

/**
 * @ingroup digital-twin
 * Edits of one interface in a change set; absent values stay unchanged.
 */
struct TwinInterfaceEdit
{
    std::string name;                         //!< interface name
    std::optional<bool> enabled;              //!< new administrative state
    std::optional<uint64_t> speedBps;         //!< new speed in bit/s
    std::vector<TwinIpv4Prefix> addAddresses; //!< addresses to add
    std::vector<uint32_t> removeAddresses;    //!< addresses (host order) to remove
    TwinSourceRef source;                     //!< where it was given
};

/**
 * @ingroup digital-twin
 * Edits of one node in a change set.
 */
struct TwinNodeEdit
{
    std::string node;                          //!< node-id
    std::vector<TwinInterfaceEdit> interfaces; //!< interface edits
    std::vector<TwinRoute> addRoutes;          //!< static routes to add or replace
    std::vector<TwinIpv4Prefix> removeRoutes;  //!< destinations of static routes to remove
    TwinSourceRef source;                      //!< where it was given
};

/**
 * @ingroup digital-twin
 * Configuration edits applied together (YANG grouping change-set of module
 * ns3-digital-twin-change-set).
 */
struct TwinChangeSet
{
    std::vector<TwinNodeEdit> nodes; //!< per-node edits, in file order
};

/**
 * @ingroup digital-twin
 * What an event does.
 */
enum class TwinEventType
{
    LinkDown,     //!< link (pair) stops carrying packets
    LinkUp,       //!< link (pair) carries packets again
    NodeDown,     //!< node and all its links fail
    NodeUp,       //!< node works again
    LinkCapacity, //!< link data rate changes
    LinkDelay,    //!< link propagation delay changes
    RouteAdd,     //!< static route added or replaced
    RouteRemove,  //!< static route removed
    TrafficSurge, //!< demand or class rate multiplied
    ChangeSet     //!< configuration edits
};

/**
 * @ingroup digital-twin
 * @param type an event type
 * @return its name as in scenario files (the YANG container of the event)
 */
inline std::string
TwinEventTypeName(TwinEventType type)
{
    switch (type)
    {
    case TwinEventType::LinkDown:
        return "link-down";
    case TwinEventType::LinkUp:
        return "link-up";
    case TwinEventType::NodeDown:
        return "node-down";
    case TwinEventType::NodeUp:
        return "node-up";
    case TwinEventType::LinkCapacity:
        return "link-capacity";
    case TwinEventType::LinkDelay:
        return "link-delay";
    case TwinEventType::RouteAdd:
        return "route-add";
    case TwinEventType::RouteRemove:
        return "route-remove";
    case TwinEventType::TrafficSurge:
        return "traffic-surge";
    case TwinEventType::ChangeSet:
        return "change-set";
    }
    return "unknown";
}

/**
 * @ingroup digital-twin
 * One event of the timeline: a tagged struct whose fields are used by type as documented.
 */
struct TwinEvent
{
    std::string id;          //!< event name, unique in the scenario
    double timeSeconds{0};   //!< when it takes effect
    std::string wallTime;    //!< wall-clock stamp as written (incidents), empty with time-s
    std::string description; //!< free text
    TwinEventType type{TwinEventType::LinkDown}; //!< what it does
    std::string link;          //!< LinkDown/LinkUp/LinkCapacity/LinkDelay: directed link-id
    bool directionOnly{false}; //!< link events: only the named direction
    std::string node;          //!< NodeDown/NodeUp/RouteAdd/RouteRemove: node-id
    uint64_t capacityBps{0};   //!< LinkCapacity: new capacity in bit/s
    double delaySeconds{0};    //!< LinkDelay: new one-way delay in seconds
    TwinRoute route;           //!< RouteAdd: the route (node set); RouteRemove: destination only
    std::string demand;        //!< TrafficSurge: demand id, or empty when a class is named
    std::string trafficClass;  //!< TrafficSurge: class name, or empty when a demand is named
    double factor{1};          //!< TrafficSurge: rate multiplier
    std::optional<double> surgeDurationSeconds; //!< TrafficSurge: length, or to the end
    TwinChangeSet changeSet;                    //!< ChangeSet: the edits
    std::string origin{"scenario"}; //!< who asked for it: "scenario", "sweep" or "remedy"
    TwinSourceRef source;           //!< where the event was defined
};

/**
 * @ingroup digital-twin
 * What an objective's bounds apply to.
 */
enum class TwinObjectiveTarget
{
    Demand, //!< one demand's flow
    Class,  //!< every flow of a traffic class
    Link    //!< a link (pair, or one direction)
};

/**
 * @ingroup digital-twin
 * A service-level objective: bounds evaluated over a window of a run.
 */
struct TwinObjective
{
    std::string id;                                          //!< objective name
    TwinObjectiveTarget target{TwinObjectiveTarget::Demand}; //!< kind of target
    std::string targetId;                     //!< demand id, class name or directed link-id
    bool directionOnly{false};                //!< link target: only the named direction
    std::optional<double> maxDelaySeconds;    //!< bound on mean one-way delay
    std::optional<double> maxLossRatio;       //!< bound on lost / sent packets
    std::optional<uint64_t> minThroughputBps; //!< lower bound on received bit/s
    std::optional<double> maxFctSeconds;      //!< bound on TCP flow completion time
    std::optional<double> maxUtilisation;     //!< link: bound on sent bits / capacity
    double windowStartSeconds{0};             //!< window start
    std::optional<double> windowEndSeconds;   //!< window end, or the run's end
    TwinSourceRef source;                     //!< where it was defined
};

/**
 * @ingroup digital-twin
 * Variants a scenario declares. Dimensions multiply; seeds come from TwinScenario::seeds.
 */
struct TwinSweep
{
    bool singleLinkFailures{false};      //!< one variant per bidirectional link pair
    bool singleNodeFailures{false};      //!< one variant per node
    double failureTimeSeconds{0};        //!< when the swept failure happens
    std::vector<double> capacityFactors; //!< one variant per factor on every link capacity
    std::vector<double> trafficFactors;  //!< one variant per factor on every demand rate
    TwinSourceRef source;                //!< where it was defined
};

/**
 * @ingroup digital-twin
 * A complete scenario, as read from one file.
 */
struct TwinScenario
{
    std::string name;                          //!< scenario name
    std::string description;                   //!< free text
    std::optional<std::string> wallClockStart; //!< incident: wall-clock time at 0 s, as written
    std::string incidentSource;                //!< incident: where the timeline comes from
    TwinScenarioBase base;                     //!< base snapshot
    double durationSeconds{0};                 //!< simulated time of each run
    std::vector<uint32_t> seeds;               //!< run numbers; empty means {1}
    TwinScenarioTraffic traffic;               //!< traffic
    TwinScenarioRouting routing;               //!< routing reaction
    std::vector<TwinEvent> events;             //!< timeline, in file order
    std::vector<TwinObjective> objectives;     //!< objectives, in file order
    std::optional<TwinSweep> sweep;            //!< variants, when declared
    TwinSourceRef source;                      //!< the file (and the scenario's data path)

    /** @return the seeds to run: seeds, or {1} when none are given */
    std::vector<uint32_t> EffectiveSeeds() const
    {
        return seeds.empty() ? std::vector<uint32_t>{1} : seeds;
    }
};

/**
 * @ingroup digital-twin
 * One concrete run of a scenario after sweep expansion.
 */
struct TwinScenarioVariant
{
    std::string name; //!< stable, readable name, e.g. "link-ATLAng-HSTNng+seed-2"
    std::vector<std::string> failedLinks; //!< directed link-ids failing (both of a pair)
    std::string failedNode;               //!< node-id failing, or empty
    double failureTimeSeconds{0};         //!< when the failure happens
    double capacityFactor{1};             //!< multiplies every link capacity
    double trafficFactor{1};              //!< multiplies every demand rate (after scale-factor)
    uint32_t seed{1};                     //!< run number
};

} // namespace ns3

#endif /* TWIN_SCENARIO_H */
