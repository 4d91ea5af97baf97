/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_RESULTS_H
#define TWIN_RESULTS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Plain records of one simulation run and its results, as the result collector produces them
 * and the twin store keeps them. Units are part of every name.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Statistics of one flow (one direction of one 5-tuple), from FlowMonitor.
 */
struct TwinFlowResult
{
    uint32_t flowId{0};          //!< FlowMonitor flow id
    std::string demandId;        //!< demand that generated the flow (empty if unknown)
    std::string sourceAddress;   //!< dotted quad
    std::string destAddress;     //!< dotted quad
    uint8_t protocol{0};         //!< IP protocol number (6 TCP, 17 UDP)
    uint16_t sourcePort{0};      //!< transport source port
    uint16_t destPort{0};        //!< transport destination port
    uint64_t txBytes{0};         //!< bytes sent (IP level)
    uint64_t rxBytes{0};         //!< bytes received (IP level)
    uint64_t txPackets{0};       //!< packets sent
    uint64_t rxPackets{0};       //!< packets received
    uint64_t lostPackets{0};     //!< packets declared lost by FlowMonitor
    double delayMeanSeconds{0};  //!< mean one-way delay of received packets
    double delayMaxSeconds{0};   //!< largest one-way delay seen
    double jitterMeanSeconds{0}; //!< mean delay variation between consecutive packets
    double throughputBps{0};     //!< rxBytes*8 / (last rx - first tx)
    double firstTxSeconds{0};    //!< time of the first packet sent
    double lastRxSeconds{0};     //!< time of the last packet received
    double firstRxSeconds{0};    //!< time of the first packet received (0 if none was)
};

/**
 * @ingroup digital-twin
 * Totals for one link direction over the whole run.
 */
struct TwinLinkResult
{
    std::string linkId;           //!< directed link id (as in the snapshot)
    uint64_t txBytes{0};          //!< bytes put on the wire
    uint64_t txPackets{0};        //!< packets put on the wire
    uint64_t queueDropPackets{0}; //!< packets dropped by the queue disc and device queue
    double meanUtilisation{0};    //!< txBytes*8 / (capacity * duration), 0..1
    double peakUtilisation{0};    //!< highest TwinLinkSample::utilisation, 0..1
};

/**
 * @ingroup digital-twin
 * Utilisation of one link direction in one sampling interval.
 */
struct TwinLinkSample
{
    std::string linkId;    //!< directed link id
    double timeSeconds{0}; //!< end of the interval
    uint64_t txBytes{0};   //!< bytes whose transmission started in the interval
    /**
     * Share of the interval the transmitter was busy, 0..1: each packet occupies it for
     * size * 8 / capacity, split between the intervals its transmission spans (so a sample
     * never exceeds 1, and the samples of a link add up to its busy time).
     */
    double utilisation{0};
    uint32_t queuePackets{0}; //!< queue disc backlog at the end of the interval
};

/**
 * @ingroup digital-twin
 * Traffic of one demand (its forward flow only) in one sampling interval. Sent packets are
 * counted where the source hands them on: for UDP at the application (so a packet that has no
 * route counts as sent and lost), for TCP at the IP layer of the source (retransmissions
 * included). Received packets are counted at the IP layer of the destination.
 */
struct TwinDemandSample
{
    std::string demandId;         //!< demand id
    double timeSeconds{0};        //!< end of the interval
    uint64_t txPackets{0};        //!< packets sent in the interval
    uint64_t txBytes{0};          //!< bytes sent in the interval
    uint64_t rxPackets{0};        //!< packets received in the interval
    uint64_t rxBytes{0};          //!< bytes received in the interval (IP level)
    double delaySumSeconds{0};    //!< sum of the one-way delays of the packets received in it
    uint64_t deliveredPackets{0}; //!< of the packets sent in the interval, received by the end
};

/**
 * @ingroup digital-twin
 * What became of one demand over the whole run (application level).
 */
struct TwinDemandResult
{
    std::string demandId;                    //!< demand id
    std::string protocol;                    //!< "udp" or "tcp"
    double startSeconds{0};                  //!< when its application started
    uint64_t offeredBytes{0};                //!< TCP: bytes to transfer; UDP: bytes sent
    uint64_t receivedBytes{0};               //!< bytes its sink received (application level)
    std::optional<double> completionSeconds; //!< TCP: time its last byte arrived, if it did
};

/**
 * @ingroup digital-twin
 * One event as it was applied during a run, for timelines and reports.
 */
