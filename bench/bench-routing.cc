/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Route setup cost: the twin's shortest-path routing (TwinRoutingGraph / TwinRouting) on
// chains and grids of 1000 and 10,000 nodes, against ns-3's Ipv4GlobalRoutingHelper on a
// 1000-node chain.

#include "ns3/boolean.h"
#include "ns3/digital-twin-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/names.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/twin-builder.h"
#include "ns3/twin-routing.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <unordered_map>

using namespace ns3;

namespace
{

/** @return the /30 of link k as "10.x.y.z/30", host 1 or 2 */
TwinIpv4Prefix
LinkAddress(uint32_t k, uint32_t host)
{
    TwinIpv4Prefix p;
    p.address = (10u << 24) + k * 4 + host;
    p.prefixLength = 30;
    return p;
}

/**
 * A network of n nodes: a chain (columns == 0) or a grid with the given number of columns.
 * Every node has a loopback 172.16.0.0/12 + index; links are 1 Gb/s, 1 ms, metric 1.
 */
TwinNetwork
MakeNetwork(uint32_t n, uint32_t columns)
{
    TwinNetwork net;
    net.name = columns ? "grid" : "chain";
    net.nodes.resize(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        net.nodes[i].id = "n" + std::to_string(i);
        TwinInterface lo;
        lo.name = "lo";
        lo.addresses.push_back({(172u << 24) + (16u << 16) + i, 32});
        net.nodes[i].interfaces.push_back(lo);
    }
    uint32_t k = 0;
    auto link = [&](uint32_t a, uint32_t b)
    {
        std::string ia = "to-" + std::to_string(b);
        std::string ib = "to-" + std::to_string(a);
        TwinInterface x;
        x.name = ia;
        x.addresses.push_back(LinkAddress(k, 1));
        net.nodes[a].interfaces.push_back(x);
        TwinInterface y;
        y.name = ib;
        y.addresses.push_back(LinkAddress(k, 2));
        net.nodes[b].interfaces.push_back(y);
        for (int dir = 0; dir < 2; ++dir)
        {
            TwinLink l;
            l.sourceNode = net.nodes[dir ? b : a].id;
            l.destNode = net.nodes[dir ? a : b].id;
            l.sourceTp = dir ? ib : ia;
            l.destTp = dir ? ia : ib;
            l.id = l.sourceNode + "-" + l.destNode;
            l.capacityBps = 1000000000;
            l.delaySeconds = 0.001;
            net.links.push_back(l);
        }
        ++k;
    };
    for (uint32_t i = 0; i < n; ++i)
    {
        if (columns == 0)
        {
            if (i + 1 < n)
            {
                link(i, i + 1);
            }
            continue;
        }
        if ((i + 1) % columns != 0 && i + 1 < n)
        {
            link(i, i + 1);
        }
        if (i + columns < n)
        {
            link(i, i + columns);
        }
    }
    return net;
}

/** Fill a routing graph straight from the model (no ns-3 objects). */
Ptr<TwinRoutingGraph>
GraphOf(const TwinNetwork& net)
{
    Ptr<TwinRoutingGraph> g = CreateObject<TwinRoutingGraph>();
    std::unordered_map<std::string, uint32_t> index;
    std::vector<std::unordered_map<std::string, uint32_t>> ifIndex(net.nodes.size());
    for (uint32_t i = 0; i < net.nodes.size(); ++i)
    {
        index[net.nodes[i].id] = g->AddNode(net.nodes[i].id);
        for (uint32_t j = 0; j < net.nodes[i].interfaces.size(); ++j)
        {
            const auto& itf = net.nodes[i].interfaces[j];
            ifIndex[i][itf.name] = j;
            for (const auto& a : itf.addresses)
            {
                g->AddAddress(i, Ipv4Address(a.address), Ipv4Mask(a.Mask()));
            }
        }
    }
    for (const auto& l : net.links)
    {
        uint32_t a = index[l.sourceNode];
        uint32_t b = index[l.destNode];
        const auto& far = net.nodes[b].interfaces[ifIndex[b][l.destTp]];
        g->AddEdge(a, ifIndex[a][l.sourceTp], b, ifIndex[b][l.destTp],
                   Ipv4Address(far.addresses.front().address), l.metric);
    }
    return g;
}

/** Twin graph only: fill the graph and compute the tree toward the last node. */
void
BM_TwinGraphAllToOne(benchmark::State& state)
{
    auto n = static_cast<uint32_t>(state.range(0));
    TwinNetwork net = MakeNetwork(n, static_cast<uint32_t>(state.range(1)));
    for (auto _ : state)
    {
        Ptr<TwinRoutingGraph> g = GraphOf(net);
        int32_t owner = g->FindOwner(Ipv4Address((172u << 24) + (16u << 16) + n - 1));
        uint64_t hops = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            hops += g->GetNextEdge(i, static_cast<uint32_t>(owner)) >= 0 ? 1 : 0;
        }
        benchmark::DoNotOptimize(hops);
    }
    state.counters["nodes"] = n;
}

