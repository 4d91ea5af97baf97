/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/demand-file-reader.h"
#include "ns3/twin-importer.h"
#include "ns3/twin-network-checks.h"

#include <gtest/gtest.h>
#include <string>

using namespace ns3;

namespace
{

using Severity = TwinDiagnostic::Severity;
using test::HasDiagnostic;

/** The header every case uses. */
const std::string kHeader =
    "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,packet_bytes\n";

/**
 * @param id node-id
 * @param address the address of its one interface, "a.b.c.d/len"
 * @return a node with one enabled interface "eth0"
 */
TwinNode
NodeWith(const std::string& id, const std::string& address)
{
    TwinNode node{id, std::nullopt, std::nullopt, {}, {}};
    TwinInterface eth0;
    eth0.name = "eth0";
    eth0.addresses.push_back(*TwinIpv4Prefix::Parse(address));
    node.interfaces.push_back(eth0);
    return node;
}

/** @return nodes A and B, joined by nothing, each with an address */
TwinNetwork
TwoNodes()
{
    TwinNetwork net;
    net.nodes.push_back(NodeWith("A", "10.0.0.1/30"));
    net.nodes.push_back(NodeWith("B", "10.0.0.2/30"));
    return net;
}

/** A demand file written to a temporary directory and read back. */
struct CsvCase
{
    test::TempDir dir;               //!< holds the file
    std::string path;                //!< the file
    TwinDiagnostics diagnostics;     //!< findings
    std::vector<TwinDemand> demands; //!< what was read

