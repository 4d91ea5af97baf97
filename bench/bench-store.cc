/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Twin store throughput: importing generated networks and writing back run results.
// The store file lives under $TMPDIR (default /tmp); put it on the disk you care about,
// since every commit is an fsync (WAL, synchronous=FULL).

#include "ns3/twin-network.h"
#include "ns3/twin-results.h"
#include "ns3/twin-store.h"

#include <benchmark/benchmark.h>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace
{

using namespace ns3;

/** A store in a fresh temporary directory, removed afterwards. */
class ScratchStore
{
public:
    ScratchStore()
    {
        std::string tmpl = (std::filesystem::temp_directory_path() / "dtwin-bench-XXXXXX").string();
        if (mkdtemp(tmpl.data()) == nullptr)
        {
            throw std::runtime_error("cannot create a temporary directory");
        }
        m_dir = tmpl;
        m_store = std::make_unique<TwinStore>(m_dir + "/bench.db");
    }

    ~ScratchStore()
    {
        m_store.reset();
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }

    ScratchStore(const ScratchStore&) = delete;
    ScratchStore& operator=(const ScratchStore&) = delete;

    /** @return the store */
    TwinStore& Get() { return *m_store; }

private:
    std::string m_dir;                  //!< the directory
    std::unique_ptr<TwinStore> m_store; //!< the store
};

/**
 * A torus grid of about `nodes` routers: four interfaces per node, one /30 per bidirectional
 * link, both link directions, a default route per node and one demand per ten nodes.
 * @param nodes number of nodes (rounded down to a square)
 * @param name network name
 * @return the network
 */
TwinNetwork
GridNetwork(uint32_t nodes, const std::string& name)
{
    auto side = static_cast<uint32_t>(std::sqrt(static_cast<double>(nodes)));
    uint32_t count = side * side;
    TwinNetwork net;
    net.name = name;
    auto nodeName = [](uint32_t i) { return "r" + std::to_string(i); };
    net.nodes.resize(count);
    for (uint32_t i = 0; i < count; ++i)
    {
        TwinNode& node = net.nodes[i];
        node.id = nodeName(i);
        node.latitudeDeg = 40.0 + 0.001 * (i / side);
        node.longitudeDeg = -3.0 + 0.001 * (i % side);
        for (const char* ifName : {"east", "west", "north", "south"})
        {
            TwinInterface iface;
            iface.name = ifName;
            iface.speedBps = 10000000000ULL;
            iface.mtuBytes = 1500;
            node.interfaces.push_back(iface);
        }
    }
    uint32_t subnet = 0;
    auto connect = [&](uint32_t a, std::size_t aIf, uint32_t b, std::size_t bIf)
    {
        uint32_t base = (10u << 24) + 4 * subnet++;
        net.nodes[a].interfaces[aIf].addresses.push_back(TwinIpv4Prefix{base + 1, 30});
        net.nodes[b].interfaces[bIf].addresses.push_back(TwinIpv4Prefix{base + 2, 30});
        for (int dir = 0; dir < 2; ++dir)
        {
            TwinLink l;
            l.sourceNode = nodeName(dir == 0 ? a : b);
            l.sourceTp = net.nodes[dir == 0 ? a : b].interfaces[dir == 0 ? aIf : bIf].name;
            l.destNode = nodeName(dir == 0 ? b : a);
            l.destTp = net.nodes[dir == 0 ? b : a].interfaces[dir == 0 ? bIf : aIf].name;
            l.id = l.sourceNode + "," + l.sourceTp + "," + l.destNode + "," + l.destTp;
            l.capacityBps = 10000000000ULL;
            l.delaySeconds = 0.0005 + 1e-7 * subnet;
            l.queuePackets = 1000;
            net.links.push_back(l);
        }
    };
    for (uint32_t i = 0; i < count; ++i)
    {
        uint32_t row = i / side;
        uint32_t col = i % side;
        connect(i, 0, row * side + (col + 1) % side, 1);   // east -> west of the right node
        connect(i, 3, ((row + 1) % side) * side + col, 2); // south -> north of the one below
    }
    for (uint32_t i = 0; i < count; ++i)
    {
        TwinRoute r;
        r.node = nodeName(i);
        r.nextHop = net.nodes[i].interfaces[0].addresses[0].address + 1;
        r.outInterface = "east";
        net.routes.push_back(r);
        if (i % 10 == 0)
        {
            TwinDemand d;
            d.id = "d" + std::to_string(i);
            d.sourceNode = nodeName(i);
            d.destNode = nodeName((i + count / 2) % count);
            d.rateBps = 1e6;
            d.startSeconds = 1.0;
            net.demands.push_back(d);
        }
    }
    return net;
}

/**
 * Results of one run: `flows` flows, one total per link and `samples` samples spread over
 * the links.
 * @param net the network
 * @param flows number of flows
 * @param samples number of link samples
 * @return the results
 */
TwinRunResults
GeneratedResults(const TwinNetwork& net, uint32_t flows, uint32_t samples)
{
    TwinRunResults results;
    results.flows.reserve(flows);
    for (uint32_t i = 0; i < flows; ++i)
    {
        TwinFlowResult f;
        f.flowId = i + 1;
        f.demandId = net.demands[i % net.demands.size()].id;
        f.sourceAddress = "10.0." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250);
        f.destAddress = "10.1." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250);
        f.protocol = 17;
        f.sourcePort = static_cast<uint16_t>(49153 + i % 10000);
        f.destPort = 9;
        f.txPackets = 10000 + i;
        f.rxPackets = 9990 + i;
        f.lostPackets = 10;
        f.txBytes = f.txPackets * 1028;
        f.rxBytes = f.rxPackets * 1028;
        f.delayMeanSeconds = 0.01 + 1e-6 * i;
        f.delayMaxSeconds = 0.05;
        f.jitterMeanSeconds = 1e-4;
        f.throughputBps = 8.2e6;
        f.firstTxSeconds = 1.0;
        f.lastRxSeconds = 10.0;
        results.flows.push_back(f);
    }
    for (const auto& l : net.links)
    {
        TwinLinkResult r;
        r.linkId = l.id;
        r.txBytes = 123456789;
        r.txPackets = 120000;
        r.meanUtilisation = 0.3;
        r.peakUtilisation = 0.9;
        results.links.push_back(r);
    }
    results.samples.reserve(samples);
    for (uint32_t i = 0; i < samples; ++i)
    {
        TwinLinkSample s;
        s.linkId = net.links[i % net.links.size()].id;
        s.timeSeconds = 0.1 * (1 + i / net.links.size());
        s.txBytes = 1000 + i;
        s.utilisation = (i % 100) / 100.0;
        s.queuePackets = i % 64;
        results.samples.push_back(s);
    }
    return results;
}

