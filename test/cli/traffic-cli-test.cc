/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// dtwin import-traffic and dtwin traffic, run as a user runs them, on captures this test
// writes with libpcap.

#include "cli-harness.h"

#include "ns3/twin-store.h"

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <pcap/pcap.h>

namespace ns3
{
namespace test
{
namespace
{

/**
 * Read a capture's packet times back with libpcap (what a stored sequence must hold).
 * @param path the capture
 * @return each packet's time in ns since the epoch and its IP bytes (raw IP: the wire length)
 */
std::vector<TwinPacketRecord>
CapturedPackets(const std::string& path)
{
    char error[PCAP_ERRBUF_SIZE] = {};
    std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(
        pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error),
        &pcap_close);
    std::vector<TwinPacketRecord> packets;
    if (!p)
    {
        ADD_FAILURE() << error;
        return packets;
    }
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p.get(), &header, &data) == 1)
    {
        packets.push_back({static_cast<int64_t>(header->ts.tv_sec) * 1000000000 +
                               static_cast<int64_t>(header->ts.tv_usec),
                           header->len});
    }
    return packets;
}

/** import-traffic and traffic on the bundled sample. */
class TrafficCliTest : public CliTest
{
protected:
    /** @return a capture: New York to Kansas City (two flows), and one from outside */
    std::string Capture()
    {
        std::string path = m_dir.Path() + "/lab.pcap";
        WriteUdpCapture(path, {{"10.0.255.1", "10.0.255.8", 5000, 6000, 972, 1000.0},
                               {"10.0.255.1", "10.0.255.8", 5000, 6000, 972, 1000.5},
                               {"10.0.255.8", "10.0.255.1", 6000, 5000, 472, 1000.6},
                               {"198.51.100.7", "10.0.255.8", 53, 4000, 100, 1001.0}});
        return path;
    }
};

TEST_F(TrafficCliTest, CaptureIsMappedAndStoredAsOneSet)
{
    ImportAbilene();
    CliResult r =
        Dtwin({"import-traffic", Capture(), "--snapshot", "1", "--default-node", "WASHng"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("traffic set 1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("3 flows"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("4 packets read"), std::string::npos) << r.out;

    CliResult flows = Dtwin({"traffic", "1", "--format", "json"});
    ASSERT_EQ(flows.exitCode, 0) << flows.err;
    auto rows = nlohmann::json::parse(flows.out);
    ASSERT_EQ(rows.size(), 3U);
    // In start order: the two-packet New York flow, its reply, the outside one.
    EXPECT_EQ(rows[0]["source_node"], "NYCMng");
    EXPECT_EQ(rows[0]["destination_node"], "KSCYng");
    EXPECT_EQ(rows[0]["source_rule"], "snapshot");
    EXPECT_EQ(rows[0]["packets"], 2);
    EXPECT_EQ(rows[0]["bytes"], 2 * 1000);
    EXPECT_EQ(rows[1]["source_node"], "KSCYng");
    EXPECT_EQ(rows[1]["bytes"], 500);
    EXPECT_EQ(rows[2]["source_node"], "WASHng");
    EXPECT_EQ(rows[2]["source_rule"], "default");
    EXPECT_EQ(rows[2]["destination_node"], "KSCYng");

    CliResult list = Dtwin({"traffic", "--format", "json"});
    auto sets = nlohmann::json::parse(list.out);
    ASSERT_EQ(sets.size(), 1U);
    EXPECT_EQ(sets[0]["flows"], 3);
    EXPECT_EQ(sets[0]["bytes"], 2 * 1000 + 500 + 128);
    EXPECT_EQ(sets[0]["format"], "capture");
}

TEST_F(TrafficCliTest, AnonymisedAddressesKeepTheirNodes)
{
    ImportAbilene();
    std::string key = m_dir.Write("key.hex", std::string(64, 'a') + "\n");
    CliResult r = Dtwin({"import-traffic", Capture(), "--snapshot", "1", "--anonymise-key", key});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto rows = nlohmann::json::parse(Dtwin({"traffic", "1", "--format", "json"}).out);
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_NE(rows[0]["source"], "10.0.255.1");
    EXPECT_NE(rows[0]["destination"], "10.0.255.8");
    EXPECT_EQ(rows[0]["source_node"], "NYCMng") << "nodes come from the real addresses";
    EXPECT_EQ(rows[1]["source"], rows[0]["destination"]) << "consistent within the set";
    EXPECT_EQ(Query("SELECT COUNT(*) FROM traffic_flows WHERE source_address LIKE '10.0.255.%' "
                    "OR dest_address LIKE '10.0.255.%'"),
              0)
        << "no real address reaches the store";
    EXPECT_EQ(Query("SELECT anonymised FROM traffic_sets"), 1);
}

TEST_F(TrafficCliTest, BadInputStoresNothing)
{
    ImportAbilene();
    std::string capture = Capture();
    // Cut the file inside its last packet.
    std::filesystem::resize_file(capture, std::filesystem::file_size(capture) - 10);
    CliResult cut = Dtwin({"import-traffic", capture, "--snapshot", "1"});
    EXPECT_EQ(cut.exitCode, 1) << cut.err;
    EXPECT_NE(cut.err.find("lab.pcap"), std::string::npos) << cut.err;
    EXPECT_NE(cut.err.find("nothing imported"), std::string::npos) << cut.err;
    EXPECT_EQ(Query("SELECT COUNT(*) FROM traffic_sets"), 0);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM traffic_flows"), 0);

    // Skipping bad records stores what was read, and says what was skipped.
    CliResult skipped = Dtwin({"import-traffic", capture, "--snapshot", "1", "--skip-bad"});
    EXPECT_EQ(skipped.exitCode, 0) << skipped.err;
    EXPECT_NE(skipped.out.find("1 bad ones skipped"), std::string::npos) << skipped.out;

    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"import-traffic", Capture(), "--snapshot", "99"},
          std::vector<std::string>{"import-traffic", Capture(), "--snapshot", "1", "--default-node",
                                   "NOWHERE"},
          std::vector<std::string>{"import-traffic", Capture(), "--snapshot", "1", "--format",
                                   "tcpdump"},
          std::vector<std::string>{"import-traffic", m_dir.Path() + "/missing.pcap", "--snapshot",
                                   "1"}})
    {
        CliResult r = Dtwin(args);
        EXPECT_EQ(r.exitCode, 1) << args.back() << "\n" << r.err;
    }
    EXPECT_EQ(Query("SELECT COUNT(*) FROM traffic_sets"), 1);
}

