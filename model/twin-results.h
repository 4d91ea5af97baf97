/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_RESULTS_H
#define TWIN_RESULTS_H

#include <cstdint>
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
 * Everything one run produced, written to the store in one transaction.
 */
struct TwinRunResults
{
    std::vector<TwinFlowResult> flows;   //!< per flow
    std::vector<TwinLinkResult> links;   //!< per link direction
    std::vector<TwinLinkSample> samples; //!< per link direction and interval
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
};

} // namespace ns3

#endif /* TWIN_RESULTS_H */
