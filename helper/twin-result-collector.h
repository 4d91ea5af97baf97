/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_RESULT_COLLECTOR_H
#define TWIN_RESULT_COLLECTOR_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/flow-monitor.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv4-header.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-event-scheduler.h"
#include "ns3/twin-results.h"
#include "ns3/twin-traffic-helper.h"

#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Collects the results of a twin run: FlowMonitor statistics per flow, per-link-direction
 * totals and utilisation samples, and per-demand traffic samples and outcomes.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * Collects TwinRunResults. Install() before Simulator::Run(), Finish() after it.
 *
 * Per flow: FlowMonitor (installed on all nodes) with Ipv4FlowClassifier, plus the largest
 * one-way delay, which FlowMonitor does not keep (measured with a byte tag stamped when the
 * source's IPv4 sends the packet and read at local delivery: the same two moments FlowMonitor
 * measures its delays between).
 *
 * Per link direction: bytes and packets when the device starts transmitting them (PhyTxBegin,
 * so point-to-point header included), utilisation sampled every SampleInterval as the share
 * of the interval the transmitter was busy (from PhyTxBegin to PhyTxEnd, so a capacity change
 * during the run is followed; a packet straddling a sample time counts for each interval with
 * its part), queue disc backlog at each sample, and drops of the queue disc and the device
 * queue. A failed direction carries nothing: with an event scheduler (SetEventScheduler,
 * which DigitalTwinHelper calls), a transmission that starts while the scheduler has the
 * direction down (its own failure, or a node at either end down) is not counted (neither
 * bytes, packets nor busy time). Such transmissions happen because the sending interface
 * stays up: always with configured static routes, and with shortest-path routing for a
 * direction-only failure until routes converge; the receiving device drops them. One under
 * way at the failure counts to its end.
 *
 * Per demand (the forward flow of each demand the traffic helper installed): packets and
 * bytes sent and received in each sampling interval, the delays of those received, and how
 * many of those sent in the interval arrived at all (known only at the end, hence demand
 * samples are assembled by Finish()); and per demand its start, offered and received bytes
 * and, for TCP, its completion time. UDP sends are counted at the application (the Tx trace
 * of OnOffApplication or TwinPacketReplayApplication: the sources' sockets are bound to an
 * address, so they hand every packet to IPv4, which drops those it cannot route), TCP sends
 * at the source's IP layer.
 *
 * Sampling ends with StopSampling(): Finish() calls it if nothing did before; a run with a
 * drain (DigitalTwinHelper) calls it at the end of the run's duration, so that the drain is
 * not sampled, while packets arriving in it still count as delivered.
 *
 * Samples take memory ((link directions + demands) x run duration / SampleInterval of them),
 * so their number is capped by MaxSamples: CheckSampleBudget() says before a run whether it
 * fits (DigitalTwinHelper::Run calls it); a run driven past the cap keeps the samples of the
 * first intervals up to MaxSamples and counts the others (GetSamplesNotKept).
 *
 * Attributes: SampleInterval, MaxSamples. Trace source: LinkSample (every link sample as it
 * is taken, kept or not).
 */
class TwinResultCollector : public Object
{
public:
    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();
    /** Create a collector; nothing is observed before Install(). */
    TwinResultCollector();
    /** Cancel the pending sample. */
    ~TwinResultCollector() override;