TEST_F(TrafficCliTest, StoredTrafficIsReplayedAsDemands)
{
    ImportAbilene();
    ASSERT_EQ(Dtwin({"import-traffic", Capture(), "--snapshot", "1", "--default-node", "WASHng"})
                  .exitCode,
              0);
    CliResult run = Dtwin({"run", "1", "--duration", "2s", "--traffic", "1"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    auto flows = nlohmann::json::parse(Dtwin({"results", "1", "--flows", "--format", "json"}).out);
    // Three UDP flows between different nodes become three demands, each delivered in full:
    // the recorded packets (2 of 972-byte payload, 1 of 472, 1 of 100) and their sizes.
    std::map<std::string, nlohmann::json> byDemand;
    for (const auto& f : flows)
    {
        byDemand[f["demand"]] = f;
    }
    ASSERT_EQ(byDemand.size(), 3U) << flows;
    uint64_t rxBytes = 0;
    uint64_t rxPackets = 0;
    for (const auto& [id, f] : byDemand)
    {
        EXPECT_EQ(id.rfind("t-udp-", 0), 0U) << id;
        rxBytes += f["rx_bytes"].get<uint64_t>();
        rxPackets += f["rx_packets"].get<uint64_t>();
    }
    EXPECT_EQ(rxPackets, 4U);
    EXPECT_EQ(rxBytes, 2 * 1000 + 500 + 128U);

    // Wrong combinations are refused.
    EXPECT_EQ(Dtwin({"run", "1", "--duration", "2s", "--traffic", "9"}).exitCode, 1);
    EXPECT_EQ(
        Dtwin({"run", "1", "--duration", "2s", "--traffic", "1", "--protocol", "gre"}).exitCode, 1);
    EXPECT_EQ(Dtwin({"run", "test/data/scenario/triangle-failure.json", "--traffic", "1"}).exitCode,
              1);
}

TEST_F(TrafficCliTest, PacketSequencesAreStoredAndShown)
{
    ImportAbilene();
    // The lab capture, plus a flow of 5000 packets (two chunks) at 0.3 ms spacing.
    std::vector<UdpDatagram> datagrams{{"10.0.255.1", "10.0.255.8", 5000, 6000, 972, 1000.0},
                                       {"10.0.255.1", "10.0.255.8", 5000, 6000, 972, 1000.5},
                                       {"10.0.255.8", "10.0.255.1", 6000, 5000, 472, 1000.6}};
    for (int k = 0; k < 5000; ++k)
    {
        datagrams.push_back({"10.0.255.8", "10.0.255.1", 7000, 7000,
                             static_cast<uint16_t>(k % 1000), 1001.0 + k * 0.0003});
    }
    std::string path = m_dir.Path() + "/seq.pcap";
    WriteUdpCapture(path, datagrams);
    CliResult r = Dtwin({"import-traffic", path, "--snapshot", "1", "--packets"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("3 flows"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("5003 packets stored in packet sequences"), std::string::npos) << r.out;
    EXPECT_EQ(Query("SELECT packet_sequences FROM traffic_sets WHERE id = 1"), 1);
    EXPECT_EQ(Query("SELECT count(*) FROM traffic_packets WHERE set_id = 1"), 1 + 1 + 2);

    // Read back through the store: every packet's capture time (ns) and size, in order.
    std::vector<TwinPacketRecord> captured = CapturedPackets(path);
    ASSERT_EQ(captured.size(), 5003u);
    std::map<std::string, std::vector<TwinPacketRecord>> expected;
    for (std::size_t i = 0; i < datagrams.size(); ++i)
    {
        expected[datagrams[i].source + ":" + std::to_string(datagrams[i].sourcePort)].push_back(
            captured[i]);
    }
    {
        TwinStore store(Db());
        std::size_t flows = 0;
        store.ForEachTrafficFlow(
            1,
            [&](const TwinMappedFlow& m)
            {
                ++flows;
                const auto& want =
                    expected[m.flow.sourceAddress + ":" + std::to_string(m.flow.sourcePort)];
                ASSERT_EQ(m.packets.size(), want.size()) << m.flow.sourceAddress;
                for (std::size_t k = 0; k < want.size(); ++k)
                {
                    ASSERT_EQ(m.packets[k].timeNs, want[k].timeNs) << k;
                    ASSERT_EQ(m.packets[k].bytes, want[k].bytes) << k;
                }
            },
            true);
        EXPECT_EQ(flows, 3u);
    }

    auto sets = nlohmann::json::parse(Dtwin({"traffic", "--format", "json"}).out);
    ASSERT_EQ(sets.size(), 1U);
    EXPECT_EQ(sets[0]["packet_sequences"], true);
    CliResult show = Dtwin({"traffic", "1", "--format", "json"});
    ASSERT_EQ(show.exitCode, 0) << show.err;
    auto rows = nlohmann::json::parse(show.out);
    ASSERT_EQ(rows.size(), 3U);
    for (const auto& row : rows)
    {
        EXPECT_EQ(row["sequence_packets"], row["packets"]) << row;
    }
    EXPECT_NE(show.err.find("packet sequences stored (5003 packets)"), std::string::npos)
        << show.err;
    CliResult text = Dtwin({"traffic", "1"});
    EXPECT_NE(text.out.find("packet sequences stored (5003 packets)"), std::string::npos)
        << text.out;

    // Without --packets: no sequences, and the listing says so.
    ASSERT_EQ(Dtwin({"import-traffic", path, "--snapshot", "1"}).exitCode, 0);
    sets = nlohmann::json::parse(Dtwin({"traffic", "--format", "json"}).out);
    ASSERT_EQ(sets.size(), 2U);
    EXPECT_EQ(sets[1]["packet_sequences"], false);
    CliResult plain = Dtwin({"traffic", "2"});
    EXPECT_NE(plain.out.find("no packet sequences (import with --packets"), std::string::npos)
        << plain.out;
    EXPECT_EQ(Query("SELECT count(*) FROM traffic_packets WHERE set_id = 2"), 0);
}

TEST_F(TrafficCliTest, PacketsOfABadCaptureAreNotStored)
{
    ImportAbilene();
    std::string capture = Capture();
    std::filesystem::resize_file(capture, std::filesystem::file_size(capture) - 10);
    CliResult cut = Dtwin({"import-traffic", capture, "--snapshot", "1", "--packets"});
    EXPECT_EQ(cut.exitCode, 1) << cut.err;
    EXPECT_NE(cut.err.find("nothing imported"), std::string::npos) << cut.err;
    EXPECT_EQ(Query("SELECT COUNT(*) FROM traffic_sets"), 0);
    EXPECT_EQ(Query("SELECT COUNT(*) FROM traffic_packets"), 0);
    CliResult skipped =
        Dtwin({"import-traffic", capture, "--snapshot", "1", "--packets", "--skip-bad"});
    ASSERT_EQ(skipped.exitCode, 0) << skipped.err;
    EXPECT_NE(skipped.out.find("3 packets stored in packet sequences"), std::string::npos)
        << skipped.out;
}

TEST_F(TrafficCliTest, PacketsOfAFlowExportAreRefused)
{
    ImportAbilene();
    // A flow export (here: any file that is not a capture, taken as one) has no packets.
    std::string notCapture = m_dir.Write("flows.bin", std::string(64, '\x05'));
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"import-traffic", notCapture, "--snapshot", "1", "--packets"},
          std::vector<std::string>{"import-traffic", Capture(), "--snapshot", "1", "--format",
                                   "netflow5", "--packets"}})
    {
        CliResult r = Dtwin(args);
        EXPECT_EQ(r.exitCode, 1) << r.err;
        EXPECT_NE(r.err.find("--packets stores the packet sequences of a capture"),
                  std::string::npos)
            << r.err;
        EXPECT_NE(r.err.find("holds flow records, not packets"), std::string::npos) << r.err;
    }
    EXPECT_EQ(Query("SELECT COUNT(*) FROM traffic_sets"), 0);
}

} // namespace
} // namespace test
} // namespace ns3
