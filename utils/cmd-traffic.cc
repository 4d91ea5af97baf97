/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin import-traffic FILE --snapshot N [--packets]: read a capture or a flow export, map its
// flows onto a snapshot's nodes and store them (and a capture's packet sequences) as one traffic
// set; dtwin traffic: list or show the sets.

#include "cli-common.h"
#include "cli-units.h"

#include "ns3/flow-export-reader.h"
#include "ns3/pcap-flow-reader.h"
#include "ns3/twin-anonymiser.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-traffic-mapping.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * @param path a file
 * @return true if it starts like a pcap or pcapng file
 */
bool
LooksLikeCapture(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    unsigned char magic[4] = {0, 0, 0, 0};
    in.read(reinterpret_cast<char*>(magic), 4);
    if (in.gcount() != 4)
    {
        return false;
    }
    uint32_t le = magic[0] | magic[1] << 8 | magic[2] << 16 | static_cast<uint32_t>(magic[3]) << 24;
    uint32_t be = magic[3] | magic[2] << 8 | magic[1] << 16 | static_cast<uint32_t>(magic[0]) << 24;
    for (uint32_t m : {0xa1b2c3d4U, 0xa1b23c4dU, 0x0a0d0d0aU})
    {
        if (le == m || be == m)
        {
            return true;
        }
    }
    return false;
}

/**
 * Border rules from the command line.
 * @param args parsed arguments
 * @param network the snapshot
 * @return the rules
 */
TwinBorderRules
BorderRulesFrom(const ParsedArgs& args, const TwinNetwork& network)
{
    TwinBorderRules rules;
    if (args.vm.count("border-prefixes"))
    {
        TwinDiagnostics diagnostics;
        std::string file = args.vm["border-prefixes"].as<std::string>();
        rules = ReadTwinBorderPrefixFile(file, network, diagnostics);
        if (PrintDiagnostics(diagnostics) > 0 && diagnostics.HasErrors())
        {
            throw UsageError("border prefix file " + file + " has errors: nothing imported");
        }
    }
    if (args.vm.count("ingress"))
    {
        for (const auto& rule : args.vm["ingress"].as<std::vector<std::string>>())
        {
            auto eq = rule.find('=');
            unsigned long index = 0;
            bool ok = eq != std::string::npos && eq > 0 && eq + 1 < rule.size();
            if (ok)
            {
                char* end = nullptr;
                index = std::strtoul(rule.c_str(), &end, 10);
                ok = end == rule.c_str() + eq && index > 0 && index <= 0xffffffffUL;
            }
            if (!ok)
            {
                throw UsageError("--ingress " + rule +
                                 ": expected IFINDEX=NODE, e.g. 3=NYCMng (index > 0)");
            }
            rules.ingressInterfaces[static_cast<uint32_t>(index)] = rule.substr(eq + 1);
        }
    }
    if (args.vm.count("default-node"))
    {
        rules.defaultNode = args.vm["default-node"].as<std::string>();
    }
    return rules;
}

/**
 * Run the import-traffic command.
 * @param args parsed arguments
 * @return exit code
 */
