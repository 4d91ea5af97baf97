/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Speed of the collected-traffic path before the store: reading a capture into flows (with
 * and without packet sequences), reading a NetFlow v5 export, mapping flows onto a large
 * network's nodes, and prefix-preserving anonymisation of addresses.
 */

#include "ns3/flow-export-reader.h"
#include "ns3/pcap-file.h"
#include "ns3/pcap-flow-reader.h"
#include "ns3/twin-anonymiser.h"
#include "ns3/twin-temp-dir.h"
#include "ns3/twin-traffic-mapping.h"

#include <arpa/inet.h>
#include <array>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{

using namespace ns3;

namespace fs = std::filesystem;

/** Packets of the generated capture. */
constexpr uint64_t kPackets = 1000000;
/** Flows open at a time in the generated capture: each sends 4 packets, round robin. */
constexpr uint64_t kWindow = 64;
/** Gap between two packets of the capture, in microseconds. */
constexpr uint32_t kSpacingUs = 10;
/** UDP payload bytes of every packet. */
constexpr uint16_t kPayload = 64;

/** A file written once into a private temporary directory, removed at exit. */
class GeneratedFile
{
public:
    /**
     * @param name the file's name
     * @param write writes the file at the path it is given
     */
    GeneratedFile(const std::string& name, void (*write)(const std::string&))
        : m_path(m_dir.Path() + "/" + name)
    {
        write(m_path);
    }

    /** @return the file */
    const std::string& Path() const { return m_path; }

    /** @return its size in bytes */
    uint64_t Bytes() const { return fs::file_size(m_path); }

private:
    TwinTempDir m_dir{"dtwin-bench-"}; //!< the directory
    std::string m_path;                //!< the file
};

/**
 * Write a raw-IP (link type 101) pcap file of kPackets UDP packets in about kPackets / 4 flows
 * from 10.x.y.z to 10.255.0.1, with ns-3's own pcap writer.
 * @param path the file
 */
void
WriteCapture(const std::string& path)
{
    PcapFile file;
    file.Open(path, std::ios::out);
    file.Init(101, 65535);
    std::vector<uint8_t> packet(20 + 8 + kPayload, 0);
    const uint16_t total = static_cast<uint16_t>(packet.size());
    packet[0] = 0x45; // IPv4, 20-byte header
    packet[2] = total >> 8;
    packet[3] = total & 0xff;
    packet[8] = 64; // TTL
    packet[9] = 17; // UDP
    packet[12] = 10;
    packet[16] = 10;
    packet[17] = 255;
    packet[19] = 1;
    const uint16_t udpLength = 8 + kPayload;
    packet[20] = 1000 >> 8;
    packet[21] = 1000 & 0xff;
    packet[22] = 2000 >> 8;
    packet[23] = 2000 & 0xff;
    packet[24] = udpLength >> 8;
    packet[25] = udpLength & 0xff;
    for (uint64_t p = 0; p < kPackets; ++p)
    {
        const uint64_t flow = (p / (4 * kWindow)) * kWindow + p % kWindow;
        packet[13] = static_cast<uint8_t>(flow >> 16);
        packet[14] = static_cast<uint8_t>(flow >> 8);
        packet[15] = static_cast<uint8_t>(flow);
        const uint64_t us = p * kSpacingUs;
        file.Write(static_cast<uint32_t>(1700000000 + us / 1000000),
                   static_cast<uint32_t>(us % 1000000), packet.data(), total);
    }
    file.Close();
    if (file.Fail())
    {
        throw std::runtime_error("cannot write " + path);
    }
}

/**
 * ReadPcapFlows over the generated capture; argument 1 also takes the packet sequences (the
 * sink only counts them, as the store's chunk writer is measured in bench-store).
 * @param state benchmark state
 */