    /** @param text the file content */
    explicit CsvCase(const std::string& text)
    {
        path = dir.Write("demands.csv", text);
        demands = ReadDemandFile(path, diagnostics);
    }
};

TEST(DemandFile, ReadsTheFixture)
{
    std::string path = test::SourcePath("test/data/demands/valid.csv");
    TwinDiagnostics diag;
    std::vector<TwinDemand> demands = ReadDemandFile(path, diag);
    EXPECT_TRUE(diag.All().empty()) << diag.All()[0].ToString();
    ASSERT_EQ(demands.size(), 4U);

    const TwinDemand& udp = demands[0];
    EXPECT_EQ(udp.id, "ny-chi");
    EXPECT_EQ(udp.sourceNode, "NewYork");
    EXPECT_EQ(udp.destNode, "Chicago");
    EXPECT_EQ(udp.protocol, TwinProtocol::Udp);
    EXPECT_DOUBLE_EQ(udp.rateBps, 5e6);
    EXPECT_DOUBLE_EQ(udp.startSeconds, 1.5);
    EXPECT_DOUBLE_EQ(udp.stopSeconds.value_or(-1), 10);
    EXPECT_EQ(udp.packetBytes, 1200U);
    EXPECT_EQ(udp.source.file, path);
    EXPECT_EQ(udp.source.line, 4U); // after a comment, the header and a blank line

    const TwinDemand& tcp = demands[1];
    EXPECT_EQ(tcp.protocol, TwinProtocol::Tcp);
    EXPECT_EQ(tcp.bytes, 250000000U);
    EXPECT_DOUBLE_EQ(tcp.startSeconds, 0);
    EXPECT_FALSE(tcp.stopSeconds.has_value());
    EXPECT_EQ(tcp.packetBytes, 1000U); // the default
    EXPECT_EQ(tcp.source.line, 5U);

    // Quoted ids may hold commas; protocol names ignore case; bytes 0 means unlimited.
    EXPECT_EQ(demands[2].id, "web, small");
    EXPECT_EQ(demands[2].protocol, TwinProtocol::Tcp);
    EXPECT_EQ(demands[2].bytes, 0U);
    EXPECT_EQ(demands[2].packetBytes, 536U);
    EXPECT_DOUBLE_EQ(demands[3].rateBps, 64000);
    EXPECT_DOUBLE_EQ(demands[3].startSeconds, 0);
}

TEST(DemandFile, FixtureFitsTheGmlFixture)
{
    // Through the registry, as dtwin imports it: the validator gives the links addresses.
    TwinImportResult net = TwinImporterRegistry::Get().Import(
        test::SourcePath("test/data/gml/abilene-like.gml"), "", {});
    ASSERT_TRUE(net.Ok());
    TwinDiagnostics diag;
    std::string path = test::SourcePath("test/data/demands/valid.csv");
    auto demands = ReadDemandFile(path, diag);
    ASSERT_TRUE(diag.All().empty()) << diag.All()[0].ToString();
    ValidateDemands(net.network, demands, diag);
    // Every node name fits. The fixture's two TCP demands have different segment sizes
    // (1000 bytes by default and 536), which one ns-3 run cannot simulate together.
    ASSERT_EQ(diag.All().size(), 1U) << diag.All()[0].ToString();
    EXPECT_TRUE(
        HasDiagnostic(diag, Severity::Error, path, 6,
                      "demand 'web, small': tcp packet size 536 bytes differs from the 1000 bytes "
                      "of demand 'bulk' (" +
                          path + ":5)"));
    demands.erase(demands.begin() + 2);
    TwinDiagnostics rest;
    ValidateDemands(net.network, demands, rest);
    EXPECT_TRUE(rest.All().empty()) << rest.All()[0].ToString();
}

TEST(DemandFile, ColumnsInAnyOrderAndOptionalColumnsOmitted)
{
    CsvCase c("protocol,destination,id,source,rate_bps\n"
              "udp,B,d1,A,1000\n");
    EXPECT_TRUE(c.diagnostics.All().empty());
    ASSERT_EQ(c.demands.size(), 1U);
    EXPECT_EQ(c.demands[0].id, "d1");
    EXPECT_EQ(c.demands[0].sourceNode, "A");
    EXPECT_EQ(c.demands[0].destNode, "B");
    EXPECT_DOUBLE_EQ(c.demands[0].rateBps, 1000);
}

TEST(DemandFile, HeaderErrors)
{
    CsvCase unknown("# comment\nid,source,destination,protocol,rate,stop_s\n");
    EXPECT_TRUE(HasDiagnostic(unknown.diagnostics, Severity::Error, unknown.path, 2,
                              "unknown column 'rate' in the header"));

    CsvCase missing("id,source,protocol,rate_bps\nd,A,udp,1\n");
    EXPECT_TRUE(HasDiagnostic(missing.diagnostics, Severity::Error, missing.path, 1,
                              "the header lacks the column 'destination'"));
    EXPECT_TRUE(missing.demands.empty());

    CsvCase twice("id,source,destination,protocol,id\n");
    EXPECT_TRUE(HasDiagnostic(twice.diagnostics, Severity::Error, twice.path, 1,
                              "column 'id' appears twice"));

    CsvCase empty("# only a comment\n\n");
    EXPECT_TRUE(HasDiagnostic(empty.diagnostics, Severity::Error, empty.path, 0, "no header line"));
}

TEST(DemandFile, RowErrors)
{
    CsvCase c(kHeader +                // 1
              "a,A,B,udp,,,,,\n"       // 2
              "b,A,B,tcp,,,,,\n"       // 3
              "c,A,B,icmp,1,,,,\n"     // 4
              "d,A,B,udp,fast,,,,\n"   // 5
              "e,A,B,tcp,,1.5,,,\n"    // 6
              "f,A,B,tcp,,-3,,,\n"     // 7
              "g,A,B,udp,1,,soon,,\n"  // 8
              "h,A,B,udp,1,,,later,\n" // 9
              "i,A,B,udp,1,,,,70000\n" // 10
              "j,A,B,udp,1\n"          // 11
              "\"k,A,B,udp,1,,,,\n"    // 12
              ",A,B,udp,1,,,,\n"       // 13
              "m,,B,udp,1,,,,\n"       // 14
              "n,A,B,udp,1e400,,,,\n"  // 15
              "ok,A,B,udp,1,,,,\n");   // 16
    const auto& d = c.diagnostics;
    const std::string& f = c.path;
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, f, 2, "demand 'a': a udp demand needs rate_bps"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, f, 3,
                              "demand 'b': a tcp demand needs bytes (0 = unlimited)"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 4, "demand 'c': protocol 'icmp' is not udp or tcp"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 5, "demand 'd': rate_bps 'fast' is not a number"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 6, "demand 'e': bytes '1.5' is not a whole number"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 7, "demand 'f': bytes '-3' is not a whole number"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 8, "demand 'g': start_s 'soon' is not a number"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 9, "demand 'h': stop_s 'later' is not a number"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 10,
                      "demand 'i': packet_bytes '70000' is not a whole number up to 65507"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 11, "the row has 5 cells but the header has 9"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, f, 12,
                              "cannot read the row: a quoted cell is not closed"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, f, 13, "the 'id' cell is empty"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, f, 14, "demand 'm': the 'source' cell is empty"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, f, 15, "demand 'n': rate_bps '1e400' is not a number"));
    EXPECT_EQ(d.Count(Severity::Error), 14U);
    // Rows with errors are left out; the rest are read.
    ASSERT_EQ(c.demands.size(), 1U);
    EXPECT_EQ(c.demands[0].id, "ok");
}

