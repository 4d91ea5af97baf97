/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The smallest complete use of the twin: import the bundled Abilene snapshot into a store,
// build it in ns-3, run its default traffic, store the results and print a summary.
//
//   ./twin-minimal --db=twin.db [--source=examples/data/abilene] [--duration=2]
//
// The Abilene demands (about 6.4 Gbit/s of 8000-byte datagrams, starting at 0.1 s) cost a few
// seconds of wall time per simulated second on a small machine.

#include "ns3/command-line.h"
#include "ns3/digital-twin-helper.h"
#include "ns3/simulator.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-store.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

using namespace ns3;

namespace
{

/**
 * Import a source into the store (or find the identical snapshot already there).
 * @param store the store
 * @param source path of the snapshot
 * @return the snapshot id, or -1 if the import failed
 */
int64_t
ImportSnapshot(TwinStore& store, const std::string& source)
{
    TwinImportResult imported = TwinImporterRegistry::Get().Import(source, "", {});
    TwinProvenance provenance;
    for (const auto& d : imported.diagnostics.All())
    {
        if (d.severity != TwinDiagnostic::Severity::Note)
        {
            std::cerr << d.ToString() << "\n";
        }
        if (d.severity != TwinDiagnostic::Severity::Error)
        {
            provenance.diagnostics.push_back(d.ToString());
        }
    }
    if (!imported.Ok())
    {
        return -1;
    }
    for (const auto& file : imported.sources)
    {
        provenance.files.emplace_back(file.path, file.sha256);
    }
    bool existed = false;
    int64_t id =
        store.SaveSnapshot(imported.network, source, imported.importer, provenance, &existed);
    std::cout << (existed ? "Found" : "Imported") << " snapshot " << id << " ("
              << imported.network.nodes.size() << " nodes, " << imported.network.links.size()
              << " directed links, " << imported.network.demands.size() << " demands)\n";
    return id;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string db = "twin-minimal.db";
    std::string source = "examples/data/abilene";
    double duration = 2;
    CommandLine cmd(__FILE__);
    cmd.AddValue("db", "twin store (SQLite file)", db);
    cmd.AddValue("source", "snapshot to import", source);
    cmd.AddValue("duration", "simulated time in seconds", duration);
    cmd.Parse(argc, argv);

    try
    {
        TwinStore store(db);
        int64_t snapshotId = ImportSnapshot(store, source);
        if (snapshotId < 0)
        {
            std::cerr << "twin-minimal: cannot import " << source << "\n";
            return 1;
        }

        DigitalTwinHelper twin;
        twin.LoadSnapshot(store, std::to_string(snapshotId));
        TwinRunOptions options;
        options.duration = Seconds(duration);
        twin.SetRunOptions(options);
        twin.Build();
        twin.InstallDemands();
        twin.EnableResults();
        twin.Run();
        int64_t runId = twin.WriteResults(store);
        for (const auto& note : twin.GetNotes())
        {
            std::cout << "note: " << note << "\n";
        }

        const TwinRunRecord& run = twin.GetRunRecord();
        const TwinRunResults& results = twin.GetResults();
        std::printf("Run %lld: %.1f s simulated in %.2f s wall, %llu events\n\n",
                    static_cast<long long>(runId), run.simulatedSeconds, run.wallSeconds,
                    static_cast<unsigned long long>(run.eventCount));

        // Flows of demands, busiest first.
        std::vector<TwinFlowResult> flows;
        for (const auto& f : results.flows)
        {
            if (!f.demandId.empty() && f.txPackets > 1)
            {
                flows.push_back(f);
            }
        }
        std::sort(flows.begin(), flows.end(),
                  [](const auto& a, const auto& b) { return a.throughputBps > b.throughputBps; });
        std::printf("%-24s %5s %12s %10s %8s\n", "demand", "proto", "Mbit/s", "delay ms", "loss %");
        for (std::size_t i = 0; i < flows.size() && i < 10; ++i)
        {
            const auto& f = flows[i];
            double loss = f.txPackets ? 100.0 * f.lostPackets / f.txPackets : 0.0;
            std::printf("%-24s %5s %12.2f %10.3f %8.2f\n", f.demandId.c_str(),
                        f.protocol == 6 ? "tcp" : "udp", f.throughputBps / 1e6,
                        f.delayMeanSeconds * 1e3, loss);
        }
        std::printf("(%zu flows in total)\n\n", results.flows.size());

        // Busiest link directions.
        std::vector<TwinLinkResult> links = results.links;
        std::sort(links.begin(), links.end(),
                  [](const auto& a, const auto& b)
                  { return a.peakUtilisation > b.peakUtilisation; });
        std::printf("%-24s %10s %10s %10s\n", "link", "mean util", "peak util", "drops");
        for (std::size_t i = 0; i < links.size() && i < 5; ++i)
        {
            std::printf("%-24s %10.3f %10.3f %10llu\n", links[i].linkId.c_str(),
                        links[i].meanUtilisation, links[i].peakUtilisation,
                        static_cast<unsigned long long>(links[i].queueDropPackets));
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "twin-minimal: " << e.what() << "\n";
        Simulator::Destroy();
        return 1;
    }
    Simulator::Destroy();
    return 0;
}
