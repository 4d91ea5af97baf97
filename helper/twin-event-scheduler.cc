/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-event-scheduler.h"

#include "ns3/boolean.h"
#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/twin-routing.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TwinEventScheduler");
NS_OBJECT_ENSURE_REGISTERED(TwinEventScheduler);

namespace
{

/** Receive error model of a failed link direction: every packet is lost. */
class TwinLinkDownModel : public ErrorModel
{
private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        // ErrorModel::IsCorrupt leaves the enabled check to the subclass.
        return IsEnabled();
    }

    void DoReset() override {}
};

/**
 * @param event an event
 * @return "event 'id' (source)" for error messages
 */
std::string
Describe(const TwinEvent& event)
{
    std::string text = "event '" + event.id + "' (" + TwinEventTypeName(event.type) + ")";
    const std::string where = event.source.ToString();
    if (!where.empty())
    {
        text += " at " + where;
    }
    return text;
}

} // namespace

TypeId
TwinEventScheduler::GetTypeId()
{
    static TypeId tid = TypeId("ns3::TwinEventScheduler")
                            .SetParent<Object>()
                            .SetGroupName("DigitalTwin")
                            .AddConstructor<TwinEventScheduler>();
    return tid;
}

TwinEventScheduler::TwinEventScheduler()
{
    NS_LOG_FUNCTION(this);
}

TwinEventScheduler::~TwinEventScheduler()
{
    NS_LOG_FUNCTION(this);
}

void
TwinEventScheduler::DoDispose()
{
    m_builder = nullptr;
    m_dropModels.clear();
    Object::DoDispose();
}

void
TwinEventScheduler::Attach(Ptr<TwinBuilder> builder)
{
    if (!builder || !builder->IsBuilt())
    {
        throw TwinBuildError("event scheduler: the twin has not been built");
    }
    m_builder = builder;
    const auto& links = builder->GetLinks();
    const auto n = links.size();
    m_reverse.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i)
    {
        for (std::size_t j = 0; j < n; ++j)
        {
            if (i != j && links[j].txDevice == links[i].rxDevice)
            {
                m_reverse[i] = static_cast<int32_t>(j);
                break;
            }
        }
    }
    m_linkDown.assign(n, false);
    m_nodeDown.assign(builder->GetNodes().GetN(), false);
    m_dropModels.assign(n, nullptr);
    m_interfaceDownApplied.assign(n, false);
}

bool
TwinEventScheduler::IsSupported(TwinEventType type)
{
    switch (type)
    {
    case TwinEventType::LinkDown:
    case TwinEventType::LinkUp:
    case TwinEventType::NodeDown:
    case TwinEventType::NodeUp:
    case TwinEventType::LinkCapacity:
    case TwinEventType::LinkDelay:
        return true;
    default:
        return false;
    }
}

void
TwinEventScheduler::SetRoutingReaction(const TwinScenarioRouting& routing)
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    if (!(routing.convergenceDelaySeconds >= 0) || !std::isfinite(routing.convergenceDelaySeconds))
    {
        throw TwinBuildError("routing reaction: convergence delay must be >= 0, not " +
                             std::to_string(routing.convergenceDelaySeconds));
    }
    Ptr<TwinRoutingGraph> graph = m_builder->GetRoutingGraph();
    const bool recompute = routing.reaction == TwinRoutingReaction::Recompute;
    if (!graph)
    {
        if (recompute)
        {
            throw TwinBuildError("routing reaction 'recompute' needs shortest-path routing; the "
                                 "twin uses configured static routes");
        }
        return;
    }
    if (!recompute && routing.convergenceDelaySeconds != 0)
    {
        throw TwinBuildError("routing reaction: a convergence delay is only allowed with "
                             "'recompute'");
    }
    graph->SetAttribute("RecomputeOnChange", BooleanValue(recompute));
    graph->SetAttribute("ConvergenceDelay", TimeValue(Seconds(routing.convergenceDelaySeconds)));
}

uint32_t
TwinEventScheduler::LinkIndex(const std::string& linkId) const
{
    const TwinBuilder::BuiltLink* link = m_builder->FindLink(linkId);
    if (!link)
    {
        throw TwinBuildError("unknown link '" + linkId + "'");
    }
    return link->linkIndex;
}

std::vector<uint32_t>
TwinEventScheduler::AffectedLinks(const TwinEvent& event) const
{
    uint32_t index = LinkIndex(event.link);
    std::vector<uint32_t> result{index};
    if (!event.directionOnly && m_reverse.at(index) >= 0)
    {
        result.push_back(static_cast<uint32_t>(m_reverse[index]));
    }
    return result;
}

