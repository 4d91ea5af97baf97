/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "test-util.h"

#include "ns3/twin-importer.h"

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

std::string
ReferenceDataPath(const std::string& relative)
{
    const char* env = std::getenv("DTWIN_REFERENCE_DATA");
    std::filesystem::path root =
        env != nullptr ? std::filesystem::path(env)
                       : std::filesystem::path(DTWIN_SOURCE_DIR) / ".." / "shared" / "data";
    return (root.lexically_normal() / relative).string();
}

std::string
TempDir::Write(const std::string& name, const std::string& content) const
{
    std::filesystem::path p = std::filesystem::path(Path()) / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p.string();
}

::testing::AssertionResult
HasDiagnostic(const TwinDiagnostics& diagnostics, TwinDiagnostic::Severity severity,
              const std::string& file, uint32_t line, const std::string& text)
{
    for (const auto& d : diagnostics.All())
    {
        if (d.severity == severity && d.where.file == file && d.where.line == line &&
            d.message.find(text) != std::string::npos)
        {
            return ::testing::AssertionSuccess();
        }
    }
    auto failure = ::testing::AssertionFailure();
    failure << "no diagnostic at " << file << ":" << line << " containing '" << text << "'; got:";
    for (const auto& d : diagnostics.All())
    {
        failure << "\n  " << d.ToString();
    }
    return failure;
}

const TwinLink*
FindLink(const TwinNetwork& net, const std::string& id)
{
    for (const auto& l : net.links)
    {
        if (l.id == id)
        {
            return &l;
        }
    }
    return nullptr;
}

std::string
Dump(const TwinDiagnostics& diagnostics)
{
    std::string out;
    for (const auto& d : diagnostics.All())
    {
        out += d.ToString() + "\n";
    }
    return out;
}

const TwinNetwork&
AbileneSample()
{
    static const TwinNetwork network = []
    {
        auto result = TwinImporterRegistry::Get().Import(SourcePath("examples/data/abilene"), "",
                                                         TwinImportOptions{});
        EXPECT_TRUE(result.Ok()) << Dump(result.diagnostics);
        return result.network;
    }();
    return network;
}

} // namespace test
} // namespace ns3
