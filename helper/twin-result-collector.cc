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
#include "ns3/udp-header.h"
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

namespace
{

/** IP protocol numbers of the demands' transports. */
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

/**
 * Read the transport ports (UDP and TCP both start with them, as Ipv4FlowClassifier reads
 * them).
 * @param protocol IP protocol number
 * @param packet the IP payload
 * @param sourcePort receives the source port (0 if none)
 * @param destPort receives the destination port (0 if none)
 */
void
ReadPorts(uint8_t protocol, Ptr<const Packet> packet, uint16_t& sourcePort, uint16_t& destPort)
{
    sourcePort = 0;
    destPort = 0;
    if ((protocol == kTcp || protocol == kUdp) && packet->GetSize() >= 4)
    {
        uint8_t ports[4];
        packet->CopyData(ports, 4);
        sourcePort = static_cast<uint16_t>((ports[0] << 8) | ports[1]);
        destPort = static_cast<uint16_t>((ports[2] << 8) | ports[3]);
    }
}

} // namespace

TypeId
TwinResultCollector::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::TwinResultCollector")
            .SetParent<Object>()
            .SetGroupName("DigitalTwin")
            .AddConstructor<TwinResultCollector>()
            .AddAttribute("SampleInterval", "Interval of the per-link and per-demand samples.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&TwinResultCollector::m_interval),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("MaxSamples",
                          "Most samples kept (one per link direction and interval, and one per "
                          "demand and interval), so that a tiny interval cannot take all "
                          "memory. DigitalTwinHelper refuses a run that would need more.",
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
    m_connectEvent.Cancel();
}

void
TwinResultCollector::DoDispose()
{
    m_sampleEvent.Cancel();
    m_connectEvent.Cancel();
    m_demands.clear();
    m_builder = nullptr;
    m_traffic = nullptr;
    m_scheduler = nullptr;
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
    m_intervalSteps = m_interval.GetTimeStep();

    m_flowHelper = std::make_unique<FlowMonitorHelper>();
    m_monitor = m_flowHelper->InstallAll();
    m_classifier = DynamicCast<Ipv4FlowClassifier>(m_flowHelper->GetClassifier());

    const auto& links = builder->GetLinks();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        auto state = std::make_unique<LinkState>();
        state->linkIndex = l;
        state->owner = this;
        links[l].txDevice->TraceConnectWithoutContext(
            "PhyTxBegin", MakeBoundCallback(&TwinResultCollector::OnPhyTxBegin, state.get()));
        links[l].txDevice->TraceConnectWithoutContext(
            "PhyTxEnd", MakeBoundCallback(&TwinResultCollector::OnPhyTxEnd, state.get()));
        m_linkStates.push_back(std::move(state));
    }
    NodeContainer nodes = builder->GetNodes();
    for (uint32_t n = 0; n < nodes.GetN(); ++n)
    {
        uint32_t id = nodes.Get(n)->GetId();
        Ptr<Ipv4L3Protocol> ipv4 = nodes.Get(n)->GetObject<Ipv4L3Protocol>();
        ipv4->TraceConnectWithoutContext(
            "SendOutgoing", Callback<void, const Ipv4Header&, Ptr<const Packet>, uint32_t>(
                                [this, id](const Ipv4Header& header, Ptr<const Packet> packet,
                                           uint32_t) { OnSendOutgoing(id, header, packet); }));
        ipv4->TraceConnectWithoutContext(
            "LocalDeliver", Callback<void, const Ipv4Header&, Ptr<const Packet>, uint32_t>(
                                [this, id](const Ipv4Header& header, Ptr<const Packet> packet,
                                           uint32_t) { OnLocalDeliver(id, header, packet); }));
    }
    m_start = Simulator::Now();
    m_lastSample = m_start;
    m_sampleEvent = Simulator::Schedule(m_interval, &TwinResultCollector::Sample, this);
    // Demands may be installed after this call; by the first event of the run they all are,
    // and no application has started yet.
    m_connectEvent = Simulator::ScheduleNow(&TwinResultCollector::ConnectDemands, this);
}

