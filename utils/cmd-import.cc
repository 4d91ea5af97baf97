/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin import: read a source with the registry, validate, store as an immutable snapshot.

#include "cli-common.h"
#include "cli-units.h"

#include "ns3/twin-importer.h"

#include <iostream>

namespace po = boost::program_options;

namespace ns3
{
namespace cli
{

namespace
{

/**
 * Build import options from the command line.
 * @param vm parsed values
 * @param limits the input limits (--limit)
 * @return the options
 */
TwinImportOptions
ImportOptionsFrom(const po::variables_map& vm, const TwinInputLimits& limits)
{
    TwinImportOptions options;
    options.strict = vm.count("strict") > 0;
    options.limits = limits;
    if (vm.count("default-capacity"))
    {
        auto rate = ParseRate(vm["default-capacity"].as<std::string>());
        if (!rate)
        {
            throw UsageError("--default-capacity: not a rate (e.g. 10Gbps): '" +
                             vm["default-capacity"].as<std::string>() + "'");
        }
        options.defaultCapacityBps = static_cast<uint64_t>(*rate);
    }
    if (vm.count("default-delay"))
    {
        auto delay = ParseDuration(vm["default-delay"].as<std::string>());
        if (!delay)
        {
            throw UsageError("--default-delay: not a duration (e.g. 2ms): '" +
                             vm["default-delay"].as<std::string>() + "'");
        }
        options.defaultDelaySeconds = *delay;
    }
    if (vm.count("default-queue"))
    {
        unsigned q = vm["default-queue"].as<unsigned>();
        if (q == 0)
        {
            throw UsageError("--default-queue must be at least 1 packet");
        }
        options.defaultQueuePackets = q;
    }
    if (vm.count("default-mtu"))
    {
        unsigned mtu = vm["default-mtu"].as<unsigned>();
        if (mtu < 68 || mtu > 65535)
        {
            throw UsageError("--default-mtu must be between 68 and 65535 bytes");
        }
        options.defaultMtuBytes = mtu;
    }
    return options;
}

/**
 * Run the import command.
 * @param args parsed arguments
 * @return exit code
 */
int
Import(const ParsedArgs& args)
{
    if (!args.vm.count("source"))
    {
        throw UsageError("name a file or snapshot bundle directory to import");
    }
    std::string source = args.vm["source"].as<std::string>();
    std::string format = args.vm.count("format") ? args.vm["format"].as<std::string>() : "";
    TwinImportOptions options = ImportOptionsFrom(args.vm, args.limits);

    TwinImportResult result;
    {
        Progress progress("importing " + source);
        progress.Update("reading and validating");
        result = TwinImporterRegistry::Get().Import(source, format, options);
    }
    std::size_t errors = PrintDiagnostics(result.diagnostics);
    TwinProvenance provenance;
    for (const auto& d : result.diagnostics.All())
    {
        if (d.severity != TwinDiagnostic::Severity::Error)
        {
            provenance.diagnostics.push_back(d.ToString());
        }
    }
    if (!result.Ok())
    {
        throw UsageError(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         ": nothing imported");
    }
    for (const auto& f : result.sources)
    {
        provenance.files.emplace_back(f.path, f.sha256);
    }
    auto store = OpenStore(args);
    bool existed = false;
    int64_t id;
    {
        Progress progress("storing snapshot");
        id = store->SaveSnapshot(result.network, source, result.importer, provenance, &existed);
    }
    auto info = store->FindSnapshot(std::to_string(id));
    const TwinNetwork& n = result.network;
    std::cout << (existed ? "unchanged: already stored as snapshot " : "snapshot ") << id << " ("
              << info->contentHash.substr(0, 12) << ") " << (existed ? "" : "imported ") << "from "
              << source << " [" << result.importer << "]: " << n.nodes.size() << " nodes, "
              << n.links.size() << " links, " << n.routes.size() << " routes, " << n.demands.size()
              << " demands\n";
    std::size_t warnings = result.diagnostics.Count(TwinDiagnostic::Severity::Warning);
    if (warnings > 0)
    {
        std::cout << warnings << (warnings == 1 ? " warning" : " warnings")
                  << " (stored with the snapshot: dtwin show " << id << " --provenance)\n";
    }
    return EXIT_OK;
}

} // namespace

Command
ImportCommand()
{
    Command c;
    c.name = "import";
    c.usage = "SOURCE [--format FORMAT] [--strict] [--default-capacity RATE] "
              "[--default-delay TIME] [--default-queue PACKETS] [--default-mtu BYTES]";
    c.summary = "import a snapshot bundle, RFC 8345 document, GML or SNDlib file";
    c.declare = [](po::options_description& opts, po::positional_options_description& pos)
    {
        opts.add_options()("source", po::value<std::string>(), "file or bundle directory")(
            "format", po::value<std::string>(), "yang, gml or sndlib (default: from the name)")(
            "strict", "treat unknown augments and repairable problems as errors")(
            "default-capacity", po::value<std::string>(),
            "capacity of links without one (default 1Gbps)")(
            "default-delay", po::value<std::string>(),
            "propagation delay of links without one or coordinates (default 1ms)")(
            "default-queue", po::value<unsigned>(), "queue limit in packets (default 100)")(
            "default-mtu", po::value<unsigned>(), "MTU of interfaces without one (default 1500)");
        pos.add("source", 1);
    };
    c.run = Import;
    return c;
}

} // namespace cli
} // namespace ns3
