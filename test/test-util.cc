/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace ns3
{
namespace test
{

std::string
SourcePath(const std::string& relative)
{
    return std::string(DTWIN_SOURCE_DIR) + "/" + relative;
}

TempDir::TempDir()
{
    std::string tmpl = (std::filesystem::temp_directory_path() / "dtwin-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr)
    {
        throw std::runtime_error("cannot create a temporary directory");
    }
    m_path = tmpl;
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::string
TempDir::Write(const std::string& name, const std::string& content) const
{
    std::filesystem::path p = std::filesystem::path(m_path) / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p.string();
}

} // namespace test
} // namespace ns3