void
TwinResultCollector::ConnectDemands()
{
    NS_LOG_FUNCTION(this);
    if (m_demandsConnected)
    {
        return;
    }
    m_demandsConnected = true;
    if (!m_traffic || m_traffic->GetInstalled().empty())
    {
        return;
    }
    m_demandByPort.assign(65536, -1);
    for (const auto& inst : m_traffic->GetInstalled())
    {
        std::size_t index = m_demands.size();
        DemandState d;
        d.id = inst.demand.id;
        d.udp = inst.demand.protocol == TwinProtocol::Udp;
        d.sourceNode = inst.source->GetNode()->GetId();
        d.destNode = inst.sink->GetNode()->GetId();
        d.destAddress = inst.destAddress;
        d.port = inst.port;
        d.start = inst.start;
        d.source = inst.source;
        d.sink = inst.sink;
        if (m_demandByPort[d.port] >= 0)
        {
            throw TwinBuildError("TwinResultCollector: demands '" + d.id + "' and '" +
                                 m_demands[m_demandByPort[d.port]].id + "' share port " +
                                 std::to_string(d.port));
        }
        bool connected = false;
        if (d.udp)
        {
            connected = inst.source->TraceConnectWithoutContext(
                "Tx", Callback<void, Ptr<const Packet>>([this, index](Ptr<const Packet> packet)
                                                        { OnUdpTx(index, packet); }));
        }
        else
        {
            connected = inst.sink->TraceConnectWithoutContext(
                "Rx",
                Callback<void, Ptr<const Packet>, const Address&>(
                    [this, index](Ptr<const Packet>, const Address&) { OnTcpSinkRx(index); }));
        }
        if (!connected)
        {
            throw TwinBuildError("TwinResultCollector: cannot trace the application of demand '" +
                                 d.id + "'");
        }
        m_demandByPort[d.port] = static_cast<int32_t>(index);
        m_demands.push_back(std::move(d));
    }
}

int64_t
TwinResultCollector::DemandOfPort(uint16_t port, uint8_t protocol) const
{
    if (m_demandByPort.empty())
    {
        return -1;
    }
    int32_t index = m_demandByPort[port];
    if (index < 0 || (protocol == kUdp) != m_demands[index].udp)
    {
        return -1;
    }
    return index;
}

std::optional<uint64_t>
TwinResultCollector::IntervalOf(Time time) const
{
    if (!m_installed || time < m_start)
    {
        return std::nullopt;
    }
    if (m_stopped && (time > m_stopTime || m_intervalCount == 0))
    {
        return std::nullopt;
    }
    // An instant on a boundary belongs to the interval it starts; the end of the sampled
    // time belongs to the last interval.
    auto index = static_cast<uint64_t>((time - m_start).GetTimeStep() / m_intervalSteps);
    if (m_stopped && index >= m_intervalCount)
    {
        index = m_intervalCount - 1;
    }
    return index;
}

bool
TwinResultCollector::RowAllowed(uint64_t interval) const
{
    if (interval < m_demandKeep.size())
    {
        return true;
    }
    if (interval < m_intervalCount)
    {
        return false; // sampled, and its demand samples were beyond MaxSamples
    }
    return m_samplesKept < m_maxSamples;
}

TwinResultCollector::DemandCounters*
TwinResultCollector::Counters(uint64_t interval, std::size_t demand)
{
    if (interval >= m_demandRows.size())
    {
        if (!RowAllowed(interval))
        {
            return nullptr;
        }
        m_demandRows.resize(interval + 1);
    }
    auto& row = m_demandRows[interval];
    if (row.empty())
    {
        if (!RowAllowed(interval))
        {
            return nullptr;
        }
        row.resize(m_demands.size());
    }
    return &row[demand];
}

void
TwinResultCollector::OnPhyTxBegin(LinkState* state, Ptr<const Packet> packet)
{
    const TwinResultCollector* owner = state->owner;
    if (owner->m_stopped)
    {
        return; // the drain after the run is not part of the link results
    }
    if (owner->m_scheduler && owner->m_scheduler->IsLinkIndexDown(state->linkIndex))
    {
        // The sending interface is up but the direction has failed: the receiving device
        // drops the packet, the link does not carry it.
        return;
    }
    uint32_t bytes = packet->GetSize();
    state->txBytes += bytes;
    state->txPackets += 1;
    state->intervalBytes += bytes;
    // The busy time is measured up to PhyTxEnd rather than computed from the capacity, which
    // an event may change during the run.
    state->transmitting = true;
    state->accountedUntil = Simulator::Now();
}

void
TwinResultCollector::OnPhyTxEnd(LinkState* state, Ptr<const Packet> packet)
{
    if (state->owner->m_stopped || !state->transmitting)
    {
        return;
    }
    state->busy += Simulator::Now() - state->accountedUntil;
    state->transmitting = false;
}