/** SaveSnapshot of a new (never seen) network of state.range(0) nodes into a growing store. */
void
BM_SaveSnapshot(benchmark::State& state)
{
    ScratchStore store;
    TwinNetwork net = GridNetwork(static_cast<uint32_t>(state.range(0)), "grid");
    uint64_t round = 0;
    for (auto _ : state)
    {
        net.name = "grid-" + std::to_string(round++); // new content: no deduplication
        bool existed = true;
        benchmark::DoNotOptimize(store.Get().SaveSnapshot(net, "grid.gml", "bench", {}, &existed));
        if (existed)
        {
            state.SkipWithError("snapshot unexpectedly deduplicated");
        }
    }
    state.counters["nodes"] = static_cast<double>(net.nodes.size());
    state.counters["links"] = static_cast<double>(net.links.size());
    state.counters["nodes_per_s"] = benchmark::Counter(
        static_cast<double>(net.nodes.size()), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_SaveSnapshot)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

/** SaveSnapshot of content already stored: hash plus one look-up. */
void
BM_SaveSnapshotExisting(benchmark::State& state)
{
    ScratchStore store;
    TwinNetwork net = GridNetwork(static_cast<uint32_t>(state.range(0)), "grid");
    store.Get().SaveSnapshot(net, "grid.gml", "bench", {}, nullptr);
    for (auto _ : state)
    {
        bool existed = false;
        benchmark::DoNotOptimize(store.Get().SaveSnapshot(net, "grid.gml", "bench", {}, &existed));
        if (!existed)
        {
            state.SkipWithError("snapshot was not deduplicated");
        }
    }
}

BENCHMARK(BM_SaveSnapshotExisting)->Arg(10000)->Unit(benchmark::kMillisecond);

/** LoadSnapshot of a state.range(0)-node network. */
void
BM_LoadSnapshot(benchmark::State& state)
{
    ScratchStore store;
    TwinNetwork net = GridNetwork(static_cast<uint32_t>(state.range(0)), "grid");
    int64_t id = store.Get().SaveSnapshot(net, "grid.gml", "bench", {}, nullptr);
    for (auto _ : state)
    {
        TwinNetwork loaded = store.Get().LoadSnapshot(id);
        benchmark::DoNotOptimize(loaded.links.data());
    }
}

BENCHMARK(BM_LoadSnapshot)->Arg(10000)->Unit(benchmark::kMillisecond);

/** SaveRun of 10,000 flows, the per-link totals and 100,000 link samples. */
void
BM_SaveRun(benchmark::State& state)
{
    ScratchStore store;
    TwinNetwork net = GridNetwork(1000, "grid");
    int64_t snapshot = store.Get().SaveSnapshot(net, "grid.gml", "bench", {}, nullptr);
    auto flows = static_cast<uint32_t>(state.range(0));
    auto samples = static_cast<uint32_t>(state.range(1));
    TwinRunResults results = GeneratedResults(net, flows, samples);
    TwinRunRecord run;
    run.snapshotId = snapshot;
    run.parametersJson = R"({"duration_s":10})";
    run.ns3Version = "3.37";
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(store.Get().SaveRun(run, results));
    }
    double rows =
        static_cast<double>(results.flows.size() + results.links.size() + results.samples.size());
    state.counters["rows"] = rows;
    state.counters["rows_per_s"] =
        benchmark::Counter(rows, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_SaveRun)->Args({10000, 100000})->Unit(benchmark::kMillisecond);

/** LoadRunResults of the run BM_SaveRun writes. */
void
BM_LoadRunResults(benchmark::State& state)
{
    ScratchStore store;
    TwinNetwork net = GridNetwork(1000, "grid");
    int64_t snapshot = store.Get().SaveSnapshot(net, "grid.gml", "bench", {}, nullptr);
    TwinRunRecord run;
    run.snapshotId = snapshot;
    int64_t id = store.Get().SaveRun(run, GeneratedResults(net, 10000, 100000));
    for (auto _ : state)
    {
        TwinRunResults loaded = store.Get().LoadRunResults(id);
        benchmark::DoNotOptimize(loaded.samples.data());
    }
}

BENCHMARK(BM_LoadRunResults)->Unit(benchmark::kMillisecond);

/** ContentHash alone, the share of SaveSnapshot spent on canonical JSON and SHA-256. */
void
BM_ContentHash(benchmark::State& state)
{
    TwinNetwork net = GridNetwork(static_cast<uint32_t>(state.range(0)), "grid");
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(TwinStore::ContentHash(net));
    }
}

BENCHMARK(BM_ContentHash)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
