/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-result-collector.h"

#include "ns3/callback.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/tag.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinResultCollector");

NS_OBJECT_ENSURE_REGISTERED(TwinResultCollector);

/**
 * @ingroup digital-twin
 * Byte tag with the time a packet left its source's IPv4 layer.
 */
class TwinSendTimeTag : public Tag
{
public:
    /**
     * Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::TwinSendTimeTag")
                                .SetParent<Tag>()
                                .SetGroupName("DigitalTwin")
                                .AddConstructor<TwinSendTimeTag>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override { return GetTypeId(); }

    uint32_t GetSerializedSize() const override { return 8; }

    void Serialize(TagBuffer i) const override { i.WriteU64(static_cast<uint64_t>(sentNs)); }

    void Deserialize(TagBuffer i) override { sentNs = static_cast<int64_t>(i.ReadU64()); }

    void Print(std::ostream& os) const override { os << "sent=" << sentNs << "ns"; }

    int64_t sentNs{0}; //!< send time in time steps (Time::GetTimeStep)
};

NS_OBJECT_ENSURE_REGISTERED(TwinSendTimeTag);

TypeId
TwinResultCollector::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TwinResultCollector")
            .SetParent<Object>()
            .SetGroupName("DigitalTwin")
            .AddConstructor<TwinResultCollector>()
            .AddAttribute(
                "SampleInterval", "Interval of the per-link utilisation and queue samples.",
                TimeValue(MilliSeconds(100)), MakeTimeAccessor(&TwinResultCollector::m_interval),
                MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("MaxSamples",
                          "Most link samples kept (one per link direction and interval), so "
                          "that a tiny interval cannot take all memory. DigitalTwinHelper "
                          "refuses a run that would need more.",
                          UintegerValue(10000000),
                          MakeUintegerAccessor(&TwinResultCollector::m_maxSamples),
                          MakeUintegerChecker<uint64_t>(1))
            .AddTraceSource("LinkSample", "A utilisation sample of one link direction was taken.",
                            MakeTraceSourceAccessor(&TwinResultCollector::m_sampleTrace),
                            "ns3::TwinResultCollector::LinkSampleTracedCallback");
    return tid;
}

TwinResultCollector::TwinResultCollector()
{
    NS_LOG_FUNCTION(this);
}

TwinResultCollector::~TwinResultCollector()
{
    m_sampleEvent.Cancel();
}

void
TwinResultCollector::DoDispose()
{
    m_sampleEvent.Cancel();
    m_builder = nullptr;
    m_traffic = nullptr;
    m_monitor = nullptr;
    m_classifier = nullptr;
    m_flowHelper.reset();
    Object::DoDispose();
}

void
TwinResultCollector::Install(Ptr<TwinBuilder> builder, Ptr<TwinTrafficHelper> traffic)
{
    NS_LOG_FUNCTION(this);
    if (m_installed)
    {
        throw TwinBuildError("TwinResultCollector::Install: already installed");
    }
    if (!builder || !builder->IsBuilt())
    {
        throw TwinBuildError("TwinResultCollector::Install: the twin is not built yet");
    }
    m_builder = builder;
    m_traffic = traffic;
    m_installed = true;

    m_flowHelper = std::make_unique<FlowMonitorHelper>();
    m_monitor = m_flowHelper->InstallAll();
    m_classifier = DynamicCast<Ipv4FlowClassifier>(m_flowHelper->GetClassifier());

    const auto& links = builder->GetLinks();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        auto state = std::make_unique<LinkState>();
        state->linkIndex = l;
        state->capacityBps = static_cast<double>(links[l].capacityBps);
        links[l].txDevice->TraceConnectWithoutContext(
            "PhyTxBegin", MakeBoundCallback(&TwinResultCollector::OnPhyTxBegin, state.get()));
        m_linkStates.push_back(std::move(state));
    }
    NodeContainer nodes = builder->GetNodes();
    for (uint32_t n = 0; n < nodes.GetN(); ++n)
    {
        Ptr<Ipv4L3Protocol> ipv4 = nodes.Get(n)->GetObject<Ipv4L3Protocol>();
        ipv4->TraceConnectWithoutContext("SendOutgoing",
                                         MakeCallback(&TwinResultCollector::OnSendOutgoing, this));
        ipv4->TraceConnectWithoutContext("LocalDeliver",
                                         MakeCallback(&TwinResultCollector::OnLocalDeliver, this));
    }
    m_start = Simulator::Now();
    m_lastSample = m_start;
    m_sampleEvent = Simulator::Schedule(m_interval, &TwinResultCollector::Sample, this);
}

void
TwinResultCollector::OnPhyTxBegin(LinkState* state, Ptr<const Packet> packet)
{
    uint32_t bytes = packet->GetSize();
    state->txBytes += bytes;
    state->txPackets += 1;
    state->intervalBytes += bytes;
    double seconds = bytes * 8.0 / state->capacityBps;
    state->busySeconds += seconds;
    state->txEnd = Simulator::Now() + Seconds(seconds);
}

void
TwinResultCollector::OnSendOutgoing(const Ipv4Header& header, Ptr<const Packet> packet,
                                    uint32_t interface)
{
    TwinSendTimeTag tag;
    tag.sentNs = Simulator::Now().GetTimeStep();
    packet->AddByteTag(tag);
}

void
TwinResultCollector::OnLocalDeliver(const Ipv4Header& header, Ptr<const Packet> packet,
                                    uint32_t interface)
{
    TwinSendTimeTag tag;
    if (!packet->FindFirstMatchingByteTag(tag))
    {
        return;
    }
    uint8_t protocol = header.GetProtocol();
    uint16_t sourcePort = 0;
    uint16_t destPort = 0;
    // UDP and TCP both start with the two ports, as Ipv4FlowClassifier reads them.
    if ((protocol == 6 || protocol == 17) && packet->GetSize() >= 4)
    {
        uint8_t ports[4];
        packet->CopyData(ports, 4);
        sourcePort = static_cast<uint16_t>((ports[0] << 8) | ports[1]);
        destPort = static_cast<uint16_t>((ports[2] << 8) | ports[3]);
    }
    FlowKey key{header.GetSource().Get(), header.GetDestination().Get(), protocol, sourcePort,
                destPort};
    Time delay = Simulator::Now() - TimeStep(static_cast<uint64_t>(tag.sentNs));
    auto [it, inserted] = m_maxDelay.emplace(key, delay);
    if (!inserted && delay > it->second)
    {
        it->second = delay;
    }
}

void
TwinResultCollector::Sample()
{
    TakeSample();
    m_sampleEvent = Simulator::Schedule(m_interval, &TwinResultCollector::Sample, this);
}

void
TwinResultCollector::TakeSample()
{
    Time now = Simulator::Now();
    double interval = (now - m_lastSample).GetSeconds();
    if (interval <= 0)
    {
        return;
    }
    const auto& links = m_builder->GetLinks();
    for (auto& state : m_linkStates)
    {
        // The part of a transmission still running belongs to the next interval.
        double carry = state->txEnd > now ? (state->txEnd - now).GetSeconds() : 0.0;
        double busy = std::max(0.0, state->busySeconds - carry);
        const auto& link = links[state->linkIndex];
        TwinLinkSample sample;
        sample.linkId = link.id;
        sample.timeSeconds = now.GetSeconds();
        sample.txBytes = state->intervalBytes;
        sample.utilisation = std::min(1.0, busy / interval);
        sample.queuePackets = link.queueDisc ? link.queueDisc->GetNPackets() : 0;
        state->peakUtilisation = std::max(state->peakUtilisation, sample.utilisation);
        state->busySeconds = carry;
        state->intervalBytes = 0;
        m_sampleTrace(sample);
        if (m_results.samples.size() < m_maxSamples)
        {
            m_results.samples.push_back(std::move(sample));
        }
        else
        {
            ++m_samplesNotKept;
        }
    }
    m_lastSample = now;
}

void
TwinResultCollector::Finish()
{
    if (!m_installed || m_finished)
    {
        return;
    }
    m_sampleEvent.Cancel();
    TakeSample();
    Assemble();
    m_finished = true;
}

bool
TwinResultCollector::IsFinished() const
{
    return m_finished;
}

uint64_t
TwinResultCollector::CountSamples(Time duration) const
{
    if (!m_installed || m_finished || m_linkStates.empty())
    {
        return 0;
    }
    // One sample per interval since Install(), the last one possibly shorter (Finish).
    Time span = Simulator::Now() + duration - m_start;
    if (!span.IsStrictlyPositive())
    {
        return m_results.samples.size();
    }
    auto steps = static_cast<uint64_t>(span.GetTimeStep());
    auto interval = static_cast<uint64_t>(m_interval.GetTimeStep());
    uint64_t perLink = steps / interval + (steps % interval != 0 ? 1 : 0);
    uint64_t links = m_linkStates.size();
    if (perLink > std::numeric_limits<uint64_t>::max() / links)
    {
        return std::numeric_limits<uint64_t>::max();
    }
    return perLink * links;
}

void
TwinResultCollector::CheckSampleBudget(Time duration) const
{
    uint64_t samples = CountSamples(duration);
    if (samples > m_maxSamples)
    {
        std::ostringstream os;
        os << "the run would take " << samples << " link samples (" << m_linkStates.size()
           << " link directions, one every " << m_interval.GetSeconds() << " s), more than "
           << "ns3::TwinResultCollector::MaxSamples (" << m_maxSamples
           << "); use a longer sample interval or a shorter run";
        throw TwinBuildError(os.str());
    }
}

uint64_t
TwinResultCollector::GetSamplesNotKept() const
{
    return m_samplesNotKept;
}

void
TwinResultCollector::Assemble()
{
    m_monitor->CheckForLostPackets();
    for (const auto& [flowId, stats] : m_monitor->GetFlowStats())
    {
        Ipv4FlowClassifier::FiveTuple t = m_classifier->FindFlow(flowId);
        TwinFlowResult r;
        r.flowId = flowId;
        std::ostringstream src;
        std::ostringstream dst;
        src << t.sourceAddress;
        dst << t.destinationAddress;
        r.sourceAddress = src.str();
        r.destAddress = dst.str();
        r.protocol = t.protocol;
        r.sourcePort = t.sourcePort;
        r.destPort = t.destinationPort;
        if (m_traffic)
        {
            r.demandId = m_traffic->FindDemand(t.protocol, t.sourceAddress, t.sourcePort,
                                               t.destinationAddress, t.destinationPort);
        }
        r.txBytes = stats.txBytes;
        r.rxBytes = stats.rxBytes;
        r.txPackets = stats.txPackets;
        r.rxPackets = stats.rxPackets;
        // FlowMonitor counts drops on the way (queues, no route, TTL) and packets it timed
        // out (not delivered within MaxPerHopDelay) as lost.
        r.lostPackets = stats.lostPackets;
        if (stats.rxPackets > 0)
        {
            r.delayMeanSeconds = stats.delaySum.GetSeconds() / stats.rxPackets;
        }
        if (stats.rxPackets > 1)
        {
            r.jitterMeanSeconds = stats.jitterSum.GetSeconds() / (stats.rxPackets - 1);
        }
        auto maxDelay = m_maxDelay.find(FlowKey{t.sourceAddress.Get(), t.destinationAddress.Get(),
                                                t.protocol, t.sourcePort, t.destinationPort});
        if (maxDelay != m_maxDelay.end())
        {
            r.delayMaxSeconds = maxDelay->second.GetSeconds();
        }
        r.firstTxSeconds = stats.timeFirstTxPacket.GetSeconds();
        if (stats.rxPackets > 0)
        {
            r.lastRxSeconds = stats.timeLastRxPacket.GetSeconds();
            double span = (stats.timeLastRxPacket - stats.timeFirstTxPacket).GetSeconds();
            if (span > 0)
            {
                r.throughputBps = static_cast<double>(stats.rxBytes) * 8.0 / span;
            }
        }
        m_results.flows.push_back(std::move(r));
    }

    const auto& links = m_builder->GetLinks();
    double duration = (Simulator::Now() - m_start).GetSeconds();
    for (const auto& state : m_linkStates)
    {
        const auto& link = links[state->linkIndex];
        TwinLinkResult r;
        r.linkId = link.id;
        r.txBytes = state->txBytes;
        r.txPackets = state->txPackets;
        if (link.queueDisc)
        {
            r.queueDropPackets += link.queueDisc->GetStats().nTotalDroppedPackets;
        }
        r.queueDropPackets += link.txDevice->GetQueue()->GetTotalDroppedPackets();
        if (duration > 0)
        {
            r.meanUtilisation =
                static_cast<double>(state->txBytes) * 8.0 / (state->capacityBps * duration);
        }
        r.peakUtilisation = state->peakUtilisation;
        m_results.links.push_back(std::move(r));
    }
}

const TwinRunResults&
TwinResultCollector::GetResults() const
{
    return m_results;
}

Ptr<FlowMonitor>
TwinResultCollector::GetFlowMonitor() const
{
    return m_monitor;
}

Ptr<Ipv4FlowClassifier>
TwinResultCollector::GetClassifier() const
{
    return m_classifier;
}

} // namespace ns3
