/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_TEST_UTIL_H
#define DTWIN_TEST_UTIL_H

#include "ns3/twin-network.h"
#include "ns3/twin-temp-dir.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <string>

/**
 * @file
 * Small helpers shared by the test suites.
 */

namespace ns3
{
namespace test
{

/**
 * @param relative a path relative to the repository root
 * @return the absolute path
 */
std::string SourcePath(const std::string& relative);

/**
 * Path of the team's reference data (real captures, topologies, exports), which sits beside
 * the checkout as shared/ and is not part of the repository: tests that read it must skip
 * when it is absent. DTWIN_REFERENCE_DATA overrides the location.
 * @param relative a path below the reference data folder (e.g. "topologyzoo/Abilene.gml")
 * @return the path (which may not exist)
 */
std::string ReferenceDataPath(const std::string& relative);

/**
 * @param diagnostics findings
 * @return every finding, one per line, for failure messages
 */
std::string Dump(const TwinDiagnostics& diagnostics);

/**
 * @return the bundled sample (examples/data/abilene) as imported, once per test program
 */
const TwinNetwork& AbileneSample();

/**
 * A fresh, empty directory under the system temp dir, removed when the object dies.
 */
class TempDir
{
public:
    /** @return the directory path */
    const std::string& Path() const { return m_dir.Path(); }
    /**
     * Write a file below the directory (parent directories are created).
     * @param name relative file name
     * @param content file content
     * @return the full path
     */
    std::string Write(const std::string& name, const std::string& content) const;

private:
    TwinTempDir m_dir{"dtwin-test-"}; //!< the directory
};

/**
 * @param diagnostics the diagnostics to search
 * @param severity the wanted severity
 * @param file the wanted source file
 * @param line the wanted 1-based line (0: none)
 * @param text a part of the wanted message
 * @return success if a diagnostic of the severity at file:line contains the text; the
 *         failure lists every diagnostic there is
 */
::testing::AssertionResult HasDiagnostic(const TwinDiagnostics& diagnostics,
                                         TwinDiagnostic::Severity severity, const std::string& file,
                                         uint32_t line, const std::string& text);

/**
 * @param net a network
 * @param id a directed link id
 * @return the link with the id, or nullptr
 */
const TwinLink* FindLink(const TwinNetwork& net, const std::string& id);

} // namespace test
} // namespace ns3

#endif