void
TwinResultCollector::OnSendOutgoing(uint32_t node, const Ipv4Header& header,
                                    Ptr<const Packet> packet)
{
    TwinSendTimeTag tag;
    tag.sentNs = Simulator::Now().GetTimeStep();
    packet->AddByteTag(tag);

    // TCP demands count their sends here (UDP ones at the application).
    if (header.GetProtocol() != kTcp || m_demandByPort.empty())
    {
        return;
    }
    uint16_t sourcePort = 0;
    uint16_t destPort = 0;
    ReadPorts(kTcp, packet, sourcePort, destPort);
    int64_t index = DemandOfPort(destPort, kTcp);
    if (index < 0)
    {
        return;
    }
    const DemandState& d = m_demands[index];
    if (d.sourceNode != node || d.destAddress != header.GetDestination())
    {
        return;
    }
    auto interval = IntervalOf(Simulator::Now());
    DemandCounters* c = interval ? Counters(*interval, index) : nullptr;
    if (c)
    {
        c->txPackets += 1;
        c->txBytes += packet->GetSize() + header.GetSerializedSize();
    }
}

void
TwinResultCollector::OnLocalDeliver(uint32_t node, const Ipv4Header& header,
                                    Ptr<const Packet> packet)
{
    TwinSendTimeTag tag;
    if (!packet->FindFirstMatchingByteTag(tag))
    {
        return;
    }
    uint8_t protocol = header.GetProtocol();
    uint16_t sourcePort = 0;
    uint16_t destPort = 0;
    ReadPorts(protocol, packet, sourcePort, destPort);
    FlowKey key{header.GetSource().Get(), header.GetDestination().Get(), protocol, sourcePort,
                destPort};
    Time sent = TimeStep(static_cast<uint64_t>(tag.sentNs));
    Time now = Simulator::Now();
    Time delay = now - sent;
    auto [it, inserted] = m_maxDelay.emplace(key, delay);
    if (!inserted && delay > it->second)
    {
        it->second = delay;
    }

    int64_t index = DemandOfPort(destPort, protocol);
    if (index < 0)
    {
        return;
    }
    const DemandState& d = m_demands[index];
    if (d.destNode != node || d.destAddress != header.GetDestination())
    {
        return;
    }
    // Delivered counts by send time, also for packets arriving after sampling stopped.
    auto sentInterval = IntervalOf(sent);
    if (DemandCounters* c = sentInterval ? Counters(*sentInterval, index) : nullptr)
    {
        c->deliveredPackets += 1;
    }
    auto rxInterval = IntervalOf(now);
    if (DemandCounters* c = rxInterval ? Counters(*rxInterval, index) : nullptr)
    {
        c->rxPackets += 1;
        c->rxBytes += packet->GetSize() + header.GetSerializedSize();
        c->delaySumSteps += delay.GetTimeStep();
    }
}

void
TwinResultCollector::OnUdpTx(std::size_t demand, Ptr<const Packet> packet)
{
    // Counted before the UDP and IPv4 headers are added: add them, so that sent and received
    // bytes are both IP-level sizes.
    static const uint32_t headerBytes =
        UdpHeader().GetSerializedSize() + Ipv4Header().GetSerializedSize();
    uint32_t payload = packet->GetSize();
    m_demands[demand].appBytesSent += payload;
    auto interval = IntervalOf(Simulator::Now());
    if (DemandCounters* c = interval ? Counters(*interval, demand) : nullptr)
    {
        c->txPackets += 1;
        c->txBytes += payload + headerBytes;
    }
}

