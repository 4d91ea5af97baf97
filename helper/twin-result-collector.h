/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_RESULT_COLLECTOR_H
#define TWIN_RESULT_COLLECTOR_H

#include "ns3/event-id.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/flow-monitor.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv4-header.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-results.h"
#include "ns3/twin-traffic-helper.h"

#include <map>
#include <memory>
#include <tuple>
#include <vector>

/**
 * @file
 * @ingroup digital-twin
 * Collects the results of a twin run: FlowMonitor statistics per flow and per-link-direction
 * totals and utilisation samples.
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
 * of the interval the transmitter was busy (a packet straddling a sample time counts for
 * each interval with its part), queue disc backlog at each sample, and drops of the queue
 * disc and the device queue.
 *
 * Samples take memory (link directions x run duration / SampleInterval of them), so their
 * number is capped by MaxSamples: CheckSampleBudget() says before a run whether it fits
 * (DigitalTwinHelper::Run calls it); a run driven past the cap keeps the first MaxSamples
 * samples and counts the others (GetSamplesNotKept).
 *
 * Attributes: SampleInterval, MaxSamples. Trace source: LinkSample (every sample as it is
 * taken, kept or not).
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
     * Start collecting. Sampling starts now (normally time 0).
     * @param builder the built twin
     * @param traffic its demands (for demand ids of flows), may be nullptr
     */
    void Install(Ptr<TwinBuilder> builder, Ptr<TwinTrafficHelper> traffic);
    /**
     * Stop collecting after Simulator::Run(): takes the last (possibly shorter) sample and
     * assembles the results. Calling it again does nothing.
     */
    void Finish();
    /** @return true once Finish() ran */
    bool IsFinished() const;
    /**
     * @param duration how long the simulation will run from now
     * @return the link samples the collector will have taken by then (0 before Install)
     */
    uint64_t CountSamples(Time duration) const;
    /**
     * Check that a run fits into MaxSamples.
     * @param duration how long the simulation will run from now
     * @throws TwinBuildError if CountSamples(duration) exceeds MaxSamples
     */
    void CheckSampleBudget(Time duration) const;
    /** @return samples taken but not kept because MaxSamples was reached */
    uint64_t GetSamplesNotKept() const;
    /** @return the results (complete after Finish()) */
    const TwinRunResults& GetResults() const;
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
        double capacityBps{0};     //!< sending rate
        uint64_t txBytes{0};       //!< total bytes
        uint64_t txPackets{0};     //!< total packets
        uint64_t intervalBytes{0}; //!< bytes started in the current interval
        double busySeconds{0};     //!< transmission time owed to the current interval
        Time txEnd;                //!< end of the latest transmission
        double peakUtilisation{0}; //!< highest sample
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
     * Ipv4L3Protocol SendOutgoing trace sink: stamp the send time.
     * @param header the IP header
     * @param packet the payload
     * @param interface output interface
     */
    void OnSendOutgoing(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t interface);
    /**
     * Ipv4L3Protocol LocalDeliver trace sink: record the delay.
     * @param header the IP header
     * @param packet the payload
     * @param interface input interface
     */
    void OnLocalDeliver(const Ipv4Header& header, Ptr<const Packet> packet, uint32_t interface);
    /** Take one sample of every link direction and schedule the next. */
    void Sample();
    /** Take one sample of every link direction now. */
    void TakeSample();
    /** Fill m_results from FlowMonitor and the link states. */
    void Assemble();

    Time m_interval;                                      //!< attribute SampleInterval
    uint64_t m_maxSamples{10000000};                      //!< attribute MaxSamples
    uint64_t m_samplesNotKept{0};                         //!< samples beyond MaxSamples
    Ptr<TwinBuilder> m_builder;                           //!< the twin
    Ptr<TwinTrafficHelper> m_traffic;                     //!< its demands
    std::unique_ptr<FlowMonitorHelper> m_flowHelper;      //!< owns monitor and classifier
    Ptr<FlowMonitor> m_monitor;                           //!< FlowMonitor
    Ptr<Ipv4FlowClassifier> m_classifier;                 //!< classifier
    std::vector<std::unique_ptr<LinkState>> m_linkStates; //!< per built link direction
    std::map<FlowKey, Time> m_maxDelay;                   //!< largest delay per flow
    Time m_start;                                         //!< when collection started
    Time m_lastSample;                                    //!< time of the previous sample
    EventId m_sampleEvent;                                //!< next sample
    bool m_installed{false};                              //!< Install() ran
    bool m_finished{false};                               //!< Finish() ran
    TwinRunResults m_results;                             //!< the results
    TracedCallback<const TwinLinkSample&> m_sampleTrace;  //!< LinkSample trace source
};

} // namespace ns3

#endif /* TWIN_RESULT_COLLECTOR_H */
