/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Many dtwin processes on one store at once, as a team sharing a twin store has them: imports
// of different inputs and of the same input, snapshot runs, a parallel sweep, a traffic import
// and readers. Nobody may see "database is locked", nothing may be lost or stored twice, and
// the store must end up holding exactly what the same work done one command at a time gives.

#include "cli-harness.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <thread>

namespace ns3
{
namespace test
{
namespace
{

/** One dtwin invocation of a round. */
struct Command
{
    std::string label;             //!< names it in failure messages
    std::vector<std::string> args; //!< arguments after "dtwin" (--db is added)
};

/** Rounds of concurrent work on one store (each round starts every command at once). */
constexpr int kRounds = 3;

/** Tables that grow with every round; every other table holds content stored once. */
bool
GrowsPerRound(const std::string& table)
{
    return table == "runs" || table.rfind("run_", 0) == 0 || table == "sweeps" ||
           table.rfind("traffic_", 0) == 0;
}

/**
 * @param text some output
 * @return it in lower case
 */
std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/**
 * The snapshot id an import printed, and whether it was new.
 * @param out the import's standard output
 * @param isNew set to true for "snapshot N (...", false for "unchanged: ..."
 * @return the id, or "" if the output says neither
 */
std::string
ImportedId(const std::string& out, bool& isNew)
{
    const std::string fresh = "snapshot ";
    const std::string unchanged = "unchanged: already stored as snapshot ";
    std::string rest;
    if (out.rfind(unchanged, 0) == 0)
    {
        isNew = false;
        rest = out.substr(unchanged.size());
    }
    else if (out.rfind(fresh, 0) == 0)
    {
        isNew = true;
        rest = out.substr(fresh.size());
    }
    return rest.substr(0, rest.find(' '));
}

/** dtwin processes sharing one store. */
class ConcurrencyCliTest : public CliTest
{
protected:
    /**
     * Start one dtwin process that waits for the gate to open before it executes.
     * @param command what to run
     * @param db the store
     * @param outPath its standard output
     * @param errPath its standard error
     * @param gate read end of the gate pipe (-1: start at once)
     * @param gateWrite write end of the gate pipe, closed in the child (-1: none)
     * @return its pid (or -1)
     */
    pid_t Start(const Command& command, const std::string& db, const std::string& outPath,
                const std::string& errPath, int gate, int gateWrite)
    {
        std::vector<std::string> args = command.args;
        args.push_back("--db");
        args.push_back(db);
        std::string cli = DTWIN_CLI;
        std::string dir = SourcePath("");
        // Everything the child needs is built before fork: it only calls async-signal-safe
        // functions.
        std::vector<char*> argv;
        argv.push_back(cli.data());
        for (auto& a : args)
        {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        pid_t pid = fork();
        if (pid == 0)
        {
            if (gateWrite >= 0)
            {
                close(gateWrite);
            }
            if (gate >= 0)
            {
                char byte;
                while (read(gate, &byte, 1) < 0 && errno == EINTR)
                {
                }
                close(gate);
            }
            int o = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int e = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (o < 0 || e < 0 || dup2(o, STDOUT_FILENO) < 0 || dup2(e, STDERR_FILENO) < 0 ||
                chdir(dir.c_str()) != 0)
            {
                _exit(127);
            }
            execv(cli.c_str(), argv.data());
            _exit(127);
        }
        if (pid < 0)
        {
            ADD_FAILURE() << "fork: " << std::strerror(errno);
        }
        return pid;
    }

    /**
     * Run commands on one store, all at once (they are started first and then released
     * together) or one after the other.
     * @param commands what to run
     * @param db the store
     * @param together true: at once; false: each after the previous ended
     * @return each command's result, in order
     */
    std::vector<CliResult> RunCommands(const std::vector<Command>& commands, const std::string& db,
                                       bool together)
    {
        int gate[2] = {-1, -1};
        if (together && pipe(gate) != 0)
        {
            ADD_FAILURE() << "pipe: " << std::strerror(errno);
            return {};
        }
        std::vector<pid_t> pids;
        std::vector<CliResult> results(commands.size());
        for (std::size_t i = 0; i < commands.size(); ++i)
        {
            pid_t pid = Start(commands[i], db, OutPath(i), ErrPath(i), gate[0], gate[1]);
            pids.push_back(pid);
            if (!together)
            {
                results[i] = Wait(pid, i);
            }
        }
        if (together)
        {
            close(gate[0]);
            close(gate[1]); // every process starts now
            for (std::size_t i = 0; i < commands.size(); ++i)
            {
                results[i] = Wait(pids[i], i);
            }
        }
        return results;
    }

    /**
     * @param pid a process of RunCommands
     * @param index its command index
     * @return its exit code and output
     */
    CliResult Wait(pid_t pid, std::size_t index)
    {
        CliResult r;
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) != pid)
        {
            return r;
        }
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = Slurp(OutPath(index));
        r.err = Slurp(ErrPath(index));
        return r;
    }

