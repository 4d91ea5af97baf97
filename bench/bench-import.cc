/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Import speed of the YANG snapshot-bundle reader: the bundled Abilene sample and a generated
 * bundle of 1000 routers (a ring plus chords, NMDA JSON devices with addresses and static
 * routes, one demand per node), each with and without the common validation.
 */

#include "ns3/twin-importer.h"
#include "ns3/twin-temp-dir.h"
#include "ns3/yang-bundle-importer.h"
#include "ns3/yang-context.h"

#include <benchmark/benchmark.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace
{

namespace fs = std::filesystem;

/** Nodes of the generated bundle. */
constexpr int kNodes = 1000;
/** Every fifth node gets a chord to the node this far along the ring. */
constexpr int kChordSpan = 37;

/**
 * @param n a host-order address
 * @return dotted quad
 */
std::string
Ip(uint32_t n)
{
    return std::to_string(n >> 24) + "." + std::to_string((n >> 16) & 255) + "." +
           std::to_string((n >> 8) & 255) + "." + std::to_string(n & 255);
}

/**
 * @param i node index
 * @return its node-id
 */
std::string
NodeId(int i)
{
    return "r" + std::to_string(i);
}

/** A generated bundle in a temporary directory, removed at exit. */
class GeneratedBundle
{
public:
    GeneratedBundle() { Write(); }

    /** @return the bundle directory */
    const std::string& Path() const { return m_dir.Path(); }

private:
    /** One end of a link. */
    struct End
    {
        std::string tp;       //!< interface name
        uint32_t address;     //!< its address (/30)
        int peer;             //!< the other node
        uint32_t peerAddress; //!< the other end's address
    };

    /** Write topology, devices and demands. */
    void Write()
    {
        std::vector<std::pair<int, int>> edges;
        for (int i = 0; i < kNodes; ++i)
        {
            edges.emplace_back(i, (i + 1) % kNodes);
            if (i % 5 == 0)
            {
                edges.emplace_back(i, (i + kChordSpan) % kNodes);
            }
        }
        std::vector<std::vector<End>> ends(kNodes);
        for (std::size_t k = 0; k < edges.size(); ++k)
        {
            auto [a, b] = edges[k];
            uint32_t base = (10u << 24) + 4 * static_cast<uint32_t>(k);
            ends[a].push_back({"ge-0/0/" + std::to_string(ends[a].size()), base + 1, b, base + 2});
            ends[b].push_back({"ge-0/0/" + std::to_string(ends[b].size()), base + 2, a, base + 1});
        }

        std::ostringstream topo;
        topo << "{\n \"ietf-network:networks\": {\"network\": [{\n  \"network-id\": \"gen\",\n"
             << "  \"node\": [\n";
        for (int i = 0; i < kNodes; ++i)
        {
            topo << (i ? ",\n" : "") << "   {\"node-id\": \"" << NodeId(i)
                 << "\", \"ietf-network-topology:termination-point\": [{\"tp-id\": \"lo0\"}";
            for (const auto& e : ends[i])
            {
                topo << ", {\"tp-id\": \"" << e.tp << "\"}";
            }
            topo << "]}";
        }
        topo << "\n  ],\n  \"ietf-network-topology:link\": [\n";
        bool first = true;
        for (int i = 0; i < kNodes; ++i)
        {
            for (const auto& e : ends[i])
            {
                const End* back = nullptr;
                for (const auto& f : ends[e.peer])
                {
                    if (f.peer == i && f.address == e.peerAddress)
                    {
                        back = &f;
                    }
                }
                topo << (first ? "" : ",\n") << "   {\"link-id\": \"" << NodeId(i) << "," << e.tp
                     << "," << NodeId(e.peer) << "," << back->tp
                     << "\", \"source\": {\"source-node\": \"" << NodeId(i)
                     << "\", \"source-tp\": \"" << e.tp << "\"}, \"destination\": "
                     << "{\"dest-node\": \"" << NodeId(e.peer) << "\", \"dest-tp\": \"" << back->tp
                     << "\"}, \"ns3-digital-twin-topology:link-attributes\": "
                     << "{\"delay\": \"1.5\", \"metric\": 10}}";
                first = false;
            }
        }
        topo << "\n  ]\n }]}\n}\n";
        Save("topology.json", topo.str());

        for (int i = 0; i < kNodes; ++i)
        {
            std::ostringstream dev;
            uint32_t loopback = (11u << 24) + static_cast<uint32_t>(i) + 1;
            dev << "{\n \"ietf-interfaces:interfaces\": {\"interface\": [\n"
                << "  {\"name\": \"lo0\", \"type\": \"iana-if-type:softwareLoopback\", "
                << "\"enabled\": true, \"oper-status\": \"up\", \"ietf-ip:ipv4\": "
                << "{\"address\": [{\"ip\": \"" << Ip(loopback) << "\", \"prefix-length\": 32}]}}";
            for (const auto& e : ends[i])
            {
                dev << ",\n  {\"name\": \"" << e.tp
                    << "\", \"type\": \"iana-if-type:ethernetCsmacd\", \"enabled\": true, "
                    << "\"oper-status\": \"up\", \"speed\": \"10000000000\", \"ietf-ip:ipv4\": "
                    << "{\"mtu\": 1500, \"address\": [{\"ip\": \"" << Ip(e.address)
                    << "\", \"prefix-length\": 30}]}}";
            }
            dev << "\n ]},\n \"ietf-routing:routing\": {\"control-plane-protocols\": "
                << "{\"control-plane-protocol\": [{\"type\": \"ietf-routing:static\", "
                << "\"name\": \"static\", \"static-routes\": "
                << "{\"ietf-ipv4-unicast-routing:ipv4\": {\"route\": [\n";
            // The neighbours' loopbacks, and everything else around the ring.
            for (std::size_t k = 0; k < ends[i].size(); ++k)
            {
                const auto& e = ends[i][k];
                dev << "  {\"destination-prefix\": \""
                    << Ip((11u << 24) + static_cast<uint32_t>(e.peer) + 1)
                    << "/32\", \"next-hop\": {\"outgoing-interface\": \"" << e.tp
                    << "\", \"next-hop-address\": \"" << Ip(e.peerAddress) << "\"}},\n";
            }
            dev << "  {\"destination-prefix\": \"0.0.0.0/0\", \"next-hop\": "
                << "{\"next-hop-address\": \"" << Ip(ends[i][0].peerAddress) << "\"}}\n"
                << " ]}}}]}}\n}\n";
            Save("devices/" + NodeId(i) + ".json", dev.str());
        }

        std::ostringstream demands;
        demands << "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,packet_bytes\n";
        for (int i = 0; i < kNodes; ++i)
        {
            demands << "d" << i << "," << NodeId(i) << "," << NodeId((i + kNodes / 2) % kNodes)
                    << ",udp,1000000,,1.0,,1000\n";
        }
        Save("demands.csv", demands.str());
    }

    /**
     * @param name file below the bundle
     * @param text content
     */
    void Save(const std::string& name, const std::string& text) const
    {
        fs::path p = fs::path(m_dir.Path()) / name;
        fs::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary);
        out << text;
    }

    ns3::TwinTempDir m_dir{"dtwin-bench-"}; //!< the bundle
};