void
TwinResultCollector::OnTcpSinkRx(std::size_t demand)
{
    m_demands[demand].lastSinkRx = Simulator::Now();
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
        // A transmission still running counts up to now here, the rest in the next interval.
        if (state->transmitting)
        {
            state->busy += now - state->accountedUntil;
            state->accountedUntil = now;
        }
        double busy = state->busy.GetSeconds();
        const auto& link = links[state->linkIndex];
        TwinLinkSample sample;
        sample.linkId = link.id;
        sample.timeSeconds = now.GetSeconds();
        sample.txBytes = state->intervalBytes;
        sample.utilisation = std::min(1.0, busy / interval);
        sample.queuePackets = link.queueDisc ? link.queueDisc->GetNPackets() : 0;
        state->peakUtilisation = std::max(state->peakUtilisation, sample.utilisation);
        state->busyTotal += state->busy;
        state->busy = Time();
        state->intervalBytes = 0;
        m_sampleTrace(sample);
        if (m_samplesKept < m_maxSamples)
        {
            m_results.samples.push_back(std::move(sample));
            ++m_samplesKept;
        }
        else
        {
            ++m_samplesNotKept;
        }
    }
    // The demand samples of this interval are assembled at the end; their place in the
    // budget is taken now, after the interval's link samples. Kept intervals form a prefix
    // (once the budget is spent it stays spent), which RowAllowed relies on.
    uint64_t demands = m_demands.size();
    if (demands > 0)
    {
        uint64_t keep = 0;
        if (m_demandKeep.size() == m_intervalCount)
        {
            keep = std::min(demands, m_maxSamples - std::min(m_maxSamples, m_samplesKept));
        }
        m_samplesKept += keep;
        m_samplesNotKept += demands - keep;
        if (keep > 0)
        {
            m_demandKeep.push_back(keep);
            m_intervalEnds.push_back(now.GetSeconds());
        }
    }
    ++m_intervalCount;
    m_lastSample = now;
}

void
TwinResultCollector::StopSampling()
{
    if (!m_installed || m_stopped)
    {
        return;
    }
    NS_LOG_FUNCTION(this);
    m_sampleEvent.Cancel();
    TakeSample();
    m_stopped = true;
    m_stopTime = Simulator::Now();
    const auto& links = m_builder->GetLinks();
    for (auto& state : m_linkStates)
    {
        const auto& link = links[state->linkIndex];
        state->dropsAtStop = link.txDevice->GetQueue()->GetTotalDroppedPackets();
        if (link.queueDisc)
        {
            state->dropsAtStop += link.queueDisc->GetStats().nTotalDroppedPackets;
        }
    }
    // Counters of an instant on the last boundary, counted before this call, join the last
    // interval (IntervalOf does the same from now on).
    if (m_demandRows.size() > m_intervalCount)
    {
        if (m_intervalCount > 0 && RowAllowed(m_intervalCount - 1))
        {
            for (uint64_t k = m_intervalCount; k < m_demandRows.size(); ++k)
            {
                for (std::size_t d = 0; d < m_demandRows[k].size(); ++d)
                {
                    DemandCounters* last = Counters(m_intervalCount - 1, d);
                    const DemandCounters& extra = m_demandRows[k][d];
                    last->txPackets += extra.txPackets;
                    last->txBytes += extra.txBytes;
                    last->rxPackets += extra.rxPackets;
                    last->rxBytes += extra.rxBytes;
                    last->delaySumSteps += extra.delaySumSteps;
                    last->deliveredPackets += extra.deliveredPackets;
                }
            }
        }
        m_demandRows.resize(m_intervalCount);
    }
}

void
TwinResultCollector::Finish()
{
    if (!m_installed || m_finished)
    {
        return;
    }
    StopSampling();
    m_connectEvent.Cancel();
    Assemble();
    m_finished = true;
}

bool
TwinResultCollector::IsInstalled() const
{
    return m_installed;
}

bool
TwinResultCollector::IsFinished() const
{
    return m_finished;
}

uint64_t
TwinResultCollector::CountSamples(Time duration) const
{
    if (!m_installed)
    {
        return 0;
    }
    uint64_t taken = m_samplesKept + m_samplesNotKept;
    if (m_stopped)
    {
        return taken;
    }
    uint64_t demands = m_demandsConnected ? m_demands.size()
                       : m_traffic        ? m_traffic->GetInstalled().size()
                                          : 0;
    uint64_t perInterval = m_linkStates.size() + demands;
    // One sample per interval since Install(), the last one possibly shorter (StopSampling).
    Time span = Simulator::Now() + duration - m_start;
    if (perInterval == 0 || !span.IsStrictlyPositive())
    {
        return taken;
    }
    auto steps = static_cast<uint64_t>(span.GetTimeStep());
    auto interval = static_cast<uint64_t>(m_intervalSteps);
    uint64_t intervals = steps / interval + (steps % interval != 0 ? 1 : 0);
    if (intervals > std::numeric_limits<uint64_t>::max() / perInterval)
    {
        return std::numeric_limits<uint64_t>::max();
    }
    return intervals * perInterval;
}

