/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The bad-input corpus (test/data/bad/): every kind of broken, hostile or oversize input a
// user may hand dtwin, each run through the command a user would use. Each must end with exit
// code 1, a message naming the file and the line or data path, and nothing stored.
// With DTWIN_BAD_INPUT_TABLE=FILE set, the test writes the markdown table of
// doc/robustness.md (input, command, message the user gets) to FILE.

#include "cli-harness.h"

#include "ns3/importer-util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

/** One bad input and how a user would feed it to dtwin. */
struct BadInput
{
    std::string file;              //!< the input, relative to the source tree
    std::vector<std::string> args; //!< the command; {FILE}, {SNAPSHOT}, {CHANGESET} filled in
    std::string where;             //!< regex the message's location must match
    std::string message;           //!< text the message must contain
};

/** Tables whose rows an input might add. */
const std::vector<std::string> kStoredTables = {
    "snapshots",         "nodes",         "links",           "routes",
    "demand_sets",       "runs",          "sweeps",          "scenarios",
    "traffic_sets",      "traffic_flows", "traffic_packets", "change_sets",
    "derived_snapshots", "verifications"};

/**
 * @param file a corpus file name
 * @return its path relative to the source tree
 */
std::string
Bad(const std::string& file)
{
    return "test/data/bad/" + file;
}