struct TwinAppliedEvent
{
    double timeSeconds{0}; //!< simulated time it took effect
    std::string eventId;   //!< event id from the scenario (or a generated one)
    std::string type;      //!< TwinEventTypeName, e.g. "link-down"
    std::string target;    //!< link-id, node-id, demand id or class it acted on
    std::string detail;    //!< values in words, e.g. "capacity 4976640000 bit/s"
    std::string origin;    //!< "scenario", "sweep" or "remedy"
};

/**
 * @ingroup digital-twin
 * The verdict of one bound of one objective on one element (a demand's flow or a link
 * direction) of its target.
 */
struct TwinVerdict
{
    std::string objectiveId;        //!< objective id
    std::string targetKind;         //!< "demand", "class" or "link"
    std::string targetId;           //!< demand id, class name or link-id named by the objective
    std::string element;            //!< the demand id or directed link-id judged
    std::string bound;              //!< leaf name of the bound, e.g. "max-loss-ratio"
    double limit{0};                //!< the bound's value (unit of the leaf)
    std::optional<double> measured; //!< the measured value, or none (nothing to measure)
    bool passed{false};             //!< the bound holds
    /**
     * How far inside the bound the measurement is, in the bound's unit: limit - measured for
     * a max- bound, measured - limit for a min- bound; negative when violated; none without a
     * measurement (which always fails, and ranks worst).
     */
    std::optional<double> margin;
    double windowStartSeconds{0}; //!< window start
    double windowEndSeconds{0};   //!< window end
    /**
     * The earliest sample boundary in the window from which the bound holds in every sampling
     * interval up to the window end (none if it does not hold in the last interval).
     */
    std::optional<double> holdsFromSeconds;
};

/**
 * @ingroup digital-twin
 * A demand that replays a recorded flow (dtwin run --traffic): which flow, how, and what was
 * recorded of it within the replay window, in the run's time (after time scaling).
 */
struct TwinReplayedFlow
{
    std::string demandId;              //!< the demand replaying it
    int64_t flowId{0};                 //!< traffic_flows row id of the recorded flow (0 = none)
    uint32_t copy{0};                  //!< 0 for the flow itself, k for its k-th scaled copy
    std::string mode;                  //!< "packets" (capture sequence), "rate" (UDP) or "tcp"
    double recordedStartSeconds{0};    //!< recorded start, simulated seconds from the run start
    double recordedDurationSeconds{0}; //!< recorded duration, simulated seconds
    uint64_t recordedBytes{0};         //!< recorded IP-level bytes (window-clipped, copy-scaled)
    uint64_t recordedPackets{0};       //!< recorded packets (window-clipped, copy-scaled)
};

/**
 * @ingroup digital-twin
 * Everything one run produced, written to the store in one transaction.
 */
struct TwinRunResults
{
    std::vector<TwinFlowResult> flows;           //!< per flow
    std::vector<TwinLinkResult> links;           //!< per link direction
    std::vector<TwinLinkSample> samples;         //!< per link direction and interval
    std::vector<TwinDemandSample> demandSamples; //!< per demand and interval
    std::vector<TwinDemandResult> demands;       //!< per demand
    std::vector<TwinAppliedEvent> events;        //!< events applied, in time order
    std::vector<TwinVerdict> verdicts;           //!< objective verdicts
    std::vector<TwinReplayedFlow> replayed;      //!< recorded flows the demands replay
};

/**
 * @ingroup digital-twin
 * Description of one run: what was simulated and how it went.
 */
struct TwinRunRecord
{
    int64_t id{0};                   //!< run id (set by the store)
    int64_t snapshotId{0};           //!< snapshot simulated
    int64_t demandSetId{0};          //!< demand set used (0 = none)
    std::string parametersJson;      //!< run parameters as a JSON object
    uint64_t seed{1};                //!< RngSeedManager seed
    uint64_t runNumber{1};           //!< RngSeedManager run number
    std::string ns3Version;          //!< ns-3 version the run used
    double wallSeconds{0};           //!< wall-clock time of the simulation
    double simulatedSeconds{0};      //!< simulated time
    uint64_t eventCount{0};          //!< events executed
    std::string status{"completed"}; //!< completed | failed
    std::string createdAt;           //!< ISO 8601 UTC (set by the store)
    int64_t scenarioId{0};           //!< stored scenario it ran (0 = none)
    int64_t sweepId{0};              //!< sweep it belongs to (0 = none)
    std::string variantName;         //!< variant of the scenario, e.g. "link-A-B+seed-2"
    std::string verdict;             //!< "pass", "fail", or empty without objectives
    int64_t trafficSetId{0};         //!< traffic set replayed (0 = none)
};

} // namespace ns3

#endif /* TWIN_RESULTS_H */
