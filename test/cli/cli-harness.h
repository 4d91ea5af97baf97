/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_TEST_CLI_HARNESS_H
#define DTWIN_TEST_CLI_HARNESS_H

// Runs dtwin as a user does: a real process in the source tree, real files, exit codes and the
// text it prints. Shared by the CLI test files.

#include "test-util.h"

#include "ns3/sqlite-database.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <pty.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace ns3
{
namespace test
{

/** One UDP datagram to put in a capture. */
struct UdpDatagram
{
    std::string source;      //!< IPv4 source
    std::string destination; //!< IPv4 destination
    uint16_t sourcePort;     //!< UDP source port
    uint16_t destPort;       //!< UDP destination port
    uint16_t payloadBytes;   //!< UDP payload size
    double timeSeconds;      //!< capture time (microseconds are kept)
};

/**
 * Write a raw-IP capture of UDP datagrams with libpcap's own writer: what a CLI test imports.
 * @param path the file
 * @param datagrams the packets, in time order
 */
inline void
WriteUdpCapture(const std::string& path, const std::vector<UdpDatagram>& datagrams)
{
    pcap_t* dead = pcap_open_dead(DLT_RAW, 65535);
    ASSERT_NE(dead, nullptr);
    pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
    ASSERT_NE(dumper, nullptr) << pcap_geterr(dead);
    for (const auto& d : datagrams)
    {
        std::vector<uint8_t> packet(28 + d.payloadBytes, 0);
        auto total = static_cast<uint16_t>(packet.size());
        packet[0] = 0x45; // IPv4, 20-byte header
        packet[2] = total >> 8;
        packet[3] = total & 0xff;
        packet[8] = 64;
        packet[9] = 17;
        inet_pton(AF_INET, d.source.c_str(), &packet[12]);
        inet_pton(AF_INET, d.destination.c_str(), &packet[16]);
        packet[20] = d.sourcePort >> 8;
        packet[21] = d.sourcePort & 0xff;
        packet[22] = d.destPort >> 8;
        packet[23] = d.destPort & 0xff;
        auto udpLength = static_cast<uint16_t>(8 + d.payloadBytes);
        packet[24] = udpLength >> 8;
        packet[25] = udpLength & 0xff;
        // Rounded to the microsecond, carrying into the seconds.
        const auto micros = static_cast<int64_t>(std::llround(d.timeSeconds * 1e6));
        pcap_pkthdr header{};
        header.ts.tv_sec = static_cast<time_t>(micros / 1000000);
        header.ts.tv_usec = static_cast<suseconds_t>(micros % 1000000);
        header.caplen = total;
        header.len = total;
        pcap_dump(reinterpret_cast<u_char*>(dumper), &header, packet.data());
    }
    pcap_dump_close(dumper);
    pcap_close(dead);
}

/** What one dtwin invocation did. */
struct CliResult
{
    int exitCode{-1}; //!< process exit code
    std::string out;  //!< standard output
    std::string err;  //!< standard error
};

/**
 * @param path a file
 * @return its content
 */
inline std::string
Slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/** Runs dtwin in a temporary working directory. */
class CliTest : public ::testing::Test
{
protected:
    /**
     * Run dtwin with the given arguments (plus --db of the test's store unless noDb).
     * @param args arguments after "dtwin"
     * @param withDb append --db <store>
     * @param stderrTerminal give dtwin a pseudo-terminal as stderr (as a person at a terminal
     *        has) instead of a file
     * @return exit code and output
     */
    CliResult Dtwin(std::vector<std::string> args, bool withDb = true, bool stderrTerminal = false)
    {
        if (withDb)
        {
            args.push_back("--db");
            args.push_back(Db());
        }
        std::string outPath = m_dir.Path() + "/stdout";
        std::string errPath = m_dir.Path() + "/stderr";
        int master = -1;
        int slave = -1;
        if (stderrTerminal && openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        {
            ADD_FAILURE() << "openpty failed: " << std::strerror(errno);
            return {};
        }
        pid_t pid = fork();
        if (pid == 0)
        {
            int o = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            int e =
                stderrTerminal ? slave : open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(o, STDOUT_FILENO);
            dup2(e, STDERR_FILENO);
            if (stderrTerminal)
            {
                close(master);
            }
            if (chdir(SourcePath("").c_str()) != 0)
            {
                _exit(127);
            }
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
        CliResult r;
        if (stderrTerminal)
        {
            // Read the terminal until dtwin closes it (EIO), so that it never blocks on a
            // full terminal buffer.
            close(slave);
            char buffer[4096];
            for (;;)
            {
                ssize_t n = read(master, buffer, sizeof(buffer));
                if (n > 0)
                {
                    r.err.append(buffer, static_cast<std::size_t>(n));
                }
                else if (n < 0 && errno == EINTR)
                {
                    continue;
                }
                else
                {
                    break;
                }
            }
            close(master);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = Slurp(outPath);
        if (!stderrTerminal)
        {
            r.err = Slurp(errPath);
        }
        return r;
    }

    /**
     * @param table a store table
     * @return its number of rows, read through a separate connection
     */
    int64_t Rows(const std::string& table) const
    {
        SqliteDatabase db(Db());
        return db.QueryInt64("SELECT COUNT(*) FROM " + table, "count rows of " + table);
    }

    /**
     * @param sql a query yielding one integer
     * @return its value, read through a separate connection
     */
    int64_t Query(const std::string& sql) const
    {
        SqliteDatabase db(Db());
        return db.QueryInt64(sql, sql);
    }

    /** @return the test's store path */
    std::string Db() const { return m_dir.Path() + "/twin.db"; }

    /**
     * Import the bundled sample and return the snapshot id printed.
     * @return the id
     */
    std::string ImportAbilene()
    {
        CliResult r = Dtwin({"import", "examples/data/abilene/"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        auto pos = r.out.find("snapshot ");
        EXPECT_NE(pos, std::string::npos) << r.out;
        return r.out.substr(pos + 9, r.out.find(' ', pos + 9) - pos - 9);
    }

    TempDir m_dir; //!< working files of one test
};

} // namespace test
} // namespace ns3

#endif