    /**
     * Start collecting. Sampling starts now (normally time 0). The demands are taken from
     * the traffic helper when the simulation starts (its first event), so they may be
     * installed before or after this call.
     * @param builder the built twin
     * @param traffic its demands (for demand ids of flows, and per-demand results), may be
     *        nullptr
     * @throws TwinBuildError if already installed or the twin is not built
     */
    void Install(Ptr<TwinBuilder> builder, Ptr<TwinTrafficHelper> traffic);
    /**
     * Take the last (possibly shorter) sample now and stop sampling: nothing that happens
     * afterwards is sampled or added to the link totals, but packets sent before and received
     * afterwards still count as delivered for the interval they were sent in (and FlowMonitor
     * keeps counting). Calling it again, or before Install(), does nothing.
     */
    void StopSampling();
    /**
     * Stop collecting after Simulator::Run(): StopSampling() if it has not run, then assemble
     * the results. Calling it again does nothing.
     */
    void Finish();
    /** @return true once Install() ran */
    bool IsInstalled() const;
    /** @return true once Finish() ran */
    bool IsFinished() const;
    /**
     * @param duration how long the simulation will run from now
     * @return the samples (link and demand) the collector will have taken by then (0 before
     *         Install; after StopSampling the samples taken)
     */
    uint64_t CountSamples(Time duration) const;
    /**
     * Check that a run fits into MaxSamples.
     * @param duration how long the simulation will sample from now
     * @throws TwinBuildError if CountSamples(duration) exceeds MaxSamples
     */
    void CheckSampleBudget(Time duration) const;
    /** @return samples taken but not kept because MaxSamples was reached */
    uint64_t GetSamplesNotKept() const;
    /** @return the results (complete after Finish()) */
    const TwinRunResults& GetResults() const;
    /**
     * Keep the events applied during the run with the results.
     * @param events the events, in the order they took effect
     */
    void SetEvents(const std::vector<TwinAppliedEvent>& events);
    /**
     * Keep objective verdicts with the results.
     * @param verdicts the verdicts
     */
    void SetVerdicts(const std::vector<TwinVerdict>& verdicts);
    /**
     * Leave transmissions into a failed link direction uncounted: the collector asks the
     * scheduler at each transmission whether its direction is down. Without a scheduler
     * (the default, or nullptr) every transmission counts. Call before the run.
     * @param scheduler the scheduler attached to the same twin as Install's builder
     */
    void SetEventScheduler(Ptr<TwinEventScheduler> scheduler);
    /** @return the FlowMonitor (after Install) */
    Ptr<FlowMonitor> GetFlowMonitor() const;
    /** @return the IPv4 flow classifier (after Install) */
    Ptr<Ipv4FlowClassifier> GetClassifier() const;

    /**
     * TracedCallback signature for a link sample.
     * @param sample the sample just taken
     */
    typedef void (*LinkSampleTracedCallback)(const TwinLinkSample& sample);

protected:
    void DoDispose() override;

private:
    /** Collection state of one link direction. */
    struct LinkState
    {
        uint32_t linkIndex{0};     //!< index in TwinBuilder::GetLinks()
        uint64_t txBytes{0};       //!< total bytes
        uint64_t txPackets{0};     //!< total packets
        uint64_t intervalBytes{0}; //!< bytes started in the current interval
        Time busy;                 //!< transmission time in the current interval
        Time busyTotal;            //!< transmission time in the sampled intervals
        bool transmitting{false};  //!< a transmission is under way
        Time accountedUntil;       //!< its time up to here is in busy already
        double peakUtilisation{0}; //!< highest sample
        uint64_t dropsAtStop{0};   //!< queue disc and device drops when sampling stopped
        const TwinResultCollector* owner{nullptr}; //!< the collector (stopped, scheduler)
    };

    /** Collection state of one installed demand. */
    struct DemandState
    {
        std::string id;                 //!< demand id
        bool udp{true};                 //!< UDP (else TCP)
        uint32_t sourceNode{0};         //!< ns-3 node id of the source
        uint32_t destNode{0};           //!< ns-3 node id of the destination
        Ipv4Address destAddress;        //!< destination address
        uint16_t port{0};               //!< destination port
        Time start;                     //!< application start
        Ptr<Application> source;        //!< OnOff, TwinPacketReplay or BulkSend application
        Ptr<PacketSink> sink;           //!< its sink
        uint64_t appBytesSent{0};       //!< UDP: payload bytes the application sent
        std::optional<Time> lastSinkRx; //!< TCP: time of the sink's latest reception
    };

    /** Per-demand counters of one sampling interval. */
    struct DemandCounters
    {
        uint64_t txPackets{0};        //!< packets sent
        uint64_t txBytes{0};          //!< bytes sent (IP level)
        uint64_t rxPackets{0};        //!< packets received
        uint64_t rxBytes{0};          //!< bytes received (IP level)
        int64_t delaySumSteps{0};     //!< delays of the packets received, in time steps
        uint64_t deliveredPackets{0}; //!< packets sent in the interval and received
    };

    /** Flow key as FlowMonitor's classifier sees it. */
    using FlowKey = std::tuple<uint32_t, uint32_t, uint8_t, uint16_t, uint16_t>;

