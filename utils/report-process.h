/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_REPORT_PROCESS_H
#define DTWIN_REPORT_PROCESS_H

#include <stdexcept>
#include <string>
#include <sys/types.h>
#include <vector>

/**
 * @file
 * Running an external program (Graphviz, gnuplot) with text on its standard input and its
 * output captured: no shell, exit status checked, the child never outlives its owner.
 */

namespace ns3
{
namespace cli
{

/**
 * The program could not be started because it is not installed (not found on PATH).
 */
class ProgramNotFoundError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * A file descriptor that is closed when the object dies.
 */
class UniqueFd
{
public:
    UniqueFd() = default;
    /**
     * Take ownership of a descriptor.
     * @param fd the descriptor (or -1)
     */
    explicit UniqueFd(int fd);
    ~UniqueFd();
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    /** @param other the descriptor to take over */
    UniqueFd(UniqueFd&& other) noexcept;
    /** @param other the descriptor to take over @return this */
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    /** @return the descriptor, or -1 */
    int Get() const { return m_fd; }
    /** Close now (idempotent). */
    void Reset();
    /** @return the descriptor, which the caller now owns (this object holds none) */
    int Release();

private:
    int m_fd{-1}; //!< owned descriptor, -1 if none
};

/**
 * What a finished program did.
 */
struct ProcessOutput
{
    int exitCode{-1}; //!< exit code, or 128 + signal number if a signal ended it
    std::string out;  //!< everything it wrote to standard output
    std::string err;  //!< everything it wrote to standard error
};

/**
 * One child process with pipes to its standard input, output and error. Started by the
 * constructor (posix_spawnp: PATH lookup, no shell); Communicate() feeds the input, collects
 * the output and waits. If the object dies before the child was waited for, the child is
 * killed and reaped.
 */
class Subprocess
{
public:
    /**
     * Start a program.
     * @param program name looked up on PATH, or a path
     * @param args arguments after the program name
     * @throws ProgramNotFoundError if the program does not exist
     * @throws std::runtime_error if it cannot be started for another reason
     */
    Subprocess(const std::string& program, const std::vector<std::string>& args);
    ~Subprocess();
    Subprocess(const Subprocess&) = delete;
    Subprocess& operator=(const Subprocess&) = delete;

    /**
     * Write the input to the child, close its standard input, read its output until it
     * closes them, and wait for it to exit. Call once.
     * @param input text for its standard input
     * @return exit code and output
     * @throws std::runtime_error on an I/O error of the pipes
     */
    ProcessOutput Communicate(const std::string& input);

private:
    std::string m_program; //!< name, for messages
    pid_t m_pid{-1};       //!< child, -1 once reaped
    UniqueFd m_in;         //!< write end of the child's stdin
    UniqueFd m_out;        //!< read end of the child's stdout
    UniqueFd m_err;        //!< read end of the child's stderr
};

/**
 * Run a program to completion and require success.
 * @param program name looked up on PATH
 * @param args arguments after the program name
 * @param input text for its standard input
 * @param missingHint what to tell the user when the program is not installed, e.g.
 *        "dtwin report needs gnuplot: apt-get install gnuplot-nox"
 * @return its standard output
 * @throws ProgramNotFoundError with missingHint if the program is not installed
 * @throws std::runtime_error naming the program and quoting its stderr if it fails
 */
std::string RunProgram(const std::string& program, const std::vector<std::string>& args,
                       const std::string& input, const std::string& missingHint);

} // namespace cli
} // namespace ns3

#endif