void
BM_ReadCapture(benchmark::State& state)
{
    static const GeneratedFile capture("million.pcap", &WriteCapture);
    const bool withPackets = state.range(0) != 0;
    TwinTrafficReadOptions options;
    options.flowIdleTimeoutSeconds = 0.01;
    uint64_t flows = 0;
    uint64_t sequencePackets = 0;
    TwinPacketSink packetSink =
        [&sequencePackets](uint64_t, uint32_t, const std::vector<TwinPacketRecord>& packets)
    { sequencePackets += packets.size(); };
    for (auto _ : state)
    {
        flows = 0;
        sequencePackets = 0;
        TwinDiagnostics diagnostics;
        TwinTrafficReadStats stats = ReadPcapFlows(
            capture.Path(), options, [&flows](const TwinFlowRecord&) { ++flows; }, diagnostics,
            nullptr, withPackets ? &packetSink : nullptr);
        if (diagnostics.HasErrors() || stats.recordsRead != kPackets ||
            (withPackets && sequencePackets != kPackets))
        {
            state.SkipWithError("the capture did not read back whole");
            return;
        }
    }
    state.counters["flows"] = static_cast<double>(flows);
    state.counters["MB"] = static_cast<double>(capture.Bytes()) / 1e6;
    state.counters["packets/s"] = benchmark::Counter(static_cast<double>(kPackets),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_ReadCapture)
    ->ArgName("withPackets")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/** NetFlow v5 messages of the generated export, 30 records each (the format's usual maximum). */
constexpr uint32_t kV5Messages = 33334;
/** Records per NetFlow v5 message. */
constexpr uint16_t kV5RecordsPerMessage = 30;

/**
 * @param out where to write
 * @param value a 16-bit value, written big-endian
 */
void
Put16(std::vector<uint8_t>& out, uint16_t value)
{
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value));
}

/**
 * @param out where to write
 * @param value a 32-bit value, written big-endian
 */
void
Put32(std::vector<uint8_t>& out, uint32_t value)
{
    Put16(out, static_cast<uint16_t>(value >> 16));
    Put16(out, static_cast<uint16_t>(value));
}

/**
 * Write kV5Messages NetFlow v5 messages one after another (the "messages" form a collector
 * writes): header fields per the NetFlow v5 format, then the records.
 * @param path the file
 */
void
WriteNetflowV5(const std::string& path)
{
    std::vector<uint8_t> data;
    uint32_t record = 0;
    for (uint32_t m = 0; m < kV5Messages; ++m)
    {
        const uint32_t uptimeMs = 3600000 + m * 100;
        Put16(data, 5);
        Put16(data, kV5RecordsPerMessage);
        Put32(data, uptimeMs);
        Put32(data, 1700000000 + m / 10); // export time, seconds
        Put32(data, 0);                   // and nanoseconds
        Put32(data, record);              // flow sequence
        Put32(data, 0);                   // engine type and id, no sampling
        for (uint16_t r = 0; r < kV5RecordsPerMessage; ++r, ++record)
        {
            Put32(data, (10U << 24) + record);        // source address
            Put32(data, (172U << 24) + record % 997); // destination address
            Put32(data, 0);                           // next hop
            Put16(data, 1);                           // input interface
            Put16(data, 2);                           // output interface
            Put32(data, 10 + record % 90);            // packets
            Put32(data, 1000 + record % 100000);      // bytes
            Put32(data, uptimeMs - 5000);             // first packet, uptime ms
            Put32(data, uptimeMs - 100);              // last packet, uptime ms
            Put16(data, static_cast<uint16_t>(1024 + record % 60000));
            Put16(data, 443);
            Put32(data, 0x001B0600); // pad, TCP flags, protocol 6, ToS 0
            Put32(data, 0);          // source and destination AS
            Put32(data, 0);          // masks, pad
        }
    }
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    if (!out)
    {
        throw std::runtime_error("cannot write " + path);
    }
}

/**
 * ReadFlowExport over the generated NetFlow v5 file.
 * @param state benchmark state
 */
