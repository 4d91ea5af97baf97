/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TWIN_TEMP_DIR_H
#define TWIN_TEMP_DIR_H

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

/**
 * @file
 * @ingroup digital-twin
 * A private temporary directory that lives as long as its owner.
 */

namespace ns3
{

/**
 * @ingroup digital-twin
 * A fresh directory under the system's temporary directory (TMPDIR, else /tmp), created with
 * mkdtemp (so only its owner can enter it) and removed, with everything in it, when the object
 * goes. Used wherever the module, its tests or its benchmarks need scratch files.
 */
class TwinTempDir
{
public:
    /**
     * Create the directory.
     * @param prefix the start of its name, followed by six random characters
     * @throws std::runtime_error naming the pattern and the reason if it cannot be created
     */
    explicit TwinTempDir(const std::string& prefix = "dtwin-")
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
        if (mkdtemp(pattern.data()) == nullptr)
        {
            throw std::runtime_error("cannot create a temporary directory from '" + pattern +
                                     "': " + std::strerror(errno));
        }
        m_path = pattern;
    }

    /** Remove the directory and its content; a failure is ignored (nothing left to do). */
    ~TwinTempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }

    TwinTempDir(const TwinTempDir&) = delete;
    TwinTempDir& operator=(const TwinTempDir&) = delete;

    /** @return the directory */
    const std::string& Path() const { return m_path; }

private:
    std::string m_path; //!< the directory
};

} // namespace ns3

#endif /* TWIN_TEMP_DIR_H */
