/*
 * Copyright (c) 2026 ns-3 Digital Twin Network authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SNDLIB_IMPORTER_H
#define SNDLIB_IMPORTER_H

#include "twin-importer.h"

namespace ns3
{

/**
 * @ingroup digital-twin
 * Placeholder: replaced by the real reader.
 */
class SndlibImporter : public TwinImporter
{
public:
    std::string GetFormat() const override { return "sndlib"; }
    std::string GetDescription() const override { return "not yet implemented"; }
    bool Accepts(const std::string& path) const override { return false; }
    TwinImportResult Import(const std::string& path, const TwinImportOptions& options) const override
    {
        TwinImportResult r;
        r.diagnostics.Error({path, 0, ""}, "format 'sndlib' is not implemented yet");
        return r;
    }
};

} // namespace ns3

#endif
