/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_TEST_NETCONF_UTIL_H
#define DTWIN_TEST_NETCONF_UTIL_H

// What the NETCONF test files share: running the lab script and reading the files it writes.

#include "ns3/twin-netconf-client.h"

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <sstream>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <thread>
#include <vector>

namespace ns3
{
namespace test
{

/**
 * Run a shell command (the lab script, a tool) and collect what it prints.
 * @param command the command line
 * @param output receives its standard output and error, appended
 * @return its exit status, or -1 if it could not run or was killed
 */
inline int
RunShell(const std::string& command, std::string& output)
{
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>&1").c_str(), "r"), pclose);
    if (!pipe)
    {
        output += "cannot run: " + command;
        return -1;
    }
    std::array<char, 4096> buffer{};
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0)
    {
        output.append(buffer.data(), n);
    }
    const int status = pclose(pipe.release());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/**
 * @param path a file
 * @return its content ("" if it cannot be read)
 */
inline std::string
ReadTextFile(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/**
 * The processes whose parent is @p parent (e.g. the per-connection processes of an sshd).
 * @param parent a PID
 * @return the PIDs of its children, from /proc
 */
inline std::vector<pid_t>
ChildrenOf(pid_t parent)
{
    std::vector<pid_t> children;
    std::unique_ptr<DIR, int (*)(DIR*)> proc(opendir("/proc"), closedir);
    for (struct dirent* entry = proc ? readdir(proc.get()) : nullptr; entry != nullptr;
         entry = readdir(proc.get()))
    {
        const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
        if (pid <= 0)
        {
            continue;
        }
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces.
        const std::string stat = ReadTextFile("/proc/" + std::string(entry->d_name) + "/stat");
        const size_t close = stat.rfind(')');
        if (close == std::string::npos)
        {
            continue;
        }
        std::istringstream rest(stat.substr(close + 1));
        std::string state;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid == parent)
        {
            children.push_back(pid);
        }
    }
    return children;
}

/**
 * Cut the one open session of a lab device without close-session: kill the per-connection
 * process of its sshd. Connections of earlier sessions may still be closing, so this waits
 * (up to 2 s) until one is left.
 * @param deviceDir the device's lab directory (with sshd.pid)
 * @return failure (with the processes seen) unless exactly one connection was killed
 */
inline ::testing::AssertionResult
DropOnlySession(const std::string& deviceDir)
{
    const std::string file = deviceDir + "/sshd.pid";
    const pid_t sshd = static_cast<pid_t>(std::atol(ReadTextFile(file).c_str()));
    if (sshd <= 0)
    {
        return ::testing::AssertionFailure() << "no sshd PID in " << file;
    }
    std::vector<pid_t> connections = ChildrenOf(sshd);
    for (int n = 0; n < 40 && connections.size() > 1; ++n)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        connections = ChildrenOf(sshd);
    }
    if (connections.size() != 1)
    {
        std::string listing;
        for (pid_t pid : connections)
        {
            listing += ReadTextFile("/proc/" + std::to_string(pid) + "/stat") + "\n";
        }
        return ::testing::AssertionFailure() << connections.size() << " connections instead of 1:\n"
                                             << listing;
    }
    if (kill(connections[0], SIGKILL) != 0)
    {
        return ::testing::AssertionFailure() << "cannot kill " << connections[0];
    }
    return ::testing::AssertionSuccess();
}

/**
 * The devices a lab started (test/netconf/lab.sh writes one line per device to devices.txt:
 * name, host, port, user, private key, public key, host key file).
 * @param labDir the lab's directory
 * @return their endpoints, host keys pinned from the files the lab wrote
 */
inline std::vector<TwinNetconfEndpoint>
ReadLabDevices(const std::string& labDir)
{
    std::vector<TwinNetconfEndpoint> devices;
    std::ifstream list(labDir + "/devices.txt");
    std::string line;
    while (std::getline(list, line))
    {
        std::istringstream words(line);
        TwinNetconfEndpoint endpoint;
        std::string hostKeyFile;
        words >> endpoint.device >> endpoint.host >> endpoint.port >> endpoint.user >>
            endpoint.privateKeyFile >> endpoint.publicKeyFile >> hostKeyFile;
        endpoint.hostKey = TwinReadPublicKeyFile(hostKeyFile);
        devices.push_back(endpoint);
    }
    return devices;
}

/**
 * @param text some text
 * @param from what to replace
 * @param to what to put instead
 * @return the text with every @p from replaced by @p to
 */
inline std::string
ReplaceAll(std::string text, const std::string& from, const std::string& to)
{
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    {
        text.replace(at, from.size(), to);
    }
    return text;
}

/** What a dtwin run gave. */
struct CliRun
{
    int code{-1};       //!< exit code
    std::string stdOut; //!< standard output
    std::string stdErr; //!< standard error
};

/**
 * Run dtwin (DTWIN_CLI, set by the build) as a user does.
 * @param dir the working directory
 * @param args its arguments, as shell words
 * @return exit code and output
 */
inline CliRun
Dtwin(const std::string& dir, const std::string& args)
{
    CliRun run;
    std::string ignored;
    run.code = RunShell("cd " + dir + " && { " + std::string(DTWIN_CLI) + " " + args +
                            " >out.txt 2>err.txt; }",
                        ignored);
    run.stdOut = ReadTextFile(dir + "/out.txt");
    run.stdErr = ReadTextFile(dir + "/err.txt");
    return run;
}

} // namespace test
} // namespace ns3

#endif /* DTWIN_TEST_NETCONF_UTIL_H */