    /** @param i a command index @return the file of its standard output */
    std::string OutPath(std::size_t i) const { return m_dir.Path() + "/out-" + std::to_string(i); }

    /** @param i a command index @return the file of its standard error */
    std::string ErrPath(std::size_t i) const { return m_dir.Path() + "/err-" + std::to_string(i); }

    /**
     * @param db a store
     * @return rows of every table
     */
    static std::map<std::string, int64_t> TableRows(const std::string& db)
    {
        SqliteDatabase d(db);
        std::vector<std::string> tables;
        SqliteStatement list(d,
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                             "LIKE 'sqlite_%' ORDER BY name",
                             "list the tables");
        while (list.Step())
        {
            tables.push_back(list.ColumnText(0));
        }
        std::map<std::string, int64_t> rows;
        for (const auto& t : tables)
        {
            rows[t] = d.QueryInt64("SELECT COUNT(*) FROM \"" + t + "\"", "count " + t);
        }
        return rows;
    }

    /**
     * What every run holds, by what the run is (variant and seed): rows per table with a
     * run_id column. Runs of one kind are deterministic, so they hold the same rows.
     * @param db a store
     * @return "variant/seed table" -> the distinct row counts of runs of that kind
     */
    static std::map<std::string, std::set<int64_t>> RowsPerRunKind(const std::string& db)
    {
        SqliteDatabase d(db);
        std::vector<std::string> tables;
        SqliteStatement list(d,
                             "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
                             "WHERE m.type = 'table' AND c.name = 'run_id' ORDER BY m.name",
                             "list the run tables");
        while (list.Step())
        {
            tables.push_back(list.ColumnText(0));
        }
        std::map<std::string, std::set<int64_t>> kinds;
        for (const auto& t : tables)
        {
            SqliteStatement per(d,
                                "SELECT coalesce(r.variant_name, '-') || '/' || r.seed, "
                                "(SELECT COUNT(*) FROM \"" +
                                    t + "\" x WHERE x.run_id = r.id) FROM runs r",
                                "rows of " + t + " per run");
            while (per.Step())
            {
                kinds[per.ColumnText(0) + " " + t].insert(per.ColumnInt64(1));
            }
        }
        return kinds;
    }

    /**
     * Expect an intact store: integrity, foreign keys, every sweep complete.
     * @param db the store
     */
    static void ExpectIntact(const std::string& db)
    {
        SqliteDatabase d(db);
        EXPECT_EQ(d.QueryText("PRAGMA integrity_check", "integrity check"), "ok");
        EXPECT_EQ(d.QueryInt64("SELECT COUNT(*) FROM pragma_foreign_key_check", "foreign keys"), 0);
        EXPECT_EQ(d.QueryInt64("SELECT COUNT(*) FROM sweep_summary WHERE stored_runs <> "
                               "planned_runs",
                               "incomplete sweeps"),
                  0);
        EXPECT_EQ(d.QueryInt64("SELECT COUNT(*) FROM runs WHERE status <> 'completed'",
                               "runs not completed"),
                  0);
    }

