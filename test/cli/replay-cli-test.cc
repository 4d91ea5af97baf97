/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin run --traffic with its window and packet mode, and dtwin results --replay, run as a
// user runs them on a capture this test writes with libpcap.

#include "cli-harness.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <pcap/pcap.h>

namespace ns3
{
namespace test
{
namespace
{

/** A train of equal UDP datagrams from one address to another. */
struct Train
{
    std::string source;      //!< IPv4 source
    std::string destination; //!< IPv4 destination
    uint16_t sourcePort;     //!< UDP source port
    uint16_t destPort;       //!< UDP destination port
    uint16_t payloadBytes;   //!< UDP payload of each
    double firstSeconds;     //!< capture time of the first
    double gapSeconds;       //!< time between two
    int count;               //!< datagrams
};

/**
 * Write a raw-IP capture of the trains' datagrams, in time order.
 * @param path the file
 * @param trains the trains
 */
void
WriteCapture(const std::string& path, const std::vector<Train>& trains)
{
    std::vector<UdpDatagram> all;
    for (const auto& t : trains)
    {
        for (int i = 0; i < t.count; ++i)
        {
            all.push_back({t.source, t.destination, t.sourcePort, t.destPort, t.payloadBytes,
                           t.firstSeconds + i * t.gapSeconds});
        }
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const UdpDatagram& a, const UdpDatagram& b)
                     { return a.timeSeconds < b.timeSeconds; });
    WriteUdpCapture(path, all);
}

/** Replays of a capture imported against the bundled sample. */
class ReplayCliTest : public CliTest
{
protected:
    /**
     * Import the sample and a capture: New York to Kansas City (20 x 1000 bytes from
     * 1000.0 s, 50 ms apart), Kansas City to New York (10 x 500 bytes from 1002.0 s) and a
     * flow from outside the network (not mapped). As wall-clock time 1000 s is
     * 1970-01-01T00:16:40Z.
     */
    void SetUp() override
    {
        CliTest::SetUp();
        ImportAbilene();
        std::string path = m_dir.Path() + "/replay.pcap";
        WriteCapture(path, {{"10.0.255.1", "10.0.255.8", 5000, 6000, 972, 1000.0, 0.05, 20},
                            {"10.0.255.8", "10.0.255.1", 6000, 5000, 472, 1002.0, 0.1, 10},
                            {"198.51.100.7", "10.0.255.8", 53, 4000, 100, 1001.0, 0.1, 3}});
        CliResult r = Dtwin({"import-traffic", path, "--snapshot", "1"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }

    /**
     * @param extra options after "run 1 --duration 5s --traffic 1"
     * @return the result
     */
    CliResult Replay(const std::vector<std::string>& extra)
    {
        std::vector<std::string> args = {"run", "1", "--duration", "5s", "--traffic", "1"};
        args.insert(args.end(), extra.begin(), extra.end());
        return Dtwin(args);
    }

    /**
     * @param run a run id
     * @return its --replay table as JSON
     */
    nlohmann::json ReplayRows(const std::string& run)
    {
        CliResult r = Dtwin({"results", run, "--replay", "--format", "json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return nlohmann::json::parse(r.out, nullptr, false);
    }
};

TEST_F(ReplayCliTest, RunReplaysTheSetAndResultsCompareEachFlow)
{
    CliResult run = Replay({});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_NE(run.out.find("replayed 2 flows of traffic set 1"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("--replay"), std::string::npos) << run.out;
    EXPECT_EQ(Query("SELECT traffic_set_id FROM runs WHERE id = 1"), 1);
    EXPECT_EQ(Rows("run_replay_flows"), 2);
    EXPECT_EQ(Query("SELECT count(*) FROM replay_flows WHERE source_node IS NOT NULL"), 2);

    nlohmann::json rows = ReplayRows("1");
    ASSERT_TRUE(rows.is_array()) << rows;
    ASSERT_EQ(rows.size(), 2u);
    // New York's flow first: 20 packets of 1000 IP bytes over 0.95 s.
    EXPECT_EQ(rows[0]["source"], "10.0.255.1");
    EXPECT_EQ(rows[0]["destination_port"], 6000);
    EXPECT_EQ(rows[0]["protocol"], "udp");
    EXPECT_EQ(rows[0]["recorded_bytes"], 20000);
    EXPECT_EQ(rows[1]["recorded_bytes"], 5000);
    for (const auto& row : rows)
    {
        // An idle backbone delivers what was sent, at about the recorded throughput.
        EXPECT_EQ(row["loss"], 0) << row;
        EXPECT_GE(row["delivered_bytes"].get<double>(), 0.9 * row["recorded_bytes"].get<double>())
            << row;
        ASSERT_TRUE(row["throughput_error_pct"].is_number()) << row;
        EXPECT_LT(std::fabs(row["throughput_error_pct"].get<double>()), 25) << row;
    }

    CliResult text = Dtwin({"results", "1", "--replay"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("2 replayed flows; absolute throughput error: median"),
              std::string::npos)
        << text.out;
    CliResult csv = Dtwin({"results", "1", "--replay", "--format", "csv"});
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(csv.out.find("flow,copy,demand,mode"), 0u) << csv.out;
    EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 3) << csv.out;

    CliResult runs = Dtwin({"runs", "--format", "json"});
    auto list = nlohmann::json::parse(runs.out);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["traffic_set"], 1);
}

TEST_F(ReplayCliTest, WindowChoosesTheFlowsByRelativeOrWallClockTime)
{
    // From 1.5 s after the first flow: only Kansas City's reply.
    CliResult late = Replay({"--window", "1.5s.."});
    ASSERT_EQ(late.exitCode, 0) << late.err;
    EXPECT_NE(late.out.find("replayed 1 flows"), std::string::npos) << late.out;
    nlohmann::json rows = ReplayRows("1");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["source"], "10.0.255.8");

    // The same window as wall-clock time.
    CliResult wall = Replay({"--window", "1970-01-01T00:16:41.5Z.."});
    ASSERT_EQ(wall.exitCode, 0) << wall.err;
    rows = ReplayRows("2");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["source"], "10.0.255.8");

    // Up to 500 ms: the first half of New York's flow.
    CliResult early = Replay({"--window", "..500ms"});
    ASSERT_EQ(early.exitCode, 0) << early.err;
    rows = ReplayRows("3");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["source"], "10.0.255.1");
    EXPECT_LT(rows[0]["recorded_bytes"].get<int64_t>(), 20000);
    EXPECT_GT(rows[0]["recorded_bytes"].get<int64_t>(), 0);
}

TEST_F(ReplayCliTest, PacketModeAndBadOptionsAreChecked)
{
    CliResult rate = Replay({"--packets", "rate"});
    ASSERT_EQ(rate.exitCode, 0) << rate.err;
    EXPECT_NE(rate.out.find("0 as packet sequences, 2 at their mean rate"), std::string::npos)
        << rate.out;
    for (const auto& row : ReplayRows("1"))
    {
        EXPECT_EQ(row["mode"], "rate");
    }
    // By default a capture stored with its packet sequences replays them.
    CliResult packets = Replay({});
    ASSERT_EQ(packets.exitCode, 0) << packets.err;
    std::string expected = Query("SELECT packet_sequences FROM traffic_sets WHERE id = 1") == 1
                               ? "2 as packet sequences"
                               : "0 as packet sequences";
    EXPECT_NE(packets.out.find(expected), std::string::npos) << packets.out;

    const int64_t runs = Rows("runs");
    struct Bad
    {
        std::vector<std::string> args; //!< the command
        std::string message;           //!< part of the error
    };
    std::vector<Bad> bad = {
        {{"run", "1", "--duration", "5s", "--traffic", "1", "--packets", "some"}, "--packets"},
        {{"run", "1", "--duration", "5s", "--traffic", "1", "--window", "soon.."}, "soon"},
        {{"run", "1", "--duration", "5s", "--traffic", "1", "--window", "5s..2s"}, "ends before"},
        {{"run", "1", "--duration", "5s", "--traffic", "1", "--window", "10s"}, "FROM..TO"},
        {{"run", "1", "--duration", "5s", "--traffic", "1", "--window", "60s.."},
         "no flow between"},
        {{"run", "1", "--duration", "5s", "--traffic", "1", "--protocol", "tcp"},
         "no flow between"},
        {{"run", "1", "--duration", "5s", "--window", "..2s"}, "--traffic"},
        {{"run", "1", "--duration", "5s", "--traffic", "9"}, "no traffic set 9"},
    };
    for (const auto& b : bad)
    {
        CliResult r = Dtwin(b.args);
        EXPECT_EQ(r.exitCode, 1) << b.message << ": " << r.err;
        EXPECT_NE(r.err.find(b.message), std::string::npos) << r.err;
    }
    EXPECT_EQ(Rows("runs"), runs);
}

TEST_F(ReplayCliTest, CapturedPacketSequencesReplayAsRecorded)
{
    // The same capture again, with its packet sequences (set 2).
    CliResult imported =
        Dtwin({"import-traffic", m_dir.Path() + "/replay.pcap", "--snapshot", "1", "--packets"});
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
    ASSERT_EQ(Query("SELECT packet_sequences FROM traffic_sets WHERE id = 2"), 1);
    CliResult run = Dtwin({"run", "1", "--duration", "5s", "--traffic", "2"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_NE(run.out.find("2 as packet sequences, 0 at their mean rate"), std::string::npos)
        << run.out;
    nlohmann::json rows = ReplayRows("1");
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& row : rows)
    {
        EXPECT_EQ(row["mode"], "packets") << row;
        // Every packet arrives on the idle backbone, with its recorded IP size.
        EXPECT_EQ(row["delivered_bytes"], row["recorded_bytes"]) << row;
        EXPECT_EQ(row["loss"], 0) << row;
    }
    // --packets rate ignores the sequences.
    CliResult rate = Dtwin({"run", "1", "--duration", "5s", "--traffic", "2", "--packets", "rate"});
    ASSERT_EQ(rate.exitCode, 0) << rate.err;
    EXPECT_NE(rate.out.find("0 as packet sequences, 2 at their mean rate"), std::string::npos)
        << rate.out;
}

TEST_F(ReplayCliTest, ResultsOfARunWithoutTrafficSaySo)
{
    CliResult run = Dtwin({"run", "1", "--duration", "1s"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    CliResult r = Dtwin({"results", "1", "--replay"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("replayed no recorded traffic"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

} // namespace
} // namespace test
} // namespace ns3
