/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin snapshots / dtwin show: list and inspect stored snapshots.

#include "cli-common.h"
#include "cli-units.h"

#include <iostream>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * @param value an optional
 * @return the value as JSON, or null
 */
template <typename T>
nlohmann::json
OrNull(const std::optional<T>& value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

/**
 * Run the snapshots command.
 * @param args parsed arguments
 * @return exit code
 */
int
Snapshots(const ParsedArgs& args)
{
    TableFormat format = FormatOption(args);
    auto store = OpenStore(args);
    Table t({"id", "hash", "name", "importer", "nodes", "links", "routes", "created", "source"});
    for (const auto& s : store->ListSnapshots())
    {
        t.AddRow({s.id, s.contentHash.substr(0, 12), s.name, s.importer, s.nodeCount, s.linkCount,
                  s.routeCount, s.createdAt, s.source});
    }
    t.Print(std::cout, format);
    return EXIT_OK;
}

/**
 * Run the show command.
 * @param args parsed arguments
 * @return exit code
 */
int
Show(const ParsedArgs& args)
{
    if (!args.vm.count("snapshot"))
    {
        throw UsageError("name a snapshot (id or hash prefix; see 'dtwin snapshots')");
    }
    TableFormat format = FormatOption(args);
    auto store = OpenStore(args);
    TwinSnapshotInfo info = RequireSnapshot(*store, args.vm["snapshot"].as<std::string>());
    TwinNetwork net = store->LoadSnapshot(info.id);

    if (args.vm.count("nodes"))
    {
        Table t({"node", "interface", "enabled", "speed_bps", "mtu_bytes", "addresses",
                 "latitude_deg", "longitude_deg"});
        for (const auto& n : net.nodes)
        {
            if (n.interfaces.empty())
            {
                t.AddRow({n.id, nullptr, nullptr, nullptr, nullptr, nullptr, OrNull(n.latitudeDeg),
                          OrNull(n.longitudeDeg)});
            }
            for (const auto& i : n.interfaces)
            {
                std::string addresses;
                for (const auto& a : i.addresses)
                {
                    addresses += (addresses.empty() ? "" : " ") + a.ToString();
                }
                t.AddRow({n.id, i.name, i.enabled, OrNull(i.speedBps), OrNull(i.mtuBytes),
                          addresses, OrNull(n.latitudeDeg), OrNull(n.longitudeDeg)});
            }
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    if (args.vm.count("links"))
    {
        Table t({"link", "source", "destination", "capacity_bps", "delay_s", "queue_packets",
                 "metric"});
        for (const auto& l : net.links)
        {
            t.AddRow({l.id, l.sourceNode + ":" + l.sourceTp, l.destNode + ":" + l.destTp,
                      l.capacityBps, l.delaySeconds, l.queuePackets, l.metric});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    if (args.vm.count("routes"))
    {
        if (net.routes.empty() && format == TableFormat::Text)
        {
            std::cout << "snapshot " << info.id << " has no configured static routes: "
                      << "'dtwin run' computes shortest paths (by link metric) instead\n";
            return EXIT_OK;
        }
        Table t({"node", "destination", "next_hop", "interface", "metric"});
        for (const auto& r : net.routes)
        {
            t.AddRow({r.node, r.destination.ToString(),
                      r.nextHop ? nlohmann::json(TwinIpv4Prefix::AddressToString(*r.nextHop))
                                : nlohmann::json(),
                      r.outInterface.empty() ? nlohmann::json() : nlohmann::json(r.outInterface),
                      r.metric});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    if (args.vm.count("demands"))
    {
        Table t({"demand", "source", "destination", "protocol", "rate_bps", "bytes", "start_s",
                 "stop_s", "packet_bytes"});
        for (const auto& d : net.demands)
        {
            bool udp = d.protocol == TwinProtocol::Udp;
            t.AddRow({d.id, d.sourceNode, d.destNode, udp ? "udp" : "tcp",
                      udp ? nlohmann::json(d.rateBps) : nlohmann::json(),
                      udp ? nlohmann::json() : nlohmann::json(d.bytes), d.startSeconds,
                      OrNull(d.stopSeconds), d.packetBytes});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    TwinProvenance prov = store->LoadProvenance(info.id);
    if (args.vm.count("provenance"))
    {
        Table t({"kind", "value", "detail"});
        for (const auto& [path, hash] : prov.files)
        {
            t.AddRow({"file", path, hash});
        }
        for (const auto& d : prov.diagnostics)
        {
            t.AddRow({"diagnostic", d, nullptr});
        }
        t.Print(std::cout, format);
        return EXIT_OK;
    }
    double capacity = 0;
    for (const auto& l : net.links)
    {
        capacity += static_cast<double>(l.capacityBps);
    }
    bool configured = !net.routes.empty();
    Summary t("property");
    t.Add("id", info.id, "id");
    t.Add("content_hash", info.contentHash, "content_hash");
    t.Add("name", info.name, "name");
    t.Add("source", info.source, "source");
    t.Add("importer", info.importer, "importer");
    t.Add("created", info.createdAt, "created");
    t.Add("nodes", net.nodes.size(), "nodes");
    t.Add("links", net.links.size(), "links (directed)");
    t.Add("total_capacity_bps", capacity, "total capacity", FormatRate(capacity));
    t.Add("static_routes", net.routes.size(), "static routes");
    t.Add("routing", configured ? "configured" : "shortest-path", "routing",
          configured ? "configured static" : "computed shortest paths");
    t.Add("default_demands", net.demands.size(), "default demands");
    t.Add("source_files", prov.files.size(), "source files");
    t.Add("import_diagnostics", prov.diagnostics.size(), "import warnings/notes");
    t.Print(std::cout, format);
    return EXIT_OK;
}

} // namespace

Command
SnapshotsCommand()
{
    Command c;
    c.name = "snapshots";
    c.usage = "[--format table|csv|json]";
    c.summary = "list stored snapshots (id, content hash, source, nodes, links, time)";
    c.declare = [](po::options_description& opts, po::positional_options_description&)
    { opts.add_options()("format", po::value<std::string>(), "table (default), csv or json"); };
    c.run = Snapshots;
    return c;
}

Command
ShowCommand()
{
    Command c;
    c.name = "show";
    c.usage = "SNAPSHOT [--nodes|--links|--routes|--demands|--provenance] [--format FORMAT]";
    c.summary = "show a snapshot: summary, or its nodes, links, routes, demands or provenance";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("snapshot", po::value<std::string>(), "snapshot id or hash prefix")(
            "nodes", "nodes and their interfaces")("links", "directed links")(
            "routes", "configured static routes")("demands", "default traffic demands")(
            "provenance", "source files and import diagnostics")("format", po::value<std::string>(),
                                                                 "table (default), csv or json");
        pos.add("snapshot", 1);
    };
    c.run = Show;
    return c;
}

} // namespace cli
} // namespace ns3
