/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cli-common.h"

#include <iostream>

namespace ns3
{
namespace cli
{

std::size_t
PrintDiagnostics(const TwinDiagnostics& diagnostics)
{
    for (const auto& d : diagnostics.All())
    {
        std::cerr << d.ToString() << "\n";
    }
    return diagnostics.Count(TwinDiagnostic::Severity::Error);
}

} // namespace cli
} // namespace ns3