/** The corpus. */
std::vector<BadInput>
Corpus()
{
    const std::vector<std::string> import = {"import", "{FILE}"};
    const std::vector<std::string> importYang = {"import", "{FILE}", "--format", "yang"};
    const std::vector<std::string> importStrict = {"import", "{FILE}", "--strict"};
    const std::vector<std::string> demands = {"run", "{SNAPSHOT}", "--duration",
                                              "1s",  "--demands",  "{FILE}"};
    const std::vector<std::string> traffic = {"import-traffic", "{FILE}", "--snapshot",
                                              "{SNAPSHOT}"};
    const std::string line = ":[0-9]+"; // the location names a line
    return {
        // Topologies
        {Bad("empty.gml"), import, Bad("empty.gml"), "is empty"},
        {Bad("blank.json"), import, Bad("blank.json"), "cannot tell the format"},
        {Bad("blank.json"), importYang, Bad("blank.json"), "is empty"},
        {Bad("truncated.gml"), import, Bad("truncated.gml") + line, "end of file"},
        {Bad("wrong-format.gml"), import, Bad("wrong-format.gml") + ":1", ""},
        {Bad("binary-garbage.gml"), import, Bad("binary-garbage.gml") + line, ""},
        {Bad("binary-garbage.json"), importYang, Bad("binary-garbage.json") + line, "malformed"},
        {Bad("invalid-utf8.gml"), import, Bad("invalid-utf8.gml") + ":2", "UTF-8"},
        {Bad("invalid-utf8.json"), import, Bad("invalid-utf8.json") + line, ""},
        {Bad("huge-number.gml"), import, Bad("huge-number.gml") + ":4", ""},
        {Bad("huge-capacity.gml"), importStrict, Bad("huge-capacity.gml") + ":4",
         "not a usable bit rate"},
        {Bad("negative-capacity.gml"), importStrict, Bad("negative-capacity.gml") + ":4",
         "below 1 bit/s"},
        {Bad("duplicate-id.gml"), import, Bad("duplicate-id.gml") + ":3", ""},
        {Bad("dangling-link.gml"), import, Bad("dangling-link.gml") + ":5", ""},
        {Bad("deep-nesting.gml"), import, Bad("deep-nesting.gml") + line,
         "65 levels exceed the limit of 64 (raise it with --limit depth=N)"},
        {Bad("deep-nesting.json"), import, Bad("deep-nesting.json") + ":2",
         "65 levels exceed the limit of 64 (raise it with --limit depth=N)"},
        {Bad("truncated.json"), import, Bad("truncated.json") + line, ""},
        {Bad("unclosed.xml"), import, Bad("unclosed.xml") + line, ""},
        {Bad("duplicate-node.json"), import, Bad("duplicate-node.json") + ".*R1", ""},
        {Bad("dangling-link.json"), import, Bad("dangling-link.json") + ".*R9", ""},
        {Bad("truncated.sndlib"), import, Bad("truncated.sndlib") + line, ""},
        {Bad("negative-capacity.sndlib"), import, Bad("negative-capacity.sndlib") + ":7", ""},
        {Bad("dangling-link.sndlib"), import, Bad("dangling-link.sndlib") + ":8", ""},
        {"test/data/gml/abilene-like.gml",
         {"import", "{FILE}", "--limit", "file-bytes=1K"},
         "test/data/gml/abilene-like.gml",
         "bytes exceed the limit of 1024 (raise it with --limit file-bytes=N)"},
        {"test/data/gml/abilene-like.gml",
         {"import", "{FILE}", "--limit", "nodes=10"},
         "test/data/gml/abilene-like.gml",
         "11 nodes exceed the limit of 10 (raise it with --limit nodes=N)"},
        // Demand files
        {Bad("unknown-node.csv"), demands, Bad("unknown-node.csv") + ":3", "NOWHERE"},
        {Bad("negative-rate.csv"), demands, Bad("negative-rate.csv") + ":2", ""},
        {Bad("duplicate-demand.csv"), demands, Bad("duplicate-demand.csv") + ":3", "d1"},
        {Bad("no-header.csv"), demands, Bad("no-header.csv"), "header"},
        // Captures and flow exports
        {Bad("empty.pcap"), traffic, Bad("empty.pcap"), "the file is empty"},
        {Bad("bad-magic.pcap"), traffic, Bad("bad-magic.pcap"), "not a pcap or pcapng capture"},
        {Bad("truncated-header.pcap"), traffic, Bad("truncated-header.pcap"), ""},
        {Bad("truncated-packet.pcap"), traffic, Bad("truncated-packet.pcap"), ""},
        {Bad("huge-caplen.pcap"), traffic, Bad("huge-caplen.pcap"), ""},
        {Bad("truncated.pcapng"), traffic, Bad("truncated.pcapng"), ""},
        {Bad("netflow-v7.bin"), traffic, Bad("netflow-v7.bin"), ""},
        {Bad("netflow-v5-short.bin"), traffic, Bad("netflow-v5-short.bin"), ""},
        {Bad("ipfix-zero-length-set.bin"), traffic, Bad("ipfix-zero-length-set.bin"), "set"},
        {Bad("ipfix-template-loop.bin"), traffic, Bad("ipfix-template-loop.bin"), "template"},
        {Bad("ipfix-template-overrun.bin"), traffic, Bad("ipfix-template-overrun.bin"), "template"},
        {Bad("ipfix-no-template.bin"), traffic, Bad("ipfix-no-template.bin"), "template"},
        // Scenarios and change sets
        {Bad("unknown-link-scenario.json"),
         {"run", "{FILE}"},
         Bad("unknown-link-scenario.json") + line,
         "A-Z"},
        {Bad("truncated-scenario.json"),
         {"run", "{FILE}"},
         Bad("truncated-scenario.json") + line,
         ""},
        {Bad("deep-scenario.xml"),
         {"run", "{FILE}"},
         Bad("deep-scenario.xml") + ":2",
         "levels exceed the limit of 64"},
        {Bad("bad-syntax-change.xml"),
         {"change-set", "add", "{FILE}"},
         Bad("bad-syntax-change.xml") + ":5",
         ""},
        {Bad("unknown-interface-change.json"),
         {"change-set", "apply", "{CHANGESET}", "{SNAPSHOT}"},
         Bad("unknown-interface-change.json") + line,
         "to-NOWHERE"},
    };
}

/**
 * @param text what dtwin printed on standard error
 * @return its first error line (what the user reads first), else its first line
 */
std::string
FirstError(const std::string& text)
{
    std::istringstream in(text);
    std::string line;
    std::string first;
    while (std::getline(in, line))
    {
        if (first.empty())
        {
            first = line;
        }
        if (line.find("error: ") != std::string::npos)
        {
            return line;
        }
    }
    return first;
}

/**
 * @param text table cell text
 * @return the text with the markdown table separator escaped
 */
std::string
Cell(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    }
    return out;
}

class BadInputTest : public CliTest
{
protected:
    /** @return the row count of every table an input could add to */
    std::map<std::string, int64_t> Counts() const
    {
        std::map<std::string, int64_t> out;
        for (const auto& t : kStoredTables)
        {
            out[t] = Rows(t);
        }
        return out;
    }
};