/** Twin graph only: every tree, i.e. all-pairs routes. */
void
BM_TwinGraphAllPairs(benchmark::State& state)
{
    auto n = static_cast<uint32_t>(state.range(0));
    TwinNetwork net = MakeNetwork(n, static_cast<uint32_t>(state.range(1)));
    for (auto _ : state)
    {
        Ptr<TwinRoutingGraph> g = GraphOf(net);
        uint64_t reachable = 0;
        for (uint32_t d = 0; d < n; ++d)
        {
            const auto& tree = g->GetTree(d);
            for (uint32_t i = 0; i < n; ++i)
            {
                reachable += tree.nextEdge[i] >= 0 ? 1 : 0;
            }
        }
        benchmark::DoNotOptimize(reachable);
    }
    state.counters["nodes"] = n;
}

/**
 * The whole twin: TwinBuilder::Build (ns-3 nodes, devices, stacks, addresses, graph) plus
 * the first route lookup of every node toward the last node (which computes the tree).
 * Reported separately: the lookups alone ("route_s").
 */
void
BM_TwinBuildAndRoute(benchmark::State& state)
{
    auto n = static_cast<uint32_t>(state.range(0));
    TwinNetwork net = MakeNetwork(n, static_cast<uint32_t>(state.range(1)));
    Ipv4Address last((172u << 24) + (16u << 16) + n - 1);
    double routeSeconds = 0;
    for (auto _ : state)
    {
        Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();
        builder->SetAttribute("RegisterNames", BooleanValue(false));
        NodeContainer nodes = builder->Build(net);
        auto start = std::chrono::steady_clock::now();
        uint32_t routes = 0;
        for (uint32_t i = 0; i + 1 < n; ++i)
        {
            auto list =
                DynamicCast<Ipv4ListRouting>(nodes.Get(i)->GetObject<Ipv4>()->GetRoutingProtocol());
            int16_t priority;
            auto twin = DynamicCast<TwinRouting>(list->GetRoutingProtocol(0, priority));
            routes += twin->Lookup(last) ? 1 : 0;
        }
        routeSeconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (routes != n - 1)
        {
            state.SkipWithError("a node has no route");
        }
        state.PauseTiming();
        builder = nullptr;
        nodes = NodeContainer();
        Simulator::Destroy();
        state.ResumeTiming();
    }
    state.counters["nodes"] = n;
    state.counters["route_s"] =
        benchmark::Counter(routeSeconds, benchmark::Counter::kAvgIterations);
}

/**
 * Like ns-3's global routing, all pairs: after TwinBuilder::Build, every node looks up a route
 * to every other node's loopback (n trees, n * (n - 1) lookups). Timed: the lookups only.
 */
void
BM_TwinBuildAllPairs(benchmark::State& state)
{
    auto n = static_cast<uint32_t>(state.range(0));
    TwinNetwork net = MakeNetwork(n, static_cast<uint32_t>(state.range(1)));
    for (auto _ : state)
    {
        state.PauseTiming();
        Ptr<TwinBuilder> builder = CreateObject<TwinBuilder>();
        builder->SetAttribute("RegisterNames", BooleanValue(false));
        NodeContainer nodes = builder->Build(net);
        std::vector<Ptr<TwinRouting>> routing;
        for (uint32_t i = 0; i < n; ++i)
        {
            auto list =
                DynamicCast<Ipv4ListRouting>(nodes.Get(i)->GetObject<Ipv4>()->GetRoutingProtocol());
            int16_t priority;
            routing.push_back(DynamicCast<TwinRouting>(list->GetRoutingProtocol(0, priority)));
        }
        state.ResumeTiming();
        uint64_t routes = 0;
        for (uint32_t d = 0; d < n; ++d)
        {
            Ipv4Address dest((172u << 24) + (16u << 16) + d);
            for (uint32_t i = 0; i < n; ++i)
            {
                routes += routing[i]->Lookup(dest) ? 1 : 0;
            }
        }
        state.PauseTiming();
        if (routes != uint64_t{n} * n)
        {
            state.SkipWithError("missing routes");
        }
        routing.clear();
        builder = nullptr;
        nodes = NodeContainer();
        Simulator::Destroy();
        state.ResumeTiming();
    }
    state.counters["nodes"] = n;
}

/**
 * ns-3's global routing on the same chain, built by hand with ns-3 helpers; timed: only
 * Ipv4GlobalRoutingHelper::PopulateRoutingTables().
 */
void
BM_Ns3GlobalRouting(benchmark::State& state)
{
    auto n = static_cast<uint32_t>(state.range(0));
    for (auto _ : state)
    {
        state.PauseTiming();
        NodeContainer nodes;
        nodes.Create(n);
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(nodes);
        PointToPointHelper p2p;
        Ipv4AddressHelper address("10.0.0.0", "255.255.255.252");
        for (uint32_t i = 0; i + 1 < n; ++i)
        {
            address.Assign(p2p.Install(nodes.Get(i), nodes.Get(i + 1)));
            address.NewNetwork();
        }
        state.ResumeTiming();
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        state.PauseTiming();
        nodes = NodeContainer();
        Simulator::Destroy();
        state.ResumeTiming();
    }
    state.counters["nodes"] = n;
}

} // namespace

BENCHMARK(BM_TwinGraphAllToOne)
    ->Args({1000, 0})
    ->Args({10000, 0})
    ->Args({10000, 100})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwinGraphAllPairs)->Args({1000, 0})->Args({1024, 32})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwinBuildAndRoute)
    ->Args({1000, 0})
    ->Args({10000, 0})
    ->Args({10000, 100})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_TwinBuildAllPairs)->Args({1000, 0})->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Ns3GlobalRouting)->Args({1000, 0})->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