int
ImportTraffic(const ParsedArgs& args)
{
    if (!args.vm.count("source"))
    {
        throw UsageError("name a capture (pcap, pcapng) or flow export file to import");
    }
    if (!args.vm.count("snapshot"))
    {
        throw UsageError("--snapshot is required: the snapshot whose nodes the flows map onto");
    }
    const std::string source = args.vm["source"].as<std::string>();
    std::string format = args.vm.count("format") ? args.vm["format"].as<std::string>() : "";
    // An empty file would become an empty traffic set, and a capture whose magic number is
    // wrong would be read as a flow export: both are the user's mistake, said plainly.
    std::error_code ec;
    std::string extension = std::filesystem::path(source).extension().string();
    TwinDiagnostics refused;
    if (std::filesystem::is_regular_file(source, ec) && std::filesystem::file_size(source, ec) == 0)
    {
        refused.Error({source, 0, ""}, "the file is empty");
    }
    else if (format.empty())
    {
        format = LooksLikeCapture(source) ? "capture" : "export";
        if (format == "export" &&
            (extension == ".pcap" || extension == ".pcapng" || extension == ".cap"))
        {
            refused.Error({source, 0, ""},
                          "not a pcap or pcapng capture: its first 4 bytes are no capture magic "
                          "number (use --format to read it as a flow export)");
        }
    }
    if (refused.HasErrors())
    {
        PrintDiagnostics(refused);
        throw UsageError("1 error: nothing imported");
    }
    const bool capture = format == "capture";
    static const std::vector<std::string> exportFormats = {"export", "export-pcap", "netflow5",
                                                           "netflow9", "ipfix"};
    if (!capture &&
        std::find(exportFormats.begin(), exportFormats.end(), format) == exportFormats.end())
    {
        throw UsageError("--format must be capture, export, export-pcap, netflow5, netflow9 or "
                         "ipfix");
    }
    const bool packets = args.vm.count("packets") > 0;
    if (packets && !capture)
    {
        throw UsageError("--packets stores the packet sequences of a capture (pcap, pcapng); "
                         "a flow export (format " +
                         format + ") holds flow records, not packets");
    }
    TwinTrafficReadOptions options;
    options.skipBadRecords = args.vm.count("skip-bad") > 0;
    options.maxOpenFlows = args.limits.maxOpenFlows;
    options.maxTemplateFields = args.limits.maxTemplateFields;
    for (const char* name : {"idle-timeout", "active-timeout"})
    {
        if (args.vm.count(name))
        {
            auto t = ParseDuration(args.vm[name].as<std::string>());
            if (!t || !(*t > 0))
            {
                throw UsageError(std::string("--") + name + ": not a positive duration");
            }
            (std::string(name) == "idle-timeout" ? options.flowIdleTimeoutSeconds
                                                 : options.flowActiveTimeoutSeconds) = *t;
        }
    }

    auto store = OpenStore(args);
    TwinSnapshotInfo snapshot = RequireSnapshot(*store, args.vm["snapshot"].as<std::string>());
    TwinNetwork network = store->LoadSnapshot(snapshot.id);
    TwinBorderRules rules = BorderRulesFrom(args, network);
    TwinDiagnostics mapperDiagnostics;
    std::unique_ptr<TwinAddressMapper> mapper;
    try
    {
        mapper = std::make_unique<TwinAddressMapper>(network, rules, mapperDiagnostics);
    }
    catch (const std::invalid_argument& e)
    {
        PrintDiagnostics(mapperDiagnostics);
        throw UsageError(e.what());
    }
    PrintDiagnostics(mapperDiagnostics);

    uint64_t fileBytes = 0;
    TwinTrafficSetInfo info;
    info.snapshotId = snapshot.id;
    info.sourcePath = source;
    info.format = format;
    try
    {
        info.contentSha256 = Sha256OfFile(source, &fileBytes);
    }
    catch (const std::exception& e)
    {
        throw UsageError("cannot read " + source + ": " + e.what());
    }
    if (info.contentSha256.empty())
    {
        throw UsageError("cannot read " + source);
    }
    nlohmann::json optionsJson = {{"skip_bad", options.skipBadRecords},
                                  {"idle_timeout_s", options.flowIdleTimeoutSeconds},
                                  {"active_timeout_s", options.flowActiveTimeoutSeconds},
                                  {"default_node", rules.defaultNode},
                                  {"border_prefixes", rules.prefixes.size()},
                                  {"ingress_rules", rules.ingressInterfaces.size()},
                                  {"packets", packets}};
    info.optionsJson = optionsJson.dump();

    std::optional<TwinAnonymiser> anonymiser;
    if (args.vm.count("anonymise-key"))
    {
        try
        {
            anonymiser.emplace(
                TwinAnonymiser::FromKeyFile(args.vm["anonymise-key"].as<std::string>()));
        }
        catch (const TwinAnonymiserError& e)
        {
            throw UsageError(e.what());
        }
        info.anonymised = true;
    }

    // One transaction: the set appears whole or not at all, and flows stream into it. Nodes
    // are found from the real addresses (the snapshot holds real ones); anonymisation comes
    // after, before anything is stored.
    std::unique_ptr<TwinTrafficWriter> writer = store->BeginTrafficSet(info);
    TwinFlowSink sink = [&](const TwinFlowRecord& flow)
    {
        TwinMappedFlow mapped = mapper->Map(flow);
        if (anonymiser)
        {
            anonymiser->Apply(mapped.flow);
        }
        writer->Add(mapped);
    };
    uint64_t packetsStored = 0;
    TwinPacketSink packetSink =
        [&](uint64_t firstPacket, uint32_t chunk, const std::vector<TwinPacketRecord>& chunkPackets)
    {
        writer->AddPackets(firstPacket, chunk, chunkPackets);
        packetsStored += chunkPackets.size();
    };
    TwinDiagnostics diagnostics;
    TwinTrafficReadStats stats;
    {
        Progress progress("importing " + source);
        progress.Update("reading " + FormatBytes(static_cast<double>(fileBytes)));
        if (capture)
        {
            stats = ReadPcapFlows(source, options, sink, diagnostics, nullptr,
                                  packets ? &packetSink : nullptr);
        }
        else
        {
            std::string readerFormat = format == "export"        ? ""
                                       : format == "export-pcap" ? "pcap"
                                                                 : format;
            stats = ReadFlowExport(source, readerFormat, options, sink, diagnostics);
        }
    }
    std::size_t errors = PrintDiagnostics(diagnostics);
    if (diagnostics.HasErrors())
    {
        throw UsageError(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         ": nothing imported");
    }
    int64_t setId = writer->Commit(stats);
    writer.reset();

    std::cout << "traffic set " << setId << " from " << source << " [" << format << "] on snapshot "
              << snapshot.id << ": " << stats.flows << " flows, "
              << FormatBytes(static_cast<double>(stats.bytes)) << ", " << stats.recordsRead
              << (capture ? " packets" : " records") << " read";
    if (stats.recordsSkipped > 0)
    {
        std::cout << ", " << stats.recordsSkipped << " bad ones skipped";
    }
    if (packets)
    {
        std::cout << ", " << packetsStored << " packets stored in packet sequences";
    }
    std::cout << "\n";
    for (const auto& line : RenderTwinMappingReport(mapper->Report()))
    {
        std::cout << line << "\n";
    }
    return EXIT_OK;
}