TEST(DemandFile, IgnoredCellsWarn)
{
    CsvCase c(kHeader + "a,A,B,udp,1,500,,,\n"
                        "b,A,B,tcp,1,500,,,\n");
    EXPECT_FALSE(c.diagnostics.HasErrors());
    EXPECT_TRUE(HasDiagnostic(c.diagnostics, Severity::Warning, c.path, 2,
                              "demand 'a': bytes is ignored for a udp demand"));
    EXPECT_TRUE(HasDiagnostic(c.diagnostics, Severity::Warning, c.path, 3,
                              "demand 'b': rate_bps is ignored for a tcp demand"));
    EXPECT_EQ(c.demands.size(), 2U);
}

TEST(DemandFile, ValuesAreCheckedAgainstTheNetwork)
{
    // The reader checks syntax only; values and node names are ValidateDemands' job, which
    // the validator runs too, so each problem is reported once.
    CsvCase c(kHeader + "a,A,Z,udp,1,,,,\n"    // 2 unknown destination
                        "b,A,A,udp,1,,,,\n"    // 3 same node
                        "c,A,B,udp,-1,,,,\n"   // 4 negative rate
                        "d,A,B,udp,1,,-2,,\n"  // 5 negative start
                        "e,A,B,udp,1,,5,4,\n"  // 6 stop before start
                        "a,A,B,udp,1,,,,\n"    // 7 duplicate id
                        "f,A,B,udp,1,,,,0\n"); // 8 zero packet size
    EXPECT_FALSE(c.diagnostics.HasErrors());
    ASSERT_EQ(c.demands.size(), 7U);
    TwinNetwork net = TwoNodes();
    TwinDiagnostics d;
    ValidateDemands(net, c.demands, d);
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 2,
                              "demand 'a': destination node 'Z' is not in the network"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 3,
                              "demand 'b': source and destination are the same node 'A'"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 4,
                              "demand 'c': udp rate -1 bit/s is below the minimum of 1 bit/s"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, c.path, 5, "demand 'd': start time -2 s is negative"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 6,
                              "demand 'e': stop time 4 s is not after the start time 5 s"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 7,
                              "duplicate demand id 'a' (first defined at " + c.path + ":2)"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 8,
                              "demand 'f': packet size 0 bytes is not positive"));
    EXPECT_EQ(d.Count(Severity::Error), 7U);
}

TEST(DemandFile, DemandsTheSimulationCannotRunAreErrors)
{
    // What the traffic helper would refuse is found here, at the row: TCP segment sizes that
    // differ (ns-3 has one per run), rates below 1 bit/s (ns-3 counts whole bits per second),
    // and nodes with no address to send from or to.
    CsvCase c(kHeader + "t1,A,B,tcp,,1000,,,1000\n"  // 2
                        "t2,B,A,tcp,,1000,,,1400\n"  // 3 other segment size
                        "t3,A,B,tcp,,1000,,,1000\n"  // 4 same as t1
                        "u1,A,B,udp,0.5,,,,\n"       // 5 below 1 bit/s
                        "u2,A,B,udp,1,,,,\n"         // 6 the minimum itself
                        "u3,A,C,udp,1,,,,\n"         // 7 C has no address
                        "u4,D,A,udp,1,,,,\n"         // 8 D's address is on a disabled interface
                        "t4,A,B,tcp,,1000,,,536\n"); // 9 a third size
    ASSERT_FALSE(c.diagnostics.HasErrors());
    ASSERT_EQ(c.demands.size(), 8U);
    TwinNetwork net = TwoNodes();
    net.nodes.push_back({"C", std::nullopt, std::nullopt, {}, {}});
    net.nodes.push_back(NodeWith("D", "10.0.0.5/30"));
    net.nodes.back().interfaces[0].enabled = false;
    TwinDiagnostics d;
    ValidateDemands(net, c.demands, d);
    const std::string sizes =
        "; ns-3 has one TCP segment size (ns3::TcpSocket::SegmentSize) per run";
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, c.path, 3,
                      "demand 't2': tcp packet size 1400 bytes differs from the 1000 bytes of "
                      "demand 't1' (" +
                          c.path + ":2)" + sizes));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 5,
                              "demand 'u1': udp rate 0.5 bit/s is below the minimum of 1 bit/s"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 7,
                              "demand 'u3': destination node 'C' has no IPv4 address on an enabled "
                              "interface"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, c.path, 8,
                      "demand 'u4': source node 'D' has no IPv4 address on an enabled interface"));
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, c.path, 9,
                      "demand 't4': tcp packet size 536 bytes differs from the 1000 bytes of "
                      "demand 't1'"));
    EXPECT_EQ(d.Count(Severity::Error), 5U);

    // ValidateDemands reports exactly what the shared check finds.
    std::vector<TwinDemandProblem> problems = CheckDemands(net, c.demands);
    ASSERT_EQ(problems.size(), 5U);
    for (const auto& p : problems)
    {
        ASSERT_LT(p.demand, c.demands.size());
        EXPECT_TRUE(
            HasDiagnostic(d, Severity::Error, c.path, c.demands[p.demand].source.line, p.message));
    }
}

