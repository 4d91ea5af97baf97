/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_FUZZ_ENTRIES_H
#define DTWIN_FUZZ_ENTRIES_H

#include "ns3/demand-file-reader.h"
#include "ns3/flow-export-reader.h"
#include "ns3/gml-importer.h"
#include "ns3/pcap-flow-reader.h"
#include "ns3/scenario-reader.h"
#include "ns3/sndlib-importer.h"
#include "ns3/twin-change-set.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-validator.h"
#include "ns3/yang-bundle-importer.h"
#include "ns3/yang-context.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

/**
 * @file
 * The entry points of the fuzz targets in fuzz/, one per input kind. Each takes the bytes a
 * user's file would hold and runs them through the path the CLI takes for that kind of file
 * (reader, then the checks that follow it), so that the libFuzzer targets and the regression
 * test (test/importers/fuzz-regression-test.cc) run exactly the same code. Header only: the
 * fuzz targets and the test program include it.
 *
 * Readers without an in-memory API (YANG bundles, captures, flow exports) get the bytes
 * through a file in a scratch directory, written anew for every input.
 */

namespace ns3
{
namespace fuzz
{

/**
 * @param relative a path relative to the repository root
 * @return the absolute path (DTWIN_SOURCE_DIR is set by the build)
 */
inline std::string
FuzzSourcePath(const std::string& relative)
{
    return std::string(DTWIN_SOURCE_DIR) + "/" + relative;
}

/**
 * @param path a file
 * @return its content
 * @throws std::runtime_error if it cannot be read
 */
inline std::string
FuzzReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error("cannot read " + path);
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/**
 * Write a file, replacing it.
 * @param path the file
 * @param content the bytes
 * @throws std::runtime_error if it cannot be written
 */
inline void
FuzzWriteFile(const std::string& path, const std::string& content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out)
    {
        throw std::runtime_error("cannot write " + path);
    }
}

/**
 * Import a network from a fixture the way the registry does (reader, then validator).
 * @param relative the fixture, relative to the repository root
 * @return the validated network
 * @throws std::runtime_error if the fixture does not import cleanly
 */
inline TwinNetwork
FuzzFixtureNetwork(const std::string& relative)
{
    TwinImportResult result =
        TwinImporterRegistry::Get().Import(FuzzSourcePath(relative), "", TwinImportOptions{});
    if (!result.Ok())
    {
        throw std::runtime_error("fixture " + relative + " does not import");
    }
    return result.network;
}

/**
 * The networks scenario, change-set and demand inputs are checked against: the triangle the
 * scenario fixtures use (with its demands) and the bundled Abilene sample the shipped
 * scenarios use. Imported once per process.
 * @return the networks, triangle first
 */
inline const std::vector<TwinNetwork>&
FuzzBaseNetworks()
{
    static const std::vector<TwinNetwork> networks = []
    {
        TwinNetwork triangle = FuzzFixtureNetwork("test/data/scenario/triangle.gml");
        TwinDiagnostics diagnostics;
        triangle.demands =
            ReadDemandFile(FuzzSourcePath("test/data/scenario/triangle-demands.csv"), diagnostics);
        if (diagnostics.HasErrors())
        {
            throw std::runtime_error("triangle demand fixture does not read");
        }
        return std::vector<TwinNetwork>{triangle, FuzzFixtureNetwork("examples/data/abilene")};
    }();
    return networks;
}

/**
 * @param text a scenario, change-set or demand document
 * @return the base network it is meant for: Abilene if it names the sample or one of its
 *         nodes, else the triangle
 */
inline const TwinNetwork&
FuzzBaseNetworkFor(const std::string& text)
{
    const TwinNetwork& abilene = FuzzBaseNetworks()[1];
    bool named = text.find("abilene") != std::string::npos;
    for (std::size_t i = 0; !named && i < abilene.nodes.size(); ++i)
    {
        named = text.find(abilene.nodes[i].id) != std::string::npos;
    }
    return named ? abilene : FuzzBaseNetworks()[0];
}

/**
 * Run the validator on an importer's result when the reader accepted it, as
 * TwinImporterRegistry::Import does (but without its catch: an exception is a finding).
 * @param result the reader's result
 * @return all diagnostics
 */
inline TwinDiagnostics
FuzzValidate(TwinImportResult& result)
{
    if (result.Ok())
    {
        TwinValidator::Run(result.network, TwinImportOptions{}, result.diagnostics);
    }
    return result.diagnostics;
}

/**
 * GML text through GmlImporter and the validator.
 * @param input the bytes
 * @return the diagnostics
 */
inline TwinDiagnostics
FuzzGml(const std::string& input)
{
    TwinImportResult result = GmlImporter::ImportText(input, "fuzz.gml", TwinImportOptions{});
    return FuzzValidate(result);
}

/**
 * SNDlib text (native or XML) through SndlibImporter and the validator.
 * @param input the bytes
 * @return the diagnostics
 */
inline TwinDiagnostics
FuzzSndlib(const std::string& input)
{
    TwinImportResult result = SndlibImporter::ImportText(input, "fuzz.txt", TwinImportOptions{});
    return FuzzValidate(result);
}

/**
 * A YANG document as part of a snapshot bundle. A document naming the ietf-network module is
 * imported as a single RFC 8345 topology file; anything else replaces the device file of node
 * R1 in a copy of the mini bundle fixture (test/data/yang/mini-json or mini-xml, without its
 * demands).
 * @param input the bytes
 * @param xml true for XML documents (.xml), false for JSON (.json)
 * @param scratch a directory the target may write to
 * @return the diagnostics of the import and validation
 */
inline TwinDiagnostics
FuzzYang(const std::string& input, bool xml, const std::string& scratch)
{
    namespace fs = std::filesystem;
    const std::string ext = xml ? ".xml" : ".json";
    const std::string bundle = scratch + (xml ? "/bundle-xml" : "/bundle-json");
    if (!fs::exists(bundle + "/topology" + ext))
    {
        fs::copy(FuzzSourcePath("test/data/yang/mini-" + std::string(xml ? "xml" : "json")), bundle,
                 fs::copy_options::recursive);
        fs::remove(bundle + "/demands.csv");
    }
    std::string path;
    if (input.find("ietf-network") != std::string::npos)
    {
        path = scratch + "/topology" + ext;
        FuzzWriteFile(path, input);
    }
    else
    {
        path = bundle;
        FuzzWriteFile(bundle + "/devices/R1" + ext, input);
    }
    TwinImportResult result = YangBundleImporter().Import(path, TwinImportOptions{});
    return FuzzValidate(result);
}

/**
 * A pcap or pcapng capture through ReadPcapFlows, with a packet sink (the --packets path),
 * and after an error once more with bad packets skipped.
 * @param input the bytes
 * @param scratch a directory the target may write to
 * @return the diagnostics
 */
inline TwinDiagnostics
FuzzPcap(const std::string& input, const std::string& scratch)
{
    const std::string path = scratch + "/capture.pcap";
    FuzzWriteFile(path, input);
    TwinDiagnostics diagnostics;
    uint64_t packets = 0;
    TwinPacketSink packetSink =
        [&packets](uint64_t, uint32_t, const std::vector<TwinPacketRecord>& chunk)
    { packets += chunk.size(); };
    uint64_t flows = 0;
    ReadPcapFlows(
        path, TwinTrafficReadOptions{}, [&flows](const TwinFlowRecord&) { ++flows; }, diagnostics,
        nullptr, &packetSink);
    // The same bytes once more with bad packets skipped, the other policy a user can pick
    // (only when it can differ: after an error).
    if (diagnostics.HasErrors())
    {
        TwinTrafficReadOptions skipping;
        skipping.skipBadRecords = true;
        TwinDiagnostics skipped;
        ReadPcapFlows(
            path, skipping, [&flows](const TwinFlowRecord&) { ++flows; }, skipped);
        diagnostics.Append(skipped);
    }
    return diagnostics;
}

/**
 * A flow export message file through FlowExportReader, as `dtwin traffic import --format`
 * reads it, failing on bad records and, after an error, skipping them; then the same bytes as
 * one UDP datagram of an export stream.
 * @param input the bytes
 * @param format "netflow5", "netflow9" or "ipfix"
 * @param scratch a directory the target may write to
 * @return the diagnostics
 */
inline TwinDiagnostics
FuzzFlowExport(const std::string& input, const std::string& format, const std::string& scratch)
{
    const std::string path = scratch + "/export." + format;
    FuzzWriteFile(path, input);
    TwinDiagnostics diagnostics;
    uint64_t flows = 0;
    TwinFlowSink sink = [&flows](const TwinFlowRecord&) { ++flows; };
    ReadFlowExport(path, format, TwinTrafficReadOptions{}, sink, diagnostics);
    if (diagnostics.HasErrors())
    {
        TwinTrafficReadOptions skipping;
        skipping.skipBadRecords = true;
        TwinDiagnostics skipped;
        ReadFlowExport(path, format, skipping, sink, skipped);
        diagnostics.Append(skipped);
    }
    // The same bytes as one datagram of the export stream (the path of a pcap of exports).
    TwinDiagnostics datagram;
    FlowExportReader reader(TwinTrafficReadOptions{}, sink, datagram);
    reader.DecodePacket(reinterpret_cast<const uint8_t*>(input.data()), input.size(),
                        TwinSourceRef{path, 1, ""}, "192.0.2.1");
    diagnostics.Append(datagram);
    return diagnostics;
}

/**
 * A scenario document (JSON or XML, told apart as the CLI does for a name without a known
 * extension): parsed, then checked against each base network and, where the check passes,
 * expanded into its runs. The base network is the one FuzzBaseNetworkFor() picks.
 * @param input the bytes
 * @return the diagnostics
 */
inline TwinDiagnostics
FuzzScenario(const std::string& input)
{
    TwinScenarioReadResult read =
        ParseTwinScenario(input, YangFormatOf("fuzz-scenario", input), "fuzz-scenario");
    TwinDiagnostics diagnostics = read.diagnostics;
    if (!read.Ok())
    {
        return diagnostics;
    }
    const TwinNetwork& network = FuzzBaseNetworkFor(input);
    TwinDiagnostics checked = CheckTwinScenario(read.scenario, network, {});
    if (!checked.HasErrors())
    {
        ExpandTwinScenario(read.scenario, network);
    }
    diagnostics.Append(checked);
    return diagnostics;
}

/**
 * A change-set document (JSON or XML): parsed, checked against the base network
 * FuzzBaseNetworkFor() picks and, if the check passes, applied to it.
 * @param input the bytes
 * @return the diagnostics
 */
inline TwinDiagnostics
FuzzChangeSet(const std::string& input)
{
    TwinChangeSetReadResult read =
        ParseTwinChangeSet(input, YangFormatOf("fuzz-change-set", input), "fuzz-change-set");
    TwinDiagnostics diagnostics = read.diagnostics;
    if (!read.Ok())
    {
        return diagnostics;
    }
    const TwinNetwork& network = FuzzBaseNetworkFor(input);
    TwinDiagnostics checked = CheckTwinChangeSet(read.changeSet, network, read.location);
    if (!checked.HasErrors())
    {
        ApplyTwinChangeSet(network, read.changeSet, checked);
    }
    diagnostics.Append(checked);
    return diagnostics;
}

/**
 * A demand CSV file: parsed, then validated against the base network FuzzBaseNetworkFor()
 * picks.
 * @param input the bytes
 * @return the diagnostics
 */
inline TwinDiagnostics
FuzzDemands(const std::string& input)
{
    TwinDiagnostics diagnostics;
    std::vector<TwinDemand> demands = ParseDemandCsv(input, "fuzz.csv", diagnostics);
    ValidateDemands(FuzzBaseNetworkFor(input), demands, diagnostics);
    return diagnostics;
}

/**
 * @return the names of all targets (fuzz/<name>.cc, test/data/fuzz-regressions/<name>/)
 */
inline std::vector<std::string>
FuzzTargets()
{
    return {"yang-json",  "yang-xml", "gml",      "sndlib",     "pcap",   "netflow-v5",
            "netflow-v9", "ipfix",    "scenario", "change-set", "demands"};
}

/**
 * Run one target's entry point.
 * @param target a name from FuzzTargets()
 * @param input the bytes
 * @param scratch a directory the target may write to
 * @return the diagnostics
 * @throws std::invalid_argument for an unknown target
 */
inline TwinDiagnostics
RunFuzzTarget(const std::string& target, const std::string& input, const std::string& scratch)
{
    if (target == "yang-json" || target == "yang-xml")
    {
        return FuzzYang(input, target == "yang-xml", scratch);
    }
    if (target == "gml")
    {
        return FuzzGml(input);
    }
    if (target == "sndlib")
    {
        return FuzzSndlib(input);
    }
    if (target == "pcap")
    {
        return FuzzPcap(input, scratch);
    }
    if (target == "netflow-v5")
    {
        return FuzzFlowExport(input, "netflow5", scratch);
    }
    if (target == "netflow-v9")
    {
        return FuzzFlowExport(input, "netflow9", scratch);
    }
    if (target == "ipfix")
    {
        return FuzzFlowExport(input, "ipfix", scratch);
    }
    if (target == "scenario")
    {
        return FuzzScenario(input);
    }
    if (target == "change-set")
    {
        return FuzzChangeSet(input);
    }
    if (target == "demands")
    {
        return FuzzDemands(input);
    }
    throw std::invalid_argument("unknown fuzz target '" + target + "'");
}

} // namespace fuzz
} // namespace ns3

#endif /* DTWIN_FUZZ_ENTRIES_H */
