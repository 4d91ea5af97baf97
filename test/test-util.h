/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DTWIN_TEST_UTIL_H
#define DTWIN_TEST_UTIL_H

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
 * A fresh, empty directory under the system temp dir, removed when the object dies.
 */
class TempDir
{
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /** @return the directory path */
    const std::string& Path() const
    {
        return m_path;
    }
    /**
     * Write a file below the directory (parent directories are created).
     * @param name relative file name
     * @param content file content
     * @return the full path
     */
    std::string Write(const std::string& name, const std::string& content) const;

private:
    std::string m_path; //!< the directory
};

} // namespace test
} // namespace ns3

#endif
