/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target "sndlib": see fuzz-entries.h for the path the bytes take.

#include "fuzz-entries.h"
#include "fuzz-scratch.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    std::string input(reinterpret_cast<const char*>(data), size);
    ns3::TwinDiagnostics diagnostics =
        ns3::fuzz::RunFuzzTarget("sndlib", input, ns3::fuzz::FuzzScratchDir());
    ns3::fuzz::FuzzPrintIfAsked(diagnostics);
    return 0;
}
