/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_SIM_TEST_NETWORKS_H
#define DTWIN_SIM_TEST_NETWORKS_H

#include "ns3/config.h"
#include "ns3/names.h"
#include "ns3/simulator.h"
#include "ns3/twin-network.h"
#include "ns3/twin-results.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

/**
 * @file
 * Small networks written in code for the simulation tests, and a fixture that resets the
 * global ns-3 state after each test.
 */

namespace ns3
{
namespace test
{

/**
 * Builds a TwinNetwork step by step: nodes with a loopback /32 (10.255.0.k), links as two
 * directed TwinLinks between interfaces "to-<peer>" on a /30 from 10.0.k.0.
 */
class NetworkBuilder
{
public:
    /** @param name network name */
    explicit NetworkBuilder(const std::string& name = "test") { m_net.name = name; }

    /**
     * Add a node with a loopback interface "lo" holding 10.255.0.<n+1>/32.
     * @param id node-id
     * @param loopback add the loopback interface
     * @return this
     */
    NetworkBuilder& Node(const std::string& id, bool loopback = true)
    {
        TwinNode node;
        node.id = id;
        if (loopback)
        {
            TwinInterface lo;
            lo.name = "lo";
            lo.addresses.push_back(*TwinIpv4Prefix::Parse(
                "10.255.0." + std::to_string(m_net.nodes.size() + 1) + "/32"));
            node.interfaces.push_back(lo);
        }
        m_net.nodes.push_back(node);
        return *this;
    }

    /**
     * Add the k-th bidirectional link a<->b: interfaces "to-b" on a (10.x.y.1/30) and "to-a"
     * on b (10.x.y.2/30) with x.y = k / 256 . k % 256, links "a-b" and "b-a".
     * @param a first node
     * @param b second node
     * @param capacityBps capacity of both directions
     * @param delaySeconds propagation delay
     * @param queuePackets queue limit (0: builder default)
     * @param metric routing metric of both directions
     * @return this
     */
    NetworkBuilder& Link(const std::string& a, const std::string& b,
                         uint64_t capacityBps = 10000000, double delaySeconds = 0.002,
                         uint32_t queuePackets = 0, uint32_t metric = 1)
    {
        uint32_t k = m_links++;
        std::string base = "10." + std::to_string(k / 256) + "." + std::to_string(k % 256);
        AddInterface(a, "to-" + b, base, 1);
        AddInterface(b, "to-" + a, base, 2);
        for (int dir = 0; dir < 2; ++dir)
        {
            TwinLink link;
            link.sourceNode = dir == 0 ? a : b;
            link.destNode = dir == 0 ? b : a;
            link.id = link.sourceNode + "-" + link.destNode;
            link.sourceTp = "to-" + link.destNode;
            link.destTp = "to-" + link.sourceNode;
            link.capacityBps = capacityBps;
            link.delaySeconds = delaySeconds;
            link.queuePackets = queuePackets;
            link.metric = metric;
            m_net.links.push_back(link);
        }
        return *this;
    }

    /**
     * Add a static route.
     * @param node node-id
     * @param destination prefix text
     * @param nextHop next-hop address text
     * @return this
     */
    NetworkBuilder& Route(const std::string& node, const std::string& destination,
                          const std::string& nextHop)
    {
        TwinRoute r;
        r.node = node;
        r.destination = *TwinIpv4Prefix::Parse(destination);
        r.nextHop = *TwinIpv4Prefix::ParseAddress(nextHop);
        m_net.routes.push_back(r);
        return *this;
    }

    /**
     * Add a UDP constant-rate demand.
     * @param id demand id
     * @param src source node
     * @param dst destination node
     * @param rateBps rate
     * @param start start time
     * @param stop stop time (< 0: to the end)
     * @param packetBytes payload size
     * @return this
     */
    NetworkBuilder& Udp(const std::string& id, const std::string& src, const std::string& dst,
                        double rateBps, double start = 0.1, double stop = -1,
                        uint32_t packetBytes = 1000)
    {
        TwinDemand d;
        d.id = id;
        d.sourceNode = src;
        d.destNode = dst;
        d.protocol = TwinProtocol::Udp;
        d.rateBps = rateBps;
        d.startSeconds = start;
        if (stop >= 0)
        {
            d.stopSeconds = stop;
        }
        d.packetBytes = packetBytes;
        m_net.demands.push_back(d);
        return *this;
    }

    /**
     * Add a TCP bulk demand.
     * @param id demand id
     * @param src source node
     * @param dst destination node
     * @param bytes bytes to send (0: unlimited)
     * @param start start time
     * @param packetBytes segment size
     * @return this
     */
    NetworkBuilder& Tcp(const std::string& id, const std::string& src, const std::string& dst,
                        uint64_t bytes, double start = 0.1, uint32_t packetBytes = 1000)
    {
        TwinDemand d;
        d.id = id;
        d.sourceNode = src;
        d.destNode = dst;
        d.protocol = TwinProtocol::Tcp;
        d.bytes = bytes;
        d.startSeconds = start;
        d.packetBytes = packetBytes;
        m_net.demands.push_back(d);
        return *this;
    }

    /** @return the network */
    TwinNetwork& Get() { return m_net; }

    /**
     * @param id node-id
     * @return that node (must exist)
     */
    TwinNode& NodeRef(const std::string& id)
    {
        for (auto& n : m_net.nodes)
        {
            if (n.id == id)
            {
                return n;
            }
        }
        throw std::runtime_error("no node " + id);
    }

    /**
     * @param id link-id
     * @return that link (must exist)
     */
    TwinLink& LinkRef(const std::string& id)
    {
        for (auto& l : m_net.links)
        {
            if (l.id == id)
            {
                return l;
            }
        }
        throw std::runtime_error("no link " + id);
    }

private:
    /**
     * @param node node-id
     * @param name interface name
     * @param base first three octets of the /30 network
     * @param host last octet
     */
    void AddInterface(const std::string& node, const std::string& name, const std::string& base,
                      int host)
    {
        TwinInterface itf;
        itf.name = name;
        auto address = TwinIpv4Prefix::Parse(base + "." + std::to_string(host) + "/30");
        if (!address)
        {
            throw std::runtime_error("bad test address " + base);
        }
        itf.addresses.push_back(*address);
        NodeRef(node).interfaces.push_back(itf);
    }

    TwinNetwork m_net;   //!< the network
    uint32_t m_links{0}; //!< bidirectional links so far
};

/**
 * Fixture: every test starts and ends with a clean simulator, name registry and attribute
 * defaults (a default set by one test, e.g. the TCP segment size, must not help another).
 */
class SimTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        Simulator::Destroy();
        Names::Clear();
        Config::Reset();
    }

    void TearDown() override
    {
        Simulator::Destroy();
        Names::Clear();
        Config::Reset();
    }
};

/**
 * @param r results of a run
 * @param id a directed link-id
 * @return the link's samples, in time order
 */
inline std::vector<TwinLinkSample>
LinkSamples(const TwinRunResults& r, const std::string& id)
{
    std::vector<TwinLinkSample> out;
    for (const auto& s : r.samples)
    {
        if (s.linkId == id)
        {
            out.push_back(s);
        }
    }
    return out;
}

} // namespace test
} // namespace ns3

#endif
