/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Twin store throughput: importing generated networks and writing back run results.
// The store file lives under $TMPDIR (default /tmp); put it on the disk you care about,
// since every commit is an fsync (WAL, synchronous=FULL).

#include "ns3/sqlite-database.h"
#include "ns3/twin-network.h"
#include "ns3/twin-results.h"
#include "ns3/twin-store.h"
#include "ns3/twin-temp-dir.h"
#include "ns3/twin-traffic.h"

#include <benchmark/benchmark.h>
#include <cmath>
#include <string>
#include <vector>

namespace
{

using namespace ns3;

/** A store in a fresh temporary directory, removed afterwards. */
class ScratchStore
{
public:
    /** @return the store */
    TwinStore& Get() { return m_store; }

    /** @return the store file */
    std::string Path() const { return m_dir.Path() + "/bench.db"; }

private:
    TwinTempDir m_dir{"dtwin-bench-"}; //!< the directory, removed after the store is closed
    TwinStore m_store{Path()};         //!< the store
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

/** Flows of a generated traffic set sending packets at a time, round robin, 10 us apart. */
constexpr uint32_t kOpenFlows = 40;

/**
 * Flow i of a generated capture: UDP from 10.1.x.y to 10.0.255.8:443 between grid routers.
 * Packet k of flow i is the capture's packet p = (i / 40) * 40 * n + k * 40 + i % 40, sent at
 * 1000 s + p * 10 us with (p * 37) % 1400 + 28 IP bytes.
 * @param i the flow index
 * @param n packets per flow
 * @param packets if not null, receives the flow's packets
 * @return the flow
 */
TwinMappedFlow
TrafficFlow(uint32_t i, uint32_t n, std::vector<TwinPacketRecord>* packets)
{
    TwinMappedFlow m;
    TwinFlowRecord& f = m.flow;
    f.ipVersion = 4;
    f.sourceAddress = "10.1." + std::to_string(i / 250 % 256) + "." + std::to_string(i % 250 + 1);
    f.destAddress = "10.0.255.8";
    f.protocol = 17;
    f.sourcePort = static_cast<uint16_t>(1024 + i % 60000);
    f.destPort = 443;
    const uint64_t first = (i / kOpenFlows) * kOpenFlows * n + i % kOpenFlows;
    f.packets = n;
    f.bytes = 0;
    if (packets != nullptr)
    {
        packets->clear();
    }
    for (uint32_t k = 0; k < n; ++k)
    {
        const uint64_t p = first + static_cast<uint64_t>(k) * kOpenFlows;
        const TwinPacketRecord packet{1000000000000LL + static_cast<int64_t>(p) * 10000,
                                      static_cast<uint32_t>((p * 37) % 1400 + 28)};
        f.bytes += packet.bytes;
        if (packets != nullptr)
        {
            packets->push_back(packet);
        }
    }
    f.startSeconds = 1000.0 + static_cast<double>(first) * 1e-5;
    f.endSeconds = f.startSeconds + (n - 1) * kOpenFlows * 1e-5;
    f.source.file = "million.pcap";
    f.source.line = first + 1;
    m.sourceNode = "r" + std::to_string(i % 100);
    m.destNode = "r" + std::to_string(99 - i % 100);
    m.sourceRule = "snapshot";
    m.destRule = "snapshot";
    return m;
}

/** @param snapshot the snapshot the set belongs to @return a traffic set's description */
TwinTrafficSetInfo
TrafficSetInfo(int64_t snapshot)
{
    TwinTrafficSetInfo info;
    info.snapshotId = snapshot;
    info.sourcePath = "million.pcap";
    info.format = "pcap";
    info.contentSha256 = std::string(64, '0');
    info.optionsJson = "{}";
    return info;
}

/**
 * Write one traffic set of `flows` flows (with their packet sequences if `withPackets`).
 * @param store the store
 * @param snapshot its snapshot
 * @param flows the number of flows
 * @param n packets per flow
 * @param withPackets also store every flow's packets (one chunk each)
 * @return the set id
 */
int64_t
WriteTrafficSet(TwinStore& store, int64_t snapshot, uint32_t flows, uint32_t n, bool withPackets)
{
    auto writer = store.BeginTrafficSet(TrafficSetInfo(snapshot));
    TwinTrafficReadStats stats;
    std::vector<TwinPacketRecord> packets;
    for (uint32_t i = 0; i < flows; ++i)
    {
        TwinMappedFlow f = TrafficFlow(i, n, withPackets ? &packets : nullptr);
        if (withPackets)
        {
            writer->AddPackets(f.flow.source.line, 0, packets);
        }
        writer->Add(f);
        stats.recordsRead += f.flow.packets;
        stats.bytes += f.flow.bytes;
        ++stats.flows;
    }
    return writer->Commit(stats);
}

/**
 * A traffic set written through TwinTrafficWriter: state.range(0) flows of state.range(1)
 * packets, and with state.range(2) their packet sequences too. With packets it also reports what
 * the sequences cost in the file: the traffic_packets table's pages (SQLite's dbstat) and the
 * chunks' data, per packet.
 */
void
BM_WriteTrafficSet(benchmark::State& state)
{
    ScratchStore store;
    int64_t snapshot =
        store.Get().SaveSnapshot(GridNetwork(100, "grid"), "grid.gml", "bench", {}, nullptr);
    const auto flows = static_cast<uint32_t>(state.range(0));
    const auto n = static_cast<uint32_t>(state.range(1));
    const bool withPackets = state.range(2) != 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(WriteTrafficSet(store.Get(), snapshot, flows, n, withPackets));
    }
    state.counters["flows_per_s"] =
        benchmark::Counter(flows, benchmark::Counter::kIsIterationInvariantRate);
    if (withPackets)
    {
        SqliteDatabase db(store.Path());
        const double packets = static_cast<double>(state.iterations()) * flows * n;
        state.counters["table_bytes_per_packet"] =
            db.QueryInt64("SELECT sum(pgsize) FROM dbstat WHERE name = 'traffic_packets'",
                          "traffic_packets pages") /
            packets;
        state.counters["data_bytes_per_packet"] =
            db.QueryInt64("SELECT sum(length(data)) FROM traffic_packets", "chunk data") / packets;
    }
}

BENCHMARK(BM_WriteTrafficSet)
    ->ArgNames({"flows", "packets", "withPackets"})
    ->Args({200000, 50, 0})
    ->Args({20000, 50, 1})
    ->Args({250000, 4, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/** ForEachTrafficFlow streaming back a set of 200,000 flows. */
void
BM_ReadTrafficSet(benchmark::State& state)
{
    ScratchStore store;
    int64_t snapshot =
        store.Get().SaveSnapshot(GridNetwork(100, "grid"), "grid.gml", "bench", {}, nullptr);
    const uint32_t flows = 200000;
    const int64_t set = WriteTrafficSet(store.Get(), snapshot, flows, 50, false);
    for (auto _ : state)
    {
        uint64_t count = 0;
        store.Get().ForEachTrafficFlow(set, [&count](const TwinMappedFlow&) { ++count; });
        if (count != flows)
        {
            state.SkipWithError("the set did not stream back whole");
        }
    }
    state.counters["flows_per_s"] =
        benchmark::Counter(flows, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_ReadTrafficSet)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
