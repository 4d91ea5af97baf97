/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "twin-validator.h"

namespace ns3
{

void
TwinValidator::Run(TwinNetwork& network, const TwinImportOptions& options, TwinDiagnostics& diagnostics)
{
    // Placeholder: replaced by the real checks.
}

} // namespace ns3