void
TwinEventScheduler::Check(const TwinEvent& event, bool checkTime) const
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    const std::string what = Describe(event);
    if (!IsSupported(event.type))
    {
        throw TwinBuildError(what + ": " + TwinEventTypeName(event.type) +
                             " events are not supported yet by the simulation");
    }
    if (checkTime && (!std::isfinite(event.timeSeconds) ||
                      Seconds(event.timeSeconds) < Simulator::Now() || event.timeSeconds < 0))
    {
        throw TwinBuildError(what + ": time " + std::to_string(event.timeSeconds) +
                             " s is in the past");
    }
    switch (event.type)
    {
    case TwinEventType::LinkDown:
    case TwinEventType::LinkUp:
    case TwinEventType::LinkCapacity:
    case TwinEventType::LinkDelay:
        if (!m_builder->FindLink(event.link))
        {
            throw TwinBuildError(what + ": unknown link '" + event.link + "'");
        }
        break;
    case TwinEventType::NodeDown:
    case TwinEventType::NodeUp:
        if (m_builder->GetNodeIndex(event.node) < 0)
        {
            throw TwinBuildError(what + ": unknown node '" + event.node + "'");
        }
        break;
    default:
        break;
    }
    if (event.type == TwinEventType::LinkCapacity && event.capacityBps == 0)
    {
        throw TwinBuildError(what + ": capacity must be > 0");
    }
    if (event.type == TwinEventType::LinkDelay)
    {
        if (!(event.delaySeconds >= 0) || !std::isfinite(event.delaySeconds))
        {
            throw TwinBuildError(what + ": delay must be >= 0");
        }
        if (event.directionOnly)
        {
            throw TwinBuildError(what + ": a direction-only delay change is not supported (the "
                                        "two directions of a point-to-point link share one "
                                        "channel delay)");
        }
    }
}

void
TwinEventScheduler::Schedule(const TwinEvent& event)
{
    Schedule(std::vector<TwinEvent>{event});
}

void
TwinEventScheduler::Schedule(const std::vector<TwinEvent>& events)
{
    for (const auto& event : events)
    {
        Check(event, true);
    }
    for (const auto& event : events)
    {
        // Scheduled in input order: ns-3 runs events of equal time in insertion order, and
        // before the packets that applications schedule later during the run.
        void (TwinEventScheduler::*apply)(const TwinEvent&) = &TwinEventScheduler::Apply;
        Simulator::Schedule(Seconds(event.timeSeconds) - Simulator::Now(), apply, this, event);
    }
}

void
TwinEventScheduler::Apply(const TwinEvent& event)
{
    NS_LOG_FUNCTION(this << event.id);
    Check(event, false);
    const auto& links = m_builder->GetLinks();
    switch (event.type)
    {
    case TwinEventType::LinkDown:
    case TwinEventType::LinkUp:
        for (uint32_t l : AffectedLinks(event))
        {
            m_linkDown[l] = event.type == TwinEventType::LinkDown;
        }
        ApplyState();
        break;
    case TwinEventType::NodeDown:
    case TwinEventType::NodeUp:
        m_nodeDown[m_builder->GetNodeIndex(event.node)] = event.type == TwinEventType::NodeDown;
        ApplyState();
        break;
    case TwinEventType::LinkCapacity:
        for (uint32_t l : AffectedLinks(event))
        {
            links[l].txDevice->SetAttribute("DataRate", DataRateValue(DataRate(event.capacityBps)));
        }
        break;
    case TwinEventType::LinkDelay:
        links[LinkIndex(event.link)].txDevice->GetChannel()->SetAttribute(
            "Delay", TimeValue(Seconds(event.delaySeconds)));
        break;
    default:
        break;
    }
}

bool
TwinEventScheduler::EffectiveDown(uint32_t link) const
{
    const auto& l = m_builder->GetLinks()[link];
    return m_linkDown[link] || m_nodeDown[l.sourceNode] || m_nodeDown[l.destNode];
}

void
TwinEventScheduler::ApplyState()
{
    const auto& links = m_builder->GetLinks();
    Ptr<TwinRoutingGraph> graph = m_builder->GetRoutingGraph();
    NodeContainer nodes = m_builder->GetNodes();
    for (uint32_t l = 0; l < links.size(); ++l)
    {
        const auto& link = links[l];
        const bool down = EffectiveDown(l);
        if (down && !m_dropModels[l])
        {
            m_dropModels[l] = CreateObject<TwinLinkDownModel>();
            link.rxDevice->SetReceiveErrorModel(m_dropModels[l]);
        }
        if (m_dropModels[l])
        {
            if (down)
            {
                m_dropModels[l]->Enable();
            }
            else
            {
                m_dropModels[l]->Disable();
            }
        }
        if (!graph)
        {
            // Configured static routes: Ipv4StaticRouting would forget the routes of an
            // interface set down, so only the devices drop packets.
            continue;
        }
        if (link.routingEdge >= 0)
        {
            graph->SetEdgeUp(static_cast<uint32_t>(link.routingEdge), !down);
        }
        // The sending interface is down when its node is, or when both directions are.
        const int32_t rev = m_reverse[l];
        const bool pairDown = m_linkDown[l] && (rev < 0 || m_linkDown[rev]);
        const bool ifDown = m_nodeDown[link.sourceNode] || pairDown;
        if (ifDown != m_interfaceDownApplied[l])
        {
            Ptr<Ipv4> ipv4 = nodes.Get(link.sourceNode)->GetObject<Ipv4>();
            if (ifDown)
            {
                ipv4->SetDown(link.sourceIf);
            }
            else
            {
                ipv4->SetUp(link.sourceIf);
            }
            m_interfaceDownApplied[l] = ifDown;
        }
    }
}

bool
TwinEventScheduler::IsLinkDown(const std::string& linkId) const
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    return EffectiveDown(LinkIndex(linkId));
}

bool
TwinEventScheduler::IsNodeDown(const std::string& nodeId) const
{
    if (!m_builder)
    {
        throw TwinBuildError("event scheduler: not attached to a twin");
    }
    int32_t index = m_builder->GetNodeIndex(nodeId);
    if (index < 0)
    {
        throw TwinBuildError("unknown node '" + nodeId + "'");
    }
    return m_nodeDown[index];
}

} // namespace ns3