void
TwinResultCollector::CheckSampleBudget(Time duration) const
{
    uint64_t samples = CountSamples(duration);
    if (samples > m_maxSamples)
    {
        uint64_t demands = m_demandsConnected ? m_demands.size()
                           : m_traffic        ? m_traffic->GetInstalled().size()
                                              : 0;
        std::ostringstream os;
        os << "the run would take " << samples << " samples (one per interval for each of "
           << m_linkStates.size() << " link directions and " << demands << " demands, every "
           << m_interval.GetSeconds() << " s), more than "
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
    if (m_stopped && Simulator::Now() > m_stopTime)
    {
        // After a drain, a packet still travelling is lost: it had the drain to arrive.
        m_monitor->CheckForLostPackets(Simulator::Now() - m_stopTime);
    }
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
            r.firstRxSeconds = stats.timeFirstRxPacket.GetSeconds();
            double span = (stats.timeLastRxPacket - stats.timeFirstTxPacket).GetSeconds();
            if (span > 0)
            {
                r.throughputBps = static_cast<double>(stats.rxBytes) * 8.0 / span;
            }
        }
        m_results.flows.push_back(std::move(r));
    }

    const auto& links = m_builder->GetLinks();
    double duration = (m_stopTime - m_start).GetSeconds();
    for (const auto& state : m_linkStates)
    {
        const auto& link = links[state->linkIndex];
        TwinLinkResult r;
        r.linkId = link.id;
        r.txBytes = state->txBytes;
        r.txPackets = state->txPackets;
        r.queueDropPackets = state->dropsAtStop;
        if (duration > 0)
        {
            // The samples' busy time: txBytes * 8 / (capacity * duration) while the capacity
            // stays as built.
            r.meanUtilisation = state->busyTotal.GetSeconds() / duration;
        }
        r.peakUtilisation = state->peakUtilisation;
        m_results.links.push_back(std::move(r));
    }
    AssembleDemands();
}

void
TwinResultCollector::AssembleDemands()
{
    uint64_t kept = 0;
    for (uint64_t keep : m_demandKeep)
    {
        kept += keep;
    }
    m_results.demandSamples.reserve(kept);
    for (uint64_t k = 0; k < m_demandKeep.size(); ++k)
    {
        const std::vector<DemandCounters>* row =
            k < m_demandRows.size() && !m_demandRows[k].empty() ? &m_demandRows[k] : nullptr;
        for (std::size_t d = 0; d < m_demandKeep[k]; ++d)
        {
            TwinDemandSample s;
            s.demandId = m_demands[d].id;
            s.timeSeconds = m_intervalEnds[k];
            if (row)
            {
                const DemandCounters& c = (*row)[d];
                s.txPackets = c.txPackets;
                s.txBytes = c.txBytes;
                s.rxPackets = c.rxPackets;
                s.rxBytes = c.rxBytes;
                s.delaySumSeconds = TimeStep(static_cast<uint64_t>(c.delaySumSteps)).GetSeconds();
                s.deliveredPackets = c.deliveredPackets;
            }
            m_results.demandSamples.push_back(std::move(s));
        }
    }
    // The counters are no longer needed (they may be large).
    std::vector<std::vector<DemandCounters>>().swap(m_demandRows);

    for (const auto& d : m_demands)
    {
        TwinDemandResult r;
        r.demandId = d.id;
        r.protocol = d.udp ? "udp" : "tcp";
        r.startSeconds = d.start.GetSeconds();
        r.receivedBytes = d.sink->GetTotalRx();
        if (d.udp)
        {
            r.offeredBytes = d.appBytesSent;
        }
        else
        {
            // Read now: a traffic surge during the run may have changed it.
            UintegerValue maxBytes;
            d.source->GetAttribute("MaxBytes", maxBytes);
            r.offeredBytes = maxBytes.Get();
            // BulkSend never sends more than MaxBytes (and a surge never lowers it below what
            // was sent), so the sink's total reaches it with its last reception.
            if (r.offeredBytes > 0 && r.receivedBytes >= r.offeredBytes && d.lastSinkRx)
            {
                r.completionSeconds = d.lastSinkRx->GetSeconds();
            }
        }
        m_results.demands.push_back(std::move(r));
    }
}

const TwinRunResults&
TwinResultCollector::GetResults() const
{
    return m_results;
}

void
TwinResultCollector::SetEvents(const std::vector<TwinAppliedEvent>& events)
{
    m_results.events = events;
}

void
TwinResultCollector::SetVerdicts(const std::vector<TwinVerdict>& verdicts)
{
    m_results.verdicts = verdicts;
}

void
TwinResultCollector::SetEventScheduler(Ptr<TwinEventScheduler> scheduler)
{
    m_scheduler = scheduler;
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