TEST(DemandFile, Utf8ByteOrderMarkIsSkipped)
{
    // Spreadsheets save "CSV UTF-8" with a byte order mark before the header.
    CsvCase c("\xEF\xBB\xBFid,source,destination,protocol,rate_bps\nd1,A,B,udp,10\n");
    EXPECT_TRUE(c.diagnostics.All().empty()) << c.diagnostics.All().front().ToString();
    ASSERT_EQ(c.demands.size(), 1U);
    EXPECT_EQ(c.demands[0].id, "d1");
}

TEST(DemandFile, ValuesBeyondWhatASimulationCanRunAreErrors)
{
    // ns-3 time is a 64-bit count of nanoseconds; rates and byte counts are bounded too.
    CsvCase c(kHeader + "a,A,B,udp,1e300,,,,\n"                    // 2
                        "b,A,B,udp,1e15,,1e300,,\n"                // 3
                        "c,A,B,udp,1,,0,1000001,\n"                // 4
                        "d,A,B,tcp,,9223372036854775808,,,\n"      // 5
                        "e,A,B,tcp,,9223372036854775807,1e6,,\n"); // 6 the limits themselves
    EXPECT_FALSE(c.diagnostics.HasErrors());
    ASSERT_EQ(c.demands.size(), 5U);
    TwinNetwork net = TwoNodes();
    TwinDiagnostics d;
    ValidateDemands(net, c.demands, d);
    EXPECT_TRUE(
        HasDiagnostic(d, Severity::Error, c.path, 2,
                      "demand 'a': udp rate 1e+300 bit/s is above the limit of 1e+15 bit/s"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 3,
                              "demand 'b': start time 1e+300 s is after the limit of 1000000 s"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 4,
                              "demand 'c': stop time 1000001 s is after the limit of 1000000 s"));
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, c.path, 5,
                              "demand 'd': 9223372036854775808 bytes is above the limit of "
                              "9223372036854775807 bytes"));
    EXPECT_EQ(d.Count(Severity::Error), 4U);
}

TEST(DemandFile, NumbersAreDecimalOnly)
{
    CsvCase c(kHeader + "a,A,B,udp,0x10,,,,\n"
                        "b,A,B,udp,1, ,,,\n"
                        "c,A,B,udp,1,,0x1p2,,\n");
    EXPECT_TRUE(HasDiagnostic(c.diagnostics, Severity::Error, c.path, 2,
                              "demand 'a': rate_bps '0x10' is not a number"));
    EXPECT_TRUE(HasDiagnostic(c.diagnostics, Severity::Error, c.path, 4,
                              "demand 'c': start_s '0x1p2' is not a number"));
    ASSERT_EQ(c.demands.size(), 1U);
    EXPECT_EQ(c.demands[0].id, "b");
}

TEST(DemandFile, MissingFile)
{
    TwinDiagnostics d;
    auto demands = ReadDemandFile("/nonexistent/demands.csv", d);
    EXPECT_TRUE(demands.empty());
    EXPECT_TRUE(HasDiagnostic(d, Severity::Error, "/nonexistent/demands.csv", 0,
                              "cannot open the demand file"));
}

TEST(DemandFile, WindowsLineEnds)
{
    CsvCase c("id,source,destination,protocol,rate_bps\r\nd1,A,B,udp,10\r\n");
    EXPECT_TRUE(c.diagnostics.All().empty());
    ASSERT_EQ(c.demands.size(), 1U);
    EXPECT_DOUBLE_EQ(c.demands[0].rateBps, 10);
}

} // namespace