TEST_F(BadInputTest, EveryBadInputFailsWithAPlaceAndStoresNothing)
{
    const std::string snapshot = ImportAbilene();
    ASSERT_FALSE(snapshot.empty());
    const char* tablePath = std::getenv("DTWIN_BAD_INPUT_TABLE");
    std::string table = "| input | command | message the user gets |\n|---|---|---|\n";
    for (const auto& bad : Corpus())
    {
        SCOPED_TRACE(bad.file);
        std::string changeSet;
        if (std::find(bad.args.begin(), bad.args.end(), "{CHANGESET}") != bad.args.end())
        {
            // The change set is well-formed on its own; applying it to a snapshot fails.
            CliResult add = Dtwin({"change-set", "add", bad.file});
            ASSERT_EQ(add.exitCode, 0) << add.err;
            std::smatch m;
            ASSERT_TRUE(std::regex_search(add.out, m, std::regex("change set ([0-9]+)")))
                << add.out;
            changeSet = m[1];
        }
        std::vector<std::string> args;
        std::string shown = "dtwin";
        for (const auto& a : bad.args)
        {
            std::string v = a == "{FILE}"        ? bad.file
                            : a == "{SNAPSHOT}"  ? snapshot
                            : a == "{CHANGESET}" ? changeSet
                                                 : a;
            args.push_back(v);
            shown += " " + v;
        }
        auto before = Counts();
        CliResult r = Dtwin(args);
        EXPECT_EQ(r.exitCode, 1) << shown << "\nstdout:\n" << r.out << "stderr:\n" << r.err;
        std::string message = FirstError(r.err);
        EXPECT_TRUE(std::regex_search(message, std::regex("^" + bad.where)))
            << "the first error does not name " << bad.where << ":\n"
            << r.err;
        EXPECT_NE(r.err.find(bad.message), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
        // Hostile bytes quoted in messages reach the terminal escaped.
        EXPECT_EQ(r.err.find_first_of(std::string("\x00\x1b\r\x7f", 4)), std::string::npos)
            << r.err;
        TwinDiagnostics utf8;
        EXPECT_TRUE(importer::CheckUtf8(r.err, "stderr", "message", utf8)) << Dump(utf8);
        EXPECT_EQ(Counts(), before) << shown << " stored something";
        table += "| `" + Cell(bad.file.substr(bad.file.rfind('/') + 1)) + "` | `" + Cell(shown) +
                 "` | " + Cell(message) + " |\n";
    }
    // The store still works after all of them.
    CliResult list = Dtwin({"snapshots"});
    EXPECT_EQ(list.exitCode, 0) << list.err;
    if (tablePath != nullptr)
    {
        std::ofstream(tablePath) << table;
    }
}

TEST_F(BadInputTest, LimitOptionIsCheckedAndRaisesTheLimit)
{
    CliResult unknown = Dtwin({"import", "test/data/gml/abilene-like.gml", "--limit", "size=5"});
    EXPECT_EQ(unknown.exitCode, 1);
    EXPECT_NE(unknown.err.find("--limit: unknown limit 'size'"), std::string::npos) << unknown.err;
    CliResult zero = Dtwin({"import", "test/data/gml/abilene-like.gml", "--limit", "nodes=0"});
    EXPECT_EQ(zero.exitCode, 1);
    EXPECT_NE(zero.err.find("whole number above 0"), std::string::npos) << zero.err;
    EXPECT_FALSE(std::filesystem::exists(Db())) << "a refused option created the store";

    // deep-nesting.gml nests 201 levels: refused by default, read (and found to have no
    // nodes) when the limit is raised.
    CliResult raised =
        Dtwin({"import", Bad("deep-nesting.gml"), "--limit", "depth=300", "--limit", "nodes=5"});
    EXPECT_EQ(raised.exitCode, 1);
    EXPECT_EQ(raised.err.find("levels exceed"), std::string::npos) << raised.err;
    CliResult ok = Dtwin({"import", "test/data/gml/abilene-like.gml", "--limit", "nodes=11",
                          "--limit", "links=28", "--limit", "file-bytes=1M"});
    EXPECT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_EQ(Rows("snapshots"), 1);
}

} // namespace
} // namespace test
} // namespace ns3