/** @return the generated bundle, written on first use */
const GeneratedBundle&
Generated()
{
    static GeneratedBundle bundle;
    return bundle;
}

/** @return the bundled Abilene sample */
std::string
Abilene()
{
    return std::string(DTWIN_SOURCE_DIR) + "/examples/data/abilene";
}

/**
 * Import a bundle repeatedly.
 * @param state benchmark state
 * @param path the bundle
 * @param validate go through the registry (with TwinValidator) instead of the reader alone
 */
void
RunImport(benchmark::State& state, const std::string& path, bool validate)
{
    ns3::YangBundleImporter importer;
    ns3::TwinImportOptions options;
    std::size_t links = 0;
    for (auto _ : state)
    {
        ns3::TwinImportResult result =
            validate ? ns3::TwinImporterRegistry::Get().Import(path, "yang", options)
                     : importer.Import(path, options);
        if (!result.Ok())
        {
            state.SkipWithError("import failed");
            break;
        }
        links = result.network.links.size();
        benchmark::DoNotOptimize(result);
    }
    state.counters["links"] = static_cast<double>(links);
}

void
BM_YangContextCreate(benchmark::State& state)
{
    auto dirs = ns3::YangContext::SearchPath();
    for (auto _ : state)
    {
        ns3::YangContext context(dirs);
        benchmark::DoNotOptimize(context.Get());
    }
}

void
BM_ImportAbilene(benchmark::State& state)
{
    RunImport(state, Abilene(), false);
}

void
BM_ImportAbileneValidated(benchmark::State& state)
{
    RunImport(state, Abilene(), true);
}

void
BM_Import1000Nodes(benchmark::State& state)
{
    RunImport(state, Generated().Path(), false);
}

void
BM_Import1000NodesValidated(benchmark::State& state)
{
    RunImport(state, Generated().Path(), true);
}

BENCHMARK(BM_YangContextCreate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportAbilene)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportAbileneValidated)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import1000Nodes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import1000NodesValidated)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