void
BM_ReadNetflowV5(benchmark::State& state)
{
    static const GeneratedFile file("flows.nf5", &WriteNetflowV5);
    const uint64_t records = uint64_t{kV5Messages} * kV5RecordsPerMessage;
    for (auto _ : state)
    {
        uint64_t flows = 0;
        TwinDiagnostics diagnostics;
        TwinTrafficReadStats stats = ReadFlowExport(
            file.Path(), "netflow5", {}, [&flows](const TwinFlowRecord&) { ++flows; }, diagnostics);
        if (diagnostics.HasErrors() || stats.recordsRead != records || flows != records)
        {
            state.SkipWithError("the export did not read back whole");
            return;
        }
    }
    state.counters["MB"] = static_cast<double>(file.Bytes()) / 1e6;
    state.counters["records/s"] = benchmark::Counter(static_cast<double>(records),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_ReadNetflowV5)->Unit(benchmark::kMillisecond)->UseRealTime();

/**
 * TwinAddressMapper::Map on a 1000-node network (each node a /32 loopback, a /30 and a /24
 * LAN), flows given as text addresses as the readers deliver them: sources in the LANs, a
 * quarter of the destinations behind a border prefix, the rest on loopbacks.
 * @param state benchmark state
 */
void
BM_MapFlows(benchmark::State& state)
{
    TwinNetwork net;
    net.name = "large";
    for (uint32_t i = 0; i < 1000; ++i)
    {
        TwinNode node{"n" + std::to_string(i), std::nullopt, std::nullopt, {}, {}};
        TwinInterface itf;
        itf.name = "all";
        itf.addresses = {TwinIpv4Prefix{0xC0000000U + i, 32},
                         TwinIpv4Prefix{0x0A000000U + i * 4 + 1, 30},
                         TwinIpv4Prefix{0xAC000001U + (i << 8), 24}};
        node.interfaces.push_back(itf);
        net.nodes.push_back(node);
    }
    TwinBorderRules rules;
    rules.defaultNode = "n0";
    TwinBorderPrefix border;
    border.prefix = *TwinAddressPrefix::Parse("198.51.0.0/16");
    border.node = "n999";
    rules.prefixes.push_back(border);
    TwinDiagnostics diagnostics;
    TwinAddressMapper mapper(net, rules, diagnostics);

    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> node(0, 999);
    std::uniform_int_distribution<uint32_t> host(2, 254);
    std::vector<TwinFlowRecord> records(100000);
    for (auto& f : records)
    {
        f.sourceAddress =
            TwinIpv4Prefix::AddressToString(0xAC000000U + (node(rng) << 8) + host(rng));
        f.destAddress = host(rng) % 4 == 0
                            ? "198.51.3.4"
                            : TwinIpv4Prefix::AddressToString(0xC0000000U + node(rng));
        f.bytes = 1000;
    }
    std::size_t next = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(mapper.Map(records[next]));
        next = (next + 1) % records.size();
    }
    const TwinMappingReport report = mapper.Report();
    if (report.unmappedSourceFlows + report.unmappedDestFlows != 0)
    {
        state.SkipWithError("some flows were not mapped");
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_MapFlows);

/** @return a fixed anonymisation key */
std::array<uint8_t, TwinAnonymiser::kKeySize>
Key()
{
    std::array<uint8_t, TwinAnonymiser::kKeySize> key;
    for (std::size_t i = 0; i < key.size(); ++i)
    {
        key[i] = static_cast<uint8_t>(i * 37 + 11);
    }
    return key;
}

/**
 * Anonymising IPv4 addresses in binary form.
 * @param state benchmark state
 */
void
BM_AnonymiseIpv4(benchmark::State& state)
{
    const TwinAnonymiser anonymiser(Key());
    std::mt19937 random(45);
    uint32_t address = random();
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(anonymiser.AnonymiseIpv4(address));
        address += 0x9E3779B9U;
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_AnonymiseIpv4);

/**
 * Anonymising IPv4 addresses as text (parse, anonymise, print), as the importers do.
 * @param state benchmark state
 */
void
BM_AnonymiseIpv4Text(benchmark::State& state)
{
    const TwinAnonymiser anonymiser(Key());
    std::mt19937 random(45);
    std::vector<std::string> texts;
    for (int i = 0; i < 10000; ++i)
    {
        const in_addr a{htonl(random())};
        char text[INET_ADDRSTRLEN];
        texts.emplace_back(inet_ntop(AF_INET, &a, text, sizeof(text)));
    }
    std::size_t next = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(anonymiser.Anonymise(texts[next]));
        next = (next + 1) % texts.size();
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_AnonymiseIpv4Text);

/**
 * Anonymising IPv6 addresses in binary form.
 * @param state benchmark state
 */
void
BM_AnonymiseIpv6(benchmark::State& state)
{
    const TwinAnonymiser anonymiser(Key());
    std::mt19937_64 random(46);
    std::array<uint8_t, 16> address;
    for (auto _ : state)
    {
        const uint64_t hi = random();
        const uint64_t lo = random();
        for (int j = 0; j < 8; ++j)
        {
            address[j] = static_cast<uint8_t>(hi >> (56 - 8 * j));
            address[8 + j] = static_cast<uint8_t>(lo >> (56 - 8 * j));
        }
        benchmark::DoNotOptimize(anonymiser.AnonymiseIpv6(address));
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_AnonymiseIpv6);

} // namespace

BENCHMARK_MAIN();
