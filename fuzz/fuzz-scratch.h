/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_FUZZ_SCRATCH_H
#define DTWIN_FUZZ_SCRATCH_H

#include "ns3/twin-network.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <unistd.h>

/**
 * @file
 * The scratch directory of a fuzz target process, in memory (/dev/shm) so that writing each
 * input to a file stays cheap.
 */

namespace ns3
{
namespace fuzz
{

/**
 * Removes the scratch directory when the process exits (libFuzzer ends with exit()).
 */
class FuzzScratch
{
public:
    FuzzScratch() : m_dir(Root() + "/dtwin-fuzz-" + std::to_string(::getpid()))
    {
        std::filesystem::create_directories(m_dir);
    }

    ~FuzzScratch()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }

    FuzzScratch(const FuzzScratch&) = delete;
    FuzzScratch& operator=(const FuzzScratch&) = delete;

    /** @return the directory */
    const std::string& Dir() const { return m_dir; }

private:
    /** @return /dev/shm if there is one, else the system's temporary directory */
    static std::string Root()
    {
        std::error_code ec;
        if (std::filesystem::is_directory("/dev/shm", ec))
        {
            return "/dev/shm";
        }
        return std::filesystem::temp_directory_path().string();
    }

    std::string m_dir; //!< the directory, one per process
};

/**
 * @return this process's scratch directory (created on first use)
 */
inline const std::string&
FuzzScratchDir()
{
    static FuzzScratch scratch;
    return scratch.Dir();
}

/**
 * Print the diagnostics of an input to stderr when DTWIN_FUZZ_PRINT is set, to see what a
 * user would be told (e.g. fuzz-gml some-input with DTWIN_FUZZ_PRINT=1).
 * @param diagnostics the findings of one input
 */
inline void
FuzzPrintIfAsked(const TwinDiagnostics& diagnostics)
{
    static const bool print = std::getenv("DTWIN_FUZZ_PRINT") != nullptr;
    if (!print)
    {
        return;
    }
    for (const TwinDiagnostic& d : diagnostics.All())
    {
        const char* severity = d.severity == TwinDiagnostic::Severity::Error     ? "error"
                               : d.severity == TwinDiagnostic::Severity::Warning ? "warning"
                                                                                 : "note";
        std::cerr << d.where.file << ":" << d.where.line << ": " << severity << ": " << d.message
                  << "\n";
    }
}

} // namespace fuzz
} // namespace ns3

#endif /* DTWIN_FUZZ_SCRATCH_H */
