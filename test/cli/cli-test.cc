/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The dtwin command line, run as a user runs it: a real process, real files, exit codes and
// the text it prints.

#include "cli-harness.h"
#include "test-util.h"

#include "ns3/sqlite-database.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <pty.h>
#include <regex>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{
namespace test
{
namespace
{

TEST_F(CliTest, HelpAndUsageErrors)
{
    CliResult none = Dtwin({}, false);
    EXPECT_EQ(none.exitCode, 1);
    EXPECT_NE(none.err.find("Commands:"), std::string::npos);

    CliResult help = Dtwin({"--help"}, false);
    EXPECT_EQ(help.exitCode, 0);
    for (const char* cmd : {"import", "snapshots", "show", "run", "runs", "results"})
    {
        EXPECT_NE(help.out.find(cmd), std::string::npos) << cmd;
    }

    CliResult unknown = Dtwin({"frobnicate"}, false);
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);

    CliResult cmdHelp = Dtwin({"import", "--help"}, false);
    EXPECT_EQ(cmdHelp.exitCode, 0);
    EXPECT_NE(cmdHelp.out.find("--default-capacity"), std::string::npos);

    CliResult badOption = Dtwin({"snapshots", "--no-such-option"});
    EXPECT_EQ(badOption.exitCode, 1);
    EXPECT_NE(badOption.err.find("no-such-option"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(Db())) << "a usage error must not create the store";
}

TEST_F(CliTest, ImportIsIdempotentAndListed)
{
    CliResult first = Dtwin({"import", "examples/data/abilene/"});
    ASSERT_EQ(first.exitCode, 0) << first.err;
    EXPECT_NE(first.out.find("snapshot 1 ("), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("11 nodes, 28 links"), std::string::npos) << first.out;

    CliResult again = Dtwin({"import", "examples/data/abilene/"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_NE(again.out.find("unchanged: already stored as snapshot 1"), std::string::npos)
        << again.out;

    CliResult list = Dtwin({"snapshots", "--format", "json"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    auto rows = nlohmann::json::parse(list.out);
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0]["id"], 1);
    EXPECT_EQ(rows[0]["nodes"], 11);
    EXPECT_EQ(rows[0]["links"], 28);
    EXPECT_EQ(rows[0]["importer"], "yang");
    EXPECT_EQ(rows[0]["hash"].get<std::string>().size(), 12U);

    CliResult csv = Dtwin({"snapshots", "--format", "csv"});
    EXPECT_EQ(csv.out.rfind("id,hash,name,importer,nodes,links,routes,created,source\r\n", 0), 0U)
        << csv.out;

    CliResult table = Dtwin({"snapshots"});
    EXPECT_NE(table.out.find("examples/data/abilene/"), std::string::npos);
}

TEST_F(CliTest, ImportOfResearchFormatsWithOverrides)
{
    std::string gml =
        m_dir.Write("tiny.gml", "graph [\n"
                                "  node [ id 0 label \"A\" Latitude 40.0 Longitude -74.0 ]\n"
                                "  node [ id 1 label \"B\" Latitude 41.0 Longitude -87.0 ]\n"
                                "  node [ id 2 label \"C\" ]\n"
                                "  edge [ source 0 target 1 LinkSpeedRaw 10000000000.0 ]\n"
                                "  edge [ source 1 target 2 ]\n"
                                "]\n");
    CliResult r = Dtwin({"import", gml, "--default-capacity", "2.5Gbps", "--default-delay", "3ms"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("3 nodes, 4 links"), std::string::npos) << r.out;

    CliResult links = Dtwin({"show", "1", "--links", "--format", "json"});
    ASSERT_EQ(links.exitCode, 0) << links.err;
    auto rows = nlohmann::json::parse(links.out);
    ASSERT_EQ(rows.size(), 4U);
    int defaulted = 0;
    for (const auto& row : rows)
    {
        if (row["capacity_bps"] == 2500000000ULL)
        {
            ++defaulted;
            EXPECT_DOUBLE_EQ(row["delay_s"].get<double>(), 0.003);
        }
        else
        {
            EXPECT_EQ(row["capacity_bps"], 10000000000ULL);
            EXPECT_GT(row["delay_s"].get<double>(), 0.004); // about 1,100 km of fibre
        }
    }
    EXPECT_EQ(defaulted, 2);

    CliResult badRate = Dtwin({"import", gml, "--default-capacity", "fast"});
    EXPECT_EQ(badRate.exitCode, 1);
    EXPECT_NE(badRate.err.find("--default-capacity"), std::string::npos);
}

TEST_F(CliTest, BadInputLeavesStoreUnchanged)
{
    ImportAbilene();
    std::string before = Dtwin({"snapshots", "--format", "csv"}).out;

    struct Case
    {
        std::vector<std::string> args; //!< arguments
        std::string expect;            //!< text the error must contain
    };
    std::string badJson = m_dir.Write("bad/topology.json", "{ \"ietf-network:networks\": [ }\n");
    std::string emptyGml = m_dir.Write("empty.gml", "");
    std::vector<Case> cases = {
        {{"import", m_dir.Path() + "/missing.gml"}, "missing.gml"},
        {{"import", m_dir.Path() + "/bad"}, "topology.json"},
        {{"import", emptyGml}, "empty.gml"},
        {{"import", emptyGml, "--format", "visio"}, "unknown format 'visio'"},
        {{"import"}, "name a file"},
    };
    for (const auto& c : cases)
    {
        CliResult r = Dtwin(c.args);
        EXPECT_EQ(r.exitCode, 1) << c.args[c.args.size() > 1 ? 1 : 0];
        EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    }
    EXPECT_EQ(Dtwin({"snapshots", "--format", "csv"}).out, before);
}

TEST_F(CliTest, ShowViews)
{
    std::string id = ImportAbilene();
    CliResult summary = Dtwin({"show", id});
    ASSERT_EQ(summary.exitCode, 0) << summary.err;
    EXPECT_NE(summary.out.find("content_hash"), std::string::npos);
    EXPECT_NE(summary.out.find("configured static"), std::string::npos);

    auto nodes = nlohmann::json::parse(Dtwin({"show", id, "--nodes", "--format", "json"}).out);
    std::set<std::string> names;
    for (const auto& row : nodes)
    {
        names.insert(row["node"].get<std::string>());
    }
    EXPECT_EQ(names.size(), 11U);

    auto routes = nlohmann::json::parse(Dtwin({"show", id, "--routes", "--format", "json"}).out);
    EXPECT_GT(routes.size(), 11U);
    auto demands = nlohmann::json::parse(Dtwin({"show", id, "--demands", "--format", "json"}).out);
    EXPECT_GT(demands.size(), 0U);
    auto prov = nlohmann::json::parse(Dtwin({"show", id, "--provenance", "--format", "json"}).out);
    bool topologyFile = false;
    for (const auto& row : prov)
    {
        topologyFile |= row["kind"] == "file" &&
                        row["value"].get<std::string>().find("topology") != std::string::npos &&
                        row["detail"].get<std::string>().size() == 64;
    }
    EXPECT_TRUE(topologyFile) << prov.dump();

    CliResult unknown = Dtwin({"show", "42"});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("no snapshot '42'"), std::string::npos);
}

TEST_F(CliTest, RunStoresResultsAndResultsShowsThem)
{
    std::string id = ImportAbilene();
    CliResult run = Dtwin({"run", id, "--duration", "2s", "--seed", "7"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_NE(run.out.find("packets sent / received"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("run 1 stored"), std::string::npos) << run.out;

    auto runs = nlohmann::json::parse(Dtwin({"runs", "--format", "json"}).out);
    ASSERT_EQ(runs.size(), 1U);
    EXPECT_EQ(runs[0]["seed"], 7);
    EXPECT_DOUBLE_EQ(runs[0]["simulated_s"].get<double>(), 2.0);
    EXPECT_GT(runs[0]["events"].get<uint64_t>(), 0U);
    EXPECT_EQ(runs[0]["status"], "completed");

    auto flows = nlohmann::json::parse(Dtwin({"results", "1", "--flows", "--format", "json"}).out);
    ASSERT_GT(flows.size(), 0U);
    uint64_t rx = 0;
    for (const auto& f : flows)
    {
        EXPECT_LE(f["rx_packets"].get<uint64_t>(), f["tx_packets"].get<uint64_t>());
        rx += f["rx_bytes"].get<uint64_t>();
    }
    EXPECT_GT(rx, 0U);

    auto links = nlohmann::json::parse(Dtwin({"results", "1", "--links", "--format", "json"}).out);
    EXPECT_EQ(links.size(), 28U);
    CliResult csv = Dtwin({"results", "1", "--samples", "--format", "csv"});
    EXPECT_EQ(csv.out.rfind("link,time_s,tx_bytes,utilisation,queue_packets\r\n", 0), 0U);

    // Same seed, same snapshot: the same flows, bit for bit.
    ASSERT_EQ(Dtwin({"run", id, "--duration", "2s", "--seed", "7"}).exitCode, 0);
    auto again = nlohmann::json::parse(Dtwin({"results", "2", "--flows", "--format", "json"}).out);
    EXPECT_EQ(again, flows);

    CliResult missing = Dtwin({"results", "99"});
    EXPECT_EQ(missing.exitCode, 1);
    CliResult badDuration = Dtwin({"run", id, "--duration", "ten seconds"});
    EXPECT_EQ(badDuration.exitCode, 1);
    EXPECT_NE(badDuration.err.find("--duration"), std::string::npos);
}

TEST_F(CliTest, RunWithDemandFile)
{
    std::string id = ImportAbilene();
    std::string demands = m_dir.Write(
        "demands.csv", "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,packet_bytes\n"
                       "probe,ATLAng,STTLng,udp,1000000,,0.1,,500\n");
    CliResult run = Dtwin({"run", id, "--duration", "1s", "--demands", demands});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    auto flows = nlohmann::json::parse(Dtwin({"results", "1", "--flows", "--format", "json"}).out);
    ASSERT_EQ(flows.size(), 1U);
    EXPECT_EQ(flows[0]["demand"], "probe");
    EXPECT_EQ(flows[0]["protocol"], "udp");

    std::string bad = m_dir.Write("bad.csv", "id,source\nx\n");
    CliResult r = Dtwin({"run", id, "--duration", "1s", "--demands", bad});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("bad.csv"), std::string::npos) << r.err;
}

/** Header of the demand files the tests write. */
const std::string kDemandHeader =
    "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,packet_bytes\n";

TEST_F(CliTest, RunRejectsBadInputAndStoresNothing)
{
    std::string id = ImportAbilene();
    // One good run first, so that an unchanged store is not simply an empty one.
    ASSERT_EQ(Dtwin({"run", id, "--duration", "0.2s"}).exitCode, 0);
    const std::string runsBefore = Dtwin({"runs", "--format", "csv"}).out;
    const int64_t runRows = Rows("runs");
    const int64_t demandSets = Rows("demand_sets");
    ASSERT_EQ(runRows, 1);

    std::string mixedTcp =
        m_dir.Write("mixed.csv", kDemandHeader + "t1,ATLAng,STTLng,tcp,,100000,0.1,,1000\n"
                                                 "t2,STTLng,ATLAng,tcp,,100000,0.1,,1400\n");
    std::string late =
        m_dir.Write("late.csv", kDemandHeader + "late,ATLAng,STTLng,udp,1000000,,5,,500\n");
    struct Case
    {
        std::vector<std::string> args; //!< options after the snapshot
        std::string expect;            //!< text the error must contain
    };
    std::vector<Case> cases = {
        {{"--queue-disc", "ns3::Object"}, "ns3::Object"},
        {{"--queue-disc", "ns3::MqQueueDisc"}, "multi-queue"},
        {{"--queue-disc", "ns3::PrioQueueDisc"}, "MaxSize"},
        {{"--tcp-variant", "ns3::FifoQueueDisc"}, "no TCP congestion control"},
        {{"--tcp-variant", "reno-ish"}, "Cubic"},
        {{"--seed", "99999999999"}, "--seed"},
        {{"--seed", "-1"}, "--seed"},
        {{"--seed", "0"}, "--seed"},
        {{"--seed", "7x"}, "--seed"},
        {{"--run-number", "-1"}, "--run-number"},
        {{"--run-number", "18446744073709551615"}, "--run-number"},
        {{"--duration", "1e10s"}, "--duration"},
        {{"--duration", "0.1ns"}, "--duration"},
        {{"--sample-interval", "0.1ns"}, "--sample-interval"},
        {{"--sample-interval", "500ns"}, "--sample-interval"},
        {{"--demands", mixedTcp}, "1400"},
        {{"--demands", late}, "'late'"},
        // 28 link directions x 400,000 samples: more than the collector keeps.
        {{"--duration", "0.4s", "--sample-interval", "1us"}, "samples"},
    };
    for (const auto& c : cases)
    {
        std::vector<std::string> args = {"run", id};
        args.insert(args.end(), c.args.begin(), c.args.end());
        if (std::find(c.args.begin(), c.args.end(), "--duration") == c.args.end())
        {
            args.insert(args.end(), {"--duration", "1s"});
        }
        std::string what = c.args[0] + " " + c.args[1];
        CliResult r = Dtwin(args);
        EXPECT_EQ(r.exitCode, 1) << what << ": " << r.err;
        EXPECT_NE(r.err.find(c.expect), std::string::npos) << what << ": " << r.err;
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << what << ": " << r.err;
        EXPECT_EQ(Dtwin({"runs", "--format", "csv"}).out, runsBefore) << what;
        EXPECT_EQ(Rows("runs"), runRows) << what;
        EXPECT_EQ(Rows("demand_sets"), demandSets) << what;
    }
}

TEST_F(CliTest, RunTakesTheTcpVariantInAnyForm)
{
    std::string id = ImportAbilene();
    for (const char* given : {"cubic", "TcpBbr", "ns3::TcpNewReno"})
    {
        CliResult r = Dtwin({"run", id, "--duration", "0.2s", "--tcp-variant", given});
        ASSERT_EQ(r.exitCode, 0) << given << ": " << r.err;
    }
    EXPECT_EQ(Query("SELECT COUNT(*) FROM runs WHERE json_extract(parameters_json, "
                    "'$.tcp_variant') IN ('ns3::TcpCubic', 'ns3::TcpBbr', 'ns3::TcpNewReno')"),
              3);
}

TEST_F(CliTest, RunRejectsDemandsTheSimulationCannotRunAtTheirRow)
{
    std::string id = ImportAbilene();
    ASSERT_EQ(Dtwin({"run", id, "--duration", "0.2s"}).exitCode, 0);
    const int64_t runRows = Rows("runs");
    const int64_t demandSets = Rows("demand_sets");

    // ns-3 has one TCP segment size per run, and data rates of whole bits per second: the
    // demand file check must say so at the row, before anything is built.
    std::string mixedTcp =
        m_dir.Write("mixed.csv", kDemandHeader + "t1,ATLAng,STTLng,tcp,,100000,0.1,,1000\n"
                                                 "t2,STTLng,ATLAng,tcp,,100000,0.1,,1400\n");
    std::string slow =
        m_dir.Write("slow.csv", kDemandHeader + "trickle,ATLAng,STTLng,udp,0.5,,0.1,,100\n");
    struct Case
    {
        std::string file;                //!< the demand file
        std::vector<std::string> expect; //!< texts the error must contain
    };
    std::vector<Case> cases = {
        {mixedTcp, {"mixed.csv:3: error: demand 't2'", "1400", "1000", "'t1'", "nothing run"}},
        {slow, {"slow.csv:2: error: demand 'trickle'", "0.5 bit/s", "nothing run"}},
    };
    for (const auto& c : cases)
    {
        CliResult r = Dtwin({"run", id, "--duration", "1s", "--demands", c.file});
        EXPECT_EQ(r.exitCode, 1) << c.file << ": " << r.err;
        for (const auto& text : c.expect)
        {
            EXPECT_NE(r.err.find(text), std::string::npos) << c.file << ": " << r.err;
        }
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
        EXPECT_EQ(Rows("runs"), runRows) << c.file;
        EXPECT_EQ(Rows("demand_sets"), demandSets) << c.file;
    }
}

TEST_F(CliTest, RouteOutOfAnInterfaceOnNoLinkIsRejectedAtImport)
{
    // The small YANG bundle as it is imports and runs.
    std::string bundle = m_dir.Path() + "/bundle";
    std::filesystem::copy(SourcePath("test/data/yang/mini-json"), bundle,
                          std::filesystem::copy_options::recursive);
    CliResult good = Dtwin({"import", bundle});
    ASSERT_EQ(good.exitCode, 0) << good.err;
    ASSERT_EQ(Dtwin({"run", "1", "--duration", "3s"}).exitCode, 0);
    const int64_t snapshots = Rows("snapshots");
    const int64_t runs = Rows("runs");

    // One more route on R1, out of its loopback lo0, which is on no link: no simulation can
    // install it, so the import refuses it rather than every later run.
    std::string device = bundle + "/devices/R1.json";
    auto config = nlohmann::ordered_json::parse(Slurp(device));
    auto& routes =
        config["ietf-routing:routing"]["control-plane-protocols"]["control-plane-protocol"][0]
              ["static-routes"]["ietf-ipv4-unicast-routing:ipv4"]["route"];
    ASSERT_TRUE(routes.is_array()) << config.dump(2);
    routes.push_back(
        {{"destination-prefix", "192.0.2.0/24"}, {"next-hop", {{"outgoing-interface", "lo0"}}}});
    std::ofstream(device) << config.dump(2) << "\n";

    CliResult bad = Dtwin({"import", bundle});
    EXPECT_EQ(bad.exitCode, 1) << bad.out << bad.err;
    EXPECT_NE(bad.err.find("R1.json"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("error: route to 192.0.2.0/24 on node 'R1': outgoing interface "
                           "'lo0' is on no link"),
              std::string::npos)
        << bad.err;
    EXPECT_EQ(Rows("snapshots"), snapshots);
    EXPECT_EQ(Rows("runs"), runs);
}

TEST_F(CliTest, SummariesGiveNumbersUnderUnitNames)
{
    std::string id = ImportAbilene();
    ASSERT_EQ(Dtwin({"run", id, "--duration", "1s", "--seed", "3"}).exitCode, 0);

    auto rows = nlohmann::json::parse(Dtwin({"results", "1", "--format", "json"}).out);
    ASSERT_TRUE(rows.is_array());
    ASSERT_EQ(rows.size(), 1U) << rows.dump();
    const auto& s = rows[0];
    EXPECT_EQ(s["run"], 1);
    EXPECT_EQ(s["seed"], 3);
    EXPECT_EQ(s["run_number"], 1);
    EXPECT_TRUE(s["simulated_s"].is_number()) << s.dump();
    EXPECT_DOUBLE_EQ(s["simulated_s"].get<double>(), 1.0);
    EXPECT_TRUE(s["wall_s"].is_number()) << s.dump();
    EXPECT_TRUE(s["loss_percent"].is_number()) << s.dump();

    auto flows = nlohmann::json::parse(Dtwin({"results", "1", "--flows", "--format", "json"}).out);
    uint64_t tx = 0;
    uint64_t rx = 0;
    uint64_t rxBytes = 0;
    double delayMax = 0;
    for (const auto& f : flows)
    {
        tx += f["tx_packets"].get<uint64_t>();
        rx += f["rx_packets"].get<uint64_t>();
        rxBytes += f["rx_bytes"].get<uint64_t>();
        delayMax = std::max(delayMax, f["delay_max_s"].get<double>());
    }
    ASSERT_GT(rx, 0U);
    EXPECT_EQ(s["flows"], flows.size());
    EXPECT_EQ(s["tx_packets"], tx);
    EXPECT_EQ(s["rx_packets"], rx);
    EXPECT_EQ(s["delivered_bytes"], rxBytes);
    EXPECT_DOUBLE_EQ(s["delivered_bps"].get<double>(), static_cast<double>(rxBytes) * 8 / 1.0);
    EXPECT_DOUBLE_EQ(s["delay_max_s"].get<double>(), delayMax);
    EXPECT_GT(s["delay_mean_s"].get<double>(), 0);
    EXPECT_LE(s["delay_mean_s"].get<double>(), delayMax);
    EXPECT_TRUE(s["busiest_link"].is_string()) << s.dump();
    EXPECT_TRUE(s["busiest_link_peak_utilisation"].is_number()) << s.dump();

    CliResult csv = Dtwin({"results", "1", "--format", "csv"});
    std::string header = csv.out.substr(0, csv.out.find("\r\n"));
    EXPECT_EQ(header.rfind("run,snapshot,seed,run_number,simulated_s,wall_s,", 0), 0U) << header;
    EXPECT_NE(header.find(",delivered_bytes,"), std::string::npos) << header;
    EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 2) << csv.out;

    // People still get units in the text.
    CliResult table = Dtwin({"results", "1"});
    EXPECT_NE(table.out.find("packets sent / received"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("simulated"), std::string::npos) << table.out;

    auto show = nlohmann::json::parse(Dtwin({"show", id, "--format", "json"}).out);
    ASSERT_EQ(show.size(), 1U) << show.dump();
    EXPECT_EQ(show[0]["id"], std::stoi(id));
    EXPECT_EQ(show[0]["nodes"], 11);
    EXPECT_EQ(show[0]["links"], 28);
    EXPECT_EQ(show[0]["routing"], "configured");
    auto links = nlohmann::json::parse(Dtwin({"show", id, "--links", "--format", "json"}).out);
    double capacity = 0;
    for (const auto& l : links)
    {
        capacity += l["capacity_bps"].get<double>();
    }
    EXPECT_DOUBLE_EQ(show[0]["total_capacity_bps"].get<double>(), capacity);
    EXPECT_EQ(show[0]["content_hash"].get<std::string>().size(), 64U);
}

TEST_F(CliTest, HeavyTrafficIsAnnouncedBeforeSimulating)
{
    std::string id = ImportAbilene();
    // 1 Gbit/s of 100-byte datagrams: 1.25 million packets per simulated second.
    std::string heavy =
        m_dir.Write("heavy.csv", kDemandHeader + "flood,ATLAng,STTLng,udp,1000000000,,0,,100\n");
    CliResult r = Dtwin({"run", id, "--duration", "20ms", "--demands", heavy});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("packets per simulated second"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1.25 million"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--duration"), std::string::npos) << r.err;

    // The sample's own traffic is light: no such note.
    CliResult light = Dtwin({"run", id, "--duration", "0.2s"});
    ASSERT_EQ(light.exitCode, 0) << light.err;
    EXPECT_EQ(light.err.find("packets per simulated second"), std::string::npos) << light.err;
}

TEST_F(CliTest, ProgressShowsSimulatedTimeWithoutChangingTheRun)
{
    std::string id = ImportAbilene();
    // Several seconds of wall time (about 2 per simulated second on the 2-core build
    // machine): well beyond the quiet first second of the display.
    std::vector<std::string> args = {"run", id, "--duration", "2s", "--seed", "5"};
    CliResult terminal = Dtwin(args, true, true);
    ASSERT_EQ(terminal.exitCode, 0) << terminal.err;
    CliResult plain = Dtwin(args);
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    EXPECT_EQ(plain.err.find("simulating"), std::string::npos) << plain.err;

    // The terminal saw the simulated time advance, e.g. "simulating: 412 ms of 2 s (21 %)".
    std::size_t at = terminal.err.find(" of 2 s (");
    ASSERT_NE(at, std::string::npos) << terminal.err;
    EXPECT_TRUE(std::regex_search(terminal.err,
                                  std::regex("simulating: [0-9.]+ m?s of 2 s \\([1-9][0-9]* %\\)")))
        << terminal.err;

    // Both runs executed the same events and produced the same flows.
    auto runs = nlohmann::json::parse(Dtwin({"runs", "--format", "json"}).out);
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0]["events"], runs[1]["events"]);
    EXPECT_EQ(nlohmann::json::parse(Dtwin({"results", "1", "--flows", "--format", "json"}).out),
              nlohmann::json::parse(Dtwin({"results", "2", "--flows", "--format", "json"}).out));
}

TEST_F(CliTest, NotAStore)
{
    std::string junk = m_dir.Write("junk.db", "this is not an SQLite database, just text\n");
    CliResult r = Dtwin({"snapshots", "--db", junk}, false);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("cannot use twin store"), std::string::npos) << r.err;
}

} // namespace
} // namespace test
} // namespace ns3