    /**
     * PhyTxBegin trace sink.
     * @param state the link direction
     * @param packet the packet put on the wire
     */
    static void OnPhyTxBegin(LinkState* state, Ptr<const Packet> packet);
    /**
     * PhyTxEnd trace sink.
     * @param state the link direction
     * @param packet the packet whose transmission ended
     */
    static void OnPhyTxEnd(LinkState* state, Ptr<const Packet> packet);
    /**
     * Ipv4L3Protocol SendOutgoing trace sink: stamp the send time, count TCP demand sends.
     * @param node ns-3 node id of the sender
     * @param header the IP header
     * @param packet the payload
     */
    void OnSendOutgoing(uint32_t node, const Ipv4Header& header, Ptr<const Packet> packet);
    /**
     * Ipv4L3Protocol LocalDeliver trace sink: record the delay, count demand receptions.
     * @param node ns-3 node id of the receiver
     * @param header the IP header
     * @param packet the payload
     */
    void OnLocalDeliver(uint32_t node, const Ipv4Header& header, Ptr<const Packet> packet);
    /**
     * OnOffApplication Tx trace sink: a UDP demand's application sent a packet.
     * @param demand index in m_demands
     * @param packet the payload
     */
    void OnUdpTx(std::size_t demand, Ptr<const Packet> packet);
    /**
     * PacketSink Rx trace sink of a TCP demand.
     * @param demand index in m_demands
     */
    void OnTcpSinkRx(std::size_t demand);
    /** Take the installed demands from the traffic helper and connect to their applications. */
    void ConnectDemands();
    /**
     * @param time a simulation time
     * @return the sampling interval it lies in, none if outside the sampled time
     */
    std::optional<uint64_t> IntervalOf(Time time) const;
    /**
     * @param interval interval index
     * @param demand index in m_demands
     * @return the counters, or nullptr if the interval's demand samples are not kept
     */
    DemandCounters* Counters(uint64_t interval, std::size_t demand);
    /**
     * @param interval interval index
     * @return true if the demand samples of the interval are (or may still be) kept
     */
    bool RowAllowed(uint64_t interval) const;
    /**
     * @param port a destination port
     * @param protocol IP protocol number
     * @return the demand using it, or -1
     */
    int64_t DemandOfPort(uint16_t port, uint8_t protocol) const;
    /** Take one sample of every link direction and schedule the next. */
    void Sample();
    /** Take one sample of every link direction now. */
    void TakeSample();
    /** Fill m_results from FlowMonitor, the link and the demand states. */
    void Assemble();
    /** Fill m_results.demandSamples and m_results.demands. */
    void AssembleDemands();

    Time m_interval;                                      //!< attribute SampleInterval
    uint64_t m_maxSamples{10000000};                      //!< attribute MaxSamples
    int64_t m_intervalSteps{1};                           //!< m_interval in time steps
    uint64_t m_samplesKept{0};                            //!< link and demand samples kept
    uint64_t m_samplesNotKept{0};                         //!< samples beyond MaxSamples
    uint64_t m_intervalCount{0};                          //!< intervals sampled so far
    Ptr<TwinBuilder> m_builder;                           //!< the twin
    Ptr<TwinTrafficHelper> m_traffic;                     //!< its demands
    Ptr<TwinEventScheduler> m_scheduler;                  //!< says which directions are down
    std::unique_ptr<FlowMonitorHelper> m_flowHelper;      //!< owns monitor and classifier
    Ptr<FlowMonitor> m_monitor;                           //!< FlowMonitor
    Ptr<Ipv4FlowClassifier> m_classifier;                 //!< classifier
    std::vector<std::unique_ptr<LinkState>> m_linkStates; //!< per built link direction
    std::vector<DemandState> m_demands;                   //!< per installed demand
    bool m_demandsConnected{false};                       //!< ConnectDemands() ran
    std::vector<int32_t> m_demandByPort;                  //!< destination port -> demand
    /** Per interval: per-demand counters (empty until the interval sees traffic). */
    std::vector<std::vector<DemandCounters>> m_demandRows;
    /** Per interval, while the budget lasts: how many demands' samples are kept. */
    std::vector<uint64_t> m_demandKeep;
    std::vector<double> m_intervalEnds;                  //!< end of each interval of m_demandKeep
    std::map<FlowKey, Time> m_maxDelay;                  //!< largest delay per flow
    Time m_start;                                        //!< when collection started
    Time m_lastSample;                                   //!< time of the previous sample
    Time m_stopTime;                                     //!< when sampling stopped
    EventId m_sampleEvent;                               //!< next sample
    EventId m_connectEvent;                              //!< ConnectDemands at the start
    bool m_installed{false};                             //!< Install() ran
    bool m_stopped{false};                               //!< StopSampling() ran
    bool m_finished{false};                              //!< Finish() ran
    TwinRunResults m_results;                            //!< the results
    TracedCallback<const TwinLinkSample&> m_sampleTrace; //!< LinkSample trace source
};

} // namespace ns3

#endif /* TWIN_RESULT_COLLECTOR_H */