    /** @return a capture of 40 UDP flows from outside the network, 1000 packets */
    std::string Capture()
    {
        std::vector<UdpDatagram> datagrams;
        for (int i = 0; i < 1000; ++i)
        {
            datagrams.push_back({"198.51.100." + std::to_string(1 + i % 40), "203.0.113.9",
                                 static_cast<uint16_t>(5000 + i % 40), 53, 200, 1000.0 + i * 0.01});
        }
        std::string path = m_dir.Path() + "/lab.pcap";
        WriteUdpCapture(path, datagrams);
        return path;
    }
};

TEST_F(ConcurrencyCliTest, ProcessesSharingOneStoreLoseNothingAndNeverSeeALock)
{
    const std::string triangleDemands = "test/data/scenario/triangle-demands.csv";
    // Both stores start alike: the triangle (snapshot 1) and one run of it (run 1).
    const std::vector<Command> setup = {
        {"import triangle", {"import", "test/data/scenario/triangle.gml"}},
        {"run triangle", {"run", "1", "--duration", "2s", "--demands", triangleDemands}},
    };
    const std::vector<Command> round = {
        {"import zoo gml", {"import", "test/data/gml/abilene-like.gml"}},
        {"import sndlib", {"import", "test/data/sndlib/abilene-like.native.txt"}},
        {"import yang json", {"import", "test/data/yang/mini-json"}},
        {"import yang xml", {"import", "test/data/yang/mini-xml"}},
        {"import abilene (a)", {"import", "examples/data/abilene/"}},
        {"import abilene (b)", {"import", "examples/data/abilene/"}},
        {"import triangle again", {"import", "test/data/scenario/triangle.gml"}},
        {"run seed 1", {"run", "1", "--duration", "2s", "--demands", triangleDemands}},
        {"run seed 2",
         {"run", "1", "--duration", "2s", "--demands", triangleDemands, "--seed", "2"}},
        {"sweep --jobs 4", {"run", "test/data/scenario/triangle-n-1.json", "--jobs", "4"}},
        {"import-traffic", {"import-traffic", Capture(), "--snapshot", "1", "--default-node", "A"}},
        {"snapshots", {"snapshots"}},
        {"runs", {"runs"}},
        {"results", {"results", "1"}},
        {"show links", {"show", "1", "--links"}},
        {"traffic", {"traffic"}},
    };

    // The same work one command at a time: what the store must hold afterwards.
    const std::string reference = m_dir.Path() + "/reference.db";
    for (const auto& r : RunCommands(setup, reference, false))
    {
        ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    }
    const auto setupRows = TableRows(reference);
    std::vector<CliResult> expected = RunCommands(round, reference, false);
    for (std::size_t i = 0; i < round.size(); ++i)
    {
        // A sweep with a violated objective exits 3 (the N-1 fixture has one); else 0.
        ASSERT_TRUE(expected[i].exitCode == 0 || expected[i].exitCode == 3)
            << round[i].label << ": " << expected[i].out << expected[i].err;
    }
    const auto roundRows = TableRows(reference);
    ExpectIntact(reference);

    const std::string shared = m_dir.Path() + "/shared.db";
    for (const auto& r : RunCommands(setup, shared, false))
    {
        ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    }
    ASSERT_EQ(TableRows(shared), setupRows);
    std::map<std::string, std::set<std::string>> idsBySource; // import argument -> ids
    std::map<std::string, int> newImports;                    // snapshot id -> "snapshot N" lines
    for (int k = 1; k <= kRounds; ++k)
    {
        std::vector<CliResult> got = RunCommands(round, shared, true);
        ASSERT_EQ(got.size(), round.size());
        for (std::size_t i = 0; i < round.size(); ++i)
        {
            const std::string what = "round " + std::to_string(k) + ", " + round[i].label;
            EXPECT_EQ(got[i].exitCode, expected[i].exitCode) << what << ":\n"
                                                             << got[i].out << got[i].err;
            std::string err = Lower(got[i].err);
            EXPECT_EQ(err.find("locked"), std::string::npos) << what << ": " << got[i].err;
            EXPECT_EQ(err.find("busy"), std::string::npos) << what << ": " << got[i].err;
            if (round[i].args.front() == "import")
            {
                bool isNew = false;
                std::string id = ImportedId(got[i].out, isNew);
                EXPECT_FALSE(id.empty()) << what << ": " << got[i].out;
                idsBySource[round[i].args[1]].insert(id);
                newImports[id] += isNew ? 1 : 0;
            }
        }
        // Content-addressed things once, whatever the rounds; runs, sweeps and traffic sets
        // once per round, each complete.
        auto rows = TableRows(shared);
        ASSERT_EQ(rows.size(), roundRows.size());
        for (const auto& [table, count] : roundRows)
        {
            const int64_t perRound = count - setupRows.at(table);
            const int64_t want = GrowsPerRound(table) ? setupRows.at(table) + k * perRound : count;
            EXPECT_EQ(rows[table], want) << "round " << k << ", table " << table;
        }
    }

    // Each input is one snapshot, stored once (the triangle by the set-up), and the same
    // content read concurrently by two processes got one id.
    std::set<std::string> ids;
    for (const auto& [source, sourceIds] : idsBySource)
    {
        EXPECT_EQ(sourceIds.size(), 1U) << source;
        ids.insert(sourceIds.begin(), sourceIds.end());
    }
    for (const auto& id : ids)
    {
        EXPECT_EQ(newImports[id], id == "1" ? 0 : 1) << "snapshot " << id;
    }
    EXPECT_EQ(static_cast<int64_t>(ids.size()), roundRows.at("snapshots"));

    // Every run holds what the same run holds when nothing else is going on.
    auto want = RowsPerRunKind(reference);
    auto got = RowsPerRunKind(shared);
    ASSERT_EQ(got.size(), want.size());
    for (const auto& [kind, counts] : want)
    {
        EXPECT_EQ(counts.size(), 1U) << kind; // the reference itself is deterministic
        EXPECT_EQ(got[kind], counts) << kind;
    }
    ExpectIntact(shared);
}

TEST_F(ConcurrencyCliTest, WriterWaitsForALongHeldLockAndSaysWhy)
{
    ASSERT_EQ(Dtwin({"import", "test/data/scenario/triangle.gml"}).exitCode, 0);
    const Command run{
        "run",
        {"run", "1", "--duration", "1s", "--demands", "test/data/scenario/triangle-demands.csv"}};
    const std::string notice = "note: waiting for another process to finish writing to " + Db();
    pid_t pid = -1;
    bool noticed = false;
    {
        // What a long import-traffic does to everyone else: hold the write lock, here until
        // the run has said that it waits (it does after 2 s).
        SqliteDatabase holder(Db());
        holder.Execute("BEGIN IMMEDIATE", "take the write lock");
        pid = Start(run, Db(), OutPath(0), ErrPath(0), -1, -1);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!noticed && std::chrono::steady_clock::now() < deadline)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            noticed = Slurp(ErrPath(0)).find(notice) != std::string::npos;
        }
        holder.Execute("COMMIT", "release the write lock");
    }
    CliResult r = Wait(pid, 0);
    EXPECT_TRUE(noticed) << r.err;
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_EQ(Lower(r.err).find("locked"), std::string::npos) << r.err;
    EXPECT_EQ(Rows("runs"), 1);
}

} // namespace
} // namespace test
} // namespace ns3
