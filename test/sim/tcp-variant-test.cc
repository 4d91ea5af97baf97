/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// TwinRunOptions::tcpVariant: the congestion control of the TCP demands.

#include "sim-test-networks.h"
#include "test-util.h"

#include "ns3/digital-twin-helper.h"
#include "ns3/tcp-l4-protocol.h"

#include <gtest/gtest.h>
#include <string>

namespace ns3
{
namespace test
{
namespace
{

class TcpVariantTest : public SimTest
{
protected:
    /**
     * Run two TCP transfers sharing a 5 Mbit/s bottleneck with a short queue.
     * @param variant TwinRunOptions::tcpVariant
     * @param twin the helper to run
     * @return bytes the first transfer delivered in 4 s
     */
    static uint64_t Run(const std::string& variant, DigitalTwinHelper& twin)
    {
        NetworkBuilder nb("tcp-variant");
        nb.Node("A").Node("B").Node("C");
        nb.Link("A", "B", 100000000, 0.001).Link("B", "C", 5000000, 0.02, 10);
        nb.Tcp("t1", "A", "C", 0, 0.0, 1448);
        nb.Tcp("t2", "A", "C", 0, 0.5, 1448);
        TwinRunOptions options;
        options.duration = Seconds(4);
        options.tcpVariant = variant;
        twin.SetNetwork(nb.Get());
        twin.SetRunOptions(options);
        twin.Build();
        twin.InstallDemands();
        twin.EnableResults();
        twin.Run();
        return twin.GetTrafficHelper()->FindInstalled("t1")->sink->GetTotalRx();
    }

    /**
     * @param twin a built twin
     * @return the TCP socket type of its first node's TCP stack
     */
    static std::string SocketType(const DigitalTwinHelper& twin)
    {
        TypeIdValue type;
        twin.GetNodes().Get(0)->GetObject<TcpL4Protocol>()->GetAttribute("SocketType", type);
        return type.Get().GetName();
    }
};

TEST_F(TcpVariantTest, TheVariantIsSetOnEveryNodeAndChangesTheTransfer)
{
    uint64_t newReno = 0;
    {
        DigitalTwinHelper twin;
        newReno = Run("ns3::TcpNewReno", twin);
        EXPECT_EQ(SocketType(twin), "ns3::TcpNewReno");
    }
    Simulator::Destroy();
    Names::Clear();
    DigitalTwinHelper twin;
    uint64_t cubic = Run("ns3::TcpCubic", twin);
    for (uint32_t i = 0; i < twin.GetNodes().GetN(); ++i)
    {
        TypeIdValue type;
        twin.GetNodes().Get(i)->GetObject<TcpL4Protocol>()->GetAttribute("SocketType", type);
        EXPECT_EQ(type.Get().GetName(), "ns3::TcpCubic") << "node " << i;
    }
    // Both keep the bottleneck busy, but the window evolves differently under the same losses.
    EXPECT_GT(newReno, 500000u);
    EXPECT_GT(cubic, 500000u);
    EXPECT_NE(newReno, cubic);
}

TEST_F(TcpVariantTest, SomethingElseIsRefused)
{
    DigitalTwinHelper twin;
    try
    {
        Run("ns3::FifoQueueDisc", twin);
        FAIL() << "a queue disc accepted as a TCP variant";
    }
    catch (const TwinBuildError& e)
    {
        EXPECT_NE(std::string(e.what()).find("TcpVariant 'ns3::FifoQueueDisc'"), std::string::npos)
            << e.what();
    }
}

} // namespace
} // namespace test
} // namespace ns3
