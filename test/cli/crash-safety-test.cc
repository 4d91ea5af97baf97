/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Crash safety of the twin store: dtwin is killed with SIGKILL at random points of a large
// import, of a run's write-back and of a two-run scenario. After every kill the store must pass
// SQLite's integrity check, hold each snapshot or run completely or not at all, keep what it
// held before, say truthfully how much of a sweep is stored, and serve the next command. The
// seed of the kill points is printed; DTWIN_CRASH_SEED replays it, DTWIN_CRASH_KILLS changes
// the number of kills (a longer soak).

#include "test-util.h"

#include "ns3/sqlite-database.h"
#include "ns3/twin-store.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ns3
{
namespace test
{
namespace
{

using Clock = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__)
/** Built with AddressSanitizer (GCC): every dtwin command is several times slower. */
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
/** Built with AddressSanitizer (clang): every dtwin command is several times slower. */
constexpr bool kSanitized = true;
#else
/** Not built with AddressSanitizer. */
constexpr bool kSanitized = false;
#endif
#else
/** Not built with AddressSanitizer. */
constexpr bool kSanitized = false;
#endif

/**
 * Kills per test: enough to land many in the write phase, few enough for CI (about 25 s per
 * test on 2 cores; a quarter of them in a sanitizer build, which checks memory errors rather
 * than kill points). DTWIN_CRASH_KILLS sets another number for a longer soak.
 * @param ciDefault the number in CI
 * @return the number of kills
 */
int
KillCount(int ciDefault)
{
    if (const char* kills = std::getenv("DTWIN_CRASH_KILLS"))
    {
        return std::max(1, std::atoi(kills));
    }
    return kSanitized ? std::max(3, ciDefault / 4) : ciDefault;
}

/** How often the parent looks at the child and the store's WAL file. */
constexpr auto kPollInterval = std::chrono::microseconds(200);

/** How one dtwin process ended. */
struct Outcome
{
    bool killed{false};          //!< ended by our SIGKILL
    int exitCode{-1};            //!< exit code when it ended by itself
    bool wroteBefore{false};     //!< the WAL had changed when it ended (a write had begun)
    double seconds{0};           //!< from start to end
    double firstWriteSeconds{0}; //!< from start to the first change of the WAL (0: none)
};

/** Size and modification time of a store's WAL file, to see a write begin. */
struct WalState
{
    bool exists{false};  //!< the file exists
    off_t size{0};       //!< its size
    timespec modified{}; //!< its modification time
};

/**
 * @param db a store path
 * @return the state of its WAL file
 */
WalState
StatWal(const std::string& db)
{
    WalState s;
    struct stat st
    {
    };
    if (stat((db + "-wal").c_str(), &st) == 0)
    {
        s.exists = true;
        s.size = st.st_size;
        s.modified = st.st_mtim;
    }
    return s;
}

/**
 * @param a a WAL state
 * @param b another
 * @return whether a write happened between them (a new or reset WAL counts: SQLite rewrites
 *         it from the start after a checkpoint, so the size alone may not change)
 */
bool
WalChanged(const WalState& a, const WalState& b)
{
    if (!b.exists)
    {
        return false;
    }
    if (!a.exists)
    {
        return b.size > 0;
    }
    return a.size != b.size || a.modified.tv_sec != b.modified.tv_sec ||
           a.modified.tv_nsec != b.modified.tv_nsec;
}

/**
 * Start dtwin in a directory, its output going to files there.
 * @param dir working directory
 * @param args arguments after "dtwin"
 * @return the child's pid
 */
pid_t
SpawnDtwin(const std::string& dir, std::vector<std::string> args)
{
    std::string outPath = dir + "/dtwin.out";
    std::string errPath = dir + "/dtwin.err";
    pid_t pid = fork();
    if (pid == 0)
    {
        int in = open("/dev/null", O_RDONLY);
        int o = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0 || e < 0 || chdir(dir.c_str()) != 0)
        {
            _exit(127);
        }
        dup2(in, STDIN_FILENO);
        dup2(o, STDOUT_FILENO);
        dup2(e, STDERR_FILENO);
        std::vector<char*> argv;
        std::string cli = DTWIN_CLI;
        argv.push_back(cli.data());
        for (auto& a : args)
        {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        execv(cli.c_str(), argv.data());
        _exit(127);
    }
    return pid;
}

/**
 * Run dtwin on a store and kill it with SIGKILL at a chosen point, unless it ends first.
 * @param dir working directory
 * @param db the store (to watch its WAL)
 * @param args arguments after "dtwin"
 * @param delaySeconds when to kill, counted from the start, or from the first write to the
 *        store when afterFirstWrite; negative: never (run to the end)
 * @param afterFirstWrite count the delay from the first change of the WAL
 * @return how it ended
 */
Outcome
RunAndKill(const std::string& dir, const std::string& db, const std::vector<std::string>& args,
           double delaySeconds, bool afterFirstWrite)
{
    const WalState before = StatWal(db);
    const auto start = Clock::now();
    auto since = [&start]() { return std::chrono::duration<double>(Clock::now() - start).count(); };
    Outcome outcome;
    pid_t pid = SpawnDtwin(dir, args);
    if (pid < 0)
    {
        ADD_FAILURE() << "fork: " << std::strerror(errno);
        return outcome;
    }
    std::optional<Clock::time_point> deadline;
    if (delaySeconds >= 0 && !afterFirstWrite)
    {
        deadline = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(delaySeconds));
    }
    int status = 0;
    for (;;)
    {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
        {
            break;
        }
        if (outcome.firstWriteSeconds == 0 && WalChanged(before, StatWal(db)))
        {
            outcome.firstWriteSeconds = since();
            if (delaySeconds >= 0 && afterFirstWrite)
            {
                deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(delaySeconds));
            }
        }
        if (deadline && Clock::now() >= *deadline)
        {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    outcome.seconds = since();
    outcome.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (outcome.firstWriteSeconds == 0 && WalChanged(before, StatWal(db)))
    {
        outcome.firstWriteSeconds = outcome.seconds;
    }
    outcome.wroteBefore = outcome.firstWriteSeconds > 0;
    return outcome;
}

/**
 * Run dtwin to its end.
 * @param dir working directory
 * @param args arguments after "dtwin"
 * @param out receives standard output and error
 * @return exit code
 */
int
RunDtwin(const std::string& dir, const std::vector<std::string>& args, std::string* out = nullptr)
{
    pid_t pid = SpawnDtwin(dir, args);
    int status = 0;
    waitpid(pid, &status, 0);
    if (out)
    {
        std::ifstream o(dir + "/dtwin.out");
        std::ifstream e(dir + "/dtwin.err");
        std::stringstream ss;
        ss << o.rdbuf() << e.rdbuf();
        *out = ss.str();
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/**
 * Replace a store by a copy of another (closed) one, without its WAL and shared memory.
 * @param from the closed store
 * @param to the copy
 */
void
CopyStore(const std::string& from, const std::string& to)
{
    namespace fs = std::filesystem;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    {
        fs::remove(to + suffix);
    }
    if (!from.empty())
    {
        ASSERT_FALSE(fs::exists(from + "-wal")) << from << " is not closed";
        fs::copy_file(from, to);
    }
}

/**
 * SQLite's own check of a store, through a new connection, as an operator would run it.
 * @param db the store
 * @return "ok", or every problem found (integrity and foreign keys)
 */
std::string
IntegrityCheck(const std::string& db)
{
    SqliteDatabase c(db);
    std::string report;
    SqliteStatement integrity(c, "PRAGMA integrity_check", "integrity check");
    while (integrity.Step())
    {
        report += (report.empty() ? "" : "; ") + integrity.ColumnText(0);
    }
    SqliteStatement keys(c, "PRAGMA foreign_key_check", "foreign key check");
    while (keys.Step())
    {
        report += "; foreign key of " + keys.ColumnText(0) + " row " + keys.ColumnText(1) +
                  " points nowhere";
    }
    return report;
}

/**
 * Everything a snapshot consists of, counted (and its id), or empty when it is absent.
 * @param db the store
 * @param hash the snapshot's content hash
 * @return the counts as text
 */
std::string
SnapshotFingerprint(const std::string& db, const std::string& hash)
{
    SqliteDatabase c(db);
    SqliteStatement s(c,
                      "SELECT s.node_count, s.link_count, s.route_count, s.demand_count, "
                      " (SELECT count(*) FROM interfaces i JOIN nodes n ON n.id = i.node_id"
                      "   WHERE n.snapshot_id = s.id),"
                      " (SELECT count(*) FROM interface_addresses a"
                      "   JOIN interfaces i ON i.id = a.interface_id"
                      "   JOIN nodes n ON n.id = i.node_id WHERE n.snapshot_id = s.id),"
                      " (SELECT count(*) FROM snapshot_files f WHERE f.snapshot_id = s.id),"
                      " (SELECT count(*) FROM snapshot_diagnostics d WHERE d.snapshot_id = s.id)"
                      " FROM snapshot_summary s WHERE s.content_hash = ?1",
                      "count a snapshot");
    s.BindText(1, hash);
    if (!s.Step())
    {
        return "";
    }
    std::string text =
        "nodes " + std::to_string(s.ColumnInt64(0)) + ", links " +
        std::to_string(s.ColumnInt64(1)) + ", routes " + std::to_string(s.ColumnInt64(2)) +
        ", demands " + std::to_string(s.ColumnInt64(3)) + ", interfaces " +
        std::to_string(s.ColumnInt64(4)) + ", addresses " + std::to_string(s.ColumnInt64(5)) +
        ", files " + std::to_string(s.ColumnInt64(6)) + ", diagnostics " +
        std::to_string(s.ColumnInt64(7));
    return text;
}

/**
 * @param db a store
 * @param sql a query of one integer
 * @return its value
 */
int64_t
QueryInt(const std::string& db, const std::string& sql)
{
    SqliteDatabase c(db);
    return c.QueryInt64(sql, sql);
}

/**
 * Everything a run consists of: its record and, per result table, the row count and sums of
 * columns the simulation determines (equal for equal parameters and seed), or empty when the
 * run is absent.
 * @param db the store
 * @param runId the run
 * @return the fingerprint as text
 */
std::string
RunFingerprint(const std::string& db, int64_t runId)
{
    SqliteDatabase c(db);
    SqliteStatement run(c,
                        "SELECT status, snapshot_id, demand_set_id, seed, run_number, "
                        "simulated_s, event_count, coalesce(verdict, '-') FROM runs "
                        "WHERE id = ?1",
                        "read a run");
    run.BindInt64(1, runId);
    if (!run.Step())
    {
        return "";
    }
    std::ostringstream text;
    text << "status " << run.ColumnText(0) << ", snapshot " << run.ColumnInt64(1) << ", demand set "
         << run.ColumnInt64(2) << ", seed " << run.ColumnInt64(3) << "/" << run.ColumnInt64(4)
         << ", simulated " << run.ColumnDouble(5) << " s, events " << run.ColumnInt64(6);
    const std::vector<std::pair<std::string, std::string>> tables = {
        {"run_flows", "total(tx_packets), total(rx_packets), total(rx_bytes), total(delay_max_s)"},
        {"run_links", "total(tx_bytes), total(queue_drop_packets), total(peak_utilisation)"},
        {"run_link_samples", "total(tx_bytes), total(queue_packets), total(time_s)"},
        {"run_demand_samples", "total(tx_packets), total(delivered_packets), total(delay_sum_s)"},
        {"run_demands", "total(offered_bytes), total(received_bytes)"},
        {"run_events", "total(time_s)"},
        {"run_verdicts", "total(passed)"},
        {"run_replay_flows", "total(recorded_bytes)"},
    };
    for (const auto& [table, sums] : tables)
    {
        SqliteStatement s(c, "SELECT count(*), " + sums + " FROM " + table + " WHERE run_id = ?1",
                          "fingerprint " + table);
        s.BindInt64(1, runId);
        s.Step();
        text << "; " << table << " " << s.ColumnInt64(0);
        auto columns = static_cast<int>(std::count(sums.begin(), sums.end(), '('));
        for (int k = 1; k <= columns; ++k)
        {
            text << " " << s.ColumnDouble(k);
        }
    }
    return text.str();
}

/**
 * @return the seed of the kill points: DTWIN_CRASH_SEED if set, else a fresh one
 */
uint32_t
KillSeed()
{
    if (const char* fixed = std::getenv("DTWIN_CRASH_SEED"))
    {
        return static_cast<uint32_t>(std::strtoul(fixed, nullptr, 10));
    }
    return std::random_device{}();
}

/**
 * An SNDlib network large enough that importing it takes about a second: a ring of nodes
 * (so that every demand has a path) plus random chords, and a demand per ten nodes.
 * @param nodes node count
 * @param chords links besides the ring
 * @return the file text
 */
std::string
LargeSndlibNetwork(int nodes, int chords)
{
    std::mt19937 rng(7); // the network is fixed; only the kill points are random
    std::ostringstream out;
    out << "?SNDlib native format; type: network; version: 1.0\n"
        << "META (\n  unit = MBITPERSEC\n)\n\nNODES (\n";
    for (int i = 0; i < nodes; ++i)
    {
        out << "  N" << i << " ( " << -120 + (i % 100) * 0.5 << " " << 30 + (i / 100) * 0.25
            << " )\n";
    }
    out << ")\n\nLINKS (\n";
    std::vector<std::pair<int, int>> links;
    for (int i = 0; i < nodes; ++i)
    {
        links.emplace_back(i, (i + 1) % nodes);
    }
    std::uniform_int_distribution<int> pick(0, nodes - 1);
    std::set<std::pair<int, int>> seen;
    for (const auto& [a, b] : links)
    {
        seen.insert({std::min(a, b), std::max(a, b)});
    }
    while (static_cast<int>(links.size()) < nodes + chords)
    {
        int a = pick(rng);
        int b = pick(rng);
        if (a != b && seen.insert({std::min(a, b), std::max(a, b)}).second)
        {
            links.emplace_back(a, b);
        }
    }
    for (const auto& [a, b] : links)
    {
        out << "  L" << a << "_" << b << " ( N" << a << " N" << b
            << " ) 10000.00 0.00 0.00 0.00 ( 40000.00 1.00 )\n";
    }
    out << ")\n\nDEMANDS (\n";
    for (int i = 0; i < nodes; i += 10)
    {
        out << "  D" << i << " ( N" << i << " N" << (i + 7) % nodes << " ) 1 10.00 UNLIMITED\n";
    }
    out << ")\n";
    return out.str();
}

/** Tallies of where the kills landed, for the summary line. */
struct Tally
{
    int beforeWrite{0}; //!< killed before the store was written
    int duringWrite{0}; //!< killed after the write began, nothing of it visible
    int committed{0};   //!< killed after the commit: all of it visible
    int finished{0};    //!< ended by itself before the kill point

    /**
     * Print the summary line and check that the kills exercised the write (or the test
     * proves nothing).
     * @param what "import" or "run"
     * @param seed the kill points' seed
     * @param kills how many kills were made
     */
    void Report(const std::string& what, uint32_t seed, int kills) const
    {
        std::cout << what << " kills (seed " << seed << "): " << kills << ", before the write "
                  << beforeWrite << ", during the write (nothing stored) " << duringWrite
                  << ", after the commit " << committed << ", finished first " << finished << "\n";
        EXPECT_GT(duringWrite + committed, 0) << what;
    }
};

TEST(CrashSafety, KilledImportStoresAllOrNothing)
{
    const uint32_t seed = KillSeed();
    SCOPED_TRACE("kill points seed " + std::to_string(seed) +
                 " (set DTWIN_CRASH_SEED to replay them)");
    std::mt19937 rng(seed);
    const int kills = KillCount(20);
    TempDir dir;
    const std::string& d = dir.Path();
    std::string big = dir.Write("large.sndlib", LargeSndlibNetwork(5000, 5000));
    const std::string base = d + "/base.db";
    const std::string ref = d + "/reference.db";
    const std::string db = d + "/killed.db";

    // The store before: one other snapshot that no kill may damage.
    std::string out;
    ASSERT_EQ(
        RunDtwin(d,
                 {"import", SourcePath("test/data/sndlib/abilene-like.native.txt"), "--db", base},
                 &out),
        0)
        << out;
    const std::string otherHash =
        TwinStore(base).FindSnapshot("1").value().contentHash; // the only snapshot
    const std::string otherFingerprint = SnapshotFingerprint(base, otherHash);

    // The reference: the same import left alone, timed (start and first write to the store).
    CopyStore(base, ref);
    Outcome whole = RunAndKill(d, ref, {"import", big, "--db", ref}, -1, false);
    ASSERT_EQ(whole.exitCode, 0) << "reference import failed";
    ASSERT_GT(whole.firstWriteSeconds, 0) << "the reference import never wrote the store";
    std::string hash;
    {
        TwinStore store(ref);
        auto snapshots = store.ListSnapshots();
        ASSERT_EQ(snapshots.size(), 2u);
        hash = snapshots.back().contentHash;
        EXPECT_EQ(snapshots.back().nodeCount, 5000u);
    }
    const std::string fingerprint = SnapshotFingerprint(ref, hash);
    ASSERT_EQ(fingerprint.rfind("nodes 5000, links 20000, routes 0, demands 500", 0), 0u)
        << fingerprint;
    const double writeWindow = whole.seconds - whole.firstWriteSeconds;
    std::cout << "reference import: " << whole.seconds << " s, store written from "
              << whole.firstWriteSeconds << " s; " << fingerprint << "\n";

    Tally tally;
    std::uniform_real_distribution<double> unit(0, 1);
    for (int k = 0; k < kills; ++k)
    {
        // Every fifth kill hits a new store (its creation and migration may be cut); the
        // others a copy of the store with the other snapshot. Half the kills fall anywhere in
        // the command's time, half in its write to the store.
        const bool fresh = k % 5 == 4;
        const bool inWrite = !fresh && k % 2 == 1;
        const double delay =
            inWrite ? unit(rng) * writeWindow * 1.2 : unit(rng) * whole.seconds * 1.1;
        SCOPED_TRACE("kill " + std::to_string(k) + (fresh ? " (new store)" : "") + " at " +
                     std::to_string(delay) + " s" + (inWrite ? " after the first write" : ""));
        CopyStore(fresh ? "" : base, db);
        Outcome o = RunAndKill(d, db, {"import", big, "--db", db}, delay, inWrite);
        if (!o.killed)
        {
            ASSERT_EQ(o.exitCode, 0) << "import ended by itself but failed";
        }

        // The user's next command works and lists what is there.
        std::string listing;
        if (std::filesystem::exists(db))
        {
            ASSERT_EQ(RunDtwin(d, {"snapshots", "--format", "csv", "--db", db}, &listing), 0)
                << listing;
            ASSERT_EQ(IntegrityCheck(db), "ok");
        }
        const std::string now =
            std::filesystem::exists(db) ? SnapshotFingerprint(db, hash) : std::string();
        if (!fresh)
        {
            EXPECT_EQ(SnapshotFingerprint(db, otherHash), otherFingerprint);
        }
        if (now.empty())
        {
            EXPECT_TRUE(o.killed) << "the import ended but stored nothing";
            (o.wroteBefore ? tally.duringWrite : tally.beforeWrite)++;
            if (std::filesystem::exists(db))
            {
                // Nothing else of it either: no snapshot but the other one.
                EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM snapshots"), fresh ? 0 : 1);
                EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM nodes"), fresh ? 0 : 5);
            }
        }
        else
        {
            // All of it: every row, and content that hashes to what was imported.
            EXPECT_EQ(now, fingerprint);
            TwinStore store(db);
            auto info = store.FindSnapshot(hash);
            ASSERT_TRUE(info.has_value());
            EXPECT_EQ(TwinStore::ContentHash(store.LoadSnapshot(info->id)), hash);
            EXPECT_EQ(store.ListSnapshots().size(), fresh ? 1u : 2u);
            EXPECT_NE(listing.find(hash.substr(0, 12)), std::string::npos) << listing;
            (o.killed ? tally.committed : tally.finished)++;
        }

        // Now and then the import itself again: it must complete on the store as left.
        if (k % 4 == 3)
        {
            ASSERT_EQ(RunDtwin(d, {"import", big, "--db", db}, &out), 0) << out;
            EXPECT_EQ(SnapshotFingerprint(db, hash), fingerprint);
            EXPECT_EQ(IntegrityCheck(db), "ok");
        }
    }
    tally.Report("import", seed, kills);
}

/**
 * A demand file of a few slow flows on the Abilene sample: cheap to simulate, so that with a
 * fine sampling interval the run's results are mostly samples, and writing them takes time.
 * @return the CSV text
 */
std::string
FewAbileneDemands()
{
    const char* const nodes[] = {"ATLAng", "CHINng", "DNVRng", "HSTNng", "IPLSng", "KSCYng",
                                 "LOSAng", "NYCMng", "SNVAng", "STTLng", "WASHng"};
    std::ostringstream csv;
    csv << "id,source,destination,protocol,rate_bps,bytes,start_s,stop_s,packet_bytes\n";
    for (std::size_t i = 0; i < 10; ++i)
    {
        csv << "udp-" << i << "," << nodes[i] << "," << nodes[i + 1] << ",udp,1000000,,0.1,,1000\n";
    }
    csv << "tcp-0,NYCMng,LOSAng,tcp,1000000,100000000,0.5,,1000\n";
    return csv.str();
}

TEST(CrashSafety, KilledRunStoresAllOrNothing)
{
    const uint32_t seed = KillSeed();
    SCOPED_TRACE("kill points seed " + std::to_string(seed) +
                 " (set DTWIN_CRASH_SEED to replay them)");
    std::mt19937 rng(seed);
    const int kills = KillCount(20);
    TempDir dir;
    const std::string& d = dir.Path();
    std::string demands = dir.Write("demands.csv", FewAbileneDemands());
    const std::string base = d + "/base.db";
    const std::string ref = d + "/reference.db";
    const std::string db = d + "/killed.db";
    const std::vector<std::string> run = {"run",       "1",     "--duration",        "1s",
                                          "--demands", demands, "--sample-interval", "500us"};
    auto withDb = [&run](const std::string& store)
    {
        std::vector<std::string> args = run;
        args.push_back("--db");
        args.push_back(store);
        return args;
    };

    // The store before: the sample snapshot and one run of it that no kill may damage.
    std::string out;
    ASSERT_EQ(RunDtwin(d, {"import", SourcePath("examples/data/abilene/"), "--db", base}, &out), 0)
        << out;
    ASSERT_EQ(RunDtwin(d, withDb(base), &out), 0) << out;
    const std::string earlier = RunFingerprint(base, 1);

    // The reference: the same run left alone, timed.
    CopyStore(base, ref);
    Outcome whole = RunAndKill(d, ref, withDb(ref), -1, false);
    ASSERT_EQ(whole.exitCode, 0) << "reference run failed";
    ASSERT_GT(whole.firstWriteSeconds, 0) << "the reference run never wrote the store";
    const std::string fingerprint = RunFingerprint(ref, 2);
    ASSERT_FALSE(fingerprint.empty());
    // Deterministic: the same parameters give the same results, so a complete run is known.
    ASSERT_EQ(fingerprint, earlier);
    const int64_t samples =
        QueryInt(ref, "SELECT count(*) FROM run_link_samples WHERE run_id = 2") +
        QueryInt(ref, "SELECT count(*) FROM run_demand_samples WHERE run_id = 2");
    ASSERT_GT(samples, 50000) << "too few rows for the write-back to take time";
    const double writeWindow = whole.seconds - whole.firstWriteSeconds;
    std::cout << "reference run: " << whole.seconds << " s, store written from "
              << whole.firstWriteSeconds << " s; " << samples << " sample rows; " << fingerprint
              << "\n";

    Tally tally;
    std::uniform_real_distribution<double> unit(0, 1);
    for (int k = 0; k < kills; ++k)
    {
        // Two kills in three fall in the write-back (the simulation before it writes
        // nothing), the others anywhere.
        const bool inWrite = k % 3 != 0;
        const double delay =
            inWrite ? unit(rng) * writeWindow * 1.2 : unit(rng) * whole.seconds * 1.1;
        SCOPED_TRACE("kill " + std::to_string(k) + " at " + std::to_string(delay) + " s" +
                     (inWrite ? " after the first write" : ""));
        CopyStore(base, db);
        Outcome o = RunAndKill(d, db, withDb(db), delay, inWrite);
        if (!o.killed)
        {
            ASSERT_EQ(o.exitCode, 0) << "run ended by itself but failed";
        }

        // The next command lists the runs truthfully: the earlier one, and the new one only
        // if it is complete.
        std::string listing;
        ASSERT_EQ(RunDtwin(d, {"runs", "--format", "csv", "--db", db}, &listing), 0) << listing;
        ASSERT_EQ(IntegrityCheck(db), "ok");
        EXPECT_EQ(RunFingerprint(db, 1), earlier);
        const int64_t runs = QueryInt(db, "SELECT count(*) FROM runs");
        const std::string now = RunFingerprint(db, 2);
        if (now.empty())
        {
            EXPECT_TRUE(o.killed) << "the run ended but stored nothing";
            EXPECT_EQ(runs, 1);
            // No orphan rows of a run that is not there.
            for (const char* table : {"run_flows", "run_links", "run_link_samples",
                                      "run_demand_samples", "run_demands"})
            {
                EXPECT_EQ(QueryInt(db, std::string("SELECT count(*) FROM ") + table +
                                           " WHERE run_id <> 1"),
                          0)
                    << table;
            }
            (o.wroteBefore ? tally.duringWrite : tally.beforeWrite)++;
        }
        else
        {
            EXPECT_EQ(runs, 2);
            EXPECT_EQ(now, fingerprint);
            ASSERT_EQ(RunDtwin(d, {"results", "2", "--db", db}, &out), 0) << out;
            (o.killed ? tally.committed : tally.finished)++;
        }

        // Now and then the run itself again: it must complete on the store as left.
        if (k % 4 == 3)
        {
            ASSERT_EQ(RunDtwin(d, withDb(db), &out), 0) << out;
            EXPECT_EQ(RunFingerprint(db, runs + 1), fingerprint);
            EXPECT_EQ(IntegrityCheck(db), "ok");
        }
    }
    tally.Report("run", seed, kills);
}

/**
 * A scenario of two runs (seeds 1 and 2) on snapshot 1 with a link failure and two objectives,
 * so that each run stores events and verdicts besides its samples.
 * @return the JSON text
 */
std::string
TwoRunScenario()
{
    return R"({
  "ns3-digital-twin-scenario:scenario": {
    "name": "crash-safety",
    "base-snapshot": { "snapshot-id": "1" },
    "duration-s": "2",
    "seed": [1, 2],
    "routing": { "reaction": "recompute", "convergence-delay-s": "0.1" },
    "traffic": {
      "demand-file": "demands.csv",
      "class": [ { "name": "first", "demand": ["udp-0", "udp-1"] } ]
    },
    "events": { "event": [ { "id": "cut", "time-s": "0.5",
                             "link-down": { "link": "NYCMng,to-CHIN,CHINng,to-NYCM" } } ] },
    "objectives": { "objective": [
      { "id": "loss", "class": "first", "max-loss-ratio": "0.01", "window-start-s": "0.2" },
      { "id": "util", "link": "WASHng,to-NYCM,NYCMng,to-WASH", "max-utilisation": "0.8" } ] }
  }
}
)";
}

TEST(CrashSafety, KilledScenarioKeepsWholeRunsAndAnHonestSweep)
{
    const uint32_t seed = KillSeed();
    SCOPED_TRACE("kill points seed " + std::to_string(seed) +
                 " (set DTWIN_CRASH_SEED to replay them)");
    std::mt19937 rng(seed);
    const int kills = KillCount(10);
    TempDir dir;
    const std::string& d = dir.Path();
    dir.Write("demands.csv", FewAbileneDemands());
    std::string scenario = dir.Write("scenario.json", TwoRunScenario());
    const std::string base = d + "/base.db";
    const std::string ref = d + "/reference.db";
    const std::string db = d + "/killed.db";
    auto withDb = [&scenario](const std::string& store) {
        return std::vector<std::string>{"run", scenario, "--sample-interval", "1ms", "--db", store};
    };

    std::string out;
    ASSERT_EQ(RunDtwin(d, {"import", SourcePath("examples/data/abilene/"), "--db", base}, &out), 0)
        << out;
    CopyStore(base, ref);
    Outcome whole = RunAndKill(d, ref, withDb(ref), -1, false);
    ASSERT_EQ(whole.exitCode, 0) << "reference scenario failed";
    const std::vector<std::string> reference = {RunFingerprint(ref, 1), RunFingerprint(ref, 2)};
    for (const auto& r : reference)
    {
        // Each run has its event and its verdicts: a cut write-back would lose them.
        ASSERT_NE(r.find("run_events 1 "), std::string::npos) << r;
        ASSERT_NE(r.find("run_verdicts 4 "), std::string::npos) << r;
    }
    ASSERT_NE(reference[0], reference[1]);
    std::cout << "reference scenario: " << whole.seconds << " s, store written from "
              << whole.firstWriteSeconds << " s\n";

    int sweepsLeftIncomplete = 0;
    int runsKept = 0;
    std::uniform_real_distribution<double> unit(0, 1);
    for (int k = 0; k < kills; ++k)
    {
        const double delay = unit(rng) * whole.seconds * 1.1;
        SCOPED_TRACE("kill " + std::to_string(k) + " at " + std::to_string(delay) + " s");
        CopyStore(base, db);
        Outcome o = RunAndKill(d, db, withDb(db), delay, false);
        if (!o.killed)
        {
            ASSERT_EQ(o.exitCode, 0) << "scenario ended by itself but failed";
        }
        std::string listing;
        ASSERT_EQ(RunDtwin(d, {"runs", "--format", "csv", "--db", db}, &listing), 0) << listing;
        ASSERT_EQ(IntegrityCheck(db), "ok");

        // Runs are stored in seed order, each whole: a prefix of the reference's runs.
        const int64_t runs = QueryInt(db, "SELECT count(*) FROM runs");
        ASSERT_LE(runs, 2);
        for (int64_t id = 1; id <= runs; ++id)
        {
            EXPECT_EQ(RunFingerprint(db, id), reference[id - 1]) << "run " << id;
        }
        for (const char* table :
             {"run_flows", "run_links", "run_link_samples", "run_demand_samples", "run_demands",
              "run_events", "run_verdicts"})
        {
            EXPECT_EQ(QueryInt(db, std::string("SELECT count(*) FROM ") + table +
                                       " WHERE run_id NOT IN (SELECT id FROM runs)"),
                      0)
                << table;
        }
        // The sweep says how many of its runs are stored: never more, never a run outside it.
        const int64_t sweeps = QueryInt(db, "SELECT count(*) FROM sweeps");
        ASSERT_LE(sweeps, 1);
        if (sweeps == 0)
        {
            EXPECT_EQ(runs, 0);
        }
        else
        {
            EXPECT_EQ(QueryInt(db, "SELECT planned_runs FROM sweep_summary"), 2);
            EXPECT_EQ(QueryInt(db, "SELECT stored_runs FROM sweep_summary"), runs);
            EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM runs WHERE sweep_id IS NOT 1"), 0);
            sweepsLeftIncomplete += runs < 2 ? 1 : 0;
            // Its state, as 'dtwin sweeps' shows it: a killed process leaves it abandoned
            // (or complete, when the kill came after the end), never "running".
            std::string sweepsCsv;
            ASSERT_EQ(RunDtwin(d, {"sweeps", "--format", "csv", "--db", db}, &sweepsCsv), 0)
                << sweepsCsv;
            const bool abandoned = sweepsCsv.find(",abandoned,") != std::string::npos;
            const bool complete = sweepsCsv.find(",complete,") != std::string::npos;
            EXPECT_TRUE(abandoned != complete) << sweepsCsv;
            EXPECT_TRUE(o.killed || complete) << sweepsCsv;
            EXPECT_TRUE(runs == 2 || abandoned) << sweepsCsv;
        }
        if (!o.killed)
        {
            EXPECT_EQ(runs, 2);
        }
        runsKept += static_cast<int>(runs);

        // The scenario again on the store as left: a new sweep with both runs, complete.
        if (k % 3 == 2)
        {
            ASSERT_EQ(RunDtwin(d, withDb(db), &out), 0) << out;
            EXPECT_EQ(RunFingerprint(db, runs + 1), reference[0]);
            EXPECT_EQ(RunFingerprint(db, runs + 2), reference[1]);
            EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM sweep_summary WHERE stored_runs = 2"),
                      runs == 2 ? 2 : 1);
            EXPECT_EQ(IntegrityCheck(db), "ok");
        }
    }
    std::cout << "scenario kills (seed " << seed << "): " << kills << ", sweeps left incomplete "
              << sweepsLeftIncomplete << ", whole runs kept " << runsKept << "\n";
}

} // namespace
} // namespace test
} // namespace ns3