/**
 * Run the traffic command.
 * @param args parsed arguments
 * @return exit code
 */
int
Traffic(const ParsedArgs& args)
{
    TableFormat format = FormatOption(args);
    auto store = OpenStore(args);
    if (!args.vm.count("set"))
    {
        Table t({"set", "snapshot", "format", "flows", "bytes", "records_read", "records_skipped",
                 "anonymised", "packet_sequences", "created", "source"});
        for (const auto& s : store->ListTrafficSets())
        {
            t.AddRow({s.id, s.snapshotId, s.format, s.flows, s.bytes, s.recordsRead,
                      s.recordsSkipped, s.anonymised, s.packetSequences, s.createdAt,
                      s.sourcePath});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    int64_t id = args.vm["set"].as<int64_t>();
    auto set = store->FindTrafficSet(id);
    if (!set)
    {
        throw UsageError("no traffic set " + std::to_string(id) + " in " + store->GetPath() +
                         " (see 'dtwin traffic')");
    }
    // With packet sequences each flow shows how many packets its stored sequence holds (read,
    // hence checked, one flow at a time); without, that column is empty.
    Table t({"source", "source_port", "destination", "destination_port", "protocol", "start_s",
             "end_s", "bytes", "packets", "tcp_flags", "source_node", "destination_node",
             "source_rule", "destination_rule", "sequence_packets"});
    uint64_t sequencePackets = 0;
    store->ForEachTrafficFlow(
        id,
        [&](const TwinMappedFlow& m)
        {
            const TwinFlowRecord& f = m.flow;
            nlohmann::json inSequence = nullptr;
            if (set->packetSequences)
            {
                inSequence = m.packets.size();
                sequencePackets += m.packets.size();
            }
            t.AddRow({f.sourceAddress, f.sourcePort, f.destAddress, f.destPort, f.protocol,
                      f.startSeconds, f.endSeconds, f.bytes, f.packets, f.tcpFlags, m.sourceNode,
                      m.destNode, m.sourceRule, m.destRule, inSequence});
        },
        set->packetSequences);
    // People read the note above the table; programs get clean csv/json on stdout.
    std::ostream& note = format == TableFormat::Text ? std::cout : std::cerr;
    note << "traffic set " << id << " [" << set->format << "] from " << set->sourcePath << ": "
         << set->flows << " flows, ";
    if (set->packetSequences)
    {
        note << "packet sequences stored (" << sequencePackets << " packets)\n";
    }
    else
    {
        note << "no packet sequences"
             << (set->format == "capture" ? " (import with --packets to store them)" : "") << "\n";
    }
    t.Print(std::cout, format);
    return EXIT_OK;
}

} // namespace

Command
ImportTrafficCommand()
{
    Command c;
    c.name = "import-traffic";
    c.usage = "FILE --snapshot SNAPSHOT [--format FORMAT] [--skip-bad] [--border-prefixes FILE] "
              "[--ingress IFINDEX=NODE]... [--default-node NODE] [--idle-timeout TIME] "
              "[--active-timeout TIME] [--anonymise-key FILE] [--packets]";
    c.summary = "import a capture or flow export, mapped onto a snapshot's nodes";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("source", po::value<std::string>(), "capture or flow export file")(
            "snapshot", po::value<std::string>(), "snapshot the flows map onto (required)")(
            "format", po::value<std::string>(),
            "capture (pcap/pcapng packets), export (NetFlow/IPFIX messages), export-pcap (a "
            "capture of the export stream), netflow5, netflow9 or ipfix (default: from the "
            "file's first bytes)")("skip-bad", "count and skip bad packets or records")(
            "border-prefixes", po::value<std::string>(),
            "CSV of prefix,node for addresses outside the network")(
            "ingress", po::value<std::vector<std::string>>(),
            "IFINDEX=NODE: flows entering at this exporter interface come from NODE")(
            "default-node", po::value<std::string>(), "border node for everything else")(
            "idle-timeout", po::value<std::string>(), "captures: flow idle timeout (60s)")(
            "active-timeout", po::value<std::string>(), "captures: flow active timeout (300s)")(
            "anonymise-key", po::value<std::string>(),
            "anonymise addresses prefix-preservingly with this 32-byte key file before storing")(
            "packets", "captures: also store every flow's packet sequence (capture times and IP "
                       "sizes) for packet-by-packet replay");
        pos.add("source", 1);
    };
    c.run = ImportTraffic;
    return c;
}

Command
TrafficCommand()
{
    Command c;
    c.name = "traffic";
    c.usage = "[SET] [--format table|csv|json]";
    c.summary = "list imported traffic sets, or show one set's flows";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("set", po::value<int64_t>(), "traffic set id")(
            "format", po::value<std::string>(), "table (default), csv or json");
        pos.add("set", 1);
    };
    c.run = Traffic;
    return c;
}

} // namespace cli
} // namespace ns3
